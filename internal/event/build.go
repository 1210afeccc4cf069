package event

import (
	"github.com/readout/readout/internal/news"
)

// lightVerbs govern event nouns without adding an event of their own
// ("held talks", "carried out a strike", "paid a visit").
var lightVerbs = set("hold", "have", "make", "carry", "conduct", "launch", "stage",
	"take", "begin", "start", "pay", "mount", "unleash", "resume", "go")

// eventSubjectVerbs take an event noun as subject and say it happened
// ("the strike came", "talks took place").
var eventSubjectVerbs = set("take", "happen", "occur", "come", "begin", "start", "hit",
	"kill", "target", "end", "continue", "follow", "expect", "schedule", "plan", "set", "due")

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
func (c *coder) build(s *sent, tr trig, all []trig) (news.Event, bool) {
	i := tr.tok
	t := s.toks[i]
	mSubj, mObj, misparsed := s.misparsedMain(i)
	switch s.rel(i) {
	case "amod", "compound", "flat", "fixed", "goeswith":
		if !misparsed || tr.e.noun {
			return news.Event{}, false // "the targeted area", "ceasefire efforts"
		}
	}
	if !tr.e.noun && t.XPOS == "VBG" && (s.baseRel(i) == "nsubj" || s.baseRel(i) == "obj") {
		return news.Event{}, false // gerund used as a noun
	}
	if !tr.e.noun && s.infinitive(i) {
		if h := s.head(i); h >= 0 && isTrigger(all, h) {
			return news.Event{}, false // "agreed to reopen": the outer event covers it
		}
	}
	ev := news.Event{
		Type: tr.e.typ, Mode: tr.e.mode, CAMEO: tr.e.cameo,
		Intensity: Intensity(tr.e.typ),
		Trigger:   news.EventTrigger{Text: c.a.Text[t.Start:t.End], Start: t.Start, End: t.End, Lemma: s.lemma(i)},
		Sentence:  s.idx, SentenceStart: s.s.Start, SentenceEnd: s.s.End,
	}
	// pred is the clause verb that carries tense, modality and subject.
	pred := i
	actorToks, recipToks, locToks := []int(nil), []int(nil), []int(nil)
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
		for _, k := range s.kids[i] {
			switch br := s.baseRel(k); {
			case (s.rel(k) == "obj" || s.rel(k) == "iobj") && !tr.matchedObj[k]:
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
	if len(actorToks) == 0 && (pred != i || !tr.e.noun) {
		actorToks = c.recoverSubject(s, pred)
	}
	for _, r := range append(recipToks[:len(recipToks):len(recipToks)], actorToks...) {
		for _, k := range s.kids[r] {
			if s.baseRel(k) == "nmod" && locCases[s.caseOf(k)] {
				locToks = append(locToks, k) // "an attack on leaders in Doha"
			}
		}
	}
	ev.Actors = c.actors(s, s.dropTime(expandConj(s, actorToks)))
	ev.Recipients = c.actors(s, s.dropTime(expandConj(s, recipToks)))
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
		if tr.e.noun || !s.passive(i) || !hasRecip {
			return news.Event{}, false
		}
	}
	if strong == 0 && !hasRecip && ev.Date == nil && !hasLoc {
		if tr.e.noun && pred == i || len(ev.Actors) == 0 || !s.specificClause(pred, actorToks) {
			return news.Event{}, false
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
	return ev, true
}
