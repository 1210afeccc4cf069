package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/store/storetest"
)

// The tests need a PostgreSQL server: READOUT_TEST_POSTGRES=postgres://…
// (scripts/deps/postgres.sh starts a throwaway one and sets it). Without
// it they skip, except under CI=true, where a skipped store test would
// hide a broken contract: there they fail.

// testURL returns the server's URL or skips (fails under CI).
func testURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("READOUT_TEST_POSTGRES")
	if u == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("READOUT_TEST_POSTGRES is not set (CI=true: the PostgreSQL store must be tested; " +
				"scripts/deps/postgres.sh starts a server)")
		}
		t.Skip("READOUT_TEST_POSTGRES not set; scripts/deps/postgres.sh starts a throwaway PostgreSQL")
	}
	return u
}

var unaccentOnce sync.Once

// newSchema creates an empty schema and returns its name and the URL that
// selects it.
func newSchema(t testing.TB, base string) (schema, u string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connect to READOUT_TEST_POSTGRES: %v", err)
	}
	defer conn.Close(ctx)
	// unaccent once in public, so that it outlives the test schemas (it
	// would otherwise be created in, and dropped with, the first one).
	unaccentOnce.Do(func() {
		conn.Exec(ctx, `CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public`)
	})
	var b [6]byte
	rand.Read(b[:])
	schema = "readout_test_" + hex.EncodeToString(b[:])
	if _, err := conn.Exec(ctx, `CREATE SCHEMA `+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	pu, err := url.Parse(base)
	if err != nil {
		t.Fatalf("READOUT_TEST_POSTGRES: %v", err)
	}
	q := pu.Query()
	q.Set("search_path", schema)
	pu.RawQuery = q.Encode()
	return schema, pu.String()
}

func dropSchema(base, schema string) error {
	c, err := pgx.Connect(context.Background(), base)
	if err != nil {
		return err
	}
	defer c.Close(context.Background())
	_, err = c.Exec(context.Background(), `DROP SCHEMA `+schema+` CASCADE`)
	return err
}

// freshSchema creates an empty schema, dropped when t ends, and returns
// the URL that selects it.
func freshSchema(t testing.TB) string {
	t.Helper()
	base := testURL(t)
	schema, u := newSchema(t, base)
	t.Cleanup(func() {
		if err := dropSchema(base, schema); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	return u
}

// shared is one migrated schema that openTest empties for each test:
// emptying it is much faster than creating and migrating a schema, which
// keeps the conformance suite's ~55 subtests to seconds. TestMain drops it.
var shared struct {
	sync.Mutex
	base, schema, url string
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.schema != "" {
		if err := dropSchema(shared.base, shared.schema); err != nil {
			fmt.Fprintf(os.Stderr, "drop schema %s: %v\n", shared.schema, err)
		}
	}
	os.Exit(code)
}

// emptySchema returns the URL of the shared schema, migrated and with
// every table emptied.
func emptySchema(t testing.TB) string {
	t.Helper()
	base := testURL(t)
	shared.Lock()
	defer shared.Unlock()
	ctx := context.Background()
	if shared.schema == "" {
		shared.base = base
		shared.schema, shared.url = newSchema(t, base)
		if _, _, err := Migrate(ctx, shared.url, nil); err != nil {
			t.Fatalf("migrate: %v", err)
		}
	}
	conn, err := pgx.Connect(ctx, shared.url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	// DELETE rather than TRUNCATE: the tables hold a few rows, and
	// TRUNCATE makes new files for every table and index. Children first.
	tables := []string{"story_members", "story_events", "story_evidence", "story_entities", "stories",
		"event_participants", "events", "event_names", "quotes", "entity_roles", "entity_articles", "entities",
		"sentences", "raw_documents", "articles"}
	var missing []string
	if err := conn.QueryRow(ctx, `SELECT COALESCE(array_agg(tablename::text), '{}') FROM pg_tables
		WHERE schemaname = current_schema() AND tablename <> ALL($1)
		AND tablename NOT IN ('schema_migrations', 'counters')`, tables).Scan(&missing); err != nil {
		t.Fatal(err)
	}
	if len(missing) > 0 {
		t.Fatalf("emptySchema does not empty tables %q: add them to its list", missing)
	}
	var del strings.Builder
	for _, tb := range tables {
		del.WriteString("DELETE FROM " + tb + "; ")
	}
	if _, err := conn.Exec(ctx, del.String()+`UPDATE counters SET articles = 0, duplicates = 0, sentences = 0`); err != nil {
		t.Fatalf("empty the shared schema: %v", err)
	}
	return shared.url
}

// openTest opens a store on the emptied shared schema, or on a schema of
// its own with READOUT_TEST_POSTGRES_FRESH=1 (slower: every test migrates
// a new schema).
func openTest(t testing.TB) *Store {
	t.Helper()
	u := ""
	if os.Getenv("READOUT_TEST_POSTGRES_FRESH") == "1" {
		u = freshSchema(t)
	} else {
		u = emptySchema(t)
	}
	s, err := Open(context.Background(), u, nil)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestStore(t *testing.T) {
	testURL(t)
	storetest.Run(t, func(t *testing.T) news.Store { return openTest(t) })
}

// TestStoreFolded runs the conformance suite with diacritics folded in
// Go, as on a server without unaccent (indexing, queries and snippets take
// the fallback path; the server's own folding then has nothing left to do).
func TestStoreFolded(t *testing.T) {
	testURL(t)
	storetest.Run(t, func(t *testing.T) news.Store {
		s := openTest(t)
		s.fold = true
		return s
	})
}

func TestUnfold(t *testing.T) {
	for _, tc := range []struct{ original, headline, want string }{
		{"A café in Zürich reopened.", "A cafe in \x02Zurich\x03 reopened.", "A café in \x02Zürich\x03 reopened."},
		{"Die Straße nach Łódź ist frei.", "\x02Strasse\x03 nach \x02Lodz\x03", "\x02Straße\x03 nach \x02Łódź\x03"},
		{"plain text", "plain \x02text\x03", "plain \x02text\x03"},
		{"tags <b>gone</b> here", "tags gone \x02here\x03", "tags gone \x02here\x03"}, // not a span: as it is
	} {
		if got := unfold(tc.original, tc.headline); got != tc.want {
			t.Errorf("unfold(%q, %q) = %q, want %q", tc.original, tc.headline, got, tc.want)
		}
	}
}

func TestIsURL(t *testing.T) {
	for s, want := range map[string]bool{
		"postgres://u@h/db": true, "postgresql://h/db": true, "POSTGRES://h/db": true,
		"readout.db": false, "/tmp/postgres://x": false, "": false, "postgres:/x": false,
	} {
		if got := IsURL(s); got != want {
			t.Errorf("IsURL(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://u:secret@h:5432/db?x=1": "postgres://u:xxxxx@h:5432/db?x=1",
		"postgres://u@h/db":                 "postgres://u@h/db",
		"postgres:///db?host=/tmp":          "postgres:///db?host=/tmp",
	} {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestOpenBadURL(t *testing.T) {
	ctx := context.Background()
	_, err := Open(ctx, "readout.db", nil)
	if !news.IsKind(err, news.KindInvalid) {
		t.Fatalf("Open(file path) = %v, want KindInvalid", err)
	}
	_, err = Open(ctx, "postgres://u:pw@[::1/db", nil)
	if !news.IsKind(err, news.KindInvalid) {
		t.Fatalf("Open(malformed URL) = %v, want KindInvalid", err)
	}
	if err != nil && strings.Contains(err.Error(), "pw") {
		t.Fatalf("error shows the password: %v", err)
	}
}
