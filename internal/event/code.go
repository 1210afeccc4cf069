package event

import (
	"sort"
	"strings"

	"github.com/readout/readout/internal/kb"
	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/timex"
)

// Code returns the PLOVER events of an annotated article, in text order.
// The article's Sentences must carry tokens with lemmas and a dependency
// parse (package syntax) and its Entities the resolved mentions (package
// resolve); without them Code finds fewer events or none. k maps place
// names to countries (locations, the dateline); it may be nil. Code does
// not modify the article and is safe for concurrent use.
func Code(a *news.Article, k *kb.KB) []news.Event {
	if a == nil {
		return nil
	}
	c := coder{a: a, k: k, lex: defaultLexicon}
	c.indexMentions()
	var all []coded
	for si := range a.Sentences {
		for _, cd := range c.sentence(si) {
			ev := &cd.ev
			if q := c.quoteAt(ev.Trigger.Start); q != nil && (ev.Status == news.StatusOccurred || ev.Status == news.StatusOngoing) {
				// inside a quotation or reported statement: a claim
				// of its speaker, unless the article asserts it too
				// (see dedupe and mergeInto)
				ev.Status = news.StatusReported
			}
			all = append(all, cd)
		}
	}
	return dedupe(resolveAnaphora(all))
}

// quoteAt returns the quotation or reported statement whose content
// covers byte offset pos (scare-quoted terms excepted), or nil.
func (c *coder) quoteAt(pos int) *news.Quote {
	for i := range c.a.Quotes {
		q := &c.a.Quotes[i]
		if q.Kind == news.QuoteTerm || pos < q.Start || pos >= q.End {
			continue
		}
		if len(q.Parts) == 0 {
			return q
		}
		for _, p := range q.Parts {
			if pos >= p.Start && pos < p.End {
				return q
			}
		}
	}
	return nil
}

// dedupe drops a later mention of an event already coded ("Rubio's visit"
// after "Rubio arrived in Jerusalem on Sunday"): same type and mode, the
// same participants, and no date of its own that differs.
func dedupe(evs []news.Event) []news.Event {
	seen := map[string]*news.Event{}
	out := evs[:0]
	for _, e := range evs {
		key := string(e.Type) + "|" + e.Mode + "|" + string(e.Status) + "|" + participants(e)
		if prev, ok := seen[key]; ok && (e.Date == nil || prev.Date != nil && prev.Date.Unresolved == e.Date.Unresolved) {
			continue
		}
		out = append(out, e)
		seen[key] = &out[len(out)-1]
	}
	return out
}

// participants is a canonical key of an event's actors and recipients.
func participants(e news.Event) string {
	var ps []string
	for _, a := range append(e.Actors[:len(e.Actors):len(e.Actors)], e.Recipients...) {
		id := a.EntityID
		if id == "" {
			id = strings.ToLower(a.Text)
		}
		ps = append(ps, id)
	}
	sort.Strings(ps)
	return strings.Join(ps, ",")
}

// coder holds the per-call state of Code.
type coder struct {
	a     *news.Article
	k     *kb.KB
	lex   lexicon
	ments []mentionRef // all mentions, sorted by start
}

type mentionRef struct {
	start, end int
	ent        *news.Entity
	text, kind string
}

func (c *coder) indexMentions() {
	for i := range c.a.Entities {
		e := &c.a.Entities[i]
		for _, m := range e.Mentions {
			c.ments = append(c.ments, mentionRef{m.Start, m.End, e, m.Text, m.Kind})
		}
	}
	sort.Slice(c.ments, func(i, j int) bool { return c.ments[i].start < c.ments[j].start })
}

// sent is one sentence with its dependency children indexed.
type sent struct {
	idx  int
	s    *news.Sentence
	toks []news.Token
	kids [][]int
	text string // Article.Text
	// timeTok marks tokens inside time expressions.
	timeTok map[int]bool
	times   []timexAt
}

func newSent(a *news.Article, si int) *sent {
	s := &a.Sentences[si]
	st := &sent{idx: si, s: s, toks: s.Tokens, kids: make([][]int, len(s.Tokens)), text: a.Text}
	for i, t := range s.Tokens {
		if t.Head >= 0 && t.Head < len(s.Tokens) && t.Head != i {
			st.kids[t.Head] = append(st.kids[t.Head], i)
		}
	}
	st.findTimes()
	return st
}

func (s *sent) head(i int) int {
	h := s.toks[i].Head
	if h < 0 || h >= len(s.toks) || h == i {
		return -1
	}
	return h
}

func (s *sent) lemma(i int) string {
	t := s.toks[i]
	if t.Lemma != "" && t.Lemma != "_" {
		return strings.ToLower(t.Lemma)
	}
	return strings.ToLower(t.Text)
}

func (s *sent) rel(i int) string { return s.toks[i].Rel }

// baseRel is the relation without its subtype ("obl:tmod" → "obl").
func (s *sent) baseRel(i int) string {
	r, _, _ := strings.Cut(s.toks[i].Rel, ":")
	return r
}

// caseOf returns the lemma of the preposition marking token i, or "".
func (s *sent) caseOf(i int) string {
	for _, k := range s.kids[i] {
		if s.rel(k) == "case" {
			return s.lemma(k)
		}
	}
	return ""
}

// ancestor reports whether a is i or an ancestor of i.
func (s *sent) ancestor(a, i int) bool {
	for n := 0; i >= 0 && n < len(s.toks); n++ {
		if i == a {
			return true
		}
		i = s.head(i)
	}
	return false
}

// trig is a matched lexicon entry at a token.
type trig struct {
	tok        int
	e          entry
	matchedObj map[int]bool // objects consumed by an obj= condition
	// anaphorOnly: a definite event noun whose conditions failed; kept
	// only when it merges into an earlier event
	anaphorOnly bool
}

func (c *coder) sentence(si int) []coded {
	s := newSent(c.a, si)
	if len(s.toks) == 0 || s.s.Start < 0 || s.s.End > len(c.a.Text) || s.s.Start > s.s.End {
		return nil
	}
	var trigs []trig
	for i, t := range s.toks {
		if t.Start < 0 || t.End > len(c.a.Text) || t.Start > t.End {
			return nil
		}
		var key string
		switch t.UPOS {
		case "VERB":
			key = "V:"
		case "NOUN", "PROPN":
			key = "N:"
		default:
			continue
		}
		es := c.lex[key+s.lemma(i)]
		if len(es) == 0 {
			es = c.lex[key+strings.ToLower(t.Text)]
		}
		matched := false
		for _, e := range es {
			if used, ok := s.match(i, e); ok {
				if e.typ != typeNone {
					trigs = append(trigs, trig{tok: i, e: e, matchedObj: used})
				}
				matched = true
				break
			}
		}
		if !matched && key == "N:" && len(es) > 0 && s.definite(i) && s.rel(i) != "compound" {
			// "the call, which lasted an hour, took place on Sunday":
			// an event noun whose conditions fail may still refer back
			trigs = append(trigs, trig{tok: i, e: es[0], anaphorOnly: true})
		}
	}
	var evs []coded
	var used []trig
	for _, tr := range trigs {
		if ev, ok := c.build(s, tr, trigs); ok {
			evs = append(evs, ev)
			used = append(used, tr)
		}
	}
	return mergeNested(s, evs, used)
}

// match checks an entry's conditions at token i. It returns the objects
// an obj= condition consumed.
func (s *sent) match(i int, e entry) (map[int]bool, bool) {
	var used map[int]bool
	for _, cd := range e.conds {
		ok := false
		switch cd.rel {
		case "objname":
			for _, k := range s.kids[i] {
				if s.rel(k) == "obj" && (s.toks[k].UPOS == "PROPN" || s.toks[k].UPOS == "PRON") {
					ok = true
				}
			}
		case "noobj":
			ok = true
			for _, k := range s.kids[i] {
				if s.rel(k) == "obj" {
					ok = false
				}
			}
		case "head":
			if h := s.head(i); h >= 0 && s.rel(i) != "compound" && s.lemmaIn(h, cd.lemmas) {
				ok = true
			}
			// a mis-parse that hangs the verb under its object
			// ("imposed" as amod of "sanctions")
			for _, k := range s.kids[i] {
				if (s.baseRel(k) == "amod" || s.baseRel(k) == "acl") && s.toks[k].UPOS == "VERB" && s.toks[k].Start < s.toks[i].Start && s.lemmaIn(k, cd.lemmas) {
					ok = true
				}
			}
		default:
			if cd.rel == "obj" {
				// the object of a verb the parser hung under it
				if _, o, mis := s.misparsedMain(i); mis && o >= 0 && s.lemmaIn(o, cd.lemmas) {
					ok = true
					if used == nil {
						used = map[int]bool{}
					}
					used[o] = true
				}
			}
			kids := s.kids[i]
			if cd.rel == "prep" {
				// a prepositional phrase the parser attached to the
				// object ("returned two paintings to the government")
				for _, k := range s.kids[i] {
					if s.rel(k) == "obj" {
						for _, m := range s.kids[k] {
							if s.baseRel(m) == "nmod" {
								kids = append(kids[:len(kids):len(kids)], m)
							}
						}
					}
				}
			}
			for _, k := range kids {
				if s.condKid(k, cd) {
					ok = true
					if cd.rel == "obj" {
						if used == nil {
							used = map[int]bool{}
						}
						used[k] = true
					}
				}
			}
		}
		if !ok {
			return nil, false
		}
	}
	return used, true
}

func (s *sent) condKid(k int, cd cond) bool {
	r, br := s.rel(k), s.baseRel(k)
	l := s.lemma(k)
	switch cd.rel {
	case "xcomp":
		return br == "xcomp" && s.lemmaIn(k, cd.lemmas)
	case "subj":
		return r == "nsubj" && (s.lemmaIn(k, cd.lemmas) || s.compoundHas(k, cd.lemmas))
	case "obj":
		if r != "obj" && r != "nsubj:pass" && r != "iobj" {
			return false
		}
		if cd.lemmas["*"] {
			return r == "obj" // any object
		}
		if s.lemmaIn(k, cd.lemmas) || s.compoundHas(k, cd.lemmas) {
			return true
		}
		// a partitive: "dozens of activists", "some of the peacekeepers"
		if partitive[s.lemma(k)] || s.toks[k].UPOS == "NUM" {
			for _, m := range s.kids[k] {
				if s.baseRel(m) == "nmod" && s.caseOf(m) == "of" && (s.lemmaIn(m, cd.lemmas) || s.compoundHas(m, cd.lemmas)) {
					return true
				}
			}
		}
		return false
	case "prep":
		return (br == "obl" || br == "nmod" || br == "advcl" || br == "xcomp") && cd.lemmas[s.caseOf(k)] ||
			(r == "compound:prt" || br == "advmod") && cd.lemmas[l]
	case "obl":
		return (br == "obl" || br == "nmod") && s.lemmaIn(k, cd.lemmas)
	case "prt":
		return (r == "compound:prt" || br == "advmod" || br == "obl") && cd.lemmas[l]
	case "mod":
		return (br == "compound" || br == "amod" || br == "nmod") && s.lemmaIn(k, cd.lemmas)
	}
	return false
}

// lemmaIn reports whether token k's lemma, its lower-cased text or that
// text without a plural "s" is in set (robust to lemmatiser misses).
func (s *sent) lemmaIn(k int, set map[string]bool) bool {
	if set[s.lemma(k)] {
		return true
	}
	w := strings.ToLower(s.toks[k].Text)
	return set[w] || strings.HasSuffix(w, "s") && set[w[:len(w)-1]]
}

// compoundHas reports whether a compound modifier of k has a lemma in set
// ("aid supplies" for aid).
func (s *sent) compoundHas(k int, set map[string]bool) bool {
	for _, m := range s.kids[k] {
		if s.rel(m) == "compound" && set[s.lemma(m)] {
			return true
		}
	}
	return false
}

// mergeNested joins events of one type whose triggers are head and
// dependent: "met … for talks" keeps the verb; "a missile strike killed
// two" keeps the more specific noun and takes the verb's recipients.
func mergeNested(s *sent, evs []coded, trs []trig) []coded {
	drop := make([]bool, len(evs))
	// keeper follows merges: an event merged into one that is merged
	// in turn ends in the last
	keeper := make([]int, len(evs))
	for i := range keeper {
		keeper[i] = i
	}
	find := func(x int) int {
		for keeper[x] != x {
			x = keeper[x]
		}
		return x
	}
	for i0 := range evs {
		for j0 := range evs {
			if i0 == j0 || !nested(s, evs, trs, i0, j0) {
				continue
			}
			i, j := find(i0), find(j0)
			if i == j {
				continue
			}
			keep, gone := j, i
			if trs[i].e.noun && !trs[j].e.noun && s.baseRel(trs[i].tok) == "nsubj" {
				keep, gone = i, j
			}
			keeper[gone] = keep
			drop[gone] = true
			k, g := &evs[keep].ev, evs[gone].ev
			if k.Mode == "" {
				k.Mode, k.CAMEO = g.Mode, g.CAMEO
			}
			if len(k.Actors) == 0 {
				k.Actors = g.Actors
			}
			if len(k.Recipients) == 0 {
				k.Recipients = g.Recipients
			}
			if k.Location == nil || k.Location.FromDateline {
				k.Location = g.Location
			}
			if k.Date == nil {
				k.Date = g.Date
			}
			k.Confidence = max(k.Confidence, g.Confidence)
			evs[keep].weak = evs[keep].weak && evs[gone].weak
		}
	}
	out := evs[:0]
	for i, e := range evs {
		if !drop[i] {
			out = append(out, e)
		}
	}
	return out
}

// nested reports whether event i hangs on event j of the same type
// ("met … for talks"), or is an ASSAULT's participial result ("struck
// a school, killing 12"; "the strike hit …, wounding …").
func nested(s *sent, evs []coded, trs []trig, i, j int) bool {
	if evs[i].ev.Type != evs[j].ev.Type {
		return false
	}
	ti, tj := trs[i].tok, trs[j].tok
	h := s.head(ti)
	if h == tj {
		return true
	}
	if evs[i].ev.Type == news.EventAssault && s.baseRel(ti) == "advcl" && s.toks[ti].XPOS == "VBG" && h >= 0 && s.head(tj) == h {
		return true // sibling: the strike (nsubj) and the participle hang on one verb
	}
	return false
}

// timexAt is a date expression of the sentence with its first token.
type timexAt struct {
	v        timex.Value // offsets relative to the sentence
	tok, end int         // first and last token
}

func (s *sent) findTimes() {
	s.timeTok = map[int]bool{}
	if s.s.Start < 0 || s.s.End > len(s.text) || s.s.Start > s.s.End {
		return
	}
	for _, v := range timex.Find(s.text[s.s.Start:s.s.End]) {
		start, end := v.Start+s.s.Start, v.End+s.s.Start
		first, last := -1, -1
		for k, t := range s.toks {
			if t.End > start && t.Start < end {
				if first < 0 {
					first = k
				}
				last = k
				s.timeTok[k] = true
			}
		}
		if first >= 0 && v.Kind == timex.KindDate {
			s.times = append(s.times, timexAt{v, first, last})
		}
	}
}

// partitive heads name a part of what their "of" phrase names.
var partitive = set("some", "many", "all", "most", "several", "dozen", "dozens", "hundred", "hundreds",
	"thousand", "thousands", "number", "group", "handful", "few", "scores", "score", "each", "one", "two", "three")
