package sqlite

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/store/storetest"
)

// A database from before entities (schema step 1, with an article) is
// upgraded at Open; the old article keeps its fingerprint (re-putting it
// without entities is unchanged) and gains entities when reprocessed.
func TestEntitiesUpgradeFromStep1(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	a := storetest.Article("https://fjord-herald.example/old", "Old story", "Envoys from Norway met in Tromsø.")
	{
		db := rawDB(t, path)
		if err := migrate(ctx, db, migrations[:1]); err != nil {
			t.Fatal(err)
		}
		old := &Store{Now: time.Now, w: db, r: db, log: slog.New(slog.DiscardHandler)}
		if _, err := old.PutArticle(ctx, a, nil); err != nil {
			t.Fatalf("put into a step-1 database: %v", err)
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
		t.Fatalf("re-put without entities = %v, %v; want unchanged", res, err)
	}
	c.Entities = []news.Entity{{ID: "country:NOR", Name: "Norway", Type: "country", Country: "NOR",
		Mentions: storetest.Mentions(&c, "Norway")}}
	if res, err := s.PutArticle(ctx, &c, nil); err != nil || res != news.PutUpdated {
		t.Fatalf("re-put with entities = %v, %v; want updated", res, err)
	}
	l, err := s.Entities(ctx, news.EntityFilter{})
	if err != nil || len(l) != 1 || l[0].ID != "country:NOR" || l[0].Articles != 1 {
		t.Fatalf("Entities = %+v, %v", l, err)
	}
}

// FuzzEntitiesQuery: any query string lists without error, and what it
// lists contains the query (folded) in its name or ID.
func FuzzEntitiesQuery(f *testing.F) {
	for _, q := range []string{"norway", "%", "_", `\`, "'", "a\x00b", "\xff", "NOR WAY", "country:"} {
		f.Add(q)
	}
	s, err := Open(context.Background(), ":memory:", nil)
	if err != nil {
		f.Fatal(err)
	}
	defer s.Close()
	a := storetest.Article("https://fjord-herald.example/q", "Query", "Norway and Sweden signed the accord.")
	a.Entities = []news.Entity{
		{ID: "country:NOR", Name: "Norway", Type: "country", Mentions: storetest.Mentions(a, "Norway")},
		{ID: "country:SWE", Name: "Sweden", Type: "country", Mentions: storetest.Mentions(a, "Sweden")},
		{ID: "org:100%_pure", Name: `Per cent % and under_score \ co`, Type: "org", Mentions: storetest.Mentions(a, "accord")},
	}
	if _, err := s.PutArticle(context.Background(), a, nil); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, q string) {
		l, err := s.Entities(context.Background(), news.EntityFilter{Query: q})
		if err != nil {
			t.Fatalf("Entities(%q): %v", q, err)
		}
		fq := foldQuery(q)
		for _, e := range l {
			if !strings.Contains(folded(e.Name, e.ID), fq) {
				t.Fatalf("Entities(%q) listed %s (%q)", q, e.ID, e.Name)
			}
		}
	})
}

// An article with more entities, mentions and roles than one INSERT
// batch holds round-trips whole and counts right.
func TestEntitiesManyBatches(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	a := storetest.LongArticle(3, 700)
	var toks []news.Token
	for _, sn := range a.Sentences {
		toks = append(toks, sn.Tokens...)
	}
	for i := range 2*entityBatch + 17 {
		e := news.Entity{ID: fmt.Sprintf("per:many-%03d", i%(entityBatch+30)), Name: fmt.Sprintf("Many %d", i), Type: "person"}
		for m := range 3 {
			tk := toks[(i*3+m)%len(toks)]
			e.Mentions = append(e.Mentions, news.Mention{Start: tk.Start, End: tk.End, Text: tk.Text, Kind: news.MentionName, Sentence: -1})
		}
		tk := toks[i%len(toks)]
		e.Roles = []news.RoleAssertion{{Title: "envoy", Start: tk.Start, End: tk.End}}
		a.Entities = append(a.Entities, e)
	}
	want := append([]news.Entity(nil), a.Entities...)
	if _, err := s.PutArticle(ctx, a, nil); err != nil {
		t.Fatal(err)
	}
	got, err := s.Article(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Entities, want) {
		t.Fatalf("%d entities stored, %d back; first difference hidden in %d mentions", len(want), len(got.Entities), 3*len(want))
	}
	l, err := s.Entities(ctx, news.EntityFilter{Limit: 1000})
	if err != nil || len(l) != entityBatch+30 {
		t.Fatalf("Entities: %d listed, %v", len(l), err)
	}
	total := 0
	for _, e := range l {
		if e.Articles != 1 {
			t.Fatalf("%s in %d articles", e.ID, e.Articles)
		}
		total += e.Mentions
	}
	if total != 3*len(want) {
		t.Fatalf("mentions total %d, want %d", total, 3*len(want))
	}
}
