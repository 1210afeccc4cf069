package event

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/readout/readout/internal/kb"
	"github.com/readout/readout/internal/news"
)

// Agreement with actor-labelled sentences in the CoNLL BIO layout of
// ConfliBERT's event data: one "token TAG" per line, a blank line between
// sentences, tags B-/I- of S (source), T (target) and R (reciprocal: the
// sides of a symmetric event such as a meeting), O elsewhere.

// BIOSentence is one labelled sentence: its tokens and their tags.
type BIOSentence struct {
	Tokens []string
	Tags   []string
}

// ReadBIO reads BIO-tagged sentences. A line is "token TAG" (space or tab
// separated, the tag last); a blank line ends a sentence.
func ReadBIO(r io.Reader) ([]BIOSentence, error) {
	var out []BIOSentence
	var cur BIOSentence
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	n := 0
	flush := func() {
		if len(cur.Tokens) > 0 {
			out = append(out, cur)
		}
		cur = BIOSentence{}
	}
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			flush()
			continue
		}
		i := strings.LastIndexAny(line, " \t")
		if i <= 0 {
			return nil, news.E("event.ReadBIO", news.KindInvalid, fmt.Errorf("line %d: want \"token TAG\"", n))
		}
		tag := line[i+1:]
		if tag != "O" && !(len(tag) > 2 && (tag[0] == 'B' || tag[0] == 'I') && tag[1] == '-') {
			return nil, news.E("event.ReadBIO", news.KindInvalid, fmt.Errorf("line %d: bad tag %q", n, tag))
		}
		cur.Tokens = append(cur.Tokens, strings.TrimSpace(line[:i]))
		cur.Tags = append(cur.Tags, tag)
	}
	if err := sc.Err(); err != nil {
		return nil, news.E("event.ReadBIO", news.KindInvalid, err)
	}
	flush()
	return out, nil
}

// noSpaceBefore are tokens glued to the previous one when a tokenised
// sentence is turned back into text.
var noSpaceBefore = set(",", ".", ";", ":", "!", "?", ")", "]", "'s", "’s", "ʼs", "n't", "%", "'", "’")

// Detokenize joins tokens into text and returns each token's byte span.
func (b BIOSentence) Detokenize() (string, [][2]int) {
	var sb strings.Builder
	spans := make([][2]int, len(b.Tokens))
	for i, t := range b.Tokens {
		if i > 0 && !noSpaceBefore[strings.ToLower(t)] {
			if p := b.Tokens[i-1]; p != "(" && p != "[" && p != "$" {
				sb.WriteByte(' ')
			}
		}
		spans[i][0] = sb.Len()
		sb.WriteString(t)
		spans[i][1] = sb.Len()
	}
	return sb.String(), spans
}

// ActorScores are the figures of EvaluateActors: sentence-level
// agreement of the main coded event's participants with the labelled
// spans, by token overlap.
type ActorScores struct {
	Sentences int `json:"sentences"`
	// Coded is the number of sentences with at least one event.
	Coded int `json:"coded"`
	// Source: recall over sentences with an S span (our actors overlap
	// it), precision over sentences where we give an actor span (it
	// overlaps S or R).
	Source PR `json:"source"`
	// Target: the same for our recipients and T (or R).
	Target PR `json:"target"`
	// Reciprocal: recall of R spans covered by our actors or recipients.
	Reciprocal PR `json:"reciprocal"`
	// Swapped counts sentences where our actor overlaps T or our
	// recipient overlaps S.
	Swapped int      `json:"swapped"`
	Errors  []string `json:"errors,omitempty"`
}

// PR is a precision/recall pair with its counts.
type PR struct {
	Hits      int     `json:"hits"`
	Gold      int     `json:"gold"`
	Predicted int     `json:"predicted"`
	Correct   int     `json:"correct"`
	Recall    float64 `json:"recall"`
	Precision float64 `json:"precision"`
}

func (p *PR) finish() {
	if p.Gold > 0 {
		p.Recall = float64(p.Hits) / float64(p.Gold)
	}
	if p.Predicted > 0 {
		p.Precision = float64(p.Correct) / float64(p.Predicted)
	}
}

// EvaluateActors codes each sentence and compares the participants of
// its main event (MainEvent) with the labelled S, T and R spans.
func EvaluateActors(sents []BIOSentence, prepare func(*news.Article), k *kb.KB) ActorScores {
	var sc ActorScores
	for n, b := range sents {
		sc.Sentences++
		txt, spans := b.Detokenize()
		a := &news.Article{ID: fmt.Sprint(n + 1), Text: txt}
		prepare(a)
		evs := Code(a, k)
		if len(evs) > 0 {
			sc.Coded++
		}
		role := func(r byte) map[int]bool {
			m := map[int]bool{}
			for i, t := range b.Tags {
				if len(t) > 2 && t[2] == r {
					m[i] = true
				}
			}
			return m
		}
		gS, gT, gR := role('S'), role('T'), role('R')
		var act, rec map[int]bool
		if j := MainEvent(evs); j >= 0 {
			act = tokensOf(evs[j].Actors, spans)
			rec = tokensOf(evs[j].Recipients, spans)
		}
		over := func(x, y map[int]bool) bool {
			for i := range x {
				if y[i] {
					return true
				}
			}
			return false
		}
		if len(gS) > 0 {
			sc.Source.Gold++
			if over(act, gS) {
				sc.Source.Hits++
			}
		}
		if len(act) > 0 {
			sc.Source.Predicted++
			if over(act, gS) || over(act, gR) {
				sc.Source.Correct++
			}
		}
		if len(gT) > 0 {
			sc.Target.Gold++
			if over(rec, gT) {
				sc.Target.Hits++
			}
		}
		if len(rec) > 0 {
			sc.Target.Predicted++
			if over(rec, gT) || over(rec, gR) {
				sc.Target.Correct++
			}
		}
		if len(gR) > 0 {
			sc.Reciprocal.Gold++
			if over(act, gR) || over(rec, gR) {
				sc.Reciprocal.Hits++
			}
		}
		if over(act, gT) && !over(act, gS) || over(rec, gS) && !over(rec, gT) {
			sc.Swapped++
			sc.Errors = append(sc.Errors, fmt.Sprintf("%d: swapped: %s", n+1, txt))
		}
	}
	sc.Source.finish()
	sc.Target.finish()
	sc.Reciprocal.finish()
	sc.Reciprocal.Predicted, sc.Reciprocal.Precision = 0, 0
	return sc
}

// tokensOf returns the indexes of the tokens that the participants'
// spans overlap.
func tokensOf(as []news.EventActor, spans [][2]int) map[int]bool {
	m := map[int]bool{}
	for _, a := range as {
		if a.Start >= a.End {
			continue
		}
		for i, sp := range spans {
			if sp[1] > a.Start && sp[0] < a.End {
				m[i] = true
			}
		}
	}
	return m
}
