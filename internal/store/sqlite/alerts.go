package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/readout/readout/internal/news"
)

// The alert log (package alert's Log interface, migration 7).

// EnqueueAlert records a pending delivery unless one with the same key
// exists, and reports whether it was new.
func (s *Store) EnqueueAlert(ctx context.Context, d news.AlertDelivery) (bool, error) {
	const op = "sqlite.EnqueueAlert"
	if d.Key == "" || d.Rule == "" || d.Sink == "" || d.Target == "" {
		return false, news.E(op, news.KindInvalid, "delivery needs a key, rule, sink and target")
	}
	if d.State == "" {
		d.State = news.DeliveryPending
	}
	if d.CreatedAt.IsZero() {
		d.CreatedAt = s.Now()
	}
	res, err := s.w.ExecContext(ctx, `INSERT INTO alert_deliveries
		(key, rule, trigger_kind, sink, target, article_id, state, created_at, body)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`,
		d.Key, d.Rule, d.Trigger, d.Sink, d.Target, d.ArticleID, string(d.State), d.CreatedAt.UnixMicro(), []byte(d.Body))
	if err != nil {
		return false, wrap(op, fmt.Errorf("delivery %s: %w", d.Key, err))
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, wrap(op, err)
	}
	return n > 0, nil
}

// PendingAlerts lists the pending deliveries, oldest first; limit <= 0
// lists all.
func (s *Store) PendingAlerts(ctx context.Context, limit int) ([]news.AlertDelivery, error) {
	if limit <= 0 {
		limit = -1
	}
	return s.deliveries(ctx, "sqlite.PendingAlerts",
		`WHERE state = 'pending' ORDER BY seq LIMIT ?`, limit)
}

// RecordAlertAttempt adds one attempt and moves its delivery to state.
func (s *Store) RecordAlertAttempt(ctx context.Context, at news.AlertAttempt, state news.DeliveryState) error {
	const op = "sqlite.RecordAlertAttempt"
	switch state {
	case news.DeliveryPending, news.DeliveryDelivered, news.DeliveryFailed:
	default:
		return news.E(op, news.KindInvalid, fmt.Sprintf("unknown delivery state %q", state))
	}
	if at.At.IsZero() {
		at.At = s.Now()
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return wrap(op, err)
	}
	defer tx.Rollback()
	var seq int64
	err = tx.QueryRowContext(ctx, `SELECT seq FROM alert_deliveries WHERE key = ?`, at.Key).Scan(&seq)
	if err == sql.ErrNoRows {
		return news.E(op, news.KindNotFound, fmt.Sprintf("no delivery with key %q", at.Key))
	}
	if err != nil {
		return wrap(op, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO alert_attempts (delivery_seq, attempt, at, duration_us, status_code, error)
		VALUES (?, ?, ?, ?, ?, ?)`, seq, at.Attempt, at.At.UnixMicro(), at.Duration.Microseconds(), at.StatusCode, at.Error); err != nil {
		return wrap(op, err)
	}
	var delivered any
	if state == news.DeliveryDelivered {
		delivered = at.At.Add(at.Duration).UnixMicro()
	}
	if _, err := tx.ExecContext(ctx, `UPDATE alert_deliveries SET state = ?, attempts = MAX(attempts, ?),
		last_attempt = ?, last_status = ?, last_error = ?, delivered_at = COALESCE(?, delivered_at) WHERE seq = ?`,
		string(state), at.Attempt, at.At.UnixMicro(), at.StatusCode, at.Error, delivered, seq); err != nil {
		return wrap(op, err)
	}
	return wrap(op, tx.Commit())
}

// AlertDeliveries lists deliveries, newest first.
func (s *Store) AlertDeliveries(ctx context.Context, f news.AlertFilter) ([]news.AlertDelivery, error) {
	const op = "sqlite.AlertDeliveries"
	where, args, err := alertWhere(op, f, true)
	if err != nil {
		return nil, err
	}
	return s.deliveries(ctx, op, where+` ORDER BY seq DESC LIMIT ? OFFSET ?`, append(args, limitOf(f.Limit), f.Offset)...)
}

// AlertAttempts lists delivery attempts, newest first.
func (s *Store) AlertAttempts(ctx context.Context, f news.AlertFilter) ([]news.AlertAttempt, error) {
	const op = "sqlite.AlertAttempts"
	where, args, err := alertWhere(op, f, false)
	if err != nil {
		return nil, err
	}
	rows, err := s.r.QueryContext(ctx, `SELECT d.key, d.rule, d.sink, d.target, t.attempt, t.at, t.duration_us,
		t.status_code, t.error FROM alert_attempts t JOIN alert_deliveries d ON d.seq = t.delivery_seq `+
		where+` ORDER BY t.seq DESC LIMIT ? OFFSET ?`,
		append(args, limitOf(f.Limit), f.Offset)...)
	if err != nil {
		return nil, wrap(op, err)
	}
	defer rows.Close()
	out := []news.AlertAttempt{}
	for rows.Next() {
		var a news.AlertAttempt
		var at, dur int64
		if err := rows.Scan(&a.Key, &a.Rule, &a.Sink, &a.Target, &a.Attempt, &at, &dur, &a.StatusCode, &a.Error); err != nil {
			return nil, wrap(op, err)
		}
		a.At = time.UnixMicro(at).UTC()
		a.Duration = time.Duration(dur) * time.Microsecond
		out = append(out, a)
	}
	return out, wrap(op, rows.Err())
}

// RetryFailedAlerts makes failed deliveries pending again.
func (s *Store) RetryFailedAlerts(ctx context.Context, rule string) (int, error) {
	const op = "sqlite.RetryFailedAlerts"
	q := `UPDATE alert_deliveries SET state = 'pending' WHERE state = 'failed'`
	var args []any
	if rule != "" {
		q += ` AND rule = ?`
		args = append(args, rule)
	}
	res, err := s.w.ExecContext(ctx, q, args...)
	if err != nil {
		return 0, wrap(op, err)
	}
	n, err := res.RowsAffected()
	return int(n), wrap(op, err)
}

func limitOf(n int) int {
	if n == 0 {
		return DefaultLimit
	}
	return n
}

// alertWhere builds the filter clause; the column names are those of
// alert_deliveries.
func alertWhere(op string, f news.AlertFilter, withState bool) (string, []any, error) {
	if f.Limit < 0 || f.Limit > MaxLimit || f.Offset < 0 {
		return "", nil, news.E(op, news.KindInvalid, fmt.Sprintf("limit %d, offset %d: want a limit of 0 to %d and an offset of 0 or more", f.Limit, f.Offset, MaxLimit))
	}
	var conds []string
	var args []any
	if f.Rule != "" {
		conds, args = append(conds, "rule = ?"), append(args, f.Rule)
	}
	if f.Key != "" {
		conds, args = append(conds, "key = ?"), append(args, f.Key)
	}
	if withState && f.State != "" {
		switch f.State {
		case news.DeliveryPending, news.DeliveryDelivered, news.DeliveryFailed:
		default:
			return "", nil, news.E(op, news.KindInvalid, fmt.Sprintf("state %q: want pending, delivered or failed", f.State))
		}
		conds, args = append(conds, "state = ?"), append(args, string(f.State))
	}
	if len(conds) == 0 {
		return "", nil, nil
	}
	return "WHERE " + strings.Join(conds, " AND "), args, nil
}

func (s *Store) deliveries(ctx context.Context, op, tail string, args ...any) ([]news.AlertDelivery, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT key, rule, trigger_kind, sink, target, article_id, state, attempts,
		created_at, last_attempt, delivered_at, last_status, last_error, body FROM alert_deliveries `+tail, args...)
	if err != nil {
		return nil, wrap(op, err)
	}
	defer rows.Close()
	out := []news.AlertDelivery{}
	for rows.Next() {
		var d news.AlertDelivery
		var created int64
		var last, delivered sql.NullInt64
		var state string
		var body []byte
		if err := rows.Scan(&d.Key, &d.Rule, &d.Trigger, &d.Sink, &d.Target, &d.ArticleID, &state, &d.Attempts,
			&created, &last, &delivered, &d.LastStatus, &d.LastError, &body); err != nil {
			return nil, wrap(op, err)
		}
		d.State, d.Body = news.DeliveryState(state), body
		d.CreatedAt = time.UnixMicro(created).UTC()
		d.LastAttempt, d.DeliveredAt = fromMS(last), fromMS(delivered)
		out = append(out, d)
	}
	return out, wrap(op, rows.Err())
}
