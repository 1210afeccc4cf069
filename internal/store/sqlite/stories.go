package sqlite

// Stories are stored in five tables (migration 5, see schema_stories.go).
// PutStories replaces each story wholesale in one transaction: its row is
// upserted (keeping its seq) and its members, merged events, evidence and
// key entities are deleted and inserted again. An article belongs to at
// most one story: a story that lists an article takes it from any other
// story, which keeps the rest of what was put for it (and its article
// count drops) until it is put again.

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/readout/readout/internal/news"
)

// PutStories stores stories wholesale; see news.Store.
func (s *Store) PutStories(ctx context.Context, stories []news.StoryDetail) error {
	const op = "sqlite.PutStories"
	type enc struct {
		keys, contras any
		events        []string
	}
	encs := make([]enc, len(stories))
	seen := map[string]bool{}
	for i := range stories {
		st := &stories[i]
		if strings.TrimSpace(st.ID) == "" {
			return news.E(op, news.KindInvalid, fmt.Sprintf("story %d has no ID", i))
		}
		if seen[st.ID] {
			return news.E(op, news.KindInvalid, fmt.Sprintf("story %s given twice", st.ID))
		}
		seen[st.ID] = true
		var err error
		if encs[i].keys, err = jsonOrNil(st.KeyEntities); err != nil {
			return news.E(op, news.KindInvalid, err)
		}
		if encs[i].contras, err = jsonOrNil(st.Contradictions); err != nil {
			return news.E(op, news.KindInvalid, err)
		}
		for j, ev := range st.MergedEvents {
			if strings.TrimSpace(ev.ID) == "" {
				return news.E(op, news.KindInvalid, fmt.Sprintf("story %s: merged event %d has no ID", st.ID, j))
			}
			b, err := json.Marshal(ev)
			if err != nil {
				return news.E(op, news.KindInvalid, err)
			}
			encs[i].events = append(encs[i].events, string(b))
		}
	}
	if len(stories) == 0 {
		return nil
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return wrap(op, fmt.Errorf("begin: %w", err))
	}
	defer tx.Rollback()
	for i := range stories {
		if err := putStory(ctx, tx, &stories[i], encs[i].keys, encs[i].contras, encs[i].events); err != nil {
			return wrap(op, fmt.Errorf("story %s: %w", stories[i].ID, err))
		}
	}
	if err := tx.Commit(); err != nil {
		return wrap(op, fmt.Errorf("commit: %w", err))
	}
	return nil
}

func putStory(ctx context.Context, tx *sql.Tx, st *news.StoryDetail, keys, contras any, events []string) error {
	var seq int64
	err := tx.QueryRowContext(ctx, `INSERT INTO stories (id, title, folded, first_seen, last_seen, articles,
		sources, independent, events, key_entities, contradictions) VALUES (?,?,?,?,?,?,?,?,?,?,?)
		ON CONFLICT (id) DO UPDATE SET title = excluded.title, folded = excluded.folded,
		first_seen = excluded.first_seen, last_seen = excluded.last_seen, articles = excluded.articles,
		sources = excluded.sources, independent = excluded.independent, events = excluded.events,
		key_entities = excluded.key_entities, contradictions = excluded.contradictions
		RETURNING seq`, st.ID, st.Title, strings.ToLower(st.Title), ms(st.FirstSeen), ms(st.LastSeen),
		st.Articles, st.Sources, st.Independent, st.Events, keys, contras).Scan(&seq)
	if err != nil {
		return fmt.Errorf("upsert: %w", err)
	}
	for _, t := range []string{"story_members", "story_events", "story_evidence", "story_entities"} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+t+` WHERE story_seq = ?`, seq); err != nil {
			return fmt.Errorf("clear %s: %w", t, err)
		}
	}
	// Take the members from the stories they were in.
	if len(st.Members) > 0 {
		ids := make([]any, len(st.Members))
		for i, m := range st.Members {
			ids[i] = m.ArticleID
		}
		in := "(?" + strings.Repeat(",?", len(ids)-1) + ")"
		rows, err := tx.QueryContext(ctx, `SELECT DISTINCT story_seq FROM story_members WHERE article_id IN `+in, ids...)
		if err != nil {
			return fmt.Errorf("find previous stories: %w", err)
		}
		var prev []int64
		for rows.Next() {
			var p int64
			if err := rows.Scan(&p); err != nil {
				rows.Close()
				return err
			}
			prev = append(prev, p)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(prev) > 0 {
			if _, err := tx.ExecContext(ctx, `DELETE FROM story_members WHERE article_id IN `+in, ids...); err != nil {
				return fmt.Errorf("take members: %w", err)
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM story_evidence WHERE article_id IN `+in, ids...); err != nil {
				return fmt.Errorf("take evidence: %w", err)
			}
			for _, p := range prev {
				if _, err := tx.ExecContext(ctx, `UPDATE stories SET articles =
					(SELECT COUNT(*) FROM story_members WHERE story_seq = ?) WHERE seq = ?`, p, p); err != nil {
					return fmt.Errorf("recount: %w", err)
				}
			}
		}
	}
	mstmt, err := tx.PrepareContext(ctx, `INSERT INTO story_members (story_seq, idx, article_id, title, site,
		url, published, near_duplicate_of, similarity) VALUES (?,?,?,?,?,?,?,?,?)`)
	if err != nil {
		return err
	}
	defer mstmt.Close()
	seen := map[string]bool{}
	n := 0
	for _, m := range st.Members {
		if seen[m.ArticleID] {
			continue
		}
		seen[m.ArticleID] = true
		if _, err := mstmt.ExecContext(ctx, seq, n, m.ArticleID, m.Title, m.Site, m.URL, ms(m.Published),
			m.NearDuplicateOf, m.Similarity); err != nil {
			return fmt.Errorf("insert member %s: %w", m.ArticleID, err)
		}
		n++
	}
	estmt, err := tx.PrepareContext(ctx, `INSERT INTO story_events (story_seq, idx, id, data) VALUES (?,?,?,?)`)
	if err != nil {
		return err
	}
	defer estmt.Close()
	vstmt, err := tx.PrepareContext(ctx, `INSERT OR IGNORE INTO story_evidence (story_seq, article_id, idx, event_id)
		VALUES (?,?,?,?)`)
	if err != nil {
		return err
	}
	defer vstmt.Close()
	for i, ev := range st.MergedEvents {
		if _, err := estmt.ExecContext(ctx, seq, i, ev.ID, events[i]); err != nil {
			return fmt.Errorf("insert merged event %s: %w", ev.ID, err)
		}
		for _, v := range ev.Evidence {
			if _, err := vstmt.ExecContext(ctx, seq, v.ArticleID, v.Index, ev.ID); err != nil {
				return fmt.Errorf("insert evidence of %s: %w", ev.ID, err)
			}
		}
	}
	for _, k := range st.KeyEntities {
		if k.ID == "" {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO story_entities (entity_id, story_seq) VALUES (?,?)`,
			k.ID, seq); err != nil {
			return fmt.Errorf("insert key entity %s: %w", k.ID, err)
		}
	}
	return nil
}

// ResetStories deletes every story.
func (s *Store) ResetStories(ctx context.Context) error {
	const op = "sqlite.ResetStories"
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return wrap(op, err)
	}
	defer tx.Rollback()
	// Children first: faster than cascading row by row.
	for _, t := range []string{"story_members", "story_events", "story_evidence", "story_entities", "stories"} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+t); err != nil {
			return wrap(op, fmt.Errorf("clear %s: %w", t, err))
		}
	}
	return wrap(op, tx.Commit())
}

const storyCols = `s.seq, s.id, s.title, s.first_seen, s.last_seen, s.articles, s.sources, s.independent,
	s.events, s.key_entities`

func scanStory(sc interface{ Scan(...any) error }, seq *int64) (news.Story, error) {
	var (
		st          news.Story
		first, last sql.NullInt64
		keys        sql.NullString
	)
	if err := sc.Scan(seq, &st.ID, &st.Title, &first, &last, &st.Articles, &st.Sources, &st.Independent,
		&st.Events, &keys); err != nil {
		return st, err
	}
	st.FirstSeen, st.LastSeen = fromMS(first), fromMS(last)
	if keys.Valid {
		if err := json.Unmarshal([]byte(keys.String), &st.KeyEntities); err != nil {
			return st, news.E("", news.KindInternal, fmt.Errorf("story %s: decode key entities: %w", st.ID, err))
		}
	}
	return st, nil
}

// Stories lists stories, most recently seen first, then by ID; see
// news.Store and news.StoryFilter.
func (s *Store) Stories(ctx context.Context, f news.StoryFilter) ([]news.Story, error) {
	const op = "sqlite.Stories"
	if f.Limit < 0 || f.Offset < 0 || f.MinSources < 0 {
		return nil, news.E(op, news.KindInvalid, fmt.Sprintf("negative limit (%d), offset (%d) or minimum sources (%d)",
			f.Limit, f.Offset, f.MinSources))
	}
	limit := f.Limit
	if limit == 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	var where []string
	var args []any
	cond := func(c string, a ...any) { where = append(where, c); args = append(args, a...) }
	if q := foldQuery(f.Query); q != "" {
		cond(`s.folded LIKE ? ESCAPE '\'`, "%"+likeEscaper.Replace(q)+"%")
	}
	if e := strings.TrimSpace(f.Entity); e != "" {
		cond(`s.seq IN (SELECT story_seq FROM story_entities WHERE entity_id = ?)`, e)
	}
	if f.MinSources > 0 {
		cond("s.independent >= ?", f.MinSources)
	}
	if !f.Since.IsZero() {
		cond("s.last_seen >= ?", f.Since.UnixMicro())
	}
	if !f.Until.IsZero() {
		cond("s.first_seen < ?", f.Until.UnixMicro())
	}
	whereSQL := ""
	if len(where) > 0 {
		whereSQL = " WHERE " + strings.Join(where, " AND ")
	}
	args = append(args, limit, f.Offset)
	rows, err := s.r.QueryContext(ctx, `SELECT `+storyCols+` FROM stories s`+whereSQL+`
		ORDER BY s.last_seen DESC, s.id LIMIT ? OFFSET ?`, args...)
	if err != nil {
		return nil, wrap(op, fmt.Errorf("list stories: %w", err))
	}
	defer rows.Close()
	out := []news.Story{}
	for rows.Next() {
		var seq int64
		st, err := scanStory(rows, &seq)
		if err != nil {
			return nil, wrap(op, fmt.Errorf("list stories: %w", err))
		}
		out = append(out, st)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(op, fmt.Errorf("list stories: %w", err))
	}
	return out, nil
}

// Story returns one story with its members, merged events and
// contradictions.
func (s *Store) Story(ctx context.Context, id string) (*news.StoryDetail, error) {
	const op = "sqlite.Story"
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, wrap(op, err)
	}
	defer tx.Rollback()
	var (
		seq     int64
		contras sql.NullString
	)
	row := tx.QueryRowContext(ctx, `SELECT `+storyCols+`, s.contradictions FROM stories s WHERE s.id = ?`, id)
	d := &news.StoryDetail{Members: []news.StoryArticle{}, MergedEvents: []news.StoryEvent{}, Contradictions: []news.Contradiction{}}
	d.Story, err = scanStory(scanAppend{row, &contras}, &seq)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, news.E(op, news.KindNotFound, fmt.Errorf("story %q not found", id))
	}
	if err != nil {
		return nil, wrap(op, fmt.Errorf("story %s: %w", id, err))
	}
	if contras.Valid {
		if err := json.Unmarshal([]byte(contras.String), &d.Contradictions); err != nil {
			return nil, news.E(op, news.KindInternal, fmt.Errorf("story %s: decode contradictions: %w", id, err))
		}
	}
	rows, err := tx.QueryContext(ctx, `SELECT article_id, title, site, url, published, near_duplicate_of, similarity
		FROM story_members WHERE story_seq = ? ORDER BY idx`, seq)
	if err != nil {
		return nil, wrap(op, fmt.Errorf("story %s: members: %w", id, err))
	}
	defer rows.Close()
	for rows.Next() {
		var m news.StoryArticle
		var published sql.NullInt64
		if err := rows.Scan(&m.ArticleID, &m.Title, &m.Site, &m.URL, &published, &m.NearDuplicateOf, &m.Similarity); err != nil {
			return nil, wrap(op, fmt.Errorf("story %s: members: %w", id, err))
		}
		m.Published = fromMS(published)
		d.Members = append(d.Members, m)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(op, fmt.Errorf("story %s: members: %w", id, err))
	}
	rows.Close()
	erows, err := tx.QueryContext(ctx, `SELECT data FROM story_events WHERE story_seq = ? ORDER BY idx`, seq)
	if err != nil {
		return nil, wrap(op, fmt.Errorf("story %s: events: %w", id, err))
	}
	defer erows.Close()
	for erows.Next() {
		var data string
		if err := erows.Scan(&data); err != nil {
			return nil, wrap(op, fmt.Errorf("story %s: events: %w", id, err))
		}
		var ev news.StoryEvent
		if err := json.Unmarshal([]byte(data), &ev); err != nil {
			return nil, news.E(op, news.KindInternal, fmt.Errorf("story %s: decode event: %w", id, err))
		}
		d.MergedEvents = append(d.MergedEvents, ev)
	}
	if err := erows.Err(); err != nil {
		return nil, wrap(op, fmt.Errorf("story %s: events: %w", id, err))
	}
	return d, nil
}

// scanAppend scans a row whose columns are those of the inner scan
// followed by extra destinations.
type scanAppend struct {
	row   *sql.Row
	extra any
}

func (s scanAppend) Scan(dst ...any) error { return s.row.Scan(append(dst, s.extra)...) }

// StoryOf returns the ID of the story article id belongs to, or "".
func (s *Store) StoryOf(ctx context.Context, articleID string) (string, error) {
	const op = "sqlite.StoryOf"
	var id string
	err := s.r.QueryRowContext(ctx, `SELECT s.id FROM story_members m JOIN stories s ON s.seq = m.story_seq
		WHERE m.article_id = ?`, articleID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", wrap(op, fmt.Errorf("story of %s: %w", articleID, err))
	}
	return id, nil
}

// eachArticleBatch is how many articles EachArticle reads at a time.
const eachArticleBatch = 64

// EachArticle calls fn for every article stored when it starts, in
// first-ingest order, duplicates included, with entities, quotes and
// events and sentences without tokens. It holds no transaction open while
// fn runs. An error from fn is returned as it is.
func (s *Store) EachArticle(ctx context.Context, fn func(*news.Article) error) error {
	const op = "sqlite.EachArticle"
	var last sql.NullInt64
	if err := s.r.QueryRowContext(ctx, `SELECT MAX(seq) FROM articles`).Scan(&last); err != nil {
		return wrap(op, err)
	}
	var after int64
	for after < last.Int64 {
		batch, next, err := s.articleBatch(ctx, after, last.Int64)
		if err != nil {
			return wrap(op, err)
		}
		if len(batch) == 0 {
			break
		}
		after = next
		for _, a := range batch {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := fn(a); err != nil {
				return err
			}
		}
	}
	return nil
}

// articleBatch reads the articles with seq in (after, last], at most
// eachArticleBatch of them, and returns them with the last seq read.
func (s *Store) articleBatch(ctx context.Context, after, last int64) ([]*news.Article, int64, error) {
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT seq, id, title, url, site, language, published, ingested_at,
		duplicate_of, content_hash, canonical_url, bylines, dateline, original_source, language_confidence,
		description, format, origin, blocks, text FROM articles WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?`,
		after, last, eachArticleBatch)
	if err != nil {
		return nil, 0, err
	}
	var (
		out  []*news.Article
		seqs []int64
	)
	for rows.Next() {
		a := &news.Article{}
		var (
			seq                       int64
			published, ingested       sql.NullInt64
			duplicateOf, bylines, blk sql.NullString
			format                    string
		)
		if err := rows.Scan(&seq, &a.ID, &a.Title, &a.URL, &a.Site, &a.Language, &published, &ingested,
			&duplicateOf, &a.ContentHash, &a.CanonicalURL, &bylines, &a.Dateline, &a.OriginalSource,
			&a.LanguageConfidence, &a.Description, &format, &a.Origin, &blk, &a.Text); err != nil {
			rows.Close()
			return nil, 0, err
		}
		a.Published, a.IngestedAt = fromMS(published), fromMS(ingested)
		a.DuplicateOf, a.Format = duplicateOf.String, news.Format(format)
		for _, c := range []struct {
			col sql.NullString
			dst any
		}{{bylines, &a.Bylines}, {blk, &a.Blocks}} {
			if c.col.Valid {
				if err := json.Unmarshal([]byte(c.col.String), c.dst); err != nil {
					rows.Close()
					return nil, 0, news.E("", news.KindInternal, fmt.Errorf("article %s: decode: %w", a.ID, err))
				}
			}
		}
		out = append(out, a)
		seqs = append(seqs, seq)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	if len(out) == 0 {
		return nil, 0, nil
	}
	// Sentences, quotes and events of the whole batch, one range query
	// each; entities article by article (three tables).
	bySeq := make(map[int64]*news.Article, len(out))
	for i, a := range out {
		bySeq[seqs[i]] = a
	}
	lo, hi := seqs[0], seqs[len(seqs)-1]
	each := func(what, q string, scan func(rows *sql.Rows) error) error {
		rows, err := tx.QueryContext(ctx, q, lo, hi)
		if err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				return fmt.Errorf("%s: %w", what, err)
			}
		}
		return rows.Err()
	}
	err = each("sentences", `SELECT article_seq, start_byte, end_byte FROM sentences
		WHERE article_seq BETWEEN ? AND ? ORDER BY article_seq, idx`, func(rows *sql.Rows) error {
		var seq int64
		var sn news.Sentence
		if err := rows.Scan(&seq, &sn.Start, &sn.End); err != nil {
			return err
		}
		if a := bySeq[seq]; a != nil {
			a.Sentences = append(a.Sentences, sn)
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	err = each("quotes", `SELECT article_seq, data FROM quotes WHERE article_seq BETWEEN ? AND ?
		ORDER BY article_seq, idx`, func(rows *sql.Rows) error {
		var seq int64
		var data string
		if err := rows.Scan(&seq, &data); err != nil {
			return err
		}
		a := bySeq[seq]
		if a == nil {
			return nil
		}
		var q news.Quote
		if err := json.Unmarshal([]byte(data), &q); err != nil {
			return news.E("", news.KindInternal, fmt.Errorf("article %s: decode quote: %w", a.ID, err))
		}
		a.Quotes = append(a.Quotes, q)
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	err = each("events", `SELECT article_seq, data FROM events WHERE article_seq BETWEEN ? AND ?
		ORDER BY article_seq, idx`, func(rows *sql.Rows) error {
		var seq int64
		var data string
		if err := rows.Scan(&seq, &data); err != nil {
			return err
		}
		a := bySeq[seq]
		if a == nil {
			return nil
		}
		var e news.Event
		if err := json.Unmarshal([]byte(data), &e); err != nil {
			return news.E("", news.KindInternal, fmt.Errorf("article %s: decode event: %w", a.ID, err))
		}
		a.Events = append(a.Events, e)
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	for i, a := range out {
		if err := loadEntities(ctx, tx, seqs[i], a); err != nil {
			return nil, 0, fmt.Errorf("article %s: entities: %w", a.ID, err)
		}
	}
	var next int64
	if len(seqs) > 0 {
		next = seqs[len(seqs)-1]
	}
	return out, next, nil
}
