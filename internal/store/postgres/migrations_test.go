package postgres

import (
	"context"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/readout/readout/internal/news"
)

func countMigrations(t *testing.T, u string) (rows, max int) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if err := conn.QueryRow(ctx, `SELECT COUNT(*), COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&rows, &max); err != nil {
		t.Fatal(err)
	}
	return rows, max
}

func TestMigrateTwiceIsNoOp(t *testing.T) {
	u := freshSchema(t)
	ctx := context.Background()
	if v, err := SchemaVersion(ctx, u); err != nil || v != 0 {
		t.Fatalf("SchemaVersion of an empty schema = %d, %v", v, err)
	}
	before, after, err := Migrate(ctx, u, nil)
	if err != nil || before != 0 || after != LatestVersion {
		t.Fatalf("first Migrate = %d → %d, %v; want 0 → %d", before, after, err, LatestVersion)
	}
	before, after, err = Migrate(ctx, u, nil)
	if err != nil || before != LatestVersion || after != LatestVersion {
		t.Fatalf("second Migrate = %d → %d, %v; want no change", before, after, err)
	}
	if n, m := countMigrations(t, u); n != LatestVersion || m != LatestVersion {
		t.Fatalf("schema_migrations has %d rows up to %d, want %d", n, m, LatestVersion)
	}
	if v, err := SchemaVersion(ctx, u); err != nil || v != LatestVersion {
		t.Fatalf("SchemaVersion = %d, %v", v, err)
	}
	// The store works on the migrated schema.
	s, err := Open(ctx, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Stats(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestConcurrentOpensMigrateOnce starts several stores on an empty schema
// at once, as workers of a fresh deployment do: each step is applied once
// and every store works.
func TestConcurrentOpensMigrateOnce(t *testing.T) {
	u := freshSchema(t)
	ctx := context.Background()
	const n = 6
	stores := make([]*Store, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			stores[i], errs[i] = Open(ctx, u, nil)
		}()
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("Open %d: %v", i, err)
		}
		defer stores[i].Close()
	}
	if rows, m := countMigrations(t, u); rows != LatestVersion || m != LatestVersion {
		t.Fatalf("schema_migrations has %d rows up to %d after %d concurrent opens, want %d", rows, m, n, LatestVersion)
	}
	for i, s := range stores {
		if _, err := s.Articles(ctx, news.ArticleFilter{Query: "harbour"}); err != nil {
			t.Fatalf("store %d: %v", i, err)
		}
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	u := freshSchema(t)
	ctx := context.Background()
	if _, _, err := Migrate(ctx, u, nil); err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `INSERT INTO schema_migrations (version, name) VALUES ($1, 'from the future')`,
		LatestVersion+1); err != nil {
		t.Fatal(err)
	}
	_, err = Open(ctx, u, nil)
	if !news.IsKind(err, news.KindConflict) {
		t.Fatalf("Open of a newer schema = %v, want KindConflict", err)
	}
}

// TestFailedStepRollsBack applies a broken step after the real ones: the
// database stays at the previous version with nothing of the step left.
func TestFailedStepRollsBack(t *testing.T) {
	u := freshSchema(t)
	ctx := context.Background()
	s, err := Open(ctx, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	steps := append(append([]migration(nil), migrations...), migration{Version: LatestVersion + 1, Name: "broken",
		SQL: `CREATE TABLE half_done (x int); SELECT no_such_function();`})
	if _, _, err := migrate(ctx, s.pool, steps, s.log); err == nil {
		t.Fatal("a failing step migrated")
	}
	if v, err := SchemaVersion(ctx, u); err != nil || v != LatestVersion {
		t.Fatalf("version after a failed step = %d, %v", v, err)
	}
	var exists bool
	if err := s.pool.QueryRow(ctx, `SELECT to_regclass('half_done') IS NOT NULL`).Scan(&exists); err != nil || exists {
		t.Fatalf("the failed step left its table: %v, %v", exists, err)
	}
	// The lock was released: another migration can run.
	if _, _, err := Migrate(ctx, u, nil); err != nil {
		t.Fatal(err)
	}
}
