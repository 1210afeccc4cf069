package syntax

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// normForm maps typographic variants to the forms the treebank mostly uses:
// curly quotes to straight ones, en and em dashes to "--", the ellipsis
// character to "...".
func normForm(s string) string {
	if isASCII(s) {
		return s
	}
	return formReplacer.Replace(s)
}

var formReplacer = strings.NewReplacer(
	"\u201c", "\"", "\u201d", "\"", "\u201e", "\"", "\u00ab", "\"", "\u00bb", "\"",
	"\u2018", "'", "\u2019", "'", "\u201a", "'", "\u2032", "'",
	"\u2014", "--", "\u2013", "--", "\u2012", "--", "\u2015", "--",
	"\u2026", "...", "\u00a0", " ",
)

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// lowerKey is the lookup form of a word: lower case, digits folded to '9'
// so that numbers generalise.
func lowerKey(s string) string {
	var b strings.Builder
	changed := false
	for _, r := range s {
		if unicode.IsUpper(r) || unicode.IsDigit(r) && r != '9' {
			changed = true
			break
		}
	}
	if !changed {
		return s
	}
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case unicode.IsDigit(r):
			b.WriteByte('9')
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// isAllCaps reports whether s has at least two letters and no lower-case
// letter ("NATO", "BREAKING").
func isAllCaps(s string) bool {
	n := 0
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n >= 2
}

// shape is a compressed word shape: runs of the same character class
// collapsed past two ("Xxx", "99-99", "XX").
func shape(s string) string {
	var b [24]byte
	n := 0
	var last byte
	run := 0
	for _, r := range s {
		var c byte
		switch {
		case unicode.IsUpper(r):
			c = 'X'
		case unicode.IsLower(r):
			c = 'x'
		case unicode.IsDigit(r):
			c = '9'
		case r < utf8.RuneSelf:
			c = byte(r)
		default:
			c = '*'
		}
		if c == last {
			run++
			if run >= 2 {
				continue
			}
		} else {
			run = 0
		}
		last = c
		if n < len(b) {
			b[n] = c
			n++
		}
	}
	return string(b[:n])
}

// suffix returns the last n runes of s (all of s when shorter).
func suffix(s string, n int) string {
	i := len(s)
	for k := 0; k < n && i > 0; k++ {
		_, sz := utf8.DecodeLastRuneInString(s[:i])
		i -= sz
	}
	return s[i:]
}

// prefix returns the first n runes of s.
func prefix(s string, n int) string {
	i := 0
	for k := 0; k < n && i < len(s); k++ {
		_, sz := utf8.DecodeRuneInString(s[i:])
		i += sz
	}
	return s[:i]
}
