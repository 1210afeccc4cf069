package web

import (
	"strings"
	"testing"
	"time"

	"github.com/readout/readout/internal/news"
)

func TestHighlightEscapesAllButMarks(t *testing.T) {
	got := string(Highlight(`<script>x</script> a <mark>truce</mark> & "b"`))
	want := `&lt;script&gt;x&lt;/script&gt; a <mark>truce</mark> &amp; &#34;b&#34;`
	if got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
}

func TestRenderPages(t *testing.T) {
	p, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	list := []news.ArticleSummary{
		{ID: "a1", Title: "Talks <resume>", Site: "The Tidewater Gazette", Published: time.Date(2025, 3, 4, 0, 0, 0, 0, time.UTC), Language: "en", Words: 300, Snippet: "the <mark>harbour</mark> talks"},
		{ID: "a2", Title: "", Language: "fr", Words: 10, DuplicateOf: "a1"},
	}
	err = p.Render(&b, "home", map[string]any{"Filter": news.ArticleFilter{Query: "harbour", Limit: 2}, "Articles": list,
		"Stats": news.Stats{Articles: 2}, "Next": 2, "Prev": 0, "HasPrev": false})
	if err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"<mark>harbour</mark>", "Talks &lt;resume&gt;", "(untitled)", "duplicate of", "4 Mar 2025", "</html>"} {
		if !strings.Contains(out, want) {
			t.Errorf("home page lacks %q\n%s", want, out)
		}
	}
	a := &news.Article{ID: "a1", Title: "Talks", Text: "Heading\n\nBody text.", Language: "en",
		Blocks:  []news.Block{{Kind: news.BlockHeading, Start: 0, End: 7}, {Kind: news.BlockParagraph, Start: 9, End: 19}},
		Removed: []string{"Share this"}}
	b.Reset()
	if err := p.Render(&b, "article", map[string]any{"Article": a, "Blocks": BlocksOf(a)}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<h2>Heading</h2>", "<p>Body text.</p>", "Share this", "</html>"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("article page lacks %q", want)
		}
	}
}
