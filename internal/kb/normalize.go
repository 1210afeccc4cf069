package kb

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// units splits s into normalised word units, the alphabet of names:
// lower case, diacritics removed, dots dropped ("U.S." → "us"), curly
// apostrophes straightened, hyphens, dashes, slashes and brackets as
// separators, a possessive "'s" as a unit of its own, and the
// punctuation , ; : & + as units of their own (so that "Washington, D.C."
// and "OPEC+" match token by token whatever the tokenizer did).
func units(s string) []string {
	if s == "" {
		return nil
	}
	var out []string
	var w []byte
	flush := func() {
		if len(w) == 0 {
			return
		}
		word := string(w)
		w = w[:0]
		switch {
		case word == "'" || word == "'s":
			if word == "'s" {
				out = append(out, word)
			}
			return
		case strings.HasSuffix(word, "'s") && len(word) > 2:
			out = append(out, strings.Trim(word[:len(word)-2], "'"), "'s")
			return
		}
		word = strings.Trim(word, "'")
		if word != "" {
			out = append(out, word)
		}
	}
	for _, r := range fold(s) {
		switch {
		case r == '.':
			// dropped: U.S. == US
		case r == '\'':
			w = append(w, '\'')
		case r == ',' || r == ';' || r == ':' || r == '&' || r == '+':
			flush()
			out = append(out, string(r))
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_':
			w = utf8.AppendRune(w, r)
		default: // spaces, hyphens, dashes, slashes, brackets, quotes
			flush()
		}
	}
	flush()
	return out
}

// fold lower-cases s, strips combining marks and straightens apostrophes.
func fold(s string) []rune {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if !ascii {
		s = norm.NFD.String(s)
	}
	rs := make([]rune, 0, len(s))
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
		case unicode.Is(unicode.Mn, r):
			continue
		case r == '\u2019' || r == '\u2018' || r == '\u02bc' || r == '`' || r == '\u00b4':
			r = '\''
		default:
			r = unicode.ToLower(r)
		}
		rs = append(rs, r)
	}
	return rs
}

// normKey is the lookup key of a name: its units joined by spaces, with a
// leading "the" dropped.
func normKey(s string) string {
	u := units(s)
	if len(u) > 1 && u[0] == "the" {
		u = u[1:]
	}
	return strings.Join(u, " ")
}

// simpleLower writes the lower-case form of tok into buf when tok is
// plain ASCII letters and digits (the common case) and reports whether it
// was; such a token is exactly one unit.
func simpleLower(buf []byte, tok string) ([]byte, bool) {
	if tok == "" {
		return buf, false
	}
	buf = buf[:0]
	for i := 0; i < len(tok); i++ {
		c := tok[i]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		default:
			return buf, false
		}
		buf = append(buf, c)
	}
	return buf, true
}

// hasUpper reports whether s has an upper-case letter.
func hasUpper(s string) bool {
	for _, r := range s {
		if unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

// noLower reports whether s has no lower-case letter.
func noLower(s string) bool {
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
	}
	return true
}

// isDash reports tokens that may sit inside a name without being part of
// its units ("Guinea" "-" "Bissau").
func isDash(tok string) bool {
	return tok == "-" || tok == "\u2013" || tok == "\u2010" || tok == "\u2011"
}

// gazForms returns the lower-cased, token-spaced forms of a name for the
// NER gazetteer: as written with spaces normalised, and with hyphens and a
// possessive "'s" split off as readout's tokenizer does.
func gazForms(s string) []string {
	base := strings.ToLower(strings.Join(strings.Fields(s), " "))
	if base == "" {
		return nil
	}
	var b strings.Builder
	for i, f := range strings.Fields(base) {
		if i > 0 {
			b.WriteByte(' ')
		}
		f = strings.ReplaceAll(f, "\u2019", "'")
		if strings.HasSuffix(f, "'s") && len(f) > 2 {
			f = f[:len(f)-2] + " 's"
		}
		if strings.HasSuffix(f, ",") && len(f) > 1 {
			f = f[:len(f)-1] + " ,"
		}
		f = strings.ReplaceAll(f, "-", " - ")
		b.WriteString(strings.Join(strings.Fields(f), " "))
	}
	if split := b.String(); split != base {
		return []string{base, split}
	}
	return []string{base}
}
