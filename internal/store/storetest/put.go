package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/readout/readout/internal/news"
)

// fullArticle sets every field, with text in several scripts.
func fullArticle() *news.Article {
	text := "Ferry Service Resumes\n\n" +
		"The ferry between Zürich and the island café resumed on Friday, said Mara Okonkwo-Lind. " +
		"Ελληνικά λόγια and 日本語の文 sit beside an emoji 🚢 here.\n\n" +
		"Crew members didn't expect the crowd."
	a := Article("https://harbour-gazette.example/2025/03/ferry?utm_source=x", "Ferry service resumes — “at last”", text)
	a.Bylines = []string{"Mara Okonkwo-Lind", "Tobias Reyne"}
	a.Published = time.Date(2025, 3, 14, 7, 45, 12, 123456000, time.FixedZone("CET", 3600))
	a.Site = "The Harbour Gazette"
	a.Dateline = "Zürich, Switzerland"
	a.OriginalSource = "lakeside-wire.example"
	a.Language = "en"
	a.LanguageConfidence = 0.875
	a.Description = "A ferry is back after a long winter."
	a.Removed = []string{"Subscribe now", "Share this: ✉"}
	a.Format = news.FormatHTML
	a.Origin = "testdata/ferry.html"
	a.Blocks[0].Kind = news.BlockHeading
	// A token whose Text differs from its span, as for "n't" split off.
	last := &a.Sentences[len(a.Sentences)-1]
	for i, tk := range last.Tokens {
		if tk.Text == "didn't" {
			last.Tokens[i].End = tk.Start + 3
			last.Tokens[i].Text = "did"
			extra := news.Token{Start: tk.Start + 3, End: tk.End, Text: "not", UPOS: "PART", XPOS: "RB", Lemma: "not", Head: i, Rel: "advmod"}
			last.Tokens = append(last.Tokens[:i+1], append([]news.Token{extra}, last.Tokens[i+1:]...)...)
			break
		}
	}
	// Give one sentence no tokens at all.
	a.Sentences = append(a.Sentences, news.Sentence{Start: 0, End: 5})
	return a
}

func testRoundTrip(t *testing.T, s news.Store) {
	a := fullArticle()
	want := clone(a)
	raw := &news.Raw{Origin: a.Origin, Format: news.FormatHTML, Body: []byte("<p>ferry</p>")}
	put(t, s, a, raw, news.PutStored)
	if a.IngestedAt.IsZero() {
		t.Fatal("PutArticle did not set IngestedAt")
	}
	if a.DuplicateOf != "" {
		t.Fatalf("DuplicateOf = %q for a new article", a.DuplicateOf)
	}
	want.IngestedAt = a.IngestedAt
	sameArticle(t, get(t, s, a.ID), want)
}

func testIngestedAt(t *testing.T, s news.Store) {
	before := time.Now().Add(-time.Second)
	a := Article("https://harbour-gazette.example/a", "Harbour", "The harbour opened.")
	put(t, s, a, nil, news.PutStored)
	after := time.Now().Add(time.Second)
	if a.IngestedAt.Before(before) || a.IngestedAt.After(after) {
		t.Fatalf("IngestedAt = %v, want between %v and %v", a.IngestedAt, before, after)
	}
	if got := get(t, s, a.ID).IngestedAt; !got.Equal(a.IngestedAt) {
		t.Fatalf("stored IngestedAt = %v, PutArticle set %v", got, a.IngestedAt)
	}
	// An explicit IngestedAt is kept.
	b := Article("https://harbour-gazette.example/b", "Lighthouse", "The lighthouse closed.")
	b.IngestedAt = day.Add(-48 * time.Hour)
	put(t, s, b, nil, news.PutStored)
	if got := get(t, s, b.ID).IngestedAt; !got.Equal(day.Add(-48 * time.Hour)) {
		t.Fatalf("IngestedAt = %v, want %v", got, day.Add(-48*time.Hour))
	}
}

func testFillsContentHash(t *testing.T, s news.Store) {
	a := Article("https://harbour-gazette.example/a", "Harbour", "The harbour opened.")
	want := a.ContentHash
	a.ContentHash = ""
	put(t, s, a, nil, news.PutStored)
	if got := get(t, s, a.ID).ContentHash; got != want {
		t.Fatalf("ContentHash = %q, want BodyHash %q", got, want)
	}
}

func testIdempotent(t *testing.T, s news.Store) {
	a := fullArticle()
	raw := &news.Raw{Origin: "x", Format: news.FormatText, Body: []byte("ferry")}
	put(t, s, a, raw, news.PutStored)
	first := get(t, s, a.ID)
	st := stats(t, s)
	for range 2 {
		again := fullArticle()
		put(t, s, again, &news.Raw{Origin: "x", Format: news.FormatText, Body: []byte("ferry")}, news.PutUnchanged)
		if !again.IngestedAt.Equal(a.IngestedAt) {
			t.Fatalf("re-put IngestedAt = %v, want stored %v", again.IngestedAt, a.IngestedAt)
		}
		// Re-putting without the raw document is unchanged too.
		put(t, s, fullArticle(), nil, news.PutUnchanged)
	}
	sameArticle(t, get(t, s, a.ID), first)
	if got := stats(t, s); got != st {
		t.Fatalf("Stats after re-put = %+v, want %+v", got, st)
	}
	if n := len(list(t, s, news.ArticleFilter{IncludeDuplicates: true})); n != 1 {
		t.Fatalf("listed %d articles after re-puts, want 1", n)
	}
}

func testUpdate(t *testing.T, s news.Store) {
	a := Article("https://harbour-gazette.example/u", "Bridge vote delayed", "The bridge vote was delayed. Councillors argued.")
	put(t, s, a, &news.Raw{Body: []byte("v1")}, news.PutStored)

	cases := []struct {
		name   string
		change func(b *news.Article)
	}{
		{"title", func(b *news.Article) { b.Title = "Bridge vote postponed" }},
		{"bylines", func(b *news.Article) { b.Bylines = []string{"Ines Varga"} }},
		{"published", func(b *news.Article) { b.Published = day }},
		{"site", func(b *news.Article) { b.Site = "Harbour Gazette Weekly" }},
		{"language", func(b *news.Article) { b.Language = "de" }},
		{"removed", func(b *news.Article) { b.Removed = []string{"Advertisement"} }},
		{"token", func(b *news.Article) { b.Sentences[0].Tokens[0].UPOS = "DET" }},
		{"sentences", func(b *news.Article) { b.Sentences = b.Sentences[:1] }},
		{"text", func(b *news.Article) {
			b.Text = "The bridge vote happened at last. Councillors cheered loudly."
			b.ContentHash = news.BodyHash(b.Text)
			b.Blocks, b.Sentences = Blocks(b.Text), Sentences(b.Text)
		}},
	}
	cur := clone(a)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := clone(cur)
			tc.change(b)
			want := clone(b)
			put(t, s, b, nil, news.PutUpdated)
			cur = clone(b)
			want.IngestedAt = a.IngestedAt
			sameArticle(t, get(t, s, a.ID), want)
			if st := stats(t, s); st.Articles != 1 || st.Sentences != len(b.Sentences) {
				t.Fatalf("Stats = %+v, want 1 article with %d sentences", st, len(b.Sentences))
			}
		})
	}
	// A new raw document replaces the old one.
	put(t, s, clone(cur), &news.Raw{Body: []byte("v2")}, news.PutUpdated)
	r, err := s.Raw(context.Background(), a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if string(r.Body) != "v2" {
		t.Fatalf("raw body = %q, want v2", r.Body)
	}
}

func testUpdateKeepsIngestedAt(t *testing.T, s news.Store) {
	a := Article("https://harbour-gazette.example/k", "Tunnel", "The tunnel opened.")
	a.IngestedAt = day
	put(t, s, a, nil, news.PutStored)
	b := Article("https://harbour-gazette.example/k", "Tunnel reopened", "The tunnel opened.")
	put(t, s, b, nil, news.PutUpdated)
	if !b.IngestedAt.Equal(day) {
		t.Fatalf("re-put set IngestedAt %v, want the first ingest %v", b.IngestedAt, day)
	}
	if got := get(t, s, a.ID).IngestedAt; !got.Equal(day) {
		t.Fatalf("stored IngestedAt = %v, want %v", got, day)
	}
}

func testNilRawKeepsRaw(t *testing.T, s news.Store) {
	a := Article("https://harbour-gazette.example/n", "Market", "The market reopened.")
	put(t, s, a, &news.Raw{Origin: "feed", Body: []byte("<html>market</html>")}, news.PutStored)
	b := clone(a)
	b.Title = "Market reopens"
	put(t, s, b, nil, news.PutUpdated)
	r, err := s.Raw(context.Background(), a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if string(r.Body) != "<html>market</html>" || r.Origin != "feed" {
		t.Fatalf("raw after nil-raw update = %+v", r)
	}
}

func testInvalid(t *testing.T, s news.Store) {
	ok := func() *news.Article {
		return Article("https://harbour-gazette.example/i", "Storm", "A storm hit the coast.")
	}
	cases := []struct {
		name string
		a    *news.Article
	}{
		{"nil", nil},
		{"empty ID", func() *news.Article { a := ok(); a.ID = ""; return a }()},
		{"block past end", func() *news.Article { a := ok(); a.Blocks[0].End = len(a.Text) + 1; return a }()},
		{"block reversed", func() *news.Article { a := ok(); a.Blocks[0].Start = 5; a.Blocks[0].End = 2; return a }()},
		{"sentence negative", func() *news.Article { a := ok(); a.Sentences[0].Start = -1; return a }()},
		{"token past end", func() *news.Article { a := ok(); a.Sentences[0].Tokens[0].End = 999; return a }()},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.PutArticle(context.Background(), tc.a, nil)
			wantKind(t, "PutArticle", err, news.KindInvalid)
		})
	}
	if st := stats(t, s); st != (news.Stats{}) {
		t.Fatalf("invalid puts stored something: %+v", st)
	}
}

func testFailureKeepsStored(t *testing.T, s news.Store) {
	a := Article("https://harbour-gazette.example/f", "Festival", "The festival began. Crowds gathered.")
	put(t, s, a, &news.Raw{Body: []byte("original")}, news.PutStored)
	want := get(t, s, a.ID)
	bad := clone(a)
	bad.Title = "Festival cancelled"
	bad.Sentences[1].End = len(bad.Text) + 10
	if _, err := s.PutArticle(context.Background(), bad, &news.Raw{Body: []byte("replacement")}); err == nil {
		t.Fatal("PutArticle accepted a sentence outside the text")
	}
	sameArticle(t, get(t, s, a.ID), want)
	r, err := s.Raw(context.Background(), a.ID)
	if err != nil || string(r.Body) != "original" {
		t.Fatalf("raw after failed put = %v, %v", r, err)
	}
}

func testCancelledContext(t *testing.T, s news.Store) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	a := Article("https://harbour-gazette.example/c", "Orchard", "The orchard flowered.")
	if _, err := s.PutArticle(ctx, a, nil); err == nil {
		t.Fatal("PutArticle with a cancelled context succeeded")
	}
	if _, err := s.Article(context.Background(), a.ID); !news.IsKind(err, news.KindNotFound) {
		t.Fatalf("after a cancelled put, Article = %v, want not found", err)
	}
}

func testDuplicates(t *testing.T, s news.Store) {
	text := "The lighthouse keeper retired after forty years."
	orig := Article("https://harbour-gazette.example/keeper", "Keeper retires", text)
	put(t, s, orig, nil, news.PutStored)
	// The same body, re-wrapped and re-punctuated, at another URL.
	dup := Article("https://northfield-courier.example/keeper", "Keeper retires after 40 years",
		"The lighthouse keeper  retired,\nafter forty years!")
	if dup.ContentHash != orig.ContentHash {
		t.Fatal("fixture: hashes differ")
	}
	put(t, s, dup, &news.Raw{Body: []byte("dup")}, news.PutDuplicate)
	if dup.DuplicateOf != orig.ID {
		t.Fatalf("DuplicateOf = %q, want %q", dup.DuplicateOf, orig.ID)
	}
	if got := get(t, s, dup.ID); got.DuplicateOf != orig.ID || got.Title != dup.Title {
		t.Fatalf("stored duplicate = %q duplicate of %q", got.Title, got.DuplicateOf)
	}
	if got := get(t, s, orig.ID); got.DuplicateOf != "" {
		t.Fatalf("original has DuplicateOf %q", got.DuplicateOf)
	}
	sameIDs(t, "default listing", list(t, s, news.ArticleFilter{}), orig.ID)
	all := list(t, s, news.ArticleFilter{IncludeDuplicates: true})
	if len(all) != 2 {
		t.Fatalf("IncludeDuplicates listed %d, want 2", len(all))
	}
	for _, sum := range all {
		if sum.ID == dup.ID && sum.DuplicateOf != orig.ID {
			t.Fatalf("listed duplicate has DuplicateOf %q", sum.DuplicateOf)
		}
	}
	sameIDs(t, "search", list(t, s, news.ArticleFilter{Query: "keeper"}), orig.ID)
	sameIDs(t, "search with duplicates", list(t, s, news.ArticleFilter{Query: "keeper", IncludeDuplicates: true}), orig.ID)
	if st := stats(t, s); st.Articles != 2 || st.Duplicates != 1 {
		t.Fatalf("Stats = %+v, want 2 articles, 1 duplicate", st)
	}
	// Putting the duplicate again changes nothing.
	again := Article("https://northfield-courier.example/keeper", "Keeper retires after 40 years",
		"The lighthouse keeper  retired,\nafter forty years!")
	put(t, s, again, &news.Raw{Body: []byte("dup")}, news.PutUnchanged)
	if again.DuplicateOf != orig.ID {
		t.Fatalf("re-put duplicate: DuplicateOf = %q, want %q", again.DuplicateOf, orig.ID)
	}
	// Re-putting the original does not make it a duplicate of its duplicate.
	put(t, s, Article("https://harbour-gazette.example/keeper", "Keeper retires", text), nil, news.PutUnchanged)
	// A third copy points at the original too.
	third := Article("https://lakeside-wire.example/keeper", "Keeper", text)
	put(t, s, third, nil, news.PutDuplicate)
	if third.DuplicateOf != orig.ID {
		t.Fatalf("third copy DuplicateOf = %q, want %q", third.DuplicateOf, orig.ID)
	}
	if st := stats(t, s); st.Articles != 3 || st.Duplicates != 2 {
		t.Fatalf("Stats = %+v, want 3 articles, 2 duplicates", st)
	}
}

func testDuplicatePromoted(t *testing.T, s news.Store) {
	text := "The old mill on the river will become a library."
	orig := Article("https://harbour-gazette.example/mill", "Mill plan", text)
	put(t, s, orig, nil, news.PutStored)
	dup1 := Article("https://northfield-courier.example/mill", "Mill plan (copy)", text)
	put(t, s, dup1, nil, news.PutDuplicate)
	dup2 := Article("https://lakeside-wire.example/mill", "Mill plan (second copy)", text)
	put(t, s, dup2, nil, news.PutDuplicate)

	changed := Article("https://harbour-gazette.example/mill", "Mill plan changed",
		"The council dropped the mill plan entirely.")
	put(t, s, changed, nil, news.PutUpdated)

	if got := get(t, s, dup1.ID).DuplicateOf; got != "" {
		t.Fatalf("oldest duplicate still DuplicateOf %q after its original changed", got)
	}
	if got := get(t, s, dup2.ID).DuplicateOf; got != dup1.ID {
		t.Fatalf("second duplicate DuplicateOf = %q, want %q", got, dup1.ID)
	}
	sameIDs(t, "search for the old text", list(t, s, news.ArticleFilter{Query: "library"}), dup1.ID)
	sameIDs(t, "search for the new text", list(t, s, news.ArticleFilter{Query: "dropped"}), orig.ID)
	if st := stats(t, s); st.Articles != 3 || st.Duplicates != 1 {
		t.Fatalf("Stats = %+v, want 3 articles, 1 duplicate", st)
	}
}

func testArticleNotFound(t *testing.T, s news.Store) {
	_, err := s.Article(context.Background(), "a0000000000000000")
	wantKind(t, "Article(unknown)", err, news.KindNotFound)
	put(t, s, Article("https://harbour-gazette.example/x", "X", "Some text here."), nil, news.PutStored)
	_, err = s.Article(context.Background(), "")
	wantKind(t, "Article(\"\")", err, news.KindNotFound)
}
