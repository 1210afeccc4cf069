package timex

import (
	"strconv"
	"strings"
	"sync"
	"time"
)

// Find recognises the time expressions in text without resolving relative
// ones. Fully specified dates ("March 12, 2025", "in 2019") come back
// resolved; everything else has a zero interval and its Unresolved form.
// Values are in text order and do not overlap.
func Find(text string) []Value {
	buf := tokenPool.Get().(*[]token)
	m := matcher{text: text}
	m.t = tokenize(text, (*buf)[:0])
	defer func() {
		if cap(m.t) <= 1<<16 {
			*buf = m.t[:0]
			tokenPool.Put(buf)
		}
	}()
	out := make([]Value, 0, len(text)/96+2)
	for i := 0; i < len(m.t); {
		if t := &m.t[i]; t.kind != tNum && t.k == kwNone {
			i++
			continue
		}
		if r, ok := m.at(i); ok && r.e > i {
			out = append(out, m.value(r))
			i = r.e
			continue
		}
		i++
	}
	return out
}

var tokenPool = sync.Pool{New: func() any { b := make([]token, 0, 1024); return &b }}

type matcher struct {
	text string
	t    []token
}

// match is a recognised expression over tokens [s, e).
type match struct {
	s, e  int
	norm  string
	kind  string
	anaph bool
}

func (m *matcher) value(r match) Value {
	start, end := int(m.t[r.s].s), int(m.t[r.e-1].e)
	v := Value{Text: m.text[start:end], Start: start, End: end, Unresolved: r.norm, Kind: r.kind, Anaphoric: r.anaph}
	if v.Kind == "" {
		v.Kind = KindDate
	}
	v.Relative = true
	if v.Kind == KindDate {
		if b, u, p, rel, ok := resolveNorm(r.norm, time.Time{}, Unknown); ok {
			v.Begin, v.Until, v.Precision, v.Relative = b, u, p, rel
		}
	} else {
		v.Relative = false
	}
	return v
}

// tok returns token i or a zero token outside the text.
func (m *matcher) tok(i int) token {
	if i < 0 || i >= len(m.t) {
		return token{}
	}
	return m.t[i]
}

func (m *matcher) k(i int) kw { return m.tok(i).k }

// punct reports whether token i is the punctuation byte c.
func (m *matcher) punct(i int, c byte) bool {
	t := m.tok(i)
	return t.kind == tPunct && m.text[t.s] == c
}

// glued reports whether token i directly follows token i-1 (no space).
func (m *matcher) glued(i int) bool {
	t := m.tok(i)
	return t.kind != 0 && i > 0 && !t.has(fSpace)
}

func (m *matcher) at(i int) (match, bool) {
	t := m.t[i]
	if t.kind == tNum {
		return m.number(i, i)
	}
	switch t.k {
	case kwThe:
		return m.the(i)
	case kwNumWord, kwFew:
		return m.quantity(i, i)
	case kwMonth:
		return m.month(i, i, 0)
	case kwWeekday:
		return m.weekday(i, i, "", false)
	case kwToday, kwYesterday, kwTomorrow, kwTonight, kwOvernight:
		return m.dayWord(i, i)
	case kwThis, kwLast, kwNext, kwComing, kwPast, kwRecent, kwThat:
		return m.det(i, i, false)
	case kwEarly, kwMid, kwLate:
		return m.mod(i, i)
	case kwEnd, kwStart, kwMiddle: // "by end of March"
		return m.endOf(i, i)
	case kwEarlier, kwLater:
		return m.earlierThis(i)
	case kwSeason:
		return m.season(i, i, false, false)
	case kwEvery:
		return m.every(i)
	case kwHoliday:
		return m.holiday(i)
	}
	return match{}, false
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

func yearStr(y int) string {
	if y <= 0 {
		return "XXXX"
	}
	s := strconv.Itoa(y)
	for len(s) < 4 {
		s = "0" + s
	}
	return s
}

func dateNorm(y, mo, d int) string {
	s := yearStr(y) + "-" + pad2(mo)
	if d > 0 {
		s += "-" + pad2(d)
	}
	return s
}

var monthDays = [13]int{0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

// isYear reports whether token i is a plausible four-digit year.
func (m *matcher) isYear(i int) bool {
	t := m.tok(i)
	return t.kind == tNum && t.nd == 4 && t.flags&(fOrd|fDecade) == 0 && t.val >= 1800 && t.val <= 2100 &&
		!m.numberContinues(i)
}

// numberContinues reports whether the number at i is part of a larger
// numeric expression: 2,019 or 12.5 or 20% or 10:30.
func (m *matcher) numberContinues(i int) bool {
	if m.glued(i + 1) {
		n := m.tok(i + 1)
		if n.kind == tPunct {
			c := m.text[n.s]
			if c == '%' || ((c == ',' || c == '.' || c == ':' || c == '/') && m.glued(i+2) && m.tok(i+2).kind == tNum) {
				return true
			}
		}
		if n.kind == tWord && n.k == kwNone {
			return true // 3D, 5G, 10km
		}
	}
	if m.glued(i) {
		p := m.tok(i - 1)
		if p.kind == tPunct {
			c := m.text[p.s]
			if c == '$' || c == '#' || c == '/' || ((c == '.' || c == ',' || c == ':') && m.tok(i-2).kind == tNum && m.glued(i-1)) {
				return true
			}
		}
		if p.kind == tWord || p.kind == tNum {
			return true
		}
	}
	return false
}

// dayNum reports whether token i is a day of the month (1-31, maybe 29th).
func (m *matcher) dayNum(i int) (int, bool) {
	t := m.tok(i)
	if t.kind != tNum || t.nd > 2 || t.val < 1 || t.val > 31 || t.has(fDecade) {
		return 0, false
	}
	if !t.has(fOrd) && m.numberContinues(i) {
		return 0, false
	}
	return int(t.val), true
}

// monthOK applies the false-positive rules shared by every use of a month
// name: "may" and "march" in lower case are verbs, "Mar" and "Sept." need a
// day or a year.
func (m *matcher) monthOK(i int) bool {
	t := m.tok(i)
	if t.k != kwMonth {
		return false
	}
	if t.has(fLower) && (t.val == 5 || t.val == 3 || t.val == 8) {
		return false
	}
	return true
}

// afterMonth skips the full stop of an abbreviation: "Sept. 29".
func (m *matcher) afterMonth(i int) int {
	if m.tok(i).has(fAbbr) && m.punct(i+1, '.') && m.glued(i+1) {
		return i + 2
	}
	return i + 1
}

// month matches a month name at i, with an optional day already read
// (day > 0, starting at token s): "September 29", "Sept. 29th, 2025",
// "February 2022", "in February", "12 March 2025".
func (m *matcher) month(s, i, d int) (match, bool) {
	if !m.monthOK(i) {
		return match{}, false
	}
	mo := int(m.t[i].val)
	j := m.afterMonth(i)
	if d == 0 {
		if n, ok := m.dayNum(j); ok && n <= monthDays[mo] && !m.punct(j+1, ':') {
			d = n
			j++
		}
	}
	e := j
	if d == 0 && m.tok(i).has(fAbbr) && !m.isYear(j) {
		return match{}, false
	}
	if d > 0 && d > monthDays[mo] {
		return match{}, false
	}
	y := 0
	if m.isYear(j) {
		y, e = int(m.t[j].val), j+1
	} else if d > 0 && m.punct(j, ',') && m.isYear(j+1) {
		y, e = int(m.t[j+1].val), j+2
	}
	if d == 0 && y == 0 {
		// a bare month name needs a temporal context
		if !m.monthContext(s-1) && !m.monthAttributive(s, i) {
			return match{}, false
		}
		e = i + 1
		if s == i && (m.k(s-1) == kwLast || m.k(s-1) == kwNext) {
			// "last March", "next May": the year follows the determiner
			return match{s: s - 1, e: e, norm: detCode(m.k(s-1)) + ":" + dateNorm(0, mo, 0)}, true
		}
	}
	if e <= i { // abbreviation dot not consumed without a day
		e = i + 1
	}
	return match{s: s, e: e, norm: dateNorm(y, mo, d)}, true
}

// monthAttributive reports whether a bare month at i (match start s) is
// used as a modifier or possessive: "the December vote", "a September
// attack", "October's election". "May" is excluded: "May's proposals" is
// more often a person's.
func (m *matcher) monthAttributive(s, i int) bool {
	if m.t[i].val == 5 {
		return false
	}
	n := m.tok(i + 1)
	if p := m.k(s - 1); (p == kwThe || (p == kwNumWord && m.tok(s-1).e-m.tok(s-1).s <= 2)) &&
		n.kind == tWord && n.has(fLower) && n.k == kwNone {
		return true
	}
	if !m.glued(i + 1) {
		return false
	}
	return n.kind == tPunct && (m.text[n.s] == '\'' || strings.HasPrefix(m.text[n.s:], "\u2019"))
}

// monthContext reports whether the token at p licenses a bare month name.
func (m *matcher) monthContext(p int) bool {
	t := m.tok(p)
	switch t.k {
	case kwPrep:
		w := lowerWord(m.text[t.s:t.e])
		return w != "on" && w != "at" && w != "to"
	case kwOf, kwEarly, kwMid, kwLate, kwLast, kwNext, kwThis:
		return true
	}
	if t.kind == tPunct && m.text[t.s] == '-' && m.k(p-1) == kwMid {
		return true
	}
	return false
}

func lowerWord(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'A' && s[i] <= 'Z' {
			b := []byte(s)
			for j := range b {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// number handles a digit token at i; s is where the match starts (it may
// include a preceding "the").
func (m *matcher) number(s, i int) (match, bool) {
	t := m.t[i]
	// ISO 8601: 2025-10-13, 2025-10
	if t.nd == 4 && m.punct(i+1, '-') && m.glued(i+1) && m.glued(i+2) && m.tok(i+2).kind == tNum && m.tok(i+2).nd == 2 {
		mo := int(m.t[i+2].val)
		if mo >= 1 && mo <= 12 && !m.tok(i+2).has(fOrd|fDecade) {
			if m.punct(i+3, '-') && m.glued(i+3) && m.glued(i+4) && m.tok(i+4).kind == tNum && m.tok(i+4).nd == 2 {
				d := int(m.t[i+4].val)
				if d >= 1 && d <= monthDays[mo] && !m.numberContinues(i+4) {
					return match{s: s, e: i + 5, norm: dateNorm(int(t.val), mo, d)}, true
				}
				return match{}, false
			}
			if !m.numberContinues(i + 2) {
				return match{s: s, e: i + 3, norm: dateNorm(int(t.val), mo, 0)}, true
			}
		}
	}
	// numeric day and month, only when unambiguous: 13/10/2025, 10/13/2025
	if t.nd <= 2 && m.punct(i+1, '/') && m.glued(i+1) && m.glued(i+2) && m.tok(i+2).kind == tNum && m.tok(i+2).nd <= 2 &&
		m.punct(i+3, '/') && m.glued(i+3) && m.glued(i+4) && m.tok(i+4).kind == tNum && m.tok(i+4).nd == 4 {
		a, b, y := int(t.val), int(m.t[i+2].val), int(m.t[i+4].val)
		if a > 12 && b >= 1 && b <= 12 {
			a, b = b, a // day first
		}
		if a >= 1 && a <= 12 && b > 12 && b <= monthDays[a] && !m.glued(i) &&
			!(m.glued(i+5) && (m.punct(i+5, '/') || m.punct(i+5, '-') || m.tok(i+5).kind != tPunct)) {
			return match{s: s, e: i + 5, norm: dateNorm(y, a, b)}, true
		}
		return match{}, false
	}
	// decade: 1990s
	if t.has(fDecade) && t.nd == 4 && t.val%10 == 0 && t.val >= 1000 {
		return match{s: s, e: i + 1, norm: strconv.Itoa(int(t.val)/10) + "X"}, true
	}
	// day before a month: 12 March, 29th of September
	if d, ok := m.dayNum(i); ok {
		j := i + 1
		if m.k(j) == kwOf {
			j++
		}
		if m.k(j) == kwMonth && (j == i+1 || t.has(fOrd)) {
			if r, ok := m.month(s, j, d); ok {
				return r, true
			}
		}
	}
	if r, ok := m.quantity(s, i); ok {
		return r, true
	}
	if m.isYear(i) && s == i {
		p := m.tok(i - 1)
		ok := false
		switch p.k {
		case kwPrep, kwOf, kwEarly, kwLate, kwMid, kwFor, kwBefore, kwAfter:
			ok = true
		case kwAnd: // "between 2019 and 2021", "in 2005 or 2006"
			ok = m.isYear(i - 2)
		case kwUnit: // "the year 2019", "fiscal year 2025"
			ok = p.val == uYear && !p.has(fPlural)
		case kwThe:
			n := m.tok(i + 1)
			ok = n.kind == tWord && n.has(fLower) && n.k != kwUnit
		}
		if p.kind == tPunct && m.text[p.s] == '-' && m.k(i-2) == kwMid {
			ok = true
		}
		if m.punct(i+1, '\'') && m.glued(i+1) {
			ok = true // 2019's
		}
		if ok {
			return match{s: s, e: i + 1, norm: yearStr(int(t.val))}, true
		}
	}
	return match{}, false
}

// readQuantity reads a number at i: "48", "two", "a", "a few", "a couple
// of", "several". It returns the value, the next token, and whether the
// number was spelled as the article "a"/"an".
func (m *matcher) readQuantity(i int) (n, next int, article, ok bool) {
	t := m.tok(i)
	switch {
	case t.kind == tNum:
		if t.nd > 4 || t.flags&(fOrd|fDecade) != 0 || t.val == 0 {
			return 0, 0, false, false
		}
		if m.glued(i) {
			if p := m.tok(i - 1); p.kind == tNum || p.kind == tWord || (p.kind == tPunct && m.text[p.s] != '(' && m.text[p.s] != '"' && m.text[p.s] != 0xE2) {
				return 0, 0, false, false
			}
		}
		return int(t.val), i + 1, false, true
	case t.k == kwNumWord:
		w := m.text[t.s:t.e]
		art := len(w) <= 2 // a, an
		j := i + 1
		if art && m.k(j) == kwFew {
			return 3, j + 1, false, true
		}
		if art && m.k(j) == kwNumWord && m.t[j].val == 2 && m.t[j].e-m.t[j].s > 3 { // a couple (of)
			j++
			if m.k(j) == kwOf {
				j++
			}
			return 2, j, false, true
		}
		return int(t.val), j, art, true
	case t.k == kwFew:
		return 3, i + 1, false, true
	}
	return 0, 0, false, false
}

var unitShift = map[int]struct {
	n    int
	code byte
}{
	uDay: {1, 'D'}, uWeek: {1, 'W'}, uFortnight: {2, 'W'}, uMonth: {1, 'M'},
	uQuarter: {3, 'M'}, uYear: {1, 'Y'}, uDecade: {10, 'Y'},
}

func shiftNorm(n int, code byte) string {
	if n == 0 {
		return "P0" + string(code)
	}
	if n > 0 {
		return "P+" + strconv.Itoa(n) + string(code)
	}
	return "P" + strconv.Itoa(n) + string(code)
}

func durationNorm(n, unit int) string {
	switch unit {
	case uHour:
		return "PT" + strconv.Itoa(n) + "H"
	case uMinute:
		return "PT" + strconv.Itoa(n) + "M"
	}
	us, ok := unitShift[unit]
	if !ok {
		return ""
	}
	return "P" + strconv.Itoa(n*us.n) + string(us.code)
}

// quantity matches "two days ago", "a week earlier", "three days later",
// "48 hours" (a duration), "a 48-hour truce" (a duration).
func (m *matcher) quantity(s, i int) (match, bool) {
	n, j, article, ok := m.readQuantity(i)
	if !ok {
		return match{}, false
	}
	hyphen := false
	if m.punct(j, '-') && m.glued(j) && m.glued(j+1) && m.k(j+1) == kwUnit && !m.t[j+1].has(fPlural) {
		j++
		hyphen = true
	}
	if m.k(j) != kwUnit {
		return match{}, false
	}
	if hyphen && m.punct(j+1, '-') && m.glued(j+1) && m.glued(j+2) && lowerWord(m.text[m.t[j+2].s:m.t[j+2].e]) == "old" {
		return match{}, false // a two-year-old boy: an age
	}
	u := m.t[j]
	unit := int(u.val)
	if u.has(fPlural) != (n != 1) && !hyphen {
		// "one days", "two day": not a quantity ("a day" is fine only singular)
		if !(u.has(fPlural) && n > 1) {
			return match{}, false
		}
	}
	e := j + 1
	sign, anaph := 0, false
	switch m.k(e) {
	case kwAgo:
		sign = -1
	case kwEarlier:
		sign, anaph = -1, true
	case kwLater:
		sign, anaph = 1, true
	case kwBefore, kwAfter:
		// "two days before" or "two days after the vote": relative to an
		// anchor the caller chooses
		sign, anaph = 1, true
		if m.k(e) == kwBefore {
			sign = -1
		}
	case kwFrom:
		if m.k(e+1) == kwNow {
			sign = 1
			e++
		}
	}
	if sign != 0 && !hyphen {
		us, ok := unitShift[unit]
		if !ok {
			if unit != uHour && unit != uMinute {
				return match{}, false
			}
			us.n, us.code, n = 1, 'D', 0 // "hours earlier": the same day
		}
		return match{s: s, e: e + 1, norm: shiftNorm(sign*n*us.n, us.code), anaph: anaph}, true
	}
	// a duration
	dn := durationNorm(n, unit)
	if dn == "" {
		return match{}, false
	}
	prevFor := m.k(s-1) == kwFor || m.k(s-1) == kwPrep
	numeric := m.tok(i).kind == tNum
	if !(numeric || prevFor || hyphen || (!article && u.has(fPlural))) {
		return match{}, false
	}
	return match{s: s, e: j + 1, norm: dn, kind: KindDuration}, true
}
