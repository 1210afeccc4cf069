package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/readout/readout/internal/news"
)

var _ news.Store = (*Store)(nil)

// busyTimeout is how long a connection waits for another process's lock
// before failing with "database is locked" (a variable for tests).
var busyTimeout = 10 * time.Second

// Store is a news.Store on one SQLite file. It is safe for concurrent use.
type Store struct {
	// Now is the clock used for Article.IngestedAt; tests replace it.
	Now func() time.Time

	path      string
	log       *slog.Logger
	w         *sql.DB // exactly one connection: every write goes through it
	r         *sql.DB // read pool (the same handle as w for ":memory:")
	closeOnce sync.Once
	closeErr  error
}

// Open opens (creating if needed) the database at path and brings its
// schema up to date. path ":memory:" gives a private in-memory database
// (one connection; for tests and experiments). The directory must exist.
func Open(ctx context.Context, path string, log *slog.Logger) (*Store, error) {
	const op = "sqlite.Open"
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if path == "" {
		return nil, news.E(op, news.KindInvalid, "empty database path")
	}
	s := &Store{Now: time.Now, path: path, log: log}
	memory := path == ":memory:"
	if !memory {
		dir := filepath.Dir(path)
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			return nil, news.E(op, news.KindUnavailable, fmt.Errorf("open %s: directory %s does not exist", path, dir))
		}
	}
	var err error
	s.w, err = sql.Open("sqlite", dsn(path, true))
	if err != nil {
		return nil, news.E(op, news.KindUnavailable, fmt.Errorf("open %s: %w", path, err))
	}
	s.w.SetMaxOpenConns(1)
	s.w.SetMaxIdleConns(1)
	s.w.SetConnMaxIdleTime(0)
	s.w.SetConnMaxLifetime(0)
	if err := s.w.PingContext(ctx); err != nil {
		s.w.Close()
		return nil, wrap(op, fmt.Errorf("open %s: %w", path, err))
	}
	if err := migrate(ctx, s.w, migrations); err != nil {
		s.w.Close()
		return nil, wrap(op, fmt.Errorf("migrate %s: %w", path, err))
	}
	if memory {
		s.r = s.w
	} else {
		s.r, err = sql.Open("sqlite", dsn(path, false))
		if err != nil {
			s.w.Close()
			return nil, news.E(op, news.KindUnavailable, fmt.Errorf("open %s: %w", path, err))
		}
		n := max(2, runtime.GOMAXPROCS(0))
		s.r.SetMaxOpenConns(n)
		s.r.SetMaxIdleConns(n)
		if err := s.r.PingContext(ctx); err != nil {
			s.r.Close()
			s.w.Close()
			return nil, wrap(op, fmt.Errorf("open %s: %w", path, err))
		}
	}
	log.Debug("store opened", "path", path)
	return s, nil
}

// dsn builds the modernc.org/sqlite data source name. Writers begin their
// transactions IMMEDIATE so that a read-then-write transaction never fails
// with SQLITE_BUSY on lock upgrade; readers are query_only.
func dsn(path string, writer bool) string {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "temp_store(MEMORY)")
	q.Add("_pragma", "cache_size(-16000)")
	if path != ":memory:" {
		q.Add("_pragma", "journal_mode(WAL)")
	}
	if writer {
		q.Set("_txlock", "immediate")
	} else {
		q.Add("_pragma", "query_only(1)")
	}
	if path == ":memory:" {
		return ":memory:?" + q.Encode()
	}
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// Close checkpoints and closes the database. It is safe to call twice;
// every other method fails after it.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if _, err := s.w.ExecContext(ctx, "PRAGMA optimize"); err != nil {
			s.log.Warn("pragma optimize failed", "path", s.path, "err", err)
		}
		var errs []error
		if s.r != s.w {
			errs = append(errs, s.r.Close())
		}
		errs = append(errs, s.w.Close())
		if err := errors.Join(errs...); err != nil {
			s.closeErr = news.E("sqlite.Close", news.KindUnavailable, err)
		}
	})
	return s.closeErr
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
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_CANTOPEN,
			sqlite3.SQLITE_IOERR, sqlite3.SQLITE_FULL, sqlite3.SQLITE_READONLY,
			sqlite3.SQLITE_PERM, sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT,
			sqlite3.SQLITE_PROTOCOL, sqlite3.SQLITE_NOLFS:
			return news.KindUnavailable
		case sqlite3.SQLITE_CONSTRAINT:
			return news.KindConflict
		case sqlite3.SQLITE_TOOBIG:
			return news.KindInvalid
		}
		return news.KindInternal
	}
	switch {
	case errors.Is(err, sql.ErrConnDone), errors.Is(err, sql.ErrTxDone),
		strings.Contains(err.Error(), "database is closed"),
		strings.Contains(err.Error(), "database is locked"):
		return news.KindUnavailable
	}
	return news.KindOther
}

// ms converts a time to the stored form: Unix microseconds, NULL for the
// zero time. Microseconds are what PostgreSQL keeps too.
func ms(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMicro()
}

// fromMS reverses ms; times come back in UTC.
func fromMS(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return time.UnixMicro(v.Int64).UTC()
}
