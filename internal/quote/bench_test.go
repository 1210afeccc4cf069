package quote

import (
	"os"
	"strings"
	"testing"

	"github.com/readout/readout/internal/kb"
	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/text"
)

func loadGold(tb testing.TB) []GoldArticle {
	tb.Helper()
	f, err := os.Open("testdata/gold.jsonl")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	g, err := ReadGold(f)
	if err != nil {
		tb.Fatal(err)
	}
	return g
}

// benchArticle joins gold articles into one of about 700 words, split
// into sentences by the text stage as in the pipeline.
func benchArticle(tb testing.TB) *news.Article {
	var b strings.Builder
	for _, g := range loadGold(tb) {
		if len(strings.Fields(b.String())) >= 700 {
			break
		}
		b.WriteString(g.Text)
		b.WriteString("\n\n")
	}
	s := strings.TrimSpace(b.String())
	a := &news.Article{Text: s}
	a.Blocks = validBlocks(s, nil)
	a.Sentences = text.Sentences(s, a.Blocks)
	return a
}

// BenchmarkExtract reports the cost of quotation extraction per article
// of about 700 words (sentences given, as in the pipeline).
func BenchmarkExtract(b *testing.B) {
	a := benchArticle(b)
	k := kb.Default()
	b.SetBytes(int64(len(a.Text)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Extract(a, k)
	}
	b.ReportMetric(float64(len(strings.Fields(a.Text))), "words/article")
}

// BenchmarkTextStage is the text stage on the same article, for scale.
func BenchmarkTextStage(b *testing.B) {
	a := benchArticle(b)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		text.Sentences(a.Text, a.Blocks)
	}
}
