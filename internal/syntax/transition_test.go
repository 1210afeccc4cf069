package syntax

import (
	"math/rand"
	"testing"
)

// randomProjective returns gold heads (1-based, 0 = root) of a random
// projective tree over n words with exactly one root dependent.
func randomProjective(rng *rand.Rand, n int) []int32 {
	heads := make([]int32, n+1)
	var build func(lo, hi int, head int32)
	// build attaches words lo..hi (inclusive) under head: pick a root of
	// the span, then split the rest on each side into sub-spans.
	build = func(lo, hi int, head int32) {
		if lo > hi {
			return
		}
		r := lo + rng.Intn(hi-lo+1)
		heads[r] = head
		for _, side := range [][2]int{{lo, r - 1}, {r + 1, hi}} {
			a, b := side[0], side[1]
			for a <= b {
				cut := a + rng.Intn(b-a+1)
				build(a, cut, int32(r))
				a = cut + 1
			}
		}
	}
	build(1, n, 0)
	return heads
}

func TestOracleReproducesProjectiveTrees(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	var st state
	ok := make([]bool, nActions)
	var cost [nActions]int
	for trial := 0; trial < 500; trial++ {
		n := 1 + rng.Intn(25)
		gh := randomProjective(rng, n)
		st.reset(n)
		steps := 0
		for !st.terminal() {
			st.valid(ok)
			st.costs(gh, &cost)
			a := -1
			for i := 0; i < nActions; i++ {
				if ok[i] && cost[i] == 0 {
					a = i
					break
				}
			}
			if a < 0 {
				t.Fatalf("trial %d: no zero-cost action (heads %v, stack %v, b %d, costs %v)", trial, gh, st.stack, st.b, cost)
			}
			st.apply(a, 0)
			if steps++; steps > 2*n+1 {
				t.Fatalf("trial %d: too many transitions", trial)
			}
		}
		for i := 1; i <= n; i++ {
			if st.head[i] != gh[i] {
				t.Fatalf("trial %d: word %d head %d, gold %d (gold %v)", trial, i, st.head[i], gh[i], gh)
			}
		}
	}
}

// TestCostsCountLostArcs checks the dynamic oracle on a small tree by
// comparing each action's cost with the best tree reachable after it,
// found by exhaustive search.
func TestCostsCountLostArcs(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	ok := make([]bool, nActions)
	var cost [nActions]int
	for trial := 0; trial < 60; trial++ {
		n := 2 + rng.Intn(5)
		gh := randomProjective(rng, n)
		var st state
		st.reset(n)
		// Walk a random path and check costs at every step.
		for !st.terminal() {
			st.valid(ok)
			st.costs(gh, &cost)
			for a := 0; a < nActions; a++ {
				if !ok[a] {
					continue
				}
				next := cloneState(&st)
				next.apply(a, 0)
				if got := bestReachable(&st, gh) - bestReachable(next, gh); got != cost[a] {
					t.Fatalf("trial %d heads %v stack %v b %d action %d: cost %d, exhaustive %d", trial, gh, st.stack, st.b, a, cost[a], got)
				}
			}
			var choices []int
			for a := 0; a < nActions; a++ {
				if ok[a] {
					choices = append(choices, a)
				}
			}
			st.apply(choices[rng.Intn(len(choices))], 0)
		}
	}
}

func cloneState(s *state) *state {
	c := &state{n: s.n, b: s.b}
	c.stack = append([]int32(nil), s.stack...)
	c.head = append([]int32(nil), s.head...)
	c.label = append([]int16(nil), s.label...)
	c.lc1, c.lc2 = append([]int32(nil), s.lc1...), append([]int32(nil), s.lc2...)
	c.rc1, c.rc2 = append([]int32(nil), s.rc1...), append([]int32(nil), s.rc2...)
	c.nl, c.nr = append([]int16(nil), s.nl...), append([]int16(nil), s.nr...)
	c.lset, c.rset = append([]uint64(nil), s.lset...), append([]uint64(nil), s.rset...)
	return c
}

// bestReachable is the largest number of correct heads in any terminal
// state reachable from st.
func bestReachable(st *state, gh []int32) int {
	if st.terminal() {
		c := 0
		for i := 1; i <= st.n; i++ {
			if st.head[i] == gh[i] {
				c++
			}
		}
		return c
	}
	ok := make([]bool, nActions)
	st.valid(ok)
	best := -1
	for a := 0; a < nActions; a++ {
		if ok[a] {
			next := cloneState(st)
			next.apply(a, 0)
			if v := bestReachable(next, gh); v > best {
				best = v
			}
		}
	}
	return best
}
