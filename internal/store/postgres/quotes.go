package postgres

// Quotes are stored in one table (migration 3), one row per news.Quote
// keyed by (article_seq, idx), with the columns listings filter and show
// and the whole quote as JSON. Duplicates keep their quotes but listings
// leave them out by joining articles.

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/readout/readout/internal/news"
)

// preparedQuote is one quote encoded before the transaction.
type preparedQuote struct {
	q    *news.Quote
	text string   // a.Text[Start:End]
	via  []string // media names
	data string   // JSON news.Quote
}

// prepareQuotes validates a.Quotes, encodes them and adds them to the
// fingerprint.
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
		var names []string
		for _, m := range q.Via {
			names = append(names, m.Name)
		}
		data, err := json.Marshal(q)
		if err != nil {
			return nil, err
		}
		out[i] = preparedQuote{q: q, text: strings.ToValidUTF8(a.Text[q.Start:q.End], "\uFFFD"), via: names, data: string(data)}
		f.add(string(data))
	}
	return out, nil
}

// queueQuotes queues the insert of article seq's quotes.
func queueQuotes(b *pgx.Batch, seq int64, qs []preparedQuote) {
	if len(qs) == 0 {
		return
	}
	var (
		idx, start, end, sentence                                  []int
		kind, spText, spFolded, spEntity, spCountry, spSector, cue []string
		via, text, data                                            []string
	)
	for i, p := range qs {
		q := p.q
		var sp news.Speaker
		if q.Speaker != nil {
			sp = *q.Speaker
		}
		v, _ := json.Marshal(p.via)
		idx, start, end, sentence = append(idx, i), append(start, q.Start), append(end, q.End), append(sentence, q.Sentence)
		kind, spText, spFolded = append(kind, string(q.Kind)), append(spText, sp.Text), append(spFolded, strings.ToLower(sp.Text))
		spEntity, spCountry, spSector = append(spEntity, sp.EntityID), append(spCountry, sp.Country), append(spSector, sp.Sector)
		cue, via, text, data = append(cue, q.Cue), append(via, string(v)), append(text, p.text), append(data, p.data)
	}
	b.Queue(`INSERT INTO quotes (article_seq, idx, start_byte, end_byte, kind, speaker_text, speaker_folded,
		speaker_entity_id, speaker_country, speaker_sector, cue, via, sentence, text, data)
		SELECT $1, u.idx, u.s, u.e, u.kind, u.spt, u.spf, u.spe, u.spc, u.sps, u.cue,
			CASE WHEN u.via = 'null' THEN NULL ELSE ARRAY(SELECT json_array_elements_text(u.via::json)) END,
			u.sentence, u.text, u.data
		FROM unnest($2::int[], $3::int[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
			$10::text[], $11::text[], $12::text[], $13::int[], $14::text[], $15::text[])
			AS u(idx, s, e, kind, spt, spf, spe, spc, sps, cue, via, sentence, text, data)`,
		seq, idx, start, end, kind, spText, spFolded, spEntity, spCountry, spSector, cue, via, sentence, text, data)
}

// loadQuotes fills a.Quotes from the rows of article seq.
func loadQuotes(ctx context.Context, tx pgx.Tx, seq int64, a *news.Article) error {
	rows, err := tx.Query(ctx, `SELECT data FROM quotes WHERE article_seq = $1 ORDER BY idx`, seq)
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
// text; Search words must all be substrings of the quote, ignoring case.
func (s *Store) Quotes(ctx context.Context, f news.QuoteFilter) ([]news.QuoteSummary, error) {
	const op = "postgres.Quotes"
	limit, err := page(op, f.Limit, f.Offset)
	if err != nil {
		return nil, err
	}
	c := &conds{}
	c.add("a.duplicate_of IS NULL")
	if sp := strings.TrimSpace(f.Speaker); sp != "" {
		c.add("(q.speaker_entity_id = " + c.arg(foldQueryKeepCase(sp)) + " OR q.speaker_folded LIKE " +
			c.arg(contains(foldQuery(sp))) + ")")
	}
	for w := range strings.FieldsSeq(foldQuery(f.Search)) {
		c.add("q.text ILIKE " + c.arg(contains(w)))
	}
	if f.Kind != "" {
		c.add("q.kind = " + c.arg(string(f.Kind)))
	}
	q := `SELECT a.id, a.title, a.published, q.start_byte, q.end_byte, q.kind, q.speaker_text,
		q.speaker_entity_id, q.speaker_country, q.speaker_sector, q.cue, q.via, q.text, q.sentence
		FROM quotes q JOIN articles a ON a.seq = q.article_seq` + c.sql() + `
		ORDER BY a.sort_at DESC, a.id, q.idx LIMIT ` + c.arg(limit) + ` OFFSET ` + c.arg(f.Offset)
	rows, err := s.pool.Query(ctx, q, c.args...)
	if err != nil {
		return nil, wrap(op, fmt.Errorf("list quotes: %w", err))
	}
	defer rows.Close()
	out := []news.QuoteSummary{}
	for rows.Next() {
		var (
			qs        news.QuoteSummary
			published *time.Time
			kind      string
		)
		if err := rows.Scan(&qs.ArticleID, &qs.ArticleTitle, &published, &qs.Start, &qs.End, &kind,
			&qs.Speaker, &qs.SpeakerEntityID, &qs.Country, &qs.Sector, &qs.Cue, &qs.Via, &qs.Text, &qs.Sentence); err != nil {
			return nil, wrap(op, fmt.Errorf("list quotes: %w", err))
		}
		qs.Kind, qs.Published = news.QuoteKind(kind), fromTS(published)
		if len(qs.Via) == 0 {
			qs.Via = nil
		}
		out = append(out, qs)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(op, fmt.Errorf("list quotes: %w", err))
	}
	return out, nil
}

// foldQueryKeepCase cleans a filter value for an exact comparison:
// control characters and invalid bytes (which PostgreSQL refuses in text)
// become blanks.
func foldQueryKeepCase(s string) string {
	return strings.Map(func(r rune) rune {
		if r == 0 {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, " "))
}
