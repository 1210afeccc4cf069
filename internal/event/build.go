package event

import (
	"slices"

	"github.com/readout/readout/internal/news"
)

// lightVerbs govern event nouns without adding an event of their own
// ("held talks", "carried out a strike", "paid a visit").
var lightVerbs = set("hold", "have", "make", "carry", "conduct", "launch", "stage",
	"take", "begin", "start", "pay", "mount", "unleash", "resume", "go",
	// verbs by which an actor performs what the noun names ("announced
	// a ceasefire", "approved the extradition", "ordered the arrest")
	"announce", "approve", "authorize", "authorise", "order", "declare", "complete", "undertake")

// eventSubjectVerbs take an event noun as subject and say it happened
// ("the strike came", "talks took place").
var eventSubjectVerbs = set("take", "happen", "occur", "come", "begin", "start", "hit",
	"kill", "target", "end", "continue", "follow", "expect", "schedule", "plan", "set", "due",
	"postpone", "cancel", "delay", "announce", "confirm", "wound", "destroy", "damage", "leave")

var (
	planVerbs  = set("expect", "plan", "earmark", "arrange", "schedule", "set", "due", "intend", "aim", "prepare", "agree", "promise", "pledge", "vow", "decide", "commit", "go", "poise", "slate")
	hypoVerbs  = set("want", "seek", "try", "hope", "consider", "propose", "threaten", "ask", "urge", "call", "demand", "offer", "wish", "need", "refuse", "may", "could", "would")
	reportVrbs = set("say", "claim", "allege", "report", "tell", "state", "announce", "insist", "reveal", "add", "note", "believe", "suggest", "according")
	modalsPlan = set("will", "shall", "'ll", "wo")
	modalsHypo = set("would", "could", "might", "may", "should", "can", "must", "'d")
	negWords   = set("not", "n't", "never", "no")
	reportAdv  = set("reportedly", "allegedly", "purportedly", "apparently", "supposedly")
	planAdj    = set("upcoming", "planned", "scheduled", "proposed", "expected", "forthcoming", "future", "anticipated", "next")
	hypoAdj    = set("possible", "potential", "hypothetical", "prospective")
	locCases   = set("in", "at", "near", "across", "inside", "outside", "around", "throughout", "over")
	recipCases = set("with", "to", "on", "against", "toward", "towards", "between", "into", "upon")
	agentCases = set("by", "from")
)

func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// build turns a matched trigger into an event, or reports false when the
// trigger looks generic (no actor, recipient, date or place).
func (c *coder) build(s *sent, tr trig, all []trig) (coded, bool) {
	ev, ok, weak := c.build1(s, tr, all)
	if !ok {
		return coded{}, false
	}
	nominal := tr.e.noun && s.definite(tr.tok)
	verbal := !tr.e.noun && !anyCoded(ev.Actors)
	return coded{ev: ev, definite: nominal || verbal, verbal: verbal && !nominal, weak: weak || tr.anaphorOnly}, true
}

// build1 builds the event; weak reports an event that failed the
// checks but may still refer back to an earlier one.
func (c *coder) build1(s *sent, tr trig, all []trig) (ev news.Event, ok, weak bool) {
	i := tr.tok
	t := s.toks[i]
	mSubj, mObj, misparsed := s.misparsedMain(i)
	switch s.rel(i) {
	case "amod", "compound", "flat", "fixed", "goeswith":
		if !misparsed || tr.e.noun {
			return news.Event{}, false, false // "the targeted area", "ceasefire efforts"
		}
	}
	if !tr.e.noun && t.XPOS == "VBG" && (s.baseRel(i) == "nsubj" || s.baseRel(i) == "obj") {
		return news.Event{}, false, false // gerund used as a noun
	}
	if !tr.e.noun && s.infinitive(i) {
		if h := s.head(i); h >= 0 && isTrigger(all, h) {
			return news.Event{}, false, false // "agreed to reopen": the outer event covers it
		}
	}
	ev = news.Event{
		Type: tr.e.typ, Mode: tr.e.mode, CAMEO: tr.e.cameo,
		Intensity: Intensity(tr.e.typ),
		Trigger:   news.EventTrigger{Text: c.a.Text[t.Start:t.End], Start: t.Start, End: t.End, Lemma: s.lemma(i)},
		Sentence:  s.idx, SentenceStart: s.s.Start, SentenceEnd: s.s.End,
	}
	// pred is the clause verb that carries tense, modality and subject.
	pred := i
	actorToks, recipToks, locToks := []int(nil), []int(nil), []int(nil)
	passiveClause, generic := false, false
	if tr.e.noun {
		h := s.head(i)
		hr := s.baseRel(i)
		headOK := lightVerbs[s.lemma(h0(h))]
		for _, cd := range tr.e.conds {
			if cd.rel == "head" && h >= 0 && cd.lemmas[s.lemma(h)] {
				headOK = true
			}
		}
		light := h >= 0 && (headOK && (hr == "obj" || hr == "obl" || hr == "nsubj" || hr == "xcomp")) ||
			h >= 0 && (hr == "nsubj") && eventSubjectVerbs[s.lemma(h)]
		if light && isTrigger(all, h) && !headOK {
			light = false
		}
		actorToks = c.modActors(s, i)
		for _, k := range s.kids[i] {
			if s.baseRel(k) == "compound" && s.toks[k].UPOS == "PROPN" && !c.isActorWord(s, k) {
				locToks = append(locToks, k) // "the Doha strike"
			} else if s.baseRel(k) == "compound" && s.toks[k].UPOS == "PROPN" && !slices.Contains(actorToks, k) {
				// a country by name ("the Qatar strike"): the place,
				// and what an assault hits
				locToks = append(locToks, k)
				if tr.e.typ == news.EventAssault {
					recipToks = append(recipToks, k)
				}
			}
		}
		for _, k := range s.kids[i] {
			if s.rel(k) == "nsubj" { // the noun is the predicate of a mis-parse
				actorToks = append(actorToks, k)
			}
		}
		for _, k := range s.kids[i] {
			switch br := s.baseRel(k); {
			case br == "amod" || br == "compound" || s.rel(k) == "nmod:poss":
			case br == "nmod" || br == "obl":
				cs := s.caseOf(k)
				switch {
				case agentCases[cs] || cs == "between" && tr.e.typ == news.EventConsult:
					actorToks = append(actorToks, k)
				case recipCases[cs] || cs == "of" && tr.e.typ == news.EventRetreat:
					recipToks = append(recipToks, k)
				case locCases[cs]:
					locToks = append(locToks, k)
				}
			}
		}
		if !light && hr == "nsubj" && h >= 0 && s.toks[h].UPOS == "VERB" && !isTrigger(all, h) && s.bareGenericPlural(i) {
			// "Previous visits by Chinese leaders focused on trade": a
			// bare plural subject of a non-event verb is a generalisation
			generic = true
		}
		if !light && s.rel(i) == "root" && s.bareGenericPlural(i) {
			for _, k := range s.kids[i] {
				if s.rel(k) == "acl" && s.toks[k].UPOS == "VERB" && !isTrigger(all, k) && (s.toks[k].XPOS == "VBD" || s.toks[k].XPOS == "VBN") {
					generic = true // the same, with the verb hung under the noun
				}
			}
		}
		if !light && hr == "nsubj" && h >= 0 && s.toks[h].UPOS == "VERB" {
			pred = h // "the strike killed two": tense and date from the verb
			for _, k := range s.kids[h] {
				if (s.baseRel(k) == "obl" || s.baseRel(k) == "nmod") && locCases[s.caseOf(k)] {
					locToks = append(locToks, k)
				}
			}
		}
		if light {
			pred = h
			if hr != "nsubj" && len(actorToks) == 0 {
				actorToks = s.subjects(h)
			}
			for _, k := range s.kids[h] {
				if s.baseRel(k) == "obl" || s.baseRel(k) == "nmod" {
					cs := s.caseOf(k)
					switch {
					case locCases[cs]:
						locToks = append(locToks, k)
					case recipCases[cs] && len(recipToks) == 0:
						recipToks = append(recipToks, k)
					}
				}
			}
		}
	} else {
		subj, passive := s.subject(i)
		if misparsed && len(subj) == 0 {
			subj = []int{mSubj}
			if mObj >= 0 && !tr.matchedObj[mObj] {
				recipToks = append(recipToks, mObj)
			}
		}
		if !passive && s.headlinePassive(i, tr) {
			passive = true // "Walmart criticized for selling …": the one criticised
		}
		passiveClause = passive
		if passive {
			recipToks = append(recipToks, subj...)
			for _, k := range s.kids[i] {
				if s.rel(k) == "obl:agent" || s.baseRel(k) == "obl" && s.caseOf(k) == "by" {
					actorToks = append(actorToks, k)
				}
			}
		} else {
			actorToks = subj
		}
		for k := range tr.matchedObj {
			if patientObject(tr.e) && !instrument[s.lemma(k)] {
				// "freed prisoners", "expelled the ambassador": the
				// object is the one acted on
				recipToks = append(recipToks, k)
				continue
			}
			// a matched object ("expelled the French ambassador",
			// "sent missiles to Ukraine") is no participant itself, but
			// its actor words and its to/with/in phrases are
			for _, m := range c.modActors(s, k) {
				if s.toks[m].UPOS != "PRON" {
					recipToks = append(recipToks, m)
				}
			}
			for _, m := range s.kids[k] {
				if s.baseRel(m) != "nmod" {
					continue
				}
				switch cs := s.caseOf(m); {
				case recipCases[cs] || cs == "of" || cs == "from" && tr.e.typ == news.EventSanction:
					recipToks = append(recipToks, m)
				case locCases[cs]:
					locToks = append(locToks, m)
				}
			}
		}
		for _, k := range s.kids[i] {
			switch br := s.baseRel(k); {
			case (s.rel(k) == "obj" || s.rel(k) == "iobj") && !tr.matchedObj[k]:
				recipToks = append(recipToks, k)
			case (br == "obl" || br == "nmod") && s.caseOf(k) == "from" && tr.e.typ == news.EventSanction:
				// withdrawing from a body or recalling an envoy from a
				// capital targets it
				recipToks = append(recipToks, k)
			case br == "obl" || br == "nmod":
				cs := s.caseOf(k)
				switch {
				case ev.Mode == "visit" && (cs == "to" || cs == "in" || cs == "at"):
					recipToks = append(recipToks, k)
					locToks = append(locToks, k)
				case recipCases[cs] && s.rel(k) != "obl:tmod":
					recipToks = append(recipToks, k)
				case locCases[cs]:
					locToks = append(locToks, k)
				}
			}
		}
	}
	if len(recipToks) == 0 && !tr.e.noun && (tr.e.typ == news.EventThreaten || tr.e.typ == news.EventReject) {
		// "threatened to strike South Korean warships": the target of
		// the threatened act
		for _, k := range s.kids[i] {
			if s.baseRel(k) == "xcomp" {
				for _, m := range s.kids[k] {
					if s.rel(m) == "obj" {
						recipToks = append(recipToks, m)
					}
				}
			}
		}
	}
	if len(actorToks) == 0 && (pred != i || !tr.e.noun) {
		actorToks = c.recoverSubject(s, pred)
	}
	actorToks = c.reportedPronoun(s, pred, actorToks)
	nested := append(append(recipToks[:len(recipToks):len(recipToks)], actorToks...), locToks...)
	for _, r := range nested {
		for _, k := range s.kids[r] {
			if s.baseRel(k) == "nmod" && locCases[s.caseOf(k)] {
				locToks = append(locToks, k) // "an attack on leaders in Doha"
			}
		}
	}
	ev.Actors = c.actors(s, s.dropTime(expandConj(s, actorToks)))
	ev.Recipients = dropSame(c.actors(s, s.dropTime(expandConj(s, recipToks))), ev.Actors)
	locToks = s.dropTime(locToks)
	if ev.Mode == "visit" {
		// a visit's destination is a place: its recipient is the country
		for j := range ev.Recipients {
			r := &ev.Recipients[j]
			if r.Country == "" {
				if ctry := c.placeCountry(r.Text); ctry != "" {
					r.Country, r.Code = ctry, ctry
				}
			}
		}
	}
	ev.Location = c.location(s, locToks)
	if ev.Location == nil && ev.Mode == "visit" {
		for _, r := range ev.Recipients {
			if r.Country != "" && r.Sector == "" {
				ev.Location = &news.EventPlace{Text: r.Text, Start: r.Start, End: r.End, Country: r.Country}
				break
			}
		}
	}
	if ev.Location != nil && ev.Location.Country == "" {
		ev.Location.Country = homeCountry(ev)
	}
	c.localActors(ev.Actors, ev.Location)
	c.localActors(ev.Recipients, ev.Location)
	if ev.Type == news.EventAssault && ev.Mode == "" {
		ev.Mode, ev.CAMEO = s.weaponMode(i, actorToks, ev.CAMEO)
	}
	ev.Status = s.status(i, pred, tr.e.noun)
	ev.Date = c.date(s, i, pred, &ev.Status)
	if ev.Location == nil {
		ev.Location = c.datelinePlace()
	}
	// gating and confidence
	strong := 0
	for _, x := range ev.Actors {
		if x.EntityID != "" || x.Country != "" {
			strong++
			break
		}
	}
	hasRecip := false
	for _, x := range ev.Recipients {
		if x.EntityID != "" || x.Country != "" {
			hasRecip = true
		}
	}
	hasLoc := ev.Location != nil && !ev.Location.FromDateline
	physical := ev.Type == news.EventAssault || ev.Type == news.EventProtest || ev.Type == news.EventCoerce
	if len(ev.Actors) == 0 && ev.Date == nil && !(tr.e.noun && hasLoc && physical) {
		// no actor and no date: background ("the attack on X has
		// shaken trust", "shirts endorsing Y"), unless a passive names
		// the one acted on
		// "Hundreds of prisoners have been released in Tripoli": a
		// passive with a patient and a place is specific too
		if tr.e.noun || !passiveClause || !hasRecip && !(hasLoc && len(ev.Recipients) > 0) {
			return ev, true, true
		}
	}
	if strong == 0 && !hasRecip && ev.Date == nil && !hasLoc {
		if tr.e.noun && pred == i || len(ev.Actors) == 0 || !s.specificClause(pred, actorToks) {
			return ev, true, true
		}
	}
	conf := 0.35
	if strong > 0 {
		conf += 0.25
	} else if len(ev.Actors) > 0 {
		conf += 0.1
	}
	if hasRecip {
		conf += 0.1
	}
	if ev.Date != nil {
		conf += 0.1
	}
	if hasLoc {
		conf += 0.05
	}
	if !tr.e.noun {
		conf += 0.1
	}
	if len(tr.e.conds) > 0 {
		conf += 0.05
	}
	ev.Confidence = min(conf, 0.95)
	return ev, true, generic && ev.Date == nil
}

// bareGenericPlural reports whether event noun i is a plural without
// determiner, possessive or number ("visits", "air strikes").
func (s *sent) bareGenericPlural(i int) bool {
	if s.toks[i].XPOS != "NNS" {
		return false
	}
	for _, k := range s.kids[i] {
		switch s.rel(k) {
		case "det", "nmod:poss", "nummod":
			return false
		}
	}
	return true
}

// dropSame removes recipients that are one of the actors ("Russia
// withdrew its troops": its is Russia).
func dropSame(rs, as []news.EventActor) []news.EventActor {
	out := rs[:0]
	for _, r := range rs {
		same := false
		for _, a := range as {
			if r.EntityID != "" && r.EntityID == a.EntityID {
				same = true
			}
		}
		if !same {
			out = append(out, r)
		}
	}
	return out
}

// localActors gives an institution named without a country ("police",
// "a court", "the authorities") the country of the place of the event,
// when the sentence names it.
func (c *coder) localActors(as []news.EventActor, loc *news.EventPlace) {
	if loc == nil || loc.FromDateline || loc.Country == "" {
		return
	}
	for j := range as {
		a := &as[j]
		if a.Country == "" && a.EntityID == "" && a.Sector != "" {
			a.Country, a.Code = loc.Country, loc.Country+a.Sector
		}
	}
}

// weapons gives the ASSAULT mode of an instrument or attacker noun
// ("drones attacked", "shelled with artillery", "a suicide bomber").
var weapons = map[string][2]string{
	"drone": {"drone", "1952"}, "uav": {"drone", "1952"},
	"jet": {"aerial", "195"}, "warplane": {"aerial", "195"}, "aircraft": {"aerial", "195"},
	"helicopter": {"aerial", "195"}, "airstrike": {"aerial", "195"}, "missile": {"aerial", "195"},
	"artillery": {"heavy-weapons", "194"}, "mortar": {"heavy-weapons", "194"}, "tank": {"heavy-weapons", "194"},
	"shell": {"heavy-weapons", "194"}, "rocket": {"heavy-weapons", "194"},
	"gunman": {"firearms", "193"}, "sniper": {"firearms", "193"}, "gun": {"firearms", "193"},
	"bomber": {"suicide-attack", "1831"}, "bomb": {"explosives", "183"}, "explosive": {"explosives", "183"},
	"ied": {"explosives", "183"},
}

// weaponMode reads an ASSAULT mode off the trigger's subject, its
// modifiers or its "with" instrument.
func (s *sent) weaponMode(i int, actorToks []int, cameo string) (string, string) {
	cands := append([]int(nil), actorToks...)
	for _, k := range s.kids[i] {
		if r := s.baseRel(k); r == "compound" || r == "amod" || (r == "obl" || r == "nmod") && s.caseOf(k) == "with" || r == "nsubj" {
			cands = append(cands, k)
		}
	}
	for _, k := range cands {
		if k < 0 || k >= len(s.toks) {
			continue
		}
		if w, ok := weapons[s.lemma(k)]; ok {
			if w[0] == "suicide-attack" && !s.hasModLemma(k, "suicide") {
				continue
			}
			return w[0], w[1]
		}
		for _, m := range s.kids[k] {
			if br := s.baseRel(m); br == "compound" || br == "amod" {
				if w, ok := weapons[s.lemma(m)]; ok && w[0] != "suicide-attack" {
					return w[0], w[1]
				}
			}
		}
	}
	return "", cameo
}

func (s *sent) hasModLemma(k int, l string) bool {
	for _, m := range s.kids[k] {
		if s.lemma(m) == l {
			return true
		}
	}
	return false
}

// homeCountry guesses the country of a place the knowledge base does not
// know: domestic acts (arrests, curfews, protests, releases, verdicts)
// happen in the actors' own country when they all share one; an
// assault, in its targets' country. Empty when unsure.
func homeCountry(ev news.Event) string {
	var ps []news.EventActor
	switch ev.Type {
	case news.EventCoerce, news.EventProtest, news.EventConcede, news.EventRetreat:
		ps = ev.Actors
	case news.EventSanction:
		if ev.Mode != "convict" {
			return ""
		}
		ps = ev.Actors
	case news.EventAssault:
		ps = ev.Recipients
	default:
		return ""
	}
	ctry := ""
	for _, a := range ps {
		if a.Country == "" {
			continue
		}
		if ctry != "" && a.Country != ctry {
			return ""
		}
		ctry = a.Country
	}
	return ctry
}

// reportedPronoun resolves an unresolved pronoun subject of a clause
// reported by its own subject ("The rebels said they will release …",
// "The ministry says it supports …") to that subject.
func (c *coder) reportedPronoun(s *sent, pred int, toks []int) []int {
	if len(toks) != 1 || s.toks[toks[0]].UPOS != "PRON" {
		return toks
	}
	if t := s.toks[toks[0]]; c.mentionAt(t.Start, t.End) != nil {
		return toks
	}
	switch s.lemma(toks[0]) {
	case "it", "they", "he", "she", "we":
	default:
		return toks
	}
	v := pred
	for n := 0; v >= 0 && n < 4; n++ {
		h := s.head(v)
		if h < 0 {
			return toks
		}
		switch s.baseRel(v) {
		case "conj", "xcomp":
			v = h
			continue
		case "ccomp":
			if reportVrbs[s.lemma(h)] {
				if subj := s.subjects(h); len(subj) > 0 {
					return subj
				}
			}
		}
		return toks
	}
	return toks
}

// headlinePassive recognises a headline's reduced passive: a verb that
// acts on someone (criticise, accuse, arrest, convict) with a subject, no
// object, no auxiliary and a "for" reason ("Firm criticized for selling
// shirts", "Mayor arrested for bribery").
func (s *sent) headlinePassive(i int, tr trig) bool {
	switch tr.e.typ {
	case news.EventAccuse, news.EventCoerce, news.EventSanction:
	default:
		return false
	}
	if tr.e.noun || len(tr.matchedObj) > 0 || s.rel(i) != "root" {
		return false
	}
	hasFor := false
	for _, k := range s.kids[i] {
		switch s.baseRel(k) {
		case "obj", "iobj", "aux", "ccomp", "xcomp":
			return false
		case "advcl", "obl":
			for _, m := range s.kids[k] {
				if (s.rel(m) == "mark" || s.rel(m) == "case") && s.lemma(m) == "for" {
					hasFor = true
				}
			}
		}
	}
	return hasFor
}

// instrument lists objects that are what is used, not who is hit
// ("fired tear gas", "launched a strike").
var instrument = set("gas", "teargas", "tear-gas", "cannon", "bullet", "strike", "airstrike",
	"missile", "rocket", "shell", "mortar", "drone", "bomb", "weapon", "force")

// patientObject reports whether the object an entry's condition names is
// the one acted on (released, expelled, arrested, attacked, received)
// rather than what is given or imposed (aid, sanctions, troops).
func patientObject(e entry) bool {
	switch e.typ {
	case news.EventConsult:
		return e.cameo == "043" // hosting: the visitor; sending a delegation: not
	case news.EventAssault, news.EventAccuse, news.EventThreaten:
		return true
	case news.EventRetreat:
		return e.mode == "release"
	case news.EventSanction:
		return e.mode == "expel" || e.mode == "convict"
	case news.EventCoerce:
		return e.mode == "arrest" || e.mode == "deport" || e.mode == "censor" || e.mode == "cyber"
	}
	return false
}
