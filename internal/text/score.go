package text

import (
	"fmt"
	"strings"
	"time"

	"github.com/readout/readout/internal/conllu"
	"github.com/readout/readout/internal/news"
)

// Score measures Sentences against a CoNLL-U treebank in the manner of the
// CoNLL 2018 shared task. The raw text of each document ("# newdoc") is
// rebuilt from the "# text" lines (or the tokens and SpaceAfter=No):
// sentences of a paragraph ("# newpar") are joined by a space, paragraphs
// by a blank line, and each paragraph is passed to Sentences as a block.
// Words (the pieces of "don't"), surface tokens ("don't"; readout's clitic
// pieces merged back) and sentences are matched by their byte spans. Up to
// maxErrors missed and spurious spans of each kind are described in
// Scores.Errors.
func Score(sents []conllu.Sentence, maxErrors int) Scores {
	return score(buildGoldDocs(sents), maxErrors)
}

type span struct{ start, end int }

// goldDoc is one rebuilt document with its gold spans.
type goldDoc struct {
	text      string
	blocks    []news.Block
	words     []span
	tokens    []span
	sentences []span
}

// buildGoldDocs rebuilds the raw text of every document in the treebank.
func buildGoldDocs(sents []conllu.Sentence) []goldDoc {
	var docs []goldDoc
	var b strings.Builder
	var d *goldDoc
	parStart := -1
	closePar := func() {
		if d != nil && parStart >= 0 && b.Len() > parStart {
			d.blocks = append(d.blocks, news.Block{Kind: news.BlockParagraph, Start: parStart, End: b.Len()})
		}
		parStart = -1
	}
	finish := func() {
		if d != nil {
			closePar()
			d.text = b.String()
			docs = append(docs, *d)
		}
		b.Reset()
		d = &goldDoc{}
	}
	for i := range sents {
		s := &sents[i]
		if _, ok := s.Meta("newdoc id"); ok || d == nil {
			finish()
		} else if _, ok := s.Meta("newdoc"); ok {
			finish()
		}
		_, newpar := s.Meta("newpar id")
		if !newpar {
			_, newpar = s.Meta("newpar")
		}
		switch {
		case parStart < 0:
			parStart = b.Len()
		case newpar:
			closePar()
			b.WriteString("\n\n")
			parStart = b.Len()
		default:
			b.WriteByte(' ')
		}
		addGoldSentence(d, &b, s)
	}
	finish()
	return docs
}

// addGoldSentence appends the sentence's text to b and records its spans.
func addGoldSentence(d *goldDoc, b *strings.Builder, s *conllu.Sentence) {
	txt := s.Text()
	toks := s.Tokens()
	// Align the tokens with the text; rebuild the text when they differ.
	pos := make([]int, len(toks))
	p := 0
	ok := true
	for i, t := range toks {
		for p < len(txt) && (txt[p] == ' ' || txt[p] == '\t') {
			p++
		}
		if !strings.HasPrefix(txt[p:], t.Form) {
			ok = false
			break
		}
		pos[i] = p
		p += len(t.Form)
	}
	if !ok {
		var r strings.Builder
		for i, t := range toks {
			pos[i] = r.Len()
			r.WriteString(t.Form)
			if t.SpaceAfter && i+1 < len(toks) {
				r.WriteByte(' ')
			}
		}
		txt = r.String()
	}
	base := b.Len()
	b.WriteString(txt)
	d.sentences = append(d.sentences, span{base, base + len(txt)})
	for i, t := range toks {
		st := base + pos[i]
		d.tokens = append(d.tokens, span{st, st + len(t.Form)})
		// Words of a multiword token take their share when they spell it.
		var forms []string
		for w := t.First; w <= t.Last; w++ {
			forms = append(forms, s.Words[w-1].Form)
		}
		if strings.Join(forms, "") == t.Form {
			for _, f := range forms {
				d.words = append(d.words, span{st, st + len(f)})
				st += len(f)
			}
		} else {
			d.words = append(d.words, span{st, st + len(t.Form)})
			for range forms[1:] {
				d.words = append(d.words, span{-1, -1}) // cannot match
			}
		}
	}
}

// PRF is precision, recall and F1 over span counts.
type PRF struct {
	Gold      int     `json:"gold"`
	System    int     `json:"system"`
	Correct   int     `json:"correct"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

func (p *PRF) add(gold, sys []span) {
	p.Gold += len(gold)
	p.System += len(sys)
	p.Correct += len(matchSpans(gold, sys))
}

func (p *PRF) finish() {
	if p.System > 0 {
		p.Precision = float64(p.Correct) / float64(p.System)
	}
	if p.Gold > 0 {
		p.Recall = float64(p.Correct) / float64(p.Gold)
	}
	if p.Precision+p.Recall > 0 {
		p.F1 = 2 * p.Precision * p.Recall / (p.Precision + p.Recall)
	}
}

// matchSpans returns the set of spans in both lists.
func matchSpans(gold, sys []span) map[span]bool {
	in := make(map[span]bool, len(gold))
	for _, g := range gold {
		in[g] = true
	}
	m := make(map[span]bool)
	for _, s := range sys {
		if in[s] {
			m[s] = true
		}
	}
	return m
}

// Scores are the results of Score.
type Scores struct {
	Documents   int      `json:"documents"`
	Words       PRF      `json:"words"`
	Tokens      PRF      `json:"tokens"`
	Sentences   PRF      `json:"sentences"`
	Seconds     float64  `json:"seconds"`
	WordsPerSec float64  `json:"words_per_second"`
	Errors      []string `json:"errors,omitempty"`
}

func score(docs []goldDoc, nerr int) Scores {
	var res Scores
	res.Documents = len(docs)
	var elapsed time.Duration
	tokErrs, sentErrs, extraErrs := 0, 0, 0
	for _, d := range docs {
		t0 := time.Now()
		sents := Sentences(d.text, d.blocks)
		elapsed += time.Since(t0)
		var words, toks, ss []span
		for _, s := range sents {
			ss = append(ss, span{s.Start, s.End})
			for i, t := range s.Tokens {
				words = append(words, span{t.Start, t.End})
				// Merge clitic pieces back into surface tokens.
				if i > 0 && len(toks) > 0 && toks[len(toks)-1].end == t.Start && isCliticPiece(s.Tokens[i-1].Text, t.Text) {
					toks[len(toks)-1].end = t.End
					continue
				}
				toks = append(toks, span{t.Start, t.End})
			}
		}
		res.Words.add(d.words, words)
		res.Tokens.add(d.tokens, toks)
		res.Sentences.add(d.sentences, ss)
		res.WordsPerSec += float64(len(words))
		if nerr > 0 {
			tokErrs = spanErrors(&res.Errors, "word", d.text, d.words, words, tokErrs, nerr)
			sentErrs = spanErrors(&res.Errors, "sentence", d.text, d.sentences, ss, sentErrs, nerr)
			extraErrs = spanErrors(&res.Errors, "spurious sentence", d.text, ss, d.sentences, extraErrs, nerr)
		}
	}
	res.Words.finish()
	res.Tokens.finish()
	res.Sentences.finish()
	res.Seconds = elapsed.Seconds()
	if res.Seconds > 0 {
		res.WordsPerSec /= res.Seconds
	}
	return res
}

// isCliticPiece reports whether b is a clitic that readout split off a (so
// that a+b is one surface token in UD).
func isCliticPiece(a, b string) bool {
	w := a + b
	return CliticSplit(w) == len(a)
}

// spanErrors appends up to limit missed gold spans (with what the system
// produced around them) to errs; with gold and sys swapped it lists the
// spurious system spans.
func spanErrors(errs *[]string, kind, txt string, gold, sys []span, n, limit int) int {
	if n >= limit {
		return n
	}
	hit := matchSpans(gold, sys)
	for _, g := range gold {
		if g.start < 0 || hit[g] {
			continue
		}
		var got []string
		for _, s := range sys {
			if s.end > g.start && s.start < g.end {
				got = append(got, fmt.Sprintf("%q", txt[s.start:s.end]))
			}
		}
		lo, hi := max(0, g.start-30), min(len(txt), g.end+30)
		if kind != "word" {
			lo, hi = g.start, min(g.end, g.start+120)
		}
		label := "gold %q, readout"
		if strings.HasPrefix(kind, "spurious") {
			label = "readout %q, gold"
		}
		*errs = append(*errs, fmt.Sprintf("%s: "+label+" %s  …%s…", kind, clip(txt[g.start:g.end], 80), clip(strings.Join(got, " "), 160), strings.ReplaceAll(txt[lo:hi], "\n", "¶")))
		n++
		if n >= limit {
			break
		}
	}
	return n
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
