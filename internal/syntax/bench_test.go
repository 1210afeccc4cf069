package syntax

import (
	"os"
	"testing"

	"github.com/readout/readout/internal/news"
)

// benchSentences are written for the benchmark (fictional events).
var benchSentences = []string{
	"The foreign minister of Kenya visited Nairobi on Tuesday to meet business leaders .",
	"“ We will not stop until the talks resume , ” the general told reporters in Lagos .",
	"Defence Minister Anna Kowalski said the army had withdrawn two battalions from the border region last week .",
	"Protesters gathered outside the parliament in Lima , demanding the resignation of the interior minister .",
	"The central bank raised interest rates by half a percentage point , its third increase this year .",
}

func benchModel(b *testing.B) *Model {
	path := os.Getenv("SYNTAX_MODEL")
	if path == "" {
		m, err := Default()
		if err != nil {
			b.Skip("no embedded model:", err)
		}
		return m
	}
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	m, err := Load(f)
	if err != nil {
		b.Fatal(err)
	}
	return m
}

func benchInput() []news.Sentence {
	var out []news.Sentence
	for _, s := range benchSentences {
		var toks []news.Token
		start := 0
		for i := 0; i <= len(s); i++ {
			if i == len(s) || s[i] == ' ' {
				if i > start {
					toks = append(toks, news.Token{Text: s[start:i]})
				}
				start = i + 1
			}
		}
		out = append(out, news.Sentence{Tokens: toks})
	}
	return out
}

func BenchmarkParse(b *testing.B) {
	m := benchModel(b)
	in := benchInput()
	n := 0
	for _, s := range in {
		n += len(s.Tokens)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for k := range in {
			m.Annotate(&in[k], "")
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}

func BenchmarkTag(b *testing.B) {
	m := benchModel(b)
	in := benchInput()
	n := 0
	for _, s := range in {
		n += len(s.Tokens)
	}
	sc := m.newScratch()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, s := range in {
			forms := sc.forms[:0]
			for _, t := range s.Tokens {
				forms = append(forms, t.Text)
			}
			sc.forms = forms
			sc.ws = growWords(sc.ws, len(forms))
			sc.tags = append(sc.tags[:0], make([]int32, len(forms))...)
			m.tag.prepare(forms, sc.ws)
			m.tag.tagWith(sc.ws, sc.tags, sc.buf, sc.tscores, m.tag.W.score)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}
