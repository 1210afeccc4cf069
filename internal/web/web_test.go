package web

import (
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/readout/readout/internal/news"
)

func TestHighlightEscapesAllButMarks(t *testing.T) {
	got := string(Highlight(`<script>x</script> a <mark>truce</mark> & "b"`))
	want := `&lt;script&gt;x&lt;/script&gt; a <mark>truce</mark> &amp; &#34;b&#34;`
	if got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
}

func TestMarkTerms(t *testing.T) {
	cases := []struct{ text, q, want string }{
		{"The corridor opens", "corridor", "The <mark>corridor</mark> opens"},
		{"Corridors <b>", "corridor", "<mark>Corridor</mark>s &lt;b&gt;"},
		{"a decorridor", "corridor", "a decorridor"},
		{"x < y", "<script>", "x &lt; y"},
		{"Talks OR truce", "talks OR truce", "<mark>Talks</mark> OR <mark>truce</mark>"},
	}
	for _, c := range cases {
		if got := string(MarkTerms(c.text, c.q)); got != c.want {
			t.Errorf("MarkTerms(%q, %q) = %q, want %q", c.text, c.q, got, c.want)
		}
	}
}

func TestQuery(t *testing.T) {
	got := string(Query("q", "a&b", "offset", 0, "f", map[string]string{"type": "AID", "mode": ""}, "n", 2))
	if got != "n=2&q=a%26b&type=AID" {
		t.Errorf("Query = %q", got)
	}
}

func TestRenderPages(t *testing.T) {
	p, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	a := &news.Article{ID: "a1", Title: "Talks", Text: "Heading\n\nBody text.", Language: "en",
		Blocks:  []news.Block{{Kind: news.BlockHeading, Start: 0, End: 7}, {Kind: news.BlockParagraph, Start: 9, End: 19}},
		Removed: []string{"Share this"}}
	if err := p.Render(&b, "article", map[string]any{"Article": a, "Annotated": Annotate(a), "Furniture": true}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<h2>Heading</h2>", "<p>Body text.</p>", "Share this", "</html>"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("article page lacks %q", want)
		}
	}
	if err := p.Render(&b, "nope", nil); !news.IsKind(err, news.KindNotFound) {
		t.Errorf("unknown page: %v", err)
	}
}

func TestBlocksOfPlainText(t *testing.T) {
	a := &news.Article{Text: "One.\n\n  Two.  \n\n\n\nThree."}
	var got []string
	for _, b := range BlocksOf(a) {
		if a.Text[b.Start:b.End] != b.Text {
			t.Errorf("block offsets %d-%d do not match %q", b.Start, b.End, b.Text)
		}
		got = append(got, b.Text)
	}
	if strings.Join(got, "|") != "One.|Two.|Three." {
		t.Errorf("blocks %q", got)
	}
}

func annotated(text string) *news.Article {
	return &news.Article{Text: text, Blocks: []news.Block{{Kind: news.BlockParagraph, Start: 0, End: len(text)}}}
}

func TestAnnotate(t *testing.T) {
	text := `“We will sail,” Ana Ruiz said, and the ferry left.`
	a := annotated(text)
	at := func(s string) (int, int) { i := strings.Index(text, s); return i, i + len(s) }
	qs, qe := at("We will sail,")
	ns, ne := at("Ana Ruiz")
	ws, we := at("will sail") // a mention crossing the quote's end
	ts, te := at("left")
	a.Entities = []news.Entity{
		{ID: "per:ana-ruiz", Name: "Ana Ruiz", Type: "person", Mentions: []news.Mention{{Start: ns, End: ne}}},
		{ID: "misc:x", Name: "X", Type: "misc", Mentions: []news.Mention{{Start: ws, End: we + 3}, {Start: -1, End: 4}, {Start: 5, End: 999}}},
	}
	a.Quotes = []news.Quote{{Start: qs, End: qe, Kind: news.QuoteDirect, Speaker: &news.Speaker{Text: "Ana Ruiz", EntityID: "per:ana-ruiz"}}}
	a.Events = []news.Event{{Type: news.EventRetreat, Status: news.StatusOccurred, Trigger: news.EventTrigger{Text: "left", Start: ts, End: te}},
		{Type: news.EventAid, Trigger: news.EventTrigger{Start: ns, End: ns + 3}}} // overlaps a mention: no link in a link
	got := Annotate(a)
	if len(got.Blocks) != 1 || len(got.Quotes) != 1 || len(got.Events) != 2 {
		t.Fatalf("annotated: %+v", got)
	}
	h := string(got.Blocks[0].HTML)
	for _, want := range []string{
		`<a class="ent ent-person" href="/entities/per:ana-ruiz" title="Ana Ruiz · person">Ana Ruiz</a>`,
		`<span class="quote q-direct" title="direct quotation by Ana Ruiz">We `,
		`<a class="qref" href="#quote-1"`,
		`<a class="trig trig-retreat" href="#event-1"`,
	} {
		if !strings.Contains(h, want) {
			t.Errorf("annotated text lacks %q:\n%s", want, h)
		}
	}
	if got.Quotes[0].SpeakerEntityID != "per:ana-ruiz" || got.Quotes[0].Text != "We will sail," {
		t.Errorf("quote note %+v", got.Quotes[0])
	}
	checkNesting(t, h, text)
}

// checkNesting parses annotated HTML and checks that it is balanced,
// has no link inside a link, and that its text is the original text.
func checkNesting(t *testing.T, h, text string) {
	t.Helper()
	z := html.NewTokenizer(strings.NewReader(h))
	var stack []string
	var txt strings.Builder
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		tok := z.Token()
		switch tt {
		case html.StartTagToken:
			if tok.Data == "a" {
				for _, s := range stack {
					if s == "a" {
						t.Fatalf("link inside a link: %s", h)
					}
				}
			}
			stack = append(stack, tok.Data)
			for _, at := range tok.Attr {
				if at.Key == "class" && at.Val == "qref" {
					stack[len(stack)-1] = "qref"
				}
			}
		case html.EndTagToken:
			if len(stack) == 0 || (stack[len(stack)-1] != tok.Data && !(stack[len(stack)-1] == "qref" && tok.Data == "a")) {
				t.Fatalf("unbalanced </%s> in %s", tok.Data, h)
			}
			stack = stack[:len(stack)-1]
		case html.TextToken:
			if !contains(stack, "qref") {
				txt.WriteString(tok.Data)
			}
		}
	}
	if len(stack) > 0 {
		t.Fatalf("unclosed %v in %s", stack, h)
	}
	// The tokenizer reads CR and CRLF as LF, as browsers do.
	norm := strings.NewReplacer("\r\n", "\n", "\r", "\n")
	if norm.Replace(txt.String()) != norm.Replace(text) {
		t.Fatalf("text changed:\n%q\n%q", txt.String(), text)
	}
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// FuzzAnnotate throws arbitrary spans at Annotate: it must not panic,
// must nest, and must keep the text.
func FuzzAnnotate(f *testing.F) {
	f.Add("Ana <b>met</b> Bo in Kisumu & left.", 0, 3, 4, 12, 8, 20, 2, 30)
	f.Add("é“x”", 1, 2, 0, 5, 3, 4, -1, 2)
	f.Fuzz(func(t *testing.T, text string, m1, m2, q1, q2, t1, t2, m3, m4 int) {
		if !strings.Contains(text, "\x00") && len(text) > 0 && isUTF8(text) {
			a := annotated(text)
			a.Entities = []news.Entity{{ID: "e", Name: "E", Mentions: []news.Mention{{Start: m1, End: m2}, {Start: m3, End: m4}}}}
			a.Quotes = []news.Quote{{Start: q1, End: q2}, {Start: m1, End: q2, Parts: []news.Span{{Start: m1, End: m2}, {Start: q1, End: q2}}}}
			a.Events = []news.Event{{Trigger: news.EventTrigger{Start: t1, End: t2}}}
			for _, b := range Annotate(a).Blocks {
				if boundaryOK(text, m1, m2, q1, q2, t1, t2, m3, m4) {
					checkNesting(t, string(b.HTML), html.UnescapeString(html.EscapeString(text)))
				}
			}
		}
	})
}

func isUTF8(s string) bool { return strings.ToValidUTF8(s, "") == s }

// boundaryOK reports whether every offset that is inside the text falls
// on a character boundary (the extractors only produce such spans; the
// renderer does not repair split characters).
func boundaryOK(text string, offs ...int) bool {
	for _, o := range offs {
		if o > 0 && o < len(text) && (text[o]&0xC0) == 0x80 {
			return false
		}
	}
	return true
}

func TestSVG(t *testing.T) {
	d := func(n int) time.Time { return time.Date(2025, 5, n, 0, 0, 0, 0, time.UTC) }
	svg := string(Timeline([]TimePoint{{Date: d(1), Lane: "as actor", Label: `<x> & "y"`, Href: "/articles/a1#event-1", Tone: 1},
		{Date: d(3), Lane: "as recipient", Label: "b", Tone: -1}, {Lane: "undated"}}))
	for _, want := range []string{`<svg class="timeline"`, `class="pt coop"`, `class="pt conf"`, `<a href="/articles/a1#event-1">`, `&lt;x&gt; &amp; &#34;y&#34;`, "as recipient"} {
		if !strings.Contains(svg, want) {
			t.Errorf("timeline lacks %q:\n%s", want, svg)
		}
	}
	if strings.Contains(svg, "undated") {
		t.Errorf("undated point drawn")
	}
	if Timeline(nil) != "" || Network("x", nil) != "" {
		t.Errorf("empty charts should be empty")
	}
	net := string(Network("Ana <Ruiz>", []Node{{Label: "Kenya", Href: "/entities/country:KEN", In: 1, Out: 3}, {Label: "Bo", Out: 1}}))
	for _, want := range []string{`<svg class="network"`, `Ana &lt;Ruiz&gt;`, `<a href="/entities/country:KEN">`, `stroke-width="8.0"`, `class="edge out"`} {
		if !strings.Contains(net, want) {
			t.Errorf("network lacks %q:\n%s", want, net)
		}
	}
}

func BenchmarkAnnotate(b *testing.B) {
	text := strings.Repeat("Ana Ruiz met officials in Kisumu and said “we will sail” on Monday. ", 60)
	a := annotated(text)
	var ms []news.Mention
	for i := 0; i+8 < len(text); i += 70 {
		ms = append(ms, news.Mention{Start: i, End: i + 8})
		a.Quotes = append(a.Quotes, news.Quote{Start: i + 47, End: i + 60})
		a.Events = append(a.Events, news.Event{Trigger: news.EventTrigger{Start: i + 9, End: i + 12}})
	}
	a.Entities = []news.Entity{{ID: "per:ana-ruiz", Mentions: ms}}
	b.ReportAllocs()
	for b.Loop() {
		Annotate(a)
	}
}
