package syntax

import (
	"github.com/readout/readout/internal/conllu"
)

// sent is one annotated sentence in the package's working form: index i is
// word i+1 of the CoNLL-U sentence; Head is 1-based with 0 for the root.
type sent struct {
	Form  []string
	UPOS  []string
	XPOS  []string
	Lemma []string
	Head  []int
	Rel   []string
}

func (s *sent) len() int { return len(s.Form) }

// fromCoNLLU converts a CoNLL-U sentence (syntactic words only; multiword
// ranges and empty nodes are ignored). ok is false for sentences with no
// words or with heads out of range.
func fromCoNLLU(c *conllu.Sentence) (s sent, ok bool) {
	n := len(c.Words)
	if n == 0 {
		return s, false
	}
	s = sent{
		Form: make([]string, n), UPOS: make([]string, n), XPOS: make([]string, n),
		Lemma: make([]string, n), Head: make([]int, n), Rel: make([]string, n),
	}
	ok = true
	for i, w := range c.Words {
		s.Form[i] = w.Form
		s.UPOS[i] = clean(w.UPOS)
		s.XPOS[i] = clean(w.XPOS)
		s.Lemma[i] = clean(w.Lemma)
		s.Head[i] = w.Head
		s.Rel[i] = clean(w.Deprel)
		if w.ID != i+1 || w.Head < 0 || w.Head > n {
			ok = false
		}
	}
	return s, ok
}

func clean(v string) string {
	if v == "_" {
		return ""
	}
	return v
}

// baseRel is the universal part of a relation ("nmod:poss" → "nmod").
func baseRel(r string) string {
	for i := 0; i < len(r); i++ {
		if r[i] == ':' {
			return r[:i]
		}
	}
	return r
}
