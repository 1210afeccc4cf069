package sqlite

import (
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/store/storetest"
)

// A database from before quotes (schema step 2, with an article) is
// upgraded at Open; the old article keeps its fingerprint and gains quotes
// when reprocessed.
func TestQuotesUpgradeFromStep2(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	a := storetest.Article("https://fjord-herald.example/old-q", "Old story",
		"Liv Haugen said the ferry to Denmark would run again.")
	{
		db := rawDB(t, path)
		if err := migrate(ctx, db, migrations[:2]); err != nil {
			t.Fatal(err)
		}
		old := &Store{Now: time.Now, w: db, r: db, log: slog.New(slog.DiscardHandler)}
		if _, err := old.PutArticle(ctx, a, nil); err != nil {
			t.Fatalf("put into a step-2 database: %v", err)
		}
		db.Close()
	}
	s, err := Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v := userVersion(t, s.w); v != len(migrations) {
		t.Fatalf("user_version = %d, want %d", v, len(migrations))
	}
	c := *a
	if res, err := s.PutArticle(ctx, &c, nil); err != nil || res != news.PutUnchanged {
		t.Fatalf("re-put without quotes = %v, %v; want unchanged", res, err)
	}
	c.Quotes = []news.Quote{storetest.Quote(&c, news.QuoteIndirect, "the ferry to Denmark would run again",
		&news.Speaker{Text: "Liv Haugen", Type: news.SpeakerPerson}, "said")}
	if res, err := s.PutArticle(ctx, &c, nil); err != nil || res != news.PutUpdated {
		t.Fatalf("re-put with quotes = %v, %v; want updated", res, err)
	}
	l, err := s.Quotes(ctx, news.QuoteFilter{Speaker: "haugen"})
	if err != nil || len(l) != 1 || l[0].Text != "the ferry to Denmark would run again" {
		t.Fatalf("Quotes = %+v, %v", l, err)
	}
}

// FuzzQuotesFilter: any speaker and search strings list without error, and
// what is listed contains every search word.
func FuzzQuotesFilter(f *testing.F) {
	for _, q := range []string{"haugen", "%", "_", `\`, "'", "a\x00b", "\xff", "FERRY denmark", "per:"} {
		f.Add(q, q)
	}
	s, err := Open(context.Background(), ":memory:", nil)
	if err != nil {
		f.Fatal(err)
	}
	defer s.Close()
	a := storetest.Article("https://fjord-herald.example/fq", "Fuzz", "Liv Haugen said the ferry to Denmark would run again.")
	a.Quotes = []news.Quote{storetest.Quote(a, news.QuoteIndirect, "the ferry to Denmark would run again",
		&news.Speaker{Text: "Liv Haugen", Type: news.SpeakerPerson, EntityID: "per:liv-haugen"}, "said")}
	if _, err := s.PutArticle(context.Background(), a, nil); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, speaker, search string) {
		l, err := s.Quotes(context.Background(), news.QuoteFilter{Speaker: speaker, Search: search})
		if err != nil {
			t.Fatalf("Quotes(%q, %q): %v", speaker, search, err)
		}
		for _, q := range l {
			for _, w := range strings.Fields(foldQuery(search)) {
				if !strings.Contains(strings.ToLower(q.Text), w) {
					t.Fatalf("Quotes(%q, %q) listed %q", speaker, search, q.Text)
				}
			}
		}
	})
}
