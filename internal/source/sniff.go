package source

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/readout/readout/internal/news"
)

var utf8BOM = []byte{0xef, 0xbb, 0xbf}

func isGzip(b []byte) bool { return len(b) >= 3 && b[0] == 0x1f && b[1] == 0x8b && b[2] == 8 }

func isBzip2(b []byte) bool {
	return len(b) >= 10 && bytes.HasPrefix(b, []byte("BZh")) && b[3] >= '1' && b[3] <= '9' &&
		bytes.Equal(b[4:10], []byte{0x31, 0x41, 0x59, 0x26, 0x53, 0x59})
}

func isUTF16(b []byte) bool {
	return len(b) >= 2 && (b[0] == 0xff && b[1] == 0xfe || b[0] == 0xfe && b[1] == 0xff)
}

// magic lists the leading bytes of binary formats that are never documents.
var magic = []struct {
	prefix string
	what   string
}{
	{"\x89PNG\r\n\x1a\n", "PNG image"},
	{"\xff\xd8\xff", "JPEG image"},
	{"GIF87a", "GIF image"},
	{"GIF89a", "GIF image"},
	{"II*\x00", "TIFF image"},
	{"MM\x00*", "TIFF image"},
	{"\x00\x00\x01\x00", "icon image"},
	{"%PDF-", "PDF document"},
	{"PK\x03\x04", "zip archive (or an office document or epub)"},
	{"PK\x05\x06", "zip archive"},
	{"7z\xbc\xaf\x27\x1c", "7-zip archive"},
	{"Rar!\x1a\x07", "RAR archive"},
	{"\xfd7zXZ\x00", "xz-compressed data (decompress it first)"},
	{"\x28\xb5\x2f\xfd", "zstd-compressed data (decompress it first)"},
	{"\x04\x22\x4d\x18", "lz4-compressed data (decompress it first)"},
	{"\x7fELF", "executable"},
	{"MZ", "Windows executable"},
	{"\xca\xfe\xba\xbe", "Java class or Mach-O binary"},
	{"\xcf\xfa\xed\xfe", "Mach-O binary"},
	{"\x00asm", "WebAssembly module"},
	{"SQLite format 3\x00", "SQLite database"},
	{"PAR1", "Parquet file"},
	{"OggS", "Ogg media"},
	{"ID3", "MP3 audio"},
	{"fLaC", "FLAC audio"},
	{"\x1aE\xdf\xa3", "Matroska/WebM video"},
	{"wOFF", "web font"},
	{"wOF2", "web font"},
	{"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Microsoft Office document"},
}

// binaryKind names the binary format b starts with, or returns "".
func binaryKind(b []byte) string {
	for _, m := range magic {
		if bytes.HasPrefix(b, []byte(m.prefix)) {
			if m.prefix == "MZ" && !isBinary(b) {
				continue // "MZ" can start a text
			}
			return m.what
		}
	}
	if len(b) >= 12 && bytes.Equal(b[:4], []byte("RIFF")) {
		switch string(b[8:12]) {
		case "WEBP":
			return "WebP image"
		case "WAVE":
			return "WAV audio"
		case "AVI ":
			return "AVI video"
		}
	}
	if len(b) >= 12 && bytes.Equal(b[4:8], []byte("ftyp")) {
		return "MP4/QuickTime media"
	}
	if len(b) >= 262 && bytes.Equal(b[257:262], []byte("ustar")) {
		return "tar archive"
	}
	return ""
}

// isBinary reports whether more than 5% of a prefix of b are NUL or other
// control bytes that text does not contain.
func isBinary(b []byte) bool {
	if len(b) > 8192 {
		b = b[:8192]
	}
	bad := 0
	for _, c := range b {
		if c == 0 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != '\v' && c != 0x1b) || c == 0x7f {
			bad++
		}
	}
	return bad*20 > len(b)
}

// trimBOMSpace drops a UTF-8 byte-order mark and leading white space.
func trimBOMSpace(b []byte) []byte {
	return bytes.TrimLeft(bytes.TrimPrefix(b, utf8BOM), " \t\r\n\f\v")
}

// xmlKind names XML documents that look like markup but hold no article:
// feeds and sitemaps. It returns "" for everything else.
func xmlKind(b []byte) string {
	if len(b) == 0 || b[0] != '<' {
		return ""
	}
	head := b
	if len(head) > 2048 {
		head = head[:2048]
	}
	lower := bytes.ToLower(head)
	if bytes.Contains(lower, []byte("<html")) {
		return ""
	}
	// The root element comes after an optional declaration, comments
	// and doctype.
	root := rootElement(lower)
	switch {
	case root == "rss" || root == "rdf:rdf" || root == "feed":
		return "RSS/Atom feed"
	case root == "urlset" || root == "sitemapindex":
		return "sitemap"
	case root == "svg":
		return "SVG image"
	}
	return ""
}

// rootElement returns the name of the first element in lower-cased markup.
func rootElement(b []byte) string {
	for len(b) > 0 {
		i := bytes.IndexByte(b, '<')
		if i < 0 || i+1 >= len(b) {
			return ""
		}
		b = b[i+1:]
		switch {
		case b[0] == '?' || b[0] == '!':
			if bytes.HasPrefix(b, []byte("!--")) {
				end := bytes.Index(b, []byte("-->"))
				if end < 0 {
					return ""
				}
				b = b[end+3:]
			}
			continue
		case isLetter(b[0]):
			n := 0
			for n < len(b) && (isLetter(b[n]) || b[n] == ':' || b[n] == '-' || b[n] >= '0' && b[n] <= '9') {
				n++
			}
			return string(b[:n])
		}
	}
	return ""
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// htmlTags are elements whose presence marks a text as HTML.
var htmlTags = map[string]bool{
	"html": true, "head": true, "body": true, "title": true, "meta": true, "link": true,
	"script": true, "style": true, "div": true, "span": true, "p": true, "a": true,
	"br": true, "hr": true, "img": true, "h1": true, "h2": true, "h3": true, "h4": true,
	"h5": true, "h6": true, "ul": true, "ol": true, "li": true, "table": true, "tr": true,
	"td": true, "th": true, "article": true, "section": true, "header": true,
	"footer": true, "nav": true, "main": true, "aside": true, "figure": true,
	"figcaption": true, "blockquote": true, "em": true, "strong": true, "b": true,
	"i": true, "time": true, "noscript": true, "iframe": true, "form": true,
	"input": true, "button": true, "pre": true, "code": true, "small": true,
}

// sniffFormat decides whether b is HTML or plain text. HTML starts (after
// a byte-order mark and white space) with a doctype, an XML declaration, a
// comment or a known element, or has many known tags in its first 4 KiB.
func sniffFormat(b []byte) news.Format {
	head := trimBOMSpace(b)
	if len(head) > 4096 {
		head = head[:4096]
	}
	lower := bytes.ToLower(head)
	for _, p := range []string{"<!doctype", "<html", "<head", "<body", "<?xml", "<!--"} {
		if bytes.HasPrefix(lower, []byte(p)) {
			return news.FormatHTML
		}
	}
	tags := 0
	for i := 0; i+1 < len(lower); i++ {
		if lower[i] != '<' {
			continue
		}
		j := i + 1
		if lower[j] == '/' {
			j++
		}
		k := j
		for k < len(lower) && (isLetter(lower[k]) || lower[k] >= '0' && lower[k] <= '9') {
			k++
		}
		if k == j || k >= len(lower) || (lower[k] != '>' && lower[k] != ' ' && lower[k] != '/' && lower[k] != '\n' && lower[k] != '\t' && lower[k] != '\r') {
			continue
		}
		if htmlTags[string(lower[j:k])] {
			if i == 0 {
				return news.FormatHTML // starts with a known element
			}
			tags++
		}
	}
	// Three or more tags, and at least one per 500 bytes.
	if tags >= 3 && tags*500 >= len(lower) {
		return news.FormatHTML
	}
	return news.FormatText
}

// isJSONLines decides, from the head of a stream starting with '{' or '[',
// whether it holds one JSON value per line (JSON Lines) or a JSON document
// that may span lines. The first line decides when it is complete JSON; a
// broken first line followed by a complete one still means JSON Lines.
func isJSONLines(head []byte) bool {
	head = trimBOMSpace(head)
	if len(head) == 0 || head[0] == '[' {
		// An array could start a line of JSON Lines, but a JSON file
		// holding an array is far more common; check the first line.
		first, _, ok := bytes.Cut(head, []byte("\n"))
		if !ok {
			return false
		}
		first = bytes.TrimSpace(first)
		return len(first) > 1 && json.Valid(first) && moreJSONLines(head)
	}
	lines := bytes.Split(head, []byte("\n"))
	if len(lines) == 1 {
		return true // one long line (or a one-line file): read it as a line
	}
	first := bytes.TrimSpace(lines[0])
	if json.Valid(first) {
		return true
	}
	if len(first) > 0 && strings.IndexByte("[{,:", first[len(first)-1]) >= 0 {
		return false // the opening of a value spread over lines
	}
	complete := 0
	for i, line := range lines {
		if i == len(lines)-1 {
			break // may be cut by the sniff window
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		if line[0] == '{' && json.Valid(line) {
			complete++
		}
		if i >= 3 {
			break
		}
	}
	return complete > 0
}

// moreJSONLines reports whether the line after the first is also complete
// JSON (or there is none), for heads starting with an array.
func moreJSONLines(head []byte) bool {
	lines := bytes.Split(head, []byte("\n"))
	if len(lines) < 3 {
		return false // a one-line array is a JSON document
	}
	second := bytes.TrimSpace(lines[1])
	return len(second) == 0 || json.Valid(second)
}

// looksJSON reports whether b (trimmed) starts like a JSON object or array
// of records: "{" then a key or "}", or "[" then a value or "]". Text that
// merely starts with a brace is not JSON.
func looksJSON(b []byte) bool {
	if len(b) == 0 || (b[0] != '{' && b[0] != '[') {
		return false
	}
	rest := bytes.TrimLeft(b[1:], " \t\r\n")
	if len(rest) == 0 {
		return true
	}
	c := rest[0]
	if b[0] == '{' {
		return c == '"' || c == '}'
	}
	return c == '{' || c == '[' || c == ']' || c == '"' || c == '-' || c >= '0' && c <= '9' || c == 't' || c == 'f' || c == 'n'
}

// hasJSONLine reports whether one of the first complete lines of head is a
// JSON object: JSON Lines whose first line is broken.
func hasJSONLine(head []byte) bool {
	lines := bytes.Split(head, []byte("\n"))
	for i := 0; i < len(lines)-1 && i < 4; i++ {
		line := bytes.TrimSpace(lines[i])
		if len(line) > 0 && line[0] == '{' && json.Valid(line) {
			return true
		}
	}
	return false
}
