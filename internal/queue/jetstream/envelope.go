package jetstream

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/readout/readout/internal/news"
)

// Headers readout sets on its messages.
const (
	hdrEncoding = "Readout-Encoding" // "gzip" when the payload is compressed
	hdrOrigin   = "Readout-Origin"   // the document's origin, for listings
	hdrError    = "Readout-Error"    // dead letters: the last failure
	hdrAttempts = "Readout-Attempts" // dead letters: deliveries made
	hdrFailedAt = "Readout-Failed-At"
	hdrResult   = "Readout-Result" // stored: the PutResult
)

// compressAbove is the encoded size above which a payload is gzipped.
const compressAbove = 2 << 10

// envelope is a document on the wire. Field names are short and stable:
// messages may outlive a release.
type envelope struct {
	Origin      string    `json:"o,omitempty"`
	Format      string    `json:"f,omitempty"`
	ContentType string    `json:"ct,omitempty"`
	URL         string    `json:"u,omitempty"`
	Title       string    `json:"t,omitempty"`
	Published   time.Time `json:"p,omitzero"`
	Source      string    `json:"s,omitempty"`
	Fetched     time.Time `json:"fe,omitzero"`
	Body        []byte    `json:"b"`
}

// MsgID is the deduplication key of a document: a hash of everything the
// pipeline reads from it. The origin counts by its DocumentKey (file name
// and record, not directory), as for article IDs, so the same file named
// by another path is the same message.
func MsgID(d news.Document) string {
	h := sha256.New()
	body := sha256.Sum256(d.Body)
	for _, s := range []string{
		news.DocumentKey(hex.EncodeToString(body[:]), d.Origin),
		string(d.Format), d.ContentType, d.URL, d.Title, d.Source,
		d.Published.UTC().Format(time.RFC3339Nano),
	} {
		fmt.Fprintf(h, "%d:%s|", len(s), s)
	}
	return "d" + hex.EncodeToString(h.Sum(nil)[:16])
}

// encode turns d into a message on subject, compressing large payloads.
func encode(subject string, d news.Document) (*nats.Msg, error) {
	b, err := json.Marshal(envelope{Origin: d.Origin, Format: string(d.Format), ContentType: d.ContentType,
		URL: d.URL, Title: d.Title, Published: d.Published, Source: d.Source, Fetched: d.Fetched, Body: d.Body})
	if err != nil {
		return nil, err
	}
	m := nats.NewMsg(subject)
	if len(b) > compressAbove {
		var buf bytes.Buffer
		buf.Grow(len(b) / 3)
		zw := gzipWriters.Get().(*gzip.Writer)
		zw.Reset(&buf)
		zw.Write(b)
		err := zw.Close()
		gzipWriters.Put(zw)
		if err != nil {
			return nil, err
		}
		b = buf.Bytes()
		m.Header.Set(hdrEncoding, "gzip")
	}
	m.Data = b
	m.Header.Set(nats.MsgIdHdr, MsgID(d))
	m.Header.Set(hdrOrigin, headerSafe(d.Origin))
	return m, nil
}

// gzipWriters keeps compressors: each holds about a megabyte of state.
var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(io.Discard, gzip.BestSpeed)
	return zw
}}

// maxDecoded bounds a decompressed payload (a gzip bomb is bad input).
const maxDecoded = 256 << 20

// decode reverses encode.
func decode(h nats.Header, data []byte) (news.Document, error) {
	if enc := h.Get(hdrEncoding); enc != "" {
		if enc != "gzip" {
			return news.Document{}, fmt.Errorf("unknown encoding %q", enc)
		}
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return news.Document{}, fmt.Errorf("gunzip: %w", err)
		}
		b, err := io.ReadAll(io.LimitReader(zr, maxDecoded+1))
		if err != nil {
			return news.Document{}, fmt.Errorf("gunzip: %w", err)
		}
		if len(b) > maxDecoded {
			return news.Document{}, fmt.Errorf("payload decompresses to more than %d bytes", maxDecoded)
		}
		data = b
	}
	var e envelope
	if err := json.Unmarshal(data, &e); err != nil {
		return news.Document{}, fmt.Errorf("decode document: %w", err)
	}
	return news.Document{Origin: e.Origin, Format: news.Format(e.Format), ContentType: e.ContentType,
		URL: e.URL, Title: e.Title, Published: e.Published, Source: e.Source, Fetched: e.Fetched, Body: e.Body}, nil
}

// headerSafe makes s fit in a header value: one line, at most 1 KiB.
func headerSafe(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c == '\r' || c == '\n' {
			b[i] = ' '
		}
	}
	if len(b) > 1024 {
		b = append(b[:1021], "..."...)
	}
	return strings.ToValidUTF8(string(b), "")
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
