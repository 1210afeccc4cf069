package event

import (
	"sort"
	"strings"

	"github.com/readout/readout/internal/news"
)

// Cross-sentence event anaphora: "Israeli aircraft struck a building in
// Beirut. The strike, on Monday night, killed …" is one event. A
// definite event noun ("the strike", "this visit", "Rubio's trip", "the
// call") in a later sentence is merged into the latest earlier event of
// the same type whose participants it does not contradict: it adds a
// date, a place, a mode or participants the first mention lacked, and is
// not coded again. A definite event noun without antecedent is kept only
// when it passes the usual checks (actor, date or place).

// definite reports whether event noun i is definite: "the/this/that"
// or a possessive ("Rubio's visit", "his trip").
func (s *sent) definite(i int) bool {
	for _, k := range s.kids[i] {
		switch {
		case s.rel(k) == "det":
			switch s.lemma(k) {
			case "the", "this", "that", "these", "those":
				return true
			}
		case s.rel(k) == "nmod:poss":
			return true
		}
	}
	return false
}

// coded is an event with what anaphora resolution needs to know.
type coded struct {
	ev       news.Event
	definite bool // a definite event noun: may refer back
	verbal   bool // an actorless verb ("He was detained …"): stricter
	weak     bool // failed the checks on its own: kept only if merged
}

// resolveAnaphora merges definite event nouns into their antecedents and
// returns the events in text order.
func resolveAnaphora(cs []coded) []news.Event {
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].ev.Trigger.Start < cs[j].ev.Trigger.Start })
	var out []news.Event
	for _, c := range cs {
		if c.definite {
			if j := antecedent(out, c.ev, c.verbal); j >= 0 {
				mergeInto(&out[j], c.ev)
				continue
			}
		}
		if !c.weak {
			out = append(out, c.ev)
		}
	}
	return out
}

// antecedent returns the index in prev of the latest event of an earlier
// sentence that e can refer to, or -1.
func antecedent(prev []news.Event, e news.Event, verbal bool) int {
	// the same mode first ("the visit" → the visit), then a first
	// mention without mode ("spoke with …; the call")
	for pass := 0; pass < 2; pass++ {
		for j := len(prev) - 1; j >= 0; j-- {
			p := prev[j]
			if pass == 0 && p.Mode != e.Mode || pass == 1 && (verbal || e.Mode != "" && p.Mode != "" && e.Mode != p.Mode) {
				continue
			}
			if refersTo(p, e, verbal) {
				return j
			}
		}
	}
	return -1
}

// refersTo reports whether e can be a later mention of p.
func refersTo(p, e news.Event, verbal bool) bool {
	{
		if p.Sentence >= e.Sentence || p.Type != e.Type {
			return false
		}
		switch e.Status {
		case news.StatusPlanned, news.StatusHypothetical, news.StatusNegated:
			// "the upcoming visit" is not the visit that took place
			if p.Status != e.Status {
				return false
			}
		}
		if verbal && p.Status != e.Status {
			return false
		}
		if !compatible(e.Actors, p, p.Actors) || !compatible(e.Recipients, p, p.Recipients) {
			return false
		}
		if e.Date != nil && p.Date != nil && !e.Date.Begin.IsZero() && !p.Date.Begin.IsZero() && !e.Date.Begin.Equal(p.Date.Begin) {
			return false
		}
		if e.Location != nil && !e.Location.FromDateline && p.Location != nil && !p.Location.FromDateline &&
			e.Location.Country != "" && p.Location.Country != "" && e.Location.Country != p.Location.Country {
			return false
		}
		return true
	}
}

// compatible reports whether every coded participant of an anaphor is a
// participant of p (by entity or country); uncoded ones do not count.
func compatible(as []news.EventActor, p news.Event, role []news.EventActor) bool {
	if !anyCoded(role) {
		return true // the anaphor names what the first mention left out
	}
	for _, a := range as {
		if a.EntityID == "" && a.Country == "" {
			continue
		}
		found := false
		for _, b := range append(p.Actors[:len(p.Actors):len(p.Actors)], p.Recipients...) {
			// two named entities must be the same one; otherwise the
			// country decides ("Rubio" and "the US secretary of state")
			if a.EntityID != "" && b.EntityID != "" && a.EntityID != b.EntityID && namedPerson(a) && namedPerson(b) {
				continue
			}
			if a.EntityID != "" && a.EntityID == b.EntityID || a.Country != "" && a.Country == b.Country {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// mergeInto fills what the antecedent p lacks from the anaphor e.
func mergeInto(p *news.Event, e news.Event) {
	if p.Date == nil && e.Date != nil {
		p.Date = e.Date
		if p.Status == news.StatusOccurred && e.Status == news.StatusPlanned {
			p.Status = news.StatusPlanned
		}
	}
	if e.Location != nil && !e.Location.FromDateline && (p.Location == nil || p.Location.FromDateline || p.Location.Country == "") {
		p.Location = e.Location
	}
	if p.Location != nil && p.Location.Country == "" {
		p.Location.Country = homeCountry(*p)
	}
	if p.Mode == "" && e.Mode != "" {
		p.Mode, p.CAMEO = e.Mode, e.CAMEO
	}
	if !anyCoded(p.Actors) && anyCoded(e.Actors) {
		p.Actors = e.Actors
	}
	if !anyCoded(p.Recipients) && anyCoded(e.Recipients) {
		p.Recipients = e.Recipients
	}
	if p.Status == news.StatusReported && e.Status == news.StatusOccurred {
		p.Status = news.StatusOccurred // the article asserts it
	}
	p.Confidence = min(max(p.Confidence, e.Confidence)+0.05, 0.95)
}

func anyCoded(as []news.EventActor) bool {
	for _, a := range as {
		if a.EntityID != "" || a.Country != "" {
			return true
		}
	}
	return false
}

// namedPerson reports whether a participant is a person entity (its ID
// says so: "per:…", "person:…").
func namedPerson(a news.EventActor) bool {
	return strings.HasPrefix(a.EntityID, "per:") || strings.HasPrefix(a.EntityID, "person:")
}
