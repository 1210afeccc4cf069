package ner

import (
	"sort"
)

// Counts are the exact-span match counts for one entity type.
type Counts struct {
	Gold, Pred, Correct int
}

// P, R and F1 are in percent, like conlleval prints them.
func (c Counts) P() float64 { return pct(c.Correct, c.Pred) }

// R is recall in percent.
func (c Counts) R() float64 { return pct(c.Correct, c.Gold) }

// F1 is the harmonic mean of P and R, in percent.
func (c Counts) F1() float64 {
	p, r := c.P(), c.R()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

// Score accumulates the CoNLL-2003 (conlleval) exact-span scores: a
// predicted entity is correct when its first token, last token and type all
// equal those of a gold entity.
type Score struct {
	Total  Counts
	ByType map[string]Counts
	Tokens int
	// TokenCorrect counts tokens whose predicted tag equals the gold tag
	// after both are converted to IOB2.
	TokenCorrect int
}

// Add scores one sentence. gold and pred may be in IOB1, IOB2 or BILOU;
// they must have the same length.
func (s *Score) Add(gold, pred []string) {
	if s.ByType == nil {
		s.ByType = map[string]Counts{}
	}
	g, p := Spans(gold), Spans(pred)
	gi, pi := ToIOB2(gold), ToIOB2(pred)
	for i := range gi {
		if i < len(pi) && gi[i] == pi[i] {
			s.TokenCorrect++
		}
	}
	s.Tokens += len(gold)
	set := make(map[Span]bool, len(g))
	for _, sp := range g {
		set[sp] = true
		c := s.ByType[sp.Type]
		c.Gold++
		s.ByType[sp.Type] = c
		s.Total.Gold++
	}
	for _, sp := range p {
		c := s.ByType[sp.Type]
		c.Pred++
		if set[sp] {
			c.Correct++
			s.Total.Correct++
		}
		s.ByType[sp.Type] = c
		s.Total.Pred++
	}
}

// Types lists the entity types seen, sorted.
func (s *Score) Types() []string {
	var out []string
	for t := range s.ByType {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}
