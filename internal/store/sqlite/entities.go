package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/readout/readout/internal/news"
)

// Entities are stored in four tables (migration 2): entities, one row per
// cross-document ID with running totals; entity_articles, the entity as one
// article gives it; entity_mentions and entity_roles, its mentions and
// role assertions in that article. The three per-article tables are keyed
// by (article_seq, idx[, n]) so that replacing an article's entities is
// three range deletes; entity_seq indexes serve the cross-article queries.
//
// entities.articles and entities.mentions count only articles that are not
// duplicates. PutArticle keeps them exact: it subtracts an article's
// contribution before replacing its rows, adds the new one when the article
// is not a duplicate, and adds a duplicate's contribution when it is
// promoted to original. Entities whose counts fall to zero stay in the
// table (their seq stays valid) but are not listed and Entity reports them
// as not found.

// preparedEntity is one entity's encoded columns.
type preparedEntity struct {
	e                          *news.Entity
	titles, conflicts, aliases any // JSON text, U+001F-joined text, or nil
}

// isAlias reports whether a mention of kind k names the entity (pronouns
// and descriptions do not).
func isAlias(k string) bool { return k != news.MentionPronoun && k != news.MentionTitle }

// aliasesOf joins the distinct texts of e's name-like mentions, in order
// of first appearance, with U+001F; nil when there are none.
func aliasesOf(e *news.Entity) any {
	var b strings.Builder
	var seen []string
	for _, m := range e.Mentions {
		t := strings.ReplaceAll(m.Text, "\x1f", " ")
		if !isAlias(m.Kind) || strings.TrimSpace(t) == "" || slices.Contains(seen, t) {
			continue
		}
		if len(seen) > 0 {
			b.WriteByte(0x1f)
		}
		seen = append(seen, t)
		b.WriteString(t)
	}
	if len(seen) == 0 {
		return nil
	}
	return b.String()
}

// prepareEntities validates a.Entities, encodes them and adds them to the
// fingerprint. An article without entities adds nothing, so fingerprints
// of articles stored before entities existed do not change.
func prepareEntities(a *news.Article, f fingerprinter) ([]preparedEntity, error) {
	if len(a.Entities) == 0 {
		return nil, nil
	}
	n := len(a.Text)
	out := make([]preparedEntity, len(a.Entities))
	f.add("entities", len(a.Entities))
	for i := range a.Entities {
		e := &a.Entities[i]
		if strings.TrimSpace(e.ID) == "" {
			return nil, fmt.Errorf("entity %d (%q) has no ID", i, e.Name)
		}
		for j, m := range e.Mentions {
			if m.Start < 0 || m.End < m.Start || m.End > n {
				return nil, fmt.Errorf("entity %s mention %d span [%d,%d) outside text of %d bytes", e.ID, j, m.Start, m.End, n)
			}
		}
		for j, r := range e.Roles {
			if r.Start < 0 || r.End < r.Start || r.End > n {
				return nil, fmt.Errorf("entity %s role %d span [%d,%d) outside text of %d bytes", e.ID, j, r.Start, r.End, n)
			}
		}
		p := preparedEntity{e: e}
		var err error
		if p.titles, err = jsonOrNil(e.Titles); err != nil {
			return nil, err
		}
		if p.conflicts, err = jsonOrNil(e.Conflicts); err != nil {
			return nil, err
		}
		p.aliases = aliasesOf(e)
		out[i] = p
		f.add(e.ID, e.Name, e.Type, boolInt(e.Linked), e.Country, e.Sector, e.Actor, p.titles, p.conflicts,
			e.Confidence, len(e.Mentions), len(e.Roles))
		for _, m := range e.Mentions {
			f.add(m.Start, m.End, m.Sentence, m.Text, m.Kind, m.Confidence)
		}
		for _, r := range e.Roles {
			f.add(r.Title, r.Org, r.Country, r.Sector, boolInt(r.Former), r.Date, r.Pattern, r.Start, r.End)
		}
	}
	return out, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// adjustEntityCounts adds (sign 1) or subtracts (sign -1) the stored
// entities of article seq to or from the entities' running totals.
func adjustEntityCounts(ctx context.Context, tx *sql.Tx, seq int64, sign int) error {
	if _, err := tx.ExecContext(ctx, `UPDATE entities
		SET articles = articles + ?, mentions = mentions + ? * ea.m
		FROM (SELECT entity_seq, SUM(mentions) AS m FROM entity_articles
			WHERE article_seq = ? GROUP BY entity_seq) AS ea
		WHERE entities.seq = ea.entity_seq`, sign, sign, seq); err != nil {
		return fmt.Errorf("entity counts: %w", err)
	}
	return nil
}

// deleteEntities removes article seq's entities, first taking them out of
// the totals when the article was counted (was not a duplicate).
func deleteEntities(ctx context.Context, tx *sql.Tx, seq int64, counted bool) error {
	if counted {
		if err := adjustEntityCounts(ctx, tx, seq, -1); err != nil {
			return err
		}
	}
	for _, table := range []string{"entity_articles", "entity_mentions", "entity_roles"} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE article_seq = ?`, seq); err != nil {
			return fmt.Errorf("delete %s: %w", table, err)
		}
	}
	return nil
}

// Batch sizes of the multi-row INSERTs (SQLite allows 32766 parameters).
const (
	entityBatch  = 100
	mentionBatch = 200
)

// insertEntities writes article seq's entities and, when counted, adds
// them to the totals.
func insertEntities(ctx context.Context, tx *sql.Tx, seq int64, ents []preparedEntity, counted bool) error {
	if len(ents) == 0 {
		return nil
	}
	// Upsert the cross-document rows, once per distinct ID, adding this
	// article to the totals when it counts. The latest article's name,
	// type and flags win; a known country, sector or actor is not erased
	// by an article that does not know it.
	seqOf := make(map[string]int64, len(ents))
	mentions := make(map[string]int, len(ents))
	var uniq []*news.Entity
	for _, p := range ents {
		if _, ok := seqOf[p.e.ID]; !ok {
			seqOf[p.e.ID] = 0
			uniq = append(uniq, p.e)
		}
		mentions[p.e.ID] += len(p.e.Mentions)
	}
	articles := boolInt(counted)
	for lo := 0; lo < len(uniq); lo += entityBatch {
		hi := min(lo+entityBatch, len(uniq))
		var q strings.Builder
		q.WriteString(`INSERT INTO entities (id, name, folded, type, country, sector, actor, linked,
			articles, mentions) VALUES `)
		args := make([]any, 0, 10*(hi-lo))
		for i, e := range uniq[lo:hi] {
			if i > 0 {
				q.WriteByte(',')
			}
			q.WriteString("(?,?,?,?,?,?,?,?,?,?)")
			args = append(args, e.ID, e.Name, folded(e.Name, e.ID), e.Type, e.Country, e.Sector, e.Actor,
				boolInt(e.Linked), articles, articles*mentions[e.ID])
		}
		q.WriteString(` ON CONFLICT (id) DO UPDATE SET name = excluded.name, folded = excluded.folded,
			type = excluded.type, linked = excluded.linked,
			articles = entities.articles + excluded.articles, mentions = entities.mentions + excluded.mentions,
			country = CASE WHEN excluded.country <> '' THEN excluded.country ELSE entities.country END,
			sector = CASE WHEN excluded.sector <> '' THEN excluded.sector ELSE entities.sector END,
			actor = CASE WHEN excluded.actor <> '' THEN excluded.actor ELSE entities.actor END
			RETURNING id, seq`)
		rows, err := tx.QueryContext(ctx, q.String(), args...)
		if err != nil {
			return fmt.Errorf("upsert entities: %w", err)
		}
		for rows.Next() {
			var id string
			var s int64
			if err := rows.Scan(&id, &s); err != nil {
				rows.Close()
				return fmt.Errorf("upsert entities: %w", err)
			}
			seqOf[id] = s
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return fmt.Errorf("upsert entities: %w", err)
		}
	}

	// Per-article rows.
	for lo := 0; lo < len(ents); lo += entityBatch {
		hi := min(lo+entityBatch, len(ents))
		var q strings.Builder
		q.WriteString(`INSERT INTO entity_articles (article_seq, idx, entity_seq, name, type, country, sector,
			actor, linked, confidence, mentions, titles, conflicts, aliases) VALUES `)
		args := make([]any, 0, 14*(hi-lo))
		for i := lo; i < hi; i++ {
			if i > lo {
				q.WriteByte(',')
			}
			q.WriteString("(?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
			p := ents[i]
			e := p.e
			args = append(args, seq, i, seqOf[e.ID], e.Name, e.Type, e.Country, e.Sector, e.Actor,
				boolInt(e.Linked), e.Confidence, len(e.Mentions), p.titles, p.conflicts, p.aliases)
		}
		if _, err := tx.ExecContext(ctx, q.String(), args...); err != nil {
			return fmt.Errorf("insert entity_articles: %w", err)
		}
	}
	if err := insertEntityRows(ctx, tx, ents, 10, `INSERT INTO entity_mentions (article_seq, idx, n, entity_seq,
		start_byte, end_byte, sentence, kind, confidence, text) VALUES `,
		func(p preparedEntity) int { return len(p.e.Mentions) },
		func(args []any, i, n int, p preparedEntity) []any {
			m := p.e.Mentions[n]
			return append(args, seq, i, n, seqOf[p.e.ID], m.Start, m.End, m.Sentence, m.Kind, m.Confidence, m.Text)
		}); err != nil {
		return fmt.Errorf("insert entity_mentions: %w", err)
	}
	if err := insertEntityRows(ctx, tx, ents, 13, `INSERT INTO entity_roles (article_seq, idx, n, entity_seq,
		title, org, country, sector, former, date, pattern, ev_start, ev_end) VALUES `,
		func(p preparedEntity) int { return len(p.e.Roles) },
		func(args []any, i, n int, p preparedEntity) []any {
			r := p.e.Roles[n]
			return append(args, seq, i, n, seqOf[p.e.ID], r.Title, r.Org, r.Country, r.Sector,
				boolInt(r.Former), r.Date, r.Pattern, r.Start, r.End)
		}); err != nil {
		return fmt.Errorf("insert entity_roles: %w", err)
	}
	return nil
}

// insertEntityRows writes the mentions or roles of ents (count gives how
// many an entity has, row appends one's values) in multi-row INSERTs of
// cols columns each.
func insertEntityRows(ctx context.Context, tx *sql.Tx, ents []preparedEntity, cols int, head string,
	count func(preparedEntity) int, row func(args []any, i, n int, p preparedEntity) []any) error {
	placeholder := "(" + strings.Repeat("?,", cols-1) + "?)"
	var q strings.Builder
	var args []any
	rows := 0
	flush := func() error {
		if rows == 0 {
			return nil
		}
		_, err := tx.ExecContext(ctx, q.String(), args...)
		q.Reset()
		args, rows = args[:0], 0
		return err
	}
	for i, p := range ents {
		for n := range count(p) {
			if rows == 0 {
				q.WriteString(head)
			} else {
				q.WriteByte(',')
			}
			q.WriteString(placeholder)
			args = row(args, i, n, p)
			rows++
			if rows == mentionBatch {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	}
	return flush()
}

// folded is what EntityFilter.Query matches: the lower-cased name and ID.
func folded(name, id string) string {
	return strings.ToLower(name) + "\n" + strings.ToLower(id)
}

// loadEntities reads article seq's entities into a.Entities.
func loadEntities(ctx context.Context, tx *sql.Tx, seq int64, a *news.Article) error {
	rows, err := tx.QueryContext(ctx, `SELECT ea.idx, e.id, ea.name, ea.type, ea.country, ea.sector, ea.actor,
		ea.linked, ea.confidence, ea.titles, ea.conflicts
		FROM entity_articles ea JOIN entities e ON e.seq = ea.entity_seq
		WHERE ea.article_seq = ? ORDER BY ea.idx`, seq)
	if err != nil {
		return err
	}
	defer rows.Close()
	byIdx := map[int]int{}
	for rows.Next() {
		var (
			idx               int
			e                 news.Entity
			titles, conflicts sql.NullString
		)
		if err := rows.Scan(&idx, &e.ID, &e.Name, &e.Type, &e.Country, &e.Sector, &e.Actor, &e.Linked,
			&e.Confidence, &titles, &conflicts); err != nil {
			return err
		}
		for _, c := range []struct {
			col sql.NullString
			dst *[]string
		}{{titles, &e.Titles}, {conflicts, &e.Conflicts}} {
			if c.col.Valid {
				if err := json.Unmarshal([]byte(c.col.String), c.dst); err != nil {
					return news.E("", news.KindInternal, fmt.Errorf("entity %s: decode: %w", e.ID, err))
				}
			}
		}
		byIdx[idx] = len(a.Entities)
		a.Entities = append(a.Entities, e)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows.Close()
	if len(a.Entities) == 0 {
		return nil
	}
	mrows, err := tx.QueryContext(ctx, `SELECT idx, start_byte, end_byte, sentence, kind, confidence, text
		FROM entity_mentions WHERE article_seq = ? ORDER BY idx, n`, seq)
	if err != nil {
		return err
	}
	defer mrows.Close()
	for mrows.Next() {
		var idx int
		var m news.Mention
		if err := mrows.Scan(&idx, &m.Start, &m.End, &m.Sentence, &m.Kind, &m.Confidence, &m.Text); err != nil {
			return err
		}
		if i, ok := byIdx[idx]; ok {
			a.Entities[i].Mentions = append(a.Entities[i].Mentions, m)
		}
	}
	if err := mrows.Err(); err != nil {
		return err
	}
	mrows.Close()
	rrows, err := tx.QueryContext(ctx, `SELECT idx, title, org, country, sector, former, date, pattern,
		ev_start, ev_end FROM entity_roles WHERE article_seq = ? ORDER BY idx, n`, seq)
	if err != nil {
		return err
	}
	defer rrows.Close()
	for rrows.Next() {
		var idx int
		var r news.RoleAssertion
		if err := rrows.Scan(&idx, &r.Title, &r.Org, &r.Country, &r.Sector, &r.Former, &r.Date, &r.Pattern,
			&r.Start, &r.End); err != nil {
			return err
		}
		if i, ok := byIdx[idx]; ok {
			a.Entities[i].Roles = append(a.Entities[i].Roles, r)
		}
	}
	return rrows.Err()
}
