package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

func TestMigrateSQLite(t *testing.T) {
	db := filepath.Join(t.TempDir(), "m.db")
	out, errOut, code := cli(t, "", "migrate", "--db", db, "--json")
	if code != 0 {
		t.Fatalf("migrate exit %d: %s", code, errOut)
	}
	r := decodeJSON[migrationReport](t, "migrate --json", out)
	if r.Store != "sqlite" || r.DB != db || r.Before != 0 || r.After < 1 {
		t.Fatalf("first migrate = %+v", r)
	}
	out, errOut, code = cli(t, "", "migrate", "--db", db)
	if code != 0 || !strings.Contains(out, "up to date") {
		t.Fatalf("second migrate exit %d: %q %s", code, out, errOut)
	}
}

// TestMigratePostgres runs migrate on a PostgreSQL schema of its own
// (READOUT_TEST_POSTGRES, see scripts/deps/postgres.sh; skipped without
// it, failed under CI=true), then lists it through the same --db.
func TestMigratePostgres(t *testing.T) {
	base := os.Getenv("READOUT_TEST_POSTGRES")
	if base == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("READOUT_TEST_POSTGRES is not set (CI=true)")
		}
		t.Skip("READOUT_TEST_POSTGRES not set")
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	const schema = "readout_cli_migrate_test"
	if _, err := conn.Exec(ctx, `DROP SCHEMA IF EXISTS `+schema+` CASCADE; CREATE SCHEMA `+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), base)
		if err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer c.Close(context.Background())
		if _, err := c.Exec(context.Background(), `DROP SCHEMA IF EXISTS `+schema+` CASCADE`); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	db := base + sep + "search_path=" + schema
	out, errOut, code := cli(t, "", "migrate", "--db", db, "--json")
	if code != 0 {
		t.Fatalf("migrate exit %d: %s", code, errOut)
	}
	r := decodeJSON[migrationReport](t, "migrate --json", out)
	if r.Store != "postgres" || r.Before != 0 || r.After < 5 {
		t.Fatalf("migrate = %+v", r)
	}
	if out, errOut, code = cli(t, "", "articles", "--db", db, "--json"); code != 0 || strings.TrimSpace(out) != "[]" {
		t.Fatalf("articles on the migrated database: exit %d, %q %s", code, out, errOut)
	}
}
