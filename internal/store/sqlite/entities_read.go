package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/readout/readout/internal/news"
)

// Bounds of an entity's detail: an entity in every article of a large
// corpus would otherwise return all of them.
const (
	maxEntityAliases     = 50
	maxEntityRoles       = 1000 // the most recent
	maxEntityAppearances = 1000 // the most recent
	// listingTitles is how many titles a listing row shows, taken from
	// the entity's titleWindow most recent current (not former) roles.
	listingTitles = 3
	titleWindow   = 200
)

// titlesSQL is the correlated subquery giving an entity's most frequent
// recent titles, joined by U+001F, for the entity row e. Titles that
// differ only in case are one ("President", "president"), shown in the
// form that sorts first (usually the capitalised one).
var titlesSQL = fmt.Sprintf(`(SELECT group_concat(title, char(31)) FROM (
		SELECT MIN(title) AS title FROM (
			SELECT r.title AS title, r.date AS date FROM entity_roles r
			JOIN articles a ON a.seq = r.article_seq
			WHERE r.entity_seq = e.seq AND r.former = 0 AND r.title <> '' AND a.duplicate_of IS NULL
			ORDER BY r.date DESC LIMIT %d)
		GROUP BY lower(title) ORDER BY COUNT(*) DESC, MAX(date) DESC, lower(title) LIMIT %d))`, titleWindow, listingTitles)

const entityCols = `e.id, e.name, e.type, e.linked, e.country, e.sector, e.actor, e.articles, e.mentions, `

func scanEntitySummary(sc interface{ Scan(...any) error }, seq *int64) (news.EntitySummary, error) {
	var (
		es     news.EntitySummary
		titles sql.NullString
	)
	dst := []any{&es.ID, &es.Name, &es.Type, &es.Linked, &es.Country, &es.Sector, &es.Actor,
		&es.Articles, &es.Mentions, &titles}
	if seq != nil {
		dst = append(dst, seq)
	}
	if err := sc.Scan(dst...); err != nil {
		return es, err
	}
	if titles.String != "" {
		es.Titles = strings.Split(titles.String, "\x1f")
	}
	return es, nil
}

// foldQuery prepares EntityFilter.Query for LIKE: control characters
// (a NUL would end the pattern early) and invalid bytes become blanks,
// the ends are trimmed, and the rest is lower-cased like entities.folded.
func foldQuery(q string) string {
	q = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(q, " "))
	return strings.ToLower(strings.TrimSpace(q))
}

// likeEscaper escapes LIKE's wildcards (with \ as the escape character).
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// Entities lists entities that appear in at least one article that is
// not a duplicate, in most articles first, then by name and ID; see
// news.Store. Query is a case-insensitive substring of the name or ID.
func (s *Store) Entities(ctx context.Context, f news.EntityFilter) ([]news.EntitySummary, error) {
	const op = "sqlite.Entities"
	if f.Limit < 0 || f.Offset < 0 {
		return nil, news.E(op, news.KindInvalid, fmt.Sprintf("negative limit (%d) or offset (%d)", f.Limit, f.Offset))
	}
	limit := f.Limit
	if limit == 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	where := []string{"e.articles > 0"}
	var args []any
	cond := func(c string, a ...any) { where = append(where, c); args = append(args, a...) }
	if q := foldQuery(f.Query); q != "" {
		cond(`e.folded LIKE ? ESCAPE '\'`, "%"+likeEscaper.Replace(q)+"%")
	}
	if f.Type != "" {
		cond("e.type = ?", f.Type)
	}
	if f.Country != "" {
		cond("e.country = ?", strings.ToUpper(f.Country))
	}
	if f.Sector != "" {
		cond("e.sector = ?", strings.ToUpper(f.Sector))
	}
	args = append(args, limit, f.Offset)
	rows, err := s.r.QueryContext(ctx, `SELECT `+entityCols+titlesSQL+` FROM entities e WHERE `+
		strings.Join(where, " AND ")+` ORDER BY e.articles DESC, e.name, e.id LIMIT ? OFFSET ?`, args...)
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
// articles first, then alphabetically), its roles (once per article and
// title, ignoring case, among its 1,000 most recent role rows; returned
// oldest first) and the articles it appears in (the 1,000 most recent,
// newest first), all from articles that are not duplicates; see
// news.Store.
func (s *Store) Entity(ctx context.Context, id string) (*news.EntityDetail, error) {
	const op = "sqlite.Entity"
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, wrap(op, err)
	}
	defer tx.Rollback()
	var seq int64
	es, err := scanEntitySummary(tx.QueryRowContext(ctx, `SELECT `+entityCols+titlesSQL+`, e.seq
		FROM entities e WHERE e.id = ? AND e.articles > 0`, id), &seq)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, news.E(op, news.KindNotFound, fmt.Errorf("entity %q not found", id))
	}
	if err != nil {
		return nil, wrap(op, fmt.Errorf("entity %s: %w", id, err))
	}
	d := &news.EntityDetail{EntitySummary: es, Aliases: []string{}, Roles: []news.EntityRole{},
		Appearances: []news.EntityAppearance{}}

	rows, err := tx.QueryContext(ctx, `SELECT ea.aliases FROM entity_articles ea
		JOIN articles a ON a.seq = ea.article_seq
		WHERE ea.entity_seq = ? AND a.duplicate_of IS NULL AND ea.aliases IS NOT NULL`, seq)
	if err != nil {
		return nil, wrap(op, fmt.Errorf("entity %s: aliases: %w", id, err))
	}
	freq := map[string]int{}
	for rows.Next() {
		var list string
		if err := rows.Scan(&list); err != nil {
			rows.Close()
			return nil, wrap(op, fmt.Errorf("entity %s: aliases: %w", id, err))
		}
		for t := range strings.SplitSeq(list, "\x1f") {
			freq[t]++
		}
	}
	err = rows.Err()
	rows.Close()
	if err != nil {
		return nil, wrap(op, fmt.Errorf("entity %s: aliases: %w", id, err))
	}
	for t := range freq {
		d.Aliases = append(d.Aliases, t)
	}
	slices.SortFunc(d.Aliases, func(x, y string) int {
		if c := cmp.Compare(freq[y], freq[x]); c != 0 {
			return c
		}
		return strings.Compare(x, y)
	})
	if len(d.Aliases) > maxEntityAliases {
		d.Aliases = d.Aliases[:maxEntityAliases]
	}

	// The evidence is cut from the article text as bytes: substr on TEXT
	// counts characters, on a BLOB bytes.
	rows, err = tx.QueryContext(ctx, `SELECT * FROM (
		SELECT a.id, a.title, r.date, r.title, r.org, r.country, r.sector, r.former, r.pattern,
			r.ev_start, r.ev_end,
			CASE WHEN r.ev_end > r.ev_start
				THEN substr(CAST(a.text AS BLOB), r.ev_start + 1, r.ev_end - r.ev_start) ELSE X'' END,
			a.sort_at AS sort_at, r.idx AS idx, r.n AS n
		FROM entity_roles r JOIN articles a ON a.seq = r.article_seq
		WHERE r.entity_seq = ? AND a.duplicate_of IS NULL
		ORDER BY a.sort_at DESC, a.id DESC, r.idx DESC, r.n DESC LIMIT ?)
		ORDER BY sort_at, 1, idx, n`, seq, maxEntityRoles)
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
			r         news.EntityRole
			ev        []byte
			sortAt    int64
			idx, n    int
			articleID string
		)
		if err := rows.Scan(&articleID, &r.ArticleTitle, &r.Date, &r.Title, &r.Org, &r.Country, &r.Sector,
			&r.Former, &r.Pattern, &r.Start, &r.End, &ev, &sortAt, &idx, &n); err != nil {
			rows.Close()
			return nil, wrap(op, fmt.Errorf("entity %s: roles: %w", id, err))
		}
		r.ArticleID, r.Evidence = articleID, string(ev)
		// An article that repeats a title ("President X" … "President
		// X" again) gives it once, with its first evidence.
		k := roleKey{articleID, strings.ToLower(r.Title), r.Org, r.Country, r.Former, r.Pattern == "kb"}
		if seen[k] {
			continue
		}
		seen[k] = true
		d.Roles = append(d.Roles, r)
	}
	err = rows.Err()
	rows.Close()
	if err != nil {
		return nil, wrap(op, fmt.Errorf("entity %s: roles: %w", id, err))
	}

	rows, err = tx.QueryContext(ctx, `SELECT a.id, a.title, a.published, SUM(ea.mentions)
		FROM entity_articles ea JOIN articles a ON a.seq = ea.article_seq
		WHERE ea.entity_seq = ? AND a.duplicate_of IS NULL
		GROUP BY a.seq ORDER BY a.sort_at DESC, a.id LIMIT ?`, seq, maxEntityAppearances)
	if err != nil {
		return nil, wrap(op, fmt.Errorf("entity %s: articles: %w", id, err))
	}
	defer rows.Close()
	for rows.Next() {
		var ap news.EntityAppearance
		var published sql.NullInt64
		if err := rows.Scan(&ap.ArticleID, &ap.Title, &published, &ap.Mentions); err != nil {
			return nil, wrap(op, fmt.Errorf("entity %s: articles: %w", id, err))
		}
		ap.Published = fromMS(published)
		d.Appearances = append(d.Appearances, ap)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(op, fmt.Errorf("entity %s: articles: %w", id, err))
	}
	return d, nil
}
