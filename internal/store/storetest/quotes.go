package storetest

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/readout/readout/internal/news"
)

// The people and outlets below are invented; the countries are real.

// Quote returns a quotation of kind whose content is the first occurrence
// of content in a.Text, attributed to speaker (nil for none) with cue.
// It panics when content is missing: fixtures are fixed.
func Quote(a *news.Article, kind news.QuoteKind, content string, speaker *news.Speaker, cue string) news.Quote {
	i := strings.Index(a.Text, content)
	if i < 0 {
		panic(fmt.Sprintf("fixture: %q not in text", content))
	}
	q := news.Quote{Start: i, End: i + len(content), Parts: []news.Span{{Start: i, End: i + len(content)}},
		Kind: kind, Speaker: speaker, Cue: cue, Confidence: 0.8, Sentence: -1}
	if c := strings.Index(a.Text, cue); cue != "" && c >= 0 {
		q.CueStart, q.CueEnd = c, c+len(cue)
	}
	for si, s := range a.Sentences {
		if i >= s.Start && i < s.End {
			q.Sentence = si
		}
	}
	return q
}

// quoteArticles builds two articles with quotes: a1 (older) has a direct
// quote by Ingrid Solvang relayed by an outlet and an indirect statement
// by an unnamed official; a2 (newer) has a direct quote by Tomas Verhoek.
func quoteArticles() (a1, a2 *news.Article) {
	a1 = Article("https://fjord-herald.example/q/1", "Harbour deal signed",
		"\u201cThe harbour will open in spring,\u201d Ingrid Solvang told the Tromsø Ledger. "+
			"An official in Norway said the costs had doubled.")
	a1.Published = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	a1.Quotes = []news.Quote{
		Quote(a1, news.QuoteDirect, "The harbour will open in spring,", &news.Speaker{Text: "Ingrid Solvang",
			Start: strings.Index(a1.Text, "Ingrid"), End: strings.Index(a1.Text, " told"), Type: news.SpeakerPerson,
			Country: "NOR", Sector: "GOV", EntityID: "per:ingrid-solvang"}, "told"),
		Quote(a1, news.QuoteIndirect, "the costs had doubled", &news.Speaker{Text: "An official in Norway",
			Type: news.SpeakerAnonymous, Anonymous: true, Country: "NOR"}, "said"),
	}
	i := strings.Index(a1.Text, "Tromsø Ledger")
	a1.Quotes[0].Via = []news.Medium{{Name: "Tromsø Ledger", Start: i, End: i + len("Tromsø Ledger")}}

	a2 = Article("https://polder-post.example/q/2", "Dyke repairs to finish early",
		"\u201cWe expect the repairs to finish in May,\u201d said Tomas Verhoek, the Dutch water minister.")
	a2.Published = time.Date(2025, 4, 1, 9, 0, 0, 0, time.UTC)
	a2.Quotes = []news.Quote{
		Quote(a2, news.QuoteDirect, "We expect the repairs to finish in May,", &news.Speaker{Text: "Tomas Verhoek",
			Type: news.SpeakerPerson, Country: "NLD", Sector: "GOV", EntityID: "per:tomas-verhoek"}, "said"),
	}
	return a1, a2
}

func quotes(t *testing.T, s news.Store, f news.QuoteFilter) []news.QuoteSummary {
	t.Helper()
	l, err := s.Quotes(context.Background(), f)
	if err != nil {
		t.Fatalf("Quotes(%+v): %v", f, err)
	}
	return l
}

// quoteTexts is the listing as "speaker: text" lines, for comparisons.
func quoteTexts(l []news.QuoteSummary) []string {
	out := []string{}
	for _, q := range l {
		out = append(out, q.Speaker+": "+q.Text)
	}
	return out
}

func testQuotesRoundTrip(t *testing.T, s news.Store) {
	a1, a2 := quoteArticles()
	want := clone(a1)
	want.Quotes = append([]news.Quote(nil), a1.Quotes...)
	put(t, s, a1, nil, news.PutStored)
	put(t, s, a2, nil, news.PutStored)
	got, err := s.Article(context.Background(), a1.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Quotes, want.Quotes) {
		t.Fatalf("Quotes round trip:\n got  %+v\n want %+v", got.Quotes, want.Quotes)
	}
	put(t, s, cloneWithQuotes(a1), nil, news.PutUnchanged)

	l := quotes(t, s, news.QuoteFilter{})
	if g, w := quoteTexts(l), []string{
		"Tomas Verhoek: We expect the repairs to finish in May,",
		"Ingrid Solvang: The harbour will open in spring,",
		"An official in Norway: the costs had doubled",
	}; !reflect.DeepEqual(g, w) {
		t.Fatalf("listing = %q, want %q (newest article first)", g, w)
	}
	q := l[1]
	if q.ArticleID != a1.ID || q.ArticleTitle != a1.Title || !q.Published.Equal(a1.Published) ||
		q.Kind != news.QuoteDirect || q.SpeakerEntityID != "per:ingrid-solvang" || q.Country != "NOR" ||
		q.Sector != "GOV" || q.Cue != "told" || !reflect.DeepEqual(q.Via, []string{"Tromsø Ledger"}) ||
		q.Start != a1.Quotes[0].Start || q.End != a1.Quotes[0].End || q.Sentence != 0 {
		t.Fatalf("summary = %+v", q)
	}
	if l[2].Kind != news.QuoteIndirect || l[2].Via != nil || l[2].SpeakerEntityID != "" || l[2].Sentence != 1 {
		t.Fatalf("indirect summary = %+v", l[2])
	}
}

// cloneWithQuotes copies a with its quotes.
func cloneWithQuotes(a *news.Article) *news.Article {
	c := clone(a)
	c.Quotes = append([]news.Quote(nil), a.Quotes...)
	return c
}

func testQuotesUpdateReplaces(t *testing.T, s news.Store) {
	a1, _ := quoteArticles()
	put(t, s, cloneWithQuotes(a1), nil, news.PutStored)
	// Reprocessed: the indirect statement is gone, the direct quote now
	// has no outlet.
	b := cloneWithQuotes(a1)
	b.Quotes = b.Quotes[:1]
	b.Quotes[0].Via = nil
	put(t, s, b, nil, news.PutUpdated)
	l := quotes(t, s, news.QuoteFilter{})
	if len(l) != 1 || l[0].Speaker != "Ingrid Solvang" || l[0].Via != nil {
		t.Fatalf("after update: %+v", l)
	}
	got, err := s.Article(context.Background(), a1.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Quotes) != 1 || got.Quotes[0].Via != nil {
		t.Fatalf("Article quotes after update = %+v", got.Quotes)
	}
	// Without quotes: none left.
	c := cloneWithQuotes(a1)
	c.Quotes = nil
	put(t, s, c, nil, news.PutUpdated)
	if l := quotes(t, s, news.QuoteFilter{}); len(l) != 0 {
		t.Fatalf("after removing quotes: %+v", l)
	}
	// A quote outside the text is refused and changes nothing.
	d := cloneWithQuotes(a1)
	d.Quotes[0].End = len(d.Text) + 1
	_, err = s.PutArticle(context.Background(), d, nil)
	wantKind(t, "PutArticle with a quote outside the text", err, news.KindInvalid)
}

func testQuotesFilters(t *testing.T, s news.Store) {
	a1, a2 := quoteArticles()
	put(t, s, a1, nil, news.PutStored)
	put(t, s, a2, nil, news.PutStored)
	for _, tc := range []struct {
		f    news.QuoteFilter
		want []string
	}{
		{news.QuoteFilter{Speaker: "per:ingrid-solvang"}, []string{"Ingrid Solvang: The harbour will open in spring,"}},
		{news.QuoteFilter{Speaker: "SOLVANG"}, []string{"Ingrid Solvang: The harbour will open in spring,"}},
		{news.QuoteFilter{Speaker: "official"}, []string{"An official in Norway: the costs had doubled"}},
		{news.QuoteFilter{Speaker: "per:nobody"}, []string{}},
		{news.QuoteFilter{Search: "HARBOUR spring"}, []string{"Ingrid Solvang: The harbour will open in spring,"}},
		{news.QuoteFilter{Search: "harbour may"}, []string{}},
		{news.QuoteFilter{Search: "100%_"}, []string{}},
		{news.QuoteFilter{Kind: news.QuoteIndirect}, []string{"An official in Norway: the costs had doubled"}},
		{news.QuoteFilter{Kind: news.QuoteDirect, Limit: 1}, []string{"Tomas Verhoek: We expect the repairs to finish in May,"}},
		{news.QuoteFilter{Kind: news.QuoteDirect, Offset: 1}, []string{"Ingrid Solvang: The harbour will open in spring,"}},
		{news.QuoteFilter{Speaker: "verhoek", Kind: news.QuoteIndirect}, []string{}},
	} {
		if got := quoteTexts(quotes(t, s, tc.f)); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Quotes(%+v) = %q, want %q", tc.f, got, tc.want)
		}
	}
	for _, f := range []news.QuoteFilter{{Limit: -1}, {Offset: -1}} {
		_, err := s.Quotes(context.Background(), f)
		wantKind(t, fmt.Sprintf("Quotes(%+v)", f), err, news.KindInvalid)
	}
}

func testQuotesDuplicatesExcluded(t *testing.T, s news.Store) {
	a1, _ := quoteArticles()
	put(t, s, cloneWithQuotes(a1), nil, news.PutStored)
	dup := Article("https://mirror.example/q/1", a1.Title, a1.Text)
	dup.Published = a1.Published.Add(time.Hour)
	dup.Quotes = []news.Quote{Quote(dup, news.QuoteDirect, "The harbour will open in spring,",
		&news.Speaker{Text: "Copy Only", Type: news.SpeakerPerson}, "told")}
	put(t, s, dup, nil, news.PutDuplicate)
	l := quotes(t, s, news.QuoteFilter{})
	if len(l) != 2 {
		t.Fatalf("listing with a duplicate = %q, want the original's 2", quoteTexts(l))
	}
	for _, q := range l {
		if q.ArticleID != a1.ID {
			t.Fatalf("quote of the duplicate listed: %+v", q)
		}
	}
	if l := quotes(t, s, news.QuoteFilter{Speaker: "copy only"}); len(l) != 0 {
		t.Fatalf("speaker only in the duplicate listed: %+v", l)
	}
	// The duplicate still returns its own quotes.
	got, err := s.Article(context.Background(), dup.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Quotes) != 1 || got.Quotes[0].Speaker.Text != "Copy Only" {
		t.Fatalf("duplicate's quotes = %+v", got.Quotes)
	}
}
