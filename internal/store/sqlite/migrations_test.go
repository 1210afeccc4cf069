package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/readout/readout/internal/news"
)

func rawDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db
}

func userVersion(t *testing.T, db *sql.DB) int {
	t.Helper()
	var v int
	if err := db.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func tableExists(t *testing.T, db *sql.DB, name string) bool {
	t.Helper()
	var n int
	if err := db.QueryRow(`SELECT COUNT(*) FROM sqlite_schema WHERE name = ?`, name).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n > 0
}

func TestMigrateUpgradesStepByStep(t *testing.T) {
	ctx := context.Background()
	db := rawDB(t, filepath.Join(t.TempDir(), "m.db"))
	steps := []migration{
		{1, "one", `CREATE TABLE one (x INTEGER); INSERT INTO one VALUES (1);`},
		{2, "two", `CREATE TABLE two (y TEXT); ALTER TABLE one ADD COLUMN z TEXT DEFAULT 'z';`},
		{3, "three", `CREATE INDEX two_y ON two (y);`},
	}
	// An "old" database: only the first step.
	if err := migrate(ctx, db, steps[:1]); err != nil {
		t.Fatal(err)
	}
	if v := userVersion(t, db); v != 1 || tableExists(t, db, "two") {
		t.Fatalf("after step 1: user_version %d, table two exists %v", v, tableExists(t, db, "two"))
	}
	// Upgrade, twice (the second run must do nothing).
	for range 2 {
		if err := migrate(ctx, db, steps); err != nil {
			t.Fatal(err)
		}
	}
	if v := userVersion(t, db); v != 3 || !tableExists(t, db, "two_y") {
		t.Fatalf("after upgrade: user_version %d", v)
	}
	var n int
	if err := db.QueryRow(`SELECT COUNT(*) FROM one`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("data before the upgrade: %d rows, %v", n, err)
	}
	if err := db.QueryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&n); err != nil || n != 3 {
		t.Fatalf("schema_migrations has %d rows, %v", n, err)
	}
}

func TestMigrateFailingStepRollsBack(t *testing.T) {
	ctx := context.Background()
	db := rawDB(t, filepath.Join(t.TempDir(), "m.db"))
	steps := []migration{
		{1, "one", `CREATE TABLE one (x INTEGER);`},
		{2, "broken", `CREATE TABLE half (x INTEGER); THIS IS NOT SQL;`},
	}
	err := migrate(ctx, db, steps)
	if err == nil || !strings.Contains(err.Error(), "migration 2") {
		t.Fatalf("migrate with a broken step: %v", err)
	}
	if tableExists(t, db, "half") {
		t.Fatal("a failed step left a table behind")
	}
	if v := userVersion(t, db); v != 1 {
		t.Fatalf("user_version = %d, want 1", v)
	}
}

func TestMigrateRefusesNewerDatabase(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "m.db")
	db := rawDB(t, path)
	future := append(append([]migration(nil), migrations...),
		migration{len(migrations) + 1, "from the future", `CREATE TABLE future (x);`})
	if err := migrate(ctx, db, future); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err := Open(ctx, path, nil)
	if !news.IsKind(err, news.KindConflict) || !strings.Contains(err.Error(), "newer") {
		t.Fatalf("Open of a newer database: %v", err)
	}
}

func TestMigrateBadNumbering(t *testing.T) {
	db := rawDB(t, filepath.Join(t.TempDir(), "m.db"))
	err := migrate(context.Background(), db, []migration{{2, "gap", `SELECT 1`}})
	if !news.IsKind(err, news.KindInternal) {
		t.Fatalf("migrate with misnumbered steps: %v", err)
	}
}

func TestOpenTwiceKeepsData(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "readout.db")
	s, err := Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	a := testArticle("https://harbour-gazette.example/keep", "Kept", "This survives a reopen.")
	if _, err := s.PutArticle(ctx, a, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got, err := s.Article(ctx, a.ID); err != nil || got.Title != "Kept" {
		t.Fatalf("after reopen: %v, %v", got, err)
	}
	if v := userVersion(t, s.w); v != len(migrations) {
		t.Fatalf("user_version = %d, want %d", v, len(migrations))
	}
}
