package clean

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/markusmobius/go-trafilatura"
)

func loadFixtures(b *testing.B, pattern string) [][]byte {
	b.Helper()
	files, _ := filepath.Glob(filepath.Join("testdata", pattern))
	var out [][]byte
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, data)
	}
	if len(out) == 0 {
		b.Fatal("no fixtures")
	}
	return out
}

// BenchmarkHTML cleans the HTML fixtures, one per op; "trafilatura" runs
// go-trafilatura alone (default options) on the same input so the cost of
// the rest (charset, depth check, fallback, block walk, metadata,
// language) is visible.
//
// With READOUT_BENCH_HTML_DIR set to a directory of real pages (*.html or
// *.html.gz, e.g. the trafilatura evaluation cache), those are used instead
// of the small fixtures, and "trafilatura-fallback" shows go-trafilatura
// alone with the same fallback and date mode as our default.
func BenchmarkHTML(b *testing.B) {
	pages := loadFixtures(b, "*.html")
	if dir := os.Getenv("READOUT_BENCH_HTML_DIR"); dir != "" {
		pages = loadPages(b, dir)
	}
	var size int64
	for _, p := range pages {
		size += int64(len(p))
	}
	b.Run("ours", func(b *testing.B) {
		b.SetBytes(size / int64(len(pages)))
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := HTML(pages[i%len(pages)], "", "https://example.org/a", Options{}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
	})
	b.Run("trafilatura", func(b *testing.B) {
		b.SetBytes(size / int64(len(pages)))
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := trafilatura.Extract(bytes.NewReader(pages[i%len(pages)]), trafilatura.Options{}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
	})
	b.Run("trafilatura-fallback", func(b *testing.B) {
		b.SetBytes(size / int64(len(pages)))
		b.ReportAllocs()
		opts := trafilatura.Options{EnableFallback: true, HtmlDateMode: trafilatura.Extensive}
		for i := 0; i < b.N; i++ {
			trafilatura.Extract(bytes.NewReader(pages[i%len(pages)]), opts)
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
	})
}

// loadPages reads every *.html and *.html.gz file in dir.
func loadPages(b *testing.B, dir string) [][]byte {
	b.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*.htm*"))
	var out [][]byte
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		if strings.HasSuffix(f, ".gz") {
			zr, err := gzip.NewReader(bytes.NewReader(data))
			if err != nil {
				continue
			}
			if data, err = io.ReadAll(zr); err != nil {
				continue
			}
		}
		out = append(out, data)
	}
	if len(out) == 0 {
		b.Fatalf("no pages in %s", dir)
	}
	return out
}

// BenchmarkText cleans the plain-text fixtures, one article per op. Goal:
// more than 2,000 articles/s on one core (go test -bench Text -cpu 1).
func BenchmarkText(b *testing.B) {
	docs := loadFixtures(b, "*.txt")
	// A long article: the fixtures repeated as one body.
	docs = append(docs, []byte(strings.Repeat(string(docs[0]), 6)))
	var size int64
	for _, d := range docs {
		size += int64(len(d))
	}
	b.SetBytes(size / int64(len(docs)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Text(docs[i%len(docs)], Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}
