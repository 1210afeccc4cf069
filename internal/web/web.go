// Package web holds readout's HTML templates and static files, embedded in
// the binary so that the pages work offline with no CDN, and the helpers
// that turn extracted facts into safe HTML (highlighted article text, SVG
// timelines and graphs). It renders; it does not route or touch the store
// (that is httpapi).
package web

import (
	"embed"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/readout/readout/internal/news"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Pages is the parsed set of templates.
type Pages struct {
	byName map[string]*template.Template
}

// PageNames are the pages Render knows.
var PageNames = []string{"home", "search", "article", "entity", "story", "events", "error"}

var funcs = template.FuncMap{
	"date": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format("2 Jan 2006")
	},
	"datetime": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(time.RFC3339)
	},
	"highlight": Highlight,
	"mark":      MarkTerms,
	"join":      strings.Join,
	"entityURL": EntityURL,
	"pathesc":   url.PathEscape,
	"pct":       func(f float64) string { return fmt.Sprintf("%.0f%%", 100*f) },
	"add":       func(a, b int) int { return a + b },
	"eventDate": func(d *news.EventDate) string {
		if d == nil {
			return ""
		}
		if !d.Begin.IsZero() {
			return d.Begin.Format("2006-01-02")
		}
		return d.Text
	},
	"query":     Query,
	"eventHref": EventHref,
	"lower":     strings.ToLower,
	// isEntity tells an entity ID ("per:jane-roe") from an actor code.
	"isEntity": func(s string) bool { return strings.Contains(s, ":") },
}

// Load parses the templates: each page with the shared layout.
func Load() (*Pages, error) {
	p := &Pages{byName: map[string]*template.Template{}}
	for _, name := range PageNames {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return nil, news.E("web.Load", news.KindInternal, err)
		}
		p.byName[name] = t
	}
	return p, nil
}

// Render writes the named page.
func (p *Pages) Render(w io.Writer, name string, data any) error {
	t, ok := p.byName[name]
	if !ok {
		return news.E("web.Render", news.KindNotFound, "no page "+name)
	}
	return t.Execute(w, data)
}

// Static serves the embedded static files.
func Static() http.Handler {
	sub, _ := fs.Sub(staticFS, "static")
	return http.FileServer(http.FS(sub))
}

// Query builds a query string from name/value pairs, leaving out empty
// values: query "q" .Q "offset" 50 → "q=…&offset=50". A map value adds
// all its pairs. The result is percent-encoded, safe in a URL.
func Query(kv ...any) template.URL {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		name := fmt.Sprint(kv[i])
		switch x := kv[i+1].(type) {
		case map[string]string:
			for k, s := range x {
				if s != "" {
					v.Set(k, s)
				}
			}
			continue
		case string:
			if x == "" {
				continue
			}
			v.Set(name, x)
		default:
			s := fmt.Sprint(x)
			if s == "" || s == "0" {
				continue
			}
			v.Set(name, s)
		}
	}
	return template.URL(v.Encode())
}

// Highlight escapes s for HTML but keeps the <mark> and </mark> tags the
// store puts around search hits.
func Highlight(s string) template.HTML {
	const open, close = "\uE000", "\uE001"
	s = strings.NewReplacer(open, "", close, "").Replace(s)
	s = strings.ReplaceAll(s, news.HighlightStart, open)
	s = strings.ReplaceAll(s, news.HighlightEnd, close)
	s = template.HTMLEscapeString(s)
	s = strings.ReplaceAll(s, open, "<mark>")
	s = strings.ReplaceAll(s, close, "</mark>")
	return template.HTML(s)
}

// MarkTerms escapes s and marks the words of query that occur in it
// (case-insensitive, at word starts).
func MarkTerms(s, query string) template.HTML {
	var terms []string
	for _, w := range strings.FieldsFunc(query, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if utf8.RuneCountInString(w) >= 2 && !strings.EqualFold(w, "or") {
			terms = append(terms, strings.ToLower(w))
		}
	}
	if len(terms) == 0 {
		return template.HTML(template.HTMLEscapeString(s))
	}
	lower := strings.ToLower(s)
	if len(lower) != len(s) { // case folding changed lengths: do not guess offsets
		return template.HTML(template.HTMLEscapeString(s))
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		hit := 0
		if i == 0 || !wordBefore(s, i) {
			for _, t := range terms {
				if strings.HasPrefix(lower[i:], t) {
					hit = max(hit, len(t))
				}
			}
		}
		if hit > 0 {
			b.WriteString("<mark>" + template.HTMLEscapeString(s[i:i+hit]) + "</mark>")
			i += hit
			continue
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		b.WriteString(template.HTMLEscapeString(s[i : i+size]))
		i += size
	}
	return template.HTML(b.String())
}

// wordBefore reports whether a letter or digit ends s[:i].
func wordBefore(s string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// Block is a block of an article ready to render: Text is
// Article.Text[Start:End].
type Block struct {
	Kind       news.BlockKind
	Start, End int
	Text       string
}

// BlocksOf cuts an article's text into its blocks (paragraphs split at
// blank lines for an article without structure).
func BlocksOf(a *news.Article) []Block {
	if len(a.Blocks) == 0 {
		var out []Block
		off := 0
		for _, p := range strings.Split(a.Text, "\n\n") {
			start, end := off, off+len(p)
			off = end + 2
			lead := len(p) - len(strings.TrimLeftFunc(p, unicode.IsSpace))
			trail := len(p) - len(strings.TrimRightFunc(p, unicode.IsSpace))
			if start+lead >= end-trail {
				continue
			}
			out = append(out, Block{Kind: news.BlockParagraph, Start: start + lead, End: end - trail, Text: a.Text[start+lead : end-trail]})
		}
		return out
	}
	out := make([]Block, 0, len(a.Blocks))
	for _, b := range a.Blocks {
		if b.Start < 0 || b.End > len(a.Text) || b.Start > b.End {
			continue
		}
		out = append(out, Block{Kind: b.Kind, Start: b.Start, End: b.End, Text: a.Text[b.Start:b.End]})
	}
	return out
}

// EventHref links an event mention to its note on its article's page.
// The mention's ID is "<article id>:<index in Article.Events>".
func EventHref(e news.EventSummary) string {
	href := "/articles/" + url.PathEscape(e.ArticleID)
	if i := strings.LastIndexByte(e.ID, ':'); i >= 0 {
		if n, err := strconv.Atoi(e.ID[i+1:]); err == nil && n >= 0 {
			return href + "#event-" + strconv.Itoa(n+1)
		}
	}
	return href
}
