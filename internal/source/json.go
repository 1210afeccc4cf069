package source

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/readout/readout/internal/news"
)

// jsonLines reads one JSON value per line. A line that is not JSON, is not
// a usable record or is too long is rejected and reading goes on; blank
// lines are ignored. A file with a single line is named by its path alone.
func (rd *reader) jsonLines(br *bufio.Reader) error {
	type pending struct {
		origin string
		line   []byte
		long   bool
	}
	var held *pending
	flush := func(p *pending) error {
		if p.long {
			return rd.fn(reject(p.origin, news.KindInvalid, "line is larger than the %s limit", byteSize(rd.opt.MaxBytes)))
		}
		return rd.value(p.origin, p.line)
	}
	lineNo, records := 0, 0
	for {
		if err := rd.ctx.Err(); err != nil {
			return err
		}
		line, long, err := readLine(br, rd.opt.MaxBytes)
		if len(line) == 0 && !long && err == io.EOF {
			break
		}
		lineNo++
		if err != nil && err != io.EOF {
			// The line was cut by a read error: drop it.
			if held != nil {
				if e := flush(held); e != nil {
					return e
				}
			}
			return rd.fn(rd.readError(rd.origin, err, records))
		}
		if lineNo == 1 {
			line = bytes.TrimPrefix(line, utf8BOM)
		}
		line = bytes.TrimSpace(line)
		if len(line) > 0 || long {
			if held != nil {
				if e := flush(held); e != nil {
					return e
				}
			}
			held = &pending{origin: fmt.Sprintf("%s#line %d", rd.origin, lineNo), line: line, long: long}
			records++
		}
		if err == io.EOF {
			break
		}
	}
	if held == nil {
		return rd.fn(reject(rd.origin, news.KindInvalid, "empty input (only white space)"))
	}
	if records == 1 {
		held.origin = rd.origin
	}
	return flush(held)
}

// readLine reads one line without its newline. A line longer than max is
// consumed but not kept: long reports it. err is io.EOF at the end of
// input (the line may still hold the last, unterminated line).
func readLine(br *bufio.Reader, max int64) (line []byte, long bool, err error) {
	for {
		frag, e := br.ReadSlice('\n')
		if !long {
			if int64(len(line)+len(frag)) > max+1 { // +1: the newline
				long, line = true, nil
			} else {
				line = append(line, frag...)
			}
		}
		switch {
		case e == nil:
			return bytes.TrimSuffix(line, []byte("\n")), long, nil
		case errors.Is(e, bufio.ErrBufferFull):
			continue
		default:
			return line, long, e
		}
	}
}

// json reads a JSON document: one record, an array of records, or several
// of these one after the other. A syntax error ends the stream, since
// there is no telling where the next record starts.
func (rd *reader) json(br *bufio.Reader) error {
	if b, _ := br.Peek(3); bytes.Equal(b, utf8BOM) {
		br.Discard(3)
	}
	guard := &guardReader{r: br, max: rd.opt.MaxBytes + 64<<10}
	dec := json.NewDecoder(guard)
	n := 0
	fail := func(err error) error {
		origin := rd.origin
		if n > 0 {
			origin = fmt.Sprintf("%s#record %d", rd.origin, n+1)
		}
		switch {
		case errors.Is(err, errTooLarge):
			return rd.fn(reject(origin, news.KindInvalid, "JSON value is larger than the %s limit", byteSize(rd.opt.MaxBytes)))
		case errors.Is(err, io.ErrUnexpectedEOF) && rd.via == "":
			return rd.fn(reject(origin, news.KindInvalid, "truncated JSON (unexpected end of data)"))
		}
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return rd.fn(reject(origin, news.KindInvalid, "invalid JSON at byte %d: %v", se.Offset, err))
		}
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return rd.fn(reject(origin, news.KindInvalid, "invalid JSON: %v", err))
		}
		return rd.fn(rd.readError(origin, err, n))
	}

	// A leading array is streamed element by element.
	if b := trimBOMSpace(peekSome(br)); len(b) > 0 && b[0] == '[' {
		if _, err := dec.Token(); err != nil {
			return fail(err)
		}
		for dec.More() {
			if err := rd.ctx.Err(); err != nil {
				return err
			}
			guard.reset()
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return fail(err)
			}
			n++
			if err := rd.value(fmt.Sprintf("%s#record %d", rd.origin, n), raw); err != nil {
				return err
			}
		}
		if _, err := dec.Token(); err != nil {
			return fail(err)
		}
		if n == 0 && !dec.More() {
			return rd.fn(reject(rd.origin, news.KindInvalid, "empty JSON array"))
		}
	}

	// Then whole values; the first is held back so that a file with
	// only one is named by its path alone.
	var held json.RawMessage
	first := n == 0
	for {
		if err := rd.ctx.Err(); err != nil {
			return err
		}
		guard.reset()
		var raw json.RawMessage
		err := dec.Decode(&raw)
		if err == io.EOF {
			break
		}
		if err != nil {
			if held != nil {
				if e := rd.value(fmt.Sprintf("%s#record %d", rd.origin, n), held); e != nil {
					return e
				}
			}
			return fail(err)
		}
		if held != nil {
			if err := rd.value(fmt.Sprintf("%s#record %d", rd.origin, n), held); err != nil {
				return err
			}
		}
		n++
		held = raw
	}
	if held != nil {
		origin := fmt.Sprintf("%s#record %d", rd.origin, n)
		if first && n == 1 {
			origin = rd.origin
		}
		return rd.value(origin, held)
	}
	return nil
}

// peekSome returns what is buffered, reading once if nothing is.
func peekSome(br *bufio.Reader) []byte {
	b, _ := br.Peek(br.Buffered())
	if len(b) == 0 {
		b, _ = br.Peek(1)
	}
	return b
}

var errTooLarge = errors.New("value too large")

// guardReader fails once more than max bytes were read since the last
// reset, so that one huge JSON value cannot exhaust memory.
type guardReader struct {
	r   io.Reader
	n   int64
	max int64
}

func (g *guardReader) reset() { g.n = 0 }

func (g *guardReader) Read(p []byte) (int, error) {
	if g.n > g.max {
		return 0, errTooLarge
	}
	n, err := g.r.Read(p)
	g.n += int64(n)
	return n, err
}

// value turns one JSON value into items: an object is a record (or wraps
// an array of records), an array holds records.
func (rd *reader) value(origin string, raw []byte) error {
	raw = bytes.TrimSpace(raw)
	if int64(len(raw)) > rd.opt.MaxBytes {
		return rd.fn(reject(origin, news.KindInvalid, "record is larger than the %s limit", byteSize(rd.opt.MaxBytes)))
	}
	if len(raw) == 0 {
		return rd.fn(reject(origin, news.KindInvalid, "empty record"))
	}
	switch raw[0] {
	case '{':
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(raw, &obj); err != nil {
			return rd.fn(reject(origin, news.KindInvalid, "not valid JSON: %v", jsonErr(err)))
		}
		if list, key := wrappedRecords(obj); list != nil {
			return rd.records(origin, list, key)
		}
		return rd.fn(record(origin, obj))
	case '[':
		var list []json.RawMessage
		if err := json.Unmarshal(raw, &list); err != nil {
			return rd.fn(reject(origin, news.KindInvalid, "not valid JSON: %v", jsonErr(err)))
		}
		return rd.records(origin, list, "")
	}
	if !json.Valid(raw) {
		var v any
		return rd.fn(reject(origin, news.KindInvalid, "not valid JSON: %v", jsonErr(json.Unmarshal(raw, &v))))
	}
	return rd.fn(reject(origin, news.KindInvalid, "JSON %s, not an object with text or html", jsonType(raw[0])))
}

// records emits the elements of a list of records; key is the field of the
// object that held the list, if any.
func (rd *reader) records(origin string, list []json.RawMessage, key string) error {
	if len(list) == 0 {
		if key != "" {
			return rd.fn(reject(origin, news.KindInvalid, "%q holds an empty list", key))
		}
		return rd.fn(reject(origin, news.KindInvalid, "empty JSON array"))
	}
	for i, el := range list {
		if err := rd.ctx.Err(); err != nil {
			return err
		}
		o := fmt.Sprintf("%s#record %d", origin, i+1)
		el = bytes.TrimSpace(el)
		if len(el) == 0 || el[0] != '{' {
			what := "empty value"
			if len(el) > 0 {
				what = "JSON " + jsonType(el[0])
			}
			if err := rd.fn(reject(o, news.KindInvalid, "%s, not an object with text or html", what)); err != nil {
				return err
			}
			continue
		}
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(el, &obj); err != nil {
			if err := rd.fn(reject(o, news.KindInvalid, "not valid JSON: %v", jsonErr(err))); err != nil {
				return err
			}
			continue
		}
		if err := rd.fn(record(o, obj)); err != nil {
			return err
		}
	}
	return nil
}

func jsonType(c byte) string {
	switch c {
	case '"':
		return "string"
	case '[':
		return "array"
	case '{':
		return "object"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}

// jsonErr strips the "json: " prefix some encoding/json errors carry.
func jsonErr(err error) string {
	if err == nil {
		return "unknown error"
	}
	return string(bytes.TrimPrefix([]byte(err.Error()), []byte("json: ")))
}
