package storetest

import (
	"context"
	"sort"
	"strings"
	"testing"

	"github.com/readout/readout/internal/news"
)

// searchFixtures stores a small corpus and returns the IDs by name.
func searchFixtures(t *testing.T, s news.Store) map[string]string {
	docs := []struct{ name, title, text string }{
		{"ferry", "Ferry returns to the lake", "The ferry to the island returned on Monday after repairs. Passengers cheered at the pier."},
		{"bridge", "Council debates bridge", "The council debated a new bridge over the river. The mayor said the budget was tight."},
		{"cafe", "Café reopens in Zürich", "A small café near the station in Zürich reopened its doors. Coffee prices rose."},
		{"storm", "Storm closes harbour", "A storm closed the harbour and the ferry stayed in port. The island was cut off."},
		{"budget", "Budget vote", "Councillors voted on the city budget. The river bridge plan was dropped."},
		{"island", "Island school", "The island school hired two teachers. Pupils take the boat each morning."},
	}
	id := map[string]string{}
	for i, d := range docs {
		a := Article("https://harbour-gazette.example/s/"+d.name, d.title, d.text)
		a.Published = day.AddDate(0, 0, -i)
		put(t, s, a, nil, news.PutStored)
		id[d.name] = a.ID
	}
	return id
}

func testSearch(t *testing.T, s news.Store) {
	id := searchFixtures(t, s)
	cases := []struct {
		query string
		want  []string // in any order
	}{
		{"ferry", []string{"ferry", "storm"}},
		{"FERRY", []string{"ferry", "storm"}},
		{"zurich", []string{"cafe"}},      // diacritics folded
		{"cafe zürich", []string{"cafe"}}, // both words
		{"island ferry", []string{"ferry", "storm"}},
		{`"river bridge"`, []string{"budget"}},         // phrase, not "bridge over the river"
		{"river bridge", []string{"bridge", "budget"}}, // words in any order
		{"school OR café", []string{"island", "cafe"}}, // OR
		{"island -ferry", []string{"island"}},          // exclusion
		{`island -"ferry stayed"`, []string{"ferry", "island"}},
		{"ferry OR bridge -storm", []string{"ferry", "bridge", "budget"}},
		{"-island -ferry -bridge", []string{"cafe"}}, // exclusion only
		{"counc*", []string{"bridge", "budget"}},     // prefix
		{"reopens", []string{"cafe"}},                // title
		{"nonexistentword", nil},
		{"or", nil}, // a lower-case "or" is a word, and no text has it
	}
	for _, tc := range cases {
		t.Run(tc.query, func(t *testing.T) {
			got := ids(list(t, s, news.ArticleFilter{Query: tc.query}))
			want := make([]string, len(tc.want))
			for i, n := range tc.want {
				want[i] = id[n]
			}
			sort.Strings(got)
			sort.Strings(want)
			if strings.Join(got, ",") != strings.Join(want, ",") {
				names := map[string]string{}
				for n, i := range id {
					names[i] = n
				}
				var g []string
				for _, i := range got {
					g = append(g, names[i])
				}
				t.Fatalf("Query %q found %v, want %v", tc.query, g, tc.want)
			}
		})
	}
}

func testSnippet(t *testing.T, s news.Store) {
	id := searchFixtures(t, s)
	got := list(t, s, news.ArticleFilter{Query: "pier"})
	if len(got) != 1 || got[0].ID != id["ferry"] {
		t.Fatalf("Query pier = %v", ids(got))
	}
	sn := got[0].Snippet
	if !strings.Contains(sn, news.HighlightStart+"pier"+news.HighlightEnd) {
		t.Fatalf("snippet %q does not mark %q", sn, "pier")
	}
	// Folded matches are marked as written in the text.
	got = list(t, s, news.ArticleFilter{Query: "zurich"})
	if len(got) != 1 || !strings.Contains(got[0].Snippet, news.HighlightStart+"Zürich"+news.HighlightEnd) {
		t.Fatalf("Query zurich: %+v", got)
	}
	// Literal markers in the text are not passed off as highlights.
	a := Article("https://harbour-gazette.example/markup", "Markup",
		"The guide explains the <mark> tag and the </mark> tag for a lantern festival.")
	put(t, s, a, nil, news.PutStored)
	got = list(t, s, news.ArticleFilter{Query: "lantern"})
	if len(got) != 1 {
		t.Fatalf("Query lantern = %v", ids(got))
	}
	if n := strings.Count(got[0].Snippet, news.HighlightStart); n != 1 {
		t.Fatalf("snippet %q has %d start markers, want 1", got[0].Snippet, n)
	}
	if n := strings.Count(got[0].Snippet, news.HighlightEnd); n != 1 {
		t.Fatalf("snippet %q has %d end markers, want 1", got[0].Snippet, n)
	}
}

func testSearchFilters(t *testing.T, s news.Store) {
	id := searchFixtures(t, s)
	a := Article("https://northfield-courier.example/ferry", "Ferry strike", "Ferry crews went on strike in Hamburg.")
	a.Site, a.Language, a.Published = "Northfield Courier", "de", day
	put(t, s, a, nil, news.PutStored)
	sameIDs(t, "site", list(t, s, news.ArticleFilter{Query: "ferry", Site: "Northfield Courier"}), a.ID)
	sameIDs(t, "language", list(t, s, news.ArticleFilter{Query: "ferry", Language: "de"}), a.ID)
	sameIDs(t, "until", list(t, s, news.ArticleFilter{Query: "ferry", Until: day.AddDate(0, 0, -1)}), id["storm"])
	if got := list(t, s, news.ArticleFilter{Query: "ferry", Limit: 1}); len(got) != 1 {
		t.Fatalf("limit 1 gave %d", len(got))
	}
	all := ids(list(t, s, news.ArticleFilter{Query: "ferry"}))
	page := ids(list(t, s, news.ArticleFilter{Query: "ferry", Limit: 2, Offset: 1}))
	if len(all) != 3 || len(page) != 2 || page[0] != all[1] || page[1] != all[2] {
		t.Fatalf("offset paging: all %v, page %v", all, page)
	}
}

func testSearchUpdated(t *testing.T, s news.Store) {
	a := Article("https://harbour-gazette.example/upd", "Orchard news", "The orchard had a poor harvest.")
	put(t, s, a, nil, news.PutStored)
	b := Article("https://harbour-gazette.example/upd", "Vineyard news", "The vineyard had a fine harvest.")
	put(t, s, b, nil, news.PutUpdated)
	if got := list(t, s, news.ArticleFilter{Query: "orchard"}); len(got) != 0 {
		t.Fatalf("old text still found: %v", ids(got))
	}
	sameIDs(t, "new text", list(t, s, news.ArticleFilter{Query: "vineyard"}), a.ID)
	sameIDs(t, "unchanged word", list(t, s, news.ArticleFilter{Query: "harvest"}), a.ID)
}

// hostileQueries are things users type (or paste) that are not valid
// full-text syntax; none may cause an error.
var hostileQueries = []string{
	`"unbalanced`, `unbalanced"`, `"`, `""`, `"""`, `AND(`, `OR`, `NOT`, `AND`, `a OR`, `OR a`,
	`-`, `--`, `- -`, `*`, `**`, `ferry*`, `*ferry`, `NEAR(ferry island)`, `ferry NEAR island`,
	`title:ferry`, `text:island`, `{title}: ferry`, `^ferry`, `ferry + island`, `(ferry`,
	`ferry)`, `((()))`, `'; DROP TABLE articles; --`, `%`, `_`, `\`, `\"`, `ferry\`, `:`,
	"\x00", "ferry\x00island", "\u200b", "🚢", "日本語", `😀 OR 🚢`, `a:b:c`, `"a" "b`,
	`-"ferry`, `ferry -`, `-*`, `col:*`, strings.Repeat("ferry ", 200), strings.Repeat(`"`, 101),
	"\xff\xfe", `ferry AND AND island`, `ferry OR OR island`, `ferry NOT NOT island`,
}

func testHostileQueries(t *testing.T, s news.Store) {
	id := searchFixtures(t, s)
	for _, q := range hostileQueries {
		if _, err := s.Articles(context.Background(), news.ArticleFilter{Query: q}); err != nil {
			t.Errorf("Articles(Query %q): %v", q, err)
		}
	}
	// Syntax characters around a word do not stop it from matching.
	for _, q := range []string{`"ferry`, `ferry)`, `(ferry`, `^ferry`, `ferry\`, `ferry*`, `+ferry`} {
		got := ids(list(t, s, news.ArticleFilter{Query: q}))
		found := false
		for _, g := range got {
			found = found || g == id["ferry"]
		}
		if !found {
			t.Errorf("Query %q did not find the ferry article: %v", q, got)
		}
	}
}
