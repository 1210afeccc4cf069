package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/readout/readout/internal/news"
)

// prepared holds an article's column values, encoded before the write
// transaction starts so that the single writer spends its time writing.
type prepared struct {
	bylines, removed, blocks any // JSON text or nil
	words                    int
	tokens                   [][]byte // per sentence
	entities                 []preparedEntity
	quotes                   []preparedQuote
	events                   []preparedEvent
	fp                       []byte

	raw *preparedRaw
}

type preparedRaw struct {
	r  *news.Raw
	fp []byte // compression waits until we know the body must be written
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
	f.add(a.ID, a.URL, a.CanonicalURL, a.Title, p.bylines, ms(a.Published), a.Site, a.Dateline,
		a.OriginalSource, a.Language, a.LanguageConfidence, a.Description, a.Text, p.blocks,
		p.removed, string(a.Format), a.ContentHash, a.Origin, len(a.Sentences))
	p.tokens = make([][]byte, len(a.Sentences))
	for i, s := range a.Sentences {
		p.tokens[i] = encodeTokens(nil, s.Tokens, a.Text)
		f.add(s.Start, s.End, p.tokens[i])
	}
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
		rf.add(raw.Origin, string(raw.Format), raw.ContentType, raw.URL, raw.Title, ms(raw.Published), raw.Source, raw.Body)
		p.raw = &preparedRaw{r: raw, fp: rf.sum()}
	}
	return p, nil
}

// stored is what PutArticle needs to know about the current row.
type stored struct {
	seq         int64
	fp          []byte
	rawFP       []byte
	duplicateOf sql.NullString
	ingestedAt  sql.NullInt64
	contentHash string
}

// PutArticle stores a with its raw document in one transaction; see
// news.Store. A nil raw leaves any stored raw document as it is. An empty
// a.ContentHash is filled in with news.BodyHash(a.Text). a.IngestedAt, when
// zero, is set from s.Now for a new article and kept from the stored row
// for a re-put one. a.DuplicateOf and a.IngestedAt are set only on success.
func (s *Store) PutArticle(ctx context.Context, a *news.Article, raw *news.Raw) (news.PutResult, error) {
	const op = "sqlite.PutArticle"
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
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return "", wrap(op, fmt.Errorf("begin: %w", err))
	}
	defer tx.Rollback()
	res, dupOf, ingested, err := s.put(ctx, tx, a, p)
	if err != nil {
		return "", wrap(op, fmt.Errorf("article %s: %w", a.ID, err))
	}
	if res != news.PutUnchanged {
		if err := tx.Commit(); err != nil {
			return "", wrap(op, fmt.Errorf("commit article %s: %w", a.ID, err))
		}
	}
	a.DuplicateOf = dupOf
	if a.IngestedAt.IsZero() {
		a.IngestedAt = ingested
	}
	s.log.Debug("article put", "article_id", a.ID, "result", string(res))
	return res, nil
}

func (s *Store) put(ctx context.Context, tx *sql.Tx, a *news.Article, p *prepared) (res news.PutResult, dupOf string, ingested time.Time, err error) {
	var old *stored
	{
		o := stored{}
		err := tx.QueryRowContext(ctx, `SELECT a.seq, a.fingerprint, r.fingerprint, a.duplicate_of, a.ingested_at, a.content_hash
			FROM articles a LEFT JOIN raw_documents r ON r.article_seq = a.seq WHERE a.id = ?`, a.ID).
			Scan(&o.seq, &o.fp, &o.rawFP, &o.duplicateOf, &o.ingestedAt, &o.contentHash)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return "", "", time.Time{}, fmt.Errorf("look up: %w", err)
		default:
			old = &o
		}
	}

	// Idempotent re-put: nothing to write.
	if old != nil && bytes.Equal(old.fp, p.fp) && (p.raw == nil || bytes.Equal(old.rawFP, p.raw.fp)) {
		return news.PutUnchanged, old.duplicateOf.String, fromMS(old.ingestedAt), nil
	}

	ingested = a.IngestedAt
	switch {
	case !ingested.IsZero():
		ingested = ingested.Truncate(time.Microsecond)
	case old != nil:
		ingested = fromMS(old.ingestedAt)
	default:
		ingested = s.Now().UTC().Truncate(time.Microsecond)
	}

	// Is there an original with the same body?
	err = tx.QueryRowContext(ctx, `SELECT id FROM articles
		WHERE content_hash = ? AND duplicate_of IS NULL AND id <> ? ORDER BY seq LIMIT 1`,
		a.ContentHash, a.ID).Scan(&dupOf)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", "", time.Time{}, fmt.Errorf("look up content hash: %w", err)
	}
	isDup := dupOf != ""

	sortAt := ingested
	if !a.Published.IsZero() {
		sortAt = a.Published
	}
	cols := []any{a.Title, a.URL, a.Site, a.Language, ms(a.Published), ms(ingested), ms(sortAt), p.words,
		nullString(dupOf), a.ContentHash, a.CanonicalURL, p.bylines, a.Dateline, a.OriginalSource,
		a.LanguageConfidence, a.Description, string(a.Format), a.Origin, p.fp, p.removed, p.blocks, a.Text}

	var dArticles, dDuplicates, dSentences int64
	var seq int64
	if old == nil {
		r, err := tx.ExecContext(ctx, `INSERT INTO articles (title, url, site, language, published, ingested_at,
			sort_at, words, duplicate_of, content_hash, canonical_url, bylines, dateline, original_source,
			language_confidence, description, format, origin, fingerprint, removed, blocks, text, id)
			VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`, append(cols, a.ID)...)
		if err != nil {
			return "", "", time.Time{}, fmt.Errorf("insert: %w", err)
		}
		if seq, err = r.LastInsertId(); err != nil {
			return "", "", time.Time{}, err
		}
		dArticles = 1
		res = news.PutStored
	} else {
		seq = old.seq
		wasOriginal := !old.duplicateOf.Valid
		if wasOriginal {
			if err := ftsDelete(ctx, tx, seq); err != nil {
				return "", "", time.Time{}, err
			}
		}
		if err := deleteEntities(ctx, tx, seq, wasOriginal); err != nil {
			return "", "", time.Time{}, err
		}
		if err := deleteQuotes(ctx, tx, seq); err != nil {
			return "", "", time.Time{}, err
		}
		if err := deleteEvents(ctx, tx, seq); err != nil {
			return "", "", time.Time{}, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET title = ?, url = ?, site = ?, language = ?,
			published = ?, ingested_at = ?, sort_at = ?, words = ?, duplicate_of = ?, content_hash = ?,
			canonical_url = ?, bylines = ?, dateline = ?, original_source = ?, language_confidence = ?,
			description = ?, format = ?, origin = ?, fingerprint = ?, removed = ?, blocks = ?, text = ?
			WHERE seq = ?`, append(cols, seq)...); err != nil {
			return "", "", time.Time{}, fmt.Errorf("update: %w", err)
		}
		r, err := tx.ExecContext(ctx, `DELETE FROM sentences WHERE article_seq = ?`, seq)
		if err != nil {
			return "", "", time.Time{}, fmt.Errorf("delete sentences: %w", err)
		}
		n, _ := r.RowsAffected()
		dSentences -= n
		if !wasOriginal {
			dDuplicates--
		}
		if wasOriginal && (isDup || old.contentHash != a.ContentHash) {
			promoted, err := promote(ctx, tx, a.ID)
			if err != nil {
				return "", "", time.Time{}, err
			}
			if promoted != 0 {
				dDuplicates--
				if err := adjustEntityCounts(ctx, tx, promoted, 1); err != nil {
					return "", "", time.Time{}, err
				}
			}
		}
		res = news.PutUpdated
	}
	if isDup {
		dDuplicates++
		res = news.PutDuplicate
	} else if _, err := tx.ExecContext(ctx, `INSERT INTO articles_fts (rowid, title, text) VALUES (?, ?, ?)`,
		seq, a.Title, a.Text); err != nil {
		return "", "", time.Time{}, fmt.Errorf("index: %w", err)
	}
	if err := insertSentences(ctx, tx, seq, a.Sentences, p.tokens); err != nil {
		return "", "", time.Time{}, err
	}
	dSentences += int64(len(a.Sentences))
	if err := insertEntities(ctx, tx, seq, p.entities, !isDup); err != nil {
		return "", "", time.Time{}, err
	}
	if err := insertQuotes(ctx, tx, seq, p.quotes); err != nil {
		return "", "", time.Time{}, err
	}
	if err := insertEvents(ctx, tx, seq, p.events, sortAt); err != nil {
		return "", "", time.Time{}, err
	}
	if p.raw != nil {
		rw := p.raw
		rd := rw.r
		enc, body := compress(rd.Body)
		if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO raw_documents (article_seq, origin, format,
			content_type, url, title, published, source, encoding, size, fingerprint, body)
			VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`, seq, rd.Origin, string(rd.Format), rd.ContentType, rd.URL,
			rd.Title, ms(rd.Published), rd.Source, enc, len(rd.Body), rw.fp, body); err != nil {
			return "", "", time.Time{}, fmt.Errorf("store raw document: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE counters SET n = n + CASE name
		WHEN 'articles' THEN ? WHEN 'duplicates' THEN ? WHEN 'sentences' THEN ? ELSE 0 END`,
		dArticles, dDuplicates, dSentences); err != nil {
		return "", "", time.Time{}, fmt.Errorf("update counters: %w", err)
	}
	return res, dupOf, ingested, nil
}

// ftsDelete removes an indexed article from the external-content index,
// which needs the values that were indexed: those still in the row.
func ftsDelete(ctx context.Context, tx *sql.Tx, seq int64) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO articles_fts (articles_fts, rowid, title, text)
		SELECT 'delete', seq, title, text FROM articles WHERE seq = ?`, seq); err != nil {
		return fmt.Errorf("unindex: %w", err)
	}
	return nil
}

// promote makes the oldest duplicate of id the new original (indexing it)
// and points the other duplicates at it; used when id stops being the
// original of its content hash. It returns the promoted article's seq, 0
// when id had no duplicates.
func promote(ctx context.Context, tx *sql.Tx, id string) (int64, error) {
	var seq int64
	var newID string
	err := tx.QueryRowContext(ctx, `SELECT seq, id FROM articles WHERE duplicate_of = ? ORDER BY seq LIMIT 1`, id).Scan(&seq, &newID)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("find duplicates: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE articles SET duplicate_of = NULL WHERE seq = ?`, seq); err != nil {
		return 0, fmt.Errorf("promote %s: %w", newID, err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE articles SET duplicate_of = ? WHERE duplicate_of = ?`, newID, id); err != nil {
		return 0, fmt.Errorf("repoint duplicates to %s: %w", newID, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO articles_fts (rowid, title, text)
		SELECT seq, title, text FROM articles WHERE seq = ?`, seq); err != nil {
		return 0, fmt.Errorf("index %s: %w", newID, err)
	}
	return seq, nil
}

// insertSentences writes sentences in multi-row INSERTs.
func insertSentences(ctx context.Context, tx *sql.Tx, seq int64, sents []news.Sentence, tokens [][]byte) error {
	const batch = 200
	for lo := 0; lo < len(sents); lo += batch {
		hi := min(lo+batch, len(sents))
		var q strings.Builder
		q.WriteString(`INSERT INTO sentences (article_seq, idx, start_byte, end_byte, tokens) VALUES `)
		args := make([]any, 0, 5*(hi-lo))
		for i := lo; i < hi; i++ {
			if i > lo {
				q.WriteByte(',')
			}
			q.WriteString("(?,?,?,?,?)")
			args = append(args, seq, i, sents[i].Start, sents[i].End, tokens[i])
		}
		if _, err := tx.ExecContext(ctx, q.String(), args...); err != nil {
			return fmt.Errorf("insert sentences: %w", err)
		}
	}
	return nil
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}
