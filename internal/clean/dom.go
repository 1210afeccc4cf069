package clean

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/readout/readout/internal/news"
)

// meta is what the page's <head> declares.
type meta struct {
	title, site, description, author, canonical, ogURL string
	// published is the first publication time declared in a <meta> tag
	// (article:published_time and its kin), as written.
	published string
}

// pageMeta reads <title>, <meta> and <link rel=canonical> from the page.
func pageMeta(doc *html.Node) meta {
	var m meta
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		if depth > DefaultMaxDepth {
			return
		}
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Title:
				if m.title == "" && n.FirstChild != nil {
					m.title = n.FirstChild.Data
				}
			case atom.Link:
				rel := strings.ToLower(attr(n, "rel"))
				if m.canonical == "" && strings.Contains(rel, "canonical") {
					m.canonical = attr(n, "href")
				}
			case atom.Meta:
				key := strings.ToLower(firstNonEmpty(attr(n, "property"), attr(n, "name"), attr(n, "itemprop")))
				val := strings.TrimSpace(attr(n, "content"))
				if val == "" {
					break
				}
				switch key {
				case "og:site_name", "application-name", "twitter:site:name", "publisher", "dc.publisher":
					if m.site == "" {
						m.site = val
					}
				case "og:url", "twitter:url":
					if m.ogURL == "" {
						m.ogURL = val
					}
				case "description", "og:description", "twitter:description", "dc.description":
					if m.description == "" {
						m.description = val
					}
				case "author", "article:author", "dc.creator", "byl", "sailthru.author", "parsely-author":
					if m.author == "" && !strings.HasPrefix(val, "http") {
						m.author = val
					}
				case "article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
					"dc.date", "dc.date.issued", "dcterms.created", "parsely-pub-date", "sailthru.date":
					if m.published == "" {
						m.published = val
					}
				case "og:title", "twitter:title", "dc.title", "headline":
					if m.title == "" {
						m.title = val
					}
				}
			case atom.Body:
				return // metadata lives in <head>
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, depth+1)
		}
	}
	walk(doc, 0)
	return m
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

// nodeBlock is one block found in the extracted content tree.
type nodeBlock struct {
	kind news.BlockKind
	text string
}

// blockWalker turns an extracted content tree into blocks.
type blockWalker struct {
	out []nodeBlock
	buf strings.Builder
}

func (w *blockWalker) flush(kind news.BlockKind) {
	t := collapseSpace(w.buf.String())
	w.buf.Reset()
	if t != "" {
		w.out = append(w.out, nodeBlock{kind, t})
	}
}

// skipped elements carry no article text.
var skipped = map[atom.Atom]bool{atom.Script: true, atom.Style: true, atom.Noscript: true,
	atom.Template: true, atom.Svg: true, atom.Math: true, atom.Iframe: true, atom.Object: true,
	atom.Button: true, atom.Select: true, atom.Textarea: true, atom.Input: true, atom.Form: true,
	atom.Nav: true, atom.Head: true}

// blockLevel elements end the current block.
var blockLevel = map[atom.Atom]bool{atom.P: true, atom.Div: true, atom.Section: true,
	atom.Article: true, atom.Main: true, atom.Header: true, atom.Footer: true, atom.Aside: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Ul: true, atom.Ol: true, atom.Li: true, atom.Dl: true, atom.Dt: true, atom.Dd: true,
	atom.Blockquote: true, atom.Pre: true, atom.Table: true, atom.Tr: true, atom.Figure: true,
	atom.Figcaption: true, atom.Hr: true, atom.Br: true, atom.Address: true, atom.Details: true,
	atom.Summary: true, atom.Caption: true, atom.Thead: true, atom.Tbody: true, atom.Tfoot: true,
	atom.Body: true, atom.Html: true}

// walk visits n; kind is the block kind of the innermost block container.
func (w *blockWalker) walk(n *html.Node, kind news.BlockKind, depth int) {
	if depth > DefaultMaxDepth*2 {
		return
	}
	switch n.Type {
	case html.TextNode:
		w.buf.WriteString(n.Data)
		return
	case html.ElementNode:
	case html.DocumentNode:
	default:
		return
	}
	a := n.DataAtom
	if a == 0 && n.Type == html.ElementNode {
		// Nodes built by extractors often carry only their name.
		a = atom.Lookup([]byte(n.Data))
	}
	if n.Type == html.ElementNode {
		if skipped[a] {
			return
		}
		if n.Data == "head" { // trafilatura's own name for headings
			a = atom.H2
		}
	}
	inner := kind
	switch a {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		inner = news.BlockHeading
	case atom.Li, atom.Dt, atom.Dd:
		inner = news.BlockListItem
	case atom.Blockquote:
		inner = news.BlockQuote
	case atom.Td, atom.Th:
		w.buf.WriteByte(' ')
	}
	isBlock := blockLevel[a] || n.Data == "head" || n.Data == "list" || n.Data == "item" || n.Data == "quote"
	if isBlock {
		w.flush(kind)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c, inner, depth+1)
	}
	if isBlock {
		w.flush(inner)
	} else if a == atom.Td || a == atom.Th {
		w.buf.WriteByte(' ')
	}
}

// bodyFromNode fills Text, Blocks, Bylines, Dateline, OriginalSource and
// Removed from the extracted content tree.
func bodyFromNode(a *news.Article, n *html.Node, lineRules bool, standfirsts map[string]bool) {
	if n == nil {
		return
	}
	w := &blockWalker{}
	w.walk(n, news.BlockParagraph, 0)
	w.flush(news.BlockParagraph)
	blocks := headBlocks(a, w.out, standfirsts)
	var b builder
	kept := 0
	for i, nb := range blocks {
		t := nb.text
		if i >= len(blocks)-2 && editorNoteRe.MatchString(t) && len(t) < 400 {
			a.Removed = append(a.Removed, t)
			continue
		}
		if i == 0 && nb.kind == news.BlockHeading && t == a.Title {
			// The page's own headline: kept as Title, not repeated in
			// the body (as for plain text).
			a.Removed = append(a.Removed, t)
			continue
		}
		if i < 6 && nb.kind != news.BlockHeading && len(t) < 150 {
			if names := parseByline(t); names != nil {
				if len(a.Bylines) == 0 {
					a.Bylines = names
				}
				a.Removed = append(a.Removed, t)
				continue
			}
		}
		if i < 3 || i >= len(blocks)-4 {
			if src := parseAttribution(t); src != "" {
				a.OriginalSource = src
				a.Removed = append(a.Removed, t)
				continue
			}
		}
		if lineRules && nb.kind != news.BlockHeading {
			if why := blockFurniture(newLine(t, false)); why != "" {
				a.Removed = append(a.Removed, t)
				continue
			}
		}
		if isLoneSymbol(t) && utf8.RuneCountInString(t) == 1 {
			a.Removed = append(a.Removed, t)
			continue
		}
		if a.Dateline != "" && kept == 0 && strings.EqualFold(t, a.Dateline) {
			a.Removed = append(a.Removed, t) // the dateline printed as its own line
			continue
		}
		if a.Dateline == "" && i < 6 && nb.kind == news.BlockParagraph {
			a.Dateline = leadDateline(t)
		}
		kept++
		b.add(nb.kind, t)
	}
	a.Text = b.text()
	a.Blocks = b.blocks
}

// chooseTitle picks the headline: the <h1> of the extracted content, else
// the page's only <h1>, when it is headline-sized; else the metadata title.
// Pages' <title> often carries the site name or an SEO variant, while the
// <h1> is the headline readers see.
func chooseTitle(metaTitle string, doc, content *html.Node) string {
	h := firstH1(content, 0)
	if h == "" {
		if all := allH1(doc); len(all) == 1 {
			h = all[0]
		}
	}
	if n := len(strings.Fields(h)); n >= 2 && n <= 40 {
		return h
	}
	return metaTitle
}

func firstH1(n *html.Node, depth int) string {
	if n == nil || depth > DefaultMaxDepth {
		return ""
	}
	if n.Type == html.ElementNode && (n.DataAtom == atom.H1 || n.Data == "h1") {
		return collapseSpace(textOf(n))
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if t := firstH1(c, depth+1); t != "" {
			return t
		}
	}
	return ""
}

func allH1(doc *html.Node) []string {
	var out []string
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		if depth > DefaultMaxDepth || len(out) > 1 {
			return
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.H1 {
			if t := collapseSpace(textOf(n)); t != "" {
				out = append(out, t)
			}
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, depth+1)
		}
	}
	walk(doc, 0)
	return out
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		if depth > DefaultMaxDepth {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			b.WriteByte(' ')
		}
		if n.Type == html.ElementNode && skipped[n.DataAtom] {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, depth+1)
		}
	}
	walk(n, 0)
	return b.String()
}

// inlinePromoRe: a paragraph that only points to another story ("Read
// more: …", "See also: …", and the same in a few other languages).
var inlinePromoRe = regexp.MustCompile(`^(?i:read (?:more|also|next)|see also|also read|related|more on this|lesen sie auch|mehr zum thema|lire aussi|à lire aussi|vea también|lea también|leia também|leggi anche)\s*:\s*\S`)

// blockFurniture is the subset of the plain-text furniture rules that is
// safe on blocks an HTML extractor already chose: lone symbols, empty
// labels and inline links to other stories. (On the trafilatura set it
// removes 13 false-positive snippets for 6 lost true ones.)
func blockFurniture(l line) string {
	t := l.text
	switch {
	case symbolOnly(t):
		return "symbol"
	case l.words <= 4 && strings.HasSuffix(t, ":"):
		return "empty label"
	case l.words <= 25 && inlinePromoRe.MatchString(t):
		return "link to another story"
	}
	return ""
}

// headBlocks removes the page's own headline when the extracted content
// repeats it among its first blocks, with what surrounds it before the
// first paragraph: a short kicker above it ("Humanitarian diplomacy") and
// a heading-styled standfirst below it that the page marks as such (class
// "dek", "standfirst", …). Removing every heading under the headline cost
// 10 true snippets on the trafilatura evaluation set, and those repeating
// the page's description 3: many pages' ledes are styled as headings and
// count as article text there.
func headBlocks(a *news.Article, blocks []nodeBlock, standfirsts map[string]bool) []nodeBlock {
	if a.Title == "" {
		return blocks
	}
	ti := -1
	for i := 0; i < len(blocks) && i < 3; i++ {
		if blocks[i].kind == news.BlockHeading && strings.EqualFold(collapseSpace(blocks[i].text), collapseSpace(a.Title)) {
			ti = i
			break
		}
	}
	if ti < 0 {
		return blocks
	}
	for i := 0; i < ti; i++ {
		if l := newLine(blocks[i].text, false); l.words > 6 || terminal(l.text) {
			return blocks // prose above the headline: leave the order alone
		}
	}
	for i := 0; i <= ti; i++ {
		a.Removed = append(a.Removed, blocks[i].text)
	}
	rest := blocks[ti+1:]
	// A heading under the headline that the page marks as its standfirst.
	if len(rest) > 1 && rest[0].kind == news.BlockHeading && standfirsts[collapseSpace(rest[0].text)] {
		a.Removed = append(a.Removed, rest[0].text)
		rest = rest[1:]
	}
	return rest
}

// standfirstMarks are class or id parts that mark a standfirst.
var standfirstMarks = map[string]bool{"dek": true, "deck": true, "standfirst": true, "strapline": true}

// domStandfirsts returns the texts of the elements marked as standfirsts.
func domStandfirsts(doc *html.Node) map[string]bool {
	found := map[string]bool{}
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		if depth > DefaultMaxDepth || len(found) > 4 {
			return
		}
		if n.Type == html.ElementNode {
			if skipped[n.DataAtom] {
				return
			}
			marks := strings.FieldsFunc(strings.ToLower(attr(n, "class")+" "+attr(n, "id")), func(r rune) bool {
				return r == ' ' || r == '-' || r == '_'
			})
			for _, m := range marks {
				if standfirstMarks[m] {
					if t := collapseSpace(textOf(n)); t != "" {
						found[t] = true
					}
					return
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, depth+1)
		}
	}
	walk(doc, 0)
	return found
}

// domDateline returns the text of the first element marked as the
// dateline or the place of the story (class or itemprop), when it is
// dateline-shaped, or "".
func domDateline(doc *html.Node) string {
	found := ""
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		if found != "" || depth > DefaultMaxDepth {
			return
		}
		if n.Type == html.ElementNode {
			if skipped[n.DataAtom] {
				return
			}
			for _, mark := range strings.Fields(strings.ToLower(attr(n, "class") + " " + attr(n, "itemprop"))) {
				if mark == "dateline" || mark == "place" || mark == "location" || mark == "contentlocation" {
					t := collapseSpace(textOf(n))
					if l := newLine(t, false); t != "" && datelineLineRe.MatchString(t) && l.words <= 5 {
						found = titleCaseCaps(t)
						return
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, depth+1)
		}
	}
	walk(doc, 0)
	return found
}

// domByline looks for the author in the page body: the first element
// marked as a byline or author (class, id, rel, itemprop) whose text is a
// short list of names.
func domByline(doc *html.Node) []string {
	var found []string
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		if found != nil || depth > DefaultMaxDepth {
			return
		}
		if n.Type == html.ElementNode {
			if skipped[n.DataAtom] && n.DataAtom != atom.Head {
				return
			}
			marks := strings.ToLower(attr(n, "class") + " " + attr(n, "id") + " " + attr(n, "rel") + " " + attr(n, "itemprop"))
			if strings.Contains(marks, "author") || strings.Contains(marks, "byline") {
				t := collapseSpace(textOf(n))
				if w := len(strings.Fields(t)); w >= 1 && w <= 10 {
					if names := splitAuthors(t, true); len(names) > 0 && len(names) <= 4 {
						found = names
						return
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, depth+1)
		}
	}
	walk(doc, 0)
	return found
}
