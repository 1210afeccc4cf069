package event

import (
	"strings"
	"time"

	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/timex"
)

// Modality and dates.
// status decides the modality of the trigger at i with clause verb pred.
func (s *sent) status(i, pred int, noun bool) news.EventStatus {
	st := news.StatusOccurred
	if noun {
		for _, k := range s.kids[i] {
			l := s.lemma(k)
			switch {
			case s.rel(k) == "det" && l == "no":
				return news.StatusNegated
			case planAdj[l] && (s.baseRel(k) == "amod" || s.baseRel(k) == "acl"):
				st = news.StatusPlanned
			case hypoAdj[l] && s.baseRel(k) == "amod":
				st = news.StatusHypothetical
			}
		}
		if pred == i {
			if h := s.head(i); h >= 0 && st == news.StatusOccurred {
				switch hl := s.lemma(h); {
				case planVerbs[hl]:
					st = news.StatusPlanned // "was planning an attack"
				case hypoVerbs[hl] || modalsHypo[hl]:
					st = news.StatusHypothetical
				}
			}
			return st
		}
	}
	if !noun && s.infinitive(i) && i == pred {
		// a bare infinitive is not a realised event: planned under a
		// planning word ("plans to send"), else hypothetical
		if h := s.head(i); h < 0 || planVerbs[s.lemma(h)] {
			st = news.StatusPlanned // "plans to send"; headline "X to visit Y"
		} else if h >= 0 && s.baseRel(i) == "xcomp" && !hypoVerbs[s.lemma(h)] && !planVerbs[s.lemma(h)] {
			st = news.StatusOccurred // "managed to …", "went on to …"
		} else {
			st = news.StatusHypothetical
		}
	}
	v := pred
	for n := 0; v >= 0 && n < 5; n++ {
		progressive := false
		for _, k := range s.kids[v] {
			l := s.lemma(k)
			r := s.baseRel(k)
			switch {
			case (r == "advmod" || r == "neg" || r == "aux") && negWords[l] && !(k+1 < len(s.toks) && strings.EqualFold(s.toks[k+1].Text, "only")):
				return news.StatusNegated
			case r == "aux" && modalsPlan[l]:
				if st == news.StatusOccurred {
					st = news.StatusPlanned
				}
			case r == "aux" && modalsHypo[l]:
				st = news.StatusHypothetical
			case r == "aux" && l == "be" && s.toks[v].XPOS == "VBG":
				x := s.toks[k].XPOS
				if x == "VBZ" || x == "VBP" || x == "VBN" {
					progressive = true
				}
			case r == "advmod" && reportAdv[l]:
				if st == news.StatusOccurred {
					st = news.StatusReported
				}
			case r == "mark" && (l == "if" || l == "unless" || l == "whether"):
				st = news.StatusHypothetical
			}
		}
		if progressive && st == news.StatusOccurred {
			st = news.StatusOngoing
		}
		h := s.head(v)
		if h < 0 {
			break
		}
		switch s.baseRel(v) {
		case "xcomp":
			hl := s.lemma(h)
			if planVerbs[hl] && st == news.StatusOccurred || planVerbs[hl] && st == news.StatusOngoing {
				st = news.StatusPlanned
			} else if hypoVerbs[hl] && st != news.StatusNegated {
				st = news.StatusHypothetical
			}
		case "ccomp":
			if reportVrbs[s.lemma(h)] && st == news.StatusOccurred {
				st = news.StatusReported
			}
			if !reportVrbs[s.lemma(h)] {
				return st
			}
			v = h
			continue
		case "conj":
		case "advcl":
			return st
		default:
			return st
		}
		v = h
	}
	return st
}

// date finds the time expression of the trigger's clause and resolves it
// with the clause's tense; a future date turns an occurred event planned.
func (c *coder) date(s *sent, i, pred int, st *news.EventStatus) *news.EventDate {
	best, bestDist := -1, 1<<30
	var bestVal timex.Value
	for _, ta := range s.times {
		// the date must hang from the trigger or its clause verb
		attached := false
		for k := ta.tok; k <= ta.end; k++ {
			h := s.head(k)
			if s.ancestor(i, k) && !s.otherClause(i, k) || s.ancestor(pred, k) && !s.otherClause(pred, k) || h >= 0 && (h == i || h == pred) {
				attached = true
			}
		}
		if !attached {
			continue
		}
		if d := abs(ta.tok - i); d < bestDist {
			best, bestDist, bestVal = ta.tok, d, ta.v
		}
	}
	if best < 0 {
		return nil
	}
	tense := timex.Unknown
	switch *st {
	case news.StatusPlanned:
		tense = timex.Future
	case news.StatusOccurred, news.StatusOngoing:
		tense = timex.Past
	}
	v := bestVal
	anchor := c.a.Published
	if !anchor.IsZero() {
		v = timex.ResolveTense(v, anchor, tense)
	}
	d := &news.EventDate{Text: v.Text, Start: v.Start + s.s.Start, End: v.End + s.s.Start,
		Unresolved: v.Unresolved}
	if v.Resolved() {
		d.Begin, d.Until, d.Precision = v.Begin, v.Until, v.Precision.String()
	}
	if *st == news.StatusOccurred && isFuture(v, anchor) {
		*st = news.StatusPlanned
	}
	return d
}

// otherClause reports whether k sits in a clause below pred (a relative,
// adverbial or complement clause) rather than in pred's own clause.
func (s *sent) otherClause(pred, k int) bool {
	for n := 0; k >= 0 && k != pred && n < len(s.toks); n++ {
		switch s.baseRel(k) {
		case "acl", "advcl", "ccomp", "csubj", "parataxis":
			return true
		case "xcomp":
			if s.toks[k].UPOS == "VERB" && s.head(k) == pred {
				return true // "agreed to reopen … next year"
			}
		}
		k = s.head(k)
	}
	return false
}

func isFuture(v timex.Value, anchor time.Time) bool {
	u := v.Unresolved
	if strings.HasPrefix(u, "NEXT") || strings.HasPrefix(u, "P+") || strings.HasPrefix(u, "WITHIN:P+") || strings.Contains(u, ":NEXT") {
		return true
	}
	if !anchor.IsZero() && v.Resolved() {
		return !v.Begin.Before(anchor.Truncate(24*time.Hour).AddDate(0, 0, 1))
	}
	return false
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
