package quote

import (
	"strings"

	"github.com/readout/readout/internal/news"
)

// cue is an attribution found for a quotation.
type cue struct {
	j      int // cue token (-1: none)
	a, b   int // speaker phrase tokens
	lo, hi int // token range searched for media
	after  bool
}

var noCue = cue{j: -1}

// meta is what direct() remembers about a quotation it emitted.
type meta struct {
	q       int // index in d.out
	lastXe  int
	block   int
	cue     cue
	cueSent int
}

// direct turns the quotation segments into direct quotes, partial quotes
// and terms, joining pieces of one quotation split around its
// attribution or over paragraphs.
func (d *doc) direct() {
	var prev *meta
	for i := 0; i < len(d.segs); i++ {
		parts := []seg{d.segs[i]}
		for parts[len(parts)-1].unclosed && i+1 < len(d.segs) && d.opensBlock(d.segs[i+1]) && d.segs[i+1].block == parts[len(parts)-1].block+1 {
			i++
			parts = append(parts, d.segs[i])
		}
		first, last := parts[0], parts[len(parts)-1]
		kind := d.kindOf(first, last, len(parts) > 1)
		q := news.Quote{Start: first.cs, End: last.ce, Kind: kind, Sentence: d.sentOf(first.os)}
		if kind != news.QuoteDirect && q.End > q.Start+1 && d.text[q.End-1] == '.' {
			// American style puts the sentence's full stop inside the
			// marks; it is not part of a partial quotation.
			q.End--
			last.ce--
			parts[len(parts)-1].ce--
		}
		for _, p := range parts {
			q.Parts = append(q.Parts, news.Span{Start: p.cs, End: p.ce})
		}
		if kind == news.QuoteTerm {
			q.Confidence = 0.6
			d.terms = append(d.terms, news.Span{Start: first.os, End: last.xe})
			d.out = append(d.out, q)
			continue
		}
		c := noCue
		if kind == news.QuoteDirect {
			c = d.cueAfter(last)
			if c.j < 0 {
				c = d.cueBefore(first)
			}
		} else {
			c = d.cueInSentence(first)
		}
		if kind == news.QuoteDirect && prev != nil && ((c.j < 0 && d.continues(prev, first)) || (c.j >= 0 && c.j == prev.cue.j)) {
			// the second half of a split quotation: join it.
			pq := &d.out[prev.q]
			pq.Parts = append(pq.Parts, q.Parts...)
			pq.End = q.End
			prev.lastXe = last.xe
			prev.block = last.block
			continue
		}
		if c.j >= 0 {
			d.used[c.j] = true
			if d.toks[c.j].low == "according" && c.j+1 < len(d.toks) {
				d.used[c.j+1] = true
			}
			q.Cue = d.cueText(c.j)
			q.CueStart, q.CueEnd = d.toks[c.j].s, d.cueEnd(c.j)
			q.Speaker = d.speaker(c.a, c.b)
			q.Via = d.via(c.lo, c.hi, q.Speaker)
			q.Confidence = 0.9
			if q.Speaker == nil {
				q.Confidence = 0.5
			} else if q.Speaker.Ref != nil {
				q.Confidence = 0.8
			}
		} else if sp, ok := d.inherit(prev, first, kind); ok {
			q.Speaker = sp
			q.Confidence = 0.7
		} else if sp := d.introducedNext(first, last, false); sp != nil {
			q.Speaker = sp
			q.Confidence = 0.5
		} else {
			q.Confidence = 0.4
		}
		if kind == news.QuotePartial {
			q.Confidence -= 0.1
		}
		d.out = append(d.out, q)
		m := meta{q: len(d.out) - 1, lastXe: last.xe, block: last.block, cue: c}
		if c.j >= 0 {
			m.cueSent = d.toks[c.j].sent
		}
		if kind == news.QuoteDirect {
			prev = &m
		}
	}
}

func (d *doc) cueText(j int) string {
	if d.toks[j].low == "according" && j+1 < len(d.toks) {
		return "according to"
	}
	return d.toks[j].low
}

func (d *doc) cueEnd(j int) int {
	if d.toks[j].low == "according" && j+1 < len(d.toks) {
		return d.toks[j+1].e
	}
	return d.toks[j].e
}

// opensBlock reports whether g begins its block.
func (d *doc) opensBlock(g seg) bool {
	if g.block >= len(d.blocks) {
		return false
	}
	return strings.TrimSpace(d.text[d.blocks[g.block].Start:g.os]) == ""
}

// kindOf decides whether a quotation is direct, partial or a term from
// where it stands in its sentence and what it holds.
func (d *doc) kindOf(first, last seg, multi bool) news.QuoteKind {
	if multi {
		return news.QuoteDirect
	}
	si := d.sentOf(first.os)
	if si < 0 {
		return news.QuoteTerm
	}
	before := strings.TrimSpace(d.text[min(d.sents[si].s, first.os):first.os])
	content := d.text[first.cs:last.ce]
	words := len(strings.Fields(content))
	endsPunct := strings.HasSuffix(strings.TrimSpace(d.text[first.cs:last.xe]), ".") || strings.ContainsAny(lastRuneStr(d.text[first.cs:first.xe]), ".?!,")
	fullStop := strings.ContainsAny(lastRuneStr(d.text[last.cs:max(last.ce, last.xe-len("”"))]), ".?!")
	upper := isCap(content)
	k := d.tokAt(first.os) - 1
	var prevWord string
	if k >= 0 && d.toks[k].sent == si {
		prevWord = d.toks[k].low
	}
	switch {
	case before == "" || d.opensBlock(first):
		if words >= 3 || (upper && (endsPunct || fullStop)) || d.cueAfter(last).j >= 0 {
			return news.QuoteDirect
		}
		return news.QuoteTerm
	case strings.HasSuffix(before, ":"):
		return news.QuoteDirect
	case strings.HasSuffix(before, ",") && d.cueBefore(first).j >= 0 && (upper || strings.ContainsAny(before, "”\"’")):
		return news.QuoteDirect
	case upper && words >= 4 && (fullStop || endsPunct) && (cueVerbs[prevWord] || prevWord == ","):
		return news.QuoteDirect
	}
	nextWord := ""
	if n := d.tokAt(last.xe); n < len(d.toks) && d.toks[n].sent == si {
		nextWord = d.toks[n].low
	}
	if words <= 4 && termDet[prevWord] && !d.whatCalled(k) && (d.cueInSentence(first).j < 0 || nextWord == "of") {
		return news.QuoteTerm
	}
	if words <= 5 && allCaps(content) {
		return news.QuoteTerm
	}
	if words <= 3 && d.cueInSentence(first).j < 0 {
		return news.QuoteTerm
	}
	return news.QuotePartial
}

// whatCalled reports "what he called" before token k+1: a partial quote.
func (d *doc) whatCalled(k int) bool {
	if k < 0 || d.toks[k].low != "called" && d.toks[k].low != "described" && d.toks[k].low != "termed" {
		return false
	}
	for i := k - 1; i >= 0 && i >= k-4; i-- {
		if d.toks[i].low == "what" || d.toks[i].low == "as" {
			return true
		}
	}
	return false
}

func lastRuneStr(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	return s[len(s)-1:]
}

// allCaps reports whether every word of s starts with a capital: a title
// or a name.
func allCaps(s string) bool {
	n := 0
	for _, w := range strings.Fields(s) {
		if isWord(w) && !isCap(w) && len(w) > 3 {
			return false
		}
		n++
	}
	return n > 0
}

// cueAfter finds "…,” said X" or "…,” X said" after a quotation,
// also in a short sentence of its own ("“…” Olsen said.").
func (d *doc) cueAfter(g seg) cue {
	i := d.tokAt(g.xe)
	for i < len(d.toks) && !d.toks[i].inQ && (d.toks[i].t == "," || d.toks[i].t == "—" || d.toks[i].t == "–" || d.toks[i].t == "-" || d.toks[i].t == "?" || d.toks[i].t == "!") {
		i++
	}
	if i >= len(d.toks) || d.toks[i].inQ {
		return noCue
	}
	st := d.sents[d.toks[i].sent]
	if st.block != g.block {
		return noCue
	}
	if d.toks[i].s > g.xe && d.toks[i].sent != d.sentOf(max(g.xe-1, 0)) && st.te-st.ts > 10 {
		return noCue
	}
	for j := i; j < st.te && j < i+16; j++ {
		t := d.toks[j]
		if t.inQ || t.t == "." || t.t == ";" || t.t == ":" {
			break
		}
		if t.low == "according" && j+1 < st.te && d.toks[j+1].low == "to" && j == i {
			a, b := d.npAfter(j+1, st.te)
			return cue{j: j, a: a, b: b, lo: st.ts, hi: st.te, after: true}
		}
		if !isCueTok(t) {
			continue
		}
		a, b := j, j
		if j > i {
			a, b = d.npBefore(j, i)
		} else {
			a, b = d.npAfter(j, st.te)
		}
		if a >= b {
			return noCue
		}
		return cue{j: j, a: a, b: b, lo: st.ts, hi: st.te, after: true}
	}
	return noCue
}

// cueBefore finds "X said: “…”" or "X said, “…”" before a quotation.
func (d *doc) cueBefore(g seg) cue {
	si := d.sentOf(g.os)
	if si < 0 {
		return noCue
	}
	st := d.sents[si]
	k := d.tokAt(g.os) - 1
	if k < st.ts || k >= len(d.toks) {
		return noCue
	}
	lt := d.toks[k]
	if lt.t != ":" && lt.t != "," && !isCueTok(lt) {
		return noCue
	}
	if lt.t == ":" && d.transcriptLabel(st.ts, k) {
		// "Kowalski: “…”" in a transcript: the label is the speaker and
		// the colon stands for the reporting verb.
		return cue{j: k, a: st.ts, b: k, lo: st.ts, hi: st.te}
	}
	for j := k; j >= st.ts; j-- {
		if d.toks[j].inQ {
			break
		}
		if d.toks[j].low == "according" && j+1 <= k && d.toks[j+1].low == "to" {
			a, b := d.npAfter(j+1, k+1)
			return cue{j: j, a: a, b: b, lo: st.ts, hi: st.te}
		}
		if d.isCue(j) {
			a, b := d.npBefore(j, st.ts)
			if a >= b {
				a, b = d.npAfter(j, k+1)
			}
			return cue{j: j, a: a, b: b, lo: st.ts, hi: st.te}
		}
	}
	return noCue
}

// transcriptLabel reports whether tokens [a, b) that open a paragraph
// are a speaker label: one to six tokens, each a capitalised word, an
// initial or the hyphen of a double-barrelled name ("Haugland-Vik",
// "J. Moreau").
func (d *doc) transcriptLabel(a, b int) bool {
	if b <= a || b-a > 6 || !d.opensParagraph(a) {
		return false
	}
	words := 0
	for j := a; j < b; j++ {
		t := d.toks[j]
		switch {
		case t.inQ:
			return false
		case t.t == "-" || t.t == ".":
		case isCap(t.t) && isWord(t.t):
			words++
		default:
			return false
		}
	}
	return words > 0
}

// opensParagraph reports whether token j is the first of its block.
func (d *doc) opensParagraph(j int) bool {
	off := d.toks[j].s
	for _, bl := range d.blocks {
		if off >= bl.Start && off < bl.End {
			return strings.TrimSpace(d.text[bl.Start:off]) == ""
		}
	}
	return j == 0
}

// cueInSentence finds the reporting verb of the sentence holding a
// partial quotation, nearest before it, else after it.
func (d *doc) cueInSentence(g seg) cue {
	si := d.sentOf(g.os)
	if si < 0 {
		return noCue
	}
	st := d.sents[si]
	k := d.tokAt(g.os)
	try := func(j int) (cue, bool) {
		t := d.toks[j]
		if t.inQ {
			return noCue, false
		}
		if t.low == "according" && j+1 < st.te && d.toks[j+1].low == "to" {
			a, b := d.npAfter(j+1, st.te)
			return cue{j: j, a: a, b: b, lo: st.ts, hi: st.te}, a < b
		}
		if !isCueTok(t) || d.passive(j) {
			return noCue, false
		}
		a, b := d.npBefore(j, st.ts)
		if a >= b {
			a, b = d.npAfter(j, st.te)
		}
		return cue{j: j, a: a, b: b, lo: st.ts, hi: st.te}, a < b
	}
	for j := min(k, st.te) - 1; j >= st.ts; j-- {
		if c, ok := try(j); ok {
			return c
		}
	}
	for j := k; j < st.te; j++ {
		if c, ok := try(j); ok {
			return c
		}
	}
	// a noun of communication before the quotation: "the ministry issued
	// a warning about “…”" — the clause's subject speaks.
	for n := min(k, st.te) - 1; n >= st.ts; n-- {
		if d.toks[n].inQ || !commNouns[d.toks[n].low] {
			continue
		}
		cs := n
		for cs > st.ts && d.toks[cs-1].t != "," && !d.toks[cs-1].inQ {
			cs--
		}
		cs = d.trimLead(cs, n)
		e := cs
		for e < n && (d.capAt(e) || detWord[d.toks[e].low] || d.toks[e].low == "of" || roleSector[d.toks[e].low].typ != "" || d.k != nil && d.k.Demonym(d.toks[e].t) != nil) {
			e++
		}
		if e > cs && e < n {
			if sp := d.speaker(cs, e); sp != nil && sp.Type != "" {
				return cue{j: n, a: cs, b: e, lo: st.ts, hi: st.te}
			}
		}
		break
	}
	return noCue
}

// continues reports whether a cue-less quotation g carries on the
// previous direct quotation: nothing but its attribution lies between.
func (d *doc) continues(prev *meta, g seg) bool {
	if g.block != prev.block || g.os < prev.lastXe {
		return false
	}
	between := strings.TrimSpace(d.text[prev.lastXe:g.os])
	if between == "" {
		return true
	}
	if prev.cue.j < 0 || !prev.cue.after {
		return false
	}
	for i := d.tokAt(prev.lastXe); i < len(d.toks) && d.toks[i].s < g.os; i++ {
		if d.toks[i].sent != prev.cueSent {
			return false
		}
	}
	return true
}

// inherit finds the speaker of a quotation without its own cue: the
// quotation just before in the paragraph, a cue in the previous sentence
// ("… said one analyst. “…”"), or the previous paragraph's speaker when
// the paragraph opens with the quotation.
func (d *doc) inherit(prev *meta, g seg, kind news.QuoteKind) (*news.Speaker, bool) {
	si := d.sentOf(g.os)
	if si > 0 && d.sents[si-1].block == g.block {
		ps := d.sents[si-1]
		for j := ps.te - 1; j >= ps.ts; j-- {
			if d.toks[j].inQ || !d.isCue(j) {
				continue
			}
			a, b := d.npBefore(j, ps.ts)
			if a >= b {
				a, b = d.npAfter(j, ps.te)
			}
			if a < b {
				return d.speaker(a, b), true
			}
			break
		}
	}
	if kind != news.QuoteDirect {
		return nil, false
	}
	if d.opensBlock(g) && g.block > 0 {
		if sp := d.introducedNext(g, d.lastPart(g), true); sp != nil {
			return sp, true
		}
		if prev != nil && prev.block == g.block-1 && d.out[prev.q].Speaker != nil {
			sp := *d.out[prev.q].Speaker
			return &sp, true
		}
		// the last speaker named in the previous paragraph
		pb := d.blocks[g.block-1]
		for si := d.sentOf(max(pb.End-1, 0)); si >= 0 && d.sents[si].block == g.block-1; si-- {
			ps := d.sents[si]
			for j := ps.te - 1; j >= ps.ts; j-- {
				if d.toks[j].inQ || !d.isCue(j) {
					continue
				}
				a, b := d.npBefore(j, ps.ts)
				if a >= b {
					a, b = d.npAfter(j, ps.te)
				}
				if a < b {
					return d.speaker(a, b), true
				}
			}
		}
	}
	if prev == nil {
		return nil, false
	}
	pq := d.out[prev.q]
	if pq.Speaker == nil {
		return nil, false
	}
	if prev.block == g.block || (prev.block == g.block-1 && d.opensBlock(g)) {
		sp := *pq.Speaker
		return &sp, true
	}
	return nil, false
}

// introducedNext attributes a paragraph that is only a quotation to the
// first person named in the next paragraph's first sentence ("That was
// Jonas Lie, 34, …"), as feature writing does.
func (d *doc) introducedNext(first, last seg, strict bool) *news.Speaker {
	if !d.opensBlock(first) || last.block+1 >= len(d.blocks) {
		return nil
	}
	if strings.TrimSpace(d.text[last.xe:d.blocks[last.block].End]) != "" {
		return nil
	}
	nb := d.blocks[last.block+1]
	si := d.sentOf(nb.Start)
	if si < 0 || d.sents[si].block != last.block+1 {
		return nil
	}
	end := d.sents[si].e
	if strict {
		// the name must open the paragraph ("Rosa Dizon, a …", "That was Jonas Lie").
		k := d.tokAt(nb.Start)
		if k < len(d.toks) && (d.toks[k].low == "that" || d.toks[k].low == "this") && k+1 < len(d.toks) && (d.toks[k+1].low == "was" || d.toks[k+1].low == "is") {
			k += 2
		}
		if k >= len(d.toks) {
			return nil
		}
		end = d.toks[k].e
	}
	for _, p := range d.persons {
		if p.s >= nb.Start && p.s < end && !p.inQ {
			return &news.Speaker{Text: p.name, Start: p.s, End: p.e, Type: news.SpeakerPerson}
		}
	}
	return nil
}

// lastPart returns the last segment of the multi-paragraph quotation
// starting with g.
func (d *doc) lastPart(g seg) seg {
	for i, x := range d.segs {
		if x.os == g.os {
			for x.unclosed && i+1 < len(d.segs) && d.opensBlock(d.segs[i+1]) && d.segs[i+1].block == x.block+1 {
				i++
				x = d.segs[i]
			}
			return x
		}
	}
	return g
}
