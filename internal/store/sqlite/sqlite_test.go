package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/store/storetest"
)

var testArticle = storetest.Article

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.db")
	if err := os.WriteFile(garbage, []byte(strings.Repeat("this is not a database file\n", 200)), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		path string
		kind news.Kind
	}{
		{"empty path", "", news.KindInvalid},
		{"missing directory", filepath.Join(dir, "no", "such", "dir", "x.db"), news.KindUnavailable},
		{"a directory", dir, news.KindUnavailable},
		{"not a database", garbage, news.KindUnavailable},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Open(context.Background(), tc.path, nil)
			if err == nil {
				s.Close()
				t.Fatalf("Open(%q) succeeded", tc.path)
			}
			if !news.IsKind(err, tc.kind) {
				t.Fatalf("Open(%q) = %v (kind %v), want kind %v", tc.path, err, news.KindOf(err), tc.kind)
			}
		})
	}
}

func TestLockedIsUnavailable(t *testing.T) {
	old := busyTimeout
	busyTimeout = 100 * time.Millisecond
	t.Cleanup(func() { busyTimeout = old })
	s := openTest(t)
	ctx := context.Background()

	// Another process (here: another connection) holds the write lock.
	other, err := sql.Open("sqlite", dsn(s.path, true))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	tx, err := other.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`UPDATE counters SET n = n WHERE name = 'articles'`); err != nil {
		t.Fatal(err)
	}
	_, err = s.PutArticle(ctx, testArticle("https://harbour-gazette.example/l", "Locked", "Locked out."), nil)
	if !news.IsKind(err, news.KindUnavailable) {
		t.Fatalf("PutArticle while locked = %v (kind %v), want unavailable", err, news.KindOf(err))
	}
	// Reads still work while another writer holds the lock (WAL).
	if _, err := s.Articles(ctx, news.ArticleFilter{}); err != nil {
		t.Fatalf("Articles while locked: %v", err)
	}
	tx.Rollback()
	if _, err := s.PutArticle(ctx, testArticle("https://harbour-gazette.example/l", "Locked", "Locked out."), nil); err != nil {
		t.Fatalf("PutArticle after the lock is released: %v", err)
	}
}

func TestInjectedClock(t *testing.T) {
	s := openTest(t)
	at := time.Date(2030, 1, 2, 3, 4, 5, 6789, time.UTC)
	s.Now = func() time.Time { return at }
	a := testArticle("https://harbour-gazette.example/clock", "Clock", "Tick tock.")
	if _, err := s.PutArticle(context.Background(), a, nil); err != nil {
		t.Fatal(err)
	}
	want := at.Truncate(time.Microsecond)
	if !a.IngestedAt.Equal(want) {
		t.Fatalf("IngestedAt = %v, want %v", a.IngestedAt, want)
	}
	list, err := s.Articles(context.Background(), news.ArticleFilter{})
	if err != nil || len(list) != 1 || !list[0].IngestedAt.Equal(want) {
		t.Fatalf("listing: %+v, %v", list, err)
	}
}

// TestInvariants runs a churn of puts (new, re-put, update, duplicates,
// originals changing body) and checks that the counters match the tables
// and that the full-text index matches its content (FTS5 integrity-check
// compares the index with the articles_indexed view).
func TestInvariants(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	bodies := []string{"Alpha harbour news.", "Beta bridge news.", "Gamma ferry news.", "Delta storm news."}
	for i := range 120 {
		url := fmt.Sprintf("https://harbour-gazette.example/inv/%d", i%17)
		body := bodies[(i*7+i/5)%len(bodies)]
		if i%3 == 0 {
			body += fmt.Sprintf(" Extra %d.", i%5)
		}
		a := testArticle(url, fmt.Sprintf("Title %d", i%4), body)
		if _, err := s.PutArticle(ctx, a, &news.Raw{Body: []byte(body)}); err != nil {
			t.Fatal(err)
		}
		checkInvariants(t, s)
	}
}

func checkInvariants(t *testing.T, s *Store) {
	t.Helper()
	var arts, dups, sents, danglingDup, chainDup int
	q := func(query string, dst *int) {
		if err := s.r.QueryRow(query).Scan(dst); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
	}
	q(`SELECT COUNT(*) FROM articles`, &arts)
	q(`SELECT COUNT(*) FROM articles WHERE duplicate_of IS NOT NULL`, &dups)
	q(`SELECT COUNT(*) FROM sentences`, &sents)
	q(`SELECT COUNT(*) FROM articles d LEFT JOIN articles o ON o.id = d.duplicate_of
		WHERE d.duplicate_of IS NOT NULL AND (o.id IS NULL OR o.content_hash <> d.content_hash)`, &danglingDup)
	q(`SELECT COUNT(*) FROM articles d JOIN articles o ON o.id = d.duplicate_of WHERE o.duplicate_of IS NOT NULL`, &chainDup)
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st != (news.Stats{Articles: arts, Duplicates: dups, Sentences: sents}) {
		t.Fatalf("Stats %+v, tables have %d articles, %d duplicates, %d sentences", st, arts, dups, sents)
	}
	if danglingDup != 0 || chainDup != 0 {
		t.Fatalf("%d duplicates point at a missing or different original, %d at a duplicate", danglingDup, chainDup)
	}
	var twoOriginals int
	q(`SELECT COUNT(*) FROM (SELECT content_hash FROM articles WHERE duplicate_of IS NULL
		GROUP BY content_hash HAVING COUNT(*) > 1)`, &twoOriginals)
	if twoOriginals != 0 {
		t.Fatalf("%d content hashes have more than one original", twoOriginals)
	}
	if _, err := s.w.Exec(`INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)`); err != nil {
		t.Fatalf("FTS integrity-check: %v", err)
	}
}

func TestTitleRanksFirst(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	body := testArticle("https://harbour-gazette.example/r1", "Council meets",
		"The council met on Tuesday. Later a lighthouse was mentioned once. Then the budget.")
	title := testArticle("https://harbour-gazette.example/r2", "Lighthouse restored",
		"Volunteers repainted the tower. The work took a year and cost little.")
	body.Published = time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC) // newer
	title.Published = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, a := range []*news.Article{body, title} {
		if _, err := s.PutArticle(ctx, a, nil); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Articles(ctx, news.ArticleFilter{Query: "lighthouse"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != title.ID {
		t.Fatalf("ranking: %+v", got)
	}
}

// TestListingUsesIndexes guards the listing paths against full scans and
// sorts once there are a million articles.
func TestListingUsesIndexes(t *testing.T) {
	s := openTest(t)
	if _, err := s.w.Exec(`ANALYZE`); err != nil {
		t.Fatal(err)
	}
	cases := []struct{ name, where string }{
		{"all", `duplicate_of IS NULL`},
		{"with duplicates", `1`},
		{"site", `duplicate_of IS NULL AND site = 'x'`},
		{"language", `duplicate_of IS NULL AND language = 'en'`},
		{"since", `duplicate_of IS NULL AND sort_at >= 5 AND sort_at < 10`},
	}
	for _, tc := range cases {
		rows, err := s.r.Query(`EXPLAIN QUERY PLAN SELECT id FROM articles WHERE ` + tc.where +
			` ORDER BY sort_at DESC, id LIMIT 50 OFFSET 0`)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, notused int
			var detail string
			if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		p := strings.Join(plan, "; ")
		if strings.Contains(p, "TEMP B-TREE") || !strings.Contains(p, "INDEX") {
			t.Errorf("%s: query plan %q sorts or scans without an index", tc.name, p)
		}
	}
}

func TestRawIsCompressed(t *testing.T) {
	s := openTest(t)
	body := []byte(strings.Repeat("<div class=\"story\"><p>The tide came in and went out.</p></div>\n", 2000))
	a := testArticle("https://harbour-gazette.example/big", "Big", "Big page.")
	if _, err := s.PutArticle(context.Background(), a, &news.Raw{Body: body}); err != nil {
		t.Fatal(err)
	}
	var enc string
	var size, stored int
	if err := s.r.QueryRow(`SELECT encoding, size, length(body) FROM raw_documents`).Scan(&enc, &size, &stored); err != nil {
		t.Fatal(err)
	}
	if enc != encGzip || size != len(body) || stored*10 > size {
		t.Fatalf("raw stored as %s: %d bytes for %d", enc, stored, size)
	}
}

func TestSnippetMarkers(t *testing.T) {
	cases := []struct{ in, want string }{
		{"", ""},
		{"plain", "plain"},
		{"a \x02hit\x03 b", "a <mark>hit</mark> b"},
		{"<mark>x</mark> \x02y\x03", "‹mark›x‹/mark› <mark>y</mark>"},
	}
	for _, tc := range cases {
		if got := highlight(tc.in); got != tc.want {
			t.Errorf("highlight(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSearchCandidatesBounded(t *testing.T) {
	old := maxSearchCandidates
	maxSearchCandidates = 3
	t.Cleanup(func() { maxSearchCandidates = old })
	s := openTest(t)
	ctx := context.Background()
	var ids []string
	for i := range 5 {
		a := testArticle(fmt.Sprintf("https://harbour-gazette.example/cap/%d", i), "Cap", fmt.Sprintf("Quay number %d.", i))
		a.Site = "Harbour Gazette"
		if _, err := s.PutArticle(ctx, a, nil); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.ID)
	}
	b := testArticle("https://elsewhere.example/cap", "Cap", "Quay of another site.")
	b.Site = "Elsewhere"
	if _, err := s.PutArticle(ctx, b, nil); err != nil {
		t.Fatal(err)
	}
	check := func(f news.ArticleFilter, want ...string) {
		t.Helper()
		got, err := s.Articles(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		g := map[string]bool{}
		for _, x := range got {
			g[x.ID] = true
		}
		if len(got) != len(want) {
			t.Fatalf("%+v: %d results, want %d", f, len(got), len(want))
		}
		for _, w := range want {
			if !g[w] {
				t.Fatalf("%+v: missing %s", f, w)
			}
		}
	}
	// Only the three most recently stored matches are ranked…
	check(news.ArticleFilter{Query: "quay"}, b.ID, ids[4], ids[3])
	// …after filters: another site's articles do not use up the candidates.
	check(news.ArticleFilter{Query: "quay", Site: "Harbour Gazette"}, ids[4], ids[3], ids[2])
}

func TestOpenOddPath(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "news data #1 ?x=y & 100%")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "read out.db")
	s, err := Open(context.Background(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutArticle(context.Background(), testArticle("https://harbour-gazette.example/p", "P", "Path test."), nil); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if fi, err := os.Stat(path); err != nil || fi.Size() == 0 {
		t.Fatalf("database not at %q: %v", path, err)
	}
}
