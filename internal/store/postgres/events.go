package postgres

// Events are stored in three tables (migration 4): events, one row per
// news.Event with the whole event as JSON; event_participants, one compact
// row per actor, recipient and place; event_names, the dictionary of
// participant texts. The layout is the SQLite store's. Replacing an
// article's events is two deletes and three inserts in PutArticle's one
// write round trip (names are added with ON CONFLICT DO NOTHING and looked
// up by the participants' INSERT … SELECT, which runs after it).

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/readout/readout/internal/news"
)

// preparedEvent is one event encoded before the transaction.
type preparedEvent struct {
	e    *news.Event
	data string // JSON news.Event
}

// prepareEvents validates a.Events, encodes them and adds them to the
// fingerprint. An article without events adds nothing.
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
		data, err := json.Marshal(e)
		if err != nil {
			return nil, err
		}
		out[i] = preparedEvent{e: e, data: string(data)}
		f.add(out[i].data)
	}
	return out, nil
}

// Participant roles in event_participants.
const (
	roleActor     = 0
	roleRecipient = 1
	rolePlace     = 2
)

// queueEvents queues the inserts of article seq's events; articleSort is
// the article's sort_at, the date of events without a resolved one.
func queueEvents(b *pgx.Batch, seq int64, evs []preparedEvent, articleSort time.Time) {
	if len(evs) == 0 {
		return
	}
	var (
		idx, sStart, sEnd        []int
		sortAt                   []time.Time
		typ, mode, status, data  []string
		pIdx, pRole, pN          []int
		pEntity, pCode, pCountry []string
		pName                    []string
	)
	for i, p := range evs {
		e := p.e
		at := articleSort
		if e.Date != nil && !e.Date.Begin.IsZero() {
			at = e.Date.Begin.Truncate(time.Microsecond)
		}
		idx, sStart, sEnd, sortAt = append(idx, i), append(sStart, e.SentenceStart), append(sEnd, e.SentenceEnd), append(sortAt, at)
		typ, mode, status, data = append(typ, string(e.Type)), append(mode, e.Mode), append(status, string(e.Status)), append(data, p.data)
		for role, list := range [][]news.EventActor{e.Actors, e.Recipients} {
			for n, ac := range list {
				name := strings.ToLower(strings.TrimSpace(ac.Text))
				pIdx, pRole, pN = append(pIdx, i), append(pRole, role), append(pN, n)
				pEntity, pCode = append(pEntity, ac.EntityID), append(pCode, strings.ToUpper(ac.Code))
				pCountry, pName = append(pCountry, strings.ToUpper(ac.Country)), append(pName, name)
			}
		}
		if pl := e.Location; pl != nil && (pl.Country != "" || pl.Text != "") {
			pIdx, pRole, pN = append(pIdx, i), append(pRole, rolePlace), append(pN, 0)
			pEntity, pCode = append(pEntity, ""), append(pCode, "")
			pCountry, pName = append(pCountry, strings.ToUpper(pl.Country)), append(pName, "")
		}
	}
	b.Queue(`INSERT INTO events (article_seq, idx, sort_at, type, mode, status, sentence_start, sentence_end, data)
		SELECT $1, * FROM unnest($2::int[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::int[],
			$8::int[], $9::text[])`, seq, idx, sortAt, typ, mode, status, sStart, sEnd, data)
	if len(pIdx) > 0 {
		b.Queue(`INSERT INTO event_participants (article_seq, idx, role, n, entity_id, code, country, name_seq)
			SELECT $1, u.idx, u.role, u.n, u.entity_id, u.code, u.country,
				COALESCE((SELECT seq FROM event_names WHERE folded = u.name AND u.name <> ''), 0)
			FROM unnest($2::int[], $3::int[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[])
				AS u(idx, role, n, entity_id, code, country, name)`,
			seq, pIdx, pRole, pN, pEntity, pCode, pCountry, pName)
	}
}

// eventNames lists the distinct folded participant texts of evs.
func eventNames(evs []preparedEvent) []string {
	var names []string
	seen := map[string]bool{}
	for _, p := range evs {
		for _, list := range [][]news.EventActor{p.e.Actors, p.e.Recipients} {
			for _, ac := range list {
				name := strings.ToLower(strings.TrimSpace(ac.Text))
				if name != "" && !seen[name] {
					seen[name] = true
					names = append(names, name)
				}
			}
		}
	}
	return names
}

// loadEvents fills a.Events from the rows of article seq.
func loadEvents(ctx context.Context, tx pgx.Tx, seq int64, a *news.Article) error {
	rows, err := tx.Query(ctx, `SELECT data FROM events WHERE article_seq = $1 ORDER BY idx`, seq)
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

// participantCond is the SQL condition (on e) for an Actor or Recipient
// filter value v: an entity ID exactly, a code prefix, or a substring of
// the participant's text (through the event_names dictionary).
func participantCond(c *conds, role int, v string) string {
	code := strings.ToUpper(foldQueryKeepCase(v))
	r := c.arg(role)
	return `(e.article_seq, e.idx) IN (
		SELECT article_seq, idx FROM event_participants WHERE entity_id <> '' AND entity_id = ` + c.arg(foldQueryKeepCase(v)) + ` AND role = ` + r + `
		UNION SELECT article_seq, idx FROM event_participants WHERE code <> '' AND code >= ` + c.arg(code) +
		` AND code < ` + c.arg(code+"\U0010FFFF") + ` AND role = ` + r + `
		UNION SELECT article_seq, idx FROM event_participants WHERE name_seq <> 0 AND role = ` + r + ` AND name_seq IN
			(SELECT seq FROM event_names WHERE folded LIKE ` + c.arg(contains(foldQuery(v))) + `))`
}

// Events lists the event mentions of articles that are not duplicates,
// most recent event date first (the resolved begin of the event's date,
// else the article's publication or ingest time), then by article ID and
// index; see news.Store and news.EventFilter.
func (s *Store) Events(ctx context.Context, f news.EventFilter) ([]news.EventSummary, error) {
	const op = "postgres.Events"
	limit, err := page(op, f.Limit, f.Offset)
	if err != nil {
		return nil, err
	}
	c := &conds{}
	c.add("a.duplicate_of IS NULL")
	if f.Type != "" {
		c.add("e.type = " + c.arg(string(f.Type)))
	}
	if f.Mode != "" {
		c.add("e.mode = " + c.arg(f.Mode))
	}
	if f.Status != "" {
		c.add("e.status = " + c.arg(string(f.Status)))
	}
	if v := strings.TrimSpace(f.Actor); v != "" {
		c.add(participantCond(c, roleActor, v))
	}
	if v := strings.TrimSpace(f.Recipient); v != "" {
		c.add(participantCond(c, roleRecipient, v))
	}
	if v := strings.TrimSpace(f.Country); v != "" {
		c.add(`(e.article_seq, e.idx) IN (SELECT article_seq, idx FROM event_participants
			WHERE country <> '' AND country = ` + c.arg(strings.ToUpper(foldQueryKeepCase(v))) + `)`)
	}
	if !f.Since.IsZero() {
		c.add("e.sort_at >= " + c.arg(f.Since.Truncate(time.Microsecond)))
	}
	if !f.Until.IsZero() {
		c.add("e.sort_at < " + c.arg(f.Until.Truncate(time.Microsecond)))
	}
	if f.ArticleID != "" {
		c.add("a.id = " + c.arg(foldQueryKeepCase(f.ArticleID)))
	}
	q := `SELECT e.idx, e.data, a.id, a.title, a.site, a.url, a.published,
		substring(convert_to(a.text, 'UTF8') FROM e.sentence_start + 1 FOR e.sentence_end - e.sentence_start),
		(SELECT v.event_id FROM story_evidence v WHERE v.article_id = a.id AND v.idx = e.idx LIMIT 1)
		FROM events e JOIN articles a ON a.seq = e.article_seq` + c.sql() + `
		ORDER BY e.sort_at DESC, a.id, e.idx LIMIT ` + c.arg(limit) + ` OFFSET ` + c.arg(f.Offset)
	rows, err := s.pool.Query(ctx, q, c.args...)
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
			published *time.Time
			sentence  []byte
			storyEv   *string
		)
		if err := rows.Scan(&idx, &data, &es.ArticleID, &es.ArticleTitle, &es.Site, &es.URL, &published,
			&sentence, &storyEv); err != nil {
			return nil, wrap(op, fmt.Errorf("list events: %w", err))
		}
		if err := json.Unmarshal([]byte(data), &es.Event); err != nil {
			return nil, news.E(op, news.KindInternal, fmt.Errorf("list events: article %s event %d: decode: %w", es.ArticleID, idx, err))
		}
		es.ID = fmt.Sprintf("%s:%d", es.ArticleID, idx)
		es.Published = fromTS(published)
		es.SentenceText = string(sentence)
		es.StoryEventID = deref(storyEv)
		out = append(out, es)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(op, fmt.Errorf("list events: %w", err))
	}
	return out, nil
}
