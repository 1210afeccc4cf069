package timex

import "time"

// Precision says how finely a resolved value pins down its date. Values are
// ordered from finest to coarsest, so p < q means p is more precise.
type Precision uint8

const (
	None    Precision = iota // not resolved, or a duration or set
	Day                      // one calendar day: "on Sunday", "2025-10-13", "yesterday"
	Week                     // an ISO week (Monday to Sunday), a weekend or a span of up to 7 days
	Month                    // a calendar month or a span of up to ~31 days
	Quarter                  // a calendar quarter or a span of up to ~92 days
	Season                   // a meteorological season (northern hemisphere)
	Year                     // a calendar year or a longer span of up to a few years
	Decade                   // a decade: "the 1990s"
)

var precisionNames = [...]string{"none", "day", "week", "month", "quarter", "season", "year", "decade"}

// String returns the lower-case name of the precision.
func (p Precision) String() string {
	if int(p) < len(precisionNames) {
		return precisionNames[p]
	}
	return "invalid"
}

// Tense is the grammatical tense of the clause a time expression belongs to.
// The event coder knows it from the verb; it steers bare weekdays and
// month names towards the past or the future.
type Tense uint8

const (
	Unknown Tense = iota // no verb information: the news default (see the package doc)
	Past                 // "met on Sunday", "was signed in March"
	Future               // "is expected to arrive on Thursday", "will vote in May"
)

// Kinds of values.
const (
	KindDate     = "date"     // a point or interval on the calendar
	KindDuration = "duration" // a length of time: "for 48 hours", "three years"
	KindSet      = "set"      // a recurring time: "every Monday"
)

// Value is one time expression found in a text.
type Value struct {
	Text       string    // the words as they appear in the input: input[Start:End]
	Start, End int       // byte offsets in the input
	Begin      time.Time // resolved interval [Begin, Until) at UTC midnights; zero when unresolved
	Until      time.Time // exclusive end of the resolved interval
	Precision  Precision // None when unresolved
	Relative   bool      // the value depends on an anchor (all but fully specified dates)
	Anaphoric  bool      // the anchor should be the date of an earlier expression: "the previous day"
	Unresolved string    // anchor-free normalised form (see the package doc); kept after resolution
	Kind       string    // KindDate, KindDuration or KindSet
}

// Resolved reports whether the value has a calendar interval.
func (v Value) Resolved() bool { return !v.Begin.IsZero() }

// Overlaps reports whether both values are resolved dates whose intervals
// share at least one instant.
func (v Value) Overlaps(o Value) bool {
	if !v.Resolved() || !o.Resolved() {
		return false
	}
	return v.Begin.Before(o.Until) && o.Begin.Before(v.Until)
}

// Compatible reports whether v and o may refer to the same time, for event
// merging. An unresolved value, a duration or a set never contradicts
// anything. Two resolved dates are compatible when their intervals overlap
// after each day-precision interval is widened by half a day on either side,
// so that adjacent days match: this absorbs time zones and overnight
// reporting ("late Sunday" in one report is "early Monday" in another),
// while days two apart do not. Coarser values are compared as they
// are: "Monday" is compatible with "this week" and with "October", not with
// "last month".
func (v Value) Compatible(o Value) bool {
	if v.Kind != KindDate || o.Kind != KindDate || !v.Resolved() || !o.Resolved() {
		return true
	}
	vb, vu := widen(v)
	ob, ou := widen(o)
	return vb.Before(ou) && ob.Before(vu)
}

func widen(v Value) (time.Time, time.Time) {
	if v.Precision == Day {
		return v.Begin.Add(-12 * time.Hour), v.Until.Add(12 * time.Hour)
	}
	return v.Begin, v.Until
}
