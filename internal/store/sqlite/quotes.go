package sqlite

// Quotes are stored in one table (migration 3), one row per news.Quote
// keyed by (article_seq, idx). The columns are those that listings filter
// and show; the data column keeps the whole quote as JSON so that Article
// returns it as it was put. Replacing an article's quotes is a delete of
// its rows and an insert. Duplicates keep their quotes but listings leave
// them out by joining articles.

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/readout/readout/internal/news"
)

// preparedQuote is one quote encoded before the write transaction.
type preparedQuote struct {
	q    *news.Quote
	text string // a.Text[Start:End]
	via  any    // JSON array of names or nil
	data string // JSON news.Quote
}

// prepareQuotes validates a.Quotes, encodes them and adds them to the
// fingerprint. An article without quotes adds nothing, so fingerprints of
// articles stored before quotes existed do not change.
func prepareQuotes(a *news.Article, f fingerprinter) ([]preparedQuote, error) {
	if len(a.Quotes) == 0 {
		return nil, nil
	}
	n := len(a.Text)
	out := make([]preparedQuote, len(a.Quotes))
	f.add("quotes", len(a.Quotes))
	for i := range a.Quotes {
		q := &a.Quotes[i]
		if q.Start < 0 || q.End < q.Start || q.End > n {
			return nil, fmt.Errorf("quote %d span [%d,%d) outside text of %d bytes", i, q.Start, q.End, n)
		}
		for j, p := range q.Parts {
			if p.Start < 0 || p.End < p.Start || p.End > n {
				return nil, fmt.Errorf("quote %d part %d span [%d,%d) outside text of %d bytes", i, j, p.Start, p.End, n)
			}
		}
		names := make([]string, len(q.Via))
		for j, m := range q.Via {
			names[j] = m.Name
		}
		via, err := jsonOrNil(names)
		if err != nil {
			return nil, err
		}
		data, err := json.Marshal(q)
		if err != nil {
			return nil, err
		}
		out[i] = preparedQuote{q: q, text: a.Text[q.Start:q.End], via: via, data: string(data)}
		f.add(string(data))
	}
	return out, nil
}

// deleteQuotes removes article seq's quotes.
func deleteQuotes(ctx context.Context, tx *sql.Tx, seq int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM quotes WHERE article_seq = ?`, seq); err != nil {
		return fmt.Errorf("delete quotes: %w", err)
	}
	return nil
}

// insertQuotes writes article seq's quotes.
func insertQuotes(ctx context.Context, tx *sql.Tx, seq int64, qs []preparedQuote) error {
	if len(qs) == 0 {
		return nil
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO quotes (article_seq, idx, start_byte, end_byte, kind,
		speaker_text, speaker_folded, speaker_type, speaker_entity_id, speaker_country, speaker_sector,
		cue, via, confidence, sentence, text, data) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`)
	if err != nil {
		return fmt.Errorf("insert quotes: %w", err)
	}
	defer stmt.Close()
	for i, p := range qs {
		q := p.q
		var sp news.Speaker
		if q.Speaker != nil {
			sp = *q.Speaker
		}
		if _, err := stmt.ExecContext(ctx, seq, i, q.Start, q.End, string(q.Kind), sp.Text,
			strings.ToLower(sp.Text), string(sp.Type), sp.EntityID, sp.Country, sp.Sector, q.Cue, p.via,
			q.Confidence, q.Sentence, p.text, p.data); err != nil {
			return fmt.Errorf("insert quote %d: %w", i, err)
		}
	}
	return nil
}

// loadQuotes fills a.Quotes from the rows of article seq.
func loadQuotes(ctx context.Context, tx *sql.Tx, seq int64, a *news.Article) error {
	rows, err := tx.QueryContext(ctx, `SELECT data FROM quotes WHERE article_seq = ? ORDER BY idx`, seq)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var data string
		if err := rows.Scan(&data); err != nil {
			return err
		}
		var q news.Quote
		if err := json.Unmarshal([]byte(data), &q); err != nil {
			return news.E("", news.KindInternal, fmt.Errorf("quote %d: decode: %w", len(a.Quotes), err))
		}
		a.Quotes = append(a.Quotes, q)
	}
	return rows.Err()
}

// Quotes lists quotations of articles that are not duplicates, those of
// the newest articles first, then in article order; see news.Store.
// Speaker is an entity ID or a case-insensitive substring of the speaker
// text; Search words must all be substrings of the quote, ignoring the
// case of ASCII letters.
func (s *Store) Quotes(ctx context.Context, f news.QuoteFilter) ([]news.QuoteSummary, error) {
	const op = "sqlite.Quotes"
	if f.Limit < 0 || f.Offset < 0 {
		return nil, news.E(op, news.KindInvalid, fmt.Sprintf("negative limit (%d) or offset (%d)", f.Limit, f.Offset))
	}
	limit := f.Limit
	if limit == 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	where := []string{"a.duplicate_of IS NULL"}
	var args []any
	cond := func(c string, a ...any) { where = append(where, c); args = append(args, a...) }
	if sp := strings.TrimSpace(f.Speaker); sp != "" {
		cond(`(q.speaker_entity_id = ? OR q.speaker_folded LIKE ? ESCAPE '\')`,
			sp, "%"+likeEscaper.Replace(foldQuery(sp))+"%")
	}
	for w := range strings.FieldsSeq(foldQuery(f.Search)) {
		// SQLite's LIKE ignores the case of ASCII letters only: a word
		// with other capitals must match their case in the text.
		cond(`q.text LIKE ? ESCAPE '\'`, "%"+likeEscaper.Replace(w)+"%")
	}
	if f.Kind != "" {
		cond("q.kind = ?", string(f.Kind))
	}
	args = append(args, limit, f.Offset)
	rows, err := s.r.QueryContext(ctx, `SELECT a.id, a.title, a.published, q.start_byte, q.end_byte, q.kind,
		q.speaker_text, q.speaker_entity_id, q.speaker_country, q.speaker_sector, q.cue, q.via, q.text, q.sentence
		FROM quotes q JOIN articles a ON a.seq = q.article_seq
		WHERE `+strings.Join(where, " AND ")+`
		ORDER BY a.sort_at DESC, a.id, q.idx LIMIT ? OFFSET ?`, args...)
	if err != nil {
		return nil, wrap(op, fmt.Errorf("list quotes: %w", err))
	}
	defer rows.Close()
	out := []news.QuoteSummary{}
	for rows.Next() {
		var (
			qs        news.QuoteSummary
			published sql.NullInt64
			via       sql.NullString
			kind      string
		)
		if err := rows.Scan(&qs.ArticleID, &qs.ArticleTitle, &published, &qs.Start, &qs.End, &kind,
			&qs.Speaker, &qs.SpeakerEntityID, &qs.Country, &qs.Sector, &qs.Cue, &via, &qs.Text, &qs.Sentence); err != nil {
			return nil, wrap(op, fmt.Errorf("list quotes: %w", err))
		}
		qs.Kind, qs.Published = news.QuoteKind(kind), fromMS(published)
		if via.Valid {
			if err := json.Unmarshal([]byte(via.String), &qs.Via); err != nil {
				return nil, news.E(op, news.KindInternal, fmt.Errorf("list quotes: decode via: %w", err))
			}
		}
		out = append(out, qs)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(op, fmt.Errorf("list quotes: %w", err))
	}
	return out, nil
}
