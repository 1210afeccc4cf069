package source

import (
	"bytes"
	"context"
	"fmt"
	"testing"
)

// benchJSONL builds n JSON Lines records of about 2 KiB each.
func benchJSONL(n int) []byte {
	var b bytes.Buffer
	para := "The council of Port Ellery met on Tuesday to discuss the ferry timetable and the harbour budget. "
	for i := range n {
		fmt.Fprintf(&b, `{"url":"https://ellery-gazette.example/story/%d","title":"Story %d","published":"2024-03-05T10:00:00Z","source":"Ellery Gazette","text":"`, i, i)
		for range 20 {
			b.WriteString(para)
		}
		b.WriteString("\"}\n")
	}
	return b.Bytes()
}

// benchWARC builds a WARC with n request/response pairs of about 4 KiB pages.
func benchWARC(b *testing.B, n int, compress bool) []byte {
	page := []byte("<!DOCTYPE html><html><head><title>Story</title></head><body><article>" +
		string(bytes.Repeat([]byte("<p>The council of Port Ellery met on Tuesday to discuss the ferry timetable.</p>\n"), 50)) +
		"</article></body></html>")
	return warcOf(b, compress, func(w *WARCWriter) error {
		for i := range n {
			u := fmt.Sprintf("https://ellery-gazette.example/story/%d", i)
			if err := w.WriteRecord("request", u, captured, "application/http; msgtype=request", []byte("GET / HTTP/1.1\r\n\r\n")); err != nil {
				return err
			}
			if err := w.WriteResponse(u, captured, "text/html", page); err != nil {
				return err
			}
		}
		return nil
	})
}

func benchRead(b *testing.B, data []byte, wantDocs int) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	docs := 0
	for b.Loop() {
		docs = 0
		Read(context.Background(), "bench", bytes.NewReader(data), Options{}, func(it Item) error {
			if it.Err == nil {
				docs++
			}
			return nil
		})
	}
	if docs != wantDocs {
		b.Fatalf("read %d documents, want %d", docs, wantDocs)
	}
	b.ReportMetric(float64(docs*b.N)/b.Elapsed().Seconds(), "docs/s")
}

func BenchmarkReadJSONL(b *testing.B)    { benchRead(b, benchJSONL(1000), 1000) }
func BenchmarkReadWARC(b *testing.B)     { benchRead(b, benchWARC(b, 500, false), 500) }
func BenchmarkReadWARCGzip(b *testing.B) { benchRead(b, benchWARC(b, 500, true), 500) }
