package sqlite

// Events are stored in three tables (migration 4, see schema_events.go):
// events, one row per news.Event keyed by (article_seq, idx) with the
// whole event as JSON; event_participants, one compact row per actor,
// recipient and place; and event_names, the dictionary of participant
// texts. Replacing an article's events is two range deletes and inserts,
// in PutArticle's transaction. Names stay in the dictionary when their
// last participant goes (a name is a few bytes; the seq stays valid).

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/readout/readout/internal/news"
)

// preparedEvent is one event encoded before the write transaction.
type preparedEvent struct {
	e                  *news.Event
	actors, recipients any    // JSON arrays or nil
	data               string // JSON news.Event
}

// prepareEvents validates a.Events, encodes them and adds them to the
// fingerprint. An article without events adds nothing, so fingerprints of
// articles stored before events existed do not change.
func prepareEvents(a *news.Article, f fingerprinter) ([]preparedEvent, error) {
	if len(a.Events) == 0 {
		return nil, nil
	}
	n := len(a.Text)
	out := make([]preparedEvent, len(a.Events))
	f.add("events", len(a.Events))
	for i := range a.Events {
		e := &a.Events[i]
		if e.SentenceStart < 0 || e.SentenceEnd < e.SentenceStart || e.SentenceEnd > n {
			return nil, fmt.Errorf("event %d sentence span [%d,%d) outside text of %d bytes", i, e.SentenceStart, e.SentenceEnd, n)
		}
		if e.Trigger.Start < 0 || e.Trigger.End < e.Trigger.Start || e.Trigger.End > n {
			return nil, fmt.Errorf("event %d trigger span [%d,%d) outside text of %d bytes", i, e.Trigger.Start, e.Trigger.End, n)
		}
		p := preparedEvent{e: e}
		var err error
		if p.actors, err = jsonOrNil(e.Actors); err != nil {
			return nil, err
		}
		if p.recipients, err = jsonOrNil(e.Recipients); err != nil {
			return nil, err
		}
		data, err := json.Marshal(e)
		if err != nil {
			return nil, err
		}
		p.data = string(data)
		f.add(p.data)
		out[i] = p
	}
	return out, nil
}

// deleteEvents removes article seq's events and participants.
func deleteEvents(ctx context.Context, tx *sql.Tx, seq int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM event_participants WHERE article_seq = ?`, seq); err != nil {
		return fmt.Errorf("delete event participants: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM events WHERE article_seq = ?`, seq); err != nil {
		return fmt.Errorf("delete events: %w", err)
	}
	return nil
}

// Participant roles in event_participants.
const (
	roleActor     = 0
	roleRecipient = 1
	rolePlace     = 2
)

// insertEvents writes article seq's events; articleSort is the article's
// sort_at, the date of events without a resolved one.
func insertEvents(ctx context.Context, tx *sql.Tx, seq int64, evs []preparedEvent, articleSort time.Time) error {
	if len(evs) == 0 {
		return nil
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO events (article_seq, idx, sort_at, type, mode, cameo,
		status, intensity, confidence, sentence, sentence_start, sentence_end, trigger_text, trigger_lemma,
		trigger_start, trigger_end, date_text, date_begin, date_until, date_precision, date_unresolved,
		place_text, place_country, actors, recipients, data)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`)
	if err != nil {
		return fmt.Errorf("insert events: %w", err)
	}
	defer stmt.Close()
	pstmt, err := tx.PrepareContext(ctx, `INSERT INTO event_participants (article_seq, idx, role, n,
		entity_id, code, country, name_seq) VALUES (?,?,?,?,?,?,?,?)`)
	if err != nil {
		return fmt.Errorf("insert event participants: %w", err)
	}
	defer pstmt.Close()
	names := map[string]int64{}
	nameSeq := func(text string) (int64, error) {
		f := strings.ToLower(strings.TrimSpace(text))
		if f == "" {
			return 0, nil
		}
		if s, ok := names[f]; ok {
			return s, nil
		}
		// Look up first: most names are known, and an upsert would
		// rewrite their row.
		var s int64
		err := tx.QueryRowContext(ctx, `SELECT seq FROM event_names WHERE folded = ?`, f).Scan(&s)
		if errors.Is(err, sql.ErrNoRows) {
			err = tx.QueryRowContext(ctx, `INSERT INTO event_names (folded) VALUES (?) RETURNING seq`, f).Scan(&s)
		}
		if err != nil {
			return 0, fmt.Errorf("event name: %w", err)
		}
		names[f] = s
		return s, nil
	}
	for i, p := range evs {
		e := p.e
		var d news.EventDate
		if e.Date != nil {
			d = *e.Date
		}
		sortAt := articleSort
		if !d.Begin.IsZero() {
			sortAt = d.Begin
		}
		var pl news.EventPlace
		if e.Location != nil {
			pl = *e.Location
		}
		if _, err := stmt.ExecContext(ctx, seq, i, sortAt.UnixMicro(), string(e.Type), e.Mode, e.CAMEO,
			string(e.Status), e.Intensity, e.Confidence, e.Sentence, e.SentenceStart, e.SentenceEnd,
			e.Trigger.Text, e.Trigger.Lemma, e.Trigger.Start, e.Trigger.End, d.Text, ms(d.Begin), ms(d.Until),
			d.Precision, d.Unresolved, pl.Text, pl.Country, p.actors, p.recipients, p.data); err != nil {
			return fmt.Errorf("insert event %d: %w", i, err)
		}
		for role, list := range [][]news.EventActor{e.Actors, e.Recipients} {
			for n, ac := range list {
				ns, err := nameSeq(ac.Text)
				if err != nil {
					return err
				}
				if _, err := pstmt.ExecContext(ctx, seq, i, role, n, ac.EntityID, strings.ToUpper(ac.Code),
					strings.ToUpper(ac.Country), ns); err != nil {
					return fmt.Errorf("insert event %d participant: %w", i, err)
				}
			}
		}
		if e.Location != nil && (pl.Country != "" || pl.Text != "") {
			if _, err := pstmt.ExecContext(ctx, seq, i, rolePlace, 0, "", "", strings.ToUpper(pl.Country), 0); err != nil {
				return fmt.Errorf("insert event %d place: %w", i, err)
			}
		}
	}
	return nil
}

// loadEvents fills a.Events from the rows of article seq.
func loadEvents(ctx context.Context, q querier, seq int64, a *news.Article) error {
	rows, err := q.QueryContext(ctx, `SELECT data FROM events WHERE article_seq = ? ORDER BY idx`, seq)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var data string
		if err := rows.Scan(&data); err != nil {
			return err
		}
		var e news.Event
		if err := json.Unmarshal([]byte(data), &e); err != nil {
			return news.E("", news.KindInternal, fmt.Errorf("event %d: decode: %w", len(a.Events), err))
		}
		a.Events = append(a.Events, e)
	}
	return rows.Err()
}

// querier is what *sql.Tx and *sql.DB share.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// participantMatch is a query of the (article_seq, idx) of the events
// with a participant in role that matches v: an entity ID exactly, a code
// prefix (upper case), or a substring of the participant's text (through
// the event_names dictionary).
func participantMatch(role int, v string) (string, []any) {
	code := strings.ToUpper(v)
	like := "%" + likeEscaper.Replace(foldQuery(v)) + "%"
	return `SELECT article_seq, idx FROM event_participants WHERE entity_id <> '' AND entity_id = ? AND role = ?
		UNION SELECT article_seq, idx FROM event_participants INDEXED BY event_participants_code
			WHERE code <> '' AND code >= ? AND code < ? AND role = ?
		UNION SELECT article_seq, idx FROM event_participants WHERE name_seq <> 0 AND role = ? AND name_seq IN
			(SELECT seq FROM event_names WHERE folded LIKE ? ESCAPE '\')`,
		[]any{v, role, code, code + "\U0010FFFF", role, role, like}
}

// countryMatch is a query of the events with an actor, recipient or
// place in country c.
func countryMatch(c string) (string, []any) {
	return `SELECT DISTINCT article_seq, idx FROM event_participants WHERE country <> '' AND country = ?`, []any{strings.ToUpper(c)}
}

// participantProbe is the condition on e of participantMatch, for plans
// that walk the events and probe each one's participants.
func participantProbe(role int, v string) (string, []any) {
	code := strings.ToUpper(v)
	like := "%" + likeEscaper.Replace(foldQuery(v)) + "%"
	return `EXISTS (SELECT 1 FROM event_participants p WHERE p.article_seq = e.article_seq AND p.idx = e.idx
		AND p.role = ? AND ((p.entity_id <> '' AND p.entity_id = ?) OR (p.code >= ? AND p.code < ?)
		OR p.name_seq IN (SELECT seq FROM event_names WHERE folded LIKE ? ESCAPE '\')))`,
		[]any{role, v, code, code + "\U0010FFFF", like}
}

// participantsMatch combines the participant filters of f (Actor,
// Recipient, Country) into one query of (article_seq, idx); "" when f has
// none.
func participantsMatch(f news.EventFilter) (string, []any) {
	var parts []string
	var args []any
	add := func(q string, a []any) { parts = append(parts, q); args = append(args, a...) }
	if v := strings.TrimSpace(f.Actor); v != "" {
		add(participantMatch(roleActor, v))
	}
	if v := strings.TrimSpace(f.Recipient); v != "" {
		add(participantMatch(roleRecipient, v))
	}
	if v := strings.TrimSpace(f.Country); v != "" {
		add(countryMatch(v))
	}
	if len(parts) == 0 {
		return "", nil
	}
	for i := range parts {
		parts[i] = "SELECT * FROM (" + parts[i] + ")"
	}
	return strings.Join(parts, " INTERSECT "), args
}

// drivenLimit is how many participant matches a listing sorts at most
// by itself; with more, it walks the events newest first and probes the
// matches instead (a variable for tests).
var drivenLimit = 20000

// Events lists the event mentions of articles that are not duplicates,
// most recent event date first (the resolved begin of the event's date,
// else the article's publication or ingest time), then by article ID and
// index; see news.Store and news.EventFilter.
func (s *Store) Events(ctx context.Context, f news.EventFilter) ([]news.EventSummary, error) {
	const op = "sqlite.Events"
	if f.Limit < 0 || f.Offset < 0 {
		return nil, news.E(op, news.KindInvalid, fmt.Sprintf("negative limit (%d) or offset (%d)", f.Limit, f.Offset))
	}
	driven := false
	if mq, margs := participantsMatch(f); mq != "" {
		// Few matches: start from them and sort them. Many: walk the
		// events in date order, which finds a page of them quickly.
		var n int
		if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM (`+mq+` LIMIT ?)`,
			append(margs, drivenLimit)...).Scan(&n); err != nil {
			return nil, wrap(op, fmt.Errorf("list events: %w", err))
		}
		driven = n < drivenLimit
	}
	q, args := eventsQuery(f, driven)
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, wrap(op, fmt.Errorf("list events: %w", err))
	}
	defer rows.Close()
	out := []news.EventSummary{}
	for rows.Next() {
		var (
			es        news.EventSummary
			idx       int
			data      string
			published sql.NullInt64
			sentence  []byte
			storyEv   sql.NullString
		)
		if err := rows.Scan(&idx, &data, &es.ArticleID, &es.ArticleTitle, &es.Site, &es.URL, &published,
			&sentence, &storyEv); err != nil {
			return nil, wrap(op, fmt.Errorf("list events: %w", err))
		}
		if err := json.Unmarshal([]byte(data), &es.Event); err != nil {
			return nil, news.E(op, news.KindInternal, fmt.Errorf("list events: article %s event %d: decode: %w", es.ArticleID, idx, err))
		}
		es.ID = fmt.Sprintf("%s:%d", es.ArticleID, idx)
		es.Published = fromMS(published)
		es.SentenceText = string(sentence)
		es.StoryEventID = storyEv.String
		out = append(out, es)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(op, fmt.Errorf("list events: %w", err))
	}
	return out, nil
}

// eventsQuery builds the listing query for f (Limit and Offset already
// checked). With driven, the page is computed from the events that match
// the participant filters; without, by walking events_sort (or the type
// or status index) and probing them. Duplicates are left out with a
// correlated lookup rather than a join, which SQLite would answer with a
// Bloom filter built over every article.
func eventsQuery(f news.EventFilter, driven bool) (string, []any) {
	limit := f.Limit
	if limit == 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	where := []string{"NOT EXISTS (SELECT 1 FROM articles d WHERE d.seq = e.article_seq AND d.duplicate_of IS NOT NULL)"}
	var args []any
	cond := func(c string, a ...any) { where = append(where, c); args = append(args, a...) }
	from := "events e"
	mq, margs := participantsMatch(f)
	if mq != "" && driven {
		from = "m CROSS JOIN events e"
		cond("e.article_seq = m.seq AND e.idx = m.idx")
	} else if mq != "" {
		if v := strings.TrimSpace(f.Actor); v != "" {
			c, a := participantProbe(roleActor, v)
			cond(c, a...)
		}
		if v := strings.TrimSpace(f.Recipient); v != "" {
			c, a := participantProbe(roleRecipient, v)
			cond(c, a...)
		}
		if v := strings.TrimSpace(f.Country); v != "" {
			cond(`EXISTS (SELECT 1 FROM event_participants p WHERE p.article_seq = e.article_seq AND p.idx = e.idx
				AND p.country <> '' AND p.country = ?)`, strings.ToUpper(v))
		}
	}
	if f.Type != "" {
		cond("e.type = ?", string(f.Type))
	}
	if f.Mode != "" {
		cond("e.mode = ?", f.Mode)
	}
	if f.Status != "" {
		cond("e.status = ?", string(f.Status))
	}
	if !f.Since.IsZero() {
		cond("e.sort_at >= ?", f.Since.UnixMicro())
	}
	if !f.Until.IsZero() {
		cond("e.sort_at < ?", f.Until.UnixMicro())
	}
	if f.ArticleID != "" {
		cond("e.article_seq = (SELECT seq FROM articles WHERE id = ?)", f.ArticleID)
	}
	args = append(args, limit, f.Offset)
	with := "WITH "
	if mq != "" && driven {
		with = "WITH m(seq, idx) AS MATERIALIZED (" + mq + "), "
		args = append(margs, args...)
	}
	// Page first, then read the payload (JSON, the sentence out of the
	// article's text) for the page only: a sort would otherwise carry it
	// for every match.
	return with + `page AS (
		SELECT e.article_seq AS seq, e.idx AS idx, e.sort_at AS sort_at,
			(SELECT i.id FROM articles i WHERE i.seq = e.article_seq) AS id
		FROM ` + from + `
		WHERE ` + strings.Join(where, " AND ") + `
		ORDER BY e.sort_at DESC, id, e.idx LIMIT ? OFFSET ?)
	SELECT e.idx, e.data, a.id, a.title, a.site, a.url, a.published,
		substr(CAST(a.text AS BLOB), e.sentence_start + 1, e.sentence_end - e.sentence_start),
		(SELECT v.event_id FROM story_evidence v WHERE v.article_id = a.id AND v.idx = e.idx LIMIT 1)
	FROM page p CROSS JOIN events e CROSS JOIN articles a
	WHERE e.article_seq = p.seq AND e.idx = p.idx AND a.seq = p.seq
	ORDER BY p.sort_at DESC, p.id, p.idx`, args
}
