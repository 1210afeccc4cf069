package text

import (
	"strings"
	"testing"
)

// article is a fictional news story of about 450 tokens (2 KB).
var article = strings.Repeat(`LIMA, Peru — The city council voted 7-2 on Tuesday to delay the $1.2 billion bridge project, officials said. “We can't keep borrowing,” said Councillor Marta Ilse Quispe, who chairs the finance committee. “The numbers don't add up.”

Mayor Ruben A. Salas, a former U.S. Army engineer, called the vote a mistake. He said the city's traffic had grown 12% since 2019 and that the delay would cost about 3.5 million soles a month. Gen. Ortiz (ret.) and Dr. Lena Paz, of the Andean Transport Institute, backed him at a news conference at 10:30 a.m.

The project's contractor, Velt Construcciones S.A., didn't respond to e-mails. Its website, www.velt.example, still lists a completion date of 2027-06-30.

`, 3)

func BenchmarkSentences(b *testing.B) {
	b.SetBytes(int64(len(article)))
	b.ReportAllocs()
	ntok := 0
	for i := 0; i < b.N; i++ {
		ss := Sentences(article, nil)
		for _, s := range ss {
			ntok += len(s.Tokens)
		}
	}
	b.ReportMetric(float64(ntok)/b.Elapsed().Seconds(), "tokens/s")
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/article")
}

func BenchmarkTokenize(b *testing.B) {
	b.SetBytes(int64(len(article)))
	b.ReportAllocs()
	ntok := 0
	for i := 0; i < b.N; i++ {
		ntok += len(Tokenize(article, 0))
	}
	b.ReportMetric(float64(ntok)/b.Elapsed().Seconds(), "tokens/s")
}
