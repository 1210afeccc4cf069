package postgres

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/readout/readout/internal/news"
)

// migration is one numbered schema step. Steps are never edited once
// released: a change to the schema is a new step appended to migrations.
type migration struct {
	Version int
	Name    string
	SQL     string
}

// migrations is the schema history, oldest first, numbered 1, 2, 3…
// (schema.go holds the SQL).
var migrations = []migration{
	{Version: 1, Name: "articles, raw documents, sentences, full-text search", SQL: schemaArticles},
	{Version: 2, Name: "entities and their roles", SQL: schemaEntities},
	{Version: 3, Name: "quotes", SQL: schemaQuotes},
	{Version: 4, Name: "events", SQL: schemaEvents},
	{Version: 5, Name: "stories", SQL: schemaStories},
}

// LatestVersion is the schema version this readout brings databases to.
var LatestVersion = len(migrations)

// migrationLock is the advisory lock key that serialises migrations of
// one database ("readout" in ASCII): several workers starting at once
// wait for the first to migrate, then find nothing left to do.
const migrationLock int64 = 0x726561646f7574

// Migrate brings the database at url up to LatestVersion and returns the
// schema version before and after. It is what Open does first; `readout
// migrate` calls it on its own.
func Migrate(ctx context.Context, url string, log *slog.Logger) (before, after int, err error) {
	const op = "postgres.Migrate"
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cfg, err := poolConfig(url)
	if err != nil {
		return 0, 0, news.E(op, news.KindInvalid, err)
	}
	cfg.MaxConns = 2
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return 0, 0, wrap(op, err)
	}
	defer pool.Close()
	before, after, err = migrate(ctx, pool, migrations, log)
	if err != nil {
		return before, after, wrap(op, err)
	}
	return before, after, nil
}

// SchemaVersion returns the schema version of the database at url without
// changing it (0 for an empty database).
func SchemaVersion(ctx context.Context, url string) (int, error) {
	const op = "postgres.SchemaVersion"
	cfg, err := poolConfig(url)
	if err != nil {
		return 0, news.E(op, news.KindInvalid, err)
	}
	conn, err := pgx.ConnectConfig(ctx, cfg.ConnConfig)
	if err != nil {
		return 0, wrap(op, err)
	}
	defer conn.Close(context.Background())
	v, err := schemaVersion(ctx, conn)
	return v, wrap(op, err)
}

type querier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// schemaVersion is the highest applied step, 0 when schema_migrations
// does not exist (in the schemas of the search path).
func schemaVersion(ctx context.Context, q querier) (int, error) {
	var exists bool
	if err := q.QueryRow(ctx, `SELECT to_regclass('schema_migrations') IS NOT NULL`).Scan(&exists); err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	if !exists {
		return 0, nil
	}
	var v *int
	if err := q.QueryRow(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	if v == nil {
		return 0, nil
	}
	return *v, nil
}

// migrate applies the steps past the database's version, each in its own
// transaction with its schema_migrations row, while holding the
// migration advisory lock on one connection. A database already at the
// last step is only read; one past it (a newer readout's) is refused.
func migrate(ctx context.Context, pool *pgxpool.Pool, steps []migration, log *slog.Logger) (before, after int, err error) {
	for i, m := range steps {
		if m.Version != i+1 {
			return 0, 0, news.E("postgres.migrate", news.KindInternal, fmt.Sprintf("migration %d has version %d", i+1, m.Version))
		}
	}
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return 0, 0, err
	}
	defer conn.Release()
	// Fast path: up to date, no lock needed.
	if before, err = schemaVersion(ctx, conn); err != nil {
		return 0, 0, err
	}
	if before > len(steps) {
		return before, before, news.E("postgres.migrate", news.KindConflict,
			fmt.Sprintf("database schema version %d is newer than this readout supports (%d)", before, len(steps)))
	}
	if before == len(steps) {
		return before, before, nil
	}
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, migrationLock); err != nil {
		return before, before, fmt.Errorf("take migration lock: %w", err)
	}
	defer func() {
		// A fresh context: the caller's may be cancelled, and a lock left
		// behind would block every other process until this one exits.
		uctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if _, uerr := conn.Exec(uctx, `SELECT pg_advisory_unlock($1)`, migrationLock); uerr != nil {
			conn.Conn().Close(uctx) // closing the session releases the lock
		}
	}()
	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    integer PRIMARY KEY,
		name       text        NOT NULL,
		applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
		return before, before, fmt.Errorf("create schema_migrations: %w", err)
	}
	// Another process may have migrated while we waited for the lock.
	cur, err := schemaVersion(ctx, conn)
	if err != nil {
		return before, before, err
	}
	if cur > len(steps) {
		return before, cur, news.E("postgres.migrate", news.KindConflict,
			fmt.Sprintf("database schema version %d is newer than this readout supports (%d)", cur, len(steps)))
	}
	for _, m := range steps[cur:] {
		if err := apply(ctx, conn.Conn(), m); err != nil {
			return before, cur, fmt.Errorf("migration %d (%s): %w", m.Version, m.Name, err)
		}
		cur = m.Version
		log.Info("schema migrated", "version", m.Version, "name", m.Name)
	}
	return before, cur, nil
}

func apply(ctx context.Context, conn *pgx.Conn, m migration) error {
	tx, err := conn.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(context.Background())
	// The statements of a step are run as one simple-protocol query
	// (several statements, no parameters).
	if _, err := tx.Conn().PgConn().Exec(ctx, m.SQL).ReadAll(); err != nil {
		var pe *pgconn.PgError
		if errors.As(err, &pe) && pe.Position > 0 {
			return fmt.Errorf("%w (near %q)", err, near(m.SQL, int(pe.Position)))
		}
		return err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, m.Version, m.Name); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// near returns the text around a 1-based character position, for error
// messages about a step's SQL.
func near(sql string, pos int) string {
	r := []rune(sql)
	lo, hi := max(0, pos-30), min(len(r), pos+30)
	if lo >= hi {
		return ""
	}
	return string(r[lo:hi])
}
