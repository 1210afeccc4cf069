package source

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/readout/readout/internal/news"
)

// Fixtures: invented outlets and people.
const (
	pageHTML = `<!DOCTYPE html>
<html><head><title>Harbour council votes on ferry plan</title></head>
<body><article><h1>Harbour council votes on ferry plan</h1>
<p>The council of Port Ellery voted on Tuesday to expand the ferry service.</p>
<p>Councillor Mara Vint said the plan would open in the spring.</p></article></body></html>
`
	pageText = "Harbour council votes on ferry plan\n\nThe council of Port Ellery voted on Tuesday to expand the ferry service.\n"
)

var captured = time.Date(2024, 3, 5, 10, 30, 0, 0, time.UTC)

// got is a compact view of an item for comparisons.
type got struct {
	Origin    string
	Format    news.Format
	URL       string
	Title     string
	Source    string
	Published string
	Err       string // substring expected in the error; "" for documents
	Skipped   bool
}

func view(it Item) got {
	g := got{Origin: it.Doc.Origin, Skipped: it.Skipped}
	if it.Err != nil {
		g.Err = it.Err.Error()
		return g
	}
	g.Format, g.URL, g.Title, g.Source = it.Doc.Format, it.Doc.URL, it.Doc.Title, it.Doc.Source
	if !it.Doc.Published.IsZero() {
		g.Published = it.Doc.Published.UTC().Format(time.RFC3339)
	}
	return g
}

// readAll reads data as origin and returns the items.
func readAll(t testing.TB, origin string, data []byte, opt Options) []Item {
	t.Helper()
	var items []Item
	err := Read(context.Background(), origin, bytes.NewReader(data), opt, func(it Item) error {
		items = append(items, it)
		return nil
	})
	if err != nil {
		t.Fatalf("Read returned %v", err)
	}
	return items
}

// check compares items with want: Err in want is a substring.
func check(t *testing.T, items []Item, want []got) {
	t.Helper()
	if len(items) != len(want) {
		for _, it := range items {
			t.Logf("item: %+v", view(it))
		}
		t.Fatalf("got %d items, want %d", len(items), len(want))
	}
	for i, it := range items {
		g, w := view(it), want[i]
		if w.Err != "" {
			if it.Err == nil || !strings.Contains(g.Err, w.Err) || g.Skipped != w.Skipped || g.Origin != w.Origin {
				t.Errorf("item %d: got %+v, want error containing %q (skipped %v) at %q", i, g, w.Err, w.Skipped, w.Origin)
			}
			checkErrForm(t, it)
			continue
		}
		if it.Err != nil {
			t.Errorf("item %d: unexpected error %v", i, it.Err)
			continue
		}
		if g != w {
			t.Errorf("item %d:\n got %+v\nwant %+v", i, g, w)
		}
		if len(it.Doc.Body) == 0 {
			t.Errorf("item %d: empty body", i)
		}
	}
}

// checkErrForm asserts the error contract: one line, origin inside, a
// *news.Error.
func checkErrForm(t testing.TB, it Item) {
	t.Helper()
	msg := it.Err.Error()
	if strings.ContainsAny(msg, "\n\r") {
		t.Errorf("error is not one line: %q", msg)
	}
	if !strings.Contains(msg, it.Doc.Origin) {
		t.Errorf("error %q does not name its origin %q", msg, it.Doc.Origin)
	}
	if news.KindOf(it.Err) == news.KindOther {
		t.Errorf("error %q has no kind", msg)
	}
}

func gz(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

// warcOf builds a WARC stream with the writer.
func warcOf(t testing.TB, compress bool, write func(w *WARCWriter) error) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := write(NewWARCWriter(&buf, compress)); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// httpBlock builds an HTTP response message.
func httpBlock(status string, headers []string, body []byte) []byte {
	var b bytes.Buffer
	b.WriteString("HTTP/1.1 " + status + "\r\n")
	for _, h := range headers {
		b.WriteString(h + "\r\n")
	}
	b.WriteString("\r\n")
	b.Write(body)
	return b.Bytes()
}

// chunked encodes b with chunked transfer-encoding in pieces of n bytes.
func chunked(b []byte, n int) []byte {
	var out bytes.Buffer
	for len(b) > 0 {
		k := min(n, len(b))
		fmt.Fprintf(&out, "%x\r\n", k)
		out.Write(b[:k])
		out.WriteString("\r\n")
		b = b[k:]
	}
	out.WriteString("0\r\n\r\n")
	return out.Bytes()
}

// jsonl joins lines with newlines.
func jsonl(lines ...string) []byte { return []byte(strings.Join(lines, "\n") + "\n") }
