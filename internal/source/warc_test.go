package source

import (
	"bytes"
	"compress/gzip"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"

	"github.com/readout/readout/internal/news"
)

const ferryURL = "https://ellery-gazette.example/ferry"

// crawl writes a small crawl: info, request, HTML response, image, 404,
// redirect, resource, metadata.
func crawl(w *WARCWriter) error {
	steps := []func() error{
		func() error {
			return w.WriteRecord("warcinfo", "", captured, "application/warc-fields", []byte("software: readout-test\r\n"))
		},
		func() error {
			return w.WriteRecord("request", ferryURL, captured, "application/http; msgtype=request",
				[]byte("GET /ferry HTTP/1.1\r\nHost: ellery-gazette.example\r\n\r\n"))
		},
		func() error { return w.WriteResponse(ferryURL, captured, "text/html; charset=utf-8", []byte(pageHTML)) },
		func() error {
			return w.WriteResponse("https://ellery-gazette.example/logo.png", captured, "image/png", []byte("\x89PNG\r\n\x1a\nxxxx"))
		},
		func() error {
			return w.WriteRecord("response", "https://ellery-gazette.example/gone", captured, "application/http; msgtype=response",
				httpBlock("404 Not Found", []string{"Content-Type: text/html"}, []byte("<p>gone</p>")))
		},
		func() error {
			return w.WriteRecord("response", "https://ellery-gazette.example/old", captured, "application/http; msgtype=response",
				httpBlock("301 Moved Permanently", []string{"Location: /ferry"}, nil))
		},
		func() error {
			return w.WriteRecord("resource", "file:///pages/bridge.html", captured, "text/html", []byte("<p>The bridge closes in May.</p>"))
		},
		func() error {
			return w.WriteRecord("metadata", ferryURL, captured, "application/warc-fields", []byte("outlink: https://a.example/\r\n"))
		},
	}
	for _, s := range steps {
		if err := s(); err != nil {
			return err
		}
	}
	return nil
}

func crawlWant(origin string) []got {
	r := func(n string) string { return origin + "#record " + n }
	return []got{
		{Origin: r("1"), Err: "WARC warcinfo record", Skipped: true},
		{Origin: r("2"), Err: "WARC request record", Skipped: true},
		{Origin: r("3"), Format: news.FormatHTML, URL: ferryURL},
		{Origin: r("4"), Err: "payload is a PNG image", Skipped: true},
		{Origin: r("5"), Err: "HTTP status 404", Skipped: true},
		{Origin: r("6"), Err: "HTTP status 301", Skipped: true},
		{Origin: r("7"), Format: news.FormatHTML, URL: "file:///pages/bridge.html"},
		{Origin: r("8"), Err: "WARC metadata record", Skipped: true},
	}
}

func TestReadWARC(t *testing.T) {
	plain := warcOf(t, false, crawl)
	packed := warcOf(t, true, crawl)
	for _, tc := range []struct {
		name string
		in   []byte
	}{
		{"warc", plain},
		{"warc.gz per-record members", packed},
		{"warc gzipped whole", gz(plain)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			items := readAll(t, "c.warc", tc.in, Options{})
			check(t, items, crawlWant("c.warc"))
			d := items[2].Doc
			if !bytes.Equal(d.Body, []byte(pageHTML)) {
				t.Errorf("body = %q", d.Body)
			}
			if d.ContentType != "text/html; charset=utf-8" || !d.Fetched.Equal(captured) || !d.Published.IsZero() {
				t.Errorf("content type %q, fetched %v, published %v", d.ContentType, d.Fetched, d.Published)
			}
		})
	}
}

func TestReadWARCEncodings(t *testing.T) {
	body := []byte(pageHTML)
	var br bytes.Buffer
	bw := brotli.NewWriter(&br)
	bw.Write(body)
	bw.Close()
	resp := func(headers []string, payload []byte) []byte {
		return warcOf(t, false, func(w *WARCWriter) error {
			return w.WriteRecord("response", "<"+ferryURL+">", captured, "application/http; msgtype=response",
				httpBlock("200 OK", headers, payload))
		})
	}
	html := "Content-Type: text/html"
	tests := []struct {
		name string
		in   []byte
		err  string
	}{
		{"chunked", resp([]string{html, "Transfer-Encoding: chunked"}, chunked(body, 100)), ""},
		{"chunked with extension", resp([]string{html, "Transfer-Encoding: chunked"},
			append(append([]byte("10;name=v\r\n"), body[:16]...), append([]byte("\r\n"), chunked(body[16:], 64)...)...)), ""},
		{"gzip content", resp([]string{html, "Content-Encoding: gzip"}, gz(body)), ""},
		{"chunked gzip content", resp([]string{html, "Transfer-Encoding: chunked", "Content-Encoding: gzip"}, chunked(gz(body), 50)), ""},
		{"brotli content", resp([]string{html, "Content-Encoding: br"}, br.Bytes()), ""},
		{"header says chunked, body decoded", resp([]string{html, "Transfer-Encoding: chunked"}, body), ""},
		{"header says gzip, body decoded", resp([]string{html, "Content-Encoding: gzip"}, body), ""},
		{"no content type, sniffed", resp(nil, body), ""},
		{"lf-only HTTP headers", warcOf(t, false, func(w *WARCWriter) error {
			return w.WriteRecord("response", ferryURL, captured, "", append([]byte("HTTP/1.0 200 OK\nContent-Type: text/html\n\n"), body...))
		}), ""},
		{"corrupt gzip content", resp([]string{html, "Content-Encoding: gzip"}, gz(body)[:40]), "cannot decode gzip content"},
		{"unknown encoding", resp([]string{html, "Content-Encoding: compress"}, body), "unsupported content encoding"},
		{"not http", warcOf(t, false, func(w *WARCWriter) error {
			return w.WriteRecord("response", "dns:ellery-gazette.example", captured, "text/dns", []byte("20240305 ellery-gazette.example. 300 IN A 192.0.2.1"))
		}), "not an HTTP response"},
		{"bad status line", warcOf(t, false, func(w *WARCWriter) error {
			return w.WriteRecord("response", ferryURL, captured, "", []byte("HTTP/1.1 OK\r\n\r\n<p>x</p>"))
		}), "malformed HTTP status line"},
		{"empty payload", resp([]string{html}, nil), "empty payload"},
		{"plain text payload", resp([]string{"Content-Type: text/plain"}, []byte("just text")), "media type text/plain is not HTML"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			items := readAll(t, "w", tc.in, Options{})
			if len(items) != 1 {
				t.Fatalf("got %d items: %+v", len(items), items)
			}
			it := items[0]
			if tc.err != "" {
				if it.Err == nil || !strings.Contains(it.Err.Error(), tc.err) {
					t.Fatalf("err = %v, want %q", it.Err, tc.err)
				}
				checkErrForm(t, it)
				return
			}
			if it.Err != nil {
				t.Fatal(it.Err)
			}
			if !bytes.Equal(it.Doc.Body, body) {
				t.Errorf("body = %q", it.Doc.Body)
			}
			if it.Doc.URL != ferryURL || it.Doc.Format != news.FormatHTML || it.Doc.Origin != "w#record 1" {
				t.Errorf("doc = %+v", it.Doc)
			}
		})
	}
}

func TestReadWARCBad(t *testing.T) {
	plain := warcOf(t, false, crawl)
	packed := warcOf(t, true, crawl)
	third := bytes.Index(plain, []byte("WARC/1.1\r\nWARC-Type: response"))
	fourth := third + 1 + bytes.Index(plain[third+1:], []byte("WARC/1.1\r\n"))
	want := crawlWant("c")
	// A record whose Content-Length is too small: the rest of its block
	// is skipped up to the next record.
	short := bytes.Replace(plain, []byte("Content-Length: 24\r\n"), []byte("Content-Length: 12\r\n"), 1)
	noLen := bytes.Replace(plain, []byte("Content-Length: 24\r\n"), []byte("Content-Length: many\r\n"), 1)
	tests := []struct {
		name string
		in   []byte
		opt  Options
		want []got
	}{
		{"cut in a block", plain[:third+400], Options{},
			append(want[:2:2], got{Origin: "c#record 3", Err: "truncated WARC record: "})},
		{"cut in a header", plain[:third+30], Options{},
			append(want[:2:2], got{Origin: "c#record 3", Err: "truncated WARC record header"})},
		{"cut after a record", plain[:fourth], Options{}, want[:3]},
		{"cut warc.gz", packed[:len(packed)/2], Options{}, nil},
		{"record too large", plain, Options{MaxBytes: 100},
			append(append(want[:2:2], got{Origin: "c#record 3", Err: "is larger than the 100 bytes limit"}), want[3:]...)},
		{"short content length resyncs", short, Options{},
			append([]got{want[0], {Origin: "c#record 1", Err: "skipped 12 bytes after record 1 that are not a WARC record"}}, want[1:]...)},
		{"bad content length", noLen, Options{},
			append([]got{{Origin: "c#record 1", Err: "without a valid Content-Length"},
				{Origin: "c#record 1", Err: "skipped 24 bytes after record 1"}}, want[1:]...)},
		{"trailing garbage", append(plain[:fourth:fourth], "not a record\n"...), Options{},
			append(want[:3:3], got{Origin: "c#record 3", Err: "13 bytes after the last record are not a WARC record"})},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			items := readAll(t, "c", tc.in, tc.opt)
			if tc.want == nil { // cut warc.gz: some records, then one error
				last := items[len(items)-1]
				if last.Err == nil || !strings.Contains(last.Err.Error(), "gzip stream") {
					t.Fatalf("last item %+v, want a gzip truncation error", view(last))
				}
				check(t, items[:len(items)-1], want[:len(items)-1])
				if len(items) < 3 {
					t.Errorf("only %d items before the cut", len(items)-1)
				}
				return
			}
			check(t, items, tc.want)
		})
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestWARCWriterRoundTrip(t *testing.T) {
	when := time.Date(2023, 11, 2, 7, 0, 0, 0, time.FixedZone("x", 3600))
	for _, compress := range []bool{false, true} {
		var buf bytes.Buffer
		w := NewWARCWriter(&buf, compress)
		for i := range 3 {
			u := "https://north-ledger.example/" + itoa(i)
			if err := w.WriteResponse(u, when, "text/html", []byte("<p>Story "+itoa(i)+"</p>")); err != nil {
				t.Fatal(err)
			}
		}
		if compress {
			// Every record is its own gzip member.
			zr, err := gzip.NewReader(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			zr.Multistream(false)
			var one bytes.Buffer
			one.ReadFrom(zr)
			if got := strings.Count(one.String(), "WARC/1.1\r\n"); got != 1 {
				t.Errorf("first gzip member holds %d records, want 1", got)
			}
		}
		items := readAll(t, "rt", buf.Bytes(), Options{})
		if len(items) != 3 {
			t.Fatalf("got %d items", len(items))
		}
		for i, it := range items {
			if it.Err != nil || it.Doc.URL != "https://north-ledger.example/"+itoa(i) || string(it.Doc.Body) != "<p>Story "+itoa(i)+"</p>" ||
				!it.Doc.Fetched.Equal(when) {
				t.Errorf("item %d = %+v (err %v)", i, it.Doc, it.Err)
			}
		}
		// Same input, same bytes.
		var again bytes.Buffer
		w = NewWARCWriter(&again, compress)
		for i := range 3 {
			w.WriteResponse("https://north-ledger.example/"+itoa(i), when, "text/html", []byte("<p>Story "+itoa(i)+"</p>"))
		}
		if !bytes.Equal(buf.Bytes(), again.Bytes()) {
			t.Error("writer output is not deterministic")
		}
	}
}
