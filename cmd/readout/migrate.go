package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"

	"github.com/spf13/cobra"

	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/store/postgres"
	"github.com/readout/readout/internal/store/sqlite"
)

// migrationReport is what `readout migrate` reports.
type migrationReport struct {
	Store  string `json:"store"` // "sqlite" or "postgres"
	DB     string `json:"db"`    // the file, or the URL without its password
	Before int    `json:"before"`
	After  int    `json:"after"`
}

func newMigrateCmd(a *app) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "migrate",
		Short: "Bring the database schema up to date and print its version before and after",
		Long: `Apply the pending schema migrations of the configured store (--db: a SQLite
file, or a postgres:// URL) and print the schema version before and after.
Every command that opens the store migrates it too; migrate does it on its
own, e.g. once before starting many workers on a new PostgreSQL database
(several workers starting at once are safe as well: an advisory lock makes
one of them migrate while the others wait).`,
		Example: `  readout migrate
  readout migrate --db postgres://readout@db.example:5432/news --json`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			r, err := a.migrate(cmd.Context())
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(a.stdout, r)
			}
			if r.Before == r.After {
				_, err = fmt.Fprintf(a.stdout, "%s %s: schema version %d, up to date\n", r.Store, r.DB, r.After)
			} else {
				_, err = fmt.Fprintf(a.stdout, "%s %s: schema version %d → %d\n", r.Store, r.DB, r.Before, r.After)
			}
			return err
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

func (a *app) migrate(ctx context.Context) (migrationReport, error) {
	db := a.cfg.DB
	if postgres.IsURL(db) {
		r := migrationReport{Store: "postgres", DB: postgres.Redact(db)}
		var err error
		r.Before, r.After, err = postgres.Migrate(ctx, db, a.log)
		return r, err
	}
	r := migrationReport{Store: "sqlite", DB: db}
	var err error
	if r.Before, err = sqliteVersion(ctx, db); err != nil {
		return r, err
	}
	st, err := sqlite.Open(ctx, db, a.log) // migrates
	if err != nil {
		return r, err
	}
	if err := st.Close(); err != nil {
		return r, err
	}
	r.After, err = sqliteVersion(ctx, db)
	return r, err
}

// sqliteVersion reads the schema version of a SQLite file without
// changing it (0 when the file does not exist yet).
func sqliteVersion(ctx context.Context, path string) (int, error) {
	const op = "migrate"
	if path == ":memory:" {
		return 0, nil
	}
	if _, err := os.Stat(path); os.IsNotExist(err) {
		return 0, nil
	}
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?mode=ro")
	if err != nil {
		return 0, news.E(op, news.KindUnavailable, err)
	}
	defer db.Close()
	var v int
	if err := db.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&v); err != nil {
		return 0, news.E(op, news.KindUnavailable, fmt.Errorf("read schema version of %s: %w", path, err))
	}
	return v, nil
}
