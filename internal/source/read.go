package source

import (
	"bufio"
	"bytes"
	"compress/bzip2"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/readout/readout/internal/news"
)

// Read parses one input stream and calls fn for every document or
// rejection in it. origin names the stream in Document.Origin and in
// messages ("-" for stdin). Problems with the content become Items; Read
// returns only fn's error or ctx's.
func Read(ctx context.Context, origin string, r io.Reader, opt Options, fn func(Item) error) error {
	rd := &reader{ctx: ctx, origin: origin, opt: opt.withDefaults(), fn: fn, size: -1}
	return rd.stream(r, 0)
}

// sniffLen is how much of a stream is looked at to decide its format.
const sniffLen = 16 << 10

// maxLayers bounds nested decoders (gzip inside gzip…).
const maxLayers = 3

// reader is the state of reading one input.
type reader struct {
	ctx    context.Context
	origin string
	opt    Options
	fn     func(Item) error
	// size is the input's size when it is a regular file, else -1.
	size int64
	// via names the decoders the stream went through ("gzip"), for
	// messages about read errors.
	via string
}

// stream sniffs r and hands it to the reader for its format.
func (rd *reader) stream(r io.Reader, layer int) error {
	if err := rd.ctx.Err(); err != nil {
		return err
	}
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(sniffLen)
	if len(head) == 0 {
		if err != nil && err != io.EOF {
			return rd.fn(rd.readError(rd.origin, err, 0))
		}
		return rd.fn(reject(rd.origin, news.KindInvalid, "empty input"))
	}
	if layer >= maxLayers && (isGzip(head) || isBzip2(head) || isUTF16(head)) {
		return rd.fn(reject(rd.origin, news.KindInvalid, "too many nested compression layers"))
	}
	switch {
	case isGzip(head):
		zr, err := gzip.NewReader(br)
		if err != nil {
			return rd.fn(reject(rd.origin, news.KindInvalid, "corrupt gzip header: %v", describe(err)))
		}
		defer zr.Close()
		rd.via = "gzip"
		rd.size = -1
		return rd.stream(zr, layer+1)
	case isBzip2(head):
		rd.via = "bzip2"
		rd.size = -1
		return rd.stream(bzip2.NewReader(br), layer+1)
	case isUTF16(head):
		dec := unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder()
		rd.size = -1
		// Keep a UTF-8 byte-order mark so that charset detection
		// downstream trusts UTF-8 over a <meta charset="utf-16">.
		return rd.stream(io.MultiReader(bytes.NewReader(utf8BOM), transform.NewReader(br, dec)), layer+1)
	}
	if what := binaryKind(head); what != "" {
		return rd.fn(reject(rd.origin, news.KindInvalid, "%s, not a document", what))
	}
	body := trimBOMSpace(head)
	switch {
	case len(body) == 0 && len(head) < sniffLen:
		return rd.fn(reject(rd.origin, news.KindInvalid, "empty input (only white space)"))
	case bytes.HasPrefix(body, []byte("WARC/")):
		return rd.warc(br)
	case bytes.HasPrefix(body, []byte("filedesc://")):
		return rd.fn(reject(rd.origin, news.KindInvalid, "ARC file (the format before WARC), not supported; convert it to WARC"))
	case looksJSON(body) || (len(body) > 0 && body[0] == '{' && hasJSONLine(head)):
		if isJSONLines(head) {
			return rd.jsonLines(br)
		}
		return rd.json(br)
	}
	if isBinary(head) {
		return rd.fn(reject(rd.origin, news.KindInvalid, "binary data (many NUL or control bytes), not text or HTML"))
	}
	if what := xmlKind(body); what != "" {
		return rd.fn(reject(rd.origin, news.KindInvalid, "%s, not a document (not supported)", what))
	}
	return rd.single(br)
}

// single reads the whole stream as one HTML or text document.
func (rd *reader) single(br *bufio.Reader) error {
	max := rd.opt.MaxBytes
	if rd.size > max {
		return rd.fn(rd.tooLarge(rd.origin, rd.size))
	}
	body, err := io.ReadAll(io.LimitReader(br, max+1))
	if err != nil {
		return rd.fn(rd.readError(rd.origin, err, 0))
	}
	if int64(len(body)) > max {
		return rd.fn(rd.tooLarge(rd.origin, -1))
	}
	if len(trimBOMSpace(body)) == 0 {
		return rd.fn(reject(rd.origin, news.KindInvalid, "empty input (only white space)"))
	}
	return rd.fn(Item{Doc: news.Document{
		Origin: rd.origin,
		Format: sniffFormat(body),
		Body:   body,
	}})
}

// tooLarge rejects origin for exceeding MaxBytes; size < 0 when unknown.
func (rd *reader) tooLarge(origin string, size int64) Item {
	if size >= 0 {
		return reject(origin, news.KindInvalid, "%s is larger than the %s limit", byteSize(size), byteSize(rd.opt.MaxBytes))
	}
	return reject(origin, news.KindInvalid, "larger than the %s limit", byteSize(rd.opt.MaxBytes))
}

// readError describes a failure to read the stream after n records.
func (rd *reader) readError(origin string, err error, n int) Item {
	what := "input"
	if rd.via != "" {
		what = rd.via + " stream"
	}
	msg := fmt.Sprintf("read error: %v", describe(err))
	if errors.Is(err, io.ErrUnexpectedEOF) {
		msg = "truncated " + what + " (unexpected end of data)"
	} else if rd.via != "" {
		msg = "corrupt " + what + ": " + describe(err)
	}
	switch {
	case n == 1:
		msg += " after 1 record"
	case n > 1:
		msg += fmt.Sprintf(" after %d records", n)
	}
	kind := news.KindInvalid
	if rd.via == "" && !errors.Is(err, io.ErrUnexpectedEOF) {
		kind = news.KindUnavailable
	}
	return reject(origin, kind, "%s", msg)
}

// describe shortens well-known errors.
func describe(err error) string {
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return "unexpected end of data"
	case errors.Is(err, gzip.ErrChecksum):
		return "checksum mismatch"
	case errors.Is(err, gzip.ErrHeader):
		return "invalid gzip header (trailing garbage?)"
	}
	return err.Error()
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
