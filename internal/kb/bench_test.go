package kb

import (
	"strings"
	"testing"
)

// BenchmarkDefault measures building the embedded KB from scratch.
func BenchmarkDefault(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := buildDefault(); err != nil {
			b.Fatal(err)
		}
	}
}

// benchArticle is a fictional 700-token article.
func benchArticle() []string {
	para := "The U.S. State Department said on Tuesday that Egypt 's foreign ministry had asked Qatari mediators to meet the Norwegian envoy , Ola Brekke , in Doha . " +
		"Israeli troops and Hamas fighters clashed near Gaza City , the Palestine Red Crescent said , while the UN Security Council met in New York . " +
		"A spokesperson for the fictional Harbour Gazette told The Jerusalem Post that the talks , which began last month , would continue next week in Cairo and Geneva if both sides agreed . " +
		"Officials in Washington and London declined to comment on the report , which could not be independently verified by local reporters on Wednesday evening . "
	toks := strings.Fields(para)
	var out []string
	for len(out) < 700 {
		out = append(out, toks...)
	}
	return out[:700]
}

// BenchmarkMatch measures Match over one 700-token article.
func BenchmarkMatch(b *testing.B) {
	k := Default()
	toks := benchArticle()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		k.Match(toks)
	}
}

// BenchmarkLookup measures one normalised name lookup.
func BenchmarkLookup(b *testing.B) {
	k := Default()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		k.Lookup("the U.S.")
	}
}
