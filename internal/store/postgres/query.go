package postgres

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// searchConfig is the text search configuration made by migration 1.
const searchConfig = "readout_search"

// maxQueryTerms bounds the terms of one query (a pasted paragraph would
// otherwise become hundreds of tsquery operands).
const maxQueryTerms = 32

// term is one searchable unit of a query: a word or a phrase, possibly a
// prefix.
type term struct {
	text   string
	prefix bool
}

// searchQuery is a parsed user query: the AND of groups, each the OR of
// its terms, without any of negs.
type searchQuery struct {
	groups [][]term
	negs   []term
}

func (q searchQuery) empty() bool { return len(q.groups) == 0 && len(q.negs) == 0 }

// parseQuery reads what a user types into a search box, with the grammar
// of the SQLite store:
//
//	word            articles containing the word (stemmed; diacritics and case ignored)
//	"two words"     the phrase (an unbalanced quote runs to the end)
//	a OR b          either (OR in capitals; binds tighter than the implicit AND)
//	-word, -"a b"   not containing; NOT word works too
//	elect*          prefix
//
// The result holds only text: buildTSQuery turns it into SQL in which
// every term is a bound parameter.
func parseQuery(s string) searchQuery {
	// NUL cannot be sent in a text parameter; no control character or
	// invalid byte is searchable anyway.
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, " "))
	var (
		q         searchQuery
		n         int
		pendingOr bool
		lastPos   bool
		negNext   bool
	)
	add := func(t term, neg bool) {
		if n >= maxQueryTerms {
			return
		}
		n++
		if neg {
			q.negs = append(q.negs, t)
			lastPos, pendingOr = false, false
			return
		}
		if pendingOr && lastPos && len(q.groups) > 0 {
			q.groups[len(q.groups)-1] = append(q.groups[len(q.groups)-1], t)
		} else {
			q.groups = append(q.groups, []term{t})
		}
		lastPos, pendingOr = true, false
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r):
			i += size
			continue
		case r == '-' && !negNext && i+1 < len(s) && !isSpaceAt(s, i+1):
			negNext = true
			i++
			continue
		case r == '+':
			i++
			continue
		case r == '"':
			j := strings.IndexByte(s[i+1:], '"')
			var phrase string
			if j < 0 {
				phrase, i = s[i+1:], len(s)
			} else {
				phrase, i = s[i+1:i+1+j], i+2+j
			}
			if searchable(phrase) {
				add(term{text: phrase}, negNext)
			}
			negNext = false
			continue
		}
		j := i
		for j < len(s) {
			r, size := utf8.DecodeRuneInString(s[j:])
			if unicode.IsSpace(r) || r == '"' {
				break
			}
			j += size
		}
		word := s[i:j]
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
			add(term{text: word, prefix: prefix}, negNext)
		}
		negNext = false
	}
	return q
}

func isSpaceAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsSpace(r)
}

// searchable reports whether s has a letter or a number: a term without
// one gives no lexeme.
func searchable(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			return true
		}
	}
	return false
}

// tsqueryQuoter makes a string one quoted tsquery operand.
var tsqueryQuoter = strings.NewReplacer(`'`, `''`, `\`, `\\`)

// buildTSQuery returns a SQL expression of type tsquery for q. Terms are
// passed through arg, which binds a value and returns its placeholder;
// only operators (&&, ||, !!) and function names come from this code, so
// no user input is ever read as SQL or as tsquery syntax. A word or phrase
// is phraseto_tsquery (its words in sequence, stemmed); a prefix term is
// to_tsquery of a single quoted operand with :*. Terms that are all stop
// words give an empty tsquery, which the operators drop. fold folds
// diacritics in Go first (no unaccent in the database).
func buildTSQuery(q searchQuery, fold bool, arg func(any) string) string {
	operand := func(t term) string {
		text := t.text
		if fold {
			text = foldDiacritics(text)
		}
		if t.prefix {
			return "to_tsquery('" + searchConfig + "', " + arg("'"+tsqueryQuoter.Replace(text)+"':*") + ")"
		}
		return "phraseto_tsquery('" + searchConfig + "', " + arg(text) + ")"
	}
	var parts []string
	for _, g := range q.groups {
		var ors []string
		for _, t := range g {
			ors = append(ors, operand(t))
		}
		parts = append(parts, "("+strings.Join(ors, " || ")+")")
	}
	if len(q.negs) > 0 {
		var ors []string
		for _, t := range q.negs {
			ors = append(ors, operand(t))
		}
		parts = append(parts, "!!("+strings.Join(ors, " || ")+")")
	}
	return "(" + strings.Join(parts, " && ") + ")"
}
