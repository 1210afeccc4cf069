package clean

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	nurl "net/url"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/gogs/chardet"
	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/unicode/norm"

	"github.com/readout/readout/internal/news"
)

// HTML cleans one HTML page. contentType (may be empty) helps charset
// detection; pageURL (may be empty) resolves relative links and is kept
// as Article.URL.
func HTML(b []byte, contentType, pageURL string, opt Options) (a *news.Article, err error) {
	const op = "clean.HTML"
	opt = opt.withDefaults()
	if err := checkRaw(op, b, opt); err != nil {
		return nil, err
	}
	s := decodeHTML(b, contentType)
	if err := checkDepth(op, s, opt.MaxDepth); err != nil {
		return nil, err
	}
	defer guard(op, &err)
	doc, perr := html.Parse(strings.NewReader(s))
	if perr != nil {
		return nil, news.E(op, news.KindInvalid, fmt.Sprintf("cannot parse HTML: %v", perr))
	}
	var u *nurl.URL
	if pageURL != "" {
		if pu, e := nurl.Parse(pageURL); e == nil && pu.IsAbs() {
			u = pu
		}
	}
	ex, err := extract(doc, u, opt.Extractor)
	if err != nil {
		return nil, err
	}
	a = &news.Article{Format: news.FormatHTML, URL: pageURL}
	fillMeta(a, doc, ex)
	bodyFromNode(a, ex.node, ex.lineRules, domStandfirsts(doc))
	if strings.TrimSpace(a.Text) == "" {
		return nil, news.E(op, news.KindInvalid, "no extractable text in the page")
	}
	a.Language, a.LanguageConfidence = Language(a.Text)
	finish(a)
	return a, nil
}

// decodeHTML converts b to valid UTF-8 using the declared or sniffed
// charset (Content-Type, BOM, <meta charset>, content).
func decodeHTML(b []byte, contentType string) string {
	// Valid UTF-8 with non-ASCII bytes is UTF-8 whatever the page claims:
	// mislabelled pages are common, Latin-1 text that happens to be valid
	// UTF-8 is not.
	if utf8.Valid(b) {
		return validUTF8(string(b))
	}
	enc, name, certain := charset.DetermineEncoding(b, contentType)
	if !certain {
		// No declaration: let a statistical detector guess (as trafilatura's
		// own parser does).
		if res, err := chardet.NewHtmlDetector().DetectBest(b); err == nil && res != nil {
			if e, n := charset.Lookup(res.Charset); e != nil {
				enc, name = e, n
			}
		}
	}
	if name != "utf-8" && enc != nil {
		if out, err := io.ReadAll(enc.NewDecoder().Reader(bytes.NewReader(b))); err == nil {
			return validUTF8(string(out))
		}
	}
	return validUTF8(string(b))
}

// autoClosing elements are closed implicitly by a sibling of the same name,
// so they do not add depth when repeated unclosed.
var autoClosing = map[string]bool{"p": true, "li": true, "dt": true, "dd": true, "option": true,
	"tr": true, "td": true, "th": true, "tbody": true, "thead": true, "tfoot": true, "rt": true, "rp": true}

var voidElements = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true,
	"hr": true, "img": true, "input": true, "link": true, "meta": true, "param": true, "source": true,
	"track": true, "wbr": true, "keygen": true, "command": true}

// checkDepth rejects markup nested deeper than max, with the tokenizer
// (cheap) rather than the tree builder.
func checkDepth(op, s string, max int) error {
	z := html.NewTokenizer(strings.NewReader(s))
	var stack []string
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return nil
		case html.StartTagToken:
			name, _ := z.TagName()
			tag := string(name)
			if voidElements[tag] {
				continue
			}
			if autoClosing[tag] && len(stack) > 0 && stack[len(stack)-1] == tag {
				continue
			}
			stack = append(stack, tag)
			if len(stack) > max {
				return news.E(op, news.KindInvalid, fmt.Sprintf("HTML is nested too deep: more than %d levels", max))
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			tag := string(name)
			// Pop to the matching element if it is open near the top.
			for i := len(stack) - 1; i >= 0 && i >= len(stack)-64; i-- {
				if stack[i] == tag {
					stack = stack[:i]
					break
				}
			}
		}
	}
}

// extraction is what an extractor found.
type extraction struct {
	node        *html.Node
	title       string
	author      string
	date        time.Time
	site        string
	description string
	url         string
	language    string
	lineRules   bool
}

// placeholderAuthor matches author fields that name no one.
var placeholderAuthor = regexp.MustCompile(`(?i)^(?:no author|unknown|anonymous|admin|administrator|author|editor|staff|webmaster|guest)$`)

var quietLog = slog.New(slog.DiscardHandler)

func extract(doc *html.Node, u *nurl.URL, which Extractor) (*extraction, error) {
	const op = "clean.HTML"
	switch which {
	case ExtractReadability:
		ex := readabilityExtract(doc, u)
		if ex == nil || ex.node == nil {
			return nil, news.E(op, news.KindInvalid, "no extractable text in the page")
		}
		return ex, nil
	case ExtractTrafilatura:
		r, err := trafilatura.ExtractDocument(doc, trafilatura.Options{OriginalURL: u})
		if err != nil || r == nil || r.ContentNode == nil {
			return nil, news.E(op, news.KindInvalid, fmt.Sprintf("no extractable text in the page (%v)", err))
		}
		return fromTrafilatura(r), nil
	}
	cfg, ok := combos[which]
	if !ok {
		return nil, news.E(op, news.KindInvalid, fmt.Sprintf("unknown extractor %q", which))
	}
	return combined(doc, u, cfg)
}

// combo is one tuning of the combined extractor.
type combo struct {
	focus       trafilatura.ExtractionFocus
	fallback    bool // trafilatura's fallback comparison (readability, DOM distiller)
	readeckCand bool // give readeck's result as trafilatura's readability candidate
	readeckMeta bool // fill missing title, author, date from readeck
	dateMode    trafilatura.HtmlDateMode
	lineRules   bool // drop blocks that the plain-text furniture rules recognise
}

// combos lists the combinations measured with 'readout eval extract'
// (docs in the report); ExtractCombined is the best one found.
var combos = map[Extractor]combo{
	ExtractCombined:        {fallback: true, readeckMeta: true, dateMode: trafilatura.Extensive, lineRules: true},
	"combined-nolines":     {fallback: true, readeckMeta: true, dateMode: trafilatura.Extensive},
	"combined-readeck":     {fallback: true, readeckCand: true, readeckMeta: true, dateMode: trafilatura.Extensive, lineRules: true},
	"combined-recall":      {focus: trafilatura.FavorRecall, fallback: true, readeckMeta: true, dateMode: trafilatura.Extensive, lineRules: true},
	"combined-precision":   {focus: trafilatura.FavorPrecision, fallback: true, readeckMeta: true, dateMode: trafilatura.Extensive, lineRules: true},
	"trafilatura-fallback": {fallback: true, dateMode: trafilatura.Extensive},
	"trafilatura-fast":     {dateMode: trafilatura.Fast},
}

func combined(doc *html.Node, u *nurl.URL, c combo) (*extraction, error) {
	var rd *extraction
	if c.readeckCand {
		rd = readabilityExtract(doc, u)
	}
	opts := trafilatura.Options{
		OriginalURL:     u,
		EnableFallback:  c.fallback,
		Focus:           c.focus,
		ExcludeComments: true,
		HtmlDateMode:    c.dateMode,
	}
	if c.readeckCand && rd != nil && rd.node != nil {
		opts.FallbackCandidates = &trafilatura.FallbackCandidates{Readability: rd.node}
	}
	r, err := trafilatura.ExtractDocument(doc, opts)
	var ex *extraction
	if err == nil && r != nil && r.ContentNode != nil {
		ex = fromTrafilatura(r)
	}
	if ex == nil {
		if rd == nil {
			rd = readabilityExtract(doc, u)
		}
		if rd == nil || rd.node == nil {
			return nil, news.E("clean.HTML", news.KindInvalid, "no extractable text in the page")
		}
		return rd, nil
	}
	if rd == nil && c.readeckMeta && (ex.title == "" || ex.author == "" || ex.date.IsZero()) {
		rd = readabilityExtract(doc, u)
	}
	ex.lineRules = c.lineRules
	if rd != nil && c.readeckMeta {
		// Metadata that trafilatura missed.
		if ex.title == "" {
			ex.title = rd.title
		}
		if ex.author == "" {
			ex.author = rd.author
		}
		if ex.date.IsZero() {
			ex.date = rd.date
		}
		if ex.site == "" {
			ex.site = rd.site
		}
		if ex.description == "" {
			ex.description = rd.description
		}
	}
	return ex, nil
}

func fromTrafilatura(r *trafilatura.ExtractResult) *extraction {
	m := r.Metadata
	return &extraction{node: r.ContentNode, title: m.Title, author: m.Author, date: m.Date,
		site: m.Sitename, description: m.Description, url: m.URL, language: m.Language}
}

func readabilityExtract(doc *html.Node, u *nurl.URL) (ex *extraction) {
	defer func() {
		if recover() != nil {
			ex = nil
		}
	}()
	p := readability.NewParser()
	p.Logger = quietLog
	art, err := p.ParseDocument(doc, u)
	if err != nil {
		return nil
	}
	ex = &extraction{node: art.Node, title: art.Title(), author: art.Byline(), site: art.SiteName(),
		description: art.Excerpt(), language: art.Language()}
	if t, err := art.PublishedTime(); err == nil {
		ex.date = t
	}
	return ex
}

// fillMeta sets the article's metadata from the extraction and the page.
func fillMeta(a *news.Article, doc *html.Node, ex *extraction) {
	pm := pageMeta(doc)
	a.Title = clip(collapseSpace(norm.NFC.String(chooseTitle(firstNonEmpty(ex.title, pm.title), doc, ex.node))), 500)
	a.Published = ex.date
	// Extractors often keep only the day; the page's own declared time,
	// when it agrees on the day, keeps the time of day and the zone.
	if t := parseMetaTime(pm.published); !t.IsZero() {
		if d := t.Sub(ex.date); ex.date.IsZero() || (d < 48*time.Hour && d > -48*time.Hour) {
			a.Published = t
		}
	}
	a.Site = clip(collapseSpace(norm.NFC.String(firstNonEmpty(pm.site, ex.site))), 200)
	a.Description = clip(collapseSpace(norm.NFC.String(firstNonEmpty(ex.description, pm.description))), 1000)
	canon := firstNonEmpty(pm.canonical, pm.ogURL, ex.url)
	if canon != "" && a.URL != "" {
		if base, err := nurl.Parse(a.URL); err == nil {
			if ref, err := nurl.Parse(canon); err == nil {
				canon = base.ResolveReference(ref).String()
			}
		}
	}
	if news.CanonicalURL(canon) != "" {
		a.CanonicalURL = canon
	}
	a.Dateline = domDateline(doc)
	author := firstNonEmpty(ex.author, pm.author)
	if author == "" {
		author = strings.Join(domByline(doc), "; ")
	}
	if author != "" {
		for _, name := range splitAuthors(norm.NFC.String(collapseSpace(author)), false) {
			if !placeholderAuthor.MatchString(name) {
				a.Bylines = append(a.Bylines, name)
			}
		}
	}
}

// parseMetaTime parses a machine-readable publication time (RFC 3339 and
// its common relatives), or returns the zero time.
func parseMetaTime(s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04Z07:00", "2006-01-02T15:04:05", "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !isRuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}
