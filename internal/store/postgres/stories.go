package postgres

// Stories are stored in five tables (migration 5), as in the SQLite
// store. PutStories replaces each story wholesale in one transaction: its
// row is upserted (keeping its seq) and its members, merged events,
// evidence and key entities are deleted and inserted again. An article
// belongs to at most one story: a story that lists an article takes it
// from any other story, which keeps the rest of what was put for it (and
// its article count drops) until it is put again. Concurrent PutStories
// calls (several processes) are serialised by an advisory lock, so that
// two recomputations never interleave their member moves.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/readout/readout/internal/news"
)

// storiesLock is the advisory lock key held by PutStories and
// ResetStories for their transaction.
var storiesLock = lockKey("stories", "")

// PutStories stores stories wholesale; see news.Store.
func (s *Store) PutStories(ctx context.Context, stories []news.StoryDetail) error {
	const op = "postgres.PutStories"
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
	for attempt := 1; ; attempt++ {
		err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, storiesLock); err != nil {
				return err
			}
			for i := range stories {
				if err := putStory(ctx, tx, &stories[i], encs[i].keys, encs[i].contras, encs[i].events); err != nil {
					return fmt.Errorf("story %s: %w", stories[i].ID, err)
				}
			}
			return nil
		})
		if err != nil && retryable(err) && attempt < maxAttempts && ctx.Err() == nil {
			time.Sleep(time.Duration(attempt*attempt) * 10 * time.Millisecond)
			continue
		}
		return wrap(op, err)
	}
}

func putStory(ctx context.Context, tx pgx.Tx, st *news.StoryDetail, keys, contras any, events []string) error {
	var seq int64
	err := tx.QueryRow(ctx, `INSERT INTO stories (id, title, folded, first_seen, last_seen, articles,
		sources, independent, events, key_entities, contradictions) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)
		ON CONFLICT (id) DO UPDATE SET title = excluded.title, folded = excluded.folded,
		first_seen = excluded.first_seen, last_seen = excluded.last_seen, articles = excluded.articles,
		sources = excluded.sources, independent = excluded.independent, events = excluded.events,
		key_entities = excluded.key_entities, contradictions = excluded.contradictions
		RETURNING seq`, st.ID, st.Title, strings.ToLower(st.Title), ts(st.FirstSeen), ts(st.LastSeen),
		st.Articles, st.Sources, st.Independent, st.Events, keys, contras).Scan(&seq)
	if err != nil {
		return fmt.Errorf("upsert: %w", err)
	}
	b := &pgx.Batch{}
	for _, t := range []string{"story_members", "story_events", "story_evidence", "story_entities"} {
		b.Queue(`DELETE FROM `+t+` WHERE story_seq = $1`, seq)
	}
	// Take the members from the stories they were in, and recount those.
	var ids []string
	for _, m := range st.Members {
		ids = append(ids, m.ArticleID)
	}
	if len(ids) > 0 {
		b.Queue(`WITH taken AS (DELETE FROM story_members WHERE article_id = ANY($1) RETURNING story_seq),
			gone AS (DELETE FROM story_evidence WHERE article_id = ANY($1))
			UPDATE stories s SET articles = (SELECT COUNT(*) FROM story_members m WHERE m.story_seq = s.seq) -
				(SELECT COUNT(*) FROM taken t WHERE t.story_seq = s.seq)
			WHERE s.seq IN (SELECT story_seq FROM taken)`, ids)
	}
	var (
		mIdx                            []int
		mID, mTitle, mSite, mURL, mNear []string
		mPub                            []*time.Time
		mSim                            []float64
	)
	seen := map[string]bool{}
	for _, m := range st.Members {
		if seen[m.ArticleID] {
			continue
		}
		seen[m.ArticleID] = true
		var pub *time.Time
		if !m.Published.IsZero() {
			t := m.Published.Truncate(time.Microsecond)
			pub = &t
		}
		mIdx, mID, mTitle, mSite = append(mIdx, len(mIdx)), append(mID, m.ArticleID), append(mTitle, m.Title), append(mSite, m.Site)
		mURL, mPub, mNear, mSim = append(mURL, m.URL), append(mPub, pub), append(mNear, m.NearDuplicateOf), append(mSim, m.Similarity)
	}
	if len(mIdx) > 0 {
		b.Queue(`INSERT INTO story_members (story_seq, idx, article_id, title, site, url, published,
			near_duplicate_of, similarity)
			SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[],
				$7::timestamptz[], $8::text[], $9::float8[])`, seq, mIdx, mID, mTitle, mSite, mURL, mPub, mNear, mSim)
	}
	var (
		eIdx       []int
		eID, eData []string
		vArt, vEv  []string
		vIdx       []int
	)
	for i, ev := range st.MergedEvents {
		eIdx, eID, eData = append(eIdx, i), append(eID, ev.ID), append(eData, events[i])
		for _, v := range ev.Evidence {
			vArt, vIdx, vEv = append(vArt, v.ArticleID), append(vIdx, v.Index), append(vEv, ev.ID)
		}
	}
	if len(eIdx) > 0 {
		b.Queue(`INSERT INTO story_events (story_seq, idx, id, data)
			SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[])`, seq, eIdx, eID, eData)
	}
	if len(vArt) > 0 {
		b.Queue(`INSERT INTO story_evidence (story_seq, article_id, idx, event_id)
			SELECT $1, * FROM unnest($2::text[], $3::int[], $4::text[]) ON CONFLICT DO NOTHING`, seq, vArt, vIdx, vEv)
	}
	var keyIDs []string
	for _, k := range st.KeyEntities {
		if k.ID != "" {
			keyIDs = append(keyIDs, k.ID)
		}
	}
	if len(keyIDs) > 0 {
		b.Queue(`INSERT INTO story_entities (entity_id, story_seq) SELECT DISTINCT unnest($1::text[]), $2::bigint
			ON CONFLICT DO NOTHING`, keyIDs, seq)
	}
	return tx.SendBatch(ctx, b).Close()
}

// ResetStories deletes every story.
func (s *Store) ResetStories(ctx context.Context) error {
	const op = "postgres.ResetStories"
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, storiesLock); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `TRUNCATE story_members, story_events, story_evidence, story_entities, stories`)
		return err
	})
	return wrap(op, err)
}

const storyCols = `s.seq, s.id, s.title, s.first_seen, s.last_seen, s.articles, s.sources, s.independent,
	s.events, s.key_entities`

func scanStory(row pgx.Row, seq *int64, extra ...any) (news.Story, error) {
	var (
		st          news.Story
		first, last *time.Time
		keys        *string
	)
	if err := row.Scan(append([]any{seq, &st.ID, &st.Title, &first, &last, &st.Articles, &st.Sources,
		&st.Independent, &st.Events, &keys}, extra...)...); err != nil {
		return st, err
	}
	st.FirstSeen, st.LastSeen = fromTS(first), fromTS(last)
	if keys != nil {
		if err := json.Unmarshal([]byte(*keys), &st.KeyEntities); err != nil {
			return st, news.E("", news.KindInternal, fmt.Errorf("story %s: decode key entities: %w", st.ID, err))
		}
	}
	return st, nil
}

// Stories lists stories, most recently seen first, then by ID; see
// news.Store and news.StoryFilter.
func (s *Store) Stories(ctx context.Context, f news.StoryFilter) ([]news.Story, error) {
	const op = "postgres.Stories"
	if f.MinSources < 0 {
		return nil, news.E(op, news.KindInvalid, fmt.Sprintf("negative minimum sources (%d)", f.MinSources))
	}
	limit, err := page(op, f.Limit, f.Offset)
	if err != nil {
		return nil, err
	}
	c := &conds{}
	if q := foldQuery(f.Query); q != "" {
		c.add("s.folded LIKE " + c.arg(contains(q)))
	}
	if e := strings.TrimSpace(f.Entity); e != "" {
		c.add("s.seq IN (SELECT story_seq FROM story_entities WHERE entity_id = " + c.arg(foldQueryKeepCase(e)) + ")")
	}
	if f.MinSources > 0 {
		c.add("s.independent >= " + c.arg(f.MinSources))
	}
	if !f.Since.IsZero() {
		c.add("s.last_seen >= " + c.arg(f.Since.Truncate(time.Microsecond)))
	}
	if !f.Until.IsZero() {
		c.add("s.first_seen < " + c.arg(f.Until.Truncate(time.Microsecond)))
	}
	rows, err := s.pool.Query(ctx, `SELECT `+storyCols+` FROM stories s`+c.sql()+`
		ORDER BY s.last_seen DESC NULLS LAST, s.id LIMIT `+c.arg(limit)+` OFFSET `+c.arg(f.Offset), c.args...)
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
	const op = "postgres.Story"
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{AccessMode: pgx.ReadOnly, IsoLevel: pgx.RepeatableRead})
	if err != nil {
		return nil, wrap(op, err)
	}
	defer tx.Rollback(context.Background())
	var (
		seq     int64
		contras *string
	)
	d := &news.StoryDetail{Members: []news.StoryArticle{}, MergedEvents: []news.StoryEvent{}, Contradictions: []news.Contradiction{}}
	d.Story, err = scanStory(tx.QueryRow(ctx, `SELECT `+storyCols+`, s.contradictions FROM stories s WHERE s.id = $1`,
		foldQueryKeepCase(id)), &seq, &contras)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, news.E(op, news.KindNotFound, fmt.Errorf("story %q not found", id))
	}
	if err != nil {
		return nil, wrap(op, fmt.Errorf("story %s: %w", id, err))
	}
	if contras != nil {
		if err := json.Unmarshal([]byte(*contras), &d.Contradictions); err != nil {
			return nil, news.E(op, news.KindInternal, fmt.Errorf("story %s: decode contradictions: %w", id, err))
		}
	}
	rows, err := tx.Query(ctx, `SELECT article_id, title, site, url, published, near_duplicate_of, similarity
		FROM story_members WHERE story_seq = $1 ORDER BY idx`, seq)
	if err != nil {
		return nil, wrap(op, fmt.Errorf("story %s: members: %w", id, err))
	}
	for rows.Next() {
		var m news.StoryArticle
		var published *time.Time
		if err := rows.Scan(&m.ArticleID, &m.Title, &m.Site, &m.URL, &published, &m.NearDuplicateOf, &m.Similarity); err != nil {
			rows.Close()
			return nil, wrap(op, fmt.Errorf("story %s: members: %w", id, err))
		}
		m.Published = fromTS(published)
		d.Members = append(d.Members, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, wrap(op, fmt.Errorf("story %s: members: %w", id, err))
	}
	erows, err := tx.Query(ctx, `SELECT data FROM story_events WHERE story_seq = $1 ORDER BY idx`, seq)
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

// StoryOf returns the ID of the story article id belongs to, or "".
func (s *Store) StoryOf(ctx context.Context, articleID string) (string, error) {
	const op = "postgres.StoryOf"
	var id string
	err := s.pool.QueryRow(ctx, `SELECT s.id FROM story_members m JOIN stories s ON s.seq = m.story_seq
		WHERE m.article_id = $1`, foldQueryKeepCase(articleID)).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", wrap(op, fmt.Errorf("story of %s: %w", articleID, err))
	}
	return id, nil
}

// EachArticle calls fn for every article stored when it starts, in
// first-ingest order, duplicates included, with entities, quotes and
// events and sentences without tokens. It reads in batches and holds no
// transaction open while fn runs. An error from fn is returned as it is.
func (s *Store) EachArticle(ctx context.Context, fn func(*news.Article) error) error {
	const op = "postgres.EachArticle"
	var last *int64
	if err := s.pool.QueryRow(ctx, `SELECT MAX(seq) FROM articles`).Scan(&last); err != nil {
		return wrap(op, err)
	}
	if last == nil {
		return nil
	}
	var after int64
	for after < *last {
		batch, next, err := s.articleBatch(ctx, after, *last)
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
// eachBatch of them, and returns them with the last seq read.
func (s *Store) articleBatch(ctx context.Context, after, last int64) ([]*news.Article, int64, error) {
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{AccessMode: pgx.ReadOnly, IsoLevel: pgx.RepeatableRead})
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback(context.Background())
	rows, err := tx.Query(ctx, `SELECT `+articleCols+` FROM articles a WHERE a.seq > $1 AND a.seq <= $2
		ORDER BY a.seq LIMIT $3`, after, last, eachBatch)
	if err != nil {
		return nil, 0, err
	}
	var (
		out  []*news.Article
		seqs []int64
	)
	for rows.Next() {
		a, seq, err := scanArticle(rows)
		if err != nil {
			rows.Close()
			return nil, 0, err
		}
		out = append(out, a)
		seqs = append(seqs, seq)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	for i, a := range out {
		if err := loadSentences(ctx, tx, seqs[i], a, false); err != nil {
			return nil, 0, fmt.Errorf("article %s: sentences: %w", a.ID, err)
		}
		if err := loadExtras(ctx, tx, seqs[i], a); err != nil {
			return nil, 0, fmt.Errorf("article %s: %w", a.ID, err)
		}
	}
	var next int64
	if len(seqs) > 0 {
		next = seqs[len(seqs)-1]
	}
	return out, next, nil
}
