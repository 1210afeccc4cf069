package clean

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// line is one unit of a plain-text page (a paragraph, heading, list item or
// piece of furniture) with the features the rules look at.
type line struct {
	text   string
	words  int
	bullet bool // started with a bullet mark, now stripped
	gap    bool // preceded by a blank line
	// cells is how many items the raw line holds when split at menu
	// separators (|, •, ·, tabs, runs of spaces): menus have several.
	cells int
}

// stopWords are frequent English function words; a sentence has many, a
// headline or a menu few.
var stopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a an the and or but of to in on at by for with from as is are was were be been
	being has have had do does did will would can could should may might must that this these those it its he she
	they we you i his her their our your my me him them us not no than then there here which who whom whose what when
	where why how if so into over under about after before between during while also just only more most very`) {
		stopWords[w] = true
	}
}

// minorWords stay lower case in Title Case.
var minorWords = map[string]bool{"a": true, "an": true, "the": true, "and": true, "or": true, "but": true,
	"of": true, "to": true, "in": true, "on": true, "at": true, "by": true, "for": true, "with": true,
	"from": true, "as": true, "vs": true, "via": true, "nor": true, "into": true, "over": true, "per": true}

// danglingWords cannot end a heading or a sentence: a line ending with one
// is a label whose value is missing ("Published on").
var danglingWords = map[string]bool{"on": true, "at": true, "by": true, "in": true, "of": true,
	"for": true, "to": true, "the": true, "a": true, "an": true, "and": true, "from": true, "with": true}

var (
	bulletRe = regexp.MustCompile(`^(?:[*•·▪◦●‣∙–—-]|\d{1,2}[.)])\s+`)
	// Imperative UI verbs that open prompts, buttons and form labels.
	uiVerbRe = regexp.MustCompile(`^(?i:(?:please\s+)?(?:enter|type|leave|share|subscribe|sign\s?(?:up|in)|log\s?in|login|register|click|tap|follow|download|listen|watch|read more|continue reading|keep reading|comment|reply|post comment|submit|send|save|print|email|e-mail|copy link|accept|allow|manage|skip|jump to|load more|show more|see more|view more|go to|back to|join|get|getting|loading|play|pause|cancel|close|search|tweet|pin|like us|follow us|add))\b`)
	// Verbs that open a prompt only when a widget word follows ("Press
	// play to …", "Purchase licensing rights").
	uiWeakVerbRe = regexp.MustCompile(`^(?i:(?:please\s+)?(?:press|hear|tap|start|try|open|unlock|gift|buy|purchase|upgrade|become|support|donate|enable|disable|turn (?:on|off)|allow|explore|discover|check out|find out|enjoyed|like|liked|rate|report an? (?:error|typo)))\b`)
	uiWordRe     = regexp.MustCompile(`(?i)\b(?:play|listen(?:ing)?|audio|aloud|button|here|app|apps|subscriber|subscribers|subscription|newsletter|membership|premium|notifications?|licensing|rights|reprints?|gift|access|article|story|page|link|account|ads?|cookies?)\b`)
	// Reading or listening time: "3 minute read", "Listen — 6 min".
	readTimeRe = regexp.MustCompile(`(?i)^(?:\p{L}+(?:\s+\p{L}+)?\s*[—–:-]?\s*)?\d{1,3}\s*-?\s*(?:min|mins|minutes?)\.?(?:\s+(?:read|reading|listen|watch|video|audio))?$`)
	// Notes about the article itself that follow it: "This article was
	// produced by …", "Editor's note: …", "A version of this story …".
	editorNoteRe = regexp.MustCompile(`^(?i:(?:editor'?s|editors'|editorial) note\s*:|(?:correction|clarification)\s*:|this (?:article|story|report|piece|post|interview) (?:was|has been|is) (?:produced|written|updated|corrected|amended|edited|translated|prepared|supported|funded|part of)\b|an? (?:earlier |shorter |longer )?version of this (?:article|story|report))`)
	// Advertising labels and "continues below" notes standing alone.
	adLabelRe = regexp.MustCompile(`^(?i:advertisement|advertising|advert|ad|sponsored|anzeige|werbung|publicité|publicidad|pubblicità|(?:story|article|text) continues (?:below|after (?:the )?(?:advertisement|ad)))\s*:?$`)
	// Photo and image credits or captions labelled as such.
	creditRe = regexp.MustCompile(`^(?i:(?:photo|photos|photograph|photography|image|images|picture|pictures|foto|fotos|illustration|graphic|video|credit|source)(?: credit)?)\s*:\s*\S`)
	// Words that address the reader of a page.
	readerPronounRe = regexp.MustCompile(`(?i)\b(?:you|your|my|me|I)\b`)
	// Footer notices: copyright lines.
	copyrightRe = regexp.MustCompile(`^(?i:copyright\b|©|\(c\) \d)`)
	// "Tags: a b c", "Topics: …": lists of labels after the article.
	tagLineRe = regexp.MustCompile(`^(?i:tags|tagged|topics|filed under|categories|keywords|related topics|mots-clés|schlagwörter|themen)\s*:\s*\S`)
	// A publication-date label with no date after it.
	emptyDateLabelRe = regexp.MustCompile(`^(?i:(?:first |last |originally )?(?:published|posted|updated|date|dated|publié|publiée|mis à jour|veröffentlicht|aktualisiert|publicado|actualizado|pubblicato|aggiornato))(?:\s+(?:on|at|le|am|el|il|den))?\s*:?$`)
	// Nouns of web forms and widgets.
	uiNounRe = regexp.MustCompile(`(?i)\b(?:e-?mail|comments?|repl(?:y|ies)|name|password|newsletter|cookies?|subscribe|subscription|inbox|website|notifications?|player|audio|podcast|account|login|browser|javascript|field|fields|captcha|ad blocker|adblock|log in|sign in|sign up|terms of (?:use|service)|privacy policy|unsubscribe)\b`)
	// Headings of "related stories" and similar page sections.
	markerRe = regexp.MustCompile(`^(?i:more|related|popular|trending|recommended|latest|recent|read (?:more|next|also)|also read|see also|more like this|more (?:from|in|on|stories|news|articles|headlines|to read|for you)\b.*|related (?:articles|stories|posts|news|content|coverage|links|reading|topics|videos)|(?:most )?(?:popular|read|viewed|shared|commented)(?: (?:stories|articles|posts|now|today|this week))?|top (?:stories|news|headlines)|you (?:may|might) (?:also )?(?:like|enjoy|be interested in)|editor'?s (?:picks|choice)|in case you missed it|don'?t miss|further reading|what to read next|recent posts|latest (?:news|stories|posts|articles|headlines|videos)|trending (?:now|stories|news)|recommended (?:for you|stories|articles|reading)|tags|topics|filed under|categories|share(?: this| post| article| story| on)?|sponsored(?: content| stories)?|advertisement|(?:next|previous|prev|older|newer) (?:article|story|post)|(?:trending|popular|latest|top stories|most (?:read|viewed|popular|shared)|more) (?:in|on|from) [\p{L}&' ]{1,30})\s*:?$`)
	// Breadcrumbs with explicit separators: "Home > World > Africa".
	crumbSepRe = regexp.MustCompile(`\s(?:>|»|›|/|\\|::)\s`)
	symbolOnly = func(s string) bool {
		for _, r := range s {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return false
			}
		}
		return true
	}
)

// copyrightLine: a copyright notice ("© 2026 …", "Copyright …", "… All
// rights reserved.").
func copyrightLine(t string) bool {
	return strings.Contains(t, "ights reserved") || strings.Contains(t, "IGHTS RESERVED") || copyrightRe.MatchString(t)
}

// countCells counts the items of a raw line split at menu separators (|,
// •, ·, tabs, runs of two or more spaces) that hold a letter. Long lines
// are prose, not menus, and are not split.
func countCells(raw string) int {
	raw = strings.TrimSpace(raw)
	if len(raw) > 400 {
		return 1
	}
	n, letter, spaces := 0, false, 0
	for _, r := range raw {
		sep := false
		switch {
		case r == '|' || r == '•' || r == '·' || r == '\t':
			sep = true
		case r == ' ' || r == '\u00a0':
			spaces++
			if spaces >= 2 {
				sep = true
			}
			continue
		}
		if spaces >= 2 {
			sep = true
		}
		spaces = 0
		if sep {
			if letter {
				n++
			}
			letter = false
			continue
		}
		if unicode.IsLetter(r) {
			letter = true
		}
	}
	if letter {
		n++
	}
	return n
}

// letterWords counts the words of s that hold a letter (not "/" or "|").
func letterWords(s string) int {
	n := 0
	for _, w := range strings.Fields(s) {
		if strings.IndexFunc(w, unicode.IsLetter) >= 0 {
			n++
		}
	}
	return n
}

// navShaped reports whether l is a navigation menu: several short items
// split by separators, or a run of three or more capitalised words with no
// function word, no digit and no punctuation, as headlines and sentences
// have ("Politics Economy World Culture Opinion").
func navShaped(l line) bool {
	if l.words == 0 || l.bullet || terminal(l.text) {
		return false
	}
	if l.cells >= 3 && l.words <= 4*l.cells {
		return true
	}
	if l.words < 3 || l.words > 10 || stopRatio(l.text) > 0 || capRatio(l.text) < 0.75 {
		return false
	}
	return !strings.ContainsAny(l.text, ",:;'’\"“”?!.()$%€£0123456789")
}

// siteShaped: a short name printed as a masthead ("Baltic Ledger",
// "NORDIC OBSERVER"): two to five capitalised words, no digits, no
// sentence punctuation.
func siteShaped(l line) bool {
	if l.words < 2 || l.words > 5 || l.cells > 1 || strings.ContainsAny(l.text, ",:;?!|/>»›0123456789") || terminal(l.text) {
		return false
	}
	if markerRe.MatchString(l.text) || uiLine(l) {
		return false
	}
	return capRatio(l.text) == 1
}

func newLine(text string, gap bool) line {
	l := line{text: text, gap: gap}
	if m := bulletRe.FindString(text); m != "" && len(text) > len(m) {
		l.bullet = true
		l.text = strings.TrimSpace(text[len(m):])
	}
	l.words = len(strings.Fields(l.text))
	return l
}

func isLoneSymbol(s string) bool { return symbolOnly(s) }

// lastRune returns the last rune of s, looking through closing quotes and
// brackets.
func lastRune(s string) rune {
	s = strings.TrimRight(s, " \"'”’»)]")
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// terminal reports whether s ends like a sentence.
func terminal(s string) bool {
	switch lastRune(s) {
	case '.', '!', '?', '…', ';':
		return true
	}
	return false
}

// ellipsis reports whether s ends in "..." or "…" (a truncated teaser or
// a loading prompt).
func ellipsis(s string) bool {
	t := strings.TrimRight(s, " ")
	return strings.HasSuffix(t, "...") || strings.HasSuffix(t, "…")
}

// capRatio is the share of non-minor words that start with a capital
// letter or digit.
func capRatio(s string) float64 {
	n, caps := 0, 0
	for i, w := range strings.Fields(s) {
		w = strings.Trim(w, "\"'“”‘’()[]-–—:,")
		if w == "" {
			continue
		}
		if i > 0 && minorWords[strings.ToLower(w)] {
			continue
		}
		n++
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsUpper(r) || unicode.IsDigit(r) {
			caps++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(caps) / float64(n)
}

// stopRatio is the share of stop words among the words of s.
func stopRatio(s string) float64 {
	n, stop := 0, 0
	for _, w := range strings.Fields(s) {
		n++
		if stopWords[strings.ToLower(strings.Trim(w, "\"'“”‘’(),.:;!?"))] {
			stop++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(stop) / float64(n)
}

// gluedCaps counts lower-to-upper case changes inside words without a
// space ("HomeWorldPolitics" has two): menus whose items were run together.
func gluedCaps(s string) int {
	n := 0
	var prev rune
	for _, r := range s {
		if unicode.IsUpper(r) && unicode.IsLower(prev) {
			n++
		}
		prev = r
	}
	return n
}

// headlineShaped: short, no sentence ending, starts with a capital or a
// digit, and (when longer) in Title Case.
func headlineShaped(l line) bool {
	if l.words == 0 || l.words > 24 || l.bullet {
		return false
	}
	t := l.text
	if terminal(t) || strings.HasSuffix(t, ",") || strings.HasSuffix(t, ":") {
		return false
	}
	if strings.HasPrefix(t, "(") && strings.HasSuffix(t, ")") {
		return false // a bracketed note or sign-off
	}
	r, _ := utf8.DecodeRuneInString(strings.TrimLeft(t, "\"'“‘("))
	if !unicode.IsUpper(r) && !unicode.IsDigit(r) {
		return false
	}
	if l.words > 14 && capRatio(t) < 0.6 {
		return false
	}
	return true
}

// bodyLike: a paragraph of running prose.
func bodyLike(l line) bool {
	return l.words >= 12 && (terminal(l.text) || l.words >= 30) && !ellipsis(l.text)
}

// furniture returns why l, wherever it stands, is page furniture rather
// than article text, or "".
func furniture(l line) string {
	t := l.text
	switch {
	case symbolOnly(t):
		return "symbol"
	case l.words <= 5 && strings.HasSuffix(t, ":"):
		return "empty label"
	case l.words <= 4 && emptyDateLabelRe.MatchString(t):
		return "empty label"
	case l.words <= 6 && adLabelRe.MatchString(t):
		return "advertising label"
	case l.words <= 12 && !terminal(t) && creditRe.MatchString(t):
		return "photo credit"
	case l.words <= 5 && readTimeRe.MatchString(t):
		return "reading time"
	case l.words <= 60 && copyrightLine(t):
		return "copyright notice"
	case l.words <= 40 && tagLineRe.MatchString(t):
		return "tags"
	case l.words <= 4 && !terminal(t) && danglingWords[strings.ToLower(lastWord(t))]:
		return "empty label"
	case l.words <= 40 && ellipsis(t) && !strings.HasPrefix(t, "\"") && !strings.HasPrefix(t, "“"):
		return "truncated teaser or prompt"
	case l.words <= 12 && strings.Contains(t, "*") && !l.bullet:
		return "form note"
	case l.words <= 20 && !terminal(t) && gluedCaps(t) >= 2 && !strings.Contains(t, ". "):
		return "breadcrumb"
	case l.words <= 20 && len(crumbSepRe.FindAllStringIndex(t, -1)) >= 2 && !terminal(t):
		return "breadcrumb"
	case uiLine(l):
		return "form or share prompt"
	}
	return ""
}

// uiLine: a short prompt that opens with a UI verb or addresses the
// reader about a form or widget.
func uiLine(l line) bool {
	t := l.text
	if l.words > 15 {
		return false
	}
	end := lastRune(t)
	verb := l.words <= 14 && uiVerbRe.MatchString(t)
	if verb && l.words <= 8 && end != '.' && end != '?' {
		return true
	}
	// An imperative about a widget: "Press play to hear this story",
	// "Save my details in this browser for the next time I comment."
	if l.words <= 14 && (end != '.' || readerPronounRe.MatchString(t)) &&
		(uiWeakVerbRe.MatchString(t) && uiWordRe.MatchString(t) ||
			verb && uiNounRe.MatchString(t) && readerPronounRe.MatchString(t)) {
		return true
	}
	lower := strings.ToLower(t)
	if (strings.Contains(lower, "your ") || strings.HasPrefix(lower, "you ") || strings.Contains(lower, " you ")) &&
		uiNounRe.MatchString(t) && l.words <= 16 && !strings.ContainsAny(t, "\"“”«»") {
		return true
	}
	// A widget's state: "Comments are closed."
	if l.words <= 5 && uiNounRe.MatchString(strings.Fields(t)[0]) && !strings.ContainsAny(t, "\"“”") {
		return true
	}
	// ALL CAPS short prompt ("LEAVE A REPLY") with a UI noun.
	if l.words <= 5 && strings.ToUpper(t) == t && uiNounRe.MatchString(t) {
		return true
	}
	return false
}

// marker reports whether l heads a section of other stories, tags or
// sharing links.
func marker(l line) bool {
	if l.words == 0 || l.words > 6 || terminal(l.text) {
		return false
	}
	return markerRe.MatchString(strings.TrimRight(l.text, " ›»→>↓▾▸")) || uiLine(l)
}

func lastWord(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	return strings.Trim(f[len(f)-1], "\"'“”‘’(),.:;!?")
}
