package timex

import (
	"os"
	"strings"
	"testing"
)

func readArticle(tb testing.TB) string {
	b, err := os.ReadFile("testdata/article.txt")
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// TestArticle checks the expressions found in a whole (fictional) article.
func TestArticle(t *testing.T) {
	text := readArticle(t)
	vs := Parse(text, mon)
	checkValues(t, text, vs)
	var got []string
	for _, v := range vs {
		got = append(got, v.Text)
	}
	t.Logf("%d values: %s", len(vs), strings.Join(got, " | "))
	mustHave := []string{"Sunday", "the spring", "Saturday night", "earlier this month", "48 hours",
		"next week", "February 2022", "three years", "the autumn", "Monday", "the end of the month",
		"Thursday", "1998", "the 2010s", "12 March", "recent weeks", "a week earlier", "September 29",
		"The following day", "2019", "the coming days", "the previous day", "next Tuesday", "next year",
		"May", "Tuesday evening", "the past decade", "mid-October", "the late 1970s", "2005",
		"Wednesday", "Saturday afternoon", "overnight", "every Monday", "this year", "2025-10-13"}
	for _, w := range mustHave {
		found := false
		for _, g := range got {
			found = found || g == w
		}
		if !found {
			t.Errorf("missing %q", w)
		}
	}
	for _, g := range got {
		switch strings.ToLower(g) {
		case "may not", "march", "20", "15", "the fourth year", "fourth year":
			t.Errorf("false positive %q", g)
		}
	}
}

func BenchmarkFind(b *testing.B) {
	text := readArticle(b)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Find(text)
	}
}

func BenchmarkParse(b *testing.B) {
	text := readArticle(b)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Parse(text, mon)
	}
}
