package text

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/readout/readout/internal/news"
)

// Tokenize splits s into tokens; offsets are shifted by base.
//
// Tokens follow Universal Dependencies English (EWT) conventions:
// contractions and possessives are split ("do"+"n't", "Israel"+"'s"),
// punctuation is split off, hyphenated compounds are split ("well"+"-"+
// "known") except after common prefixes ("non-stop", "e-mail"), and "$"
// and "%" are tokens of their own. Abbreviations ("U.S.", "Gen."), numbers
// ("1,200", "3.5", "10:30"), URLs, e-mail addresses, @handles and
// #hashtags stay whole. Every token's Text is s[Start-base:End-base].
func Tokenize(s string, base int) []news.Token {
	t := tokenizer{s: s, base: base, out: make([]news.Token, 0, len(s)/4+4)}
	t.run(0, len(s))
	return t.out
}

type tokenizer struct {
	s    string
	base int
	out  []news.Token
}

func (t *tokenizer) emit(a, b int) {
	if b > a {
		t.out = append(t.out, news.Token{Start: t.base + a, End: t.base + b, Text: t.s[a:b], Head: -1})
	}
}

// runeAt decodes the rune at i with an ASCII fast path.
func runeAt(s string, i int) (rune, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(s[i:])
}

// isSpace reports separators between tokens: Unicode white space plus
// zero-width space, joiners and the byte-order mark.
func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == '\f' || r == '\v'
	}
	return unicode.IsSpace(r) || r == 0x200B || r == 0xFEFF || r == 0x2060
}

// isWord reports letters, digits, marks and the underscore.
func isWord(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '_'
	}
	if r == utf8.RuneError {
		return false
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

func isLetter(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
	}
	return r != utf8.RuneError && unicode.IsLetter(r)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
func isUpper(c byte) bool { return 'A' <= c && c <= 'Z' }

// run tokenizes s[i:end] chunk by chunk (a chunk is a run of non-space).
func (t *tokenizer) run(i, end int) {
	s := t.s
	for i < end {
		r, n := runeAt(s, i)
		if isSpace(r) {
			i += n
			continue
		}
		ce := i + n
		hasAt := r == '@'
		for ce < end {
			r, n := runeAt(s, ce)
			if isSpace(r) {
				break
			}
			hasAt = hasAt || r == '@'
			ce += n
		}
		t.chunk(i, ce, hasAt)
		i = ce
	}
}

func (t *tokenizer) chunk(i, ce int, hasAt bool) {
	s := t.s
	for i < ce {
		if j := t.special(i, ce, hasAt); j > i {
			t.emit(i, j)
			i = j
			continue
		}
		r, n := runeAt(s, i)
		if isWord(r) {
			i = t.word(i, ce)
			continue
		}
		// A clitic after a word that ended in punctuation ("U.S.'s").
		if j := cliticAt(s, i, ce); j > i && len(t.out) > 0 && t.out[len(t.out)-1].End == t.base+i {
			t.emit(i, j)
			i = j
			continue
		}
		// Punctuation and symbols: a run of . ! ? is one token ("...",
		// "?!"); otherwise a run of one repeated rune ("--", "''", "…").
		j := i + n
		if r == '.' || r == '!' || r == '?' {
			for j < ce && (s[j] == '.' || s[j] == '!' || s[j] == '?') {
				j++
			}
		} else {
			for j < ce {
				r2, n2 := runeAt(s, j)
				if r2 != r || r == utf8.RuneError {
					break
				}
				j += n2
			}
		}
		t.emit(i, j)
		i = j
	}
}

// special recognises a URL, e-mail address, @handle or #hashtag at i and
// returns its end, or i.
func (t *tokenizer) special(i, ce int, hasAt bool) int {
	s := t.s
	c := s[i]
	switch {
	case c == 'h' || c == 'H' || c == 'w' || c == 'W' || c == 'f' || c == 'F':
		rest := s[i:ce]
		if !hasPrefixFold(rest, "http://") && !hasPrefixFold(rest, "https://") &&
			!hasPrefixFold(rest, "ftp://") && !(hasPrefixFold(rest, "www.") && len(rest) > 5 && isWordByte(rest[4])) {
			break
		}
		j := i
		for j < ce && s[j] != '<' && s[j] != '>' && s[j] != '"' && s[j] != '\'' {
			if s[j] >= utf8.RuneSelf {
				r, _ := runeAt(s, j)
				if !isWord(r) {
					break // curly quotes, dashes
				}
			}
			j++
		}
		for j > i && trailingURLPunct(s[j-1]) {
			if s[j-1] == ')' && indexByte(s[i:j], '(') >= 0 {
				break
			}
			j--
		}
		return j
	case c == ':' || c == ';':
		for _, e := range emoticons {
			if len(e) <= ce-i && s[i:i+len(e)] == e && (i+len(e) == ce || !isWordByte(s[i+len(e)])) {
				return i + len(e)
			}
		}
	case c == '@' || c == '#':
		if i+1 >= ce {
			break
		}
		if r, _ := runeAt(s, i+1); !isLetter(r) {
			break
		}
		j := i + 1
		for j < ce {
			r, n := runeAt(s, j)
			if !isWord(r) {
				break
			}
			j += n
		}
		return j
	}
	if hasAt && isWordByte(c) {
		return emailAt(s, i, ce)
	}
	return i
}

// cliticAt returns the end of a clitic ("'s", "’ll") at i that ends the
// word there, or i.
func cliticAt(s string, i, ce int) int {
	k := i
	switch {
	case s[i] == '\'':
		k++
	case strings.HasPrefix(s[i:ce], "’"):
		k += len("’")
	default:
		return i
	}
	j := k
	for j < ce && j-k < 2 && ('a' <= s[j]|0x20 && s[j]|0x20 <= 'z') {
		j++
	}
	if j == k || !isClitic(s[k:j]) {
		return i
	}
	if j < ce {
		if r, _ := runeAt(s, j); isWord(r) {
			return i
		}
	}
	return j
}

// emoticons are kept whole, longest first.
var emoticons = [...]string{":-)", ":-(", ":-D", ":-P", ":-/", ";-)", ":)", ":(", ":D", ":P", ":p", ";)", ":?"}

func trailingURLPunct(c byte) bool {
	switch c {
	case '.', ',', ';', ':', '!', '?', ')', ']', '}':
		return true
	}
	return false
}

func isWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_'
}

// emailAt returns the end of an e-mail address starting at i, or i.
func emailAt(s string, i, ce int) int {
	j := i
	lim := min(ce, i+128)
	for j < lim && (isWordByte(s[j]) || s[j] == '.' || s[j] == '-' || s[j] == '+') {
		j++
	}
	if j >= ce || s[j] != '@' || j == i {
		return i
	}
	j++
	dom, dots := j, 0
	lim = min(ce, j+256)
	for j < lim && (isWordByte(s[j]) || s[j] == '.' || s[j] == '-') {
		if s[j] == '.' {
			dots++
		}
		j++
	}
	for j > dom && (s[j-1] == '.' || s[j-1] == '-') {
		if s[j-1] == '.' {
			dots--
		}
		j--
	}
	if dots == 0 || j == dom {
		return i
	}
	return j
}

func indexByte(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}

func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != prefix[i] {
			return false
		}
	}
	return true
}

// word scans a word starting at i (a word rune) and emits it, split into
// UD pieces. It returns the end of what it consumed.
func (t *tokenizer) word(i, ce int) int {
	s := t.s
	start, seg, j := i, i, i
	for {
		for j < ce {
			r, n := runeAt(s, j)
			if !isWord(r) {
				break
			}
			j += n
		}
		if j >= ce {
			break
		}
		x := s[j]
		xn := 1
		if x == 0xE2 && j+2 < ce && s[j+1] == 0x80 && s[j+2] == 0x99 { // ’
			xn = 3
		}
		if j+xn >= ce {
			break
		}
		y, _ := runeAt(s, j+xn)
		if !isWord(y) {
			break
		}
		prev := s[j-1]
		keep := false
		switch {
		case xn == 3 || x == '\'':
			keep = isLetter(y)
		case x == '.':
			// "U.S", "3.5", "example.com" — but not a missing space
			// between sentences ("said.The").
			keep = !missingSpace(s, seg, j, ce)
		case x == ',' || x == ':':
			keep = isDigit(prev) && y < utf8.RuneSelf && isDigit(byte(y))
		case x == '&':
			keep = isUpper(prev) && y < utf8.RuneSelf && isUpper(byte(y))
		case x == '-':
			keep = keepHyphen(s, seg, j, ce)
		case x == '/':
			if k := numericSlash(s, seg, ce); k > j {
				j = k
				continue
			}
		}
		if !keep {
			break
		}
		j += xn
		if x == '-' {
			seg = j
		}
	}
	end := j
	// An abbreviation keeps its period, also before one more period that
	// ends the sentence ("Inc.." is "Inc." + "."), but not before "...".
	if end < ce && s[end] == '.' && (end+2 >= ce || s[end+1] != '.' || s[end+2] != '.') && isAbbrev(s, start, end) {
		end++
	}
	t.pieces(start, end)
	return end
}

// missingSpace reports whether the period at p joins two sentences
// without a space: a lower-case word of two or more letters before it
// and a capitalised word after it ("said.The").
func missingSpace(s string, seg, p, ce int) bool {
	k := p - 1
	for k >= seg && 'a' <= s[k] && s[k] <= 'z' {
		k--
	}
	if k >= seg || p-seg < 2 || p+2 >= ce || !isUpper(s[p+1]) {
		return false
	}
	return 'a' <= s[p+2] && s[p+2] <= 'z'
}

// keepHyphen decides whether the hyphen at h joins the segment s[seg:h] to
// what follows. EWT splits hyphenated compounds but keeps words with
// common prefixes and digit groups like phone numbers and ISO dates.
func keepHyphen(s string, seg, h, ce int) bool {
	left := s[seg:h]
	if hyphenPrefix(left) {
		return true
	}
	if !allDigits(left) {
		return false
	}
	if seg > 0 && s[seg-1] == '-' && isDigit(s[h+1]) {
		return true // a digit group chain already accepted
	}
	// digits-digits-digits (555-203-1234, 2025-10-13) or 3-4 digit groups.
	k := h + 1
	groups, n := 1, 0
	lim := min(ce, h+32) // bounded look-ahead keeps tokenizing linear
	for k < lim && (isDigit(s[k]) || s[k] == '-') {
		if s[k] == '-' {
			if n == 0 {
				break
			}
			groups, n = groups+1, 0
		} else {
			n++
		}
		k++
	}
	if n > 0 {
		groups++
	}
	if k < ce && (isWordByte(s[k]) || k == lim) {
		return false
	}
	return groups >= 3 || (groups == 2 && len(left) == 3 && n == 4)
}

// numericSlash returns the end of a date-like digit/digit[/digit] run
// starting at seg, or -1.
func numericSlash(s string, seg, ce int) int {
	k, parts, n := seg, 0, 0
	var lens [4]int
	for k < ce && k-seg < 24 && (isDigit(s[k]) || s[k] == '/') {
		if s[k] == '/' {
			if n == 0 || parts == 3 {
				return -1
			}
			lens[parts] = n
			parts, n = parts+1, 0
		} else {
			n++
		}
		k++
	}
	if n == 0 || parts == 0 || (k < ce && isWordByte(s[k])) {
		return -1
	}
	lens[parts] = n
	parts++
	if parts >= 3 {
		return k
	}
	// Two parts: a day/month date such as 9/11 or 5/18, not a fraction.
	if lens[1] == 2 && (lens[0] == 1 || lens[0] == 2 && s[seg] == '1' && s[seg+1] <= '2') {
		return k
	}
	return -1
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// pieces emits the word s[a:b], splitting off clitics and units.
func (t *tokenizer) pieces(a, b int) {
	s := t.s
	w := s[a:b]
	if k := cliticSplit(w); k > 0 {
		t.emit(a, a+k)
		t.emit(a+k, b)
		return
	}
	if isDigit(w[0]) {
		p := 1
		for p < len(w) && (isDigit(w[p]) || w[p] == '.' || w[p] == ',' || w[p] == ':') {
			p++
		}
		if p < len(w) && isUnit(w[p:]) {
			t.emit(a, a+p)
			t.emit(a+p, b)
			return
		}
	}
	t.emit(a, b)
}

// CliticSplit returns the byte offset at which Tokenize splits the word w
// into a host and a clitic ("do|n't", "Israel|'s", "can|not"), or 0 when
// it does not split w.
func CliticSplit(w string) int { return cliticSplit(w) }
