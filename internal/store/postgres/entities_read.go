package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/readout/readout/internal/news"
)

// Bounds of an entity's detail, as in the SQLite store.
const (
	maxEntityAliases     = 50
	maxEntityRoles       = 1000 // the most recent
	maxEntityAppearances = 1000 // the most recent
	listingTitles        = 3
	titleWindow          = 200
)

// titlesSQL gives an entity's most frequent recent current titles (as
// text[]) for the entity row e; titles that differ only in case are one,
// shown in the form that sorts first.
var titlesSQL = fmt.Sprintf(`ARRAY(SELECT MIN(title COLLATE "C") FROM (
		SELECT r.title AS title, r.date AS date FROM entity_roles r
		JOIN articles a ON a.seq = r.article_seq
		WHERE r.entity_seq = e.seq AND NOT r.former AND r.title <> '' AND a.duplicate_of IS NULL
		ORDER BY r.date DESC LIMIT %d) x
	GROUP BY lower(title) ORDER BY COUNT(*) DESC, MAX(date) DESC, lower(title) COLLATE "C" LIMIT %d)`,
	titleWindow, listingTitles)

const entityCols = `e.id, e.name, e.type, e.linked, e.country, e.sector, e.actor, e.articles, e.mentions, `

func scanEntitySummary(sc pgx.Row, seq *int64) (news.EntitySummary, error) {
	var es news.EntitySummary
	var titles []string
	dst := []any{&es.ID, &es.Name, &es.Type, &es.Linked, &es.Country, &es.Sector, &es.Actor,
		&es.Articles, &es.Mentions, &titles}
	if seq != nil {
		dst = append(dst, seq)
	}
	if err := sc.Scan(dst...); err != nil {
		return es, err
	}
	if len(titles) > 0 {
		es.Titles = titles
	}
	return es, nil
}

// foldQuery prepares a substring filter: control characters and invalid
// bytes become blanks, the ends are trimmed, the rest is lower-cased.
func foldQuery(q string) string {
	q = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(q, " "))
	return strings.ToLower(strings.TrimSpace(q))
}

// likeEscaper escapes LIKE's wildcards (\ is PostgreSQL's default escape).
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// contains is a LIKE pattern matching s anywhere.
func contains(s string) string { return "%" + likeEscaper.Replace(s) + "%" }

// conds collects WHERE conditions with numbered parameters.
type conds struct {
	where []string
	args  []any
}

// arg binds v and returns its placeholder.
func (c *conds) arg(v any) string {
	c.args = append(c.args, v)
	return fmt.Sprintf("$%d", len(c.args))
}

func (c *conds) add(cond string) { c.where = append(c.where, cond) }

func (c *conds) sql() string {
	if len(c.where) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(c.where, " AND ")
}

// Entities lists entities that appear in at least one article that is
// not a duplicate, in most articles first, then by name and ID (bytewise);
// see news.Store.
func (s *Store) Entities(ctx context.Context, f news.EntityFilter) ([]news.EntitySummary, error) {
	const op = "postgres.Entities"
	limit, err := page(op, f.Limit, f.Offset)
	if err != nil {
		return nil, err
	}
	c := &conds{}
	c.add("e.articles > 0")
	if q := foldQuery(f.Query); q != "" {
		c.add("e.folded LIKE " + c.arg(contains(q)))
	}
	if f.Type != "" {
		c.add("e.type = " + c.arg(f.Type))
	}
	if f.Country != "" {
		c.add("e.country = " + c.arg(strings.ToUpper(f.Country)))
	}
	if f.Sector != "" {
		c.add("e.sector = " + c.arg(strings.ToUpper(f.Sector)))
	}
	q := `SELECT ` + entityCols + titlesSQL + ` FROM entities e` + c.sql() +
		` ORDER BY e.articles DESC, e.name, e.id LIMIT ` + c.arg(limit) + ` OFFSET ` + c.arg(f.Offset)
	rows, err := s.pool.Query(ctx, q, c.args...)
	if err != nil {
		return nil, wrap(op, fmt.Errorf("list entities: %w", err))
	}
	defer rows.Close()
	out := []news.EntitySummary{}
	for rows.Next() {
		es, err := scanEntitySummary(rows, nil)
		if err != nil {
			return nil, wrap(op, fmt.Errorf("list entities: %w", err))
		}
		out = append(out, es)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(op, fmt.Errorf("list entities: %w", err))
	}
	return out, nil
}

// Entity returns one entity: its aliases (at most 50, those in most
// articles first, then bytewise), its roles (once per article and title,
// ignoring case, among its 1,000 most recent role rows; oldest first) and
// the articles it appears in (the 1,000 most recent, newest first), all
// from articles that are not duplicates; see news.Store.
func (s *Store) Entity(ctx context.Context, id string) (*news.EntityDetail, error) {
	const op = "postgres.Entity"
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{AccessMode: pgx.ReadOnly, IsoLevel: pgx.RepeatableRead})
	if err != nil {
		return nil, wrap(op, err)
	}
	defer tx.Rollback(context.Background())
	var seq int64
	es, err := scanEntitySummary(tx.QueryRow(ctx, `SELECT `+entityCols+titlesSQL+`, e.seq
		FROM entities e WHERE e.id = $1 AND e.articles > 0`, id), &seq)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, news.E(op, news.KindNotFound, fmt.Errorf("entity %q not found", id))
	}
	if err != nil {
		return nil, wrap(op, fmt.Errorf("entity %s: %w", id, err))
	}
	d := &news.EntityDetail{EntitySummary: es, Aliases: []string{}, Roles: []news.EntityRole{},
		Appearances: []news.EntityAppearance{}}

	rows, err := tx.Query(ctx, `SELECT al FROM entity_articles ea
		JOIN articles a ON a.seq = ea.article_seq, unnest(ea.aliases) AS al
		WHERE ea.entity_seq = $1 AND a.duplicate_of IS NULL
		GROUP BY al ORDER BY COUNT(*) DESC, al COLLATE "C" LIMIT $2`, seq, maxEntityAliases)
	if err != nil {
		return nil, wrap(op, fmt.Errorf("entity %s: aliases: %w", id, err))
	}
	for rows.Next() {
		var al string
		if err := rows.Scan(&al); err != nil {
			rows.Close()
			return nil, wrap(op, fmt.Errorf("entity %s: aliases: %w", id, err))
		}
		d.Aliases = append(d.Aliases, al)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, wrap(op, fmt.Errorf("entity %s: aliases: %w", id, err))
	}

	// The evidence is cut from the article text as bytes (offsets are
	// byte offsets and need not fall on character boundaries).
	rows, err = tx.Query(ctx, `SELECT * FROM (
		SELECT a.id AS article_id, a.title AS article_title, r.date, r.title, r.org, r.country, r.sector,
			r.former, r.pattern, r.ev_start, r.ev_end,
			CASE WHEN r.ev_end > r.ev_start
				THEN substring(convert_to(a.text, 'UTF8') FROM r.ev_start + 1 FOR r.ev_end - r.ev_start)
				ELSE ''::bytea END AS evidence,
			a.sort_at, r.idx, r.n
		FROM entity_roles r JOIN articles a ON a.seq = r.article_seq
		WHERE r.entity_seq = $1 AND a.duplicate_of IS NULL
		ORDER BY a.sort_at DESC, a.id DESC, r.idx DESC, r.n DESC LIMIT $2) x
		ORDER BY sort_at, article_id, idx, n`, seq, maxEntityRoles)
	if err != nil {
		return nil, wrap(op, fmt.Errorf("entity %s: roles: %w", id, err))
	}
	type roleKey struct {
		article, title, org, country string
		former, kb                   bool
	}
	seen := map[roleKey]bool{}
	for rows.Next() {
		var (
			r      news.EntityRole
			ev     []byte
			sortAt time.Time
			idx, n int
		)
		if err := rows.Scan(&r.ArticleID, &r.ArticleTitle, &r.Date, &r.Title, &r.Org, &r.Country, &r.Sector,
			&r.Former, &r.Pattern, &r.Start, &r.End, &ev, &sortAt, &idx, &n); err != nil {
			rows.Close()
			return nil, wrap(op, fmt.Errorf("entity %s: roles: %w", id, err))
		}
		r.Evidence = string(ev)
		k := roleKey{r.ArticleID, strings.ToLower(r.Title), r.Org, r.Country, r.Former, r.Pattern == "kb"}
		if seen[k] {
			continue
		}
		seen[k] = true
		d.Roles = append(d.Roles, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, wrap(op, fmt.Errorf("entity %s: roles: %w", id, err))
	}

	rows, err = tx.Query(ctx, `SELECT a.id, a.title, a.published, SUM(ea.mentions)
		FROM entity_articles ea JOIN articles a ON a.seq = ea.article_seq
		WHERE ea.entity_seq = $1 AND a.duplicate_of IS NULL
		GROUP BY a.seq ORDER BY a.sort_at DESC, a.id LIMIT $2`, seq, maxEntityAppearances)
	if err != nil {
		return nil, wrap(op, fmt.Errorf("entity %s: articles: %w", id, err))
	}
	defer rows.Close()
	for rows.Next() {
		var ap news.EntityAppearance
		var published *time.Time
		if err := rows.Scan(&ap.ArticleID, &ap.Title, &published, &ap.Mentions); err != nil {
			return nil, wrap(op, fmt.Errorf("entity %s: articles: %w", id, err))
		}
		ap.Published = fromTS(published)
		d.Appearances = append(d.Appearances, ap)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(op, fmt.Errorf("entity %s: articles: %w", id, err))
	}
	return d, nil
}
