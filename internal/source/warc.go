package source

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"mime"
	"strconv"
	"strings"

	"github.com/andybalholm/brotli"

	"github.com/readout/readout/internal/news"
)

// maxHeaderBytes bounds the header section of a WARC record or of the HTTP
// message inside it.
const maxHeaderBytes = 256 << 10

// header is a parsed header section: lower-cased names, first value wins
// (repeated names are rare in WARC and unimportant for us in HTTP).
type header map[string]string

func (h header) get(name string) string { return h[name] }

// parseHeaderLines parses "Name: value" lines; continuation lines (starting
// with a space or tab) extend the previous value; other lines are ignored.
func parseHeaderLines(lines [][]byte) header {
	h := make(header, len(lines))
	last := ""
	for _, l := range lines {
		l = bytes.TrimRight(l, "\r")
		if len(l) == 0 {
			continue
		}
		if (l[0] == ' ' || l[0] == '\t') && last != "" {
			h[last] += " " + string(bytes.TrimSpace(l))
			continue
		}
		name, value, ok := bytes.Cut(l, []byte(":"))
		if !ok {
			continue
		}
		k := strings.ToLower(string(bytes.TrimSpace(name)))
		if _, dup := h[k]; !dup {
			h[k] = string(bytes.TrimSpace(value))
		}
		last = k
	}
	return h
}

// warc reads a WARC file record by record. A record whose framing is
// broken is rejected and reading resumes at the next line that starts a
// record; a truncated record ends the stream with a rejection.
func (rd *reader) warc(br *bufio.Reader) error {
	n := 0
	garbage := 0 // bytes skipped looking for a record
	for {
		if err := rd.ctx.Err(); err != nil {
			return err
		}
		line, long, err := readLine(br, 64<<10)
		if err != nil && err != io.EOF {
			return rd.fn(rd.readError(rd.origin, err, n))
		}
		// Bytes between records are reported under the record before
		// them, whose Content-Length was probably wrong.
		prev := rd.origin
		if n > 0 {
			prev = fmt.Sprintf("%s#record %d", rd.origin, n)
		}
		if len(line) == 0 && !long && err == io.EOF {
			if garbage > 0 {
				return rd.fn(reject(prev, news.KindInvalid, "%d bytes after the last record are not a WARC record", garbage))
			}
			return nil
		}
		trimmed := bytes.TrimSpace(bytes.TrimPrefix(line, utf8BOM))
		if !long && len(trimmed) == 0 {
			continue // the blank lines between records
		}
		if long || !bytes.HasPrefix(trimmed, []byte("WARC/")) {
			garbage += len(line) + 1
			continue
		}
		if garbage > 0 {
			where := "at the start"
			if n > 0 {
				where = fmt.Sprintf("after record %d", n)
			}
			if e := rd.fn(reject(prev, news.KindInvalid, "skipped %d bytes %s that are not a WARC record (bad Content-Length?)", garbage, where)); e != nil {
				return e
			}
			garbage = 0
		}
		n++
		origin := fmt.Sprintf("%s#record %d", rd.origin, n)
		if err == io.EOF {
			return rd.fn(reject(origin, news.KindInvalid, "truncated WARC record (no header)"))
		}
		hdr, err := readHeader(br)
		if err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				return rd.fn(reject(origin, news.KindInvalid, "truncated WARC record header%s", rd.inStream()))
			}
			if errors.Is(err, errTooLarge) {
				if e := rd.fn(reject(origin, news.KindInvalid, "WARC header is larger than %s", byteSize(maxHeaderBytes))); e != nil {
					return e
				}
				continue
			}
			return rd.fn(rd.readError(origin, err, n-1))
		}
		length, perr := strconv.ParseInt(hdr.get("content-length"), 10, 64)
		if perr != nil || length < 0 {
			// Without a length the block cannot be found; look for the
			// next record.
			if e := rd.fn(reject(origin, news.KindInvalid, "WARC record without a valid Content-Length (%q)", hdr.get("content-length"))); e != nil {
				return e
			}
			continue
		}
		typ := strings.ToLower(hdr.get("warc-type"))
		keep := (typ == "response" || typ == "resource") && length <= rd.opt.MaxBytes
		if !keep {
			got, err := io.CopyN(io.Discard, br, length)
			if got < length {
				return rd.fn(rd.truncated(origin, got, length, err))
			}
			var it Item
			switch {
			case typ == "response" || typ == "resource":
				it = rd.tooLarge(origin, length)
			case typ == "":
				it = reject(origin, news.KindInvalid, "WARC record without WARC-Type")
			default:
				it = skip(origin, "WARC %s record", typ)
			}
			if e := rd.fn(it); e != nil {
				return e
			}
			continue
		}
		block := make([]byte, length)
		if got, err := io.ReadFull(br, block); err != nil {
			return rd.fn(rd.truncated(origin, int64(got), length, err))
		}
		if e := rd.fn(rd.warcRecord(origin, typ, hdr, block)); e != nil {
			return e
		}
	}
}

// truncated rejects a record whose block ended early.
func (rd *reader) truncated(origin string, got, want int64, err error) Item {
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return rd.readError(origin, err, 0)
	}
	return reject(origin, news.KindInvalid, "truncated WARC record%s: %d of %d bytes", rd.inStream(), got, want)
}

// inStream names the decoder a stream went through, for messages.
func (rd *reader) inStream() string {
	if rd.via == "" {
		return ""
	}
	return " (" + rd.via + " stream)"
}

// readHeader reads header lines up to the blank line that ends them.
func readHeader(br *bufio.Reader) (header, error) {
	var lines [][]byte
	total := 0
	for {
		line, long, err := readLine(br, maxHeaderBytes)
		total += len(line)
		if long || total > maxHeaderBytes {
			return nil, errTooLarge
		}
		if len(bytes.TrimRight(line, "\r")) == 0 && err == nil {
			return parseHeaderLines(lines), nil
		}
		if err != nil {
			if err == io.EOF {
				return nil, io.ErrUnexpectedEOF
			}
			return nil, err
		}
		lines = append(lines, line)
	}
}

// warcRecord turns a response or resource record's block into an item.
func (rd *reader) warcRecord(origin, typ string, hdr header, block []byte) Item {
	doc := news.Document{
		Origin: origin,
		URL:    strings.Trim(hdr.get("warc-target-uri"), "<> "),
	}
	if t, ok := ParseDate(hdr.get("warc-date")); ok {
		doc.Fetched = t
	}
	body, ctype := block, hdr.get("content-type")
	if typ == "response" {
		resp, it, ok := rd.httpResponse(origin, block, hdr.get("warc-truncated") != "")
		if !ok {
			return it
		}
		body, ctype = resp.body, resp.contentType
	}
	return rd.finishPayload(doc, body, ctype)
}

// finishPayload checks a payload's media type and content and returns the
// document or the reason it is skipped.
func (rd *reader) finishPayload(doc news.Document, body []byte, ctype string) Item {
	origin := doc.Origin
	media := ""
	if ctype != "" {
		if mt, _, err := mime.ParseMediaType(ctype); err == nil {
			media = mt
		} else {
			media = strings.ToLower(strings.TrimSpace(strings.Split(ctype, ";")[0]))
		}
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return skip(origin, "empty payload")
	}
	if what := binaryKind(body); what != "" {
		return skip(origin, "payload is a %s, not HTML", what)
	}
	switch media {
	case "text/html", "application/xhtml+xml":
	case "", "application/octet-stream", "unk", "unknown", "no-type":
		if sniffFormat(body) != news.FormatHTML {
			return skip(origin, "payload without a media type does not look like HTML")
		}
	default:
		return skip(origin, "media type %s is not HTML", media)
	}
	if isBinary(body) {
		return reject(origin, news.KindInvalid, "payload declared HTML is binary data")
	}
	doc.Format = news.FormatHTML
	doc.Body = body
	doc.ContentType = ctype
	return Item{Doc: doc}
}

// response is the part of an HTTP response readout uses.
type response struct {
	status      int
	contentType string
	body        []byte
}

// httpResponse parses an HTTP response message held in a WARC block and
// undoes its transfer and content encodings. ok is false with the item to
// emit when the response holds no usable document.
func (rd *reader) httpResponse(origin string, block []byte, warcTruncated bool) (response, Item, bool) {
	var resp response
	if !bytes.HasPrefix(block, []byte("HTTP/")) {
		return resp, skip(origin, "WARC response is not an HTTP response"), false
	}
	head, payload := splitMessage(block)
	lines := bytes.Split(head, []byte("\n"))
	status := strings.Fields(string(bytes.TrimSpace(lines[0])))
	if len(status) < 2 {
		return resp, reject(origin, news.KindInvalid, "malformed HTTP status line %q", truncate(string(lines[0]), 60)), false
	}
	code, err := strconv.Atoi(status[1])
	if err != nil || code < 100 || code > 999 {
		return resp, reject(origin, news.KindInvalid, "malformed HTTP status line %q", truncate(string(lines[0]), 60)), false
	}
	resp.status = code
	if code != 200 {
		return resp, skip(origin, "HTTP status %d", code), false
	}
	h := parseHeaderLines(lines[1:])
	resp.contentType = h.get("content-type")

	if te := strings.ToLower(h.get("transfer-encoding")); strings.Contains(te, "chunked") {
		if dechunked, ok := dechunk(payload); ok {
			payload = dechunked
		}
	}
	body, err := decodeContent(payload, h.get("content-encoding"), rd.opt.MaxBytes)
	switch {
	case errors.Is(err, errTooLarge):
		return resp, rd.tooLarge(origin, -1), false
	case errors.Is(err, errUnsupported):
		return resp, skip(origin, "unsupported content encoding %q", h.get("content-encoding")), false
	case err != nil && (len(body) == 0 || !warcTruncated):
		return resp, reject(origin, news.KindInvalid, "cannot decode %s content: %v", h.get("content-encoding"), describe(err)), false
	}
	resp.body = body
	return resp, Item{}, true
}

// splitMessage splits an HTTP message at the blank line after its headers.
func splitMessage(b []byte) (head, body []byte) {
	crlf := bytes.Index(b, []byte("\r\n\r\n"))
	lf := bytes.Index(b, []byte("\n\n"))
	switch {
	case crlf >= 0 && (lf < 0 || crlf < lf):
		return b[:crlf], b[crlf+4:]
	case lf >= 0:
		return b[:lf], b[lf+2:]
	}
	return b, nil
}

// dechunk undoes chunked transfer-encoding. It reports false when b does
// not start with a chunk (crawlers sometimes store the decoded body but
// keep the header); a cut-off chunked body yields what it holds.
func dechunk(b []byte) ([]byte, bool) {
	var out []byte
	first := true
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			break
		}
		sizeField := bytes.TrimSpace(b[:i])
		if j := bytes.IndexByte(sizeField, ';'); j >= 0 {
			sizeField = bytes.TrimSpace(sizeField[:j])
		}
		size, err := strconv.ParseInt(string(sizeField), 16, 64)
		if err != nil || size < 0 || len(sizeField) == 0 || len(sizeField) > 15 {
			if first {
				return nil, false
			}
			break
		}
		first = false
		b = b[i+1:]
		if size == 0 {
			break
		}
		if size > int64(len(b)) {
			out = append(out, b...)
			break
		}
		out = append(out, b[:size]...)
		b = bytes.TrimPrefix(b[size:], []byte("\r"))
		b = bytes.TrimPrefix(b, []byte("\n"))
	}
	if first {
		return nil, false
	}
	return out, true
}

var errUnsupported = errors.New("unsupported encoding")

// decodeContent undoes a Content-Encoding (possibly a list, applied in
// order). A payload that does not carry the declared encoding's signature
// is taken as already decoded. The result is limited to max bytes.
func decodeContent(b []byte, encoding string, max int64) ([]byte, error) {
	codings := strings.Split(strings.ToLower(encoding), ",")
	for i := len(codings) - 1; i >= 0; i-- {
		var r io.Reader
		switch strings.TrimSpace(codings[i]) {
		case "", "identity", "none", "utf-8", "utf8":
			continue
		case "gzip", "x-gzip":
			if len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b {
				continue
			}
			zr, err := gzip.NewReader(bytes.NewReader(b))
			if err != nil {
				return nil, err
			}
			r = zr
		case "deflate":
			if len(b) >= 2 && b[0]&0x0f == 8 && (uint16(b[0])<<8|uint16(b[1]))%31 == 0 {
				zr, err := zlib.NewReader(bytes.NewReader(b))
				if err != nil {
					return nil, err
				}
				r = zr
			} else {
				r = flate.NewReader(bytes.NewReader(b))
			}
		case "br":
			if sniffFormat(b) == news.FormatHTML && !isBinary(b) {
				continue // stored decoded
			}
			r = brotli.NewReader(bytes.NewReader(b))
		default:
			return nil, errUnsupported
		}
		out, err := io.ReadAll(io.LimitReader(r, max+1))
		if int64(len(out)) > max {
			return nil, errTooLarge
		}
		if err != nil {
			return out, err
		}
		b = out
	}
	return b, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
