package sqlite

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/store/storetest"
)

// explain returns SQLite's query plan for q, one step per element.
func explain(t testing.TB, s *Store, q string, args ...any) string {
	t.Helper()
	rows, err := s.r.Query(`EXPLAIN QUERY PLAN `+q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, notused int
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	return strings.Join(plan, "; ")
}

// TestEventsUseIndexes: every event filter is served by an index, never a
// scan of the events or participants tables.
func TestEventsUseIndexes(t *testing.T) {
	s := openTest(t)
	if _, err := s.w.Exec(`ANALYZE`); err != nil {
		t.Fatal(err)
	}
	day := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		f    news.EventFilter
	}{
		{"all", news.EventFilter{}},
		{"type", news.EventFilter{Type: news.EventAssault}},
		{"status", news.EventFilter{Status: news.StatusPlanned}},
		{"since", news.EventFilter{Since: day, Until: day.AddDate(0, 1, 0)}},
		{"actor", news.EventFilter{Actor: "ISR"}},
		{"recipient", news.EventFilter{Recipient: "per:halvard-brekke"}},
		{"country", news.EventFilter{Country: "UKR"}},
		{"article", news.EventFilter{ArticleID: "a0123456789abcdef"}},
		{"combined", news.EventFilter{Type: news.EventConsult, Actor: "USA", Since: day}},
	} {
		for _, driven := range []bool{false, true} {
			q, args := eventsQuery(tc.f, driven)
			p := explain(t, s, q, args...)
			for _, bad := range []string{"SCAN e;", "SCAN event_participants;", "SCAN a;", "SCAN events;", "BLOOM FILTER ON a"} {
				if strings.Contains(p+";", bad) {
					t.Errorf("%s (driven %v): query plan scans a table (%q): %s", tc.name, driven, bad, p)
				}
			}
		}
	}
	// The names dictionary is scanned (it is small); the participants are not.
	q, args := eventsQuery(news.EventFilter{Actor: "brekke"}, true)
	if p := explain(t, s, q, args...); !strings.Contains(p, "event_participants_name") {
		t.Errorf("actor name: plan does not use the names index: %s", p)
	}
}

// A database from before events (schema step 3, with an article) is
// upgraded at Open; the old article keeps its fingerprint and gains events
// when reprocessed.
func TestEventsUpgradeFromStep3(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	a := storetest.Article("https://fjord-herald.example/old-e", "Old story",
		"Ministers from Iceland met in Reykjavik on Friday.")
	a.Published = time.Date(2025, 2, 7, 10, 0, 0, 0, time.UTC)
	{
		db := rawDB(t, path)
		if err := migrate(ctx, db, migrations[:3]); err != nil {
			t.Fatal(err)
		}
		old := &Store{Now: time.Now, w: db, r: db, log: slog.New(slog.DiscardHandler)}
		if _, err := old.PutArticle(ctx, a, nil); err != nil {
			t.Fatalf("put into a step-3 database: %v", err)
		}
		db.Close()
	}
	s, err := Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c := *a
	if res, err := s.PutArticle(ctx, &c, nil); err != nil || res != news.PutUnchanged {
		t.Fatalf("re-put without events = %v, %v; want unchanged", res, err)
	}
	c.Events = []news.Event{storetest.Event(&c, news.EventConsult, "met", news.StatusOccurred)}
	if res, err := s.PutArticle(ctx, &c, nil); err != nil || res != news.PutUpdated {
		t.Fatalf("re-put with events = %v, %v; want updated", res, err)
	}
	l, err := s.Events(ctx, news.EventFilter{Type: news.EventConsult})
	if err != nil || len(l) != 1 || l[0].SentenceText != "Ministers from Iceland met in Reykjavik on Friday." {
		t.Fatalf("Events = %+v, %v", l, err)
	}
}

// FuzzEventsFilter: any actor, recipient and country strings list without
// error.
func FuzzEventsFilter(f *testing.F) {
	for _, q := range []string{"NOR", "per:liv-haugen", "%", "_", `\`, "'", "a\x00b", "\xff", "\U0010FFFF", "haugen"} {
		f.Add(q, q, q)
	}
	s, err := Open(context.Background(), ":memory:", nil)
	if err != nil {
		f.Fatal(err)
	}
	defer s.Close()
	a := storetest.Article("https://fjord-herald.example/fe", "Fuzz", "Liv Haugen visited Denmark on Monday.")
	e := storetest.Event(a, news.EventConsult, "visited", news.StatusOccurred)
	e.Actors = []news.EventActor{storetest.Participant(a, "Liv Haugen", "per:liv-haugen", "NOR", "GOV")}
	e.Recipients = []news.EventActor{storetest.Participant(a, "Denmark", "country:DNK", "DNK", "")}
	a.Events = []news.Event{e}
	if _, err := s.PutArticle(context.Background(), a, nil); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, actor, recipient, country string) {
		if _, err := s.Events(context.Background(), news.EventFilter{Actor: actor, Recipient: recipient, Country: country}); err != nil {
			t.Fatalf("Events(%q, %q, %q): %v", actor, recipient, country, err)
		}
	})
}

// TestEventsScale fills a database with READOUT_EVENTS_SCALE synthetic
// articles (four events each, three participants per event) and times
// the listing queries. It is a measurement, skipped unless the variable
// is set:
//
//	READOUT_EVENTS_SCALE=1000000 go test -run TestEventsScale -v -timeout 1h ./internal/store/sqlite
func TestEventsScale(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("READOUT_EVENTS_SCALE"))
	if n <= 0 {
		t.Skip("set READOUT_EVENTS_SCALE to the number of articles")
	}
	dir := os.Getenv("READOUT_EVENTS_SCALE_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	s, err := Open(context.Background(), filepath.Join(dir, "scale.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	start := time.Now()
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).UnixMicro()
	text := strings.Repeat("The council met again to discuss the harbour budget and the new ferry timetable. ", 25)
	steps := []string{
		`INSERT INTO event_names (folded) WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM k WHERE i < 50000)
			SELECT 'person number ' || i FROM k`,
		fmt.Sprintf(`INSERT INTO articles (seq, id, title, site, language, published, ingested_at, sort_at, words,
			content_hash, fingerprint, text)
			WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM k WHERE i < %d)
			SELECT i, printf('a%%016x', i), 'Synthetic report ' || i, 'Outlet ' || (i %% 50), 'en',
				%d + i * 60000000, %d + i * 60000000, %d + i * 60000000, 400, printf('%%064x', i), x'00',
				'%s' || i FROM k`, n, base, base, base, text),
		`UPDATE articles SET duplicate_of = printf('a%016x', seq - 1) WHERE seq % 50 = 0`,
		`INSERT INTO events (article_seq, idx, sort_at, type, status, sentence_start, sentence_end, data)
			SELECT a.seq, j.idx, a.sort_at - j.idx * 86400000000,
				(SELECT value FROM json_each('["AGREE","CONSULT","SUPPORT","CONCEDE","COOPERATE","AID","RETREAT","REQUEST","ACCUSE","REJECT","THREATEN","PROTEST","SANCTION","MOBILIZE","COERCE","ASSAULT"]') WHERE key = (a.seq * 7 + j.idx) % 16),
				CASE (a.seq + j.idx) % 10 WHEN 0 THEN 'planned' WHEN 1 THEN 'negated' WHEN 2 THEN 'reported' ELSE 'occurred' END,
				0, 80, '{"type":"CONSULT","status":"occurred","trigger":{"text":"met","start":14,"end":17,"lemma":"meet"},"sentence":0,"sentence_start":0,"sentence_end":80,"intensity":1,"confidence":0.5}'
			FROM articles a, (SELECT 0 AS idx UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3) j`,
		`INSERT INTO event_participants (article_seq, idx, role, n, entity_id, code, country, name_seq)
			SELECT e.article_seq, e.idx, r.role, 0,
				CASE WHEN r.role < 2 THEN 'per:p' || ((e.article_seq * 13 + e.idx * 7 + r.role) % 50000) ELSE '' END,
				CASE WHEN r.role < 2 THEN printf('C%02dGOV', (e.article_seq + e.idx + r.role * 3) % 200) ELSE '' END,
				printf('C%02d', (e.article_seq + e.idx + r.role * 3) % 200),
				CASE WHEN r.role < 2 THEN 1 + ((e.article_seq * 13 + e.idx * 7 + r.role) % 50000) ELSE 0 END
			FROM events e, (SELECT 0 AS role UNION ALL SELECT 1 UNION ALL SELECT 2) r`,
		`ANALYZE`,
	}
	var have int
	if err := s.r.QueryRow(`SELECT COUNT(*) FROM events`).Scan(&have); err != nil {
		t.Fatal(err)
	}
	if have > 0 { // a database kept from an earlier run (READOUT_EVENTS_SCALE_DIR)
		steps = nil
	}
	for i, q := range steps {
		if _, err := s.w.Exec(q); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		t.Logf("fill step %d done after %s", i, time.Since(start).Round(time.Second))
	}
	ctx := context.Background()
	mid := time.UnixMicro(base + int64(n/2)*60000000)
	for _, tc := range []struct {
		name string
		f    news.EventFilter
	}{
		{"newest 50", news.EventFilter{}},
		{"page 100 (offset 5000)", news.EventFilter{Offset: 5000}},
		{"type", news.EventFilter{Type: news.EventAssault}},
		{"status planned", news.EventFilter{Status: news.StatusPlanned}},
		{"type+status", news.EventFilter{Type: news.EventAid, Status: news.StatusNegated}},
		{"since/until a day", news.EventFilter{Since: mid, Until: mid.Add(24 * time.Hour)}},
		{"actor entity", news.EventFilter{Actor: "per:p1234"}},
		{"actor country prefix", news.EventFilter{Actor: "C17"}},
		{"actor name part", news.EventFilter{Actor: "number 4321"}},
		{"recipient code", news.EventFilter{Recipient: "C05GOV"}},
		{"country", news.EventFilter{Country: "C42"}},
		{"article", news.EventFilter{ArticleID: fmt.Sprintf("a%016x", n/3)}},
		{"type+country+since", news.EventFilter{Type: news.EventConsult, Country: "C42", Since: mid}},
		{"limit 1000", news.EventFilter{Limit: 1000}},
	} {
		if os.Getenv("READOUT_EVENTS_SCALE_PLAN") != "" {
			q, args := eventsQuery(tc.f, false)
			t.Logf("%s plan: %s", tc.name, explain(t, s, q, args...))
		}
		t0 := time.Now()
		l, err := s.Events(ctx, tc.f)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		t.Logf("%-24s %5d events in %s", tc.name, len(l), time.Since(t0).Round(time.Microsecond))
	}
}

// TestStoreNotDriven runs the conformance suite with participant filters
// always answered by walking the events in date order (as for values
// that match many events), so that both plans are checked.
func TestStoreNotDriven(t *testing.T) {
	defer func(n int) { drivenLimit = n }(drivenLimit)
	drivenLimit = 0
	storetest.Run(t, func(t *testing.T) news.Store { return openTest(t) })
}
