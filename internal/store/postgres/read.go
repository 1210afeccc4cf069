package postgres

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

// maxSearchCandidates bounds the work of one search: only the most
// recently stored matches (this many, after filters) are ranked, as in
// the SQLite store.
var maxSearchCandidates = 20000

// headlineOptions are ts_headline's: \x02 and \x03 mark the matches and
// become news.HighlightStart/End after literal markers in the text are
// defused (highlight).
const headlineOptions = "StartSel=\x02, StopSel=\x03, MaxWords=30, MinWords=12, ShortWord=2, MaxFragments=1, FragmentDelimiter=\" … \""

// Article returns one article with its blocks, sentences, entities,
// quotes and events.
func (s *Store) Article(ctx context.Context, id string) (*news.Article, error) {
	const op = "postgres.Article"
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{AccessMode: pgx.ReadOnly, IsoLevel: pgx.RepeatableRead})
	if err != nil {
		return nil, wrap(op, err)
	}
	defer tx.Rollback(context.Background())
	a, seq, err := loadArticle(ctx, tx, `a.id = $1`, id)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, news.E(op, news.KindNotFound, fmt.Errorf("article %q not found", id))
	}
	if err != nil {
		return nil, wrap(op, fmt.Errorf("article %s: %w", id, err))
	}
	if err := loadSentences(ctx, tx, seq, a, true); err != nil {
		return nil, wrap(op, fmt.Errorf("article %s: sentences: %w", id, err))
	}
	if err := loadExtras(ctx, tx, seq, a); err != nil {
		return nil, wrap(op, fmt.Errorf("article %s: %w", id, err))
	}
	return a, nil
}

const articleCols = `a.seq, a.id, a.title, a.url, a.site, a.language, a.published, a.ingested_at,
	a.duplicate_of, a.content_hash, a.canonical_url, a.bylines, a.dateline, a.original_source,
	a.language_confidence, a.description, a.format, a.origin, a.removed, a.blocks, a.text`

// scanArticle reads a row of articleCols.
func scanArticle(row pgx.Row) (*news.Article, int64, error) {
	a := &news.Article{}
	var (
		seq                                int64
		published                          *time.Time
		ingested                           time.Time
		duplicateOf, bylines, removed, blk *string
		format                             string
	)
	if err := row.Scan(&seq, &a.ID, &a.Title, &a.URL, &a.Site, &a.Language, &published, &ingested,
		&duplicateOf, &a.ContentHash, &a.CanonicalURL, &bylines, &a.Dateline, &a.OriginalSource,
		&a.LanguageConfidence, &a.Description, &format, &a.Origin, &removed, &blk, &a.Text); err != nil {
		return nil, 0, err
	}
	a.Published, a.IngestedAt = fromTS(published), ingested.UTC()
	a.DuplicateOf, a.Format = deref(duplicateOf), news.Format(format)
	for _, c := range []struct {
		col *string
		dst any
	}{{bylines, &a.Bylines}, {removed, &a.Removed}, {blk, &a.Blocks}} {
		if c.col != nil {
			if err := json.Unmarshal([]byte(*c.col), c.dst); err != nil {
				return nil, 0, news.E("", news.KindInternal, fmt.Errorf("article %s: decode: %w", a.ID, err))
			}
		}
	}
	return a, seq, nil
}

func loadArticle(ctx context.Context, tx pgx.Tx, where string, args ...any) (*news.Article, int64, error) {
	return scanArticle(tx.QueryRow(ctx, `SELECT `+articleCols+` FROM articles a WHERE `+where, args...))
}

func loadSentences(ctx context.Context, tx pgx.Tx, seq int64, a *news.Article, withTokens bool) error {
	var data []byte
	err := tx.QueryRow(ctx, `SELECT data FROM sentences WHERE article_seq = $1`, seq).Scan(&data)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	if a.Sentences, err = decodeSentences(data, a.Text, withTokens); err != nil {
		return news.E("", news.KindInternal, err)
	}
	return nil
}

// loadExtras reads an article's entities, quotes and events.
func loadExtras(ctx context.Context, tx pgx.Tx, seq int64, a *news.Article) error {
	if err := loadEntities(ctx, tx, seq, a); err != nil {
		return fmt.Errorf("entities: %w", err)
	}
	if err := loadQuotes(ctx, tx, seq, a); err != nil {
		return fmt.Errorf("quotes: %w", err)
	}
	if err := loadEvents(ctx, tx, seq, a); err != nil {
		return fmt.Errorf("events: %w", err)
	}
	return nil
}

// Articles lists articles, newest first (published, or ingested when the
// publication time is unknown; ties by ID). With a Query, matches come
// ranked by relevance (ts_rank, title weighted above the body), then
// newest first, each with a Snippet made by ts_headline; duplicates are
// never search results.
func (s *Store) Articles(ctx context.Context, f news.ArticleFilter) ([]news.ArticleSummary, error) {
	const op = "postgres.Articles"
	limit, err := page(op, f.Limit, f.Offset)
	if err != nil {
		return nil, err
	}
	c := &conds{}
	search := strings.TrimSpace(f.Query) != ""
	var (
		tsq string
		sq  searchQuery
	)
	if search {
		sq = parseQuery(f.Query)
		if sq.empty() {
			return []news.ArticleSummary{}, nil
		}
		tsq = buildTSQuery(sq, s.fold, c.arg)
		c.add("a.fts @@ q.q")
	}
	if !f.IncludeDuplicates || search {
		c.add("a.duplicate_of IS NULL")
	}
	if f.Site != "" {
		c.add("a.site = " + c.arg(f.Site))
	}
	if f.Language != "" {
		c.add("a.language = " + c.arg(f.Language))
	}
	if !f.Since.IsZero() {
		c.add("a.sort_at >= " + c.arg(f.Since.Truncate(time.Microsecond)))
	}
	if !f.Until.IsZero() {
		c.add("a.sort_at < " + c.arg(f.Until.Truncate(time.Microsecond)))
	}
	const cols = `a.id, a.title, a.url, a.site, a.published, a.language, a.words, a.duplicate_of, a.ingested_at`
	var q string
	if search {
		snippet := "a.text" // without unaccent: the headline is made from the folded text below
		if !s.fold {
			snippet = `ts_headline('` + searchConfig + `', a.text, q.q, ` + c.arg(headlineOptions) + `)`
		}
		// Rank and page first, then make snippets for the page only:
		// ts_headline re-parses the text.
		q = `WITH q AS MATERIALIZED (SELECT ` + tsq + ` AS q),
		candidates AS (
			SELECT a.seq, ts_rank(a.fts, q.q) AS score, a.sort_at, a.id
			FROM articles a, q` + c.sql() + `
			ORDER BY a.seq DESC LIMIT ` + fmt.Sprint(maxSearchCandidates) + `),
		hits AS (
			SELECT * FROM candidates ORDER BY score DESC, sort_at DESC, id
			LIMIT ` + c.arg(limit) + ` OFFSET ` + c.arg(f.Offset) + `)
		SELECT ` + cols + `, ` + snippet + `
		FROM hits JOIN articles a ON a.seq = hits.seq, q
		ORDER BY hits.score DESC, hits.sort_at DESC, hits.id`
	} else {
		q = `SELECT ` + cols + `, '' FROM articles a` + c.sql() + ` ORDER BY a.sort_at DESC, a.id LIMIT ` +
			c.arg(limit) + ` OFFSET ` + c.arg(f.Offset)
	}
	rows, err := s.pool.Query(ctx, q, c.args...)
	if err != nil {
		return nil, wrap(op, fmt.Errorf("list articles: %w", err))
	}
	defer rows.Close()
	out := []news.ArticleSummary{}
	for rows.Next() {
		var (
			sum       news.ArticleSummary
			published *time.Time
			ingested  time.Time
			dup       *string
			snippet   string
		)
		if err := rows.Scan(&sum.ID, &sum.Title, &sum.URL, &sum.Site, &published, &sum.Language,
			&sum.Words, &dup, &ingested, &snippet); err != nil {
			return nil, wrap(op, fmt.Errorf("list articles: %w", err))
		}
		sum.Published, sum.IngestedAt, sum.DuplicateOf = fromTS(published), ingested.UTC(), deref(dup)
		sum.Snippet = snippet
		out = append(out, sum)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(op, fmt.Errorf("list articles: %w", err))
	}
	if search && s.fold && len(out) > 0 {
		if err := s.foldedHeadlines(ctx, sq, out); err != nil {
			return nil, wrap(op, fmt.Errorf("snippets: %w", err))
		}
	}
	for i := range out {
		out[i].Snippet = highlight(out[i].Snippet)
	}
	return out, nil
}

// foldedHeadlines replaces each hit's Snippet, which holds its text,
// by a headline made from the folded text (which the folded query terms
// match) and mapped back onto the original text.
func (s *Store) foldedHeadlines(ctx context.Context, sq searchQuery, hits []news.ArticleSummary) error {
	c := &conds{}
	tsq := buildTSQuery(sq, true, c.arg)
	folded := make([]string, len(hits))
	for i, h := range hits {
		folded[i] = foldDiacritics(h.Snippet)
	}
	rows, err := s.pool.Query(ctx, `SELECT ts_headline('`+searchConfig+`', u.t, `+tsq+`, `+c.arg(headlineOptions)+`)
		FROM unnest(`+c.arg(folded)+`::text[]) WITH ORDINALITY AS u(t, i) ORDER BY u.i`, c.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	i := 0
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return err
		}
		if i < len(hits) {
			hits[i].Snippet = unfold(hits[i].Snippet, h)
		}
		i++
	}
	return rows.Err()
}

// highlightReplacer turns the snippet's control-character markers into
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
	const op = "postgres.Raw"
	rows, err := s.pool.Query(ctx, rawSelect+` WHERE a.id = $1`, id)
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

func scanRaw(rows pgx.Rows) (seq int64, id string, r *news.Raw, err error) {
	r = &news.Raw{}
	var (
		format, enc string
		published   *time.Time
		size        int64
		body        []byte
	)
	if err := rows.Scan(&seq, &id, &r.Origin, &format, &r.ContentType, &r.URL, &r.Title,
		&published, &r.Source, &enc, &size, &body); err != nil {
		return 0, "", nil, err
	}
	r.Format, r.Published = news.Format(format), fromTS(published)
	if r.Body, err = decompress(enc, body, size); err != nil {
		return 0, "", nil, news.E("", news.KindInternal, fmt.Errorf("article %s: raw body: %w", id, err))
	}
	if r.Body == nil {
		r.Body = []byte{}
	}
	return seq, id, r, nil
}

// eachBatch is how many rows EachRaw and EachArticle read at a time.
const eachBatch = 32

// EachRaw calls fn for every raw document in ingest order (the order the
// articles were first stored). It reads in batches and holds no
// transaction open while fn runs, so fn may call PutArticle; documents
// stored after EachRaw started are not visited. An error from fn is
// returned as it is.
func (s *Store) EachRaw(ctx context.Context, fn func(id string, raw *news.Raw) error) error {
	const op = "postgres.EachRaw"
	var last *int64
	if err := s.pool.QueryRow(ctx, `SELECT MAX(article_seq) FROM raw_documents`).Scan(&last); err != nil {
		return wrap(op, err)
	}
	if last == nil {
		return nil
	}
	type entry struct {
		id  string
		raw *news.Raw
	}
	var after int64
	for after < *last {
		rows, err := s.pool.Query(ctx, rawSelect+` WHERE r.article_seq > $1 AND r.article_seq <= $2
			ORDER BY r.article_seq LIMIT $3`, after, *last, eachBatch)
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
		rows.Close()
		if err := rows.Err(); err != nil {
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
	const op = "postgres.Stats"
	var st news.Stats
	err := s.pool.QueryRow(ctx, `SELECT COALESCE(SUM(articles), 0)::bigint,
		COALESCE(SUM(duplicates), 0)::bigint, COALESCE(SUM(sentences), 0)::bigint FROM counters`).Scan(&st.Articles, &st.Duplicates, &st.Sentences)
	return st, wrap(op, err)
}
