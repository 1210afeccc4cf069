package event

import (
	"strings"
	"testing"
	"time"

	"github.com/readout/readout/internal/kb"
	"github.com/readout/readout/internal/news"
)

// benchArticle is about 700 words of fictional wire copy.
func benchArticle() string {
	paras := []string{
		"Kenyan Foreign Minister Odhiambo Wekesa visited Addis Ababa on Tuesday, where he met Ethiopian officials for talks on the shared border.",
		"The Egyptian foreign minister Samir Fahmy is expected to travel to Nairobi next week, officials said.",
		"An Israeli air strike in Beirut killed two people on Tuesday, and Lebanon condemned the attack.",
		"Austria delivered humanitarian aid to Lebanon on Wednesday, while Jordan did not send aid to Gaza.",
		"Peace talks between rival factions are often difficult, and analysts say sanctions rarely change behaviour.",
		"Norwegian Prime Minister Halvard Rusten and Danish Prime Minister Mette Sand held a phone call on Monday.",
		"Japan pledged $50 million to rebuild schools in the region, and Brazil urged Venezuela to hold fair elections.",
	}
	var b strings.Builder
	for b.Len() < 4400 {
		for _, p := range paras {
			b.WriteString(p)
			b.WriteString("\n\n")
		}
	}
	return b.String()
}

// BenchmarkCode measures Code alone on an annotated ~700-word article.
func BenchmarkCode(b *testing.B) {
	a := &news.Article{Text: benchArticle(), Published: time.Date(2025, 10, 22, 0, 0, 0, 0, time.UTC)}
	prepare(b)(a)
	k := kb.Default()
	b.ReportMetric(float64(len(strings.Fields(a.Text))), "words/article")
	b.ResetTimer()
	for b.Loop() {
		Code(a, k)
	}
}
