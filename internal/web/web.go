// Package web holds readout's HTML templates and static files, embedded in
// the binary so that the page works offline with no CDN. It renders; it
// does not route or touch the store (that is httpapi).
package web

import (
	"embed"
	"html/template"
	"io"
	"io/fs"
	"net/http"
	"strings"
	"time"

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
	"join":      strings.Join,
}

// Load parses the templates: each page with the shared layout.
func Load() (*Pages, error) {
	p := &Pages{byName: map[string]*template.Template{}}
	for _, name := range []string{"home", "article", "error"} {
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

// Block is a block of an article ready to render.
type Block struct {
	Kind news.BlockKind
	Text string
}

// BlocksOf cuts an article's text into its blocks (one paragraph block for
// an article without structure).
func BlocksOf(a *news.Article) []Block {
	if len(a.Blocks) == 0 {
		var out []Block
		for _, p := range strings.Split(a.Text, "\n\n") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, Block{Kind: news.BlockParagraph, Text: p})
			}
		}
		return out
	}
	out := make([]Block, 0, len(a.Blocks))
	for _, b := range a.Blocks {
		if b.Start < 0 || b.End > len(a.Text) || b.Start > b.End {
			continue
		}
		out = append(out, Block{Kind: b.Kind, Text: a.Text[b.Start:b.End]})
	}
	return out
}
