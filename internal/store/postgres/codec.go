package postgres

// The binary token encoding, raw-body compression and fingerprints are the
// SQLite store's (internal/store/sqlite/codec.go), so that both stores
// keep the same bytes; sentences are additionally packed per article
// (encodeSentences).

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"io"
	"strings"
	"sync"
	"unicode"

	"github.com/readout/readout/internal/news"
)

// Tokens are stored per sentence as a compact binary blob rather than JSON
// (a 700-word article has ~800 tokens; JSON with field names would be
// several times larger and slower to decode):
//
//	byte   version (1)
//	uvarint count
//	per token:
//	  uvarint start, uvarint end-start
//	  uvarint len(text)+1, text bytes — or 0 when text == articleText[start:end]
//	  string upos, string xpos, string lemma, string rel (uvarint len, bytes)
//	  varint head
const tokenCodecVersion = 1

// encodeTokens appends the encoding of toks to dst. text is the article
// text the offsets point into.
func encodeTokens(dst []byte, toks []news.Token, text string) []byte {
	if len(toks) == 0 {
		return nil
	}
	dst = append(dst, tokenCodecVersion)
	dst = binary.AppendUvarint(dst, uint64(len(toks)))
	str := func(s string) {
		dst = binary.AppendUvarint(dst, uint64(len(s)))
		dst = append(dst, s...)
	}
	for _, t := range toks {
		dst = binary.AppendUvarint(dst, uint64(t.Start))
		dst = binary.AppendUvarint(dst, uint64(t.End-t.Start))
		if t.Start >= 0 && t.End <= len(text) && t.Start <= t.End && text[t.Start:t.End] == t.Text {
			dst = append(dst, 0)
		} else {
			dst = binary.AppendUvarint(dst, uint64(len(t.Text))+1)
			dst = append(dst, t.Text...)
		}
		str(t.UPOS)
		str(t.XPOS)
		str(t.Lemma)
		str(t.Rel)
		dst = binary.AppendVarint(dst, int64(t.Head))
	}
	return dst
}

var errBadTokens = errors.New("malformed token blob")

// decodeTokens reverses encodeTokens. It never panics on malformed input.
func decodeTokens(b []byte, text string) ([]news.Token, error) {
	return decodeTokensInterned(b, text, nil)
}

// interner shares the strings of small closed sets (tags, relations)
// between the tokens of an article instead of allocating each.
type interner map[string]string

func (in interner) get(b []byte) string {
	if in == nil {
		return string(b)
	}
	if s, ok := in[string(b)]; ok {
		return s
	}
	if len(in) > 4096 {
		return string(b)
	}
	s := string(b)
	in[s] = s
	return s
}

func decodeTokensInterned(b []byte, text string, in interner) ([]news.Token, error) {
	if len(b) == 0 {
		return nil, nil
	}
	if b[0] != tokenCodecVersion {
		return nil, fmt.Errorf("%w: version %d", errBadTokens, b[0])
	}
	b = b[1:]
	uv := func() (uint64, bool) {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			return 0, false
		}
		b = b[n:]
		return v, true
	}
	str := func(in interner) (string, bool) {
		n, ok := uv()
		if !ok || n > uint64(len(b)) {
			return "", false
		}
		s := in.get(b[:n])
		b = b[n:]
		return s, true
	}
	count, ok := uv()
	// Each token takes at least 7 bytes, which bounds the allocation.
	if !ok || count > uint64(len(b))/7+1 {
		return nil, errBadTokens
	}
	if count == 0 {
		if len(b) != 0 {
			return nil, fmt.Errorf("%w: %d trailing bytes", errBadTokens, len(b))
		}
		return nil, nil
	}
	toks := make([]news.Token, count)
	for i := range toks {
		t := &toks[i]
		start, ok1 := uv()
		length, ok2 := uv()
		if !ok1 || !ok2 || start > 1<<40 || length > 1<<40 {
			return nil, errBadTokens
		}
		t.Start, t.End = int(start), int(start+length)
		tl, ok := uv()
		if !ok {
			return nil, errBadTokens
		}
		if tl == 0 {
			if t.End > len(text) {
				return nil, fmt.Errorf("%w: token %d outside text", errBadTokens, i)
			}
			t.Text = text[t.Start:t.End]
		} else {
			if tl-1 > uint64(len(b)) {
				return nil, errBadTokens
			}
			t.Text = string(b[:tl-1])
			b = b[tl-1:]
		}
		var oks [4]bool
		t.UPOS, oks[0] = str(in)
		t.XPOS, oks[1] = str(in)
		t.Lemma, oks[2] = str(nil)
		t.Rel, oks[3] = str(in)
		if oks != [4]bool{true, true, true, true} {
			return nil, errBadTokens
		}
		h, n := binary.Varint(b)
		if n <= 0 || h < -1<<31 || h > 1<<31 {
			return nil, errBadTokens
		}
		b = b[n:]
		t.Head = int(h)
	}
	if len(b) != 0 {
		return nil, fmt.Errorf("%w: %d trailing bytes", errBadTokens, len(b))
	}
	return toks, nil
}

// Raw bodies are gzip-compressed unless that does not make them smaller.
const (
	encGzip     = "gzip"
	encIdentity = "identity"
)

var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed)
	return zw
}}

func compress(body []byte) (enc string, out []byte) {
	if len(body) < 64 {
		return encIdentity, body
	}
	var buf bytes.Buffer
	buf.Grow(len(body) / 3)
	zw := gzipWriters.Get().(*gzip.Writer)
	zw.Reset(&buf)
	zw.Write(body)
	zw.Close()
	gzipWriters.Put(zw)
	if buf.Len() >= len(body) {
		return encIdentity, body
	}
	return encGzip, buf.Bytes()
}

func decompress(enc string, b []byte, size int64) ([]byte, error) {
	switch enc {
	case encIdentity:
		return b, nil
	case encGzip:
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			return nil, err
		}
		out := bytes.NewBuffer(make([]byte, 0, max(0, min(size, 1<<30))))
		if _, err := io.Copy(out, zr); err != nil {
			return nil, err
		}
		return out.Bytes(), nil
	}
	return nil, fmt.Errorf("unknown body encoding %q", enc)
}

// fingerprinter hashes a sequence of fields unambiguously (each field is
// length-prefixed).
type fingerprinter struct{ h hash.Hash }

func newFingerprinter() fingerprinter { return fingerprinter{sha256.New()} }

func (f fingerprinter) add(fields ...any) {
	var buf [binary.MaxVarintLen64]byte
	for _, v := range fields {
		var b []byte
		switch x := v.(type) {
		case nil:
			b = nil
			f.h.Write([]byte{0})
			continue
		case string:
			b = []byte(x)
		case []byte:
			b = x
		case int64:
			b = buf[:binary.PutVarint(buf[:], x)]
		case int:
			b = buf[:binary.PutVarint(buf[:], int64(x))]
		case float64:
			b = []byte(fmt.Sprint(x))
		default:
			panic(fmt.Sprintf("fingerprint: unsupported %T", v))
		}
		var n [binary.MaxVarintLen64]byte
		f.h.Write([]byte{1})
		f.h.Write(n[:binary.PutUvarint(n[:], uint64(len(b)))])
		f.h.Write(b)
	}
}

func (f fingerprinter) sum() []byte { return f.h.Sum(nil) }

// wordCount counts the white-space separated fields of s that contain a
// letter or a digit.
func wordCount(s string) int {
	n := 0
	for f := range strings.FieldsSeq(s) {
		for _, r := range f {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				n++
				break
			}
		}
	}
	return n
}

// validate checks what the store relies on: an ID, and offsets that lie
// inside the text.
func validate(a *news.Article) error {
	if a == nil {
		return errors.New("nil article")
	}
	if strings.TrimSpace(a.ID) == "" {
		return errors.New("article has no ID")
	}
	n := len(a.Text)
	span := func(what string, i, start, end int) error {
		if start < 0 || end < start || end > n {
			return fmt.Errorf("article %s: %s %d span [%d,%d) outside text of %d bytes", a.ID, what, i, start, end, n)
		}
		return nil
	}
	for i, b := range a.Blocks {
		if err := span("block", i, b.Start, b.End); err != nil {
			return err
		}
	}
	for i, s := range a.Sentences {
		if err := span("sentence", i, s.Start, s.End); err != nil {
			return err
		}
		for j, t := range s.Tokens {
			if err := span(fmt.Sprintf("sentence %d token", i), j, t.Start, t.End); err != nil {
				return err
			}
		}
	}
	return nil
}

// Sentences are stored per article in one blob:
//
//	byte    version (1)
//	uvarint count
//	per sentence: uvarint start, uvarint end-start, uvarint len(tokens), tokens (encodeTokens)
const sentenceCodecVersion = 1

// encodeSentences packs sents; tokens[i] is encodeTokens of sentence i.
func encodeSentences(sents []news.Sentence, tokens [][]byte) []byte {
	n := 1 + binary.MaxVarintLen64
	for _, t := range tokens {
		n += 3*binary.MaxVarintLen64 + len(t)
	}
	dst := make([]byte, 0, n)
	dst = append(dst, sentenceCodecVersion)
	dst = binary.AppendUvarint(dst, uint64(len(sents)))
	for i, s := range sents {
		dst = binary.AppendUvarint(dst, uint64(s.Start))
		dst = binary.AppendUvarint(dst, uint64(s.End-s.Start))
		dst = binary.AppendUvarint(dst, uint64(len(tokens[i])))
		dst = append(dst, tokens[i]...)
	}
	return dst
}

// decodeSentences reverses encodeSentences; without withTokens the tokens
// are skipped. It never panics on malformed input.
func decodeSentences(b []byte, text string, withTokens bool) ([]news.Sentence, error) {
	if len(b) == 0 {
		return nil, nil
	}
	if b[0] != sentenceCodecVersion {
		return nil, fmt.Errorf("%w: sentence version %d", errBadTokens, b[0])
	}
	b = b[1:]
	uv := func() (uint64, bool) {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			return 0, false
		}
		b = b[n:]
		return v, true
	}
	count, ok := uv()
	if !ok || count > uint64(len(b))/3+1 {
		return nil, errBadTokens
	}
	if count == 0 {
		return nil, nil
	}
	out := make([]news.Sentence, count)
	in := interner{}
	for i := range out {
		start, ok1 := uv()
		length, ok2 := uv()
		tl, ok3 := uv()
		if !ok1 || !ok2 || !ok3 || start > 1<<40 || length > 1<<40 || tl > uint64(len(b)) {
			return nil, errBadTokens
		}
		out[i].Start, out[i].End = int(start), int(start+length)
		if withTokens {
			toks, err := decodeTokensInterned(b[:tl], text, in)
			if err != nil {
				return nil, fmt.Errorf("sentence %d: %w", i, err)
			}
			out[i].Tokens = toks
		}
		b = b[tl:]
	}
	if len(b) != 0 {
		return nil, fmt.Errorf("%w: %d trailing bytes", errBadTokens, len(b))
	}
	return out, nil
}
