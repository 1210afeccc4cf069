package sqlite

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// ftsQuery is a user query translated to FTS5 syntax. Match is the
// expression to MATCH (positive terms, with any exclusions as NOT); when
// the query has only exclusions Match is empty and Exclude lists them, to
// be applied as "not matching". Both empty means the query had nothing
// searchable (only punctuation, say) and matches nothing.
type ftsQuery struct {
	Match   string
	Exclude string
}

// translateQuery parses what a user types into a search box:
//
//	word            articles containing the word (diacritics and case ignored)
//	"two words"     the phrase (an unbalanced quote runs to the end)
//	a OR b          either (OR in capitals; binds tighter than the implicit AND)
//	-word, -"a b"   not containing; NOT word works too
//	elect*          prefix
//
// Every term is emitted as an FTS5 string ("…" with inner quotes doubled),
// so no user input is ever read as FTS5 syntax: AND(, NEAR, column filters,
// stray quotes and brackets are all just text.
func translateQuery(q string) ftsQuery {
	type item struct {
		fts string
		neg bool
	}
	// NUL would end the FTS5 string early; no control character or invalid
	// byte is searchable anyway.
	q = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(q, " "))
	var (
		groups    [][]string
		negs      []string
		pendingOr bool
		lastPos   bool
		negNext   bool
	)
	add := func(it item) {
		if it.neg {
			negs = append(negs, it.fts)
			lastPos, pendingOr = false, false
			return
		}
		if pendingOr && lastPos && len(groups) > 0 {
			groups[len(groups)-1] = append(groups[len(groups)-1], it.fts)
		} else {
			groups = append(groups, []string{it.fts})
		}
		lastPos, pendingOr = true, false
	}
	for i := 0; i < len(q); {
		r, size := utf8.DecodeRuneInString(q[i:])
		switch {
		case unicode.IsSpace(r):
			i += size
			continue
		case r == '-' && !negNext && i+1 < len(q) && !isSpaceAt(q, i+1):
			negNext = true
			i++
			continue
		case r == '+':
			i++
			continue
		case r == '"':
			j := strings.IndexByte(q[i+1:], '"')
			var phrase string
			if j < 0 {
				phrase, i = q[i+1:], len(q)
			} else {
				phrase, i = q[i+1:i+1+j], i+2+j
			}
			if searchable(phrase) {
				add(item{fts: quote(phrase), neg: negNext})
			}
			negNext = false
			continue
		}
		j := i
		for j < len(q) {
			r, size := utf8.DecodeRuneInString(q[j:])
			if unicode.IsSpace(r) || r == '"' {
				break
			}
			j += size
		}
		word := q[i:j]
		i = j
		switch word {
		case "OR":
			pendingOr = lastPos && !negNext
			continue
		case "AND":
			continue
		case "NOT":
			negNext = true
			continue
		}
		prefix := strings.HasSuffix(word, "*")
		word = strings.TrimRight(word, "*")
		if searchable(word) {
			fts := quote(word)
			if prefix {
				fts += "*"
			}
			add(item{fts: fts, neg: negNext})
		}
		negNext = false
	}
	var pos []string
	for _, g := range groups {
		if len(g) == 1 {
			pos = append(pos, g[0])
		} else {
			pos = append(pos, "("+strings.Join(g, " OR ")+")")
		}
	}
	var out ftsQuery
	switch {
	case len(pos) > 0 && len(negs) > 0:
		out.Match = strings.Join(pos, " AND ") + " NOT (" + strings.Join(negs, " OR ") + ")"
	case len(pos) > 0:
		out.Match = strings.Join(pos, " AND ")
	case len(negs) > 0:
		out.Exclude = strings.Join(negs, " OR ")
	}
	return out
}

func isSpaceAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsSpace(r)
}

// quote makes s an FTS5 string literal.
func quote(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// searchable reports whether s has a character the unicode61 tokenizer
// keeps (letters, numbers, private use); a string without one would be an
// empty phrase.
func searchable(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Co, r) {
			return true
		}
	}
	return false
}
