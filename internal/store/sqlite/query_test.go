package sqlite

import (
	"context"
	"testing"

	"github.com/readout/readout/internal/news"
)

func TestTranslateQuery(t *testing.T) {
	cases := []struct {
		in             string
		match, exclude string
	}{
		{"ferry", `"ferry"`, ""},
		{"  ferry   island ", `"ferry" AND "island"`, ""},
		{`"river bridge"`, `"river bridge"`, ""},
		{`"unbalanced phrase`, `"unbalanced phrase"`, ""},
		{`a OR b`, `("a" OR "b")`, ""},
		{`a OR b OR c d`, `("a" OR "b" OR "c") AND "d"`, ""},
		{`a or b`, `"a" AND "or" AND "b"`, ""},
		{`OR a`, `"a"`, ""},
		{`a OR`, `"a"`, ""},
		{`a -b`, `"a" NOT ("b")`, ""},
		{`a NOT b`, `"a" NOT ("b")`, ""},
		{`a -"b c" -d`, `"a" NOT ("b c" OR "d")`, ""},
		{`-b`, "", `"b"`},
		{`- b`, `"b"`, ""},
		{`a-b`, `"a-b"`, ""},
		{`elect*`, `"elect"*`, ""},
		{`AND(`, `"AND("`, ""},
		{`a AND b`, `"a" AND "b"`, ""},
		{`NEAR(a b)`, `"NEAR(a" AND "b)"`, ""},
		{`say "hi"there`, `"say" AND "hi" AND "there"`, ""},
		{`"a""b"`, `"a" AND "b"`, ""},
		{`col:x`, `"col:x"`, ""},
		{`it's`, `"it's"`, ""},
		{`!!! ???`, "", ""},
		{"a\x00b", `"a" AND "b"`, ""},
		{"+a", `"a"`, ""},
		{`a OR -b`, `"a" NOT ("b")`, ""},
	}
	for _, tc := range cases {
		got := translateQuery(tc.in)
		if got.Match != tc.match || got.Exclude != tc.exclude {
			t.Errorf("translateQuery(%q) = %q / %q, want %q / %q", tc.in, got.Match, got.Exclude, tc.match, tc.exclude)
		}
	}
}

// FuzzSearch checks the property that matters: no query string makes a
// search fail.
func FuzzSearch(f *testing.F) {
	for _, q := range []string{"ferry", `"a b" OR c -d`, `AND(`, `"`, `*`, `NEAR(x y, 2)`, `x:y`, "-", "a\x00"} {
		f.Add(q)
	}
	s, err := Open(context.Background(), ":memory:", nil)
	if err != nil {
		f.Fatal(err)
	}
	defer s.Close()
	for _, a := range []*news.Article{
		testArticle("https://harbour-gazette.example/f1", "Ferry", "The ferry crossed to the island."),
		testArticle("https://harbour-gazette.example/f2", "Bridge", "The bridge over the river opened."),
	} {
		if _, err := s.PutArticle(context.Background(), a, nil); err != nil {
			f.Fatal(err)
		}
	}
	f.Fuzz(func(t *testing.T, q string) {
		if _, err := s.Articles(context.Background(), news.ArticleFilter{Query: q}); err != nil {
			t.Fatalf("Query %q: %v", q, err)
		}
	})
}
