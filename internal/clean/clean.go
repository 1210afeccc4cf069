// Package clean turns a raw news.Document into a news.Article: metadata
// (title, bylines, published date, site, dateline, original source,
// description, canonical URL, language) and the cleaned body text, split
// into blocks (headings, paragraphs, list items, block quotes) whose byte
// offsets point into Article.Text.
//
// HTML pages go through go-trafilatura for main-content detection and
// metadata, with its fallback comparison (readability and DOM distiller)
// switched on; readeck's readability fills metadata trafilatura missed and
// takes over when trafilatura finds nothing. The extracted content tree is
// walked to keep its block structure, and a few safe line rules (lone
// symbols, empty labels, "Read more: …" links) drop furniture it let
// through. The headline is the <h1> of the content when there is one; a
// kicker above it and a heading under it that repeats the page's
// description are not body text. The publication time is the page's own
// declared time (article:published_time and kin) when the extractor kept
// only the day; the dateline comes from an element marked as the dateline
// or place, else from the opening of the first paragraph.
//
// Plain text scraped from web pages (page furniture still in it) is
// cleaned line by line with general rules on the shape of each line: its
// length, terminal punctuation, capitalisation, stop-word ratio, position,
// repetition, how many separated items it holds (menus: "World | Africa |
// Markets", runs of capitalised words with no function word), whether it
// addresses the reader about a widget ("Press play to hear this story",
// "Sign up for our newsletter"), and whether it is part of a run of short
// headline-like lines at the end of the page (the "related stories"
// lists), a form or share prompt, a breadcrumb, a reading time, a photo
// credit, a copyright or tags line, an empty label or a lone symbol. The
// headline is the first headline-shaped line that is not a menu, prompt or
// masthead; a name above a menu is the site. Wire datelines opening the
// first paragraph ("GENEVA (Agency) —") stay in the text and are recorded,
// and the agency, when it is not the site, is the original source.
// Everything removed is listed in Article.Removed.
//
// clean decodes charsets (Content-Type, meta, sniffing), decodes entities,
// repairs invalid UTF-8 with U+FFFD, normalises to Unicode NFC and detects
// the language. It keeps typographic quotes as they are and never rewrites
// article sentences. It does not split sentences or tokens (package text
// does), does not fetch anything, and does not deduplicate articles (the
// store does, by ContentHash).
package clean

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/readout/readout/internal/news"
)

// Extractor names the HTML main-content strategy.
type Extractor string

const (
	// ExtractCombined runs trafilatura with its fallback comparison,
	// readeck's readability for missing metadata and when trafilatura
	// fails, and the block line rules. The default (best F1 measured).
	ExtractCombined Extractor = "combined"
	// ExtractTrafilatura runs go-trafilatura alone with its defaults.
	ExtractTrafilatura Extractor = "trafilatura"
	// ExtractReadability runs readability alone.
	ExtractReadability Extractor = "readability"
)

// Options tunes cleaning. The zero value gives sensible defaults.
type Options struct {
	// MaxBytes rejects bodies larger than this (default 8 MiB).
	MaxBytes int64
	// MaxDepth rejects HTML nested deeper than this (default 512).
	MaxDepth int
	// Extractor chooses the HTML strategy (default ExtractCombined).
	Extractor Extractor
}

// Defaults for the zero Options.
const (
	DefaultMaxBytes = 8 << 20
	DefaultMaxDepth = 512
)

func (o Options) withDefaults() Options {
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.MaxDepth <= 0 {
		o.MaxDepth = DefaultMaxDepth
	}
	if o.Extractor == "" {
		o.Extractor = ExtractCombined
	}
	return o
}

// Document cleans d according to its Format (HTML when the format is empty
// and the body looks like markup). Metadata given with the document (Title,
// URL, Published, Source) wins over what is found in the body.
func Document(d news.Document, opt Options) (*news.Article, error) {
	format := d.Format
	if format == "" {
		format = Sniff(d.Body)
	}
	var (
		a   *news.Article
		err error
	)
	switch format {
	case news.FormatHTML:
		a, err = HTML(d.Body, d.ContentType, d.URL, opt)
	case news.FormatText:
		a, err = Text(d.Body, opt)
	default:
		return nil, news.E("clean.Document", news.KindInvalid, fmt.Sprintf("unknown format %q", format))
	}
	if err != nil {
		return nil, err
	}
	if t := strings.TrimSpace(d.Title); t != "" {
		a.Title = norm.NFC.String(t)
	}
	if d.URL != "" {
		a.URL = d.URL
	}
	if !d.Published.IsZero() {
		a.Published = d.Published
	}
	if s := strings.TrimSpace(d.Source); s != "" {
		a.Site = norm.NFC.String(s)
	}
	a.Origin = d.Origin
	wireAgency(a)
	finish(a)
	return a, nil
}

// wireAgency records the agency of wire copy reposted by another outlet:
// "GENEVA (Agency) —" opening the body of a page whose site is not that
// agency names the original source.
func wireAgency(a *news.Article) {
	if a.OriginalSource != "" {
		return
	}
	first := a.Text
	if i := strings.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	m := datelineLeadRe.FindStringSubmatch(first)
	if m == nil || m[2] == "" || leadDateline(first) == "" {
		return
	}
	agency := strings.TrimSpace(strings.Trim(strings.TrimSpace(m[2]), "()"))
	if agency == "" || !nameShaped(agency) {
		return
	}
	site := strings.TrimPrefix(strings.ToLower(a.Site), "the ")
	ag := strings.TrimPrefix(strings.ToLower(agency), "the ")
	// The outlet's own wire ("Harbour Press" on "Harbour Press Service")
	// is not a republication.
	if site != "" && !strings.HasPrefix(site, ag) && !strings.HasPrefix(ag, site) {
		a.OriginalSource = agency
	}
}

// finish computes the fields derived from the others: hash and ID.
func finish(a *news.Article) {
	a.ContentHash = news.BodyHash(a.Text)
	canon := a.CanonicalURL
	if news.CanonicalURL(canon) == "" {
		canon = a.URL
	}
	a.ID = news.ArticleID(canon, a.ContentHash)
}

// Sniff guesses whether b is HTML or plain text from its content: a leading
// tag, a doctype, an <html> element, or a high density of tags.
func Sniff(b []byte) news.Format {
	head := b
	if len(head) > 4096 {
		head = head[:4096]
	}
	head = bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	lower := bytes.ToLower(head)
	if bytes.HasPrefix(lower, []byte("<!doctype html")) || bytes.HasPrefix(lower, []byte("<html")) ||
		bytes.Contains(lower, []byte("<html")) || bytes.Contains(lower, []byte("<body")) {
		return news.FormatHTML
	}
	if len(lower) > 1 && lower[0] == '<' && (isASCIILetter(lower[1]) || lower[1] == '!' || lower[1] == '?') {
		return news.FormatHTML
	}
	// Tag density: count "<x" and "</" openings.
	tags := 0
	for i := 0; i+1 < len(lower); i++ {
		if lower[i] == '<' && (isASCIILetter(lower[i+1]) || lower[i+1] == '/') {
			tags++
		}
	}
	if len(lower) > 0 && tags >= 5 && tags*100 >= len(lower)/20 {
		return news.FormatHTML
	}
	return news.FormatText
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// checkRaw rejects bodies that cannot be articles, before any parsing.
func checkRaw(op string, b []byte, opt Options) error {
	if int64(len(b)) > opt.MaxBytes {
		return news.E(op, news.KindInvalid, fmt.Sprintf("document is too large: %d bytes, limit %d", len(b), opt.MaxBytes))
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return news.E(op, news.KindInvalid, "document is empty")
	}
	if isBinary(b) {
		return news.E(op, news.KindInvalid, "document looks binary (many control or NUL bytes), not text or HTML")
	}
	return nil
}

// isBinary reports whether a prefix of b has a high ratio of NUL or other
// control bytes. UTF-16 text with a byte-order mark is not binary.
func isBinary(b []byte) bool {
	if bytes.HasPrefix(b, []byte{0xff, 0xfe}) || bytes.HasPrefix(b, []byte{0xfe, 0xff}) {
		return false
	}
	n := len(b)
	if n > 8192 {
		n = 8192
	}
	bad := 0
	for _, c := range b[:n] {
		if c == 0 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1b) || c == 0x7f {
			bad++
		}
	}
	return bad*20 > n // more than 5%
}

// validUTF8 repairs invalid sequences with U+FFFD and drops a BOM.
func validUTF8(s string) string {
	s = strings.TrimPrefix(s, "\ufeff")
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return s
}

// guard turns a panic in a third-party extractor into a KindInternal error.
func guard(op string, err *error) {
	if r := recover(); r != nil {
		*err = news.E(op, news.KindInternal, fmt.Sprintf("extractor panicked: %v", r))
	}
}
