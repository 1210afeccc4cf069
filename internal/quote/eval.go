package quote

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/readout/readout/internal/kb"
	"github.com/readout/readout/internal/news"
)

// GoldArticle is one line of a gold file: an article's text and its
// quotations. Paragraphs of Text are separated by blank lines.
type GoldArticle struct {
	ID     string      `json:"id"`
	Text   string      `json:"text"`
	Quotes []GoldQuote `json:"quotes"`
}

// GoldQuote is one annotated quotation: the byte span of its content
// (without quotation marks; for a quotation split around its attribution,
// from the first byte of the first part to the last byte of the last),
// its kind, the speaker as text ("" when none), and the media it came
// through, nearest to the speaker first.
type GoldQuote struct {
	Start   int      `json:"start"`
	End     int      `json:"end"`
	Kind    string   `json:"kind"`
	Speaker string   `json:"speaker"`
	Via     []string `json:"via,omitempty"`
}

// ReadGold reads a JSONL gold file, checking every span.
func ReadGold(r io.Reader) ([]GoldArticle, error) {
	var out []GoldArticle
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<16), 1<<26)
	line := 0
	for sc.Scan() {
		line++
		b := strings.TrimSpace(sc.Text())
		if b == "" {
			continue
		}
		var g GoldArticle
		if err := json.Unmarshal([]byte(b), &g); err != nil {
			return nil, news.E("quote.ReadGold", news.KindInvalid, fmt.Errorf("line %d: %w", line, err))
		}
		for i, q := range g.Quotes {
			if q.Start < 0 || q.End > len(g.Text) || q.Start >= q.End {
				return nil, news.E("quote.ReadGold", news.KindInvalid, fmt.Sprintf("line %d: quote %d: span [%d,%d) out of bounds", line, i, q.Start, q.End))
			}
			switch news.QuoteKind(q.Kind) {
			case news.QuoteDirect, news.QuotePartial, news.QuoteIndirect, news.QuoteTerm:
			default:
				return nil, news.E("quote.ReadGold", news.KindInvalid, fmt.Sprintf("line %d: quote %d: unknown kind %q", line, i, q.Kind))
			}
		}
		out = append(out, g)
	}
	if err := sc.Err(); err != nil {
		return nil, news.E("quote.ReadGold", news.KindInvalid, err)
	}
	return out, nil
}

// Score holds the figures of an evaluation. Terms are scored apart from
// statements: spans, speakers and media are over non-term quotations.
type Score struct {
	Articles  int `json:"articles"`
	Gold      int `json:"gold"`
	Predicted int `json:"predicted"`
	ExactTP   int `json:"exact_tp"`
	OverlapTP int `json:"overlap_tp"`

	ExactP    float64 `json:"exact_precision"`
	ExactR    float64 `json:"exact_recall"`
	ExactF1   float64 `json:"exact_f1"`
	OverlapP  float64 `json:"overlap_precision"`
	OverlapR  float64 `json:"overlap_recall"`
	OverlapF1 float64 `json:"overlap_f1"`

	SpeakerN   int     `json:"speaker_n"`
	SpeakerOK  int     `json:"speaker_ok"`
	SpeakerAcc float64 `json:"speaker_accuracy"`
	KindOK     int     `json:"kind_ok"`
	KindAcc    float64 `json:"kind_accuracy"`
	ViaOK      int     `json:"via_ok"`
	ViaAcc     float64 `json:"via_accuracy"`

	GoldTerms int `json:"gold_terms"`
	PredTerms int `json:"predicted_terms"`
	TermTP    int `json:"term_tp"`

	// Misses describes errors for inspection ("id: missed …").
	Misses []string `json:"misses,omitempty"`
}

// Evaluate runs Extract on every gold article and scores the result.
func Evaluate(gold []GoldArticle, k *kb.KB) Score {
	var s Score
	for _, g := range gold {
		a := &news.Article{ID: g.ID, Text: g.Text}
		s.add(g, Extract(a, k))
	}
	s.finish()
	return s
}

func (s *Score) add(g GoldArticle, pred []news.Quote) {
	s.Articles++
	var gs []GoldQuote
	var ps []news.Quote
	for _, q := range g.Quotes {
		if q.Kind == string(news.QuoteTerm) {
			s.GoldTerms++
			continue
		}
		gs = append(gs, q)
	}
	for _, q := range pred {
		if q.Kind == news.QuoteTerm {
			s.PredTerms++
			for _, x := range g.Quotes {
				if x.Kind == string(news.QuoteTerm) && x.Start == q.Start && x.End == q.End {
					s.TermTP++
				}
			}
			continue
		}
		ps = append(ps, q)
	}
	s.Gold += len(gs)
	s.Predicted += len(ps)
	used := make([]bool, len(ps))
	for _, q := range gs {
		best, bestOv := -1, 0
		for i, p := range ps {
			if used[i] {
				continue
			}
			ov := min(q.End, p.End) - max(q.Start, p.Start)
			if p.Start == q.Start && p.End == q.End {
				ov = 1 << 30
			}
			if ov > bestOv {
				best, bestOv = i, ov
			}
		}
		if best < 0 {
			s.miss(g, "missed %s %q (%s)", q.Kind, g.Text[q.Start:q.End], q.Speaker)
			continue
		}
		used[best] = true
		p := ps[best]
		s.OverlapTP++
		if p.Start == q.Start && p.End == q.End {
			s.ExactTP++
		} else {
			s.miss(g, "span %q want %q", g.Text[p.Start:p.End], g.Text[q.Start:q.End])
		}
		if string(p.Kind) == q.Kind {
			s.KindOK++
		} else {
			s.miss(g, "kind %s want %s: %q", p.Kind, q.Kind, g.Text[q.Start:q.End])
		}
		s.SpeakerN++
		got := ""
		if p.Speaker != nil {
			got = p.Speaker.Text
		}
		if SameSpeaker(q.Speaker, got) {
			s.SpeakerOK++
		} else {
			s.miss(g, "speaker %q want %q: %q", got, q.Speaker, g.Text[q.Start:q.End])
		}
		var via []string
		for _, m := range p.Via {
			via = append(via, m.Name)
		}
		if sameVia(q.Via, via) {
			s.ViaOK++
		} else {
			s.miss(g, "via %q want %q: %q", via, q.Via, g.Text[q.Start:q.End])
		}
	}
	for i, p := range ps {
		if !used[i] {
			s.miss(g, "extra %s %q", p.Kind, g.Text[p.Start:p.End])
		}
	}
}

func (s *Score) miss(g GoldArticle, format string, args ...any) {
	s.Misses = append(s.Misses, g.ID+": "+fmt.Sprintf(format, args...))
}

func (s *Score) finish() {
	s.ExactP, s.ExactR, s.ExactF1 = prf(s.ExactTP, s.Predicted, s.Gold)
	s.OverlapP, s.OverlapR, s.OverlapF1 = prf(s.OverlapTP, s.Predicted, s.Gold)
	s.SpeakerAcc = ratio(s.SpeakerOK, s.SpeakerN)
	s.KindAcc = ratio(s.KindOK, s.OverlapTP)
	s.ViaAcc = ratio(s.ViaOK, s.OverlapTP)
}

func prf(tp, pred, gold int) (p, r, f float64) {
	p, r = ratio(tp, pred), ratio(tp, gold)
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// normSpeaker lower-cases s, drops a leading article and punctuation.
func normSpeaker(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == ' ' {
			return r
		}
		if r == '-' {
			return ' '
		}
		return -1
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	for _, p := range []string{"the ", "a ", "an "} {
		s = strings.TrimPrefix(s, p)
	}
	return s
}

// SameSpeaker compares a gold speaker with a predicted one: equal after
// normalisation, or, for a gold speaker written as a name, the same
// surname.
func SameSpeaker(gold, got string) bool {
	g, p := normSpeaker(gold), normSpeaker(got)
	if g == p {
		return true
	}
	if g == "" || p == "" {
		return false
	}
	if !allCaps(gold) {
		return false
	}
	gf, pf := strings.Fields(g), strings.Fields(p)
	return gf[len(gf)-1] == pf[len(pf)-1]
}

func sameVia(gold, got []string) bool {
	if len(gold) != len(got) {
		return false
	}
	for i := range gold {
		if normSpeaker(gold[i]) != normSpeaker(got[i]) {
			return false
		}
	}
	return true
}
