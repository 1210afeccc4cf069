package postgres

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/store/storetest"
)

// The fixtures are those of the SQLite store's benchmarks
// (internal/store/sqlite/bench_test.go), so that the figures compare:
// distinct 700-word articles with sentences and tokens and a ~20 KB page.

// benchRaw is a page of about the size news sites serve around a
// 700-word article.
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

// benchEntities gives a 25 entities with 80 mentions and 6 roles, their
// IDs drawn from a pool of 300 by seed.
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

// BenchmarkPutArticle stores distinct 700-word articles (sentences,
// tokens, a ~20 KB raw page) one after the other.
func BenchmarkPutArticle(b *testing.B) {
	s := openTest(b)
	ctx := context.Background()
	tmpl := storetest.LongArticle(1, 700)
	raw := benchRaw(tmpl)
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

// BenchmarkPutArticleEntities is BenchmarkPutArticle with resolved
// entities (25 per article from a pool of 300: shared rows).
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

// BenchmarkPutArticleParallel is BenchmarkPutArticleEntities from
// several goroutines at once (-cpu sets how many), as several workers
// writing to one database.
func BenchmarkPutArticleParallel(b *testing.B) {
	s := openTest(b)
	ctx := context.Background()
	tmpl := storetest.LongArticle(1, 700)
	raw := benchRaw(tmpl)
	var ents [16][]news.Entity
	for i := range ents {
		ents[i] = benchEntities(tmpl, i)
	}
	var n atomic.Int64
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := n.Add(1)
			a := *tmpl
			a.ID = fmt.Sprintf("a%016x", i)
			a.ContentHash = fmt.Sprintf("%064x", i)
			a.Entities = ents[i%int64(len(ents))]
			if _, err := s.PutArticle(ctx, &a, raw); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
	b.ReportMetric(float64(s.retries.Load()), "retries")
}

// BenchmarkPutArticleUnchanged re-puts a stored article (a redelivered
// message).
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

// BenchmarkSearch runs queries over 5,000 300-word articles (a
// 100-word vocabulary: common terms match most articles).
func BenchmarkSearch(b *testing.B) {
	s := openTest(b)
	ctx := context.Background()
	for i := range 5000 {
		if _, err := s.PutArticle(ctx, storetest.LongArticle(i, 300), nil); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := s.pool.Exec(ctx, `ANALYZE`); err != nil {
		b.Fatal(err)
	}
	for _, q := range []string{"fisherman", `"harbour ferry"`, "tunnel OR bridge -storm", "elect* village", "xylophone"} {
		b.Run(q, func(b *testing.B) {
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

// BenchmarkSize stores 1,000 articles as BenchmarkPutArticleEntities does
// and reports the database size (tables, indexes and TOAST) per 1,000
// articles: as written (after a plain VACUUM, which keeps the space of
// the dead row versions that updating entity totals leaves) and compacted
// (after VACUUM FULL: the live data), with and without the raw pages.
func BenchmarkSize(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		s := openTest(b)
		for i := range 1000 {
			a := storetest.LongArticle(i, 700)
			a.Entities = benchEntities(a, i)
			if _, err := s.PutArticle(ctx, a, benchRaw(a)); err != nil {
				b.Fatal(err)
			}
		}
		size := func() (total, raw int64) {
			if err := s.pool.QueryRow(ctx, `SELECT
				SUM(pg_total_relation_size(c.oid))::bigint,
				(SUM(pg_total_relation_size(c.oid)) FILTER (WHERE c.relname = 'raw_documents'))::bigint
				FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
				WHERE n.nspname = current_schema() AND c.relkind = 'r'`).Scan(&total, &raw); err != nil {
				b.Fatal(err)
			}
			return total, raw
		}
		if _, err := s.pool.Exec(ctx, `VACUUM ANALYZE`); err != nil {
			b.Fatal(err)
		}
		total, raw := size()
		b.ReportMetric(float64(total)/(1<<20), "MB/1000articles")
		if _, err := s.pool.Exec(ctx, `VACUUM FULL`); err != nil {
			b.Fatal(err)
		}
		total, raw = size()
		b.ReportMetric(float64(total)/(1<<20), "MB/1000articles-compacted")
		b.ReportMetric(float64(total-raw)/(1<<20), "MB/1000articles-compacted-without-raw")
		rows, err := s.pool.Query(ctx, `SELECT c.relname, pg_total_relation_size(c.oid), pg_indexes_size(c.oid)
			FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE n.nspname = current_schema() AND c.relkind = 'r' ORDER BY 2 DESC LIMIT 8`)
		if err != nil {
			b.Fatal(err)
		}
		for rows.Next() {
			var name string
			var size, idx int64
			rows.Scan(&name, &size, &idx)
			b.Logf("%-20s %8.2f MB (indexes %.2f MB)", name, float64(size)/(1<<20), float64(idx)/(1<<20))
		}
		rows.Close()
	}
}
