package syntax

import "math/rand"

// The second tagging pass (stacking): a small averaged perceptron that
// sees the first pass's tags on both sides of the word, so that a
// decision can depend on the predicted tags to its right. It is trained
// on jackknifed first-pass tags, so it learns which first-pass decisions
// to distrust.

// tagFeatures2 writes the second-pass features of token i: first are the
// first-pass classes (c[j], -1 outside the sentence), p1 the previous
// second-pass class.
func tagFeatures2(ws []word, first []int32, i int, p1, p2 int, buf []uint64) []uint64 {
	c := func(j int) uint64 {
		if j < 0 || j >= len(first) {
			return 1
		}
		return uint64(first[j]) + 2
	}
	w := &ws[i]
	var wp1, wm1 uint64 = 1, 1
	if i+1 < len(ws) {
		wp1 = ws[i+1].lower
	}
	if i > 0 {
		wm1 = ws[i-1].lower
	}
	c0, r1, r2, l1 := c(i), c(i+1), c(i+2), uint64(p1+2)
	buf = tagFeatures(ws, i, p1, p2, buf)
	return append(buf,
		f1(300, c0), f2(301, c0, w.lower), f2(302, c0, r1), f3(303, l1, c0, r1),
		f2(304, r1, w.lower), f3(305, r1, r2, c0), f2(306, l1, c0), f2(307, r1, w.suf[2]),
		f2(308, c0, w.amb), f3(309, r1, w.amb, l1), f1(310, r1), f2(311, r1, r2),
		f2(312, wp1, c0), f2(313, c0, w.flags), f3(314, w.lower, r1, l1), f2(315, w.suf[1], r1),
		f2(316, wm1, r1), f3(317, c0, c(i-1), r1), f2(318, w.clus[1], r1),
	)
}

// pass2 re-tags out in place with the second-pass weights: out holds the
// first-pass classes on entry.
func (t *tagger) pass2(ws []word, out, first []int32, margin []float32, buf []uint64, scores []float32, score func([]uint64, []float32)) {
	copy(first, out)
	p1, p2 := -1, -1
	for i := range ws {
		c := out[i]
		if ws[i].dict < 0 && (t.Margin2 <= 0 || margin[i] < t.Margin2) {
			buf = tagFeatures2(ws, first, i, p1, p2, buf)
			score(buf, scores)
			c = int32(argmax(scores))
		}
		out[i] = c
		p2, p1 = p1, int(c)
	}
}

// trainPass2 trains the second pass on train sentences whose first-pass
// classes (of t) are firstTags, choosing the epoch by joint accuracy on
// dev tagged with t's first pass.
func (t *tagger) trainPass2(train []sent, firstTags [][]int32, dev []sent, epochs int, bits uint, seed int64, logf func(string, ...any)) {
	classIdx := map[string]int32{}
	for i, c := range t.Classes {
		classIdx[c] = int32(i)
	}
	tw := newTrainWeights(bits, len(t.Classes))
	rng := rand.New(rand.NewSource(seed))
	order := make([]int, len(train))
	for i := range order {
		order[i] = i
	}
	var ws []word
	var buf []uint64
	scores := make([]float32, len(t.Classes))
	var best *weights
	bestAcc := -1.0
	t.W2, t.Margin2 = nil, 0
	base := t.accuracy(dev)
	for ep := 1; ep <= epochs; ep++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, si := range order {
			s := &train[si]
			n := s.len()
			ws = growWords(ws, n)
			t.prepare(s.Form, ws)
			p1, p2 := -1, -1
			for i := 0; i < n; i++ {
				gold := int(classIdx[s.UPOS[i]+"\t"+s.XPOS[i]])
				pred := gold
				if ws[i].dict < 0 {
					buf = tagFeatures2(ws, firstTags[si], i, p1, p2, buf)
					tw.score(buf, scores)
					pred = argmax(scores)
					tw.update(buf, gold, pred)
				}
				tw.tick()
				p2, p1 = p1, pred
			}
		}
		t.W2 = tw.compact(0)
		acc := t.accuracy(dev)
		logf("tagger pass 2 epoch %d: dev joint %.2f%% (first pass %.2f%%)", ep, 100*acc, 100*base)
		if acc > bestAcc {
			bestAcc, best = acc, t.W2
		}
	}
	if bestAcc <= base {
		t.W2 = nil
		return
	}
	t.W2 = best
	// Re-tagging only unsure words saves time; take the smallest margin
	// that keeps (almost) all of the gain.
	t.Margin2 = 0
	for _, m := range []float32{0.02, 0.05, 0.1, 0.2, 0.3, 0.5} {
		t.Margin2 = m
		acc := t.accuracy(dev)
		logf("tagger pass 2 below margin %.2f: dev joint %.2f%%", m, 100*acc)
		if acc >= bestAcc-0.0003 {
			return
		}
	}
	t.Margin2 = 0
}
