package source

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/readout/readout/internal/news"
)

var update = flag.Bool("update", false, "rewrite the committed fuzz seed corpora in testdata/fuzz")

// readSeeds are the seed inputs of FuzzRead: one per format and path.
func readSeeds(t testing.TB) map[string][]byte {
	w := warcOf(t, false, crawl)
	return map[string][]byte{
		"html":         []byte(pageHTML),
		"text":         []byte(pageText),
		"json":         []byte(rec1),
		"json-array":   []byte("[\n" + rec1 + ",\n" + rec3 + "\n]"),
		"json-wrapper": []byte(`{"articles":[{"title":"t","content":"c","source":{"name":"n"}}]}`),
		"jsonl":        jsonl(rec1, "{bad", rec2, rec3),
		"jsonl-gz":     gz(jsonl(rec1, rec2)),
		"warc":         w,
		"warc-gz":      warcOf(t, true, crawl),
		"warc-chunked": warcOf(t, false, func(ww *WARCWriter) error {
			return ww.WriteRecord("response", ferryURL, captured, "", httpBlock("200 OK", []string{"Content-Type: text/html", "Transfer-Encoding: chunked", "Content-Encoding: gzip"}, chunked(gz([]byte(pageHTML)), 64)))
		}),
		"warc-truncated": w[:len(w)/2],
		"utf16":          {0xff, 0xfe, 'h', 0, 'i', 0},
		"binary":         []byte("\x00\x01\x02\x03garbage\x00"),
	}
}

// httpSeeds are the seed inputs of FuzzWARCResponse.
func httpSeeds() map[string][]byte {
	return map[string][]byte{
		"plain":   httpBlock("200 OK", []string{"Content-Type: text/html"}, []byte(pageHTML)),
		"chunked": httpBlock("200 OK", []string{"Content-Type: text/html", "Transfer-Encoding: chunked"}, chunked([]byte(pageHTML), 50)),
		"gzip":    httpBlock("200 OK", []string{"Content-Type: text/html", "Content-Encoding: gzip"}, gz([]byte(pageHTML))),
		"deflate": httpBlock("200 OK", []string{"Content-Encoding: deflate"}, []byte{0x78, 0x9c, 0xb3, 0x29, 0xb0, 0xab, 0x50, 0x28, 0xc9, 0x48, 0x55, 0xb0, 0xd1, 0x2f, 0xb0, 0x03, 0x00, 0x27, 0x2b, 0x04, 0xc6}),
		"404":     httpBlock("404 Not Found", nil, nil),
		"lf":      []byte("HTTP/1.0 200 OK\nContent-Type: text/html\n\n<p>x</p>"),
	}
}

// TestFuzzSeeds keeps the committed corpora in step with the seeds above;
// run with -update to rewrite them.
func TestFuzzSeeds(t *testing.T) {
	for name, seeds := range map[string]map[string][]byte{"FuzzRead": readSeeds(t), "FuzzWARCResponse": httpSeeds()} {
		dir := filepath.Join("testdata", "fuzz", name)
		for seed, data := range seeds {
			p := filepath.Join(dir, seed)
			content := "go test fuzz v1\n[]byte(" + strconv.Quote(string(data)) + ")\n"
			if *update {
				os.MkdirAll(dir, 0o755)
				if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			got, err := os.ReadFile(p)
			if err != nil || string(got) != content {
				t.Errorf("%s is missing or stale; run go test -run TestFuzzSeeds -update", p)
			}
		}
	}
}

// checkItems asserts what every item must satisfy, whatever the input.
func checkItems(t *testing.T, origin string, items []Item, max int64) {
	t.Helper()
	for _, it := range items {
		if !strings.HasPrefix(it.Doc.Origin, origin) {
			t.Fatalf("origin %q does not start with %q", it.Doc.Origin, origin)
		}
		if it.Err != nil {
			checkErrForm(t, it)
			continue
		}
		if it.Skipped {
			t.Fatalf("skipped item without error: %+v", it)
		}
		if len(bytes.TrimSpace(it.Doc.Body)) == 0 {
			t.Fatalf("document with empty body at %s", it.Doc.Origin)
		}
		if int64(len(it.Doc.Body)) > max {
			t.Fatalf("document of %d bytes exceeds the limit %d", len(it.Doc.Body), max)
		}
		if it.Doc.Format != news.FormatHTML && it.Doc.Format != news.FormatText {
			t.Fatalf("bad format %q", it.Doc.Format)
		}
	}
}

func FuzzRead(f *testing.F) {
	// The committed corpus under testdata/fuzz/FuzzRead is added by the
	// fuzzing engine; these keep the seeds available without it.
	for _, data := range readSeeds(f) {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		opt := Options{MaxBytes: 1 << 16}
		var items []Item
		err := Read(context.Background(), "f", bytes.NewReader(data), opt, func(it Item) error {
			items = append(items, it)
			return nil
		})
		if err != nil {
			t.Fatalf("Read = %v", err)
		}
		if len(items) == 0 {
			t.Fatal("no item: every input yields a document or a rejection")
		}
		checkItems(t, "f", items, opt.MaxBytes)
	})
}

// FuzzWARCResponse wraps the input as the block of a well-formed WARC
// response record, so that mutations reach the HTTP parsing and decoding.
func FuzzWARCResponse(f *testing.F) {
	for _, data := range httpSeeds() {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, block []byte) {
		var buf bytes.Buffer
		NewWARCWriter(&buf, false).WriteRecord("response", ferryURL, captured, "application/http; msgtype=response", block)
		opt := Options{MaxBytes: 1 << 16}
		var items []Item
		Read(context.Background(), "w", &buf, opt, func(it Item) error {
			items = append(items, it)
			return nil
		})
		if len(items) != 1 {
			t.Fatalf("got %d items for one record", len(items))
		}
		checkItems(t, "w#record 1", items, opt.MaxBytes)
	})
}

// TestReadEveryCut cuts WARC and JSON Lines streams at every byte: reading
// must yield a prefix of the full result and then at most one rejection.
func TestReadEveryCut(t *testing.T) {
	for name, data := range map[string][]byte{
		"warc":     warcOf(t, false, crawl),
		"warc.gz":  warcOf(t, true, crawl),
		"jsonl.gz": gz(jsonl(rec1, rec2, rec3)),
	} {
		t.Run(name, func(t *testing.T) {
			full := readAll(t, "c", data, Options{})
			// Shorter prefixes are not recognisable as the format.
			for cut := 16; cut < len(data); cut++ {
				items := readAll(t, "c", data[:cut], Options{})
				if len(items) == 0 {
					t.Fatalf("cut %d: no items", cut)
				}
				checkItems(t, "c", items, DefaultMaxBytes)
				for i, it := range items {
					if i >= len(full) {
						if i > len(full) || it.Err == nil {
							t.Fatalf("cut %d: more items than the whole stream", cut)
						}
						continue // everything was read, then the cut trailer
					}
					if view(it) == view(full[i]) {
						continue
					}
					if i != len(items)-1 || it.Err == nil {
						t.Fatalf("cut %d, item %d: %+v, want %+v or a final rejection", cut, i, view(it), view(full[i]))
					}
				}
			}
		})
	}
}
