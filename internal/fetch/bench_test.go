package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// BenchmarkFetch fetches a 20 KB gzip-compressed page from a local server
// with no politeness delay: the cost of the client itself per page.
func BenchmarkFetch(b *testing.B) {
	page := []byte("<html><body>" + strings.Repeat("<p>The council met on Tuesday to discuss the harbour budget.</p>", 320) + "</body></html>")
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(page)
	zw.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(gz.Bytes())
	}))
	defer srv.Close()
	opt := testOptions()
	opt.Delay = -1
	f, err := New(opt)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		resp, err := f.Fetch(context.Background(), Request{URL: srv.URL + "/page"})
		if err != nil || len(resp.Body) != len(page) {
			b.Fatal(err)
		}
	}
}

// FuzzDecode feeds arbitrary bodies to the content decoders.
func FuzzDecode(f *testing.F) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte("<html>hello</html>"))
	zw.Close()
	f.Add(gz.Bytes(), "gzip")
	f.Add([]byte("\x0b\x02\x80hello\x03"), "br")
	f.Add([]byte("x\x9c\xcbH\xcd\xc9\xc9\x07\x00\x06,\x02\x15"), "deflate")
	f.Add([]byte("plain"), "identity, gzip")
	f.Fuzz(func(t *testing.T, body []byte, enc string) {
		out, err := decode(body, enc, 1<<16)
		if err == nil && len(out) > 1<<16 {
			t.Errorf("decoded %d bytes over the limit", len(out))
		}
	})
}
