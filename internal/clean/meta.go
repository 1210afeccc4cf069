package clean

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/abadojack/whatlanggo"
)

// Shapes of metadata lines, shared by the HTML and text cleaners.
var (
	// "By Jane Roe", "By: Jane Roe and John Doe", "Written by Jane Roe".
	bylineRe = regexp.MustCompile(`^(?i:(?:written |reported |posted |story |words )?by|par|von|por|door|av|af)\s*:?\s+(.{2,120})$`)
	// "This story was first published on example.com."
	attributionRe = regexp.MustCompile(`^(?i:(?:this|the) (?:story|article|post|piece|report|item|content) (?:was|is|has been) )?(?i:(?:originally|first) (?:published|appeared|posted|ran))(?i: (?:on|in|at|by))? (.{2,120}?)[.!]?$`)
	// "Republished with permission from X." / "Reprinted from X."
	republishedRe = regexp.MustCompile(`^(?i:(?:republished|reprinted|reposted|syndicated)(?: with (?:permission|thanks))?(?: from| by| courtesy of))\s+(.{2,120}?)[.!]?$`)
	// A dateline line: "Nairobi, Kenya", "Tel-Aviv,Israel", "LONDON".
	datelineLineRe = regexp.MustCompile(`^\p{Lu}[\p{L}.'’\- ]{1,40}(?:,\s*\p{Lu}[\p{L}.'’\- ]{1,40}){0,2}$`)
	// A dateline that starts a paragraph: "GENEVA (Reuters) — ...", "Kyiv, Ukraine – ...".
	datelineLeadRe = regexp.MustCompile(`^(\p{Lu}[\p{L}.'’\-]+(?: \p{Lu}[\p{L}.'’\-]+){0,3}(?:,\s*\p{Lu}[\p{L}.'’\-]+(?: \p{Lu}[\p{L}.'’\-]+){0,3}){0,2})(\s*\([^)]{1,40}\))?\s*(?:—|–|--| - )\s*\S`)
	// A capitalised place and a colon: "NAIROBI: ...".
	datelineColonRe = regexp.MustCompile(`^(\p{Lu}[\p{Lu}.'’\-]+(?: \p{Lu}[\p{Lu}.'’\-]+){0,2})\s*:\s+\p{Lu}`)
	// "Text: Jane Roe | Photos: …", "Words: …", "Reporting: …".
	bylineLabelRe = regexp.MustCompile(`^(?i:text|words|reporting|author|authors|autor|auteur|autore)\s*:\s*(.{2,120})$`)
	authorSepRe   = regexp.MustCompile(`\s*(?:;|,|\s+and\s+|\s+&\s+)\s*`)
	// Prefixes that web pages put before an author name.
	authorNoiseRe = regexp.MustCompile(`(?i)^(?:(?:view|see|read|more) (?:all )?(?:posts|articles|stories) by|posted by|written by|reported by|author:|by:?)\s+`)
)

// parseByline returns the names in a byline line, or nil if line is not
// one. A byline is short, and what follows "By" is name-shaped: mostly
// capitalised words, no sentence punctuation.
func parseByline(line string) []string {
	m := bylineRe.FindStringSubmatch(strings.TrimSpace(line))
	if m == nil {
		m = bylineLabelRe.FindStringSubmatch(strings.TrimSpace(line))
	}
	if m == nil {
		return nil
	}
	names := splitAuthors(m[1], true)
	for i, n := range names {
		names[i] = titleCaseCaps(n) // "LUCA FERRARI" → "Luca Ferrari"
	}
	return names
}

// splitAuthors splits "A, B and C" or "A; B" into names. In strict mode
// every part must look like a name.
func splitAuthors(s string, strict bool) []string {
	s = strings.TrimSpace(authorNoiseRe.ReplaceAllString(strings.TrimSpace(s), ""))
	// Cut a trailing role or outlet: "Jane Roe | Staff Writer", "Jane Roe - Reuters".
	for _, sep := range []string{" | ", " — ", " – ", " - ", ", staff", ", special"} {
		if i := strings.Index(strings.ToLower(s), sep); i > 0 {
			s = s[:i]
		}
	}
	fields := authorSepRe.Split(s, -1)
	var out []string
	for _, f := range fields {
		f = strings.Trim(f, " .:;,")
		if f == "" {
			continue
		}
		if strict && !nameShaped(f) {
			return nil
		}
		out = append(out, f)
	}
	return out
}

// nameShaped: 1–6 words, most capitalised, no digits, no sentence ending.
func nameShaped(s string) bool {
	words := strings.Fields(s)
	if len(words) == 0 || len(words) > 6 {
		return false
	}
	caps := 0
	for _, w := range words {
		r := []rune(w)
		if unicode.IsUpper(r[0]) {
			caps++
		}
		for _, c := range r {
			if unicode.IsDigit(c) {
				return false
			}
		}
	}
	if strings.ContainsAny(s, "!?") {
		return false
	}
	return caps*2 > len(words) || (len(words) <= 3 && caps >= 1)
}

// parseAttribution returns the original publisher named in a "first
// published on X" line, or "".
func parseAttribution(line string) string {
	line = strings.TrimSpace(line)
	if len(line) > 200 {
		return ""
	}
	for _, re := range []*regexp.Regexp{attributionRe, republishedRe} {
		if m := re.FindStringSubmatch(line); m != nil {
			src := strings.TrimSpace(m[1])
			src = strings.TrimSuffix(src, ".")
			if src != "" && len(strings.Fields(src)) <= 8 {
				return src
			}
		}
	}
	return ""
}

// leadDateline returns the dateline that opens a paragraph ("PARIS (AP) —
// …"), or "".
//
// To tell a dateline from a sentence that opens with a name and a dash,
// the place must be printed in capitals ("GENEVA —", "TALLINN, Estonia —"),
// be followed by an agency in brackets, or name a city and a country.
func leadDateline(p string) string {
	if m := datelineColonRe.FindStringSubmatch(p); m != nil && utf8.RuneCountInString(m[1]) >= 3 {
		return titleCaseCaps(m[1])
	}
	m := datelineLeadRe.FindStringSubmatch(p)
	if m == nil {
		return ""
	}
	d := m[1]
	if len(strings.Fields(d)) > 6 {
		return ""
	}
	first, _, _ := strings.Cut(d, ",")
	caps := strings.ToUpper(first) == first && utf8.RuneCountInString(first) >= 3
	if !caps && m[2] == "" && !strings.Contains(d, ",") {
		return ""
	}
	return titleCaseCaps(d)
}

// titleCaseCaps rewrites the words of a place printed in capitals
// ("N'DJAMENA, Chad") in title case ("N'Djamena, Chad"); other words are
// kept as they are.
func titleCaseCaps(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		if utf8.RuneCountInString(w) < 2 || strings.ToUpper(w) != w || strings.ToLower(w) == w {
			continue
		}
		rs := []rune(strings.ToLower(w))
		for k := range rs {
			if k == 0 || (k >= 2 && (rs[k-1] == '\'' || rs[k-1] == '’') && k == 2) || rs[k-1] == '-' {
				rs[k] = unicode.ToUpper(rs[k])
			}
		}
		words[i] = string(rs)
	}
	return strings.Join(words, " ")
}

// Language detects the language of s: an ISO 639-1 code and a confidence
// in [0,1]; "und" with 0 when it cannot tell.
//
// English, most of readout's input, is recognised first by the share of
// its own function words ("the", "and", "of", …: a quarter of running
// English text, near none of any other language's); other text goes to
// whatlanggo's trigram profiles on a sample of about 1,000 bytes. Both
// keep detection cheap: it was most of the cost of cleaning plain text.
func Language(s string) (string, float64) {
	if len(s) > 1000 {
		cut := 1000
		for cut < len(s) && !isRuneStart(s[cut]) {
			cut++
		}
		s = s[:cut]
	}
	letters := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	if letters < 20 {
		return "und", 0
	}
	if conf := englishShare(s); conf > 0 {
		return "en", conf
	}
	info := whatlanggo.Detect(s)
	code := info.Lang.Iso6391()
	if code == "" || info.Confidence < 0.05 {
		return "und", info.Confidence
	}
	return code, info.Confidence
}

// englishFunction are frequent English words that are rare as words in
// other languages written in Latin script.
var englishFunction = map[string]bool{"the": true, "and": true, "of": true, "to": true, "is": true,
	"that": true, "for": true, "with": true, "said": true, "from": true, "have": true, "has": true,
	"were": true, "which": true, "this": true, "are": true, "will": true, "be": true, "it": true,
	"by": true, "on": true, "at": true, "his": true, "her": true, "they": true, "their": true, "its": true,
	"an": true, "not": true, "but": true, "been": true, "would": true, "who": true, "was": true}

// englishShare returns a confidence when at least 30 words and 18% of the
// words of s are English function words, else 0.
func englishShare(s string) float64 {
	n, hits := 0, 0
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' }) {
		n++
		if len(w) <= 5 && englishFunction[strings.ToLower(w)] {
			hits++
		}
	}
	if n < 30 {
		return 0
	}
	share := float64(hits) / float64(n)
	if share < 0.18 {
		return 0
	}
	return min(1, 0.5+share*2)
}

func isRuneStart(c byte) bool { return c&0xC0 != 0x80 }
