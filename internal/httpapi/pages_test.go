package httpapi

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/readout/readout/internal/news"
)

func TestPages(t *testing.T) {
	f := newFixture(t, nil)
	a1, a2 := f.ids[0], f.ids[1]
	cases := []struct {
		name, path string
		status     int
		contains   []string
	}{
		{"home", "/", 200, []string{"Talks in Nairobi", "2 sources", "Top actors", `href="/entities/per:liv-aarset"`, `href="/events?type=CONSULT"`, "Envoy visits Nairobi"}},
		{"home search keeps working", "/?q=corridor", 200, []string{"<mark>corridor</mark>"}},
		{"search", "/search?q=corridor", 200, []string{"<mark>corridor</mark>", "Quotes", `<mark>corridor</mark> must open`, "Envoy visits Nairobi"}},
		{"search entities", "/search?q=aarset", 200, []string{"Entities", `<mark>Aarset</mark>`}},
		{"search filters", "/search?entity=per:liv-aarset&lang=en", 200, []string{"Envoy visits Nairobi", "Talks resume in Nairobi", `value="per:liv-aarset"`}},
		{"search paged", "/search?limit=1", 200, []string{`rel="next"`, "cursor=c1."}},
		{"article", "/articles/" + a1, 200, []string{"<h1>Envoy visits Nairobi</h1>", "Fjord Post",
			`<a class="ent ent-person" href="/entities/per:liv-aarset" title="Liv Aarset · person · NORGOV">Liv Aarset</a>`,
			`<span class="quote q-direct"`, `href="#quote-1"`, `id="quote-1"`, `<a class="speaker" href="/entities/per:liv-aarset">Liv Aarset</a>`,
			`<a class="trig trig-consult" href="#event-1"`, `id="event-1"`, "CONSULT/visit", `href="/stories/s-nairobi"`,
			`href="https://fjordpost.example/envoy"`}},
		{"article two events", "/articles/" + a2, 200, []string{`href="#event-2"`, "ACCUSE"}},
		{"missing article", "/articles/nope", 404, []string{"Not found"}},
		{"entity", "/entities/per:liv-aarset", 200, []string{"<h1>Liv Aarset</h1>", "Roles over time", "Envoy Liv Aarset",
			`<svg class="timeline"`, `<svg class="network"`, "The corridor must open before the rains", "as actor", `href="/events?actor=per%3Aliv-aarset"`}},
		{"entity escaped id", "/entities/country%3AKEN", 200, []string{"<h1>Kenya</h1>", "As recipient"}},
		{"missing entity", "/entities/per:nobody", 404, []string{"Not found"}},
		{"story", "/stories/s-nairobi", 200, []string{"Talks in Nairobi", "Sources side by side", "Fjord Post", "Harbour Courier",
			"Envoy Liv Aarset met officials", "Merged events", "Sources disagree on: date", "Contradictions", "2025-05-06"}},
		{"missing story", "/stories/nope", 404, []string{"Not found"}},
		{"events", "/events", 200, []string{"ACCUSE", "CONSULT", `<svg class="timeline"`, `href="/api/v1/events?format=csv"`, `href="/api/v1/events?format=jsonl"`}},
		{"events filtered", "/events?type=ACCUSE", 200, []string{"accused", `href="/api/v1/events?format=csv&amp;type=ACCUSE"`, `<option selected>ACCUSE</option>`}},
		{"events paged", "/events?limit=1", 200, []string{`rel="next"`}},
		{"events bad filter", "/events?status=maybe", 400, []string{"status"}},
		{"no such page", "/nowhere", 404, []string{"Not found", "no page at /nowhere"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, body, hdr := get(t, f.srv.URL+tc.path)
			if code != tc.status {
				t.Fatalf("status %d, want %d: %s", code, tc.status, body)
			}
			if !strings.HasPrefix(hdr.Get("Content-Type"), "text/html") {
				t.Errorf("Content-Type %q", hdr.Get("Content-Type"))
			}
			for _, c := range tc.contains {
				if !strings.Contains(body, c) {
					t.Errorf("page lacks %q:\n%s", c, body)
				}
			}
			// CSP forbids inline script and style: the pages have none.
			if regexp.MustCompile(`<script|\sstyle=|\son[a-z]+=`).MatchString(body) {
				t.Errorf("page has inline script or style")
			}
		})
	}
}

// hostile is an invented article whose every field tries to run script.
const hostile = `<!doctype html><html><head><title>Harbour &lt;script&gt;alert(1)&lt;/script&gt; news</title>
<script>alert("head")</script></head><body><article>
<h1>Ferry <img src=x onerror="alert(2)"> service resumes</h1>
<p>The ferry <script>alert(3)</script> between Kisumu and Mwanza resumed on Monday, the operator said in a statement.</p>
<p onclick="alert(4)">Passengers <a href="javascript:alert(5)">booked</a> every seat &lt;img src=y onerror=alert(6)&gt; within an hour of the announcement.</p>
<p>"We are <b onmouseover="alert(7)">delighted</b> to sail again," said the harbour master, who asked for calm at the quay.</p>
<svg onload="alert(8)"><script>alert(9)</script></svg>
</article></body></html>`

// TestXSS sends hostile HTML through ingest and an article with hostile
// extracted fields through the store, then reads every page: nothing may
// come out as markup.
func TestXSS(t *testing.T) {
	var f *fixture
	f = newFixture(t, nil, WithIngest(testToken, func(ctx context.Context, d []news.Document) (any, error) {
		return testIngest(f.store)(ctx, d)
	}))
	req, _ := http.NewRequest("POST", f.srv.URL+"/api/v1/ingest?url=javascript:alert(10)&title=%3Cscript%3Ealert(11)%3C/script%3E", strings.NewReader(hostile))
	req.Header.Set("Content-Type", "text/html; charset=utf-8")
	req.Header.Set("Authorization", "Bearer "+testToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("ingest: %v %v", err, resp)
	}
	resp.Body.Close()
	// An article whose extracted facts carry markup, as a poisoned
	// knowledge base or a bug upstream might produce.
	evil := "<script>alert(12)</script> met \"><img src=x onerror=alert(13)> in Kisumu."
	a := &news.Article{Title: `"><script>alert(14)</script>`, Site: `<b onmouseover=alert(15)>Site</b>`, Language: "en",
		Text: evil, URL: "javascript:alert(16)", Format: news.FormatText, Removed: []string{"<script>alert(17)</script>"},
		Blocks: []news.Block{{Kind: news.BlockParagraph, Start: 0, End: len(evil)}}}
	a.ContentHash = news.BodyHash(evil)
	a.ID = news.ArticleID("", a.ContentHash)
	a.Entities = []news.Entity{{ID: `per:"><script>alert(18)</script>`, Name: `<img src=x onerror=alert(19)>`, Type: `person" onclick="alert(20)`,
		Mentions: []news.Mention{{Start: 0, End: 29, Text: evil[:29], Kind: news.MentionName}}}}
	a.Quotes = []news.Quote{{Start: 30, End: len(evil), Kind: news.QuoteDirect,
		Speaker: &news.Speaker{Text: "<script>alert(21)</script>", EntityID: `javascript:alert(22)`}}}
	a.Events = []news.Event{{Type: news.EventConsult, Mode: `"><script>alert(23)</script>`, Status: news.StatusOccurred,
		Actors:  []news.EventActor{{EntityID: `per:"><script>alert(18)</script>`, Text: "<script>alert(24)</script>", End: 5}},
		Trigger: news.EventTrigger{Text: "met", Start: 30, End: 33}, SentenceEnd: len(evil)}}
	if _, err := f.store.PutArticle(context.Background(), a, nil); err != nil {
		t.Fatal(err)
	}
	_, list, _ := get(t, f.srv.URL+"/api/v1/articles?q=ferry")
	m := regexp.MustCompile(`"id": "(a[0-9a-f]+)"`).FindStringSubmatch(list)
	if m == nil {
		t.Fatalf("uploaded article not found: %s", list)
	}
	pages := []string{"/articles/" + m[1], "/articles/" + m[1] + "?furniture=1", "/articles/" + a.ID, "/articles/" + a.ID + "?furniture=1",
		"/search?q=ferry", "/search?q=kisumu", "/search?q=%3Cscript%3E", "/", "/events", "/entities/" + "per:%22%3E%3Cscript%3Ealert(18)%3C%2Fscript%3E",
		"/search?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E"}
	for _, p := range pages {
		code, body, _ := get(t, f.srv.URL+p)
		if code != 200 {
			t.Errorf("%s: status %d", p, code)
			continue
		}
		for _, problem := range activeContent(body) {
			t.Errorf("%s: %s", p, problem)
		}
	}
	// The hostile text is still there, as text.
	_, body, _ := get(t, f.srv.URL+"/articles/"+a.ID)
	if !strings.Contains(body, "&lt;script&gt;alert(12)&lt;/script&gt;") {
		t.Errorf("escaped text missing")
	}
	if !strings.Contains(body, `href="#ZgotmplZ"`) && strings.Contains(body, "alert(16)") {
		t.Errorf("javascript: link not neutralised")
	}
}

// activeContent parses a page as a browser would and lists what could
// run: script-like elements, event-handler attributes, javascript: URLs,
// and elements our templates never emit (img, b), which can only come
// from article markup.
func activeContent(page string) []string {
	var out []string
	z := html.NewTokenizer(strings.NewReader(page))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		switch tok.Data {
		case "script", "iframe", "object", "embed", "img", "b", "base", "meta":
			if tok.Data == "meta" && len(tok.Attr) > 0 && (tok.Attr[0].Key == "charset" || tok.Attr[0].Key == "name") {
				break
			}
			out = append(out, "element <"+tok.Data+">")
		}
		for _, a := range tok.Attr {
			if strings.HasPrefix(strings.ToLower(a.Key), "on") {
				out = append(out, "attribute "+a.Key+" on <"+tok.Data+">")
			}
			v := strings.ToLower(strings.TrimSpace(a.Val))
			if (a.Key == "href" || a.Key == "src" || a.Key == "action") && strings.HasPrefix(v, "javascript:") {
				out = append(out, "javascript: URL in "+a.Key)
			}
		}
	}
}

func TestActiveContentDetector(t *testing.T) {
	for _, page := range []string{`<p onclick="x">a</p>`, `<a href=" javascript:alert(1)">`, `<script>1</script>`, `<img src=x>`} {
		if len(activeContent(page)) == 0 {
			t.Errorf("missed %s", page)
		}
	}
	if got := activeContent(`<p>&lt;script&gt; onerror=alert(1) <a href="/x?q=javascript:1">x</a></p>`); len(got) > 0 {
		t.Errorf("inert text flagged: %v", got)
	}
}
