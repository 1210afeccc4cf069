package clean

import (
	"html"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/readout/readout/internal/news"
)

// Text cleans plain text scraped from a web page: it lifts the title,
// byline, dateline, published date and attribution, marks headings and
// list items, and removes page furniture (see the package comment).
func Text(b []byte, opt Options) (a *news.Article, err error) {
	const op = "clean.Text"
	defer guard(op, &err)
	opt = opt.withDefaults()
	if err := checkRaw(op, b, opt); err != nil {
		return nil, err
	}
	s := norm.NFC.String(validUTF8(string(b)))
	if strings.ContainsRune(s, '&') {
		s = html.UnescapeString(s)
	}
	a = &news.Article{Format: news.FormatText}
	lines := splitLines(s)
	c := &textCleaner{a: a, lines: lines, kind: make([]news.BlockKind, len(lines)), drop: make([]string, len(lines))}
	c.run()
	if strings.TrimSpace(a.Text) == "" {
		return nil, news.E(op, news.KindInvalid, "no extractable text: everything looked like page furniture")
	}
	a.Language, a.LanguageConfidence = Language(a.Text)
	finish(a)
	return a, nil
}

// splitLines turns the text into units: one per non-blank line, or one per
// paragraph when the text is hard-wrapped at a fixed width.
func splitLines(s string) []line {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	raw := strings.Split(s, "\n")
	trimmed := make([]string, len(raw))
	for i, r := range raw {
		trimmed[i] = collapseSpace(r)
	}
	wrapped := hardWrapped(trimmed)
	var out []line
	gap := false
	for i := 0; i < len(trimmed); i++ {
		t := trimmed[i]
		if t == "" {
			gap = true
			continue
		}
		if wrapped {
			// Join the following lines of the paragraph.
			for i+1 < len(trimmed) && trimmed[i+1] != "" && !bulletRe.MatchString(trimmed[i+1]) &&
				utf8Len(trimmed[i]) >= wrapWidth(trimmed)-25 {
				i++
				t += " " + trimmed[i]
			}
		}
		l := newLine(t, gap)
		l.cells = countCells(raw[i])
		out = append(out, l)
		gap = false
	}
	return out
}

func utf8Len(s string) int { return len([]rune(s)) }

// wrapWidth is the longest line length.
func wrapWidth(ls []string) int {
	w := 0
	for _, l := range ls {
		if n := utf8Len(l); n > w {
			w = n
		}
	}
	return w
}

// hardWrapped reports whether most long lines end near one width (≤ 100
// characters), as in text wrapped by a mail client or a terminal.
func hardWrapped(ls []string) bool {
	w := wrapWidth(ls)
	if w > 100 || w < 40 {
		return false
	}
	long, near := 0, 0
	for _, l := range ls {
		n := utf8Len(l)
		if n >= 30 {
			long++
			if n >= w-15 {
				near++
			}
		}
	}
	return near >= 5 && near*2 >= long
}

type textCleaner struct {
	a     *news.Article
	lines []line
	kind  []news.BlockKind // "" until decided
	drop  []string         // reason when removed
}

func (c *textCleaner) remove(i int, why string) {
	if c.drop[i] == "" {
		c.drop[i] = why
	}
}

func (c *textCleaner) live(i int) bool { return c.drop[i] == "" }

func (c *textCleaner) run() {
	n := len(c.lines)
	// 1. Furniture recognisable anywhere by its shape, attribution lines,
	// and repeated lines.
	seen := map[string]bool{}
	for i, l := range c.lines {
		if why := furniture(l); why != "" {
			// "Key points:" over a list introduces it; it is no empty label.
			if why != "empty label" || !strings.HasSuffix(l.text, ":") || i+1 >= n || !c.lines[i+1].bullet || l.words < 2 {
				c.remove(i, why)
				continue
			}
		}
		if src := parseAttribution(l.text); src != "" {
			c.a.OriginalSource = src
			c.remove(i, "attribution")
			continue
		}
		key := strings.ToLower(l.text)
		if seen[key] && l.words > 0 {
			c.remove(i, "repeated")
			continue
		}
		seen[key] = true
	}
	c.tail()
	c.head()
	// A wire dateline that opens the first paragraph ("GENEVA (Agency) —")
	// stays in the text and is recorded.
	if c.a.Dateline == "" {
		for i, l := range c.lines {
			if c.live(i) && !headlineShaped(l) {
				c.a.Dateline = leadDateline(l.text)
				break
			}
		}
	}
	// 2. Runs of three or more headline-shaped lines with no prose between
	// them are menus or link lists.
	for i := 0; i < n; {
		if !c.live(i) || !headlineShaped(c.lines[i]) {
			i++
			continue
		}
		j := i
		for j < n && (!c.live(j) || headlineShaped(c.lines[j])) {
			j++
		}
		count := 0
		for k := i; k < j; k++ {
			if c.live(k) {
				count++
			}
		}
		if count >= 3 {
			for k := i; k < j; k++ {
				c.remove(k, "link list")
			}
		}
		i = j
	}
	// 3. Kinds of what is left.
	last := -1
	for i := range c.lines {
		if c.live(i) {
			last = i
		}
	}
	for i, l := range c.lines {
		if !c.live(i) {
			continue
		}
		switch {
		case l.bullet:
			c.kind[i] = news.BlockListItem
		case headlineShaped(l) && i != last && l.words <= 16:
			c.kind[i] = news.BlockHeading
		case headlineShaped(l) && i == last:
			c.remove(i, "trailing heading")
		default:
			c.kind[i] = news.BlockParagraph
		}
	}
	var b builder
	for i, l := range c.lines {
		if c.live(i) {
			b.add(c.kind[i], l.text)
		} else {
			c.a.Removed = append(c.a.Removed, l.text)
		}
	}
	c.a.Text = b.text()
	c.a.Blocks = b.blocks
}

// tail removes the block of other stories, comment forms and sharing
// prompts at the end of the page: from a marker line (a "related" or
// "popular" heading, a comment or share prompt, a form note) after which
// nothing is prose of the article (only headlines, short teasers and
// furniture), to the end. The cut must follow at least a third of the
// page's text, so an article is never cut at its top.
func (c *textCleaner) tail() {
	n := len(c.lines)
	start := n
	for i := n - 1; i >= 0; i-- {
		l := c.lines[i]
		if c.live(i) && !teaserShaped(l) && (l.words > 45 || l.bullet) {
			break
		}
		start = i
	}
	total, before := 0, make([]int, n+1)
	for i, l := range c.lines {
		if c.live(i) {
			total += len(l.text)
		}
		before[i+1] = total
	}
	for i := start; i < n; i++ {
		l := c.lines[i]
		cand := marker(l) || c.drop[i] == "form note" || c.drop[i] == "form or share prompt"
		if !cand || before[i]*3 < total {
			continue
		}
		prose := false
		for k := 0; k < i; k++ {
			if c.live(k) && bodyLike(c.lines[k]) {
				prose = true
				break
			}
		}
		if !prose || !teaserList(c, i) {
			continue
		}
		for k := i; k < n; k++ {
			c.remove(k, "related or comments section")
		}
		break
	}
	// Trailing short lines without sentence endings (footer links).
	for i := n - 1; i >= 0; i-- {
		if !c.live(i) {
			continue
		}
		if teaserShaped(c.lines[i]) && c.lines[i].words <= 6 || navShaped(c.lines[i]) {
			c.remove(i, "footer")
			continue
		}
		break
	}
	// Lines after the last paragraph of prose that are menus or Title
	// Case notices ("Our Standards: The Trust Principles.").
	lastProse := -1
	for i := n - 1; i >= 0; i-- {
		if c.live(i) && bodyLike(c.lines[i]) {
			lastProse = i
			break
		}
	}
	if lastProse >= 0 {
		for i := lastProse + 1; i < n; i++ {
			l := c.lines[i]
			if c.live(i) && (navShaped(l) || titleCaseNotice(l)) {
				c.remove(i, "footer")
			}
		}
	}
}

// teaserShaped: headline-shaped, or a list item shaped like a headline
// (numbered "most read" lists).
func teaserShaped(l line) bool {
	if l.bullet {
		l.bullet = false
	}
	return headlineShaped(l)
}

// titleCaseNotice: a short line whose words are all capitalised, even
// after a label colon, as notices and links are and sentences are not.
func titleCaseNotice(l line) bool {
	return l.words >= 3 && l.words <= 12 && !l.bullet && !strings.HasPrefix(l.text, "(") &&
		capRatio(l.text) >= 0.85 && stopRatio(l.text) <= 0.3
}

// teaserList reports whether what follows the marker at i looks like a
// list of other stories: every line of prose in it comes right after a
// headline (a teaser under its headline), never after other prose or the
// marker itself, as the article's own paragraphs would.
func teaserList(c *textCleaner, i int) bool {
	prevHeadline := false
	for k := i + 1; k < len(c.lines); k++ {
		l := c.lines[k]
		if !c.live(k) || marker(l) {
			prevHeadline = false
			continue
		}
		if bodyLike(l) && !prevHeadline {
			return false
		}
		prevHeadline = teaserShaped(l)
	}
	return true
}

// head lifts the title, byline, dateline and date from the top of the
// page, and removes navigation before the title.
func (c *textCleaner) head() {
	n := len(c.lines)
	limit := n
	if limit > 12 {
		limit = 12
	}
	// The head ends at the first paragraph of prose.
	firstBody := n
	for i := 0; i < n; i++ {
		if c.live(i) && bodyLike(c.lines[i]) {
			firstBody = i
			break
		}
	}
	if firstBody < limit {
		limit = firstBody
	}
	title := -1
	for i := 0; i < limit; i++ {
		if c.live(i) && titleCandidate(c.lines[i]) && !navShaped(c.lines[i]) && !c.mastheadAt(i, limit) {
			title = i
			break
		}
	}
	if title < 0 {
		// A Title Case headline with no function word looks like a menu;
		// it is the headline when nothing else can be.
		for i := 0; i < limit; i++ {
			if c.live(i) && titleCandidate(c.lines[i]) && c.lines[i].cells < 3 {
				title = i
				break
			}
		}
	}
	if title >= 0 {
		c.a.Title = c.lines[title].text
		c.remove(title, "lifted")
		c.masthead(title)
		// Everything above the headline that is not prose is the page's
		// masthead, menus and breadcrumbs, and perhaps the date.
		for k := 0; k < title; k++ {
			if t := parseDate(c.lines[k].text); !t.IsZero() && c.lines[k].words <= 12 && c.a.Published.IsZero() {
				c.a.Published = t
				c.remove(k, "lifted")
			}
			if c.live(k) && !bodyLike(c.lines[k]) {
				c.remove(k, "navigation")
			}
		}
	}
	for i := title + 1; i < limit; i++ {
		l := c.lines[i]
		if !c.live(i) {
			continue
		}
		if names := parseByline(l.text); names != nil && len(c.a.Bylines) == 0 {
			c.a.Bylines = names
			c.remove(i, "lifted")
			continue
		}
		if c.a.Dateline == "" && datelineShaped(l) {
			c.a.Dateline = strings.Join(strings.Fields(strings.ReplaceAll(l.text, ",", ", ")), " ")
			c.a.Dateline = strings.ReplaceAll(c.a.Dateline, " ,", ",")
			c.remove(i, "lifted")
			continue
		}
		if m := labelRe.FindStringSubmatch(l.text); m != nil && l.words <= 8 {
			if t := parseDate(m[1]); !t.IsZero() {
				if c.a.Published.IsZero() {
					c.a.Published = t
				}
				c.remove(i, "lifted")
				continue
			}
		}
		if t := parseDate(l.text); !t.IsZero() && l.words <= 12 {
			if c.a.Published.IsZero() {
				c.a.Published = t
			}
			c.remove(i, "lifted")
		}
	}
	// A byline just after the head ("By X" before the first paragraph is
	// covered above; some pages put it after the standfirst).
	for i := limit; i < n && i < limit+3; i++ {
		if c.live(i) && len(c.a.Bylines) == 0 {
			if names := parseByline(c.lines[i].text); names != nil {
				c.a.Bylines = names
				c.remove(i, "lifted")
				// One sentence between the headline and the byline is
				// the standfirst, not the article's first paragraph.
				if title >= 0 && i == limit+1 && c.live(limit) && c.lines[limit].words <= 45 && c.a.Description == "" {
					c.a.Description = c.lines[limit].text
					c.remove(limit, "standfirst")
				}
			}
		}
	}
	// Title repeated later (breadcrumbs, sticky headers).
	if c.a.Title != "" {
		for i := range c.lines {
			if c.live(i) && strings.EqualFold(c.lines[i].text, c.a.Title) {
				c.remove(i, "repeated")
			}
		}
	}
}

// titleCandidate: a line that can be the headline: headline-shaped, at
// least three words, and not a byline, dateline, date, menu, section label
// or prompt.
func titleCandidate(l line) bool {
	long := l
	long.words = min(l.words, 14) // a long headline may be in sentence case
	return headlineShaped(long) && l.words <= 24 && letterWords(l.text) >= 3 && parseByline(l.text) == nil && !datelineShaped(l) &&
		!uiLine(l) && !marker(l) && parseDate(l.text).IsZero()
}

// masthead finds the site name above the headline at title: a name-shaped
// line directly above a menu or breadcrumb ("Baltic Ledger" over "Region
// World Business"), printed in title case when the page shouts it.
func (c *textCleaner) masthead(title int) {
	for i := 0; i+1 < title; i++ {
		if c.live(i) && c.mastheadAt(i, title) {
			l := c.lines[i]
			if c.a.Site == "" {
				c.a.Site = l.text
				if strings.ToUpper(l.text) == l.text {
					c.a.Site = titleCaseCaps(l.text)
				}
			}
			c.remove(i, "lifted")
			return
		}
	}
}

// mastheadAt reports whether line i, before end, is a site name printed
// above a menu or breadcrumb.
func (c *textCleaner) mastheadAt(i, end int) bool {
	if !siteShaped(c.lines[i]) {
		return false
	}
	next := i + 1
	for next < end && symbolOnly(c.lines[next].text) {
		next++
	}
	if next >= end {
		return false
	}
	return navShaped(c.lines[next]) || c.drop[next] == "breadcrumb"
}

// datelineShaped: a short "City, Country" line (or an all-capitals city).
func datelineShaped(l line) bool {
	t := l.text
	if l.words > 6 || len(t) > 60 || terminal(t) {
		return false
	}
	if !datelineLineRe.MatchString(t) {
		return false
	}
	if strings.Contains(t, ",") {
		return true
	}
	return l.words <= 2 && strings.ToUpper(t) == t && len(t) >= 4
}
