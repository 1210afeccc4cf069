package postgres

// Entities are stored in three tables (migration 2): entities, one row
// per cross-document ID with running totals; entity_articles, the entity
// as one article gives it, with its mentions as JSON; entity_roles, its
// role assertions, indexed by entity for Entity's role history.
//
// entities.articles and entities.mentions count only articles that are
// not duplicates. PutArticle keeps them exact with one UPDATE at the end
// of its transaction that applies the net change (the article's old
// contribution out, the new one in, a promoted duplicate's in) to the
// rows in seq order, so that writers sharing entities (every article on
// one country) hold those rows only for the moment before commit and
// never deadlock on them.

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/readout/readout/internal/news"
)

// preparedEntity is one entity's encoded columns.
type preparedEntity struct {
	e                 *news.Entity
	titles, conflicts any // JSON text or nil
	aliases           []string
	mentions          string // see encodeMentions
}

// isAlias reports whether a mention of kind k names the entity (pronouns
// and descriptions do not).
func isAlias(k string) bool { return k != news.MentionPronoun && k != news.MentionTitle }

// aliasesOf lists the distinct texts of e's name-like mentions, in order
// of first appearance.
func aliasesOf(e *news.Entity) []string {
	var seen []string
	for _, m := range e.Mentions {
		if !isAlias(m.Kind) || strings.TrimSpace(m.Text) == "" || slices.Contains(seen, m.Text) {
			continue
		}
		seen = append(seen, m.Text)
	}
	return seen
}

// prepareEntities validates a.Entities, encodes them and adds them to the
// fingerprint (the SQLite store's fields, in its order).
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
		p := preparedEntity{e: e, aliases: aliasesOf(e)}
		var err error
		if p.titles, err = jsonOrNil(e.Titles); err != nil {
			return nil, err
		}
		if p.conflicts, err = jsonOrNil(e.Conflicts); err != nil {
			return nil, err
		}
		if p.mentions, err = encodeMentions(e.Mentions, a.Text); err != nil {
			return nil, err
		}
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

// folded is what EntityFilter.Query matches: the lower-cased name and ID.
func folded(name, id string) string {
	return strings.ToLower(name) + "\n" + strings.ToLower(id)
}

// queueNames queues the creation of a row for every entity ID of p (new
// rows with zero counts; existing rows are not touched, hence not locked)
// and for every event participant text in event_names, in sorted order,
// and the look-up of the entities' seqs into the returned map (filled
// when the batch is closed). They run outside the article's transaction;
// a put that fails afterwards leaves these rows behind, as a put whose
// article drops an entity does: an entity with zero counts is neither
// listed nor found.
func queueNames(b *pgx.Batch, p *prepared) map[string]int64 {
	if names := eventNames(p.events); len(names) > 0 {
		slices.Sort(names)
		b.Queue(`INSERT INTO event_names (folded) SELECT n FROM unnest($1::text[]) n ORDER BY 1
			ON CONFLICT (folded) DO NOTHING`, names)
	}
	if len(p.entities) == 0 {
		return nil
	}
	seqOf := map[string]int64{}
	first := map[string]*news.Entity{}
	var ids []string
	for _, pe := range p.entities {
		if first[pe.e.ID] == nil {
			first[pe.e.ID] = pe.e
			ids = append(ids, pe.e.ID)
		}
	}
	slices.Sort(ids)
	var names, folds, types, countries, sectors, actors []string
	var linked []bool
	for _, id := range ids {
		e := first[id]
		names, folds, types = append(names, e.Name), append(folds, folded(e.Name, e.ID)), append(types, e.Type)
		countries, sectors, actors = append(countries, e.Country), append(sectors, e.Sector), append(actors, e.Actor)
		linked = append(linked, e.Linked)
	}
	b.Queue(`INSERT INTO entities (id, name, folded, type, country, sector, actor, linked)
		SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::boolean[])
		ORDER BY 1 ON CONFLICT (id) DO NOTHING`, ids, names, folds, types, countries, sectors, actors, linked)
	b.Queue(`SELECT id, seq FROM entities WHERE id = ANY($1)`, ids).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			var id string
			var sq int64
			if err := rows.Scan(&id, &sq); err != nil {
				return err
			}
			seqOf[id] = sq
		}
		return rows.Err()
	})
	return seqOf
}

// queueEntityRows queues the inserts of article seq's entity_articles and
// entity_roles rows.
func queueEntityRows(b *pgx.Batch, seq int64, ents []preparedEntity, seqOf map[string]int64) {
	if len(ents) == 0 {
		return
	}
	var (
		idx, mentions                                         []int
		eseqs                                                 []int64
		names, types, countries, sectors, actors, mentionData []string
		linked                                                []bool
		confidence                                            []float64
		titles, conflicts                                     []*string
		aliases                                               []string // JSON arrays, decoded in SQL
		rIdx, rN, rStart, rEnd                                []int
		rSeqs                                                 []int64
		rTitle, rOrg, rCountry, rSector, rDate, rPattern      []string
		rFormer                                               []bool
	)
	str := func(v any) *string {
		if v == nil {
			return nil
		}
		s := v.(string)
		return &s
	}
	for i, p := range ents {
		e := p.e
		idx = append(idx, i)
		eseqs = append(eseqs, seqOf[e.ID])
		names, types = append(names, e.Name), append(types, e.Type)
		countries, sectors, actors = append(countries, e.Country), append(sectors, e.Sector), append(actors, e.Actor)
		linked, confidence = append(linked, e.Linked), append(confidence, e.Confidence)
		mentions = append(mentions, len(e.Mentions))
		titles, conflicts = append(titles, str(p.titles)), append(conflicts, str(p.conflicts))
		al, _ := json.Marshal(p.aliases)
		aliases = append(aliases, string(al))
		mentionData = append(mentionData, p.mentions)
		for n, r := range e.Roles {
			rIdx, rN, rSeqs = append(rIdx, i), append(rN, n), append(rSeqs, seqOf[e.ID])
			rTitle, rOrg, rCountry = append(rTitle, r.Title), append(rOrg, r.Org), append(rCountry, r.Country)
			rSector, rFormer, rDate = append(rSector, r.Sector), append(rFormer, r.Former), append(rDate, r.Date)
			rPattern, rStart, rEnd = append(rPattern, r.Pattern), append(rStart, r.Start), append(rEnd, r.End)
		}
	}
	b.Queue(`INSERT INTO entity_articles (article_seq, idx, entity_seq, name, type, country, sector, actor,
		linked, confidence, mentions, titles, conflicts, aliases, mention_data)
		SELECT $1, u.idx, u.eseq, u.name, u.type, u.country, u.sector, u.actor, u.linked, u.confidence,
			u.mentions, u.titles, u.conflicts,
			CASE WHEN u.aliases = '[]' THEN NULL ELSE ARRAY(SELECT json_array_elements_text(u.aliases::json)) END,
			u.mention_data
		FROM unnest($2::int[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
			$9::boolean[], $10::float8[], $11::int[], $12::text[], $13::text[], $14::text[], $15::text[])
			AS u(idx, eseq, name, type, country, sector, actor, linked, confidence, mentions, titles,
				conflicts, aliases, mention_data)`,
		seq, idx, eseqs, names, types, countries, sectors, actors, linked, confidence, mentions, titles,
		conflicts, aliases, mentionData)
	if len(rIdx) > 0 {
		b.Queue(`INSERT INTO entity_roles (article_seq, idx, n, entity_seq, title, org, country, sector,
			former, date, pattern, ev_start, ev_end)
			SELECT $1, * FROM unnest($2::int[], $3::int[], $4::bigint[], $5::text[], $6::text[], $7::text[],
				$8::text[], $9::boolean[], $10::text[], $11::text[], $12::int[], $13::int[])`,
			seq, rIdx, rN, rSeqs, rTitle, rOrg, rCountry, rSector, rFormer, rDate, rPattern, rStart, rEnd)
	}
}

// entityDelta is the net change of one entity's totals in a put.
type entityDelta struct {
	articles, mentions int
}

func deltaOf(m map[int64]*entityDelta, seq int64) *entityDelta {
	d := m[seq]
	if d == nil {
		d = &entityDelta{}
		m[seq] = d
	}
	return d
}

// addCounts adds (sign 1) or subtracts (-1) one article's contribution:
// one article per distinct entity, and its mentions.
func addCounts(m map[int64]*entityDelta, counts []entityCount, sign int) {
	seen := map[int64]bool{}
	for _, c := range counts {
		d := deltaOf(m, c.seq)
		d.mentions += sign * c.mentions
		if !seen[c.seq] {
			seen[c.seq] = true
			d.articles += sign
		}
	}
}

// queueEntityTotals queues the update of the entities rows: the net
// count changes, and the name, type and flags of this article's entities
// (the latest article's win; a known country, sector or actor is not
// erased by an article that does not know it). Rows are locked in seq
// order first.
func queueEntityTotals(b *pgx.Batch, deltas map[int64]*entityDelta, ents []preparedEntity, seqOf map[string]int64) {
	meta := map[int64]*news.Entity{}
	for _, p := range ents {
		sq := seqOf[p.e.ID]
		if meta[sq] == nil {
			meta[sq] = p.e
		}
		deltaOf(deltas, sq)
	}
	var seqs []int64
	for sq, d := range deltas {
		if d.articles != 0 || d.mentions != 0 || meta[sq] != nil {
			seqs = append(seqs, sq)
		}
	}
	if len(seqs) == 0 {
		return
	}
	slices.SortFunc(seqs, cmp.Compare)
	var (
		da, dm                                          []int
		hasMeta, linked                                 []bool
		names, folds, types, countries, sectors, actors []string
	)
	for _, sq := range seqs {
		d := deltas[sq]
		da, dm = append(da, d.articles), append(dm, d.mentions)
		e := meta[sq]
		hasMeta = append(hasMeta, e != nil)
		if e == nil {
			e = &news.Entity{}
		}
		names, folds, types = append(names, e.Name), append(folds, folded(e.Name, e.ID)), append(types, e.Type)
		countries, sectors, actors = append(countries, e.Country), append(sectors, e.Sector), append(actors, e.Actor)
		linked = append(linked, e.Linked)
	}
	b.Queue(`SELECT 1 FROM entities WHERE seq = ANY($1) ORDER BY seq FOR NO KEY UPDATE`, seqs)
	b.Queue(`UPDATE entities e SET articles = e.articles + d.da, mentions = e.mentions + d.dm,
		name = CASE WHEN d.meta THEN d.name ELSE e.name END,
		folded = CASE WHEN d.meta THEN d.folded ELSE e.folded END,
		type = CASE WHEN d.meta THEN d.type ELSE e.type END,
		linked = CASE WHEN d.meta THEN d.linked ELSE e.linked END,
		country = CASE WHEN d.meta AND d.country <> '' THEN d.country ELSE e.country END,
		sector = CASE WHEN d.meta AND d.sector <> '' THEN d.sector ELSE e.sector END,
		actor = CASE WHEN d.meta AND d.actor <> '' THEN d.actor ELSE e.actor END
		FROM unnest($1::bigint[], $2::int[], $3::int[], $4::boolean[], $5::text[], $6::text[], $7::text[],
			$8::boolean[], $9::text[], $10::text[], $11::text[])
			AS d(seq, da, dm, meta, name, folded, type, linked, country, sector, actor)
		WHERE e.seq = d.seq`, seqs, da, dm, hasMeta, names, folds, types, linked, countries, sectors, actors)
}

// loadEntities reads article seq's entities into a.Entities.
func loadEntities(ctx context.Context, tx pgx.Tx, seq int64, a *news.Article) error {
	rows, err := tx.Query(ctx, `SELECT ea.idx, e.id, ea.name, ea.type, ea.country, ea.sector, ea.actor,
		ea.linked, ea.confidence, ea.titles, ea.conflicts, ea.mention_data
		FROM entity_articles ea JOIN entities e ON e.seq = ea.entity_seq
		WHERE ea.article_seq = $1 ORDER BY ea.idx`, seq)
	if err != nil {
		return err
	}
	defer rows.Close()
	byIdx := map[int]int{}
	for rows.Next() {
		var (
			idx               int
			e                 news.Entity
			titles, conflicts *string
			mentions          *string
		)
		if err := rows.Scan(&idx, &e.ID, &e.Name, &e.Type, &e.Country, &e.Sector, &e.Actor, &e.Linked,
			&e.Confidence, &titles, &conflicts, &mentions); err != nil {
			return err
		}
		for _, c := range []struct {
			col *string
			dst any
		}{{titles, &e.Titles}, {conflicts, &e.Conflicts}} {
			if c.col != nil {
				if err := json.Unmarshal([]byte(*c.col), c.dst); err != nil {
					return news.E("", news.KindInternal, fmt.Errorf("entity %s: decode: %w", e.ID, err))
				}
			}
		}
		if mentions != nil {
			var err error
			if e.Mentions, err = decodeMentions(*mentions, a.Text); err != nil {
				return news.E("", news.KindInternal, fmt.Errorf("entity %s: decode mentions: %w", e.ID, err))
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
	rrows, err := tx.Query(ctx, `SELECT idx, title, org, country, sector, former, date, pattern,
		ev_start, ev_end FROM entity_roles WHERE article_seq = $1 ORDER BY idx, n`, seq)
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

// storedMention is a news.Mention as entity_articles.mention_data keeps
// it: short keys, and no text when it is the article's text at the span
// (as it almost always is), which makes it a third of the size.
type storedMention struct {
	S int     `json:"s"`
	E int     `json:"e"`
	N int     `json:"n"`
	K string  `json:"k,omitempty"`
	C float64 `json:"c,omitempty"`
	T *string `json:"t,omitempty"`
}

// encodeMentions encodes ms (spans already checked against text).
func encodeMentions(ms []news.Mention, text string) (string, error) {
	out := make([]storedMention, len(ms))
	for i, m := range ms {
		out[i] = storedMention{S: m.Start, E: m.End, N: m.Sentence, K: m.Kind, C: m.Confidence}
		if text[m.Start:m.End] != m.Text {
			t := m.Text
			out[i].T = &t
		}
	}
	b, err := json.Marshal(out)
	return string(b), err
}

// decodeMentions reverses encodeMentions; nil for none.
func decodeMentions(data, text string) ([]news.Mention, error) {
	var in []storedMention
	if err := json.Unmarshal([]byte(data), &in); err != nil {
		return nil, err
	}
	if len(in) == 0 {
		return nil, nil
	}
	out := make([]news.Mention, len(in))
	for i, m := range in {
		out[i] = news.Mention{Start: m.S, End: m.E, Sentence: m.N, Kind: m.K, Confidence: m.C}
		switch {
		case m.T != nil:
			out[i].Text = *m.T
		case m.S >= 0 && m.S <= m.E && m.E <= len(text):
			out[i].Text = text[m.S:m.E]
		default:
			return nil, fmt.Errorf("mention %d span [%d,%d) outside text of %d bytes", i, m.S, m.E, len(text))
		}
	}
	return out, nil
}
