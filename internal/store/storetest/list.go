package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/readout/readout/internal/news"
)

func testListOrder(t *testing.T, s news.Store) {
	mk := func(n int, published, ingested time.Time) *news.Article {
		a := Article(fmt.Sprintf("https://harbour-gazette.example/o/%d", n), fmt.Sprintf("Order %d", n),
			fmt.Sprintf("Article number %d about the harbour.", n))
		a.Published, a.IngestedAt = published, ingested
		return a
	}
	// Put in an order unrelated to the expected one.
	a1 := mk(1, day.Add(-72*time.Hour), day)
	a2 := mk(2, day, day.Add(-96*time.Hour))
	a3 := mk(3, time.Time{}, day.Add(-24*time.Hour)) // no published: falls back to ingested
	a4 := mk(4, day.Add(-48*time.Hour), day)
	a5 := mk(5, time.Time{}, day.Add(time.Hour))
	for _, a := range []*news.Article{a3, a1, a5, a2, a4} {
		put(t, s, a, nil, news.PutStored)
	}
	got := list(t, s, news.ArticleFilter{})
	sameIDs(t, "listing", got, a5.ID, a2.ID, a3.ID, a4.ID, a1.ID)
	for _, sum := range got {
		var want *news.Article
		for _, a := range []*news.Article{a1, a2, a3, a4, a5} {
			if a.ID == sum.ID {
				want = a
			}
		}
		if sum.Title != want.Title || sum.URL != want.URL || sum.Language != "en" ||
			!sum.Published.Equal(want.Published) || !sum.IngestedAt.Equal(want.IngestedAt) ||
			sum.Snippet != "" || sum.DuplicateOf != "" {
			t.Errorf("summary %+v does not match article %s", sum, want.ID)
		}
	}
}

func putMany(t *testing.T, s news.Store, n int) []string {
	t.Helper()
	ids := make([]string, n)
	for i := range n {
		a := Article(fmt.Sprintf("https://northfield-courier.example/m/%d", i), fmt.Sprintf("Item %d", i),
			fmt.Sprintf("Item %d of the series on the valley.", i))
		a.Published = day.Add(time.Duration(-i) * time.Hour) // ids[0] is the newest
		put(t, s, a, nil, news.PutStored)
		ids[i] = a.ID
	}
	return ids
}

func testLimitOffset(t *testing.T, s news.Store) {
	all := putMany(t, s, 60)
	if got := list(t, s, news.ArticleFilter{}); len(got) != 50 {
		t.Fatalf("default limit listed %d, want 50", len(got))
	} else {
		sameIDs(t, "default page", got, all[:50]...)
	}
	cases := []struct {
		limit, offset int
		want          []string
	}{
		{7, 0, all[:7]},
		{7, 7, all[7:14]},
		{7, 56, all[56:]},
		{10, 60, nil},
		{10, 1000, nil},
		{5000, 0, all}, // capped at 1000, and there are only 60
		{1, 59, all[59:]},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("limit%d_offset%d", tc.limit, tc.offset), func(t *testing.T) {
			got := list(t, s, news.ArticleFilter{Limit: tc.limit, Offset: tc.offset})
			sameIDs(t, "page", got, tc.want...)
		})
	}
}

func testFilters(t *testing.T, s news.Store) {
	type fx struct {
		site, lang string
		published  time.Time
	}
	fixtures := []fx{
		{"The Harbour Gazette", "en", day.Add(-3 * time.Hour)},
		{"The Harbour Gazette", "de", day.Add(-2 * time.Hour)},
		{"Northfield Courier", "en", day.Add(-1 * time.Hour)},
		{"Northfield Courier", "fr", day},
		{"", "en", day.Add(time.Hour)},
	}
	id := make([]string, len(fixtures))
	for i, f := range fixtures {
		a := Article(fmt.Sprintf("https://example.org/f/%d", i), fmt.Sprintf("Filter %d", i),
			fmt.Sprintf("Text of filter fixture %d.", i))
		a.Site, a.Language, a.Published = f.site, f.lang, f.published
		put(t, s, a, nil, news.PutStored)
		id[i] = a.ID
	}
	cases := []struct {
		name string
		f    news.ArticleFilter
		want []string
	}{
		{"site", news.ArticleFilter{Site: "The Harbour Gazette"}, []string{id[1], id[0]}},
		{"site unknown", news.ArticleFilter{Site: "Nowhere Times"}, nil},
		{"language", news.ArticleFilter{Language: "en"}, []string{id[4], id[2], id[0]}},
		{"site and language", news.ArticleFilter{Site: "Northfield Courier", Language: "fr"}, []string{id[3]}},
		{"since inclusive", news.ArticleFilter{Since: day.Add(-1 * time.Hour)}, []string{id[4], id[3], id[2]}},
		{"until exclusive", news.ArticleFilter{Until: day.Add(-1 * time.Hour)}, []string{id[1], id[0]}},
		{"since and until", news.ArticleFilter{Since: day.Add(-2 * time.Hour), Until: day.Add(time.Hour)}, []string{id[3], id[2], id[1]}},
		{"since in another zone", news.ArticleFilter{Since: day.In(time.FixedZone("X", -5*3600))}, []string{id[4], id[3]}},
		{"empty range", news.ArticleFilter{Since: day, Until: day}, nil},
		{"everything", news.ArticleFilter{Language: "en", Site: "Northfield Courier", Since: day.Add(-24 * time.Hour), Until: day.Add(24 * time.Hour)}, []string{id[2]}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sameIDs(t, tc.name, list(t, s, tc.f), tc.want...)
		})
	}
}

func testWords(t *testing.T, s news.Store) {
	cases := []struct {
		text  string
		words int
	}{
		{"One two three four.", 4},
		{"Zürich, Genève — and 2025!", 4},
		{"Alpha beta.\n\nGamma delta epsilon.", 5},
	}
	for i, tc := range cases {
		a := Article(fmt.Sprintf("https://example.org/w/%d", i), "Words", tc.text)
		put(t, s, a, nil, news.PutStored)
		got := list(t, s, news.ArticleFilter{Query: strings.Fields(tc.text)[0]})
		if len(got) != 1 || got[0].Words != tc.words {
			t.Errorf("%q: listing %+v, want Words %d", tc.text, got, tc.words)
		}
	}
}

func testListInvalid(t *testing.T, s news.Store) {
	for _, f := range []news.ArticleFilter{{Limit: -1}, {Offset: -5}} {
		_, err := s.Articles(context.Background(), f)
		wantKind(t, fmt.Sprintf("Articles(%+v)", f), err, news.KindInvalid)
	}
}

func testListEmpty(t *testing.T, s news.Store) {
	for _, f := range []news.ArticleFilter{{}, {Query: "harbour"}, {Query: "-harbour"}, {IncludeDuplicates: true}} {
		if got := list(t, s, f); len(got) != 0 {
			t.Fatalf("Articles(%+v) on an empty store = %v", f, got)
		}
	}
}
