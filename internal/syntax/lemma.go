package syntax

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// lemmatizer maps (form, XPOS) to a lemma: an exception table of forms seen
// in training, then edit scripts learned for word-final suffixes, then a
// case policy per XPOS.
type lemmatizer struct {
	// Exact maps "form\txpos" to the lemma seen most often with it.
	Exact map[string]string
	// Lower maps "lowerform\txpos" to an edit script applied to the
	// lower-cased form.
	Lower map[string]string
	// Any maps a lower-cased form to its most frequent edit script over
	// all tags; used when the form was never seen with the predicted tag
	// (then the tag is likely wrong).
	Any map[string]string
	// Suffix maps "xpos\tsuffix" (lower case, up to maxSuffix runes) to the
	// most frequent edit script for words ending so.
	Suffix map[string]string
	// KeepCase lists the XPOS tags whose lemmas keep the form's case.
	KeepCase map[string]bool

	// known holds the lower-cased lemmas of the training words (derived
	// from Lower by build): a suffix rule whose result is not a known
	// word gives way to a shorter suffix's rule whose result is.
	known map[string]bool
}

// build derives the known-lemma set from the tables.
func (l *lemmatizer) build() {
	l.known = make(map[string]bool, len(l.Lower))
	for k, sc := range l.Lower {
		low, _, _ := strings.Cut(k, "\t")
		if v, ok := applyScript(low, sc); ok {
			l.known[v] = true
		}
	}
}

const maxSuffix = 6

// editScript is "cut|add": remove cut bytes from the end, then append add.
func editScript(form, lemma string) string {
	p := 0
	for p < len(form) && p < len(lemma) && form[p] == lemma[p] {
		p++
	}
	for p > 0 && p < len(form) && !utf8.RuneStart(form[p]) {
		p--
	}
	cut := len(form) - p
	return itoa(cut) + "|" + lemma[p:]
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

// applyScript applies an edit script; ok is false when it does not fit.
func applyScript(form, script string) (string, bool) {
	c, add, found := strings.Cut(script, "|")
	if !found {
		return "", false
	}
	cut := 0
	for i := 0; i < len(c); i++ {
		if c[i] < '0' || c[i] > '9' {
			return "", false
		}
		cut = cut*10 + int(c[i]-'0')
	}
	if cut > len(form) || cut == len(form) && add == "" {
		return "", false
	}
	return form[:len(form)-cut] + add, true
}

func lowerString(s string) string {
	for _, r := range s {
		if unicode.IsUpper(r) {
			return strings.ToLower(s)
		}
	}
	return s
}

// lemma returns the lemma of form (as written) with the given tags.
func (l *lemmatizer) lemma(form, upos, xpos string) string {
	n := normForm(form)
	if n != form && !hasAlnum(form) {
		// Typographic punctuation (— “ …) is its own lemma; the ASCII
		// forms are only for lookups.
		return form
	}
	if v, ok := l.Exact[n+"\t"+xpos]; ok {
		return v
	}
	low := lowerString(n)
	keep := l.KeepCase[xpos]
	apply := func(script string) (string, bool) {
		if keep {
			if len(low) == len(n) {
				return applyScript(n, script)
			}
			return applyScript(low, script)
		}
		return applyScript(low, script)
	}
	if sc, ok := l.Lower[low+"\t"+xpos]; ok {
		if v, ok := apply(sc); ok {
			return v
		}
	}
	if sc, ok := l.Any[low]; ok {
		if v, ok := apply(sc); ok {
			return v
		}
	}
	if upos == "PUNCT" || upos == "SYM" || upos == "NUM" || upos == "X" {
		if keep {
			return n
		}
		return low
	}
	// Longest suffix with a learned script.
	k := utf8.RuneCountInString(low)
	if k > maxSuffix {
		k = maxSuffix
	}
	first := ""
	for ; k >= 0; k-- {
		if sc, ok := l.Suffix[xpos+"\t"+suffix(low, k)]; ok {
			if v, ok := apply(sc); ok {
				if l.known == nil || l.known[lowerString(v)] {
					return v
				}
				if first == "" {
					first = v
				}
			}
		}
	}
	if first != "" {
		return first
	}
	if keep {
		return n
	}
	return low
}

func hasAlnum(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// trainLemmatizer learns the tables from training sentences.
func trainLemmatizer(train []sent) *lemmatizer {
	exact := map[string]map[string]int{}
	lower := map[string]map[string]int{}
	anyTag := map[string]map[string]int{}
	caseKeep := map[string][2]int{}
	for _, s := range train {
		for i, f := range s.Form {
			lem := s.Lemma[i]
			if lem == "" {
				continue
			}
			n := normForm(f)
			x := s.XPOS[i]
			count(exact, n+"\t"+x, lem)
			low := lowerString(n)
			count(lower, low+"\t"+x, editScript(low, lowerString(lem)))
			count(anyTag, low, editScript(low, lowerString(lem)))
			if low != n && len(n) > 1 { // "I" says nothing about its tag's case policy
				c := caseKeep[x]
				if lem != lowerString(lem) {
					c[0]++
				} else {
					c[1]++
				}
				caseKeep[x] = c
			}
		}
	}
	l := &lemmatizer{Exact: map[string]string{}, Lower: map[string]string{}, Any: map[string]string{}, Suffix: map[string]string{}, KeepCase: map[string]bool{}}
	for x, c := range caseKeep {
		if c[0] > c[1] {
			l.KeepCase[x] = true
		}
	}
	// Suffix scripts from word types (unseen words behave like rare
	// types, not like frequent tokens).
	suf := map[string]map[string]int{}
	for k, m := range lower {
		low, x, _ := strings.Cut(k, "\t")
		sc := best(m)
		if low == "" {
			continue
		}
		r := utf8.RuneCountInString(low)
		for j := 0; j <= maxSuffix && j <= r; j++ {
			count(suf, x+"\t"+suffix(low, j), sc)
		}
	}
	for k, m := range exact {
		l.Exact[k] = best(m)
	}
	for k, m := range lower {
		l.Lower[k] = best(m)
	}
	for k, m := range anyTag {
		l.Any[k] = best(m)
	}
	for k, m := range suf {
		sc := best(m)
		// Drop a suffix rule that only repeats what its shorter suffix
		// would do, to keep the table small.
		x, s, _ := strings.Cut(k, "\t")
		if s != "" {
			if pm, ok := suf[x+"\t"+suffix(s, utf8.RuneCountInString(s)-1)]; ok && best(pm) == sc {
				continue
			}
		}
		l.Suffix[k] = sc
	}
	l.build()
	// Exact entries that the rules already get right are redundant.
	for k, v := range l.Exact {
		f, x, _ := strings.Cut(k, "\t")
		delete(l.Exact, k)
		if l.lemma(f, "", x) != v {
			l.Exact[k] = v
		}
	}
	return l
}

func count(m map[string]map[string]int, k, v string) {
	if m[k] == nil {
		m[k] = map[string]int{}
	}
	m[k][v]++
}

// best is the most frequent value, ties broken by the smaller string.
func best(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	b, bn := "", -1
	for _, k := range keys {
		if m[k] > bn {
			b, bn = k, m[k]
		}
	}
	return b
}
