package syntax

import (
	"fmt"
	"time"

	"github.com/readout/readout/internal/conllu"
	"github.com/readout/readout/internal/news"
)

// Scores are accuracies on gold tokenisation, in percent. LAS compares the
// universal part of the relation (before ':'), as the CoNLL 2018 shared
// task does; LASFull compares the whole relation including subtypes.
// Punctuation counts.
type Scores struct {
	Sentences int     `json:"sentences"`
	Tokens    int     `json:"tokens"`
	UPOS      float64 `json:"upos"`
	XPOS      float64 `json:"xpos"`
	Lemma     float64 `json:"lemma"`
	UAS       float64 `json:"uas"`
	LAS       float64 `json:"las"`
	LASFull   float64 `json:"las_full"`
	// TokensPerSecond is the speed of tagging, lemmatising and parsing on
	// one goroutine.
	TokensPerSecond float64 `json:"tokens_per_second"`
}

func (s Scores) String() string {
	return fmt.Sprintf("UPOS %.2f XPOS %.2f lemma %.2f UAS %.2f LAS %.2f (full labels %.2f) on %d tokens, %.0f tokens/s",
		s.UPOS, s.XPOS, s.Lemma, s.UAS, s.LAS, s.LASFull, s.Tokens, s.TokensPerSecond)
}

// Evaluate annotates the words of the gold sentences and scores the result.
func (m *Model) Evaluate(gold []conllu.Sentence) Scores {
	return m.evaluate(convert(gold))
}

func (m *Model) evaluate(ss []sent) Scores {
	var sc Scores
	var up, xp, lm, ua, la, lf int
	var dur time.Duration
	for _, g := range ss {
		toks := make([]news.Token, g.len())
		for i, f := range g.Form {
			toks[i] = news.Token{Text: f}
		}
		ns := news.Sentence{Tokens: toks}
		t0 := time.Now()
		m.Annotate(&ns, "")
		dur += time.Since(t0)
		sc.Sentences++
		for i, t := range ns.Tokens {
			sc.Tokens++
			if t.UPOS == g.UPOS[i] {
				up++
			}
			if t.XPOS == g.XPOS[i] {
				xp++
			}
			if t.Lemma == g.Lemma[i] {
				lm++
			}
			if t.Head+1 == g.Head[i] {
				ua++
				if baseRel(t.Rel) == baseRel(g.Rel[i]) {
					la++
				}
				if t.Rel == g.Rel[i] {
					lf++
				}
			}
		}
	}
	if sc.Tokens == 0 {
		return sc
	}
	pct := func(k int) float64 { return 100 * float64(k) / float64(sc.Tokens) }
	sc.UPOS, sc.XPOS, sc.Lemma, sc.UAS, sc.LAS, sc.LASFull = pct(up), pct(xp), pct(lm), pct(ua), pct(la), pct(lf)
	if dur > 0 {
		sc.TokensPerSecond = float64(sc.Tokens) / dur.Seconds()
	}
	return sc
}
