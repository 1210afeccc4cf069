package event

import (
	"strings"

	"github.com/readout/readout/internal/kb"
	"github.com/readout/readout/internal/news"
)

// Arguments: subjects, objects, phrases, entity mapping, places.
// misparsedMain recognises a finite main verb that the parser hung under
// its subject, which it made the root: "Thai police detained …" parsed as
// police ←acl– detained, or "The agency distributed food …" as agency →
// food –amod→ distributed. It returns the subject and, for the amod
// shape, the object.
func (s *sent) misparsedMain(i int) (subj, obj int, ok bool) {
	t := s.toks[i]
	if t.UPOS != "VERB" || t.XPOS != "VBD" && t.XPOS != "VBN" {
		return -1, -1, false
	}
	nominal := func(k int) bool {
		if k < 0 || k >= i || s.toks[k].UPOS != "NOUN" && s.toks[k].UPOS != "PROPN" {
			return false
		}
		// a finite past form (VBD) is no reduced relative: whatever the
		// noun hangs on, it is the verb's subject; a participle (VBN)
		// only when the noun is the root
		return s.rel(k) == "root" || t.XPOS == "VBD" && s.rel(i) == "acl" && !s.hasSubj(i)
	}
	for _, k := range s.kids[i] {
		if s.rel(k) == "obl:agent" || s.caseOf(k) == "by" || s.rel(k) == "aux" || s.rel(k) == "aux:pass" {
			return -1, -1, false
		}
	}
	h := s.head(i)
	switch s.rel(i) {
	case "acl":
		if nominal(h) {
			return h, -1, true
		}
	case "amod":
		if h > i {
			if r := s.head(h); nominal(r) {
				return r, h, true
			}
		}
	}
	return -1, -1, false
}

// recoverSubject finds the actor of a finite root verb the parser left
// without a subject: the actor mentions between the last comma before the
// verb (or the sentence start) and the verb ("In a call, X and Y held …").
func (c *coder) recoverSubject(s *sent, v int) []int {
	t := s.toks[v]
	if s.rel(v) != "root" || t.UPOS != "VERB" || (t.XPOS != "VBD" && t.XPOS != "VBZ" && t.XPOS != "VBP") {
		return nil
	}
	for _, k := range s.kids[v] {
		if s.baseRel(k) == "nsubj" || s.baseRel(k) == "csubj" || s.rel(k) == "expl" {
			return nil
		}
	}
	from := 0
	for k := v - 1; k >= 0; k-- {
		if s.toks[k].Text == "," || s.toks[k].Text == ";" {
			from = k + 1
			break
		}
	}
	var out []int
	var last *mentionRef
	for k := from; k < v; k++ {
		m := c.mentionAt(s.toks[k].Start, s.toks[k].End)
		if m == nil || m == last || m.ent.Type == kb.TypePlace {
			continue
		}
		last = m
		out = append(out, k)
	}
	return out
}

// clausal reports whether a phrase span holds a verb or auxiliary: a
// mis-parsed clause rather than a noun phrase, unusable as an actor text.
func (s *sent) clausal(start, end int) bool {
	for k, t := range s.toks {
		if t.Start >= start && t.End <= end && (t.UPOS == "VERB" || t.UPOS == "AUX") {
			if r := s.baseRel(k); r == "amod" || r == "compound" {
				continue // "the US-backed SDF": a participle as adjective
			}
			return true
		}
	}
	return false
}

// passive reports whether verb i has a passive subject.
func (s *sent) passive(i int) bool {
	_, p := s.subject(i)
	return p
}

func (s *sent) hasMark(i int) bool {
	for _, k := range s.kids[i] {
		if s.rel(k) == "mark" {
			return true
		}
	}
	return false
}

// infinitive reports whether verb i is a "to" infinitive.
func (s *sent) infinitive(i int) bool {
	if s.toks[i].XPOS != "VB" {
		return false
	}
	for _, k := range s.kids[i] {
		if s.rel(k) == "mark" && s.lemma(k) == "to" {
			return true
		}
	}
	return false
}

// dropTime removes tokens inside time expressions ("on Friday").
func (s *sent) dropTime(toks []int) []int {
	out := toks[:0:0]
	for _, k := range toks {
		if !s.timeTok[k] {
			out = append(out, k)
		}
	}
	return out
}

func h0(h int) int { return max(h, 0) }

func isTrigger(all []trig, tok int) bool {
	for _, t := range all {
		if t.tok == tok {
			return true
		}
	}
	return false
}

// subject returns the subject tokens of verb i, climbing through xcomp,
// conj and advcl (shared subjects), and whether the clause is passive.
func (s *sent) subject(i int) ([]int, bool) {
	for n := 0; i >= 0 && n < 4; n++ {
		var subj []int
		passive := false
		for _, k := range s.kids[i] {
			switch s.rel(k) {
			case "nsubj", "csubj":
				subj = append(subj, k)
			case "nsubj:pass", "csubj:pass":
				subj = append(subj, k)
				passive = true
			}
		}
		if len(subj) > 0 {
			// a controller's passive subject ("X is expected to travel")
			// is the actor of the controlled verb
			return subj, passive && n == 0
		}
		switch s.baseRel(i) {
		case "xcomp", "conj":
			i = s.head(i)
		case "advcl":
			// a participle shares its head's subject ("…, killing four");
			// a finite adverbial clause ("as X visited") does not
			if x := s.toks[i].XPOS; x != "VBG" && x != "VBN" || s.hasMark(i) {
				return nil, false
			}
			i = s.head(i)
		default:
			// a main verb the parser hung under its subject noun
			if ms, _, ok := s.misparsedMain(i); ok {
				return []int{ms}, false
			}
			return nil, false
		}
	}
	return nil, false
}

func (s *sent) subjects(i int) []int {
	subj, passive := s.subject(i)
	if passive {
		return nil
	}
	return subj
}

// expandConj adds the conjuncts of each token ("Rubio and Cooper").
func expandConj(s *sent, toks []int) []int {
	var out []int
	seen := map[int]bool{}
	var add func(k, depth int)
	add = func(k, depth int) {
		if seen[k] || depth > 6 {
			return
		}
		seen[k] = true
		out = append(out, k)
		for _, c := range s.kids[k] {
			if s.rel(c) == "conj" && s.toks[c].UPOS != "VERB" {
				add(c, depth+1)
			}
		}
	}
	for _, k := range toks {
		add(k, 0)
	}
	return out
}

// isActorWord reports whether a modifier of an event noun names an actor
// ("Israeli" strike, "U.S." talks, "Hamas" attack).
func (c *coder) isActorWord(s *sent, k int) bool {
	t := s.toks[k]
	if m := c.mentionAt(t.Start, t.End); m != nil {
		return m.ent.Type != kb.TypePlace && m.kind != news.MentionCapital
	}
	return false
}

// modActors returns the modifiers of an event noun that name an actor,
// looking one level down for "Israeli missile strike" where the demonym
// modifies the modifier.
func (c *coder) modActors(s *sent, k int) []int {
	var out []int
	isMod := func(m int) bool {
		mb := s.baseRel(m)
		return mb == "amod" || mb == "compound" || s.rel(m) == "nmod:poss"
	}
	for _, m := range s.kids[k] {
		if !isMod(m) {
			continue
		}
		if c.isActorWord(s, m) {
			if tm := s.toks[m]; s.baseRel(m) == "compound" && tm.UPOS == "PROPN" {
				if me := c.mentionAt(tm.Start, tm.End); me != nil && me.ent.Type == kb.TypeCountry && me.kind == news.MentionName {
					continue // "the Qatar strike": where, see nounPlace
				}
			}
			out = append(out, m)
			continue
		}
		if s.toks[m].UPOS == "PROPN" {
			continue // "the Doha strike": a place, see nounPlace
		}
		for _, n := range s.kids[m] {
			if isMod(n) && c.isActorWord(s, n) {
				out = append(out, n)
			}
		}
	}
	return out
}

// specificClause reports whether a trigger without mapped arguments still
// reads as a specific event: a proper-name actor, or a nominal actor of a
// past-tense main-clause verb ("Donors pledged …"). Present-tense and
// subordinate generic statements fail.
func (s *sent) specificClause(i int, toks []int) bool {
	for _, k := range toks {
		if s.toks[k].UPOS == "PROPN" {
			return true
		}
	}
	if s.toks[i].XPOS != "VBD" {
		return false
	}
	switch s.baseRel(i) {
	case "root", "conj", "ccomp":
	default:
		return false
	}
	for _, k := range toks {
		if s.toks[k].UPOS == "NOUN" {
			return true
		}
	}
	return false
}

// mentionAt returns the mention covering [start,end), preferring the
// shortest.
func (c *coder) mentionAt(start, end int) *mentionRef {
	var best *mentionRef
	for i := range c.ments {
		m := &c.ments[i]
		if m.start > start {
			break
		}
		if m.end >= end && (best == nil || m.end-m.start < best.end-best.start) {
			best = m
		}
	}
	return best
}

// phrase returns the byte span of token k with its modifiers, leaving out
// clauses, conjuncts and appositions.
func (s *sent) phrase(k int) (int, int) {
	start, end := s.toks[k].Start, s.toks[k].End
	var walk func(i, depth int)
	walk = func(i, depth int) {
		if depth > 8 {
			return
		}
		for _, c := range s.kids[i] {
			if s.timeTok[c] {
				continue
			}
			if depth == 0 && s.baseRel(c) == "appos" && s.toks[k].UPOS == "PROPN" {
				// "Secretary of State, Jane Doe": the name is the actor
				start, end = min(start, s.toks[c].Start), max(end, s.toks[c].End)
				walk(c, depth+1)
				continue
			}
			switch s.baseRel(c) {
			case "acl", "appos", "parataxis", "advcl", "punct", "dep", "ccomp":
				continue
			case "conj", "cc":
				if depth == 0 {
					continue
				}
			case "case":
				if depth == 0 {
					continue
				}
			case "nmod":
				if cs := s.caseOf(c); depth == 0 && s.rel(c) != "nmod:poss" && cs != "of" && cs != "from" && cs != "" {
					continue // "leaders in Doha", "advocate for an alliance"
				}
			}
			start = min(start, s.toks[c].Start)
			end = max(end, s.toks[c].End)
			walk(c, depth+1)
		}
	}
	walk(k, 0)
	return start, end
}

// actors maps argument tokens to event actors via entity mentions.
func (c *coder) actors(s *sent, toks []int) []news.EventActor {
	var out []news.EventActor
	seen := map[string]bool{}
	addEnt := func(m *mentionRef, sector string) {
		e := m.ent
		if seen[e.ID] {
			return
		}
		seen[e.ID] = true
		a := news.EventActor{EntityID: e.ID, Text: m.text, Start: m.start, End: m.end,
			Country: e.Country, Sector: e.Sector, Code: e.Actor}
		if a.Sector == "" && sector != "" {
			a.Sector = sector
			a.Code = a.Country + sector
		}
		if a.Country == "" && a.Code == "" && e.Type != kb.TypeIGO {
			// an entity the resolver typed wrongly but whose name is a
			// country ("Burkina Faso" as a person)
			a.Country = c.placeCountry(m.text)
		}
		if a.Code == "" {
			a.Code = a.Country + a.Sector
		}
		out = append(out, a)
	}
	for _, k := range toks {
		t := s.toks[k]
		if t.UPOS == "PRON" && c.mentionAt(t.Start, t.End) == nil {
			// "we" in a quotation is the speaker's side ("We destroyed
			// three tanks," a Ukrainian commander said); other
			// unresolved pronouns give no actor
			if l := s.lemma(k); l == "we" || l == "us" || l == "our" {
				if q := c.quoteAt(t.Start); q != nil && q.Kind == news.QuoteDirect && q.Speaker != nil && q.Speaker.Country != "" && !seen["quote:"+q.Speaker.Text] {
					seen["quote:"+q.Speaker.Text] = true
					sp := q.Speaker
					out = append(out, news.EventActor{Text: t.Text, Start: t.Start, End: t.End,
						Country: sp.Country, Sector: sp.Sector, Code: sp.Country + sp.Sector})
				}
			}
			continue
		}
		if m := c.mentionAt(t.Start, t.End); m != nil {
			addEnt(m, "")
			continue
		}
		if t.UPOS == "NOUN" && len(c.lex["N:"+s.lemma(k)]) > 0 {
			// an event noun as argument ("condemned the Israeli strike"):
			// its own actor words are the participants
			if ms := c.modActors(s, k); len(ms) > 0 {
				for _, m := range ms {
					tm := s.toks[m]
					addEnt(c.mentionAt(tm.Start, tm.End), "")
				}
				continue
			}
		}
		start, end := s.phrase(k)
		sector := kb.SectorOfTitle(s.lemma(k))
		var inPhrase []*mentionRef
		for i := range c.ments {
			m := &c.ments[i]
			if m.start >= end {
				break
			}
			if m.start >= start && m.end <= end {
				inPhrase = append(inPhrase, m)
			}
		}
		found := false
		for _, m := range inPhrase {
			if m.kind == news.MentionPronoun && len(inPhrase) > 1 {
				continue // "her Estonian counterpart": not her
			}
			if m.ent.Type == kb.TypePlace && m.ent.Country == "" && len(inPhrase) > 1 {
				continue
			}
			if len(out) < 4 {
				addEnt(m, sector)
				found = true
			}
		}
		// a demonym the resolver left without a mention ("Italian and
		// Libyan officials": one actor per country)
		for j, tj := range s.toks {
			if tj.Start < start || tj.End > end || j == k || tj.UPOS != "ADJ" && tj.UPOS != "PROPN" || c.k == nil || len(out) >= 4 {
				continue
			}
			if c.mentionAt(tj.Start, tj.End) != nil {
				continue
			}
			if e := c.k.Demonym(tj.Text); e != nil && e.Country != "" && !seen["demonym:"+e.Country] {
				seen["demonym:"+e.Country] = true
				out = append(out, news.EventActor{Text: tj.Text, Start: tj.Start, End: tj.End, Country: e.Country, Sector: sector, Code: e.Country + sector})
				found = true
			}
		}
		if !found && start < end && end <= len(c.a.Text) && !s.clausal(start, end) {
			txt := strings.TrimSpace(c.a.Text[start:end])
			key := "text:" + txt
			if !seen[key] {
				seen[key] = true
				a := news.EventActor{Text: txt, Start: start, End: end, Sector: sector}
				if ctry := c.placeCountry(txt); ctry != "" && t.UPOS == "PROPN" {
					// a capital for its government ("Kyiv withdraws")
					a.Country, a.Sector = ctry, "GOV"
				} else if ctry := c.phraseCountry(s, k); ctry != "" {
					a.Country = ctry // "a court in Ankara"
				}
				if a.Country != "" {
					a.Code = a.Country + a.Sector
				}
				out = append(out, a)
			}
		}
	}
	return out
}

// placeCountry returns the country of a place name, via the KB.
func (c *coder) placeCountry(name string) string {
	if c.k == nil || name == "" {
		return ""
	}
	for _, e := range c.k.Lookup(name) {
		if e.Country != "" {
			return e.Country
		}
	}
	if e := c.k.Capital(name); e != nil {
		return e.Country
	}
	return ""
}

// location returns the first location token that names a place.
func (c *coder) location(s *sent, toks []int) *news.EventPlace {
	for _, k := range toks {
		t := s.toks[k]
		if m := c.mentionAt(t.Start, t.End); m != nil {
			switch m.ent.Type {
			case kb.TypeCountry, kb.TypeTerritory, kb.TypePlace:
				ctry := m.ent.Country
				if ctry == "" {
					ctry = c.placeCountry(m.text)
				}
				return &news.EventPlace{Text: m.text, Start: m.start, End: m.end, Country: ctry}
			}
			continue
		}
		if t.UPOS == "NOUN" {
			// "in Beirut's southern suburbs": a place modifying the noun
			for _, d := range s.kids[k] {
				td := s.toks[d]
				if s.rel(d) == "amod" && c.k != nil {
					// "in several Iraqi cities"
					if e := c.k.Demonym(td.Text); e != nil && e.Country != "" {
						return &news.EventPlace{Text: c.a.Text[td.Start:td.End], Start: td.Start, End: td.End, Country: e.Country}
					}
				}
				if r := s.rel(d); r != "nmod:poss" && r != "compound" {
					continue
				}
				if m := c.mentionAt(td.Start, td.End); m != nil && (m.ent.Type == kb.TypeCountry || m.ent.Type == kb.TypeTerritory || m.ent.Type == kb.TypePlace) {
					ctry := m.ent.Country
					if ctry == "" {
						ctry = c.placeCountry(m.text)
					}
					return &news.EventPlace{Text: m.text, Start: m.start, End: m.end, Country: ctry}
				}
			}
		}
		if t.UPOS == "PROPN" {
			start, end := s.phrase(k)
			txt := c.a.Text[start:end]
			if ctry := c.placeCountry(t.Text); ctry != "" || len(toks) == 1 {
				return &news.EventPlace{Text: txt, Start: start, End: end, Country: ctry}
			}
		}
	}
	return nil
}

// datelinePlace is the dateline as a fallback location, when it names a
// known place.
func (c *coder) datelinePlace() *news.EventPlace {
	d := strings.TrimSpace(c.a.Dateline)
	if d == "" {
		return nil
	}
	parts := strings.Split(d, ",")
	for j := len(parts) - 1; j >= 0; j-- {
		if ctry := c.placeCountry(strings.TrimSpace(parts[j])); ctry != "" {
			return &news.EventPlace{Text: d, Country: ctry, FromDateline: true}
		}
	}
	return nil
}

// phraseCountry is the country of an "in/at X" place attached to token k
// ("prosecutors in Paris").
func (c *coder) phraseCountry(s *sent, k int) string {
	for _, m := range s.kids[k] {
		if s.baseRel(m) == "nmod" && locCases[s.caseOf(m)] {
			if p := c.location(s, []int{m}); p != nil && p.Country != "" {
				return p.Country
			}
		}
	}
	return ""
}

func (s *sent) hasSubj(i int) bool {
	for _, k := range s.kids[i] {
		if s.baseRel(k) == "nsubj" || s.baseRel(k) == "csubj" {
			return true
		}
	}
	return false
}
