package ner

import (
	"cmp"
	"slices"
	"unicode"
	"unicode/utf8"
)

// resources are the lookups features use besides the weights.
type resources struct {
	// clusters maps a word (exact form) to its cluster ids at three
	// granularities, each +1 (0 = none); lclusters maps lower-cased forms.
	clusters  map[string][3]int32
	lclusters map[string][3]int32
	// gaz maps a lower-cased, space-joined entity string to a bit set of
	// type indexes.
	gaz    map[string]uint8
	gazMax int // longest entry, in tokens
	// gazw maps each word of a gazetteer entry to the types of the entries
	// it occurs in (see wordGazetteer).
	gazw map[string]uint8
	// twoPass decodes every document twice (see decodeDoc).
	twoPass bool
}

// token facts computed once per token.
type tokInfo struct {
	word, lower, shape, sshape uint64
	pre, suf                   [4]uint64
	npre, nsuf                 int
	cl                         [3]int32
	caps                       uint8 // capsNone, capsInit, capsAll, capsMixed
	gaz                        uint16
	gazw                       uint8
	docCase                    uint8
}

const (
	capsNone  = iota // no upper-case letter
	capsInit         // first letter upper, some lower
	capsAll          // letters all upper
	capsMixed        // upper not first
)

const (
	docLowerMid = 1 << iota // seen all lower-case inside a sentence
	docTitleMid             // seen capitalised inside a mixed-case sentence
)

// scratch holds per-call buffers; pooled so tagging does not allocate per
// token.
type scratch struct {
	toks    []tokInfo
	feats   []uint32 // static features, nStatic per token (padded)
	nf      []int
	buf     []byte
	lbufs   [][]byte
	hist    map[uint64][nTypes + 1]uint16
	docCase map[uint64]uint8
	all     map[uint64][nTypes + 1]uint16 // first-pass labels of the document
	allOn   bool
	fbuf    []uint32
	cache   [][nLabels]float32 // static scores per document token
	agg     []aggPair
	temp    float32 // softmax temperature for probabilities
	sco     [nLabels]float32
}

func newScratch() *scratch {
	return &scratch{hist: map[uint64][nTypes + 1]uint16{}, all: map[uint64][nTypes + 1]uint16{}, docCase: map[uint64]uint8{}}
}

func (sc *scratch) resetDoc() {
	clear(sc.hist)
	clear(sc.docCase)
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func mix(a, b uint64) uint64 {
	x := a*0x9E3779B97F4A7C15 ^ b
	x ^= x >> 31
	x *= 0xBF58476D1CE4E5B9
	x ^= x >> 29
	x *= 0x94D049BB133111EB
	x ^= x >> 32
	return x
}

func hashBytes(b []byte) uint64 {
	h := uint64(fnvOffset)
	for _, c := range b {
		h ^= uint64(c)
		h *= fnvPrime
	}
	return h
}

func hashString(s string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

// lowerInto appends the lower-cased s to dst.
func lowerInto(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		dst = utf8.AppendRune(dst, unicode.ToLower(r))
		i += n
	}
	return dst
}

// normHash hashes lower-cased bytes with digits folded to 0.
func normHash(b []byte) uint64 {
	h := uint64(fnvOffset)
	for _, c := range b {
		if '0' <= c && c <= '9' {
			c = '0'
		}
		h ^= uint64(c)
		h *= fnvPrime
	}
	return h
}

// shapes returns the hashes of the word shape (runs capped at 4: "Xxxx")
// and the short shape (runs collapsed: "Xx"), and the capitalisation class.
func shapes(s string) (shape, short uint64, caps uint8) {
	shape, short = fnvOffset, fnvOffset
	var last rune = -1
	run := 0
	upper, lower, first := 0, 0, true
	firstUpper := false
	for _, r := range s {
		var c rune
		switch {
		case unicode.IsUpper(r):
			c = 'X'
			upper++
			if first {
				firstUpper = true
			}
		case unicode.IsLower(r):
			c = 'x'
			lower++
		case unicode.IsDigit(r):
			c = 'd'
		case r < utf8.RuneSelf:
			c = r
		default:
			c = 'o'
		}
		if unicode.IsLetter(r) {
			first = false
		}
		if c == last {
			run++
		} else {
			run = 1
			short ^= uint64(c)
			short *= fnvPrime
		}
		if run <= 4 {
			shape ^= uint64(c)
			shape *= fnvPrime
		}
		last = c
	}
	switch {
	case upper == 0:
		caps = capsNone
	case lower == 0:
		caps = capsAll
	case firstUpper:
		caps = capsInit
	default:
		caps = capsMixed
	}
	return shape, short, caps
}

// feature templates
const (
	tBias uint64 = iota + 1
	tWord
	tLower
	tShape
	tSShape
	tPre
	tSuf
	tLowerM2
	tLowerM1
	tLowerP1
	tLowerP2
	tSShapeM2
	tSShapeM1
	tSShapeP1
	tSShapeP2
	tBiM1
	tBiP1
	tShapeBiM1
	tShapeBiP1
	tShapeTri
	tFirst
	tAllCapsSent
	tAllCapsLower
	tCl
	tClM1
	tClP1
	tClShape
	tGaz
	tGazType
	tDocCase
	tDocCaseShape
	tPrev
	tPrev2
	tPrevPrev2
	tPrevLower
	tPrevShape
	tHist
	tHistShape
	tLen
	tGazNext
	tWordM1
	tWordP1
	tAll
	tAllShape
	tAllO
	tGazWord
	tGazWordT
	tAgg
)

// wordGazetteer maps every word of the gazetteer's entries to the types of
// the entries it appears in, so that a partial mention ("Okafor" after
// "Tomas Okafor") still finds evidence.
func wordGazetteer(g map[string]uint8) map[string]uint8 {
	out := make(map[string]uint8, len(g))
	for k, v := range g {
		start := 0
		for i := 0; i <= len(k); i++ {
			if i == len(k) || k[i] == ' ' {
				if i > start {
					out[k[start:i]] |= v
				}
				start = i + 1
			}
		}
	}
	return out
}

// prepareDoc computes per-document case evidence over all sentences.
func (sc *scratch) prepareDoc(sents [][]string) {
	sc.resetDoc()
	sc.agg = sc.agg[:0]
	for _, s := range sents {
		allCaps := sentAllCaps(s)
		if !allCaps {
			sc.collectContexts(s)
		}
		for i, w := range s {
			_, _, caps := shapes(w)
			if i == 0 || allCaps {
				continue
			}
			sc.buf = lowerInto(sc.buf[:0], w)
			h := normHash(sc.buf)
			switch caps {
			case capsNone:
				if hasLetter(w) {
					sc.docCase[h] |= docLowerMid
				}
			case capsInit:
				sc.docCase[h] |= docTitleMid
			}
		}
	}
	sc.sortAgg()
}

// aggPair is one context word (lower-cased, with its side) seen next to a
// capitalised word somewhere in the document.
type aggPair struct{ word, ctx uint64 }

// collectContexts records the neighbours of the capitalised words of a
// mixed-case sentence, for the context-aggregation features.
func (sc *scratch) collectContexts(s []string) {
	lower := func(j int) uint64 {
		if j < 0 || j >= len(s) {
			return boundary[0]
		}
		sc.buf = lowerInto(sc.buf[:0], s[j])
		return normHash(sc.buf)
	}
	for i, w := range s {
		if r, _ := utf8.DecodeRuneInString(w); !unicode.IsUpper(r) {
			continue
		}
		h := lower(i)
		sc.agg = append(sc.agg, aggPair{h, mix(1, lower(i-1))}, aggPair{h, mix(2, lower(i+1))})
	}
}

// sortAgg orders the pairs by word so that lookups can binary search.
func (sc *scratch) sortAgg() {
	slices.SortFunc(sc.agg, func(a, b aggPair) int {
		if a.word != b.word {
			return cmp.Compare(a.word, b.word)
		}
		return cmp.Compare(a.ctx, b.ctx)
	})
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// sentAllCaps reports whether no token of s has a lower-case letter and at
// least one has a letter (a headline in capitals).
func sentAllCaps(s []string) bool {
	letters := 0
	for _, w := range s {
		for _, r := range w {
			if unicode.IsLower(r) {
				return false
			}
			if unicode.IsLetter(r) {
				letters++
			}
		}
	}
	return letters > 1
}

// prepareSentence fills sc.toks for s and the static features.
func (sc *scratch) prepareSentence(res *resources, s []string) {
	sc.prepareTokens(res, s)
	sc.staticSentence(res, s)
}

// prepareTokens fills what the dynamic features need: hashes and case.
func (sc *scratch) prepareTokens(res *resources, s []string) {
	n := len(s)
	if cap(sc.toks) < n {
		sc.toks = make([]tokInfo, n, 2*n)
	}
	sc.toks = sc.toks[:n]
	for len(sc.lbufs) < n {
		sc.lbufs = append(sc.lbufs, nil)
	}
	for i, w := range s {
		t := &sc.toks[i]
		*t = tokInfo{}
		t.word = hashString(w)
		lb := lowerInto(sc.lbufs[i][:0], w)
		sc.lbufs[i] = lb
		t.lower = normHash(lb)
		t.shape, t.sshape, t.caps = shapes(w)
		for k := 1; k <= 4 && k <= len(lb); k++ {
			t.pre[k-1] = normHash(lb[:k])
			t.suf[k-1] = normHash(lb[len(lb)-k:])
			t.npre, t.nsuf = k, k
		}
		if c, ok := res.clusters[w]; ok {
			t.cl = c
		} else if c, ok := res.lclusters[string(lb)]; ok {
			t.cl = c
		}
		t.docCase = sc.docCase[t.lower]
		if t.caps != capsNone {
			t.gazw = res.gazw[string(lb)]
		}
	}
}

// staticSentence computes the gazetteer matches and static features of
// the tokens prepareTokens filled.
func (sc *scratch) staticSentence(res *resources, s []string) {
	n := len(s)
	// gazetteer: longest match from each capitalised start
	if len(res.gaz) > 0 {
		for i := 0; i < n; i++ {
			if sc.toks[i].caps == capsNone && !startsDigit(s[i]) {
				continue
			}
			maxL := res.gazMax
			if n-i < maxL {
				maxL = n - i
			}
			for L := maxL; L >= 1; L-- {
				sc.buf = sc.buf[:0]
				for j := i; j < i+L; j++ {
					if j > i {
						sc.buf = append(sc.buf, ' ')
					}
					sc.buf = append(sc.buf, sc.lbufs[j]...)
				}
				mask, ok := res.gaz[string(sc.buf)]
				if !ok {
					continue
				}
				for ty := 0; ty < nTypes; ty++ {
					if mask&(1<<ty) == 0 {
						continue
					}
					if L == 1 {
						sc.toks[i].gaz |= 1 << (4*ty + posU)
						continue
					}
					sc.toks[i].gaz |= 1 << (4*ty + posB)
					for j := i + 1; j < i+L-1; j++ {
						sc.toks[j].gaz |= 1 << (4*ty + posI)
					}
					sc.toks[i+L-1].gaz |= 1 << (4*ty + posL)
				}
				break
			}
		}
	}
	allCaps := sentAllCaps(s)
	sc.feats = sc.feats[:0]
	if cap(sc.nf) < n+1 {
		sc.nf = make([]int, n+1, 2*n+2)
	}
	sc.nf = sc.nf[:n+1]
	for i := range s {
		sc.nf[i] = len(sc.feats)
		sc.staticFeatures(i, allCaps)
	}
	sc.nf[n] = len(sc.feats)
}

func startsDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

func (sc *scratch) add(h uint64) { sc.feats = append(sc.feats, uint32(h^h>>32)) }

var boundary = [...]uint64{mix(99, 1), mix(99, 2), mix(99, 3), mix(99, 4)}

func (sc *scratch) staticFeatures(i int, allCaps bool) {
	toks := sc.toks
	t := &toks[i]
	n := len(toks)
	lowerAt := func(j int) uint64 {
		if j < 0 {
			return boundary[0]
		}
		if j >= n {
			return boundary[1]
		}
		return toks[j].lower
	}
	wordAt := func(j int) uint64 {
		if j < 0 || j >= n {
			return boundary[0]
		}
		return toks[j].word
	}
	shapeAt := func(j int) uint64 {
		if j < 0 {
			return boundary[2]
		}
		if j >= n {
			return boundary[3]
		}
		return toks[j].sshape
	}
	clAt := func(j, k int) uint64 {
		if j < 0 || j >= n {
			return 0xFFFF
		}
		return uint64(toks[j].cl[k])
	}
	sc.add(mix(tBias, 0))
	sc.add(mix(tWord, t.word))
	sc.add(mix(tLower, t.lower))
	sc.add(mix(tShape, t.shape))
	sc.add(mix(tSShape, t.sshape))
	for k := 0; k < t.npre; k++ {
		sc.add(mix(tPre+uint64(k)<<8, t.pre[k]))
		sc.add(mix(tSuf+uint64(k)<<8, t.suf[k]))
	}
	sc.add(mix(tLowerM2, lowerAt(i-2)))
	sc.add(mix(tLowerM1, lowerAt(i-1)))
	sc.add(mix(tLowerP1, lowerAt(i+1)))
	sc.add(mix(tLowerP2, lowerAt(i+2)))
	sc.add(mix(tWordM1, wordAt(i-1)))
	sc.add(mix(tWordP1, wordAt(i+1)))
	sc.add(mix(tSShapeM2, shapeAt(i-2)))
	sc.add(mix(tSShapeM1, shapeAt(i-1)))
	sc.add(mix(tSShapeP1, shapeAt(i+1)))
	sc.add(mix(tSShapeP2, shapeAt(i+2)))
	sc.add(mix(tBiM1, mix(lowerAt(i-1), t.lower)))
	sc.add(mix(tBiP1, mix(t.lower, lowerAt(i+1))))
	sc.add(mix(tShapeBiM1, mix(shapeAt(i-1), t.sshape)))
	sc.add(mix(tShapeBiP1, mix(t.sshape, shapeAt(i+1))))
	sc.add(mix(tShapeTri, mix(mix(shapeAt(i-1), t.sshape), shapeAt(i+1))))
	if i == 0 {
		sc.add(mix(tFirst, t.shape))
		sc.add(mix(tFirst+1<<8, t.lower))
	}
	if allCaps {
		sc.add(mix(tAllCapsSent, t.sshape))
		sc.add(mix(tAllCapsLower, t.lower))
	}
	ln := uint64(len(sc.lbufs[i]))
	if ln > 8 {
		ln = 8
	}
	sc.add(mix(tLen, ln<<8|uint64(t.caps)))
	for k := 0; k < 3; k++ {
		sc.add(mix(tCl+uint64(k)<<8, clAt(i, k)))
	}
	for k := 0; k < 2; k++ {
		sc.add(mix(tClM1+uint64(k)<<8, clAt(i-1, k)))
		sc.add(mix(tClP1+uint64(k)<<8, clAt(i+1, k)))
	}
	sc.add(mix(tClShape, mix(clAt(i, 1), t.sshape)))
	if t.gaz != 0 {
		for b := 0; b < 16; b++ {
			if t.gaz&(1<<b) != 0 {
				sc.add(mix(tGaz, uint64(b)))
				sc.add(mix(tGazType, uint64(b/4)<<8|uint64(t.caps)))
			}
		}
	}
	if t.gazw != 0 {
		sc.add(mix(tGazWord, uint64(t.gazw)))
		for ty := 0; ty < nTypes; ty++ {
			if t.gazw&(1<<ty) != 0 {
				sc.add(mix(tGazWordT, uint64(ty)))
			}
		}
	}
	if t.caps != capsNone && len(sc.agg) > 0 {
		k, _ := slices.BinarySearchFunc(sc.agg, t.lower, func(a aggPair, w uint64) int { return cmp.Compare(a.word, w) })
		var last uint64
		for c := 0; k < len(sc.agg) && sc.agg[k].word == t.lower && c < 12; k++ {
			if x := sc.agg[k].ctx; x != last {
				sc.add(mix(tAgg, x))
				last = x
				c++
			}
		}
	}
	if i+1 < n && toks[i+1].gaz != 0 {
		sc.add(mix(tGazNext, uint64(toks[i+1].gaz)))
	}
	if t.caps != capsNone {
		dc := uint64(t.docCase)
		pos := uint64(0)
		if i == 0 {
			pos = 1
		}
		if allCaps {
			pos |= 2
		}
		sc.add(mix(tDocCase, dc<<4|pos))
		sc.add(mix(tDocCaseShape, mix(dc<<4|pos, t.sshape)))
	}
}

// dynamicFeatures appends the features that depend on earlier decisions:
// previous labels and the document's label history for this word.
func dynamicFeatures(dst []uint32, sc *scratch, i int, labels []uint8) []uint32 {
	add := func(h uint64) { dst = append(dst, uint32(h^h>>32)) }
	t := &sc.toks[i]
	p1, p2 := uint64(nLabels), uint64(nLabels+1)
	if i > 0 {
		p1 = uint64(labels[i-1])
	}
	if i > 1 {
		p2 = uint64(labels[i-2])
	}
	add(mix(tPrev, p1))
	add(mix(tPrev2, p2))
	add(mix(tPrevPrev2, p1<<8|p2))
	add(mix(tPrevLower, mix(p1, t.lower)))
	add(mix(tPrevShape, mix(p1, t.sshape)))
	if t.caps != capsNone {
		if h, ok := sc.hist[t.lower]; ok {
			best, bc := 0, uint16(0)
			for ty := 1; ty <= nTypes; ty++ {
				if h[ty] > bc {
					best, bc = ty, h[ty]
				}
			}
			add(mix(tHist, uint64(best)))
			add(mix(tHistShape, mix(uint64(best), t.sshape)))
		}
		if sc.allOn {
			h := sc.all[t.lower]
			// leave out this token's own first-pass label
			own := 0
			if l := labels[i]; l != 0 { // still the first-pass label
				own = labelType(l) + 1
			}
			if h[own] > 0 {
				h[own]--
			}
			best, bc, tot := 0, uint16(0), uint16(0)
			for ty := 0; ty <= nTypes; ty++ {
				tot += h[ty]
				if ty > 0 && h[ty] > bc {
					best, bc = ty, h[ty]
				}
			}
			if tot > 0 {
				frac := uint64(4 * int(bc) / int(tot))
				add(mix(tAll, uint64(best)<<4|frac))
				add(mix(tAllShape, mix(uint64(best), t.sshape)))
			} else {
				add(mix(tAllO, 0))
			}
		}
	}
	return dst
}

// record notes the label given to token i in the document history.
func (sc *scratch) record(i int, l uint8) {
	t := &sc.toks[i]
	if t.caps == capsNone {
		return
	}
	h := sc.hist[t.lower]
	ty := 0
	if l != 0 {
		ty = labelType(l) + 1
	}
	if h[ty] < 65535 {
		h[ty]++
	}
	sc.hist[t.lower] = h
}
