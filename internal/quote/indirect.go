package quote

import (
	"strings"

	"github.com/readout/readout/internal/news"
)

// indirect finds reported speech outside quotation marks: "X said (that)
// …", "… , X said", "According to X, …", "X told Y that …".
func (d *doc) indirect() {
	for si, st := range d.sents {
		for j := st.ts; j < st.te; j++ {
			t := d.toks[j]
			if t.inQ || d.used[j] {
				continue
			}
			if t.low == "according" && j+1 < st.te && d.toks[j+1].low == "to" {
				d.according(si, st, j)
				continue
			}
			if !d.isCue(j) {
				continue
			}
			a, b := d.npBefore(j, st.ts)
			if d.passive(j) {
				continue
			}
			if strings.HasSuffix(t.low, "ing") && j > st.ts+2 && d.toks[j-1].low == "as" && d.toks[j-2].low == "quoted" {
				// "The minister was quoted as saying that …"
				k := j - 2
				for k > st.ts && passiveAux[d.toks[k-1].low] {
					k--
				}
				a, b = d.npBefore(k, st.ts)
			} else if strings.HasSuffix(t.low, "ing") {
				// "…, said Maria Olsen, adding that …": the main cue's subject.
				a, b = j, j
				for k := j - 1; k >= st.ts; k-- {
					if d.isCue(k) && !strings.HasSuffix(d.toks[k].low, "ing") {
						if a, b = d.npBefore(k, st.ts); a >= b {
							a, b = d.npAfter(k, st.te)
						}
						break
					}
				}
			}
			if a >= b && j > st.ts && d.toks[j-1].low == "and" {
				// "… called it a failure and said that …": the subject of
				// the cue before.
				for k := j - 2; k >= st.ts; k-- {
					if d.isCue(k) {
						a, b = d.npBefore(k, st.ts)
						break
					}
				}
			}
			inverted := false
			if a >= b && j > st.ts && d.toks[j-1].t == "," && !strings.HasSuffix(t.low, "ing") {
				a, b = d.npAfter(j, st.te)
				inverted = true
			}
			if a >= b {
				continue
			}
			cs, ce := -1, -1
			if !inverted {
				cs = d.contentAfter(j, st)
			}
			if cs < 0 && !inverted && a > st.ts && d.toks[a-1].low == "as" && d.trimLead(st.ts, a-1) == a-1 {
				// "As The Jerusalem Post reported on Wednesday, …"
				if k := d.skipAdjuncts(j+1, st.te); k < st.te && d.toks[k].t == "," {
					cs = k + 1
				}
			}
			if cs >= 0 {
				ce = st.te
			} else if inverted {
				// "…, said X."
				cs, ce = st.ts, j-1
			} else {
				// "…, X said." or "The plan, X said, would …"
				end := b
				if inverted {
					end = b
				} else {
					end = j + 1
				}
				start := a
				if inverted {
					start = j
				}
				if start-1 <= st.ts || d.toks[start-1].t != "," {
					continue
				}
				rest := d.skipAdjuncts(end, st.te)
				switch {
				case rest >= st.te || d.toks[rest].t == "." || d.toks[rest].t == "!" || d.toks[rest].t == "?":
					cs, ce = st.ts, start-1
				case d.toks[rest].t == "," && rest+1 < st.te && (d.toks[rest+1].low == "but" || d.toks[rest+1].low == "and" || d.toks[rest+1].low == "adding" || d.toks[rest+1].low == "while" || d.toks[rest+1].low == "although"):
					cs, ce = st.ts, start-1
				case d.toks[rest].t == ",":
					cs, ce = st.ts, st.te
				default:
					continue
				}
			}
			cs, ce = d.trimContent(cs, ce)
			ce = d.clauseEnd(cs, ce)
			if b+1 < j && d.toks[b].t == "," && (d.toks[b+1].low == "who" || d.toks[b+1].low == "which") {
				// "Fatima, who asked that …, has": the relative clause ends
				// at its comma.
				for k := cs; k < ce; k++ {
					if d.toks[k].t == "," {
						ce = k
						break
					}
				}
			}
			if ce-cs < 3 || d.anyQuoted(cs, ce) {
				continue
			}
			sp := d.speaker(a, b)
			if weakVerbs[t.low] && (sp == nil || sp.Type == "" || sp.Type == news.SpeakerAnonymous && !d.anonRole(a, b)) {
				continue
			}
			d.used[j] = true
			via := d.via(st.ts, st.te, sp)
			// "… towns but that roads were blocked": two statements.
			for cs < ce {
				end := ce
				next := ce
				for k := cs + 2; k+1 < ce; k++ {
					if (d.toks[k].low == "but" || d.toks[k].low == "and") && d.toks[k+1].low == "that" {
						end, next = k, k+2
						if d.toks[k-1].t == "," {
							end = k - 1
						}
						break
					}
				}
				if end-cs >= 1 {
					q := news.Quote{Start: d.toks[cs].s, End: d.toks[end-1].e, Kind: news.QuoteIndirect, Speaker: sp,
						Cue: t.low, CueStart: t.s, CueEnd: t.e, Via: via, Confidence: 0.7, Sentence: si}
					q.Parts = []news.Span{{Start: q.Start, End: q.End}}
					d.out = append(d.out, q)
				}
				cs = next
			}
		}
	}
}

// according handles "According to X, …" and "…, according to X."
func (d *doc) according(si int, st sent, j int) {
	a, b := d.npAfter(j+1, st.te)
	if a >= b {
		return
	}
	var cs, ce int
	if b < st.te && participle[d.toks[b].low] {
		// "according to a report cited in X, …"
		for k := b; k < st.te && k < b+10; k++ {
			if d.toks[k].t == "," {
				b = k
				break
			}
		}
	}
	switch {
	case d.trimLead(st.ts, j) == j && b < st.te && d.toks[b].t == ",":
		cs, ce = b+1, st.te
	case j-1 > st.ts && d.toks[j-1].t == ",":
		cs, ce = st.ts, j-1
	default:
		return
	}
	if cs < ce && (d.toks[cs].low == "who" || d.toks[cs].low == "which") {
		// "According to X, who briefed reporters, …"
		for cs < ce && d.toks[cs].t != "," {
			cs++
		}
	}
	cs, ce = d.trimContent(cs, ce)
	if ce-cs < 3 || d.anyQuoted(cs, ce) {
		return
	}
	d.used[j], d.used[j+1] = true, true
	// "according to a Meridian Wire report cited in The Harbour Courier":
	// the first medium is the source, the others carried it.
	sp := d.speaker(a, b)
	via := d.via(st.ts, st.te, sp)
	if ms := d.via(a, b, nil); len(ms) > 0 && (reportWord[d.toks[b-1].low] || ms[0].Start == d.toks[a].s || d.hasReportWord(a, b)) {
		m := ms[0]
		sp = &news.Speaker{Text: m.Name, Start: m.Start, End: m.End, Type: news.SpeakerOrg, Sector: "JRN", EntityID: m.EntityID}
		via = nil
		for _, x := range d.via(st.ts, st.te, nil) {
			if x.Start != m.Start {
				via = append(via, x)
			}
		}
	}
	q := news.Quote{Start: d.toks[cs].s, End: d.toks[ce-1].e, Kind: news.QuoteIndirect, Speaker: sp,
		Cue: "according to", CueStart: d.toks[j].s, CueEnd: d.toks[j+1].e, Via: via, Confidence: 0.7, Sentence: si}
	q.Parts = []news.Span{{Start: q.Start, End: q.End}}
	d.out = append(d.out, q)
}

// contentAfter returns the first token of the reported clause after the
// cue at j ("said (on Tuesday) (that) …", "told reporters that …"), or -1.
func (d *doc) contentAfter(j int, st sent) int {
	t := d.toks[j]
	if a := d.subjectStart(j); a > st.ts && d.toks[a-1].t == "," {
		// "The plan, officials said, would …": a parenthetical cue.
		if k := d.skipAdjuncts(j+1, st.te); k < st.te && d.toks[k].t == "," {
			return -1
		}
	}
	// "that" within a few tokens, across an addressee or adjunct.
	paren := j+1 < st.te && d.toks[j+1].t == ","
	for k := j + 1; k < st.te && k < j+12; k++ {
		tk := d.toks[k]
		if paren && k > j+1 && tk.t == "," {
			paren = false
			continue
		}
		if tk.inQ || tk.t == "." || tk.t == ":" || tk.t == ";" {
			break
		}
		if tk.low == "that" {
			if k+1 < st.te && isWord(d.toks[k+1].t) {
				return k + 1
			}
			return -1
		}
		if isCueTok(tk) {
			break
		}
		// only an addressee or an adjunct may stand between cue and "that"
		if !paren && !(isCap(tk.t) || roleSector[tk.low].typ != "" || detWord[tk.low] || timeWord[tk.low] || isAdverb(tk.low) || betweenThat[tk.low] || tk.t == ",") {
			break
		}
	}
	if !sayVerbs[t.low] || thatOnly[t.low] {
		return -1
	}
	k := j + 1
	if objectVerbs[t.low] {
		// "told reporters …", "told The Harbour Courier …"
		if k < st.te && isCap(d.toks[k].t) {
			k = d.nameRun(k, st.te)
		} else if k < st.te && roleSector[d.toks[k].low].typ != "" || k < st.te && (d.toks[k].low == "reporters" || d.toks[k].low == "journalists" || d.toks[k].low == "him" || d.toks[k].low == "her" || d.toks[k].low == "them" || d.toks[k].low == "us" || d.toks[k].low == "me") {
			k++
		} else {
			return -1
		}
	}
	k = d.skipAdjuncts(k, st.te)
	if k < st.te && d.toks[k].t == "," {
		k++
	}
	if k >= st.te || !isWord(d.toks[k].t) || d.toks[k].inQ {
		return -1
	}
	switch d.toks[k].low {
	case "would", "will", "was", "were", "is", "are", "had", "has", "could", "should", "might", "may", "can", "must", "of", "to", "in", "on", "at", "by", "with", "for", "about", "against", "from", "goodbye", "nothing", "so", "yes", "no", "and", "but", "it", "as", "if", "whether", "what", "how", "why", "when", "this", "the", "a", "an", "he", "she":
		if d.toks[k].low == "the" || d.toks[k].low == "a" || d.toks[k].low == "an" || d.toks[k].low == "he" || d.toks[k].low == "she" || d.toks[k].low == "it" || d.toks[k].low == "this" {
			break
		}
		return -1
	}
	if st.te-k < 3 {
		return -1
	}
	return k
}

// skipAdjuncts skips time and manner phrases after a cue: "on Tuesday",
// "last week", "in a statement", "in an interview with X".
func (d *doc) skipAdjuncts(k, hi int) int {
	for k < hi {
		low := d.toks[k].low
		switch {
		case timeWord[low] || isAdverb(low) || low == "again" || low == "also":
			k++
		case (low == "on" || low == "last" || low == "this" || low == "late" || low == "early") && k+1 < hi && timeWord[d.toks[k+1].low]:
			k += 2
		case low == "in" && k+2 < hi && (d.toks[k+1].low == "a" || d.toks[k+1].low == "an" || d.toks[k+1].low == "its" || d.toks[k+1].low == "his" || d.toks[k+1].low == "her" || d.toks[k+1].low == "their"):
			// "in a statement", "in an interview with The Harbour Courier"
			m := k + 2
			for m < hi && m < k+9 && d.toks[m].t != "," && d.toks[m].low != "that" && d.toks[m].t != "." {
				m++
			}
			k = m
		case low == "to" && k+1 < hi && isCap(d.toks[k+1].t):
			k = d.nameRun(k+1, hi)
		default:
			return k
		}
	}
	return k
}

// trimContent drops a leading comma or "that" and trailing punctuation.
func (d *doc) trimContent(cs, ce int) (int, int) {
	if cs < ce && cs == d.sents[d.toks[cs].sent].ts {
		cs = d.datelineEnd(d.toks[cs].sent)
	}
	for cs < ce && (d.toks[cs].t == "," || d.toks[cs].low == "that") {
		cs++
	}
	for ce > cs && !isWord(d.toks[ce-1].t) && d.toks[ce-1].t != ")" && d.toks[ce-1].t != "%" {
		ce--
	}
	return cs, ce
}

func (d *doc) anyQuoted(a, b int) bool {
	for i := a; i < b; i++ {
		if d.toks[i].inQ && !d.inTerm(d.toks[i].s) {
			return true
		}
	}
	return false
}

// inTerm reports whether byte off lies in a scare-quoted term (marks
// included).
func (d *doc) inTerm(off int) bool {
	for _, t := range d.terms {
		if off >= t.Start && off < t.End {
			return true
		}
	}
	return false
}

// subjectStart returns the first token of the subject before the cue at j.
func (d *doc) subjectStart(j int) int {
	a, b := d.npBefore(j, d.sents[d.toks[j].sent].ts)
	if a >= b {
		return j
	}
	return a
}

// datelineEnd returns the first token after a dateline opening sentence
// si ("OSLO (Meridian Wire) —"), or the sentence's first token.
func (d *doc) datelineEnd(si int) int {
	st := d.sents[si]
	for k := st.ts; k < st.te && k < st.ts+10; k++ {
		t := d.toks[k].t
		switch {
		case t == "—" || t == "–" || t == "-" || t == "--":
			if k > st.ts {
				return k + 1
			}
			return st.ts
		case t == "(" || t == ")" || t == ",":
		case isWord(t) && (strings.ToUpper(t) == t || isCap(t)):
		default:
			return st.ts
		}
	}
	return st.ts
}

var reportWord = setOf("report reports story article reporting broadcast interview")

func (d *doc) hasReportWord(a, b int) bool {
	for i := a; i < b; i++ {
		if reportWord[d.toks[i].low] {
			return true
		}
	}
	return false
}

// clauseEnd cuts reported content before a comment on it: ", which …",
// ", a move that …".
func (d *doc) clauseEnd(cs, ce int) int {
	for k := cs + 2; k+1 < ce; k++ {
		if d.toks[k].low == "but" && butVerb[d.toks[k+1].low] {
			// "… within a year but did not say how": the writer's clause.
			return k
		}
		if d.toks[k].t != "," {
			continue
		}
		n := d.toks[k+1].low
		if n == "which" {
			return k
		}
		if n == "but" && k+2 < ce && butVerb[d.toks[k+2].low] {
			return k
		}
		if (n == "a" || n == "an") && k+3 < ce && (d.toks[k+3].low == "that" || d.toks[k+3].low == "which") {
			return k
		}
	}
	return ce
}

// betweenThat are words allowed between a cue and its "that": "told
// reporters on Tuesday in a statement that".
var betweenThat = setOf("reporters journalists him her them us me on in at during a an his its their statement interview briefing conference news press call letter post also again repeatedly")

// butVerb opens a clause after "but" that the writer adds about the
// source ("but did not say", "but declined to").
var butVerb = setOf("did declined refused gave offered provided")
