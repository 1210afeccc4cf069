package feed

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/readout/readout/internal/news"
)

const rss2 = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>The Harbour Courier</title><link>https://courier.example/</link>
<item><title>Port  authority
 approves dredging</title><link>https://courier.example/news/dredging</link>
<pubDate>Mon, 02 Mar 2026 09:15:00 +0100</pubDate></item>
<item><title>Relative link</title><link>/news/relative</link></item>
<item><title>Duplicate</title><link>https://courier.example/news/dredging#comments</link></item>
<item><title>Mail link</title><link>mailto:desk@courier.example</link></item>
<item><title>GUID only</title><guid>https://courier.example/news/guid-only</guid></item>
</channel></rss>`

const rss091 = `<?xml version="1.0"?>
<rss version="0.91"><channel><title>Valley Gazette</title><link>http://gazette.example</link>
<item><title>Bridge reopens</title><link>http://gazette.example/bridge</link></item>
</channel></rss>`

const rdf = `<?xml version="1.0" encoding="ISO-8859-1"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://rhine.example/"><title>Rhine Dispatch</title><link>https://rhine.example/</link></channel>
<item rdf:about="https://rhine.example/a"><title>Br` + "\xfc" + `cke gesperrt</title><link>https://rhine.example/a</link><dc:date>2026-03-01T12:00:00Z</dc:date></item>
</rdf:RDF>`

const atom = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Northern Ledger</title>
<link href="https://ledger.example/"/>
<entry><title>Council votes on budget</title><link rel="alternate" href="https://ledger.example/budget"/>
<id>tag:ledger.example,2026:1</id><updated>2026-03-01T10:00:00Z</updated><published>2026-03-01T08:00:00Z</published></entry>
</feed>`

const jsonFeed = `{"version":"https://jsonfeed.org/version/1.1","title":"Coastal Wire",
"items":[{"id":"1","url":"https://wire.example/a","title":"Ferry strike ends","date_published":"2026-02-28T18:30:00Z"}]}`

const newsSitemap = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://daily.example/2026/03/02/rates</loc>
<news:news><news:publication><news:name>The Daily Example</news:name><news:language>en</news:language></news:publication>
<news:publication_date>2026-03-02T07:00:00+02:00</news:publication_date>
<news:title>Central bank holds rates</news:title></news:news></url>
<url><loc>https://daily.example/2026/03/01/plain</loc><lastmod>2026-03-01</lastmod></url>
<url><loc>not a url</loc></url>
</urlset>`

func TestParse(t *testing.T) {
	tests := []struct {
		name  string
		body  string
		kind  Kind
		title string
		items []Item
	}{
		{"rss2", rss2, KindRSS, "The Harbour Courier", []Item{
			{URL: "https://courier.example/news/dredging", Title: "Port authority approves dredging", Published: time.Date(2026, 3, 2, 8, 15, 0, 0, time.UTC), Source: "The Harbour Courier"},
			{URL: "https://courier.example/news/relative", Title: "Relative link", Source: "The Harbour Courier"},
			{URL: "https://courier.example/news/guid-only", Title: "GUID only", Source: "The Harbour Courier"},
		}},
		{"rss091", rss091, KindRSS, "Valley Gazette", []Item{
			{URL: "http://gazette.example/bridge", Title: "Bridge reopens", Source: "Valley Gazette"},
		}},
		{"rss 1.0 (RDF), Latin-1", rdf, KindRSS, "Rhine Dispatch", []Item{
			{URL: "https://rhine.example/a", Title: "Br\u00fccke gesperrt", Published: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC), Source: "Rhine Dispatch"},
		}},
		{"atom", atom, KindRSS, "Northern Ledger", []Item{
			{URL: "https://ledger.example/budget", Title: "Council votes on budget", Published: time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC), Source: "Northern Ledger"},
		}},
		{"json feed", jsonFeed, KindRSS, "Coastal Wire", []Item{
			{URL: "https://wire.example/a", Title: "Ferry strike ends", Published: time.Date(2026, 2, 28, 18, 30, 0, 0, time.UTC), Source: "Coastal Wire"},
		}},
		{"news sitemap", newsSitemap, KindSitemap, "The Daily Example", []Item{
			{URL: "https://daily.example/2026/03/02/rates", Title: "Central bank holds rates", Published: time.Date(2026, 3, 2, 5, 0, 0, 0, time.UTC), Source: "The Daily Example"},
			{URL: "https://daily.example/2026/03/01/plain", Published: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if k := Sniff([]byte(tt.body)); k != tt.kind {
				t.Errorf("Sniff = %q, want %q", k, tt.kind)
			}
			f, err := Parse([]byte(tt.body), "https://base.example/feed.xml")
			if err != nil {
				t.Fatal(err)
			}
			if f.Kind != tt.kind || f.Title != tt.title {
				t.Errorf("kind, title = %q, %q; want %q, %q", f.Kind, f.Title, tt.kind, tt.title)
			}
			if len(f.Items) != len(tt.items) {
				t.Fatalf("got %d items %+v, want %d", len(f.Items), f.Items, len(tt.items))
			}
			for i, want := range tt.items {
				got := f.Items[i]
				if got.URL != want.URL || got.Title != want.Title || !got.Published.Equal(want.Published) || got.Source != want.Source {
					t.Errorf("item %d = %+v, want %+v", i, got, want)
				}
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"empty", "", "empty document"},
		{"html", "<html><body>hello</body></html>", "not an RSS"},
		{"broken rss", `<rss version="2.0"><channel><title>x</title><item><title>a</item></channel>`, "malformed feed"},
		{"broken sitemap", `<urlset><url><loc>https://a.example/</loc></url><url><loc>`, "malformed sitemap XML"},
		{"binary", "\x00\x01\x02garbage", "not an RSS"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.body), "")
			if err == nil {
				t.Fatal("no error")
			}
			if !news.IsKind(err, news.KindInvalid) || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("err = %v, want a one-line invalid error containing %q", err, tt.want)
			}
		})
	}
}

// sitemapIndex writes an index of n child sitemaps.
func sitemapIndex(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for i := range n {
		fmt.Fprintf(&b, "<sitemap><loc>https://big.example/sitemaps/part-%05d.xml</loc><lastmod>2026-03-01</lastmod></sitemap>\n", i)
	}
	b.WriteString("</sitemapindex>\n")
	return b.Bytes()
}

func TestSitemapIndex50000(t *testing.T) {
	body := sitemapIndex(MaxSitemapEntries)
	start := time.Now()
	f, err := Parse(body, "https://big.example/sitemap.xml")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Sitemaps) != MaxSitemapEntries || len(f.Items) != 0 || f.Truncated {
		t.Fatalf("got %d sitemaps, %d items, truncated %v", len(f.Sitemaps), len(f.Items), f.Truncated)
	}
	if last := f.Sitemaps[49999]; last.URL != "https://big.example/sitemaps/part-49999.xml" || !last.LastMod.Equal(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("last = %+v", last)
	}
	t.Logf("%d-entry index (%d bytes) in %s", MaxSitemapEntries, len(body), time.Since(start))

	f, err = Parse(sitemapIndex(MaxSitemapEntries+5), "")
	if err != nil || len(f.Sitemaps) != MaxSitemapEntries || !f.Truncated {
		t.Fatalf("over the limit: %v, %d sitemaps, truncated %v", err, len(f.Sitemaps), f.Truncated)
	}
}

func TestSitemapGzip(t *testing.T) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte(newsSitemap))
	zw.Close()
	if Sniff(buf.Bytes()) != KindSitemap {
		t.Fatal("gzip sitemap not sniffed")
	}
	f, err := Parse(buf.Bytes(), "")
	if err != nil || len(f.Items) != 2 {
		t.Fatalf("gzip sitemap: %v, %+v", err, f)
	}
}

const opml = `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>Test list</title></head><body>
<outline text="World">
  <outline type="rss" text="Harbour Courier" title="The Harbour Courier" xmlUrl="https://courier.example/rss" htmlUrl="https://courier.example/"/>
  <outline text="Europe"><outline text="Ledger" xmlUrl="https://ledger.example/atom"/></outline>
</outline>
<outline text="Loose" xmlUrl="https://wire.example/feed.json"/>
<outline text="Again" xmlUrl="https://courier.example/rss"/>
<outline text="Bad" xmlUrl="javascript:alert(1)"/>
</body></opml>`

func TestParseOPML(t *testing.T) {
	subs, err := ParseOPML(strings.NewReader(opml))
	if err != nil {
		t.Fatal(err)
	}
	want := []Subscription{
		{Title: "The Harbour Courier", URL: "https://courier.example/rss", Site: "https://courier.example/", Category: "World"},
		{Title: "Ledger", URL: "https://ledger.example/atom", Category: "Europe"},
		{Title: "Loose", URL: "https://wire.example/feed.json"},
	}
	if fmt.Sprint(subs) != fmt.Sprint(want) {
		t.Errorf("got  %+v\nwant %+v", subs, want)
	}
	for _, bad := range []string{"", "<html/>", "<opml><body><outline"} {
		if _, err := ParseOPML(strings.NewReader(bad)); err == nil || !news.IsKind(err, news.KindInvalid) {
			t.Errorf("ParseOPML(%q) err = %v", bad, err)
		}
	}
}

func TestParseKind(t *testing.T) {
	for in, want := range map[string]Kind{"rss": KindRSS, "Atom": KindRSS, "sitemap": KindSitemap} {
		if k, err := ParseKind(in); err != nil || k != want {
			t.Errorf("ParseKind(%q) = %q, %v", in, k, err)
		}
	}
	if _, err := ParseKind("gopher"); err == nil {
		t.Error("ParseKind(gopher): no error")
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{rss2, rss091, atom, jsonFeed, newsSitemap, string(sitemapIndex(3)), "", "<urlset>", "{}"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		feed, err := Parse(b, "https://base.example/")
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("multi-line error %q", err)
			}
			return
		}
		for _, it := range feed.Items {
			if !strings.HasPrefix(it.URL, "http://") && !strings.HasPrefix(it.URL, "https://") {
				t.Errorf("item URL %q is not http(s)", it.URL)
			}
		}
	})
}

func FuzzParseOPML(f *testing.F) {
	f.Add([]byte(opml))
	f.Add([]byte("<opml><body><outline xmlUrl='http://a.example/'/></body></opml>"))
	f.Fuzz(func(t *testing.T, b []byte) {
		subs, err := ParseOPML(bytes.NewReader(b))
		if err != nil {
			return
		}
		for _, s := range subs {
			if !strings.HasPrefix(s.URL, "http") {
				t.Errorf("subscription URL %q", s.URL)
			}
		}
	})
}

func BenchmarkParseSitemapIndex(b *testing.B) {
	body := sitemapIndex(10000)
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := Parse(body, ""); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseRSS(b *testing.B) {
	body := []byte(rss2)
	for b.Loop() {
		if _, err := Parse(body, ""); err != nil {
			b.Fatal(err)
		}
	}
}
