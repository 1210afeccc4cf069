package clean

import (
	"regexp"
	"strings"
	"time"
)

// dayLayouts are the dates (without a time of day) that pages print.
var dayLayouts = []string{"2006-01-02", "January 2, 2006", "Jan 2, 2006", "Jan. 2, 2006", "2 January 2006",
	"2 Jan 2006", "Monday, 2 January 2006", "Monday 2 January 2006", "Mon, 2 Jan 2006", "Mon 2 Jan 2006",
	"Mon, January 2, 2006", "Monday, January 2, 2006", "02/01/2006", "2006/01/02"}

// dateLayouts are dayLayouts and whole timestamps.
var dateLayouts = append(append([]string{}, dayLayouts...), time.RFC3339, "2006-01-02 15:04", "2006-01-02T15:04")

var labelRe = regexp.MustCompile(`^(?i:(?:published|posted|updated|date|dated|last updated)(?: on| at)?)\s*:?\s*(.+)$`)

// timeLayouts are the times of day that may follow a date.
var timeLayouts = []string{"3:04 PM", "3:04PM", "15:04", "15.04", "3.04PM", "3 PM", "3PM"}

// updatedRe cuts an "Updated …" or "| …" part that follows a date.
var updatedRe = regexp.MustCompile(`(?i)\s+(?:\||·|•|updated|last updated|modified)\b.*$|\s+\|.*$`)

// zoneOffsets are the zone abbreviations news pages print, in seconds
// east of UTC (time.Parse cannot know them).
var zoneOffsets = map[string]int{"UTC": 0, "GMT": 0, "Z": 0, "BST": 3600, "CET": 3600, "CEST": 7200, "EET": 7200,
	"EEST": 10800, "WET": 0, "WEST": 3600, "MSK": 10800, "EAT": 10800, "CAT": 7200, "WAT": 3600, "SAST": 7200,
	"EST": -5 * 3600, "EDT": -4 * 3600, "CST": -6 * 3600, "CDT": -5 * 3600, "MST": -7 * 3600, "MDT": -6 * 3600,
	"PST": -8 * 3600, "PDT": -7 * 3600, "JST": 9 * 3600, "KST": 9 * 3600, "AEST": 10 * 3600, "AEDT": 11 * 3600}

// ampmRe normalises "a.m." and "p.m." to "AM" and "PM".
var ampmRe = regexp.MustCompile(`(?i)\b([ap])\.m\.?`)

// parseDate parses a date line, with an optional time of day and zone
// before or after it ("March 9, 2026 2:32 PM UTC", "6:15 a.m. CET,
// February 3, 2026"), ignoring an "Updated …" part after it.
func parseDate(s string) time.Time {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "."))
	s = strings.TrimSpace(updatedRe.ReplaceAllString(s, ""))
	if s == "" || len(s) > 60 {
		return time.Time{}
	}
	if m := labelRe.FindStringSubmatch(s); m != nil {
		s = m[1]
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	if strings.IndexFunc(s, func(r rune) bool { return r >= '0' && r <= '9' }) < 0 {
		return time.Time{}
	}
	s = ampmRe.ReplaceAllStringFunc(s, func(m string) string { return strings.ToUpper(m[:1]) + "M" })
	f := strings.Fields(s)
	for k := len(f) - 1; k >= 1; k-- {
		// A date, then a time; or a time, then a date.
		if t, ok := dateAndTime(strings.Join(f[:k], " "), strings.Join(f[k:], " ")); ok {
			return t
		}
		if t, ok := dateAndTime(strings.Join(f[k:], " "), strings.Join(f[:k], " ")); ok {
			return t
		}
	}
	return time.Time{}
}

// dateAndTime combines a date and a time of day with an optional zone.
func dateAndTime(date, clock string) (time.Time, bool) {
	date = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(date), ",")), " at"))
	clock = strings.TrimSpace(strings.TrimPrefix(strings.TrimSuffix(strings.TrimSpace(clock), ","), "at "))
	var d time.Time
	found := false
	for _, layout := range dayLayouts {
		if t, err := time.Parse(layout, date); err == nil {
			d, found = t, true
			break
		}
	}
	if !found {
		return time.Time{}, false
	}
	loc := time.UTC
	if f := strings.Fields(clock); len(f) > 1 {
		if off, ok := zoneOffsets[strings.ToUpper(f[len(f)-1])]; ok {
			loc = time.FixedZone(strings.ToUpper(f[len(f)-1]), off)
			clock = strings.Join(f[:len(f)-1], " ")
		}
	}
	for _, tl := range timeLayouts {
		if tm, err := time.Parse(tl, clock); err == nil {
			return time.Date(d.Year(), d.Month(), d.Day(), tm.Hour(), tm.Minute(), 0, 0, loc), true
		}
	}
	return time.Time{}, false
}
