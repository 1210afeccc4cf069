package source

import (
	"bytes"
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/readout/readout/internal/news"
)

// Field aliases, by normalised key (lower case, without "_", "-", " ").
// Earlier aliases win.
var (
	htmlKeys = []string{"html", "rawhtml", "contenthtml", "bodyhtml", "htmlcontent", "htmlbody", "pagehtml", "sourcehtml"}
	textKeys = []string{"text", "content", "body", "maintext", "fulltext", "articletext", "articlebody",
		"plaintext", "bodytext", "contenttext", "textcontent", "story"}
	urlKeys       = []string{"url", "link", "uri", "href", "permalink", "articleurl", "pageurl", "canonicalurl", "targeturi", "warctargeturi"}
	titleKeys     = []string{"title", "headline", "heading"}
	publishedKeys = []string{"published", "publishedat", "publishdate", "publisheddate", "publicationdate", "datepublished",
		"datepublish", "pubdate", "date", "datetime", "firstpublished", "time", "timestamp", "createdat", "created"}
	sourceKeys = []string{"source", "sourcename", "publisher", "sitename", "site", "outlet", "newspaper",
		"publication", "sourcedomain", "domain"}
	// listKeys hold arrays of records in wrapper objects such as a news
	// API's {"status": "ok", "articles": [...]}.
	listKeys = []string{"articles", "items", "documents", "docs", "records", "results", "data", "entries", "posts", "stories", "hits"}
)

func normKey(k string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '_', '-', ' ', '.':
			return -1
		}
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, k)
}

// fields indexes a record's values by normalised key; for duplicate keys
// after normalisation the lexically first original key wins.
type fields map[string]json.RawMessage

func index(obj map[string]json.RawMessage) (fields, []string) {
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	f := make(fields, len(obj))
	for _, k := range keys {
		nk := normKey(k)
		if _, ok := f[nk]; !ok {
			f[nk] = obj[k]
		}
	}
	return f, keys
}

// first returns the first non-empty string among the aliases.
func (f fields) first(aliases []string) (string, string) {
	for _, a := range aliases {
		if raw, ok := f[a]; ok {
			if s := strings.TrimSpace(stringOf(raw)); s != "" {
				return s, a
			}
		}
	}
	return "", ""
}

// stringOf returns a JSON value as text: a string as is, a number as
// written, an object by its "rendered"/"text"/"name"/"value" member, an
// array of strings joined by blank lines.
func stringOf(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return ""
	}
	switch raw[0] {
	case '"':
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
	case '{':
		var obj map[string]json.RawMessage
		if json.Unmarshal(raw, &obj) != nil {
			return ""
		}
		f, _ := index(obj)
		for _, k := range []string{"rendered", "text", "name", "value", "html", "content", "title", "href", "url"} {
			if v, ok := f[k]; ok {
				if s := stringOf(v); s != "" {
					return s
				}
			}
		}
	case '[':
		var list []json.RawMessage
		if json.Unmarshal(raw, &list) != nil {
			return ""
		}
		var parts []string
		for _, el := range list {
			el = bytes.TrimSpace(el)
			if len(el) > 0 && el[0] == '"' {
				if s := strings.TrimSpace(stringOf(el)); s != "" {
					parts = append(parts, s)
				}
			}
		}
		return strings.Join(parts, "\n\n")
	case 't', 'f', 'n':
		return ""
	default:
		return string(raw) // a number
	}
	return ""
}

// wrappedRecords returns the list of records an object wraps, when it has
// no body of its own but an array under a list key.
func wrappedRecords(obj map[string]json.RawMessage) ([]json.RawMessage, string) {
	f, _ := index(obj)
	if s, _ := f.first(htmlKeys); s != "" {
		return nil, ""
	}
	if s, _ := f.first(textKeys); s != "" {
		return nil, ""
	}
	for _, k := range listKeys {
		raw := bytes.TrimSpace(f[k])
		if len(raw) == 0 || raw[0] != '[' {
			continue
		}
		var list []json.RawMessage
		if json.Unmarshal(raw, &list) == nil {
			return list, k
		}
	}
	return nil, ""
}

// record turns one JSON object into a document, or rejects it.
func record(origin string, obj map[string]json.RawMessage) Item {
	f, keys := index(obj)
	doc := news.Document{Origin: origin}
	if s, _ := f.first(htmlKeys); s != "" {
		doc.Format, doc.Body = news.FormatHTML, []byte(s)
	} else if s, _ := f.first(textKeys); s != "" {
		doc.Format, doc.Body = sniffFormat([]byte(s)), []byte(s)
	} else {
		if len(keys) > 8 {
			keys = append(keys[:8:8], "…")
		}
		if len(keys) == 0 {
			return reject(origin, news.KindInvalid, "empty record: no text or html field")
		}
		return reject(origin, news.KindInvalid, "record has no text or html field (has %s)", strings.Join(keys, ", "))
	}
	// JSON strings are UTF-8 whatever a <meta charset> in them says.
	if doc.Format == news.FormatHTML {
		doc.ContentType = "text/html; charset=utf-8"
	} else {
		doc.ContentType = "text/plain; charset=utf-8"
	}
	doc.URL, _ = f.first(urlKeys)
	doc.Title, _ = f.first(titleKeys)
	doc.Source, _ = f.first(sourceKeys)
	for _, k := range publishedKeys {
		if raw, ok := f[k]; ok {
			if t, ok := ParseDate(stringOf(raw)); ok {
				doc.Published = t
				break
			}
		}
	}
	return Item{Doc: doc}
}

// dateLayouts are tried in order by ParseDate.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 -07:00",
	"2006-01-02 15:04:05 MST",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
	"2006/01/02 15:04:05",
	"2006/01/02",
	time.RFC1123Z,
	time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"Mon, 2 Jan 2006 15:04 -0700",
	"Mon, _2 Jan 2006 15:04:05 GMT",
	"2 Jan 2006 15:04:05 -0700",
	time.RFC850,
	time.ANSIC,
	time.UnixDate,
	time.RubyDate,
	time.RFC822Z,
	time.RFC822,
	"20060102150405", // WARC/0.x and ARC dates, Wayback timestamps
	"January 2, 2006 15:04",
	"January 2, 2006",
	"Jan 2, 2006",
	"2 January 2006",
	"2 Jan 2006",
	"20060102",
}

// ParseDate parses the date layouts met in news data: RFC 3339 (and WARC-
// Date), RFC 1123 and other e-mail/HTTP forms, "2006-01-02 15:04:05",
// "2006-01-02", "January 2, 2006", 14-digit WARC/Wayback timestamps, and
// Unix times in seconds or milliseconds. Times without a zone are UTC.
// Ambiguous forms such as 01/02/2006 are not accepted.
func ParseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 64 {
		return time.Time{}, false
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil && len(s) != 8 && len(s) != 14 {
		switch {
		case n >= 1e8 && n < 1e10: // seconds: 1973–2286
			return time.Unix(n, 0).UTC(), true
		case n >= 1e11 && n < 1e13: // milliseconds
			return time.UnixMilli(n).UTC(), true
		}
		return time.Time{}, false
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && strings.Contains(s, ".") && f >= 1e8 && f < 1e10 {
		sec := int64(f)
		return time.Unix(sec, int64((f-float64(sec))*1e9)).UTC(), true
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			if t.Year() < 1800 || t.Year() > 2200 {
				continue
			}
			return t, true
		}
	}
	return time.Time{}, false
}
