package syntax

import (
	"math/rand"
	"sort"
	"strings"
	"unicode"
)

// tagger is a greedy left-to-right averaged perceptron over joint
// "UPOS\tXPOS" classes.
type tagger struct {
	Classes []string          // joint labels, index = class
	Dict    map[string]int32  // normalised form -> class, for frequent unambiguous words
	Amb     map[string]uint64 // lower key -> hash of the set of classes seen
	// Clus maps a lower key to its word clusters (fine, mid, coarse; ids
	// start at 1), learned from unlabelled text; nil = no cluster features.
	Clus map[string][3]int32
	W    *weights
	// W2 scores the second pass (nil = one pass only); it re-tags only
	// the words whose first-pass relative margin is below Margin2.
	W2      *weights
	Margin2 float32
}

// word holds the per-token atoms computed once per sentence and shared by
// the tagger and the parser.
type word struct {
	form, lower      uint64
	pre              [4]uint64 // pre[0] = 1 rune …
	suf              [5]uint64 // suf[0] = 1 rune …
	clus             [3]uint64 // fine, mid, coarse cluster (0 = unknown word)
	utag             uint64    // hash of the predicted UPOS (set before parsing)
	shape, flags     uint64
	amb              uint64
	dict             int32
	lowerKey, normed string
}

const (
	flagDigit = 1 << iota
	flagHyphen
	flagTitle
	flagCaps
	flagFirst
	flagPunct
)

func (t *tagger) wordInfo(form string, first bool, w *word) {
	n := normForm(form)
	lk := lowerKey(n)
	w.normed, w.lowerKey = n, lk
	w.form = strHash(form) // as written: keeps “ and ” apart
	w.lower = strHash(lk)
	for k := 0; k < 4; k++ {
		w.pre[k] = strHash(prefix(lk, k+1))
	}
	for k := 0; k < 5; k++ {
		w.suf[k] = strHash(suffix(lk, k+1))
	}
	w.clus = [3]uint64{}
	if c, ok := t.Clus[lk]; ok {
		w.clus = [3]uint64{uint64(c[0]), uint64(c[1]), uint64(c[2])}
	}
	w.shape = strHash(shape(n))
	var fl uint64
	punct := true
	for i, r := range n {
		switch {
		case unicode.IsDigit(r):
			fl |= flagDigit
		case r == '-':
			fl |= flagHyphen
		}
		if i == 0 && unicode.IsUpper(r) {
			fl |= flagTitle
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			punct = false
		}
	}
	if punct {
		fl |= flagPunct
	}
	if isAllCaps(n) {
		fl |= flagCaps
	}
	if first {
		fl |= flagFirst
	}
	w.flags = fl
	w.amb = 0
	if t.Amb != nil {
		w.amb = t.Amb[lk]
	}
	w.dict = -1
	if c, ok := t.Dict[n]; ok && fl&flagCaps == 0 || ok && len(n) <= 3 {
		w.dict = c
	}
	// Typographic quotes say which way they face; the treebank's ASCII
	// quotes do not, so the tags `` and '' are guessed from context.
	switch form {
	case "“", "‘", "„", "«":
		w.dict = t.classOf("PUNCT\t``", w.dict)
	case "”", "»":
		w.dict = t.classOf("PUNCT\t''", w.dict)
	}
}

// classOf returns the class of a joint label, or def when there is none.
func (t *tagger) classOf(label string, def int32) int32 {
	if i := sort.SearchStrings(t.Classes, label); i < len(t.Classes) && t.Classes[i] == label {
		return int32(i)
	}
	return def
}

var noneWord = word{form: 1, lower: 1, pre: [4]uint64{1, 1, 1, 1}, suf: [5]uint64{1, 1, 1, 1, 1}, shape: 1, amb: 1, clus: [3]uint64{1 << 40, 1 << 40, 1 << 40}}

// tagFeatures writes the features of token i into buf given the two
// previous predicted classes (-1 = none).
func tagFeatures(ws []word, i int, p1, p2 int, buf []uint64) []uint64 {
	buf = buf[:0]
	w := &ws[i]
	at := func(j int) *word {
		if j < 0 || j >= len(ws) {
			return &noneWord
		}
		return &ws[j]
	}
	wm1, wm2, wp1, wp2 := at(i-1), at(i-2), at(i+1), at(i+2)
	t1, t2 := uint64(p1+2), uint64(p2+2)
	buf = append(buf,
		f1(1, 0),
		f1(2, w.form),
		f1(3, w.lower),
		f1(4, w.suf[0]), f1(5, w.suf[1]), f1(6, w.suf[2]), f1(7, w.suf[3]),
		f1(8, w.pre[0]), f1(9, w.pre[1]), f1(10, w.pre[2]),
		f1(11, w.shape),
		f1(12, w.flags),
		f1(13, wm1.lower), f1(14, wm2.lower), f1(15, wp1.lower), f1(16, wp2.lower),
		f1(17, wm1.suf[2]), f1(18, wp1.suf[2]), f1(19, wp1.shape),
		f1(20, w.amb), f1(21, wp1.amb), f1(22, wp2.amb),
		f2(23, w.lower, wp1.lower), f2(24, wm1.lower, w.lower),
		f1(25, t1), f1(26, t2), f2(27, t1, t2),
		f2(28, t1, w.lower), f2(29, t1, w.suf[2]), f2(30, t1, w.amb),
		f2(31, w.amb, wp1.amb), f1(32, wm1.shape), f2(33, w.shape, w.flags&flagFirst),
		f2(34, t1, wp1.lower), f2(35, wp1.suf[1], wp2.suf[1]), f1(36, wp1.suf[3]),
		f3(37, t1, w.amb, wp1.amb), f2(38, w.suf[2], wp1.lower),
	)
	if tagExtra {
		buf = append(buf,
			f1(39, w.suf[4]), f1(40, w.pre[3]),
			f1(41, w.clus[0]), f1(42, w.clus[1]),
			f1(44, wm1.clus[1]), f1(45, wp1.clus[1]),
		)
	}
	return buf
}

// tagExtra switches on the suffix-5, prefix-4 and word-cluster features.
const tagExtra = true

// prepare fills ws with the word atoms of forms.
func (t *tagger) prepare(forms []string, ws []word) {
	quotes := 0
	for i, f := range forms {
		t.wordInfo(f, i == 0, &ws[i])
		if f == "\"" {
			quotes++
		}
	}
	// Balanced ASCII double quotes alternate opening and closing.
	if quotes > 0 && quotes%2 == 0 {
		open := true
		for i, f := range forms {
			if f == "\"" {
				if open {
					ws[i].dict = t.classOf("PUNCT\t``", ws[i].dict)
				} else {
					ws[i].dict = t.classOf("PUNCT\t''", ws[i].dict)
				}
				open = !open
			}
		}
	}
}

// tagWith predicts classes for the prepared words with the scorer.
func (t *tagger) tagWith(ws []word, out []int32, buf []uint64, scores []float32, score func([]uint64, []float32)) {
	var tmpM [64]float32
	var margin []float32
	if t.W2 != nil {
		margin = tmpM[:0]
		if len(ws) > len(tmpM) {
			margin = make([]float32, len(ws))
		}
		margin = margin[:len(ws)]
	}
	p1, p2 := -1, -1
	for i := range ws {
		c := ws[i].dict
		if c < 0 {
			buf = tagFeatures(ws, i, p1, p2, buf)
			score(buf, scores)
			c = int32(argmax(scores))
			if margin != nil {
				margin[i] = marginOf(scores, int(c))
			}
		}
		out[i] = c
		p2, p1 = p1, int(c)
	}
	if t.W2 != nil {
		var tmp [64]int32
		first := tmp[:0]
		if len(ws) > len(tmp) {
			first = make([]int32, len(ws))
		}
		first = first[:len(ws)]
		t.pass2(ws, out, first, margin, buf, scores, t.W2.score)
	}
}

// marginOf is how far the best score c is above the runner-up, relative
// to the best score's size.
func marginOf(s []float32, c int) float32 {
	best := s[c]
	var second float32
	first := true
	for i, v := range s {
		if i != c && (first || v > second) {
			second, first = v, false
		}
	}
	d := best - second
	if best < 0 {
		best = -best
	}
	if best < 1e-9 {
		return d
	}
	return d / best
}

func argmax(s []float32) int {
	b := 0
	for i := 1; i < len(s); i++ {
		if s[i] > s[b] {
			b = i
		}
	}
	return b
}

// coarseHashes maps joint classes to hashes of their UPOS part.
func coarseHashes(classes []string) []uint64 {
	out := make([]uint64, len(classes))
	for i, c := range classes {
		u, _, _ := strings.Cut(c, "\t")
		out[i] = strHash(u) | 4
	}
	return out
}

// setCoarse stores the UPOS hash of each word's class (ws and tags indexed
// alike).
func setCoarse(ws []word, tags []int32, coarse []uint64) {
	for i := range ws {
		if c := tags[i]; c >= 0 && int(c) < len(coarse) {
			ws[i].utag = coarse[c]
		}
	}
}

// splitClass returns the UPOS and XPOS of a joint class.
func (t *tagger) splitClass(c int32) (upos, xpos string) {
	u, x, _ := strings.Cut(t.Classes[c], "\t")
	return u, x
}

// newTagger collects classes, the tag dictionary and ambiguity classes from
// training sentences.
func newTagger(train []sent) *tagger {
	classIdx := map[string]int32{}
	var classes []string
	formCounts := map[string]map[int32]int{}
	lowerCounts := map[string]map[int32]int{}
	for _, s := range train {
		for i := range s.Form {
			j := s.UPOS[i] + "\t" + s.XPOS[i]
			if _, ok := classIdx[j]; !ok {
				classIdx[j] = -1
				classes = append(classes, j)
			}
		}
	}
	sort.Strings(classes)
	for i, c := range classes {
		classIdx[c] = int32(i)
	}
	for _, s := range train {
		for i := range s.Form {
			c := classIdx[s.UPOS[i]+"\t"+s.XPOS[i]]
			n := normForm(s.Form[i])
			l := lowerKey(n)
			if formCounts[n] == nil {
				formCounts[n] = map[int32]int{}
			}
			formCounts[n][c]++
			if lowerCounts[l] == nil {
				lowerCounts[l] = map[int32]int{}
			}
			lowerCounts[l][c]++
		}
	}
	t := &tagger{Classes: classes, Dict: map[string]int32{}, Amb: map[string]uint64{}}
	for f, m := range formCounts {
		total, best, bc := 0, 0, int32(-1)
		for c, n := range m {
			total += n
			if n > best || n == best && c < bc {
				best, bc = n, c
			}
		}
		if total >= 10 && float64(best)/float64(total) >= 0.99 {
			t.Dict[f] = bc
		}
	}
	for l, m := range lowerCounts {
		total := 0
		for _, n := range m {
			total += n
		}
		if total < 2 {
			continue
		}
		var cs []int
		for c, n := range m {
			if float64(n)/float64(total) >= 0.05 {
				cs = append(cs, int(c))
			}
		}
		sort.Ints(cs)
		h := uint64(7)
		for _, c := range cs {
			h = mix(h ^ uint64(c+1)*mulA)
		}
		t.Amb[l] = h
	}
	return t
}

// trainTagger trains for epochs over train, scoring dev after each epoch,
// and keeps the best epoch. logf reports progress.
func trainTagger(train, dev []sent, clus map[string][3]int32, epochs int, bits uint, seed int64, logf func(string, ...any)) *tagger {
	t := newTagger(train)
	t.Clus = clus
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
	for ep := 1; ep <= epochs; ep++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		correct, total := 0, 0
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
					buf = tagFeatures(ws, i, p1, p2, buf)
					tw.score(buf, scores)
					pred = argmax(scores)
					tw.update(buf, gold, pred)
				}
				tw.tick()
				if pred == gold {
					correct++
				}
				total++
				p2, p1 = p1, pred
			}
		}
		t.W = tw.compact(0)
		acc := t.accuracy(dev)
		logf("tagger epoch %d: train %.2f%% dev joint %.2f%%", ep, 100*float64(correct)/float64(total), 100*acc)
		if acc > bestAcc {
			bestAcc, best = acc, t.W
		}
	}
	t.W = best
	return t
}

func growWords(ws []word, n int) []word {
	if cap(ws) < n {
		return make([]word, n, n*2)
	}
	return ws[:n]
}

// accuracy is the joint-tag accuracy on sentences.
func (t *tagger) accuracy(ss []sent) float64 {
	var ws []word
	var out []int32
	var buf []uint64
	scores := make([]float32, len(t.Classes))
	correct, total := 0, 0
	for _, s := range ss {
		n := s.len()
		ws = growWords(ws, n)
		if cap(out) < n {
			out = make([]int32, n*2)
		}
		out = out[:n]
		t.prepare(s.Form, ws)
		t.tagWith(ws, out, buf, scores, t.W.score)
		for i := range out {
			if t.Classes[out[i]] == s.UPOS[i]+"\t"+s.XPOS[i] {
				correct++
			}
			total++
		}
	}
	if total == 0 {
		return 0
	}
	return float64(correct) / float64(total)
}
