package postgres

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/readout/readout/internal/news"
)

// prepared holds an article's column values, encoded before the
// transaction starts so that it holds its locks for as short as possible.
type prepared struct {
	bylines, removed, blocks any // JSON text or nil
	words                    int
	sentences                []byte
	entities                 []preparedEntity
	quotes                   []preparedQuote
	events                   []preparedEvent
	fp                       []byte

	raw *preparedRaw
}

type preparedRaw struct {
	r  *news.Raw
	fp []byte
}

func jsonOrNil[T any](v []T) (any, error) {
	if len(v) == 0 {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

func prepare(a *news.Article, raw *news.Raw) (*prepared, error) {
	p := &prepared{words: wordCount(a.Text)}
	var err error
	if p.bylines, err = jsonOrNil(a.Bylines); err != nil {
		return nil, err
	}
	if p.removed, err = jsonOrNil(a.Removed); err != nil {
		return nil, err
	}
	if p.blocks, err = jsonOrNil(a.Blocks); err != nil {
		return nil, err
	}
	f := newFingerprinter()
	f.add(a.ID, a.URL, a.CanonicalURL, a.Title, p.bylines, micros(a.Published), a.Site, a.Dateline,
		a.OriginalSource, a.Language, a.LanguageConfidence, a.Description, a.Text, p.blocks,
		p.removed, string(a.Format), a.ContentHash, a.Origin, len(a.Sentences))
	tokens := make([][]byte, len(a.Sentences))
	for i, s := range a.Sentences {
		tokens[i] = encodeTokens(nil, s.Tokens, a.Text)
		f.add(s.Start, s.End, tokens[i])
	}
	p.sentences = encodeSentences(a.Sentences, tokens)
	if p.entities, err = prepareEntities(a, f); err != nil {
		return nil, err
	}
	if p.quotes, err = prepareQuotes(a, f); err != nil {
		return nil, err
	}
	if p.events, err = prepareEvents(a, f); err != nil {
		return nil, err
	}
	p.fp = f.sum()
	if raw != nil {
		rf := newFingerprinter()
		rf.add(raw.Origin, string(raw.Format), raw.ContentType, raw.URL, raw.Title, micros(raw.Published), raw.Source, raw.Body)
		p.raw = &preparedRaw{r: raw, fp: rf.sum()}
	}
	return p, nil
}

// micros is a time as Unix microseconds for fingerprints, nil when zero.
func micros(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMicro()
}

// lockKey is the advisory lock key of a string (an article ID or a
// content hash): PutArticle takes these locks, for the rest of its
// transaction, so that two workers storing the same article or two copies
// of one text at the same moment do so one after the other.
func lockKey(kind, s string) int64 {
	h := fnv.New64a()
	h.Write([]byte(kind))
	h.Write([]byte{0})
	h.Write([]byte(s))
	return int64(h.Sum64())
}

// counterSlot spreads writers over the 16 counters rows.
func counterSlot(id string) int {
	return int(uint64(lockKey("slot", id)) % 16)
}

// maxAttempts bounds the retries of a transaction that lost a deadlock or
// a serialization conflict to another writer.
const maxAttempts = 5

// PutArticle stores a with its raw document in one transaction; see
// news.Store. It behaves as the SQLite store's: a nil raw keeps any stored
// raw document; an empty a.ContentHash is filled in; a zero a.IngestedAt
// is set from s.Now for a new article and kept from the stored row for a
// re-put one; a.DuplicateOf and a.IngestedAt are set only on success.
//
// Re-putting an article exactly as stored (a redelivered message) reads
// one row and writes nothing. Several processes may put at once: writes
// of one article ID, and of articles with one content hash, are
// serialised by advisory locks; a transaction that loses a deadlock to
// another is retried.
//
// A put is three round trips to the server, each a pipelined batch: (1)
// the unchanged check, with the creation of new entity and participant
// name rows; (2) BEGIN, the advisory locks and the reads the write depends
// on; (3) every write and COMMIT. (Updates that change the text's hash,
// and promotions of duplicates, add one or two.)
func (s *Store) PutArticle(ctx context.Context, a *news.Article, raw *news.Raw) (news.PutResult, error) {
	const op = "postgres.PutArticle"
	if err := validate(a); err != nil {
		return "", news.E(op, news.KindInvalid, err)
	}
	if a.ContentHash == "" {
		a.ContentHash = news.BodyHash(a.Text)
	}
	p, err := prepare(a, raw)
	if err != nil {
		return "", news.E(op, news.KindInvalid, fmt.Errorf("encode article %s: %w", a.ID, err))
	}
	// 1. Fast path for a redelivered article (no lock), and the entity
	// rows and participant names, each committing at once: rows a
	// transaction inserts stay locked until it ends, and writers would
	// otherwise wait on (and deadlock over) one another's new entities.
	var (
		found     bool
		fp, rawFP []byte
		dupOf     *string
		ingested  time.Time
	)
	b := &pgx.Batch{}
	seqOf := queueNames(b, p)
	b.Queue(`SELECT a.fingerprint, r.fingerprint, a.duplicate_of, a.ingested_at
		FROM articles a LEFT JOIN raw_documents r ON r.article_seq = a.seq WHERE a.id = $1`, a.ID).QueryRow(
		func(row pgx.Row) error {
			err := row.Scan(&fp, &rawFP, &dupOf, &ingested)
			if errors.Is(err, pgx.ErrNoRows) {
				return nil
			}
			found = err == nil
			return err
		})
	if err := s.pool.SendBatch(ctx, b).Close(); err != nil {
		return "", wrap(op, fmt.Errorf("article %s: look up: %w", a.ID, err))
	}
	if found && bytes.Equal(fp, p.fp) && (p.raw == nil || bytes.Equal(rawFP, p.raw.fp)) {
		a.DuplicateOf = deref(dupOf)
		if a.IngestedAt.IsZero() {
			a.IngestedAt = ingested.UTC()
		}
		return news.PutUnchanged, nil
	}
	for attempt := 1; ; attempt++ {
		res, dup, ing, err := s.put(ctx, a, p, seqOf)
		if err != nil {
			if retryable(err) && attempt < maxAttempts && ctx.Err() == nil {
				s.retries.Add(1)
				s.log.Debug("put retried", "article_id", a.ID, "attempt", attempt, "err", err)
				time.Sleep(time.Duration(attempt*attempt) * 10 * time.Millisecond)
				continue
			}
			return "", wrap(op, fmt.Errorf("article %s: %w", a.ID, err))
		}
		a.DuplicateOf = dup
		if a.IngestedAt.IsZero() {
			a.IngestedAt = ing
		}
		s.log.Debug("article put", "article_id", a.ID, "result", string(res))
		return res, nil
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// stored is what put needs to know about the current row.
type stored struct {
	seq         int64
	fp, rawFP   []byte
	duplicateOf *string
	ingestedAt  time.Time
	contentHash string
	sentences   *int
	counts      []entityCount // its entities' contribution to the totals
}

// entityCount is one entity's contribution of one article.
type entityCount struct {
	seq      int64
	mentions int
}

// dbtx is what a transaction's statements run on.
type dbtx interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults
}

// rollback ends a failed transaction on conn; a connection that cannot
// roll back is closed (the pool then drops it).
func rollback(conn *pgxpool.Conn) {
	if conn.Conn().PgConn().TxStatus() == 'I' {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := conn.Exec(ctx, "ROLLBACK"); err != nil {
		conn.Conn().Close(ctx)
	}
}

func (s *Store) put(ctx context.Context, a *news.Article, p *prepared, seqOf map[string]int64) (res news.PutResult, dupOf string, ingested time.Time, err error) {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return "", "", time.Time{}, err
	}
	defer conn.Release()
	committed := false
	defer func() {
		if !committed {
			rollback(conn)
		}
	}()

	// 2. Begin; lock the ID and the new text's hash; read the stored row,
	// the original of the text, and a seq for a new article.
	var old *stored
	var seq int64
	{
		var o stored
		var eseqs []int64
		var ements []int32
		b := &pgx.Batch{}
		b.Queue(`BEGIN`)
		b.Queue(`SELECT pg_advisory_xact_lock($1)`, lockKey("article", a.ID))
		b.Queue(`SELECT a.seq, a.fingerprint, r.fingerprint, a.duplicate_of, a.ingested_at, a.content_hash,
			(SELECT n FROM sentences s WHERE s.article_seq = a.seq),
			(SELECT array_agg(entity_seq) FROM entity_articles ea WHERE ea.article_seq = a.seq),
			(SELECT array_agg(mentions) FROM entity_articles ea WHERE ea.article_seq = a.seq)
			FROM articles a LEFT JOIN raw_documents r ON r.article_seq = a.seq WHERE a.id = $1`, a.ID).QueryRow(
			func(row pgx.Row) error {
				err := row.Scan(&o.seq, &o.fp, &o.rawFP, &o.duplicateOf, &o.ingestedAt, &o.contentHash,
					&o.sentences, &eseqs, &ements)
				if errors.Is(err, pgx.ErrNoRows) {
					return nil
				}
				if err == nil {
					old = &o
				}
				return err
			})
		b.Queue(`SELECT pg_advisory_xact_lock($1)`, lockKey("hash", a.ContentHash))
		b.Queue(`SELECT COALESCE((SELECT id FROM articles WHERE content_hash = $1 AND duplicate_of IS NULL
			AND id <> $2 ORDER BY seq LIMIT 1), '')`, a.ContentHash, a.ID).QueryRow(
			func(row pgx.Row) error { return row.Scan(&dupOf) })
		b.Queue(`SELECT CASE WHEN EXISTS (SELECT 1 FROM articles WHERE id = $1) THEN 0
			ELSE nextval(pg_get_serial_sequence('articles', 'seq')) END`, a.ID).QueryRow(
			func(row pgx.Row) error { return row.Scan(&seq) })
		if err := conn.SendBatch(ctx, b).Close(); err != nil {
			return "", "", time.Time{}, fmt.Errorf("look up: %w", err)
		}
		for i := range eseqs {
			o.counts = append(o.counts, entityCount{eseqs[i], int(ements[i])})
		}
	}
	if old != nil && bytes.Equal(old.fp, p.fp) && (p.raw == nil || bytes.Equal(old.rawFP, p.raw.fp)) {
		return news.PutUnchanged, deref(old.duplicateOf), old.ingestedAt.UTC(), nil
	}
	if old != nil {
		seq = old.seq
		if old.contentHash != a.ContentHash {
			// The old text's duplicates may be promoted below.
			if _, err := conn.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, lockKey("hash", old.contentHash)); err != nil {
				return "", "", time.Time{}, fmt.Errorf("lock content hash: %w", err)
			}
		}
	}

	ingested = a.IngestedAt
	switch {
	case !ingested.IsZero():
		ingested = ingested.Truncate(time.Microsecond).UTC()
	case old != nil:
		ingested = old.ingestedAt.UTC()
	default:
		ingested = s.Now().UTC().Truncate(time.Microsecond)
	}
	isDup := dupOf != ""

	// Entity totals change by this article's old contribution (when it
	// counted), a promoted duplicate's, and the new one (when it counts).
	deltas := map[int64]*entityDelta{}
	var dArticles, dDuplicates, dSentences int64
	if old == nil {
		dArticles = 1
		res = news.PutStored
	} else {
		res = news.PutUpdated
		wasOriginal := old.duplicateOf == nil
		if wasOriginal {
			addCounts(deltas, old.counts, -1)
		} else {
			dDuplicates--
		}
		if old.sentences != nil {
			dSentences -= int64(*old.sentences)
		}
		if wasOriginal && (isDup || old.contentHash != a.ContentHash) {
			promoted, counts, err := s.promote(ctx, conn, a.ID)
			if err != nil {
				return "", "", time.Time{}, err
			}
			if promoted != 0 {
				dDuplicates--
				addCounts(deltas, counts, 1)
			}
		}
	}
	if isDup {
		dDuplicates++
		res = news.PutDuplicate
	}
	dSentences += int64(len(a.Sentences))

	// 3. Every write, and COMMIT, in one round trip.
	b := &pgx.Batch{}
	sortAt := ingested
	if !a.Published.IsZero() {
		sortAt = a.Published
	}
	title, text := a.Title, a.Text
	if s.fold {
		title, text = foldDiacritics(title), foldDiacritics(text)
	}
	args := pgx.NamedArgs{
		"seq": seq, "id": a.ID, "title": a.Title, "url": a.URL, "site": a.Site, "language": a.Language,
		"published": ts(a.Published), "ingested_at": ingested, "sort_at": ts(sortAt), "words": p.words,
		"duplicate_of": nullString(dupOf), "content_hash": a.ContentHash, "canonical_url": a.CanonicalURL,
		"bylines": p.bylines, "dateline": a.Dateline, "original_source": a.OriginalSource,
		"language_confidence": a.LanguageConfidence, "description": a.Description, "format": string(a.Format),
		"origin": a.Origin, "fingerprint": p.fp, "removed": p.removed, "blocks": p.blocks, "text": a.Text,
		"index": !isDup, "fts_title": title, "fts_text": text,
	}
	const fts = `CASE WHEN @index::boolean THEN
		setweight(to_tsvector('` + searchConfig + `', @fts_title::text), 'A') ||
		setweight(to_tsvector('` + searchConfig + `', @fts_text::text), 'B') END`
	if old == nil {
		b.Queue(`INSERT INTO articles (seq, id, title, url, site, language, published, ingested_at, sort_at,
			words, duplicate_of, content_hash, canonical_url, bylines, dateline, original_source,
			language_confidence, description, format, origin, fingerprint, removed, blocks, text, fts)
			VALUES (@seq, @id, @title, @url, @site, @language, @published, @ingested_at, @sort_at, @words,
			@duplicate_of, @content_hash, @canonical_url, @bylines, @dateline, @original_source,
			@language_confidence, @description, @format, @origin, @fingerprint, @removed, @blocks, @text, `+fts+`)`, args)
	} else {
		for _, table := range []string{"entity_articles", "entity_roles", "quotes", "event_participants", "events"} {
			b.Queue(`DELETE FROM `+table+` WHERE article_seq = $1`, seq)
		}
		b.Queue(`UPDATE articles SET title = @title, url = @url, site = @site, language = @language,
			published = @published, ingested_at = @ingested_at, sort_at = @sort_at, words = @words,
			duplicate_of = @duplicate_of, content_hash = @content_hash, canonical_url = @canonical_url,
			bylines = @bylines, dateline = @dateline, original_source = @original_source,
			language_confidence = @language_confidence, description = @description, format = @format,
			origin = @origin, fingerprint = @fingerprint, removed = @removed, blocks = @blocks, text = @text,
			fts = `+fts+` WHERE seq = @seq`, args)
	}
	b.Queue(`INSERT INTO sentences (article_seq, n, data) VALUES ($1, $2, $3)
		ON CONFLICT (article_seq) DO UPDATE SET n = excluded.n, data = excluded.data`, seq, len(a.Sentences), p.sentences)
	queueEntityRows(b, seq, p.entities, seqOf)
	queueQuotes(b, seq, p.quotes)
	queueEvents(b, seq, p.events, sortAt.Truncate(time.Microsecond))
	if p.raw != nil {
		rd := p.raw.r
		enc, body := compress(rd.Body)
		if body == nil {
			body = []byte{}
		}
		b.Queue(`INSERT INTO raw_documents (article_seq, origin, format, content_type, url, title, published,
			source, encoding, size, fingerprint, body) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)
			ON CONFLICT (article_seq) DO UPDATE SET origin = excluded.origin, format = excluded.format,
			content_type = excluded.content_type, url = excluded.url, title = excluded.title,
			published = excluded.published, source = excluded.source, encoding = excluded.encoding,
			size = excluded.size, fingerprint = excluded.fingerprint, body = excluded.body`,
			seq, rd.Origin, string(rd.Format), rd.ContentType, rd.URL, rd.Title, ts(rd.Published), rd.Source,
			enc, len(rd.Body), p.raw.fp, body)
	}
	// The shared rows last, so that they stay locked only until commit:
	// entities in seq order, then one counters slot.
	if !isDup {
		for _, pe := range p.entities {
			d := deltaOf(deltas, seqOf[pe.e.ID])
			d.mentions += len(pe.e.Mentions)
		}
		for _, sq := range seqOf {
			deltaOf(deltas, sq).articles++
		}
	}
	queueEntityTotals(b, deltas, p.entities, seqOf)
	if dArticles != 0 || dDuplicates != 0 || dSentences != 0 {
		b.Queue(`UPDATE counters SET articles = articles + $1, duplicates = duplicates + $2,
			sentences = sentences + $3 WHERE slot = $4`, dArticles, dDuplicates, dSentences, counterSlot(a.ID))
	}
	b.Queue(`COMMIT`)
	if err := conn.SendBatch(ctx, b).Close(); err != nil {
		return "", "", time.Time{}, fmt.Errorf("write: %w", err)
	}
	if conn.Conn().PgConn().TxStatus() != 'I' {
		return "", "", time.Time{}, errors.New("write: transaction still open after COMMIT")
	}
	committed = true
	return res, dupOf, ingested, nil
}

// promote makes the oldest duplicate of id the new original (indexing it)
// and points the other duplicates at it; used when id stops being the
// original of its content hash. It returns the promoted article's seq (0
// when id had no duplicates) and its entities' contribution.
func (s *Store) promote(ctx context.Context, tx dbtx, id string) (int64, []entityCount, error) {
	var (
		seq         int64
		newID       string
		title, text string
	)
	err := tx.QueryRow(ctx, `SELECT seq, id, title, text FROM articles WHERE duplicate_of = $1
		ORDER BY seq LIMIT 1`, id).Scan(&seq, &newID, &title, &text)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil, nil
	}
	if err != nil {
		return 0, nil, fmt.Errorf("find duplicates: %w", err)
	}
	if s.fold {
		title, text = foldDiacritics(title), foldDiacritics(text)
	}
	b := &pgx.Batch{}
	b.Queue(`UPDATE articles SET duplicate_of = NULL,
		fts = setweight(to_tsvector('`+searchConfig+`', $2::text), 'A') ||
			setweight(to_tsvector('`+searchConfig+`', $3::text), 'B')
		WHERE seq = $1`, seq, title, text)
	b.Queue(`UPDATE articles SET duplicate_of = $1 WHERE duplicate_of = $2`, newID, id)
	var counts []entityCount
	b.Queue(`SELECT entity_seq, mentions FROM entity_articles WHERE article_seq = $1`, seq).Query(
		func(rows pgx.Rows) error {
			for rows.Next() {
				var c entityCount
				if err := rows.Scan(&c.seq, &c.mentions); err != nil {
					return err
				}
				counts = append(counts, c)
			}
			return rows.Err()
		})
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return 0, nil, fmt.Errorf("promote %s: %w", newID, err)
	}
	return seq, counts, nil
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}
