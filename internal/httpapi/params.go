package httpapi

import (
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/readout/readout/internal/news"
)

// Listing limits: every listing is paged; no request reads more than
// maxLimit rows (downloads page through at most maxExport).
const (
	defaultLimit = 50
	maxLimit     = 1000
	maxOffset    = 1_000_000
	maxExport    = 100_000
)

// params reads query parameters, remembering the first error.
type params struct {
	q   url.Values
	err error
}

func newParams(r *http.Request) *params { return &params{q: r.URL.Query()} }

func (p *params) fail(name string, err error) {
	if p.err == nil {
		p.err = news.E(name, news.KindInvalid, err)
	}
}

func (p *params) str(name string) string { return strings.TrimSpace(p.q.Get(name)) }

func (p *params) int(name string, def, lo, hi int) int {
	v := p.str(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		p.fail(name, errors.New("not a whole number"))
		return def
	}
	if n < lo || n > hi {
		p.fail(name, errors.New("out of range "+strconv.Itoa(lo)+".."+strconv.Itoa(hi)))
		return def
	}
	return n
}

// date accepts 2006-01-02 or RFC 3339.
func (p *params) date(name string) time.Time {
	v := p.str(name)
	if v == "" {
		return time.Time{}
	}
	if t, err := time.Parse("2006-01-02", v); err == nil {
		return t
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		p.fail(name, errors.New("want YYYY-MM-DD or RFC 3339"))
	}
	return t
}

func (p *params) oneOf(name string, allowed ...string) string {
	v := p.str(name)
	if v == "" {
		return ""
	}
	for _, a := range allowed {
		if strings.EqualFold(v, a) {
			return a
		}
	}
	p.fail(name, errors.New("want one of "+strings.Join(allowed, ", ")))
	return ""
}

// page is the position in a listing: limit and offset, from either the
// opaque cursor of a previous response or the limit/offset parameters.
type page struct {
	Limit, Offset int
}

// page reads limit, cursor and (for old clients) offset.
func (p *params) page(def int) page {
	pg := page{Limit: p.int("limit", def, 1, maxLimit)}
	if c := p.str("cursor"); c != "" {
		off, err := decodeCursor(c)
		if err != nil {
			p.fail("cursor", err)
		}
		pg.Offset = off
		return pg
	}
	pg.Offset = p.int("offset", 0, 0, maxOffset)
	return pg
}

// fetch is how many rows to ask the store for: one more than the page,
// to know whether another page follows.
func (pg page) fetch() int { return min(pg.Limit+1, maxLimit) }

// trim cuts a fetched list to the page and returns the cursor of the
// next page ("" when this is the last).
func trim[T any](pg page, list []T) ([]T, string) {
	if list == nil {
		list = []T{}
	}
	more := len(list) > pg.Limit || (pg.Limit == maxLimit && len(list) == maxLimit)
	if len(list) > pg.Limit {
		list = list[:pg.Limit]
	}
	if !more || pg.Offset+pg.Limit > maxOffset {
		return list, ""
	}
	return list, encodeCursor(pg.Offset + pg.Limit)
}

// Cursors are opaque to clients: "c1." and the base64url of the offset.
// The prefix versions the format so it can become a keyset later.
const cursorPrefix = "c1."

func encodeCursor(offset int) string {
	return cursorPrefix + base64.RawURLEncoding.EncodeToString([]byte("o:"+strconv.Itoa(offset)))
}

func decodeCursor(c string) (int, error) {
	bad := errors.New("not a cursor from this API")
	rest, ok := strings.CutPrefix(c, cursorPrefix)
	if !ok {
		return 0, bad
	}
	b, err := base64.RawURLEncoding.DecodeString(rest)
	if err != nil {
		return 0, bad
	}
	v, ok := strings.CutPrefix(string(b), "o:")
	if !ok {
		return 0, bad
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > maxOffset {
		return 0, bad
	}
	return n, nil
}

// listing is the envelope of every paged response.
func listing(key string, items any, pg page, next string) map[string]any {
	m := map[string]any{key: items, "limit": pg.Limit, "offset": pg.Offset}
	if next != "" {
		m["next_cursor"] = next
	}
	return m
}
