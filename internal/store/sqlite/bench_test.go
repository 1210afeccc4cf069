package sqlite

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/store/storetest"
)

// benchRaw is a page of about the size news sites serve around a
// 700-word article (~20 KB of markup).
func benchRaw(a *news.Article) *news.Raw {
	var b strings.Builder
	b.WriteString("<!doctype html><html><head><title>" + a.Title + "</title></head><body>")
	for range 40 {
		b.WriteString(`<nav class="menu"><a href="/news">News</a><a href="/sport">Sport</a><a href="/weather">Weather</a></nav>`)
	}
	for p := range strings.SplitSeq(a.Text, "\n\n") {
		b.WriteString("<p>" + p + "</p>\n")
	}
	b.WriteString(strings.Repeat(`<script>window.track&&track({"page":"article"});</script>`, 200))
	b.WriteString("</body></html>")
	return &news.Raw{Origin: "bench", Format: news.FormatHTML, URL: a.URL, Body: []byte(b.String())}
}

// BenchmarkPutArticle stores distinct 700-word articles (with sentences,
// tokens and a ~60 KB raw page) into a file database.
func BenchmarkPutArticle(b *testing.B) {
	s := openTest(b)
	ctx := context.Background()
	tmpl := storetest.LongArticle(1, 700)
	raw := benchRaw(tmpl)
	b.Logf("article: %d bytes, %d sentences; raw page %d bytes", len(tmpl.Text), len(tmpl.Sentences), len(raw.Body))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		a := *tmpl
		a.ID = fmt.Sprintf("a%016x", i)
		a.ContentHash = fmt.Sprintf("%064x", i)
		res, err := s.PutArticle(ctx, &a, raw)
		if err != nil || res != news.PutStored {
			b.Fatalf("PutArticle = %v, %v", res, err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkPutArticleUnchanged re-puts a stored article (re-ingest of the
// same input).
func BenchmarkPutArticleUnchanged(b *testing.B) {
	s := openTest(b)
	ctx := context.Background()
	a := storetest.LongArticle(1, 700)
	raw := benchRaw(a)
	if _, err := s.PutArticle(ctx, a, raw); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		c := *a
		if res, err := s.PutArticle(ctx, &c, raw); err != nil || res != news.PutUnchanged {
			b.Fatalf("PutArticle = %v, %v", res, err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

// benchCorpus is a store with n distinct 300-word articles.
func benchCorpus(b *testing.B, n int) *Store {
	s := openTest(b)
	ctx := context.Background()
	for i := range n {
		if _, err := s.PutArticle(ctx, storetest.LongArticle(i, 300), nil); err != nil {
			b.Fatal(err)
		}
	}
	return s
}

// BenchmarkSearch runs queries over 5,000 articles. The synthetic corpus
// has a 100-word vocabulary, so common terms match most articles: a worst
// case for ranking.
func BenchmarkSearch(b *testing.B) {
	s := benchCorpus(b, 5000)
	ctx := context.Background()
	for _, q := range []string{"fisherman", `"harbour ferry"`, "tunnel OR bridge -storm", "elect* village", "xylophone"} {
		b.Run(q, func(b *testing.B) {
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				got, err := s.Articles(ctx, news.ArticleFilter{Query: q, Limit: 20})
				if err != nil {
					b.Fatal(err)
				}
				n = len(got)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "queries/s")
			b.ReportMetric(float64(n), "results")
		})
	}
}

// BenchmarkArticles lists pages of 50 over 5,000 articles, with filters.
func BenchmarkArticles(b *testing.B) {
	s := benchCorpus(b, 5000)
	ctx := context.Background()
	filters := []news.ArticleFilter{{}, {Offset: 1000}, {Site: "Northfield Courier"}, {Language: "en", Offset: 200}}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := s.Articles(ctx, filters[i%len(filters)]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkArticle reads one full 700-word article with its tokens.
func BenchmarkArticle(b *testing.B) {
	s := openTest(b)
	ctx := context.Background()
	a := storetest.LongArticle(1, 700)
	if _, err := s.PutArticle(ctx, a, nil); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Article(ctx, a.ID); err != nil {
			b.Fatal(err)
		}
	}
}

// benchEntities gives a 25 entities with 80 mentions and 6 roles, their
// IDs drawn from a pool of 300 by seed, as a resolved 700-word article
// has (the spans are the article's words).
func benchEntities(a *news.Article, seed int) []news.Entity {
	var toks []news.Token
	for _, s := range a.Sentences {
		toks = append(toks, s.Tokens...)
	}
	ents := make([]news.Entity, 25)
	for i := range ents {
		id := (seed*7 + i*13) % 300
		e := news.Entity{ID: fmt.Sprintf("per:bench-person-%d", id), Name: fmt.Sprintf("Bench Person %d", id),
			Type: "person", Country: "NOR", Sector: "GOV", Actor: "NORGOV", Confidence: 0.8,
			Titles: []string{"minister"}}
		for m := range 80 / len(ents) {
			t := toks[(i*31+m*97)%len(toks)]
			e.Mentions = append(e.Mentions, news.Mention{Start: t.Start, End: t.End, Text: t.Text,
				Kind: news.MentionName, Confidence: 0.9})
		}
		if i < 6 {
			t := toks[(i*53)%len(toks)]
			e.Roles = []news.RoleAssertion{{Title: "minister", Country: "NOR", Sector: "GOV", Date: "2025-03-14",
				Pattern: "prenominal", Start: t.Start, End: t.End}}
		}
		ents[i] = e
	}
	return ents
}

// BenchmarkPutArticleEntities is BenchmarkPutArticle with resolved
// entities.
func BenchmarkPutArticleEntities(b *testing.B) {
	s := openTest(b)
	ctx := context.Background()
	tmpl := storetest.LongArticle(1, 700)
	raw := benchRaw(tmpl)
	var ents [16][]news.Entity
	for i := range ents {
		ents[i] = benchEntities(tmpl, i)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		a := *tmpl
		a.ID = fmt.Sprintf("a%016x", i)
		a.ContentHash = fmt.Sprintf("%064x", i)
		a.Entities = ents[i%len(ents)]
		res, err := s.PutArticle(ctx, &a, raw)
		if err != nil || res != news.PutStored {
			b.Fatalf("PutArticle = %v, %v", res, err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkEntities lists and details entities over 2,000 articles with
// entities.
func BenchmarkEntities(b *testing.B) {
	s := openTest(b)
	ctx := context.Background()
	for i := range 2000 {
		a := storetest.LongArticle(i, 300)
		a.Entities = benchEntities(a, i)
		if _, err := s.PutArticle(ctx, a, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("list", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if l, err := s.Entities(ctx, news.EntityFilter{}); err != nil || len(l) != 50 {
				b.Fatalf("Entities = %d, %v", len(l), err)
			}
		}
	})
	b.Run("query", func(b *testing.B) {
		for b.Loop() {
			if l, err := s.Entities(ctx, news.EntityFilter{Query: "person 12"}); err != nil || len(l) == 0 {
				b.Fatalf("Entities = %d, %v", len(l), err)
			}
		}
	})
	b.Run("detail", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if d, err := s.Entity(ctx, "per:bench-person-13"); err != nil || len(d.Appearances) == 0 {
				b.Fatalf("Entity = %v", err)
			}
		}
	})
}
