package jetstream

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/nats-io/nats.go"

	"github.com/readout/readout/internal/news"
)

func TestEnvelopeRoundTrip(t *testing.T) {
	pub := time.Date(2026, 3, 4, 9, 0, 0, 0, time.UTC)
	cases := []struct {
		name     string
		doc      news.Document
		compress bool
	}{
		{"small text", news.Document{Origin: "a.txt", Format: news.FormatText, Body: []byte("Talks resumed in Oslo.")}, false},
		{"html with metadata", news.Document{Origin: "feed.jsonl#line 3", Format: news.FormatHTML, ContentType: "text/html",
			URL: "https://valley-dispatch.example/x", Title: "Ferry\nservice", Published: pub, Source: "Valley Dispatch",
			Fetched: pub.Add(time.Hour), Body: bytes.Repeat([]byte("<p>The ferry to Tallinn sailed again.</p>"), 200)}, true},
		{"binary body", news.Document{Origin: "x", Body: []byte{0, 0xff, 0xfe, 'a'}}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m, err := encode("readout.docs", tc.doc)
			if err != nil {
				t.Fatal(err)
			}
			if got := m.Header.Get(hdrEncoding) == "gzip"; got != tc.compress {
				t.Errorf("compressed = %v, want %v", got, tc.compress)
			}
			if tc.compress && len(m.Data) >= len(tc.doc.Body) {
				t.Errorf("compression did not shrink: %d → %d", len(tc.doc.Body), len(m.Data))
			}
			if m.Header.Get(nats.MsgIdHdr) != MsgID(tc.doc) {
				t.Errorf("message ID header")
			}
			d, err := decode(m.Header, m.Data)
			if err != nil {
				t.Fatal(err)
			}
			if d.Origin != tc.doc.Origin || d.Format != tc.doc.Format || d.ContentType != tc.doc.ContentType ||
				d.URL != tc.doc.URL || d.Title != tc.doc.Title || !d.Published.Equal(tc.doc.Published) ||
				d.Source != tc.doc.Source || !d.Fetched.Equal(tc.doc.Fetched) || !bytes.Equal(d.Body, tc.doc.Body) {
				t.Errorf("round trip: got %+v", d)
			}
		})
	}
}

func TestMsgIDStable(t *testing.T) {
	d := news.Document{Origin: "/data/wire/a.txt", Body: []byte("Talks resumed.")}
	id := MsgID(d)
	d2 := d
	d2.Origin = "wire/a.txt"
	if MsgID(d2) != id {
		t.Errorf("directory must not change the ID")
	}
	for name, change := range map[string]func(*news.Document){
		"body":  func(d *news.Document) { d.Body = []byte("Talks resumed!") },
		"name":  func(d *news.Document) { d.Origin = "/data/wire/b.txt" },
		"url":   func(d *news.Document) { d.URL = "https://x.example/a" },
		"title": func(d *news.Document) { d.Title = "Talks" },
	} {
		c := d
		change(&c)
		if MsgID(c) == id {
			t.Errorf("changing the %s must change the ID", name)
		}
	}
}

func TestHeaderSafe(t *testing.T) {
	s := headerSafe("line one\r\nline two " + strings.Repeat("é", 600))
	if strings.ContainsAny(s, "\r\n") || len(s) > 1024 || !utf8.ValidString(s) {
		t.Errorf("headerSafe gave %q", s)
	}
}

// FuzzDecode: whatever arrives on the subject, decode returns a
// document or an error, never panics.
func FuzzDecode(f *testing.F) {
	m, _ := encode("s", news.Document{Origin: "a", Body: bytes.Repeat([]byte("abc "), 1000)})
	f.Add(m.Data, true)
	f.Add([]byte(`{"o":"a","b":"QUJD"}`), false)
	f.Add([]byte(`{"b":12}`), false)
	f.Fuzz(func(t *testing.T, data []byte, gz bool) {
		h := nats.Header{}
		if gz {
			h.Set(hdrEncoding, "gzip")
		}
		decode(h, data)
	})
}

func BenchmarkEncodeDecode(b *testing.B) {
	d := news.Document{Origin: "wire/a.html", Format: news.FormatHTML,
		Body: bytes.Repeat([]byte("<p>The port council of Riga met again on Tuesday to vote.</p>\n"), 400)} // ~24 KB
	b.SetBytes(int64(len(d.Body)))
	b.ReportAllocs()
	for b.Loop() {
		m, err := encode("s", d)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := decode(m.Header, m.Data); err != nil {
			b.Fatal(err)
		}
	}
}
