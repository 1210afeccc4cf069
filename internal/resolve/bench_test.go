package resolve

import (
	"strings"
	"testing"

	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/text"
)

// BenchmarkArticle measures resolution (NER tagging included) of a
// 700-word article already split into sentences; BenchmarkResolveOnly
// leaves the tagger out (KB matching, clustering, titles, linking).
func BenchmarkArticle(b *testing.B) {
	r := testResolver(b)
	body := article700(b)
	sents := text.Sentences(body, nil)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r.Article(&news.Article{Text: body, Sentences: sents})
	}
}

func BenchmarkResolveOnly(b *testing.B) {
	r := New(testResolver(b).kb, nil)
	body := article700(b)
	sents := text.Sentences(body, nil)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r.Article(&news.Article{Text: body, Sentences: sents})
	}
}

// article700 repeats the fixtures to about 700 words.
func article700(b *testing.B) string {
	base := readFixture(b, "talks.txt") + "\n" + readFixture(b, "cabinet.txt")
	var sb strings.Builder
	for len(strings.Fields(sb.String())) < 700 {
		sb.WriteString(base)
		sb.WriteString("\n")
	}
	return sb.String()
}
