package postgres

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Without unaccent in the database (see package doc), the store folds
// diacritics itself: the text it indexes and the terms it searches for go
// through foldDiacritics, and snippets are cut from the folded text and
// mapped back onto the original (unfold), so that "zurich" still marks
// "Zürich".

// foldDiacritics removes combining marks after canonical decomposition
// ("Zürich" → "Zurich", "Genève" → "Geneve") and maps the Latin letters
// that do not decompose (ø, æ, ß, ł, đ, þ …) to their usual ASCII forms.
func foldDiacritics(s string) string {
	f, _ := foldWithMap(s, false)
	return f
}

// foldWithMap folds s rune by rune and, with offsets, also returns for
// every byte offset of the folded text (and its end) the byte offset in s
// of the rune it came from.
func foldWithMap(s string, offsets bool) (string, []int) {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii && !offsets {
		return s, nil
	}
	var b strings.Builder
	b.Grow(len(s))
	var offs []int
	for i, r := range s {
		var piece string
		switch {
		case r < utf8.RuneSelf:
			piece = string(r)
		case foldSpecial[r] != "":
			piece = foldSpecial[r]
		default:
			var p strings.Builder
			for _, d := range norm.NFD.String(string(r)) {
				if !unicode.Is(unicode.Mn, d) {
					p.WriteRune(d)
				}
			}
			piece = norm.NFC.String(p.String())
		}
		b.WriteString(piece)
		if offsets {
			for range len(piece) {
				offs = append(offs, i)
			}
		}
	}
	if offsets {
		offs = append(offs, len(s))
	}
	return b.String(), offs
}

var foldSpecial = map[rune]string{
	'ø': "o", 'Ø': "O", 'æ': "ae", 'Æ': "AE", 'œ': "oe", 'Œ': "OE", 'ß': "ss",
	'ł': "l", 'Ł': "L", 'đ': "d", 'Đ': "D", 'ð': "d", 'Ð': "D", 'þ': "th", 'Þ': "TH",
	'ı': "i", 'ħ': "h", 'Ħ': "H",
}

// unfold maps a headline that ts_headline cut from the folded text back
// onto the original: the same span of the original, with the \x02 and
// \x03 markers at the same places. A headline that is not a span of the
// folded text (ts_headline drops HTML-like tags) is returned as it is.
func unfold(original, headline string) string {
	folded, offs := foldWithMap(original, true)
	plain := strings.NewReplacer("\x02", "", "\x03", "").Replace(headline)
	at := strings.Index(folded, plain)
	if at < 0 || plain == "" {
		return headline
	}
	var b strings.Builder
	pos := at        // in folded
	last := offs[at] // in original, written up to here
	for i := 0; i < len(headline); {
		c := headline[i]
		if c == '\x02' || c == '\x03' {
			b.WriteString(original[last:offs[pos]])
			last = offs[pos]
			b.WriteByte(c)
			i++
			continue
		}
		_, size := utf8.DecodeRuneInString(headline[i:])
		i += size
		pos += size
	}
	b.WriteString(original[last:offs[pos]])
	return b.String()
}
