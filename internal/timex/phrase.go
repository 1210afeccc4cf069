package timex

import "strings"

// This file holds the matchers for word-led expressions: weekdays, "the
// previous day", "this week", "late last year", "the end of the month",
// seasons and sets.

var unitCodes = map[int]string{
	uWeek: "WEEK", uWeekend: "WEEKEND", uMonth: "MONTH", uQuarter: "QUARTER",
	uYear: "YEAR", uDecade: "DECADE",
}

func todSuffix(v int32) string { return "T" + todCodes[v] }

// weekdayNames are words that make a name or a holiday of the weekday after
// them. Other capitalised words before a weekday are usually places, as in
// wire copy ("in Brussels Thursday").
var weekdayNames = map[string]bool{"black": true, "good": true, "super": true, "easter": true,
	"bloody": true, "ash": true, "cyber": true, "holy": true, "palm": true, "maundy": true,
	"shrove": true, "giving": true, "blue": true, "whit": true, "fat": true, "great": true}

// weekday matches a weekday name at i, the match starting at s. how is ""
// for a bare weekday, or "LAST", "NEXT", "THIS" when a determiner preceded.
func (m *matcher) weekday(s, i int, how string, anaph bool) (match, bool) {
	wd := m.t[i].val
	if how == "" && s == i {
		p, n := m.tok(i-1), m.tok(i+1)
		if p.kind == tWord && p.has(fCap) && !m.glued(i) && weekdayNames[lowerWord(m.text[p.s:p.e])] {
			return match{}, false // Black Friday, Super Tuesday
		}
		temporal := p.k == kwPrep || p.k == kwBefore || p.k == kwAfter || p.k == kwEarly || p.k == kwLate || p.k == kwEarlier || p.k == kwLater
		if n.kind == tWord && n.has(fCap) && n.k != kwMonth && n.k != kwTod && !temporal {
			return match{}, false // the Sunday Times, Monday Night Football
		}
	}
	j := i + 1
	// a full date after the weekday: "Monday, March 3, 2025", "Monday 3 March"
	jj := j
	if m.punct(jj, ',') {
		jj++
	}
	if t := m.tok(jj); t.k == kwMonth {
		if r, ok := m.month(jj, jj, 0); ok && len(r.norm) == 10 {
			r.s = s
			return r, true
		}
	} else if t.kind == tNum {
		if r, ok := m.number(jj, jj); ok && r.kind == "" && len(r.norm) == 10 {
			r.s = s
			return r, true
		}
	}
	norm := "WEEKDAY:" + weekdayCodes[wd]
	if how != "" {
		norm += ":" + how
	}
	if m.k(j) == kwTod {
		norm += todSuffix(m.t[j].val)
		j++
	}
	return match{s: s, e: j, norm: norm, anaph: anaph}, true
}

// dayWord matches today, yesterday, tomorrow, tonight and overnight, with
// an optional time of day: "yesterday evening".
func (m *matcher) dayWord(s, i int) (match, bool) {
	var norm string
	switch m.t[i].k {
	case kwToday:
		norm = "P0D"
	case kwYesterday:
		norm = "P-1D"
	case kwTomorrow:
		norm = "P+1D"
	default: // tonight, overnight
		return match{s: s, e: i + 1, norm: "P0DTNI"}, true
	}
	e := i + 1
	if m.k(e) == kwTod {
		norm += todSuffix(m.t[e].val)
		e++
	}
	return match{s: s, e: e, norm: norm}, true
}

// vague gives the span of "the coming days", "recent weeks".
var vague = map[int]string{uDay: "7D", uWeek: "1M", uMonth: "6M", uYear: "5Y"}

// det matches expressions led by a determiner at i: "this week", "last
// Tuesday", "next year", "the previous day", "the following week", "the
// past three days", "the coming days", "recent weeks", "last night". the
// reports whether "the" preceded (the match then starts at s = i-1).
func (m *matcher) det(s, i int, the bool) (match, bool) {
	d := m.t[i].k
	j := i + 1
	n := m.tok(j)
	if d == kwThis && n.k == kwPast { // "this past weekend"
		d, j = kwLast, j+1
		n = m.tok(j)
	}
	sign := 1
	if d == kwLast || d == kwPast || d == kwRecent || d == kwPrevious {
		sign = -1
	}
	sgn := "+"
	if sign < 0 {
		sgn = "-"
	}
	switch {
	case n.k == kwUnit && !n.has(fPlural):
		unit := int(n.val)
		code, hasCode := unitCodes[unit]
		e := j + 1
		switch d {
		case kwThis, kwLast, kwNext:
			if unit == uDay {
				if d == kwNext {
					return match{s: s, e: e, norm: "P+1D", anaph: true}, true
				}
				return match{}, false
			}
			if the {
				us, ok := unitShift[unit]
				if !ok || d == kwThis {
					return match{}, false
				}
				return match{s: s, e: e, norm: "WITHIN:P" + sgn + itoa(us.n) + string(us.code)}, true
			}
			if !hasCode {
				return match{}, false
			}
			return match{s: s, e: e, norm: detCode(d) + ":" + code}, true
		case kwPrevious, kwFollowing:
			if unit == uDay {
				return match{s: s, e: e, norm: "P" + sgn + "1D", anaph: true}, true
			}
			if !hasCode {
				return match{}, false
			}
			return match{s: s, e: e, norm: detCode(d) + ":" + code, anaph: true}, true
		case kwSame, kwThat:
			if d == kwSame && !the {
				return match{}, false
			}
			if unit == uDay {
				return match{s: s, e: e, norm: "P0D", anaph: true}, true
			}
			if !hasCode {
				return match{}, false
			}
			return match{s: s, e: e, norm: "THIS:" + code, anaph: true}, true
		case kwPast, kwComing:
			us, ok := unitShift[unit]
			if !ok {
				return match{}, false
			}
			return match{s: s, e: e, norm: "WITHIN:P" + sgn + itoa(us.n) + string(us.code)}, true
		}
	case n.k == kwUnit || n.k == kwNumWord || n.k == kwFew || n.kind == tNum:
		// "the past three days", "the coming days", "recent weeks", "the next 48 hours"
		if d == kwThis || d == kwThat || d == kwSame || d == kwPrevious || d == kwFollowing {
			return match{}, false
		}
		var span string
		e := j + 1
		if n.k == kwUnit {
			span = vague[int(n.val)]
		} else {
			q, k, article, ok := m.readQuantity(j)
			if !ok || article || m.k(k) != kwUnit || !m.t[k].has(fPlural) {
				return match{}, false
			}
			e = k + 1
			switch u := int(m.t[k].val); u {
			case uHour:
				span = itoa((q+23)/24) + "D"
			case uMinute:
				span = "1D"
			default:
				us, ok := unitShift[u]
				if !ok {
					return match{}, false
				}
				span = itoa(q*us.n) + string(us.code)
			}
		}
		if span == "" {
			return match{}, false
		}
		return match{s: s, e: e, norm: "WITHIN:P" + sgn + span}, true
	case n.k == kwWeekday:
		switch d {
		case kwThis, kwLast, kwNext:
			return m.weekday(s, j, detCode(d), false)
		case kwPrevious, kwFollowing:
			return m.weekday(s, j, detCode(d), true)
		}
	case n.k == kwSeason:
		if d == kwThis || d == kwLast || d == kwNext {
			return match{s: s, e: j + 1, norm: detCode(d) + ":" + seasonCodes[n.val]}, true
		}
	case n.k == kwTod:
		suf := todSuffix(n.val)
		switch d {
		case kwThis:
			return match{s: s, e: j + 1, norm: "P0D" + suf}, true
		case kwLast:
			return match{s: s, e: j + 1, norm: "P-1D" + suf}, true
		case kwThat:
			return match{s: s, e: j + 1, norm: "P0D" + suf, anaph: true}, true
		}
	}
	return match{}, false
}

func detCode(d kw) string {
	switch d {
	case kwLast, kwPrevious:
		return "LAST"
	case kwNext, kwFollowing:
		return "NEXT"
	}
	return "THIS"
}

func itoa(n int) string {
	if n < 0 {
		return "-" + itoa(-n)
	}
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

// mod matches "early/mid/late" + month, year, decade, "this/last/next
// unit", season or weekday: "late last year", "mid-October", "early 2025",
// "the late 1990s", "late Tuesday".
func (m *matcher) mod(s, i int) (match, bool) {
	var mod string
	switch m.t[i].k {
	case kwEarly:
		mod = "EARLY:"
	case kwMid:
		mod = "MID:"
	default:
		mod = "LATE:"
	}
	j := i + 1
	if m.punct(j, '-') && m.glued(j) && m.glued(j+1) {
		j++
	}
	n := m.tok(j)
	switch {
	case n.k == kwMonth:
		if r, ok := m.month(j, j, 0); ok {
			r.s = s
			if len(r.norm) < 10 {
				r.norm = mod + r.norm
			}
			return r, true
		}
	case m.isYear(j):
		return match{s: s, e: j + 1, norm: mod + yearStr(int(n.val))}, true
	case n.kind == tNum && n.has(fDecade):
		if r, ok := m.number(j, j); ok && strings.HasSuffix(r.norm, "X") {
			r.s, r.norm = s, mod+r.norm
			return r, true
		}
	case n.k == kwThis || n.k == kwLast || n.k == kwNext:
		if r, ok := m.det(j, j, false); ok && (strings.HasPrefix(r.norm, "THIS:") || strings.HasPrefix(r.norm, "LAST:") || strings.HasPrefix(r.norm, "NEXT:")) {
			r.s, r.norm = s, mod+r.norm
			return r, true
		}
	case n.k == kwSeason:
		if r, ok := m.season(j, j, false, true); ok {
			r.s, r.norm = s, mod+r.norm
			return r, true
		}
	case n.k == kwWeekday && mod != "MID:":
		if r, ok := m.weekday(j, j, "", false); ok {
			r.s = s
			if !strings.Contains(r.norm, ":") || len(r.norm) == 10 {
				return r, true
			}
			if len(r.norm) == len("WEEKDAY:MON") {
				if mod == "EARLY:" {
					r.norm += "TMO"
				} else {
					r.norm += "TNI"
				}
			}
			return r, true
		}
	}
	return match{}, false
}

// the handles expressions that begin with "the".
func (m *matcher) the(i int) (match, bool) {
	j := i + 1
	n := m.tok(j)
	switch {
	case n.kind == tNum && (n.has(fDecade) || n.has(fOrd)):
		if r, ok := m.number(i, j); ok && r.kind == "" && (len(r.norm) == 10 || strings.HasSuffix(r.norm, "X")) {
			return r, true
		}
	case n.k == kwPrevious || n.k == kwFollowing || n.k == kwSame || n.k == kwLast || n.k == kwNext || n.k == kwPast || n.k == kwComing:
		return m.det(i, j, true)
	case n.k == kwEnd || n.k == kwStart || n.k == kwMiddle:
		return m.endOf(i, j)
	case n.k == kwEarly || n.k == kwMid || n.k == kwLate:
		return m.mod(i, j)
	case n.k == kwSeason:
		return m.season(i, j, true, m.k(i-1) == kwPrep)
	case n.k == kwUnit && !n.has(fPlural):
		unit := int(n.val)
		after := m.k(j + 1)
		if after == kwBefore || after == kwAfter {
			if unit == uDay {
				switch {
				case after == kwBefore && m.k(j+2) == kwYesterday:
					return match{s: i, e: j + 3, norm: "P-2D"}, true
				case after == kwAfter && m.k(j+2) == kwTomorrow:
					return match{s: i, e: j + 3, norm: "P+2D"}, true
				case after == kwBefore:
					return match{s: i, e: j + 2, norm: "P-1D", anaph: true}, true
				default:
					return match{s: i, e: j + 2, norm: "P+1D", anaph: true}, true
				}
			}
			if code, ok := unitCodes[unit]; ok && unit != uWeekend {
				pre := "NEXT:"
				if after == kwBefore {
					pre = "LAST:"
				}
				return match{s: i, e: j + 2, norm: pre + code, anaph: true}, true
			}
		}
		if unit == uWeekend && m.k(i-1) == kwPrep {
			return match{s: i, e: j + 1, norm: "WEEKEND"}, true
		}
	case n.k == kwOrdWord && m.k(j+1) == kwUnit && m.t[j+1].val == uQuarter && !m.t[j+1].has(fPlural):
		q := byte('0' + n.val)
		e := j + 2
		year := "XXXX"
		if m.k(e) == kwOf && m.isYear(e+1) {
			year, e = yearStr(int(m.t[e+1].val)), e+2
		}
		return match{s: i, e: e, norm: year + "-Q" + string(q)}, true
	}
	return match{}, false
}

// endOf matches "the end of the month", "the start of next year", "the
// middle of March"; s is the "the", i the end/start/middle word.
func (m *matcher) endOf(s, i int) (match, bool) {
	if m.k(i+1) != kwOf {
		return match{}, false
	}
	mod := "END:"
	switch m.t[i].k {
	case kwStart:
		mod = "START:"
	case kwMiddle:
		mod = "MID:"
	}
	j := i + 2
	n := m.tok(j)
	switch {
	case n.k == kwThe && m.k(j+1) == kwUnit && !m.t[j+1].has(fPlural):
		if code, ok := unitCodes[int(m.t[j+1].val)]; ok {
			return match{s: s, e: j + 2, norm: mod + "THIS:" + code}, true
		}
	case n.k == kwThis || n.k == kwLast || n.k == kwNext:
		if r, ok := m.det(j, j, false); ok && (strings.HasPrefix(r.norm, "THIS:") || strings.HasPrefix(r.norm, "LAST:") || strings.HasPrefix(r.norm, "NEXT:")) {
			r.s, r.norm = s, mod+r.norm
			return r, true
		}
	case n.k == kwMonth:
		if r, ok := m.month(j, j, 0); ok && len(r.norm) < 10 {
			r.s, r.norm = s, mod+r.norm
			return r, true
		}
	case m.isYear(j):
		return match{s: s, e: j + 1, norm: mod + yearStr(int(n.val))}, true
	}
	return match{}, false
}

// earlierThis matches "earlier this month", "later this year", "earlier
// today", "earlier in the week".
func (m *matcher) earlierThis(i int) (match, bool) {
	mod := "BEFORE:"
	if m.t[i].k == kwLater {
		mod = "AFTER:"
	}
	j := i + 1
	n := m.tok(j)
	switch {
	case n.k == kwThis:
		if r, ok := m.det(j, j, false); ok && strings.HasPrefix(r.norm, "THIS:") {
			r.s, r.norm = i, mod+r.norm
			return r, true
		}
	case n.k == kwToday:
		return match{s: i, e: j + 1, norm: "P0D"}, true
	case n.k == kwPrep && lowerWord(m.text[n.s:n.e]) == "in" && m.k(j+1) == kwThe && m.k(j+2) == kwUnit && !m.t[j+2].has(fPlural):
		unit := int(m.t[j+2].val)
		if unit == uDay {
			return match{s: i, e: j + 3, norm: "P0D", anaph: true}, true
		}
		if code, ok := unitCodes[unit]; ok {
			return match{s: i, e: j + 3, norm: mod + "THIS:" + code, anaph: true}, true
		}
	}
	return match{}, false
}

// season matches "in the spring", "spring 2025", "the autumn of 2024".
// licensed says the caller has already checked the context.
func (m *matcher) season(s, i int, the, licensed bool) (match, bool) {
	t := m.t[i]
	code := seasonCodes[t.val]
	j := i + 1
	if m.isYear(j) {
		return match{s: s, e: j + 1, norm: yearStr(int(m.t[j].val)) + "-" + code}, true
	}
	if m.k(j) == kwOf {
		if m.isYear(j + 1) {
			return match{s: s, e: j + 2, norm: yearStr(int(m.t[j+1].val)) + "-" + code}, true
		}
		return match{}, false // the fall of Kabul
	}
	if !licensed {
		if the {
			return match{}, false
		}
		p := m.tok(s - 1)
		if p.k != kwPrep {
			return match{}, false
		}
	}
	if !the && !licensed && lowerWord(m.text[t.s:t.e]) == "fall" {
		return match{}, false // "in fall" is rare; "fall" is usually the verb
	}
	if m.tok(i).has(fCap) && m.tok(i-1).kind == tWord && m.tok(i-1).has(fCap) && m.k(i-1) == kwNone {
		return match{}, false // Arab Spring
	}
	return match{s: s, e: j, norm: "XXXX-" + code}, true
}

// every matches sets: "every Monday", "each year".
func (m *matcher) every(i int) (match, bool) {
	n := m.tok(i + 1)
	switch {
	case n.k == kwWeekday:
		return match{s: i, e: i + 2, norm: "SET:WEEKDAY:" + weekdayCodes[n.val], kind: KindSet}, true
	case n.k == kwUnit && !n.has(fPlural):
		if d := durationNorm(1, int(n.val)); d != "" {
			return match{s: i, e: i + 2, norm: "SET:" + d, kind: KindSet}, true
		}
	}
	return match{}, false
}

// wordIs reports whether token i is the word w (lower case, ASCII), in any
// case.
func (m *matcher) wordIs(i int, w string) bool {
	t := m.tok(i)
	return t.kind == tWord && int(t.e-t.s) == len(w) && equalFold(w, m.text[t.s:t.e])
}

// possessive reports whether tokens i, i+1 are an apostrophe and "s", and
// returns the token after them.
func (m *matcher) possessive(i int) (int, bool) {
	p := m.tok(i)
	if p.kind != tPunct || !m.glued(i) || !m.glued(i+1) || !m.wordIs(i+1, "s") {
		return 0, false
	}
	if m.text[p.s] == '\'' || strings.HasPrefix(m.text[p.s:], "\u2019") {
		return i + 2, true
	}
	return 0, false
}

// holiday matches fixed-date holidays: "Christmas", "Christmas Eve",
// "Christmas Day", "Boxing Day", "New Year's Day", "New Year's Eve",
// "Halloween". A bare "Christmas" needs a preposition before it
// ("over Christmas", "before Christmas"), as "Christmas" also modifies
// nouns ("Christmas markets").
func (m *matcher) holiday(i int) (match, bool) {
	t := m.t[i]
	if !t.has(fCap) {
		return match{}, false
	}
	md := int(t.val)
	e := i + 1
	switch {
	case md == 101: // New Year's Day / Eve
		if !m.wordIs(i+1, "year") || !m.tok(i+1).has(fCap) {
			return match{}, false
		}
		j, ok := m.possessive(i + 2)
		if !ok {
			return match{}, false
		}
		switch {
		case m.wordIs(j, "day"):
		case m.wordIs(j, "eve"):
			md = 1231
		default:
			return match{}, false
		}
		e = j + 1
	case md == 1226: // Boxing Day
		if !m.wordIs(i+1, "day") {
			return match{}, false
		}
		e = i + 2
	case md == 1225 && m.wordIs(i+1, "eve"):
		md, e = 1224, i+2
	case md == 1225 && m.wordIs(i+1, "day"):
		e = i + 2
	default: // Christmas, Halloween
		p := m.tok(i - 1)
		if p.k != kwPrep && p.k != kwBefore && p.k != kwAfter && p.k != kwFor {
			return match{}, false
		}
	}
	return match{s: i, e: e, norm: dateNorm(0, md/100, md%100)}, true
}
