// Package text splits cleaned article text into sentences and tokens with
// byte offsets.
//
// Tokenize follows Universal Dependencies English (EWT) conventions, so
// its tokens are the words the syntax stage expects; Sentences tokenizes
// each block and splits the tokens into sentences with rules tuned for
// news: terminal punctuation followed by a capital, quotes and brackets
// that close a sentence, abbreviations and initials that do not end one,
// and line structure (headlines, datelines, list items).
//
// The package is pure and fast (about 3 million tokens a second on one core
// of a shared machine) and allocates little: one token slice per block and
// the sentence slice. It does not detect the language and does not
// normalise text: every offset points into the input string. Score
// measures both against a CoNLL-U treebank ('readout eval tokens').
package text

import (
	"unicode"
	"unicode/utf8"

	"github.com/readout/readout/internal/news"
)

// Sentences splits s into sentences with tokens. Sentences never cross a
// block boundary; with no blocks, s is one block. Blocks out of range are
// clipped; blocks are expected in order and not overlapping.
func Sentences(s string, blocks []news.Block) []news.Sentence {
	if len(blocks) == 0 {
		blocks = []news.Block{{Kind: news.BlockParagraph, Start: 0, End: len(s)}}
	}
	out := make([]news.Sentence, 0, len(s)/120+1)
	prevEnd := 0
	for _, b := range blocks {
		start, end := max(b.Start, prevEnd), min(b.End, len(s))
		if start >= end {
			continue
		}
		prevEnd = end
		toks := Tokenize(s[start:end], start)
		out = appendSentences(out, s, toks)
	}
	return out
}

// appendSentences splits the tokens of one block into sentences.
func appendSentences(out []news.Sentence, s string, toks []news.Token) []news.Sentence {
	first := 0
	for i := 0; i < len(toks); i++ {
		last := i
		if i == first && (i == 0 || indexByte(s[toks[i-1].End:toks[i].Start], '\n') >= 0) {
			// A dateline ("NAIROBI, Kenya (AP) —") opens a paragraph or
			// line and is a sentence of its own.
			if d := datelineEnd(s, toks, i); d > i && d+1 < len(toks) {
				out = append(out, news.Sentence{Start: toks[i].Start, End: toks[d].End, Tokens: toks[i : d+1 : d+1]})
				first = d + 1
				i = d
				continue
			}
		}
		if t := toks[i].Text; isTerminal(t) || t[len(t)-1] == '.' {
			// Closing quotes and brackets right after the terminal (or
			// an abbreviation's period) belong to this sentence:
			// `… said." Next`, `… in the U.S.” Next`.
			for last+1 < len(toks) && toks[last+1].Start == toks[last].End && isCloser(toks[last+1].Text) {
				last++
			}
		}
		if last+1 == len(toks) || endsAfter(s, toks, first, i, last) || tooLong(toks[i].Text, last+1-first) {
			out = append(out, news.Sentence{
				Start:  toks[first].Start,
				End:    toks[last].End,
				Tokens: splitFinalPeriod(toks[first : last+1 : last+1]),
			})
			first = last + 1
		}
		i = last
	}
	return out
}

// Run-on text without sentence punctuation (flattened tables, lists) is
// cut so that no sentence grows past maxTokens tokens: at a clause mark
// after softMaxTokens, else at the hard limit.
const (
	softMaxTokens = 150
	maxTokens     = 250
)

// tooLong reports whether a sentence of n tokens ending with t should be cut
// here.
func tooLong(t string, n int) bool {
	if n < softMaxTokens {
		return false
	}
	switch t {
	case ";", ":", ",", "—", "–", "-", "--", "|", "•":
		return true
	}
	return n >= maxTokens
}

// splitFinalPeriod splits the period off an abbreviation that ends a
// sentence ("… and so on, etc." gives "etc" + "."), as UD does: the period
// then serves as the sentence's final punctuation. It copies the tokens
// only when it splits.
func splitFinalPeriod(toks []news.Token) []news.Token {
	j := len(toks) - 1
	for j > 0 && isCloser(toks[j].Text) {
		j--
	}
	t := toks[j]
	if len(t.Text) < 3 || t.Text[len(t.Text)-1] != '.' || t.Text[len(t.Text)-2] == '.' || len(toks) == 1 {
		return toks
	}
	c := t.Text[0]
	if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
		return toks
	}
	out := make([]news.Token, 0, len(toks)+1)
	out = append(out, toks[:j]...)
	out = append(out, news.Token{Start: t.Start, End: t.End - 1, Text: t.Text[:len(t.Text)-1], Head: -1},
		news.Token{Start: t.End - 1, End: t.End, Text: ".", Head: -1})
	return append(out, toks[j+1:]...)
}

// endsAfter decides whether a sentence that starts at toks[first] ends
// after toks[last]; toks[i] is the token that decides (a terminal mark
// before closing quotes, or last).
func endsAfter(s string, toks []news.Token, first, i, last int) bool {
	next := toks[last+1].Text
	gap := s[toks[last].End:toks[last+1].Start]
	nl := 0
	for k := 0; k < len(gap); k++ {
		if gap[k] == '\n' {
			nl++
		}
	}
	if nl >= 2 {
		return true // blank line
	}
	t := toks[i].Text
	r, _ := utf8.DecodeRuneInString(next)
	lower := unicode.IsLower(r)
	switch {
	case isTerminal(t) || i < last: // i < last: a period, then closers
		if gap == "" {
			// "said.The": a space lost in extraction.
			return t == "." && i == last && i > 0 && toks[i-1].End == toks[i].Start &&
				missingSpace(s, toks[i-1].Start, toks[i].Start, toks[last+1].End)
		}
		if t == "." && listMarker(toks[first:i]) {
			return false
		}
		if lower {
			// "… interested. jill finishes …": informal text starts
			// sentences in lower case; a closing quote or an ellipsis
			// before it means the sentence goes on (`"Why?" he asked`).
			return i == last && (t == "." || t == "?" || t == "!" || t == "?!" || t == "!!") &&
				i > 0 && !isAbbrevLike(toks[i-1].Text) && toks[i-1].End == toks[i].Start
		}
		return !continuesSentence(next)
	case len(t) > 1 && t[len(t)-1] == '.' && i == last:
		if gap == "" || lower {
			return false
		}
		switch abbrevOf(t[:len(t)-1]) {
		case notAbbrev:
			return !continuesSentence(next)
		case abbrevTitle:
			if len(t) == 2 && nl == 0 { // an initial
				return isStarter(next)
			}
		case abbrevEnd:
			if t == "etc." {
				return unicode.IsUpper(r) || quoteOpens(toks, last+1)
			}
			return isStarter(next) || quoteOpens(toks, last+1)
		default:
			return isStarter(next) || quoteOpens(toks, last+1)
		}
	}
	if nl == 1 {
		// A single line break ends a sentence when the line looks
		// complete (headline, dateline, list item) and the next line does
		// not continue it in lower case.
		if lower || continuesSentence(next) || continuesLine(t) {
			return false
		}
		return true
	}
	return false
}

// isTerminal reports sentence-final punctuation tokens: runs of . ! ? and
// the ellipsis character.
func isTerminal(t string) bool {
	if t == "" {
		return false
	}
	if t[0] == 0xE2 {
		return t == "…" || t == "……"
	}
	for i := 0; i < len(t); i++ {
		if c := t[i]; c != '.' && c != '!' && c != '?' {
			return false
		}
	}
	return true
}

// isCloser reports closing quotes and brackets.
func isCloser(t string) bool {
	switch t {
	case "\"", "'", "”", "’", ")", "]", "}", "»", "''", "’’", "”’", "\"'", "'\"", "))":
		return true
	}
	return false
}

// isOpener reports opening quotes and brackets.
func isOpener(t string) bool {
	switch t {
	case "\"", "“", "‘", "(", "[", "«", "'", "``", "`", "„":
		return true
	}
	return false
}

// listMarker reports whether toks are the number of a numbered list item
// ("2" of "2. The …").
func listMarker(toks []news.Token) bool {
	if len(toks) == 2 && toks[0].Text == "*" {
		toks = toks[1:]
	}
	return len(toks) == 1 && len(toks[0].Text) <= 2 && allDigits(toks[0].Text)
}

// isQuote reports opening quotation marks.
func isQuote(t string) bool {
	switch t {
	case "\"", "“", "‘", "«", "``", "„":
		return true
	}
	return false
}

// quoteOpens reports whether toks[k] is an opening quote followed by a
// capitalised word: a quoted sentence, not a quoted phrase (`the U.S.
// "will act"`).
func quoteOpens(toks []news.Token, k int) bool {
	return isQuote(toks[k].Text) && k+1 < len(toks) && isCapitalised(toks[k+1].Text)
}

// isAbbrevLike reports short words that may be abbreviations the
// tokenizer does not know ("approx", "dept"), after which a period and a
// lower-case word do not end a sentence.
func isAbbrevLike(t string) bool {
	if len(t) == 1 {
		return true // "x. y"
	}
	if len(t) > 5 {
		return false
	}
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c < 'a' || c > 'z' {
			return false
		}
	}
	switch t {
	case "incl", "dept", "govt", "misc", "approx", "est", "fig", "no", "vol", "ed", "eds", "op", "cit", "ibid", "cf", "ca", "fl", "yr", "yrs", "mo", "mos", "wk", "hr", "hrs", "min", "sec", "sq", "ft", "oz", "lb", "lbs", "pp", "pt", "pts", "st", "nd", "rd", "th", "ave", "jr", "sr", "co", "corp", "inc", "ltd", "vs", "viz":
		return true
	}
	return false
}

// continuesSentence reports tokens that cannot start a sentence.
func continuesSentence(t string) bool {
	switch t[0] {
	case ',', ';', ':', ')', ']', '}', '%', '.', '!', '?':
		return true
	}
	return t == "”" || t == "’"
}

// continuesLine reports tokens after which a line break does not end the
// sentence (the line was wrapped mid-phrase).
func continuesLine(t string) bool {
	switch t {
	case ",", ";", "-", "–", "(", "&", "a", "an", "the", "of", "to", "in", "on", "at", "for", "and", "or",
		"but", "with", "by", "from", "as", "that", "his", "her", "their", "its", "is", "are", "was", "were",
		"said", "says", "who", "which", "than", "into", "about", "over", "after", "before":
		return true
	}
	return false
}

// isStarter reports capitalised words that typically open a sentence; after
// an ambiguous abbreviation ("… in the U.S. The next day …") they signal a
// boundary.
func isStarter(t string) bool {
	switch t {
	case "The", "A", "An", "He", "She", "It", "They", "We", "I", "You", "But", "And", "Or", "So", "Yet",
		"In", "On", "At", "As", "If", "When", "While", "After", "Before", "Since", "Although", "Though",
		"This", "That", "These", "Those", "There", "Here", "His", "Her", "Their", "Our", "Its", "My", "Your",
		"Some", "Many", "Most", "All", "Such", "Both", "Each", "Every", "Other", "Others", "Officials",
		"Police", "What", "Who", "Why", "How", "Where", "Then", "Now", "Still", "However", "Meanwhile",
		"Also", "Last", "Earlier", "Later", "According", "For", "By", "With", "From", "To", "During",
		"Under", "Despite", "Instead", "Because", "Even", "Only", "Not", "No", "Yes", "Thus", "Today",
		"Yesterday", "Tomorrow", "Asked", "Neither", "Nor", "Several", "Few", "Is", "Are", "Was",
		"Were", "Do", "Does", "Did", "Will", "Would", "Can", "Could", "Should", "Please", "Thanks",
		"Thank", "Let", "Let's", "Us", "Him", "Them", "Me", "Mr.", "Mrs.", "Ms.", "Dr.":
		return true
	}
	return false
}

// datelineEnd returns the index of the dash that ends a dateline starting
// at toks[i] — PLACE[, Region …][ (Agency)] followed by a dash — or -1.
// PLACE is one or more words in capitals.
func datelineEnd(s string, toks []news.Token, i int) int {
	k := i
	for k < len(toks) && k-i < 4 && isAllCaps(toks[k].Text) {
		k++
	}
	if k == i || k == len(toks) {
		return -1
	}
	// A lone word in capitals may be an acronym rather than a place: a
	// short one ("ROME —" but not "NATO — the alliance") needs a capital
	// after the dash, and two letters are never enough.
	short := k == i+1 && len(toks[i].Text) < 5
	if short && len(toks[i].Text) < 3 {
		return -1
	}
	if toks[k].Text == "," {
		k++
		for n := 0; k < len(toks) && n < 4 && (isCapitalised(toks[k].Text) || allDigits(toks[k].Text)); n++ {
			k++
			if k < len(toks) && toks[k].Text == "," && k+1 < len(toks) && isCapitalised(toks[k+1].Text) {
				k++
			}
		}
		short = false
	}
	if k < len(toks) && toks[k].Text == "(" {
		for n := 0; k < len(toks) && n < 6 && toks[k].Text != ")"; n++ {
			k++
		}
		if k == len(toks) || toks[k].Text != ")" {
			return -1
		}
		k++
		short = false
	}
	if k+1 >= len(toks) || short && !isCapitalised(toks[k+1].Text) {
		return -1
	}
	switch toks[k].Text {
	case "-", "--", "—", "–":
		// The dash must be followed by more text on the same line.
		if k+1 < len(toks) && indexByte(s[toks[k].End:toks[k+1].Start], '\n') < 0 {
			return k
		}
	}
	return -1
}

// isAllCaps reports words of two or more letters, all upper case
// ("NAIROBI"), or one capital letter when followed by others.
func isAllCaps(t string) bool {
	n := 0
	for _, r := range t {
		if !unicode.IsUpper(r) {
			if r == '.' || r == '\'' || r == '-' {
				continue
			}
			return false
		}
		n++
	}
	return n >= 2
}

// isCapitalised reports words that start with an upper-case letter.
func isCapitalised(t string) bool {
	r, _ := utf8.DecodeRuneInString(t)
	return unicode.IsUpper(r)
}
