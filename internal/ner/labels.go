package ner

import "strings"

// Types are the entity types the tagger knows, in label order.
var Types = [...]string{"PER", "ORG", "LOC", "MISC"}

const (
	nTypes  = len(Types)
	nLabels = 1 + 4*nTypes // O, then B I L U for each type
)

// label layout: 0 = O; 1 + 4*t + p with p: 0 B, 1 I, 2 L, 3 U.
const (
	posB = iota
	posI
	posL
	posU
)

func labelOf(t, p int) uint8 { return uint8(1 + 4*t + p) }

func labelType(l uint8) int { return (int(l) - 1) / 4 }
func labelPos(l uint8) int  { return (int(l) - 1) % 4 }

func typeIndex(s string) int {
	for i, t := range Types {
		if t == s {
			return i
		}
	}
	return -1
}

// continues reports whether cur continues the entity that prev opened.
func continues(prev, cur uint8) bool {
	if prev == 0 || cur == 0 || labelType(cur) != labelType(prev) {
		return false
	}
	pp, cp := labelPos(prev), labelPos(cur)
	return (pp == posB || pp == posI) && (cp == posI || cp == posL)
}

// relaxed reports whether the greedy decoder may choose cur after prev: an
// entity may only be continued (I, L) if one is open, but an open entity
// may be left for O, B or U (the decoder then closes it: B→U, I→L), and
// the last token may not open one.
func relaxed(prev, cur uint8, last bool) bool {
	if cur == 0 {
		return true
	}
	p := labelPos(cur)
	if p == posI || p == posL {
		if !continues(prev, cur) {
			return false
		}
		return !last || p == posL
	}
	return !last || p == posU
}

// closeLabel turns an open label into the one that ends its entity.
func closeLabel(l uint8) uint8 {
	if l == 0 {
		return l
	}
	switch labelPos(l) {
	case posB:
		return l + (posU - posB)
	case posI:
		return l + (posL - posI)
	}
	return l
}

// allowed reports whether label cur may follow prev (0 = O at the start
// of the sentence) in BILOU, and whether it may end the sentence.
func allowed(prev, cur uint8, last bool) bool {
	open := prev != 0 && (labelPos(prev) == posB || labelPos(prev) == posI)
	if open {
		if cur == 0 || labelType(cur) != labelType(prev) {
			return false
		}
		p := labelPos(cur)
		if last {
			return p == posL
		}
		return p == posI || p == posL
	}
	if cur == 0 {
		return true
	}
	p := labelPos(cur)
	if last {
		return p == posU
	}
	return p == posB || p == posU
}

// bilou converts tags (IOB1 or IOB2) of a sentence to BILOU label indexes;
// unknown types become O.
func bilou(tags []string) []uint8 {
	out := make([]uint8, len(tags))
	for _, sp := range Spans(tags) {
		t := typeIndex(sp.Type)
		if t < 0 {
			continue
		}
		if sp.End-sp.Start == 1 {
			out[sp.Start] = labelOf(t, posU)
			continue
		}
		out[sp.Start] = labelOf(t, posB)
		for i := sp.Start + 1; i < sp.End-1; i++ {
			out[i] = labelOf(t, posI)
		}
		out[sp.End-1] = labelOf(t, posL)
	}
	return out
}

// iob2Names[l] is the IOB2 tag of label l.
var iob2Names = func() [nLabels]string {
	var n [nLabels]string
	n[0] = "O"
	for t, ty := range Types {
		n[labelOf(t, posB)] = "B-" + ty
		n[labelOf(t, posI)] = "I-" + ty
		n[labelOf(t, posL)] = "I-" + ty
		n[labelOf(t, posU)] = "B-" + ty
	}
	return n
}()

func iob2(labels []uint8) []string {
	out := make([]string, len(labels))
	for i, l := range labels {
		out[i] = iob2Names[l]
	}
	return out
}

func isEntityTag(t string) bool { return t != "O" && strings.Contains(t, "-") }
