package source

import (
	"bytes"
	"compress/gzip"
	"crypto/sha1"
	"encoding/base32"
	"fmt"
	"io"
	"strconv"
	"time"
)

// WARCWriter writes WARC/1.1 records. With gzip, every record is its own
// gzip member, as .warc.gz readers expect, so a reader can seek to any
// record. Record IDs are derived from the record's content, so the same
// input always gives the same bytes.
type WARCWriter struct {
	w    io.Writer
	gzip bool
	buf  bytes.Buffer
}

// NewWARCWriter returns a writer of WARC records to w, gzip-compressing
// each record when gzip is set.
func NewWARCWriter(w io.Writer, gzip bool) *WARCWriter {
	return &WARCWriter{w: w, gzip: gzip}
}

// WriteResponse writes a response record for url captured at date: an
// HTTP/1.1 200 response with the given Content-Type and body.
func (ww *WARCWriter) WriteResponse(url string, date time.Time, contentType string, body []byte) error {
	var http bytes.Buffer
	http.WriteString("HTTP/1.1 200 OK\r\n")
	if contentType != "" {
		fmt.Fprintf(&http, "Content-Type: %s\r\n", oneLine(contentType))
	}
	fmt.Fprintf(&http, "Content-Length: %d\r\n\r\n", len(body))
	http.Write(body)
	return ww.WriteRecord("response", url, date, "application/http; msgtype=response", http.Bytes(),
		"WARC-Payload-Digest", digest(body))
}

// WriteRecord writes one record of type warcType ("response", "request",
// "resource", "warcinfo", "metadata"…) whose block is given as is. extra
// are additional header name/value pairs.
func (ww *WARCWriter) WriteRecord(warcType, url string, date time.Time, contentType string, block []byte, extra ...string) error {
	b := &ww.buf
	b.Reset()
	b.WriteString("WARC/1.1\r\n")
	header := func(name, value string) {
		if value != "" {
			b.WriteString(name + ": " + oneLine(value) + "\r\n")
		}
	}
	header("WARC-Type", warcType)
	header("WARC-Record-ID", recordID(warcType, url, date, block))
	header("WARC-Date", date.UTC().Format("2006-01-02T15:04:05Z"))
	header("WARC-Target-URI", url)
	header("Content-Type", contentType)
	for i := 0; i+1 < len(extra); i += 2 {
		header(extra[i], extra[i+1])
	}
	header("WARC-Block-Digest", digest(block))
	header("Content-Length", strconv.Itoa(len(block)))
	b.WriteString("\r\n")
	b.Write(block)
	b.WriteString("\r\n\r\n")
	if !ww.gzip {
		_, err := ww.w.Write(b.Bytes())
		return err
	}
	zw := gzip.NewWriter(ww.w)
	if _, err := zw.Write(b.Bytes()); err != nil {
		return err
	}
	return zw.Close()
}

// digest is the WARC-style "sha1:BASE32" digest of b.
func digest(b []byte) string {
	sum := sha1.Sum(b)
	return "sha1:" + base32.StdEncoding.EncodeToString(sum[:])
}

// recordID derives a urn:uuid from the record's content.
func recordID(warcType, url string, date time.Time, block []byte) string {
	h := sha1.New()
	fmt.Fprintf(h, "%s\n%s\n%d\n", warcType, url, date.UnixNano())
	h.Write(block)
	s := h.Sum(nil)
	s[6] = s[6]&0x0f | 0x50 // version 5 (name-based, SHA-1)
	s[8] = s[8]&0x3f | 0x80
	return fmt.Sprintf("<urn:uuid:%x-%x-%x-%x-%x>", s[0:4], s[4:6], s[6:8], s[8:10], s[10:16])
}
