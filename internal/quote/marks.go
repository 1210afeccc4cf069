package quote

import (
	"unicode"
	"unicode/utf8"
)

// seg is one run of text between quotation marks inside one block.
// [cs, ce) is the content without marks; [os, oe) the opening mark and
// [xs, xe) the closing one (xs == xe == ce when the quotation runs to the
// end of the block without closing).
type seg struct {
	os, cs, ce, xe int
	block          int
	unclosed       bool
}

// findSegments returns the top-level quotations of text[bs:be]. Double
// marks (“ ” and ") take precedence; single marks (‘ ’ and ') open a
// top-level quotation only where no double one is open (British style),
// and an apostrophe between letters never opens or closes one.
func findSegments(text string, bs, be, block int, out []seg) []seg {
	const (
		none = iota
		dbl
		sgl
	)
	state := none
	straight := false // the open mark was a straight one
	var cur seg
	for i := bs; i < be; {
		if c := text[i]; c != '"' && c != '\'' && c != 0xE2 && c != 0xC2 {
			i++ // only these bytes start a quotation mark
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		prev, next := prevRune(text, bs, i), nextRune(text, i+n, be)
		switch state {
		case none:
			switch {
			case r == '“' || r == '„' || r == '«':
				state, straight = dbl, false
			case r == '"' && opening(prev, next):
				state, straight = dbl, true
			case r == '‘' && opening(prev, next) && !unicode.IsDigit(next):
				if hasSingleClose(text, i+n, be, '’') {
					state, straight = sgl, false
				}
			case r == '\'' && opening(prev, next) && !unicode.IsDigit(next):
				if hasSingleClose(text, i+n, be, '\'') {
					state, straight = sgl, true
				}
			}
			if state != none {
				cur = seg{os: i, cs: i + n, block: block}
			}
		case dbl:
			if (!straight && (r == '”' || r == '»' || (r == '"' && !opening(prev, next)))) || (straight && r == '"') {
				cur.ce, cur.xe = i, i+n
				out = appendSeg(text, out, cur)
				state = none
			} else if !straight && (r == '“') && i > cur.cs {
				// a new opening mark before a close: the first was never
				// closed; restart at this one.
				cur = seg{os: i, cs: i + n, block: block}
			}
		case sgl:
			closer := '’'
			if straight {
				closer = '\''
			}
			if r == closer && !isLetter(next) && prev != ' ' && i > cur.cs {
				cur.ce, cur.xe = i, i+n
				out = appendSeg(text, out, cur)
				state = none
			}
		}
		i += n
	}
	if state == dbl {
		cur.ce, cur.xe, cur.unclosed = be, be, true
		out = appendSeg(text, out, cur)
	}
	return out
}

// appendSeg trims the content of s and appends it if not empty.
func appendSeg(text string, out []seg, s seg) []seg {
	for s.cs < s.ce && isSpaceByte(text[s.cs]) {
		s.cs++
	}
	for s.ce > s.cs && isSpaceByte(text[s.ce-1]) {
		s.ce--
	}
	// a comma before the closing mark belongs to the attribution.
	if s.ce > s.cs && text[s.ce-1] == ',' {
		s.ce--
	}
	if s.ce > s.cs {
		out = append(out, s)
	}
	return out
}

// hasSingleClose reports whether a closing single mark that is not an
// apostrophe follows in text[i:be].
func hasSingleClose(text string, i, be int, closer rune) bool {
	for j := i; j < be; {
		r, n := utf8.DecodeRuneInString(text[j:])
		if r == '\n' {
			return false
		}
		if r == closer && !isLetter(nextRune(text, j+n, be)) && prevRune(text, 0, j) != ' ' {
			return true
		}
		j += n
	}
	return false
}

// opening reports whether a straight or single mark between prev and next
// opens a quotation: after a space, bracket, dash or start, before text.
func opening(prev, next rune) bool {
	if next == 0 || unicode.IsSpace(next) {
		return false
	}
	return prev == 0 || unicode.IsSpace(prev) || prev == '(' || prev == '[' || prev == '—' || prev == '–' || prev == '-' || prev == '“' || prev == '"' || prev == ':' || prev == '/'
}

func prevRune(text string, bs, i int) rune {
	if i <= bs {
		return 0
	}
	r, _ := utf8.DecodeLastRuneInString(text[bs:i])
	return r
}

func nextRune(text string, i, be int) rune {
	if i >= be {
		return 0
	}
	r, _ := utf8.DecodeRuneInString(text[i:be])
	return r
}

func isLetter(r rune) bool    { return unicode.IsLetter(r) || unicode.IsDigit(r) }
func isSpaceByte(b byte) bool { return b == ' ' || b == '\n' || b == '\t' || b == '\r' }
