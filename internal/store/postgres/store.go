package postgres

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/readout/readout/internal/news"
)

var _ news.Store = (*Store)(nil)

// Store is a news.Store on a PostgreSQL database. It is safe for
// concurrent use, also by several processes on one database.
type Store struct {
	// Now is the clock used for Article.IngestedAt; tests replace it.
	Now func() time.Time

	pool *pgxpool.Pool
	log  *slog.Logger
	// fold is true when the database's search configuration has no
	// unaccent dictionary: the store then folds diacritics in Go before
	// indexing and searching (see fold.go).
	fold bool
	// retries counts transactions run again after a deadlock or a
	// serialization failure (tests check that the lock order avoids them).
	retries atomic.Int64

	closeOnce sync.Once
}

// IsURL reports whether s names a PostgreSQL database rather than a
// SQLite file: it starts with postgres:// or postgresql://.
func IsURL(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "postgres://") || strings.HasPrefix(l, "postgresql://")
}

// poolConfig parses url and applies readout's pool defaults to whatever
// the URL does not set (see the package documentation).
func poolConfig(url string) (*pgxpool.Config, error) {
	// pgx recognises the URL form by a lower-case scheme only.
	if i := strings.Index(url, "://"); i > 0 && IsURL(url) {
		url = strings.ToLower(url[:i]) + url[i:]
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// The parse error may quote the URL with its password.
		return nil, errors.New("cannot parse the PostgreSQL URL (postgres://user:password@host:port/db?…)")
	}
	has := func(k string) bool { return strings.Contains(url, k+"=") }
	if !has("pool_max_conns") {
		cfg.MaxConns = int32(max(4, 2*runtime.GOMAXPROCS(0)))
	}
	if !has("pool_max_conn_idle_time") {
		cfg.MaxConnIdleTime = 5 * time.Minute
	}
	if !has("pool_health_check_period") {
		cfg.HealthCheckPeriod = 30 * time.Second
	}
	if !has("application_name") {
		cfg.ConnConfig.RuntimeParams["application_name"] = "readout"
	}
	if !has("connect_timeout") {
		cfg.ConnConfig.ConnectTimeout = 10 * time.Second
	}
	return cfg, nil
}

// Open connects to the database at url (postgres://…), brings its schema
// up to date (see Migrate) and returns the store. The schema may be chosen
// with search_path in the URL (…?search_path=readout); the default is the
// database's (usually public).
func Open(ctx context.Context, url string, log *slog.Logger) (*Store, error) {
	const op = "postgres.Open"
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if !IsURL(url) {
		return nil, news.E(op, news.KindInvalid, "not a postgres:// URL")
	}
	cfg, err := poolConfig(url)
	if err != nil {
		return nil, news.E(op, news.KindInvalid, err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, wrap(op, err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, wrap(op, fmt.Errorf("connect to %s: %w", Redact(url), err))
	}
	if _, _, err := migrate(ctx, pool, migrations, log); err != nil {
		pool.Close()
		return nil, wrap(op, fmt.Errorf("migrate: %w", err))
	}
	s := &Store{Now: time.Now, pool: pool, log: log}
	if err := pool.QueryRow(ctx, `SELECT NOT EXISTS (
		SELECT 1 FROM pg_ts_config_map m JOIN pg_ts_dict d ON d.oid = m.mapdict
		WHERE m.mapcfg = 'readout_search'::regconfig AND d.dictname = 'unaccent')`).Scan(&s.fold); err != nil {
		pool.Close()
		return nil, wrap(op, fmt.Errorf("search configuration: %w", err))
	}
	if s.fold {
		log.Warn("unaccent is not available: diacritics are folded by readout before indexing")
	}
	log.Debug("store opened", "db", Redact(url), "max_conns", cfg.MaxConns)
	return s, nil
}

// Close closes the pool. It is safe to call twice; every other method
// fails after it.
func (s *Store) Close() error {
	s.closeOnce.Do(s.pool.Close)
	return nil
}

// Redact hides the password of a database URL, for messages and
// printed configuration.
func Redact(url string) string {
	if i := strings.Index(url, "://"); i >= 0 {
		rest := url[i+3:]
		if at := strings.LastIndex(strings.SplitN(rest, "/", 2)[0], "@"); at >= 0 {
			cred := rest[:at]
			if c := strings.IndexByte(cred, ':'); c >= 0 {
				return url[:i+3] + cred[:c] + ":xxxxx" + rest[at:]
			}
		}
	}
	return url
}

// wrap turns a database error into a *news.Error of the right kind.
// Errors that already carry a kind keep it.
func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	if k := news.KindOf(err); k != news.KindOther {
		return news.E(op, k, err)
	}
	return news.E(op, kindOf(err), err)
}

// kindOf classifies a driver error.
func kindOf(err error) news.Kind {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case strings.HasPrefix(pe.Code, "08"), // connection exception
			strings.HasPrefix(pe.Code, "53"), // insufficient resources
			strings.HasPrefix(pe.Code, "57"), // operator intervention (shutdown, cancel)
			strings.HasPrefix(pe.Code, "58"), // system error
			pe.Code == "40001", pe.Code == "40P01",
			pe.Code == "55P03": // lock not available
			return news.KindUnavailable
		case strings.HasPrefix(pe.Code, "23"):
			return news.KindConflict
		case strings.HasPrefix(pe.Code, "22"):
			return news.KindInvalid
		case pe.Code == "28000", pe.Code == "28P01", pe.Code == "3D000", pe.Code == "42501":
			// authorization, unknown database, no privilege
			return news.KindUnavailable
		}
		return news.KindInternal
	}
	var ne net.Error
	var ce *pgconn.ConnectError
	switch {
	case errors.As(err, &ce), errors.As(err, &ne), pgconn.Timeout(err),
		errors.Is(err, pgx.ErrTxClosed), strings.Contains(err.Error(), "closed pool"),
		strings.Contains(err.Error(), "conn closed"):
		return news.KindUnavailable
	}
	return news.KindOther
}

// retryable reports whether a transaction failed only because of another
// one (deadlock, serialization failure) and may simply be run again.
func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01")
}

// ts converts a time to a query argument: NULL for the zero time, else
// the time truncated to the microsecond (PostgreSQL rounds; readout
// truncates everywhere, as the SQLite store does).
func ts(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Truncate(time.Microsecond)
}

// fromTS reverses ts; times come back in UTC.
func fromTS(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}

// Listing limits (news.ArticleFilter and the other filters).
const (
	DefaultLimit = 50
	MaxLimit     = 1000
)

// page checks and defaults a filter's limit and offset.
func page(op string, limit, offset int) (int, error) {
	if limit < 0 || offset < 0 {
		return 0, news.E(op, news.KindInvalid, fmt.Sprintf("negative limit (%d) or offset (%d)", limit, offset))
	}
	if limit == 0 {
		limit = DefaultLimit
	}
	return min(limit, MaxLimit), nil
}
