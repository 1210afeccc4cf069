package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"time"

	"github.com/readout/readout/internal/feed"
	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/watch"
)

// The state of `readout watch` (schema step 6): sources, seen items and
// fetched pages. See internal/watch.State for the contract.
var _ watch.State = (*Store)(nil)

const sourceColumns = `id, name, url, kind, category, added, next_poll, last_poll, interval_us,
	etag, last_modified, errors, last_error, items`

func scanSource(sc interface{ Scan(...any) error }) (watch.Source, error) {
	var (
		s                 watch.Source
		kind              string
		added, next, last sql.NullInt64
		interval          int64
	)
	err := sc.Scan(&s.ID, &s.Name, &s.URL, &kind, &s.Category, &added, &next, &last, &interval,
		&s.ETag, &s.LastModified, &s.Errors, &s.LastError, &s.Items)
	s.Kind = feed.Kind(kind)
	s.Added, s.NextPoll, s.LastPoll = fromMS(added), fromMS(next), fromMS(last)
	s.Interval = time.Duration(interval) * time.Microsecond
	return s, err
}

// AddSource adds s, due at once; see watch.State.
func (s *Store) AddSource(ctx context.Context, src watch.Source) (watch.Source, error) {
	const op = "sqlite.AddSource"
	if src.URL == "" || src.Kind == "" {
		return src, news.E(op, news.KindInvalid, "a source needs a URL and a kind")
	}
	if src.Added.IsZero() {
		src.Added = s.Now().UTC()
	}
	if src.NextPoll.IsZero() {
		src.NextPoll = src.Added
	}
	res, err := s.w.ExecContext(ctx, `INSERT INTO sources (name, url, kind, category, added, next_poll, interval_us)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO NOTHING`,
		src.Name, src.URL, string(src.Kind), src.Category, ms(src.Added), ms(src.NextPoll), src.Interval.Microseconds())
	if err != nil {
		return src, wrap(op, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return src, news.E(op, news.KindConflict, fmt.Sprintf("source %s is already added", src.URL))
	}
	id, err := res.LastInsertId()
	if err != nil {
		return src, wrap(op, err)
	}
	return s.source(ctx, op, id)
}

func (s *Store) source(ctx context.Context, op string, id int64) (watch.Source, error) {
	src, err := scanSource(s.r.QueryRowContext(ctx, `SELECT `+sourceColumns+` FROM sources WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return src, news.E(op, news.KindNotFound, fmt.Sprintf("no source %d", id))
	}
	return src, wrap(op, err)
}

// Sources lists every source by ID.
func (s *Store) Sources(ctx context.Context) ([]watch.Source, error) {
	return s.sources(ctx, "sqlite.Sources", `SELECT `+sourceColumns+` FROM sources ORDER BY id`)
}

// DueSources lists the sources due at now, the longest overdue first.
func (s *Store) DueSources(ctx context.Context, now time.Time) ([]watch.Source, error) {
	return s.sources(ctx, "sqlite.DueSources", `SELECT `+sourceColumns+` FROM sources WHERE next_poll <= ? ORDER BY next_poll, id`, now.UnixMicro())
}

func (s *Store) sources(ctx context.Context, op, query string, args ...any) ([]watch.Source, error) {
	rows, err := s.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, wrap(op, err)
	}
	defer rows.Close()
	var out []watch.Source
	for rows.Next() {
		src, err := scanSource(rows)
		if err != nil {
			return nil, wrap(op, err)
		}
		out = append(out, src)
	}
	return out, wrap(op, rows.Err())
}

// RemoveSource deletes a source and its pending items.
func (s *Store) RemoveSource(ctx context.Context, id int64) error {
	const op = "sqlite.RemoveSource"
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return wrap(op, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM seen_items WHERE source_id = ? AND status = 'pending'`, id); err != nil {
		return wrap(op, err)
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM sources WHERE id = ?`, id)
	if err != nil {
		return wrap(op, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return news.E(op, news.KindNotFound, fmt.Sprintf("no source %d", id))
	}
	return wrap(op, tx.Commit())
}

// RecordPoll saves a poll's outcome and its new items in one transaction.
func (s *Store) RecordPoll(ctx context.Context, src watch.Source, items, skipped []feed.Item, now time.Time) (int, error) {
	const op = "sqlite.RecordPoll"
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return 0, wrap(op, err)
	}
	defer tx.Rollback()
	insert := func(it feed.Item, status watch.ItemStatus, reason string) (bool, error) {
		var next any
		if status == watch.ItemPending {
			next = now.UnixMicro()
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO seen_items
			(url_hash, url, source_id, source_name, title, published, first_seen, status, next_try, last_error)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (url_hash) DO NOTHING`,
			watch.URLHash(it.URL), it.URL, src.ID, it.Source, it.Title, ms(it.Published), now.UnixMicro(),
			string(status), next, reason)
		if err != nil {
			return false, err
		}
		n, _ := res.RowsAffected()
		return n > 0, nil
	}
	added := 0
	for _, it := range items {
		ok, err := insert(it, watch.ItemPending, "")
		if err != nil {
			return 0, wrap(op, fmt.Errorf("item %s: %w", it.URL, err))
		}
		if ok {
			added++
		}
	}
	for _, it := range skipped {
		if _, err := insert(it, watch.ItemSkipped, "backlog at the first poll"); err != nil {
			return 0, wrap(op, fmt.Errorf("item %s: %w", it.URL, err))
		}
	}
	res, err := tx.ExecContext(ctx, `UPDATE sources SET
		name = CASE WHEN name = '' THEN ? ELSE name END,
		next_poll = ?, last_poll = ?, interval_us = ?, etag = ?, last_modified = ?,
		errors = ?, last_error = ?, items = items + ?
		WHERE id = ?`,
		src.Name, ms(src.NextPoll), ms(src.LastPoll), src.Interval.Microseconds(), src.ETag, src.LastModified,
		src.Errors, src.LastError, added, src.ID)
	if err != nil {
		return 0, wrap(op, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return 0, news.E(op, news.KindNotFound, fmt.Sprintf("no source %d", src.ID))
	}
	if err := tx.Commit(); err != nil {
		return 0, wrap(op, err)
	}
	return added, nil
}

const itemColumns = `url_hash, url, COALESCE(source_id, 0), source_name, title, published, first_seen,
	status, attempts, next_try, last_error, article_id`

// PendingItems lists pending items due at now: the longest due first,
// then the most recently published.
func (s *Store) PendingItems(ctx context.Context, now time.Time, limit int) ([]watch.Item, error) {
	const op = "sqlite.PendingItems"
	if limit <= 0 {
		return nil, news.E(op, news.KindInvalid, "limit must be positive")
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+itemColumns+` FROM seen_items
		WHERE status = 'pending' AND next_try <= ? ORDER BY next_try, first_seen, published DESC, url LIMIT ?`, now.UnixMicro(), limit)
	if err != nil {
		return nil, wrap(op, err)
	}
	defer rows.Close()
	var out []watch.Item
	for rows.Next() {
		var (
			it                     watch.Item
			status                 string
			published, first, next sql.NullInt64
		)
		if err := rows.Scan(&it.Hash, &it.URL, &it.SourceID, &it.Source, &it.Title, &published, &first,
			&status, &it.Attempts, &next, &it.LastError, &it.ArticleID); err != nil {
			return nil, wrap(op, err)
		}
		it.Status = watch.ItemStatus(status)
		it.Published, it.FirstSeen, it.NextTry = fromMS(published), fromMS(first), fromMS(next)
		out = append(out, it)
	}
	return out, wrap(op, rows.Err())
}

// FinishItem saves what became of an item.
func (s *Store) FinishItem(ctx context.Context, it watch.Item) error {
	const op = "sqlite.FinishItem"
	switch it.Status {
	case watch.ItemPending, watch.ItemStored, watch.ItemFailed, watch.ItemSkipped:
	default:
		return news.E(op, news.KindInvalid, fmt.Sprintf("unknown item status %q", it.Status))
	}
	var next any
	if it.Status == watch.ItemPending {
		next = ms(it.NextTry)
		if next == nil {
			next = int64(0)
		}
	}
	res, err := s.w.ExecContext(ctx, `UPDATE seen_items SET status = ?, attempts = ?, next_try = ?,
		last_error = ?, article_id = ? WHERE url_hash = ?`,
		string(it.Status), it.Attempts, next, it.LastError, it.ArticleID, it.Hash)
	if err != nil {
		return wrap(op, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return news.E(op, news.KindNotFound, fmt.Sprintf("no item %s", it.Hash))
	}
	return nil
}

// NextWake is the earliest due time of a source or pending item.
func (s *Store) NextWake(ctx context.Context) (time.Time, error) {
	var v sql.NullInt64
	err := s.r.QueryRowContext(ctx, `SELECT MIN(t) FROM (
		SELECT MIN(next_poll) AS t FROM sources
		UNION ALL SELECT MIN(next_try) FROM seen_items WHERE status = 'pending')`).Scan(&v)
	return fromMS(v), wrap("sqlite.NextWake", err)
}

// ItemCounts counts the seen items by status.
func (s *Store) ItemCounts(ctx context.Context) (map[watch.ItemStatus]int, error) {
	const op = "sqlite.ItemCounts"
	rows, err := s.r.QueryContext(ctx, `SELECT status, COUNT(*) FROM seen_items GROUP BY status`)
	if err != nil {
		return nil, wrap(op, err)
	}
	defer rows.Close()
	out := map[watch.ItemStatus]int{}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, wrap(op, err)
		}
		out[watch.ItemStatus(st)] = n
	}
	return out, wrap(op, rows.Err())
}

// PutPage keeps a fetched page, replacing the one kept for its URL.
func (s *Store) PutPage(ctx context.Context, p *watch.Page) error {
	const op = "sqlite.PutPage"
	if p.URL == "" || p.Fetched.IsZero() {
		return news.E(op, news.KindInvalid, "a page needs a URL and a fetch time")
	}
	hdr, err := json.Marshal(p.Header)
	if err != nil {
		return news.E(op, news.KindInvalid, err)
	}
	if p.Header == nil {
		hdr = []byte("{}")
	}
	enc, body := compress(p.Body)
	_, err = s.w.ExecContext(ctx, `INSERT INTO fetched_pages
		(url, final_url, status, headers, content_type, fetched_at, encoding, size, body)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (url) DO UPDATE SET final_url = excluded.final_url, status = excluded.status,
			headers = excluded.headers, content_type = excluded.content_type,
			fetched_at = excluded.fetched_at, encoding = excluded.encoding,
			size = excluded.size, body = excluded.body`,
		p.URL, p.FinalURL, p.Status, string(hdr), p.ContentType, p.Fetched.UnixMicro(), enc, len(p.Body), body)
	return wrap(op, err)
}

// EachPage calls fn for every page fetched at or after since, in fetch
// order. Pages are read in batches so that fn may take its time without
// holding a read transaction open.
func (s *Store) EachPage(ctx context.Context, since time.Time, fn func(*watch.Page) error) error {
	const op = "sqlite.EachPage"
	const batch = 64
	// The cursor (fetched_at, seq) starts just before since.
	lastAt, lastSeq := since.UnixMicro()-1, int64(math.MaxInt64)
	if since.IsZero() {
		lastAt = math.MinInt64
	}
	for {
		rows, err := s.r.QueryContext(ctx, `SELECT seq, url, final_url, status, headers, content_type, fetched_at, encoding, size, body
			FROM fetched_pages WHERE (fetched_at, seq) > (?, ?) ORDER BY fetched_at, seq LIMIT ?`, lastAt, lastSeq, batch)
		if err != nil {
			return wrap(op, err)
		}
		var pages []*watch.Page
		for rows.Next() {
			var (
				p        watch.Page
				hdr, enc string
				at, size int64
				body     []byte
			)
			if err := rows.Scan(&lastSeq, &p.URL, &p.FinalURL, &p.Status, &hdr, &p.ContentType, &at, &enc, &size, &body); err != nil {
				rows.Close()
				return wrap(op, err)
			}
			lastAt = at
			p.Fetched = time.UnixMicro(at).UTC()
			if err := json.Unmarshal([]byte(hdr), &p.Header); err != nil {
				p.Header = http.Header{}
			}
			if p.Body, err = decompress(enc, body, size); err != nil {
				rows.Close()
				return news.E(op, news.KindInternal, fmt.Errorf("page %s: %w", p.URL, err))
			}
			pages = append(pages, &p)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return wrap(op, err)
		}
		for _, p := range pages {
			if err := fn(p); err != nil {
				return err
			}
		}
		if len(pages) < batch {
			return nil
		}
	}
}
