package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/readout/readout/internal/news"
)

// Listing limits (news.ArticleFilter).
const (
	DefaultLimit = 50
	MaxLimit     = 1000
)

// maxSearchCandidates bounds the work of one search: only the most
// recently stored matches (this many, after filters) are ranked. Ranking
// costs a few microseconds per match, so a very common word over millions
// of articles would otherwise take seconds.
var maxSearchCandidates = 20000 // a variable for tests

// snippetTokens is how many tokens a search snippet shows.
const snippetTokens = 24

// Article returns one article with its blocks and sentences.
func (s *Store) Article(ctx context.Context, id string) (*news.Article, error) {
	const op = "sqlite.Article"
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, wrap(op, err)
	}
	defer tx.Rollback()
	a := &news.Article{ID: id}
	var (
		seq                                int64
		published, ingested                sql.NullInt64
		duplicateOf, bylines, removed, blk sql.NullString
		format                             string
	)
	err = tx.QueryRowContext(ctx, `SELECT seq, title, url, site, language, published, ingested_at,
		duplicate_of, content_hash, canonical_url, bylines, dateline, original_source, language_confidence,
		description, format, origin, removed, blocks, text FROM articles WHERE id = ?`, id).Scan(
		&seq, &a.Title, &a.URL, &a.Site, &a.Language, &published, &ingested, &duplicateOf, &a.ContentHash,
		&a.CanonicalURL, &bylines, &a.Dateline, &a.OriginalSource, &a.LanguageConfidence, &a.Description,
		&format, &a.Origin, &removed, &blk, &a.Text)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, news.E(op, news.KindNotFound, fmt.Errorf("article %q not found", id))
	}
	if err != nil {
		return nil, wrap(op, fmt.Errorf("article %s: %w", id, err))
	}
	a.Published, a.IngestedAt = fromMS(published), fromMS(ingested)
	a.DuplicateOf, a.Format = duplicateOf.String, news.Format(format)
	for _, c := range []struct {
		col sql.NullString
		dst any
	}{{bylines, &a.Bylines}, {removed, &a.Removed}, {blk, &a.Blocks}} {
		if c.col.Valid {
			if err := json.Unmarshal([]byte(c.col.String), c.dst); err != nil {
				return nil, news.E(op, news.KindInternal, fmt.Errorf("article %s: decode: %w", id, err))
			}
		}
	}
	rows, err := tx.QueryContext(ctx, `SELECT start_byte, end_byte, tokens FROM sentences
		WHERE article_seq = ? ORDER BY idx`, seq)
	if err != nil {
		return nil, wrap(op, fmt.Errorf("article %s: sentences: %w", id, err))
	}
	defer rows.Close()
	in := interner{}
	for rows.Next() {
		var sn news.Sentence
		var blob []byte
		if err := rows.Scan(&sn.Start, &sn.End, &blob); err != nil {
			return nil, wrap(op, fmt.Errorf("article %s: sentences: %w", id, err))
		}
		if sn.Tokens, err = decodeTokensInterned(blob, a.Text, in); err != nil {
			return nil, news.E(op, news.KindInternal, fmt.Errorf("article %s: sentence %d: %w", id, len(a.Sentences), err))
		}
		a.Sentences = append(a.Sentences, sn)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(op, fmt.Errorf("article %s: sentences: %w", id, err))
	}
	if err := loadEntities(ctx, tx, seq, a); err != nil {
		return nil, wrap(op, fmt.Errorf("article %s: entities: %w", id, err))
	}
	if err := loadQuotes(ctx, tx, seq, a); err != nil {
		return nil, wrap(op, fmt.Errorf("article %s: quotes: %w", id, err))
	}
	if err := loadEvents(ctx, tx, seq, a); err != nil {
		return nil, wrap(op, fmt.Errorf("article %s: events: %w", id, err))
	}
	return a, nil
}

// Articles lists articles, newest first (published, or ingested when the
// publication time is unknown; ties by ID). With a Query, matches come
// ranked by relevance (bm25, title weighted 4× the body), then newest
// first, each with a Snippet; duplicates are never search results.
func (s *Store) Articles(ctx context.Context, f news.ArticleFilter) ([]news.ArticleSummary, error) {
	const op = "sqlite.Articles"
	if f.Limit < 0 || f.Offset < 0 {
		return nil, news.E(op, news.KindInvalid, fmt.Sprintf("negative limit (%d) or offset (%d)", f.Limit, f.Offset))
	}
	limit := f.Limit
	if limit == 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)

	var where []string
	var args []any
	cond := func(c string, a ...any) { where = append(where, c); args = append(args, a...) }
	var fq ftsQuery
	search := strings.TrimSpace(f.Query) != ""
	if search {
		fq = translateQuery(f.Query)
		if fq.Match == "" && fq.Exclude == "" {
			return []news.ArticleSummary{}, nil
		}
	}
	if fq.Match != "" {
		cond("articles_fts MATCH ?", fq.Match)
	}
	if fq.Exclude != "" {
		cond("a.seq NOT IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)", fq.Exclude)
	}
	if !f.IncludeDuplicates || search {
		cond("a.duplicate_of IS NULL")
	}
	if f.Site != "" {
		cond("a.site = ?", f.Site)
	}
	if f.Language != "" {
		cond("a.language = ?", f.Language)
	}
	if !f.Since.IsZero() {
		cond("a.sort_at >= ?", f.Since.UnixMicro())
	}
	if !f.Until.IsZero() {
		cond("a.sort_at < ?", f.Until.UnixMicro())
	}

	const cols = `a.id, a.title, a.url, a.site, a.published, a.language, a.words, a.duplicate_of, a.ingested_at`
	whereSQL := ""
	if len(where) > 0 {
		whereSQL = " WHERE " + strings.Join(where, " AND ")
	}
	var q string
	if fq.Match != "" {
		// Rank and page first, then make snippets for the page only:
		// snippet() in the ranking query would run for every match. The
		// snippet comes from the body (column 1): the title is shown anyway.
		// \x02 and \x03 mark the matches; literal markers in the text are
		// neutralised before they become news.HighlightStart/End.
		q = `WITH candidates AS (
			SELECT articles_fts.rowid AS seq, bm25(articles_fts, 4.0, 1.0) AS score
			FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid` + whereSQL + `
			ORDER BY articles_fts.rowid DESC LIMIT ` + fmt.Sprint(maxSearchCandidates) + `),
		hits AS (
			SELECT c.seq AS seq, c.score AS score, a.sort_at AS sort_at, a.id AS id
			FROM candidates c JOIN articles a ON a.seq = c.seq
			ORDER BY c.score, a.sort_at DESC, a.id LIMIT ? OFFSET ?)
		SELECT ` + cols + fmt.Sprintf(`, snippet(articles_fts, 1, char(2), char(3), '…', %d)`, snippetTokens) + `
		FROM hits CROSS JOIN articles_fts CROSS JOIN articles a
		WHERE articles_fts.rowid = hits.seq AND a.seq = hits.seq AND articles_fts MATCH ?
		ORDER BY hits.score, hits.sort_at DESC, hits.id`
		args = append(args, limit, f.Offset, fq.Match)
	} else {
		q = `SELECT ` + cols + `, '' FROM articles a` + whereSQL + ` ORDER BY a.sort_at DESC, a.id LIMIT ? OFFSET ?`
		args = append(args, limit, f.Offset)
	}

	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, wrap(op, fmt.Errorf("list articles: %w", err))
	}
	defer rows.Close()
	out := []news.ArticleSummary{}
	for rows.Next() {
		var (
			sum                 news.ArticleSummary
			published, ingested sql.NullInt64
			dup                 sql.NullString
			snippet             string
		)
		if err := rows.Scan(&sum.ID, &sum.Title, &sum.URL, &sum.Site, &published, &sum.Language,
			&sum.Words, &dup, &ingested, &snippet); err != nil {
			return nil, wrap(op, fmt.Errorf("list articles: %w", err))
		}
		sum.Published, sum.IngestedAt, sum.DuplicateOf = fromMS(published), fromMS(ingested), dup.String
		sum.Snippet = highlight(snippet)
		out = append(out, sum)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(op, fmt.Errorf("list articles: %w", err))
	}
	return out, nil
}

// highlight turns the snippet's control-character markers into
// news.HighlightStart/End, after defusing any literal marker strings that
// the article text itself contains.
var highlightReplacer = strings.NewReplacer(
	news.HighlightStart, "‹mark›", news.HighlightEnd, "‹/mark›",
	"\x02", news.HighlightStart, "\x03", news.HighlightEnd)

func highlight(s string) string {
	if s == "" {
		return ""
	}
	return highlightReplacer.Replace(s)
}

// Raw returns the raw document article id was cleaned from.
func (s *Store) Raw(ctx context.Context, id string) (*news.Raw, error) {
	const op = "sqlite.Raw"
	rows, err := s.r.QueryContext(ctx, rawSelect+` WHERE a.id = ?`, id)
	if err != nil {
		return nil, wrap(op, fmt.Errorf("raw %s: %w", id, err))
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return nil, wrap(op, fmt.Errorf("raw %s: %w", id, err))
		}
		return nil, news.E(op, news.KindNotFound, fmt.Errorf("no raw document for article %q", id))
	}
	_, _, r, err := scanRaw(rows)
	if err != nil {
		return nil, wrap(op, fmt.Errorf("raw %s: %w", id, err))
	}
	return r, nil
}

const rawSelect = `SELECT r.article_seq, a.id, r.origin, r.format, r.content_type, r.url, r.title,
	r.published, r.source, r.encoding, r.size, r.body
	FROM raw_documents r JOIN articles a ON a.seq = r.article_seq`

func scanRaw(rows *sql.Rows) (seq int64, id string, r *news.Raw, err error) {
	r = &news.Raw{}
	var (
		format, enc string
		published   sql.NullInt64
		size        int64
		body        []byte
	)
	if err := rows.Scan(&seq, &id, &r.Origin, &format, &r.ContentType, &r.URL, &r.Title,
		&published, &r.Source, &enc, &size, &body); err != nil {
		return 0, "", nil, err
	}
	r.Format, r.Published = news.Format(format), fromMS(published)
	if r.Body, err = decompress(enc, body, size); err != nil {
		return 0, "", nil, news.E("", news.KindInternal, fmt.Errorf("article %s: raw body: %w", id, err))
	}
	if r.Body == nil {
		r.Body = []byte{}
	}
	return seq, id, r, nil
}

// eachRawBatch is how many raw documents EachRaw reads at a time.
const eachRawBatch = 32

// EachRaw calls fn for every raw document in ingest order (the order the
// articles were first stored). It reads in batches and holds no
// transaction open while fn runs, so fn may call PutArticle; documents
// stored after EachRaw started are not visited. An error from fn is
// returned as it is.
func (s *Store) EachRaw(ctx context.Context, fn func(id string, raw *news.Raw) error) error {
	const op = "sqlite.EachRaw"
	var last sql.NullInt64
	if err := s.r.QueryRowContext(ctx, `SELECT MAX(article_seq) FROM raw_documents`).Scan(&last); err != nil {
		return wrap(op, err)
	}
	type entry struct {
		id  string
		raw *news.Raw
	}
	var after int64
	for after < last.Int64 {
		rows, err := s.r.QueryContext(ctx, rawSelect+` WHERE r.article_seq > ? AND r.article_seq <= ?
			ORDER BY r.article_seq LIMIT ?`, after, last.Int64, eachRawBatch)
		if err != nil {
			return wrap(op, err)
		}
		var batch []entry
		for rows.Next() {
			seq, id, r, err := scanRaw(rows)
			if err != nil {
				rows.Close()
				return wrap(op, err)
			}
			batch = append(batch, entry{id, r})
			after = seq
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return wrap(op, err)
		}
		if len(batch) == 0 {
			break
		}
		for _, e := range batch {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := fn(e.id, e.raw); err != nil {
				return err
			}
		}
	}
	return nil
}

// Stats counts what is stored: Articles counts every stored article,
// duplicates included; Duplicates how many of them are duplicates;
// Sentences the sentences of all of them.
func (s *Store) Stats(ctx context.Context) (news.Stats, error) {
	const op = "sqlite.Stats"
	rows, err := s.r.QueryContext(ctx, `SELECT name, n FROM counters`)
	if err != nil {
		return news.Stats{}, wrap(op, err)
	}
	defer rows.Close()
	var st news.Stats
	for rows.Next() {
		var name string
		var n int
		if err := rows.Scan(&name, &n); err != nil {
			return news.Stats{}, wrap(op, err)
		}
		switch name {
		case "articles":
			st.Articles = n
		case "duplicates":
			st.Duplicates = n
		case "sentences":
			st.Sentences = n
		}
	}
	return st, wrap(op, rows.Err())
}
