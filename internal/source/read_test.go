package source

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/readout/readout/internal/news"
)

const (
	rec1 = `{"url":"https://ellery-gazette.example/ferry","title":"Ferry plan approved","text":"The council voted to expand the ferry service.","published":"2024-03-04T08:00:00Z","source":"Ellery Gazette"}`
	rec2 = `{"link":"https://ellery-gazette.example/bridge","headline":"Bridge closed","content":"The old bridge will close for repairs in May.","date":"2024-03-05","publisher":"Ellery Gazette"}`
	rec3 = `{"url":"https://north-ledger.example/market","html":"<p>The Saturday market moves to the square.</p>","pubDate":"Tue, 05 Mar 2024 09:15:00 +0000","site_name":"North Ledger"}`
)

var (
	doc1 = got{Format: news.FormatText, URL: "https://ellery-gazette.example/ferry", Title: "Ferry plan approved", Source: "Ellery Gazette", Published: "2024-03-04T08:00:00Z"}
	doc2 = got{Format: news.FormatText, URL: "https://ellery-gazette.example/bridge", Title: "Bridge closed", Source: "Ellery Gazette", Published: "2024-03-05T00:00:00Z"}
	doc3 = got{Format: news.FormatHTML, URL: "https://north-ledger.example/market", Source: "North Ledger", Published: "2024-03-05T09:15:00Z"}
)

func at(g got, origin string) got { g.Origin = origin; return g }

func TestReadFormats(t *testing.T) {
	utf16 := []byte{0xff, 0xfe}
	for _, r := range "Ferry news from Port Ellery.\n" {
		utf16 = append(utf16, byte(r), 0)
	}
	bz, err := os.ReadFile("testdata/note.txt.bz2")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		in   []byte
		want []got
	}{
		{"html doctype", []byte(pageHTML), []got{{Origin: "in", Format: news.FormatHTML}}},
		{"html with BOM and space", append([]byte("\xef\xbb\xbf\n  "), pageHTML...), []got{{Origin: "in", Format: news.FormatHTML}}},
		{"html fragment", []byte("<p>The ferry runs hourly.</p>\n<p>Tickets cost less.</p>"), []got{{Origin: "in", Format: news.FormatHTML}}},
		{"html after text, tag density", []byte("Ferry news\n<div><p>One</p><p>Two</p><p>Three</p></div>"), []got{{Origin: "in", Format: news.FormatHTML}}},
		{"plain text", []byte(pageText), []got{{Origin: "in", Format: news.FormatText}}},
		{"text starting with a brace", []byte("{Editor's note} The ferry story was updated.\n"), []got{{Origin: "in", Format: news.FormatText}}},
		{"text starting with a bracket", []byte("[Updated] The ferry story was updated.\n"), []got{{Origin: "in", Format: news.FormatText}}},
		{"text with angle brackets", []byte("Turnout was < 40% and costs > revenue.\nThe council <sigh> met again.\n"), []got{{Origin: "in", Format: news.FormatText}}},
		{"utf-16 text", utf16, []got{{Origin: "in", Format: news.FormatText}}},
		{"invalid utf-8 accepted", []byte("Caf\xe9 owners in Port Ellery met on Monday.\n"), []got{{Origin: "in", Format: news.FormatText}}},
		{"json object", []byte(rec1), []got{at(doc1, "in")}},
		{"json pretty object", []byte("{\n  \"title\": \"Ferry plan approved\",\n  \"body\": \"The council voted.\"\n}\n"),
			[]got{{Origin: "in", Format: news.FormatText, Title: "Ferry plan approved"}}},
		{"json array", []byte("[\n" + rec1 + ",\n" + rec2 + "\n]"), []got{at(doc1, "in#record 1"), at(doc2, "in#record 2")}},
		{"json array one line", []byte("[" + rec1 + "," + rec3 + "]"), []got{at(doc1, "in#record 1"), at(doc3, "in#record 2")}},
		{"json concatenated", []byte("{\n\"text\": \"One.\"\n}\n{\n\"text\": \"Two.\"\n}\n"),
			[]got{{Origin: "in#record 1", Format: news.FormatText}, {Origin: "in#record 2", Format: news.FormatText}}},
		{"json wrapper object", []byte(`{"status":"ok","totalResults":1,"articles":[{"source":{"id":null,"name":"North Ledger"},"title":"Market moves","url":"https://north-ledger.example/m","publishedAt":"2024-03-05T09:15:00Z","content":"The market moves."}]}`),
			[]got{{Origin: "in#record 1", Format: news.FormatText, Title: "Market moves", URL: "https://north-ledger.example/m", Source: "North Ledger", Published: "2024-03-05T09:15:00Z"}}},
		{"json rendered object", []byte(`{"title":{"rendered":"Ferry"},"content":{"rendered":"<p>The ferry runs.</p>"},"date":"2024-03-05T10:00:00"}`),
			[]got{{Origin: "in", Format: news.FormatHTML, Title: "Ferry", Published: "2024-03-05T10:00:00Z"}}},
		{"json unix time", []byte(`{"text":"Hello from Port Ellery.","timestamp":1709634600}`),
			[]got{{Origin: "in", Format: news.FormatText, Published: "2024-03-05T10:30:00Z"}}},
		{"json html preferred over text", []byte(`{"text":"plain","html":"<p>rich</p>"}`), []got{{Origin: "in", Format: news.FormatHTML}}},
		{"jsonl", jsonl(rec1, rec2, rec3), []got{at(doc1, "in#line 1"), at(doc2, "in#line 2"), at(doc3, "in#line 3")}},
		{"jsonl crlf blank lines no final newline", []byte(rec1 + "\r\n\r\n" + rec2), []got{at(doc1, "in#line 1"), at(doc2, "in#line 3")}},
		{"jsonl with BOM", append([]byte("\xef\xbb\xbf"), jsonl(rec1, rec2)...), []got{at(doc1, "in#line 1"), at(doc2, "in#line 2")}},
		{"jsonl text field holding html", jsonl(`{"text":"<div><p>The ferry runs.</p></div>"}`, rec1),
			[]got{{Origin: "in#line 1", Format: news.FormatHTML}, at(doc1, "in#line 2")}},
		{"gzip jsonl", gz(jsonl(rec1, rec2)), []got{at(doc1, "in#line 1"), at(doc2, "in#line 2")}},
		{"gzip html", gz([]byte(pageHTML)), []got{{Origin: "in", Format: news.FormatHTML}}},
		{"gzip of gzip json", gz(gz([]byte(rec1))), []got{at(doc1, "in")}},
		{"bzip2 text", bz, []got{{Origin: "in", Format: news.FormatText}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			check(t, readAll(t, "in", tc.in, Options{}), tc.want)
		})
	}
}

func TestReadBodies(t *testing.T) {
	items := readAll(t, "in", jsonl(rec1), Options{})
	if got := string(items[0].Doc.Body); got != "The council voted to expand the ferry service." {
		t.Errorf("body = %q", got)
	}
	if items[0].Doc.ContentType != "text/plain; charset=utf-8" {
		t.Errorf("content type = %q", items[0].Doc.ContentType)
	}
	items = readAll(t, "in", []byte(pageHTML), Options{})
	if !bytes.Equal(items[0].Doc.Body, []byte(pageHTML)) {
		t.Error("HTML body is not the raw bytes")
	}
	// UTF-16 is transcoded to UTF-8, behind a UTF-8 byte-order mark.
	in := []byte{0xfe, 0xff, 0, 'O', 0, 'k', 0, '.'}
	items = readAll(t, "in", in, Options{})
	if got := string(items[0].Doc.Body); got != "\ufeffOk." {
		t.Errorf("utf-16 body = %q", got)
	}
	// Invalid UTF-8 is passed on untouched for cleaning to repair.
	items = readAll(t, "in", []byte("Caf\xe9 news"), Options{})
	if got := string(items[0].Doc.Body); got != "Caf\xe9 news" {
		t.Errorf("body = %q", got)
	}
}

func TestReadBadInput(t *testing.T) {
	jsonlGz := gz(jsonl(rec1, rec2, rec3))
	badSum := gz([]byte(pageText))
	badSum[len(badSum)-8] ^= 0xff // CRC32 of the member
	tests := []struct {
		name string
		in   []byte
		opt  Options
		want []got
	}{
		{"empty", nil, Options{}, []got{{Origin: "in", Err: "in: empty input"}}},
		{"white space only", []byte(" \n\t\r\n"), Options{}, []got{{Origin: "in", Err: "empty input"}}},
		{"nul bytes", bytes.Repeat([]byte("ab\x00\x01\x02"), 100), Options{}, []got{{Origin: "in", Err: "binary data"}}},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), Options{}, []got{{Origin: "in", Err: "PNG image, not a document"}}},
		{"jpeg", []byte("\xff\xd8\xff\xe0\x00\x10JFIF"), Options{}, []got{{Origin: "in", Err: "JPEG image"}}},
		{"pdf", []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), Options{}, []got{{Origin: "in", Err: "PDF document"}}},
		{"zip", []byte("PK\x03\x04\x14\x00\x00\x00"), Options{}, []got{{Origin: "in", Err: "zip archive"}}},
		{"zstd", []byte("\x28\xb5\x2f\xfd\x00\x58"), Options{}, []got{{Origin: "in", Err: "zstd-compressed"}}},
		{"rss feed", []byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>Ledger</title></channel></rss>`), Options{}, []got{{Origin: "in", Err: "RSS/Atom feed"}}},
		{"sitemap", []byte(`<?xml version="1.0"?><urlset><url><loc>https://a.example/</loc></url></urlset>`), Options{}, []got{{Origin: "in", Err: "sitemap"}}},
		{"too large text", []byte(pageText), Options{MaxBytes: 20}, []got{{Origin: "in", Err: "larger than the 20 bytes limit"}}},
		{"too large gzip text", gz([]byte(pageText)), Options{MaxBytes: 20}, []got{{Origin: "in", Err: "larger than the 20 bytes limit"}}},
		{"truncated gzip jsonl", jsonlGz[:len(jsonlGz)-30], Options{},
			[]got{at(doc1, "in#line 1"), at(doc2, "in#line 2"), {Origin: "in", Err: "truncated gzip stream (unexpected end of data) after 2 records"}}},
		{"truncated gzip header", []byte{0x1f, 0x8b, 8, 0}, Options{}, []got{{Origin: "in", Err: "corrupt gzip header"}}},
		{"gzip bad checksum", badSum, Options{}, []got{{Origin: "in", Err: "corrupt gzip stream: checksum mismatch"}}},
		{"gzip then garbage", append(gz([]byte(rec1+"\n")), "some trailing garbage"...), Options{}, []got{at(doc1, "in#line 1"), {Origin: "in", Err: "corrupt gzip stream: invalid gzip header (trailing garbage?) after 1 record"}}},
		{"jsonl bad middle line", jsonl(rec1, `{"url": "https://a.example/", "text": `, rec2), Options{},
			[]got{at(doc1, "in#line 1"), {Origin: "in#line 2", Err: "in#line 2: not valid JSON"}, at(doc2, "in#line 3")}},
		{"jsonl bad first line", jsonl(`{"url": broken`, rec1), Options{},
			[]got{{Origin: "in#line 1", Err: "not valid JSON"}, at(doc1, "in#line 2")}},
		{"jsonl line too long", jsonl(rec1, `{"text":"`+strings.Repeat("x", 500)+`"}`, rec2), Options{MaxBytes: 300},
			[]got{at(doc1, "in#line 1"), {Origin: "in#line 2", Err: "line is larger than the 300 bytes limit"}, at(doc2, "in#line 3")}},
		{"jsonl no body", jsonl(rec1, `{"url":"https://a.example/x","title":"Only a title"}`), Options{},
			[]got{at(doc1, "in#line 1"), {Origin: "in#line 2", Err: "record has no text or html field (has title, url)"}}},
		{"jsonl empty text", jsonl(`{"text":"  ","title":"t"}`, rec1), Options{},
			[]got{{Origin: "in#line 1", Err: "no text or html field"}, at(doc1, "in#line 2")}},
		{"jsonl scalar line", jsonl(rec1, `{"text": 1}`, `"just a string"`), Options{},
			[]got{at(doc1, "in#line 1"), {Origin: "in#line 2", Format: news.FormatText}, {Origin: "in#line 3", Err: "JSON string, not an object"}}},
		{"json no body", []byte(`{"title":"x"}`), Options{}, []got{{Origin: "in", Err: "record has no text or html field (has title)"}}},
		{"json empty object", []byte(`{}`), Options{}, []got{{Origin: "in", Err: "empty record"}}},
		{"json empty array", []byte(`[]`), Options{}, []got{{Origin: "in", Err: "empty JSON array"}}},
		{"json array of strings", []byte("[\n\"a\",\n1\n]"), Options{},
			[]got{{Origin: "in#record 1", Err: "JSON string, not an object"}, {Origin: "in#record 2", Err: "JSON number, not an object"}}},
		{"json truncated array", []byte("[\n" + rec1 + ",\n" + rec2[:40]), Options{},
			[]got{at(doc1, "in#record 1"), {Origin: "in#record 2", Err: "truncated JSON"}}},
		{"json syntax error", []byte("{\n \"text\": \"a\",,\n}"), Options{}, []got{{Origin: "in", Err: "invalid JSON at byte"}}},
		{"json value too large", []byte("[\n" + rec1 + ",\n{\"text\":\"" + strings.Repeat("y", 200<<10) + "\"}\n]"), Options{MaxBytes: 1000},
			[]got{at(doc1, "in#record 1"), {Origin: "in#record 2", Err: "larger than the 1000 bytes limit"}}},
		{"arc file", []byte("filedesc://x.arc 0.0.0.0 20240101000000 text/plain 76\n"), Options{}, []got{{Origin: "in", Err: "ARC file"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			check(t, readAll(t, "in", tc.in, tc.opt), tc.want)
		})
	}
}

func TestReadStopsOnCallbackError(t *testing.T) {
	stop := errors.New("stop")
	n := 0
	err := Read(context.Background(), "in", bytes.NewReader(jsonl(rec1, rec2, rec3)), Options{}, func(Item) error {
		n++
		return stop
	})
	if !errors.Is(err, stop) || n != 1 {
		t.Fatalf("err = %v after %d items, want stop after 1", err, n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err = Read(ctx, "in", bytes.NewReader(jsonl(rec1)), Options{}, func(Item) error { return nil })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want string // RFC 3339 in UTC, "" for no date
	}{
		{"2024-03-05T10:30:00Z", "2024-03-05T10:30:00Z"},
		{"2024-03-05T12:30:00+02:00", "2024-03-05T10:30:00Z"},
		{"2024-03-05T10:30:00.123Z", "2024-03-05T10:30:00Z"},
		{"2024-03-05T10:30:00", "2024-03-05T10:30:00Z"},
		{"2024-03-05 10:30:00", "2024-03-05T10:30:00Z"},
		{"2024-03-05", "2024-03-05T00:00:00Z"},
		{"Tue, 05 Mar 2024 10:30:00 GMT", "2024-03-05T10:30:00Z"},
		{"Tue, 5 Mar 2024 11:30:00 +0100", "2024-03-05T10:30:00Z"},
		{"20240305103000", "2024-03-05T10:30:00Z"},
		{"March 5, 2024", "2024-03-05T00:00:00Z"},
		{"1709634600", "2024-03-05T10:30:00Z"},
		{"1709634600000", "2024-03-05T10:30:00Z"},
		{"03/05/2024", ""},
		{"yesterday", ""},
		{"", ""},
		{"42", ""},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			tm, ok := ParseDate(tc.in)
			got := ""
			if ok {
				got = tm.UTC().Format(time.RFC3339)
			}
			if got != tc.want {
				t.Errorf("ParseDate(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
