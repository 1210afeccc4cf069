package timex

// This file holds the tokenizer: one pass over the bytes that yields words,
// numbers and punctuation with byte offsets, and tags the few words the
// matcher cares about. No regular expressions are used anywhere.

type tkind uint8

const (
	tWord tkind = iota + 1
	tNum
	tPunct
)

// kw identifies a keyword; val carries its payload (month 1-12, weekday 0-6,
// number value, unit, time of day, season).
type kw uint8

const (
	kwNone kw = iota
	kwMonth
	kwWeekday
	kwToday
	kwYesterday
	kwTomorrow
	kwTonight
	kwOvernight
	kwThis
	kwLast
	kwNext
	kwComing
	kwPrevious
	kwFollowing
	kwPast
	kwSame
	kwThat
	kwRecent
	kwUnit
	kwTod
	kwNumWord
	kwOrdWord
	kwAgo
	kwEarlier
	kwLater
	kwBefore
	kwAfter
	kwEarly
	kwMid
	kwLate
	kwEnd
	kwStart
	kwMiddle
	kwPrep
	kwThe
	kwSeason
	kwEvery
	kwFew
	kwFrom
	kwNow
	kwOf
	kwFor
	kwAnd
	kwHoliday // val = month*100 + day; "boxing" and "new" need more words
)

// Units of time.
const (
	uDay = iota + 1
	uWeek
	uWeekend
	uFortnight
	uMonth
	uQuarter
	uYear
	uDecade
	uHour
	uMinute
)

type keyword struct {
	k      kw
	val    int
	plural bool // units: "days"
	abbr   bool // months: "Sept", "Oct"
}

// kwTable is an open-addressing hash table of the keywords, keyed by the
// FNV-1a hash of the lower-cased word; it is faster than a map here because
// the hash is computed while the word is being lower-cased.
const kwTableSize = 1024

type kwEntry struct {
	word string
	kw   keyword
}

var kwTable [kwTableSize]kwEntry

const (
	fnvOffset = 2166136261
	fnvPrime  = 16777619
)

// lookupKW finds the ASCII word w, in any case, whose lower-case FNV-1a
// hash is h.
func lookupKW(w string, h uint32) (keyword, bool) {
	for i := h & (kwTableSize - 1); ; i = (i + 1) & (kwTableSize - 1) {
		e := &kwTable[i]
		if e.word == "" {
			return keyword{}, false
		}
		if len(e.word) == len(w) && equalFold(e.word, w) {
			return e.kw, true
		}
	}
}

// equalFold compares a lower-case keyword with an ASCII word of the same
// length, ignoring the word's case.
func equalFold(lower, w string) bool {
	for i := 0; i < len(w); i++ {
		if lower[i] != w[i]|0x20 {
			return false
		}
	}
	return true
}

// lenMask[c-'a'] has bit n set when some keyword starting with c has length n.
// It lets the tokenizer skip the map lookup for most words.
var lenMask [26]uint32

func addKW(k keyword, words ...string) {
	for _, w := range words {
		h := uint32(fnvOffset)
		for i := 0; i < len(w); i++ {
			h = (h ^ uint32(w[i])) * fnvPrime
		}
		i := h & (kwTableSize - 1)
		for kwTable[i].word != "" && kwTable[i].word != w {
			i = (i + 1) & (kwTableSize - 1)
		}
		kwTable[i] = kwEntry{w, k}
		if n := len(w); n < 32 {
			lenMask[w[0]-'a'] |= 1 << n
		}
	}
}

func init() {
	months := []string{"january", "february", "march", "april", "may", "june", "july",
		"august", "september", "october", "november", "december"}
	abbrs := []string{"jan", "feb", "mar", "apr", "", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
	for i, m := range months {
		addKW(keyword{k: kwMonth, val: i + 1}, m)
		if abbrs[i] != "" {
			addKW(keyword{k: kwMonth, val: i + 1, abbr: true}, abbrs[i])
		}
	}
	addKW(keyword{k: kwMonth, val: 9, abbr: true}, "sept")
	days := []string{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"}
	for i, d := range days {
		addKW(keyword{k: kwWeekday, val: i}, d)
	}
	addKW(keyword{k: kwToday}, "today")
	addKW(keyword{k: kwYesterday}, "yesterday")
	addKW(keyword{k: kwTomorrow}, "tomorrow")
	addKW(keyword{k: kwTonight}, "tonight")
	addKW(keyword{k: kwOvernight}, "overnight")
	addKW(keyword{k: kwThis}, "this")
	addKW(keyword{k: kwLast}, "last")
	addKW(keyword{k: kwNext}, "next")
	addKW(keyword{k: kwComing}, "coming", "upcoming")
	addKW(keyword{k: kwPrevious}, "previous", "preceding")
	addKW(keyword{k: kwFollowing}, "following", "subsequent")
	addKW(keyword{k: kwPast}, "past")
	addKW(keyword{k: kwSame}, "same")
	addKW(keyword{k: kwThat}, "that")
	addKW(keyword{k: kwRecent}, "recent")
	units := []struct {
		s, p string
		u    int
	}{{"day", "days", uDay}, {"week", "weeks", uWeek}, {"weekend", "weekends", uWeekend},
		{"fortnight", "fortnights", uFortnight}, {"month", "months", uMonth},
		{"quarter", "quarters", uQuarter}, {"year", "years", uYear},
		{"decade", "decades", uDecade}, {"hour", "hours", uHour}, {"minute", "minutes", uMinute}}
	for _, u := range units {
		addKW(keyword{k: kwUnit, val: u.u}, u.s)
		addKW(keyword{k: kwUnit, val: u.u, plural: true}, u.p)
	}
	addKW(keyword{k: kwTod, val: todMO}, "morning")
	addKW(keyword{k: kwTod, val: todAF}, "afternoon")
	addKW(keyword{k: kwTod, val: todEV}, "evening")
	addKW(keyword{k: kwTod, val: todNI}, "night")
	nums := []string{"", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
		"ten", "eleven", "twelve"}
	for i, n := range nums {
		if n != "" {
			addKW(keyword{k: kwNumWord, val: i}, n)
		}
	}
	addKW(keyword{k: kwNumWord, val: 1}, "a", "an")
	addKW(keyword{k: kwNumWord, val: 2}, "couple")
	addKW(keyword{k: kwNumWord, val: 3}, "several")
	addKW(keyword{k: kwNumWord, val: 15}, "fifteen")
	addKW(keyword{k: kwNumWord, val: 20}, "twenty")
	addKW(keyword{k: kwNumWord, val: 30}, "thirty")
	addKW(keyword{k: kwFew, val: 3}, "few")
	ords := []string{"", "first", "second", "third", "fourth"}
	for i, o := range ords {
		if o != "" {
			addKW(keyword{k: kwOrdWord, val: i}, o)
		}
	}
	addKW(keyword{k: kwAgo}, "ago")
	addKW(keyword{k: kwEarlier}, "earlier")
	addKW(keyword{k: kwLater}, "later")
	addKW(keyword{k: kwBefore}, "before", "prior")
	addKW(keyword{k: kwAfter}, "after")
	addKW(keyword{k: kwEarly}, "early")
	addKW(keyword{k: kwMid}, "mid")
	addKW(keyword{k: kwLate}, "late")
	addKW(keyword{k: kwEnd}, "end", "close")
	addKW(keyword{k: kwStart}, "start", "beginning")
	addKW(keyword{k: kwMiddle}, "middle")
	addKW(keyword{k: kwPrep}, "on", "in", "by", "since", "until", "till", "during", "at",
		"through", "to", "within", "over", "around", "throughout", "into", "between",
		"starting", "from")
	addKW(keyword{k: kwThe}, "the")
	addKW(keyword{k: kwSeason, val: seasonSP}, "spring")
	addKW(keyword{k: kwSeason, val: seasonSU}, "summer")
	addKW(keyword{k: kwSeason, val: seasonFA}, "autumn", "fall")
	addKW(keyword{k: kwSeason, val: seasonWI}, "winter")
	addKW(keyword{k: kwEvery}, "every", "each")
	addKW(keyword{k: kwNow}, "now")
	addKW(keyword{k: kwOf}, "of")
	addKW(keyword{k: kwFor}, "for")
	addKW(keyword{k: kwAnd}, "and", "or")
	addKW(keyword{k: kwHoliday, val: 1225}, "christmas")
	addKW(keyword{k: kwHoliday, val: 1031}, "halloween")
	addKW(keyword{k: kwHoliday, val: 1226}, "boxing")
	addKW(keyword{k: kwHoliday, val: 101}, "new")
}

// Flags on tokens.
const (
	fSpace   uint8 = 1 << iota // preceded by white space (or start of text)
	fCap                       // first letter upper case
	fLower                     // all letters lower case
	fOrd                       // number with an ordinal suffix: 29th
	fDecade                    // number with a plural s: 1990s
	fPlural                    // unit in the plural
	fAbbr                      // abbreviated month
	fNewline                   // preceded by a line break
)

type token struct {
	s, e  int32
	kind  tkind
	k     kw
	flags uint8
	nd    uint8 // digits in a number
	val   int32
}

func (t token) has(f uint8) bool { return t.flags&f != 0 }

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }

// tokenize splits text into tokens. Bytes >= 0x80 (UTF-8 multi-byte
// sequences) are part of words, so token boundaries always fall on rune
// boundaries.
func tokenize(text string, toks []token) []token {
	flags := fSpace
	n := len(text)
	for i := 0; i < n; {
		c := text[i]
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v':
			flags |= fSpace
			if c == '\n' {
				flags |= fNewline
			}
			i++
			continue
		case c == 0xC2 && i+1 < n && text[i+1] == 0xA0: // no-break space
			flags |= fSpace
			i += 2
			continue
		case uniPunct(text, i):
			// curly quotes and apostrophes, dashes: one punctuation token
			toks = append(toks, token{s: int32(i), e: int32(i + 3), kind: tPunct, flags: flags})
			i += 3
		case isDigit(c):
			j := i
			var v int32
			for j < n && isDigit(text[j]) {
				if j-i < 9 {
					v = v*10 + int32(text[j]-'0')
				}
				j++
			}
			t := token{s: int32(i), kind: tNum, flags: flags, val: v}
			if j-i > 255 {
				t.nd = 255
			} else {
				t.nd = uint8(j - i)
			}
			// ordinal suffix or decade plural, only when a non-letter follows
			k := j
			for k < n && (isLetter(text[k]) || text[k] >= 0x80) && !uniPunct(text, k) {
				k++
			}
			if k > j {
				suf := text[j:k]
				switch {
				case len(suf) == 2 && ordSuffix(suf):
					t.flags |= fOrd
					j = k
				case len(suf) == 1 && suf[0]|0x20 == 's':
					t.flags |= fDecade
					j = k
				}
			}
			t.e = int32(j)
			toks = append(toks, t)
			i = j
		case isLetter(c) || c >= 0x80:
			// one pass: extent, case, and the hash of the lower-cased word
			j := i
			allLower, ascii := true, true
			h := uint32(fnvOffset)
			for j < n {
				b := text[j]
				if l := b | 0x20; l >= 'a' && l <= 'z' {
					if b < 'a' {
						allLower = false
					}
					h = (h ^ uint32(l)) * fnvPrime
					j++
					continue
				}
				if b < 0x80 || uniPunct(text, j) || (b == 0xC2 && j+1 < n && text[j+1] == 0xA0) {
					break
				}
				ascii = false
				j++
			}
			t := token{s: int32(i), e: int32(j), kind: tWord, flags: flags}
			if c >= 'A' && c <= 'Z' {
				t.flags |= fCap
			}
			if allLower {
				t.flags |= fLower
			}
			if l := j - i; ascii && l < 32 && lenMask[c|0x20-'a']&(1<<l) != 0 {
				if kwd, ok := lookupKW(text[i:j], h); ok {
					t.k = kwd.k
					t.val = int32(kwd.val)
					if kwd.plural {
						t.flags |= fPlural
					}
					if kwd.abbr {
						t.flags |= fAbbr
					}
				}
			}
			toks = append(toks, t)
			i = j
		default:
			// punctuation: one ASCII byte
			toks = append(toks, token{s: int32(i), e: int32(i + 1), kind: tPunct, flags: flags})
			i++
		}
		flags = 0
	}
	return toks
}

func ordSuffix(s string) bool {
	a, b := s[0]|0x20, s[1]|0x20
	return (a == 's' && b == 't') || (a == 'n' && b == 'd') || (a == 'r' && b == 'd') || (a == 't' && b == 'h')
}

// uniPunct reports whether text[i:] starts with U+2013 to U+201F: en and em
// dashes, curly quotes and apostrophes.
func uniPunct(text string, i int) bool {
	return i+2 < len(text) && text[i] == 0xE2 && text[i+1] == 0x80 && text[i+2] >= 0x93 && text[i+2] <= 0x9F
}
