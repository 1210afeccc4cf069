// Package timex finds time expressions in English news text and resolves
// them to calendar intervals.
//
// Find recognises expressions ("on Sunday", "two days ago", "in February
// 2022", "late last year", "for 48 hours"); Resolve and ResolveTense turn a
// value into an interval [Begin, Until) of UTC midnights against an anchor,
// normally the publication date, or, for anaphoric values ("the previous
// day", "a week earlier", "the following week"; Value.Anaphoric is set), the
// date of an earlier expression that the caller chooses. Parse does both.
// Nothing here invents a date: without an anchor, relative values keep only
// their normalised form.
//
// Spans follow TIMEX3 practice: a leading preposition is not part of the
// expression ("on Sunday" yields "Sunday", "for 48 hours" yields "48
// hours"), but it is used as evidence. "the" is part of the span when it
// belongs to the expression ("the previous day", "the 1990s").
//
// # Precision
//
// Day, Week (an ISO week, a weekend, or a span of up to a week), Month,
// Quarter, Season (meteorological, northern hemisphere: spring is March to
// May, winter is December to February), Year and Decade. None means
// unresolved. Spans ("the past three days", "the coming weeks") get the
// precision of their length. A shifted date ("a week earlier") has Day
// precision; "two months ago" has Month precision.
//
// # The normalised form (Value.Unresolved)
//
// Every value carries an anchor-free form, close to TIMEX3 values, that
// Resolve interprets; it stays set after resolution so a value can be
// re-resolved against another anchor:
//
//	value    = [mod ":"] core ["T" tod]
//	mod      = EARLY | MID | LATE | START | END   first, middle or last third of the interval
//	         | BEFORE | AFTER                     the part before / after the anchor day
//	tod      = MO | AF | EV | NI                  morning, afternoon, evening, night (interval unchanged)
//	core     = YYYY ["-" MM ["-" DD]]             2025-10-13, 2025-02, 2019
//	         | YYYY "-Q" 1..4 | YYYY "-" season   2025-Q3, 2024-SU (season = SP SU FA WI)
//	         | DDD "X"                            decade: 199X
//	         | "P" ("+"|"-") n unit | "P0D"       shift from the anchor, unit = D W M Y: P-1D, P+2W
//	         | ("THIS"|"LAST"|"NEXT") ":" period  calendar period containing the anchor, shifted:
//	                                              period = WEEK WEEKEND MONTH QUARTER YEAR DECADE SP SU FA WI
//	         | ("LAST"|"NEXT") ":XXXX-" MM        last March, next May
//	         | "WEEKDAY:" DDD [":" (LAST|NEXT|THIS)]   DDD = SUN MON TUE WED THU FRI SAT
//	         | "WEEKEND"                          "over the weekend": the latest weekend begun by
//	                                              the anchor (Future: the next, or the current one)
//	         | "WITHIN:P" ("+"|"-") n unit        from the anchor back or forward: the past three days
//
// YYYY may be "XXXX" (a month, day, quarter or season without a year); the
// year then comes from the anchor and the tense. Durations use the plain
// ISO 8601 form without a sign ("PT48H", "P3D", "P2W") and Kind "duration";
// sets use "SET:" + a weekday or a duration ("SET:WEEKDAY:MON", "SET:P1Y")
// and Kind "set". Durations and sets are never resolved to dates.
//
// # Weekdays, months and tense
//
// A bare weekday ("met on Sunday", "said Thursday") with Unknown or Past
// tense is the most recent such day on or before the anchor: "on Monday" in
// a story published on a Monday is that same Monday, which is what wire copy
// usually means. With Future tense ("is expected to arrive on Thursday") it
// is the next such day on or after the anchor. "last Tuesday" is strictly
// before the anchor, "next Tuesday" strictly after, "this Tuesday" the
// Tuesday of the anchor's ISO week (Monday to Sunday). The event coder,
// which knows the verb tense, calls ResolveTense.
//
// A month, day or season without a year: with Past tense, the most recent
// occurrence that began on or before the anchor; with Future tense, the
// next one not yet over; with Unknown tense, the anchor's year unless that
// occurrence starts more than two months after the anchor (then the
// previous year) or is over and began ten months or more before it (then
// the next year). "last March" and "next May" skip the occurrence that
// contains the anchor.
//
// # False positives avoided
//
// "may", "march" and "august" in lower case are never months; any month
// name alone needs a day, a year, or a temporal context ("in", "by",
// "since", "early", "mid-", "the end of"); abbreviations ("Sept.") need a
// day or a year. A weekday followed by a capitalised name ("the Sunday
// Times") or preceded by one ("Black Friday") is not a date unless a
// preposition precedes it. Bare four-digit numbers are years only after a
// preposition, "the" + a lower-case word ("the 2019 election"), or with a
// possessive; numbers in "20-point plan", "100%", "2,019" or "10:30" are
// ignored. Ordinals without "of" + month ("the fourth year") are not dates.
//
// Numeric dates are ISO 8601 (2025-10-13) or day/month/year and
// month/day/year when unambiguous (13/10/2025, 10/13/2025); 03/04/2025 is
// left alone.
//
// Fixed-date holidays are recognised: Christmas (Eve, Day), Boxing Day,
// New Year's Day and Eve, Halloween; they resolve like a month and day
// without a year.
//
// Not handled: clock times, ranges ("March 3-5" yields March 3), movable
// and national holidays (Easter, Thanksgiving, Independence Day), a day
// without a month ("on the 3rd"), spelled-out ordinals ("the
// twenty-ninth"), a weekday given with a date but no year is not used to
// pick the year, and languages other than English.
package timex
