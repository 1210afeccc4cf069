package timex

import (
	"strconv"
	"strings"
	"time"
)

// Times of day, seasons (values of tokens and suffixes in the grammar).
const (
	todMO = iota + 1
	todAF
	todEV
	todNI
)

const (
	seasonSP = iota + 1
	seasonSU
	seasonFA
	seasonWI
)

var todCodes = [...]string{"", "MO", "AF", "EV", "NI"}
var seasonCodes = [...]string{"", "SP", "SU", "FA", "WI"}
var weekdayCodes = [...]string{"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}

// Parse finds the time expressions in text and resolves each against anchor
// (normally the publication date) with Unknown tense. With a zero anchor,
// only fully specified dates are resolved; relative values keep their
// Unresolved form and zero Begin/Until, never an invented date.
func Parse(text string, anchor time.Time) []Value {
	vs := Find(text)
	for i := range vs {
		vs[i] = Resolve(vs[i], anchor)
	}
	return vs
}

// Resolve resolves v against anchor with Unknown tense. See ResolveTense.
func Resolve(v Value, anchor time.Time) Value { return ResolveTense(v, anchor, Unknown) }

// ResolveTense resolves v against anchor, using tense to choose among the
// candidate dates of a bare weekday, weekend or a month without a year.
// Only the calendar date of anchor (in its own location) matters. A zero
// anchor leaves relative values unresolved. Durations and sets are returned
// unchanged. A value whose Unresolved form does not parse is returned
// unresolved.
func ResolveTense(v Value, anchor time.Time, tense Tense) Value {
	v.Begin, v.Until, v.Precision = time.Time{}, time.Time{}, None
	if v.Kind != KindDate {
		return v
	}
	var a time.Time
	if !anchor.IsZero() {
		a = time.Date(anchor.Year(), anchor.Month(), anchor.Day(), 0, 0, 0, 0, time.UTC)
	}
	b, u, p, rel, ok := resolveNorm(v.Unresolved, a, tense)
	if !ok {
		return v
	}
	v.Begin, v.Until, v.Precision, v.Relative = b, u, p, rel
	return v
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// resolveNorm interprets the grammar described in the package doc.
func resolveNorm(s string, a time.Time, tense Tense) (b, u time.Time, p Precision, rel, ok bool) {
	// time-of-day suffix does not change the interval
	if n := len(s); n > 4 && s[n-3] == 'T' && s[n-4] != ':' {
		switch s[n-2:] {
		case "MO", "AF", "EV", "NI":
			s = s[:n-3]
		}
	}
	mod := ""
	for _, m := range []string{"EARLY:", "MID:", "LATE:", "START:", "END:", "BEFORE:", "AFTER:"} {
		if strings.HasPrefix(s, m) {
			mod, s = m[:len(m)-1], s[len(m):]
			break
		}
	}
	b, u, p, rel, ok = resolveCore(s, a, tense)
	if !ok {
		return
	}
	switch mod {
	case "":
	case "BEFORE":
		if a.IsZero() {
			return b, u, p, rel, false
		}
		switch {
		case !a.After(b): // at the very start of the period: only its first day
			u = b.AddDate(0, 0, 1)
		case a.Before(u):
			u = a
		}
		rel = true
	case "AFTER":
		if a.IsZero() {
			return b, u, p, rel, false
		}
		if n := a.AddDate(0, 0, 1); n.After(b) && n.Before(u) {
			b = n
		}
		rel = true
	case "EARLY", "START", "MID", "LATE", "END":
		b, u = third(b, u, p, mod)
	}
	return b, u, p, rel, true
}

// third narrows [b, u) to its first, middle or last third: for a year
// January-April, May-August, September-December; for a month days 1-10,
// 11-20, 21-end; for a decade years 0-3, 4-6, 7-9; otherwise by days.
func third(b, u time.Time, p Precision, mod string) (time.Time, time.Time) {
	var cut1, cut2 time.Time
	switch p {
	case Year:
		if u.Equal(b.AddDate(1, 0, 0)) {
			cut1, cut2 = b.AddDate(0, 4, 0), b.AddDate(0, 8, 0)
		}
	case Month:
		if u.Equal(b.AddDate(0, 1, 0)) {
			cut1, cut2 = b.AddDate(0, 0, 10), b.AddDate(0, 0, 20)
		}
	case Decade:
		cut1, cut2 = b.AddDate(4, 0, 0), b.AddDate(7, 0, 0)
	}
	if cut1.IsZero() {
		days := int(u.Sub(b).Hours()+12) / 24
		if days < 3 {
			return b, u
		}
		cut1, cut2 = b.AddDate(0, 0, days/3), b.AddDate(0, 0, 2*days/3)
	}
	switch mod {
	case "EARLY", "START":
		return b, cut1
	case "MID":
		return cut1, cut2
	}
	return cut2, u
}

func resolveCore(s string, a time.Time, tense Tense) (b, u time.Time, p Precision, rel, ok bool) {
	switch {
	case s == "":
		return
	case s[0] == 'P':
		if a.IsZero() {
			return
		}
		n, unit, ok2 := parseShift(s[1:])
		if !ok2 {
			return
		}
		b, u, p = shift(a, n, unit)
		return b, u, p, true, true
	case strings.HasPrefix(s, "WITHIN:P"):
		if a.IsZero() {
			return
		}
		n, unit, ok2 := parseShift(s[len("WITHIN:P"):])
		if !ok2 || n == 0 {
			return
		}
		end := shiftDate(a, n, unit)
		if n < 0 {
			b, u = end, a.AddDate(0, 0, 1)
		} else {
			b, u = a.AddDate(0, 0, 1), end.AddDate(0, 0, 1)
		}
		return b, u, spanPrecision(b, u), true, true
	case strings.HasPrefix(s, "WEEKDAY:"):
		if a.IsZero() {
			return
		}
		rest := s[len("WEEKDAY:"):]
		code, how, _ := strings.Cut(rest, ":")
		wd := -1
		for i, c := range weekdayCodes {
			if c == code {
				wd = i
			}
		}
		if wd < 0 {
			return
		}
		d := weekday(a, time.Weekday(wd), how, tense)
		return d, d.AddDate(0, 0, 1), Day, true, true
	case s == "WEEKEND":
		if a.IsZero() {
			return
		}
		// Saturday of the relevant weekend
		sat := weekday(a, time.Saturday, "", tense)
		if tense == Future && a.Weekday() == time.Sunday {
			sat = a.AddDate(0, 0, -1) // the weekend is still on
		}
		return sat, sat.AddDate(0, 0, 2), Week, true, true
	case strings.HasPrefix(s, "THIS:"), strings.HasPrefix(s, "LAST:"), strings.HasPrefix(s, "NEXT:"):
		if a.IsZero() {
			return
		}
		off := 0
		switch s[:4] {
		case "LAST":
			off = -1
		case "NEXT":
			off = 1
		}
		if strings.HasPrefix(s[5:], "XXXX-") {
			// "last March", "next May": the most recent / next occurrence
			// other than the one containing the anchor
			t := Past
			if off > 0 {
				t = Future
			}
			if b, u, p, _, ok = absolute(s[5:], a, t); ok && !a.Before(b) && a.Before(u) {
				b, u, p, _, ok = absolute(s[5:], day(a.Year()+off, a.Month(), 1), t)
			}
			return b, u, p, true, ok
		}
		b, u, p, ok = period(a, s[5:], off)
		return b, u, p, true, ok
	}
	return absolute(s, a, tense)
}

// parseShift parses "-1D", "+2W", "0D".
func parseShift(s string) (int, byte, bool) {
	if len(s) < 2 {
		return 0, 0, false
	}
	unit := s[len(s)-1]
	n, err := strconv.Atoi(s[:len(s)-1])
	if err != nil || n > 10000 || n < -10000 {
		return 0, 0, false
	}
	switch unit {
	case 'D', 'W', 'M', 'Y':
		return n, unit, true
	}
	return 0, 0, false
}

func shiftDate(a time.Time, n int, unit byte) time.Time {
	switch unit {
	case 'W':
		return a.AddDate(0, 0, 7*n)
	case 'M':
		return a.AddDate(0, n, 0)
	case 'Y':
		return a.AddDate(n, 0, 0)
	}
	return a.AddDate(0, 0, n)
}

func shift(a time.Time, n int, unit byte) (time.Time, time.Time, Precision) {
	switch unit {
	case 'M':
		m := day(a.Year(), a.Month(), 1).AddDate(0, n, 0)
		return m, m.AddDate(0, 1, 0), Month
	case 'Y':
		y := day(a.Year()+n, 1, 1)
		return y, y.AddDate(1, 0, 0), Year
	}
	d := shiftDate(a, n, unit)
	return d, d.AddDate(0, 0, 1), Day
}

func spanPrecision(b, u time.Time) Precision {
	days := u.Sub(b).Hours() / 24
	switch {
	case days <= 1:
		return Day
	case days <= 8:
		return Week
	case days <= 32:
		return Month
	case days <= 93:
		return Quarter
	case days <= 3660:
		return Year
	}
	return Decade
}

// weekday picks the date of weekday wd relative to a. how is "LAST"
// (strictly before a), "NEXT" (strictly after), "THIS" (in a's ISO week) or
// "" (by tense: Past and Unknown take the most recent such day on or before
// a; Future the next on or after a).
func weekday(a time.Time, wd time.Weekday, how string, tense Tense) time.Time {
	back := (int(a.Weekday()) - int(wd) + 7) % 7
	fwd := (int(wd) - int(a.Weekday()) + 7) % 7
	switch how {
	case "LAST":
		if back == 0 {
			back = 7
		}
		return a.AddDate(0, 0, -back)
	case "NEXT":
		if fwd == 0 {
			fwd = 7
		}
		return a.AddDate(0, 0, fwd)
	case "THIS":
		mon := a.AddDate(0, 0, -((int(a.Weekday()) + 6) % 7))
		return mon.AddDate(0, 0, (int(wd)+6)%7)
	}
	if tense == Future {
		return a.AddDate(0, 0, fwd)
	}
	return a.AddDate(0, 0, -back)
}

// period returns the calendar period of the given unit containing a,
// shifted by off periods.
func period(a time.Time, unit string, off int) (time.Time, time.Time, Precision, bool) {
	switch unit {
	case "DAY":
		d := a.AddDate(0, 0, off)
		return d, d.AddDate(0, 0, 1), Day, true
	case "WEEK", "WEEKEND":
		mon := a.AddDate(0, 0, -((int(a.Weekday())+6)%7)+7*off)
		if unit == "WEEKEND" {
			return mon.AddDate(0, 0, 5), mon.AddDate(0, 0, 7), Week, true
		}
		return mon, mon.AddDate(0, 0, 7), Week, true
	case "MONTH":
		m := day(a.Year(), a.Month(), 1).AddDate(0, off, 0)
		return m, m.AddDate(0, 1, 0), Month, true
	case "QUARTER":
		q := day(a.Year(), time.Month((int(a.Month())-1)/3*3+1), 1).AddDate(0, 3*off, 0)
		return q, q.AddDate(0, 3, 0), Quarter, true
	case "YEAR":
		y := day(a.Year()+off, 1, 1)
		return y, y.AddDate(1, 0, 0), Year, true
	case "DECADE":
		d := day(a.Year()/10*10+10*off, 1, 1)
		return d, d.AddDate(10, 0, 0), Decade, true
	case "SP", "SU", "FA", "WI":
		cand := func(y int) (time.Time, time.Time) { return seasonOf(y, unit) }
		y := a.Year()
		if unit == "WI" && a.Month() <= 2 {
			y-- // January belongs to the winter that began the previous December
		}
		b, u := cand(y)
		switch {
		case off < 0 && !u.After(a):
		case off < 0:
			b, u = cand(y - 1)
		case off > 0 && b.After(a):
		case off > 0:
			b, u = cand(y + 1)
		}
		return b, u, Season, true
	}
	return time.Time{}, time.Time{}, None, false
}

func seasonOf(y int, code string) (time.Time, time.Time) {
	var m time.Month
	switch code {
	case "SP":
		m = time.March
	case "SU":
		m = time.June
	case "FA":
		m = time.September
	default:
		m = time.December
	}
	b := day(y, m, 1)
	return b, b.AddDate(0, 3, 0)
}

// absolute handles "2025-10-13", "2025-10", "2025", "199X", "2025-Q3",
// "2025-SU" and the same with the year "XXXX", which takes a year from the
// anchor and the tense.
func absolute(s string, a time.Time, tense Tense) (b, u time.Time, p Precision, rel, ok bool) {
	if len(s) == 4 && s[3] == 'X' && s[:3] != "XXX" {
		dec, err := strconv.Atoi(s[:3])
		if err != nil || dec < 0 {
			return
		}
		b = day(dec*10, 1, 1)
		return b, b.AddDate(10, 0, 0), Decade, false, true
	}
	if len(s) < 4 {
		return
	}
	yearStr, rest := s[:4], s[4:]
	var mk func(y int) (time.Time, time.Time, Precision, bool)
	switch {
	case rest == "":
		mk = func(y int) (time.Time, time.Time, Precision, bool) {
			b := day(y, 1, 1)
			return b, b.AddDate(1, 0, 0), Year, true
		}
	case len(rest) == 3 && rest[:2] == "-Q":
		q := int(rest[2] - '0')
		if q < 1 || q > 4 {
			return
		}
		mk = func(y int) (time.Time, time.Time, Precision, bool) {
			b := day(y, time.Month(3*q-2), 1)
			return b, b.AddDate(0, 3, 0), Quarter, true
		}
	case len(rest) == 3 && (rest[1:] == "SP" || rest[1:] == "SU" || rest[1:] == "FA" || rest[1:] == "WI"):
		mk = func(y int) (time.Time, time.Time, Precision, bool) {
			b, u := seasonOf(y, rest[1:])
			return b, u, Season, true
		}
	case len(rest) == 3 || len(rest) == 6:
		mo, err := strconv.Atoi(rest[1:3])
		if err != nil || mo < 1 || mo > 12 || rest[0] != '-' {
			return
		}
		d := 0
		if len(rest) == 6 {
			d, err = strconv.Atoi(rest[4:])
			if err != nil || d < 1 || d > 31 || rest[3] != '-' {
				return
			}
		}
		mk = func(y int) (time.Time, time.Time, Precision, bool) {
			if d == 0 {
				b := day(y, time.Month(mo), 1)
				return b, b.AddDate(0, 1, 0), Month, true
			}
			b := day(y, time.Month(mo), d)
			if b.Day() != d { // 31 September, or 29 February in a common year
				return b, b, Day, false
			}
			return b, b.AddDate(0, 0, 1), Day, true
		}
	default:
		return
	}
	if yearStr != "XXXX" {
		y, err := strconv.Atoi(yearStr)
		if err != nil || y < 1 {
			return
		}
		b, u, p, ok = mk(y)
		return b, u, p, false, ok
	}
	if a.IsZero() {
		return
	}
	y := pickYear(a, tense, mk)
	b, u, p, ok = mk(y)
	if !ok { // 29 February: the nearest leap year in the chosen direction
		for i := 1; i <= 4 && !ok; i++ {
			if tense == Future {
				b, u, p, ok = mk(y + i)
			} else {
				b, u, p, ok = mk(y - i)
			}
		}
	}
	return b, u, p, true, ok
}

// pickYear chooses the year for a date without one. Past: the most recent
// occurrence that began on or before a. Future: the next one that has not
// ended before a. Unknown: the occurrence in a's year, unless it starts more
// than two months after a (then the previous year) or is over and began ten
// months or more before a (then the next year).
func pickYear(a time.Time, tense Tense, mk func(int) (time.Time, time.Time, Precision, bool)) int {
	y := a.Year()
	b, u, _, ok := mk(y)
	if !ok {
		// invalid in this year (29 February): use the leap-year search above
		b = day(y, 2, 28)
		u = day(y, 3, 1)
	}
	switch tense {
	case Past:
		if b.After(a) {
			return y - 1
		}
	case Future:
		if !u.After(a) {
			return y + 1
		}
	default:
		if b.After(a.AddDate(0, 2, 0)) {
			return y - 1
		}
		if !b.After(a.AddDate(0, -10, 0)) && !u.After(a) {
			return y + 1
		}
	}
	return y
}
