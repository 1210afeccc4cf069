package timex

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func d(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// mon is the default anchor: Monday 13 October 2025.
var mon = d("2025-10-13")

type want struct {
	text         string
	begin, until string // "" when unresolved
	prec         Precision
	norm         string
	kind         string
	anaph        bool
}

func TestParse(t *testing.T) {
	tests := []struct {
		name   string
		input  string
		anchor time.Time
		tense  Tense
		want   want
	}{
		{"bare weekday past", "The ministers met on Sunday in Vienna.", mon, Unknown,
			want{text: "Sunday", begin: "2025-10-12", until: "2025-10-13", prec: Day, norm: "WEEKDAY:SUN"}},
		{"weekday same day", "Talks resumed on Monday.", mon, Unknown,
			want{text: "Monday", begin: "2025-10-13", until: "2025-10-14", prec: Day}},
		{"weekday with time of day", "Monday evening talks ended late.", mon, Unknown,
			want{text: "Monday evening", begin: "2025-10-13", until: "2025-10-14", prec: Day, norm: "WEEKDAY:MONTEV"}},
		{"weekday future tense", "The envoy is expected to arrive on Thursday.", mon, Future,
			want{text: "Thursday", begin: "2025-10-16", until: "2025-10-17", prec: Day}},
		{"weekday past tense", "The envoy arrived on Thursday.", mon, Past,
			want{text: "Thursday", begin: "2025-10-09", until: "2025-10-10", prec: Day}},
		{"weekday after verb", "Officials said Thursday that the port had reopened.", mon, Unknown,
			want{text: "Thursday", begin: "2025-10-09", until: "2025-10-10", prec: Day}},
		{"last weekday", "The vote took place last Tuesday.", d("2025-10-14"), Unknown,
			want{text: "last Tuesday", begin: "2025-10-07", until: "2025-10-08", prec: Day, norm: "WEEKDAY:TUE:LAST"}},
		{"next weekday", "Results are due next Tuesday.", mon, Unknown,
			want{text: "next Tuesday", begin: "2025-10-14", until: "2025-10-15", prec: Day}},
		{"late weekday", "The strike was called off late Tuesday.", mon, Unknown,
			want{text: "late Tuesday", begin: "2025-10-07", until: "2025-10-08", prec: Day, norm: "WEEKDAY:TUETNI"}},
		{"a week earlier", "Just a week earlier the mayor had resigned.", mon, Unknown,
			want{text: "a week earlier", begin: "2025-10-06", until: "2025-10-07", prec: Day, norm: "P-1W", anaph: true}},
		{"earlier this month", "The council voted earlier this month.", mon, Unknown,
			want{text: "earlier this month", begin: "2025-10-01", until: "2025-10-13", prec: Month, norm: "BEFORE:THIS:MONTH"}},
		{"month day past", "The accord was signed on September 29.", mon, Unknown,
			want{text: "September 29", begin: "2025-09-29", until: "2025-09-30", prec: Day, norm: "XXXX-09-29"}},
		{"month day unknown near future", "Elections are set for November 30.", mon, Unknown,
			want{text: "November 30", begin: "2025-11-30", until: "2025-12-01", prec: Day}},
		{"month day far future is last year", "The plant closed on December 20.", d("2025-03-01"), Unknown,
			want{text: "December 20", begin: "2024-12-20", until: "2024-12-21", prec: Day}},
		{"month day future tense", "The summit will open on March 3.", mon, Future,
			want{text: "March 3", begin: "2026-03-03", until: "2026-03-04", prec: Day}},
		{"ordinal", "Polls close on September 29th.", mon, Unknown,
			want{text: "September 29th", begin: "2025-09-29", until: "2025-09-30", prec: Day}},
		{"ordinal of month", "It happened on the 29th of September.", mon, Unknown,
			want{text: "the 29th of September", begin: "2025-09-29", until: "2025-09-30", prec: Day}},
		{"abbreviation", "Sept. 29 was a quiet day.", mon, Unknown,
			want{text: "Sept. 29", begin: "2025-09-29", until: "2025-09-30", prec: Day}},
		{"abbreviation with year", "The law took effect Oct. 3, 2024.", mon, Unknown,
			want{text: "Oct. 3, 2024", begin: "2024-10-03", until: "2024-10-04", prec: Day, norm: "2024-10-03"}},
		{"british order", "He was arrested on 12 March.", mon, Unknown,
			want{text: "12 March", begin: "2025-03-12", until: "2025-03-13", prec: Day}},
		{"british order with year", "She was born on 12 March 1961.", mon, Unknown,
			want{text: "12 March 1961", begin: "1961-03-12", until: "1961-03-13", prec: Day}},
		{"american order with year", "By March 12, 2025, the fund was empty.", mon, Unknown,
			want{text: "March 12, 2025", begin: "2025-03-12", until: "2025-03-13", prec: Day}},
		{"upper case", "MARCH 12, 2025: FLOODS", mon, Unknown,
			want{text: "MARCH 12, 2025", begin: "2025-03-12", until: "2025-03-13", prec: Day}},
		{"weekday and date", "On Monday, March 3, 2025, the court ruled.", mon, Unknown,
			want{text: "Monday, March 3, 2025", begin: "2025-03-03", until: "2025-03-04", prec: Day}},
		{"iso date", "Filed 2025-10-13 by the clerk.", time.Time{}, Unknown,
			want{text: "2025-10-13", begin: "2025-10-13", until: "2025-10-14", prec: Day}},
		{"numeric day first", "Filed on 13/10/2025.", time.Time{}, Unknown,
			want{text: "13/10/2025", begin: "2025-10-13", until: "2025-10-14", prec: Day}},
		{"numeric month first", "Filed on 10/13/2025.", time.Time{}, Unknown,
			want{text: "10/13/2025", begin: "2025-10-13", until: "2025-10-14", prec: Day}},
		{"month and year", "Fighting broke out in February 2022.", mon, Unknown,
			want{text: "February 2022", begin: "2022-02-01", until: "2022-03-01", prec: Month, norm: "2022-02"}},
		{"month in context", "The bridge will reopen in May.", mon, Future,
			want{text: "May", begin: "2026-05-01", until: "2026-06-01", prec: Month}},
		{"last month name", "Floods hit the region last March.", mon, Unknown,
			want{text: "last March", begin: "2025-03-01", until: "2025-04-01", prec: Month, norm: "LAST:XXXX-03"}},
		{"next month name", "The plant reopens next March.", mon, Unknown,
			want{text: "next March", begin: "2026-03-01", until: "2026-04-01", prec: Month}},
		{"last month name same month", "Floods hit the region last October.", mon, Unknown,
			want{text: "last October", begin: "2024-10-01", until: "2024-11-01", prec: Month}},
		{"month unknown tense december anchor", "Talks open in January.", d("2025-12-20"), Unknown,
			want{text: "January", begin: "2026-01-01", until: "2026-02-01", prec: Month}},
		{"month unknown tense same month", "Prices rose in October.", mon, Unknown,
			want{text: "October", begin: "2025-10-01", until: "2025-11-01", prec: Month}},
		{"month past tense same month", "Prices rose in October.", mon, Past,
			want{text: "October", begin: "2025-10-01", until: "2025-11-01", prec: Month}},
		{"month past tense later month", "Prices rose in November.", mon, Past,
			want{text: "November", begin: "2024-11-01", until: "2024-12-01", prec: Month}},
		{"month future tense earlier month", "Prices will rise in September.", mon, Future,
			want{text: "September", begin: "2026-09-01", until: "2026-10-01", prec: Month}},
		{"weekday future same day", "The court rules on Monday.", mon, Future,
			want{text: "Monday", begin: "2025-10-13", until: "2025-10-14", prec: Day}},
		{"this weekday", "The vote is this Friday.", mon, Unknown,
			want{text: "this Friday", begin: "2025-10-17", until: "2025-10-18", prec: Day}},
		{"over the weekend", "Rallies were held over the weekend.", mon, Unknown,
			want{text: "the weekend", begin: "2025-10-11", until: "2025-10-13", prec: Week}},
		{"fiscal year", "Spending rises in fiscal year 2026.", mon, Unknown,
			want{text: "2026", begin: "2026-01-01", until: "2027-01-01", prec: Year}},
		{"lower case weekday", "the deal was agreed on monday", mon, Unknown,
			want{text: "monday", begin: "2025-10-13", until: "2025-10-14", prec: Day}},
		{"place before weekday", "Police cleared a camp in Calais Sunday.", mon, Unknown,
			want{text: "Sunday", begin: "2025-10-12", until: "2025-10-13", prec: Day}},
		{"attributive month", "Results of the December vote are due.", mon, Unknown,
			want{text: "December", begin: "2025-12-01", until: "2026-01-01", prec: Month}},
		{"possessive month", "Candidates debated before October's election.", mon, Unknown,
			want{text: "October", begin: "2025-10-01", until: "2025-11-01", prec: Month}},
		{"typographic possessive month", "Candidates debated before October\u2019s election.", mon, Unknown,
			want{text: "October", begin: "2025-10-01", until: "2025-11-01", prec: Month}},
		{"christmas", "Talks stalled before Christmas.", d("2025-11-20"), Unknown,
			want{text: "Christmas", begin: "2025-12-25", until: "2025-12-26", prec: Day, norm: "XXXX-12-25"}},
		{"new year's eve", "Fireworks on New Year's Eve were cancelled.", d("2026-01-02"), Past,
			want{text: "New Year's Eve", begin: "2025-12-31", until: "2026-01-01", prec: Day}},
		{"christmas eve typographic", "On Christmas Eve the shelling stopped.", d("2025-12-27"), Unknown,
			want{text: "Christmas Eve", begin: "2025-12-24", until: "2025-12-25", prec: Day}},
		{"mid month", "Prices rose in mid-October.", mon, Unknown,
			want{text: "mid-October", begin: "2025-10-11", until: "2025-10-21", prec: Month, norm: "MID:XXXX-10"}},
		{"next week", "Talks continue next week.", mon, Unknown,
			want{text: "next week", begin: "2025-10-20", until: "2025-10-27", prec: Week, norm: "NEXT:WEEK"}},
		{"this week", "Parliament sits this week.", d("2025-10-15"), Unknown,
			want{text: "this week", begin: "2025-10-13", until: "2025-10-20", prec: Week}},
		{"earlier this week", "The minister said earlier this week that she would stay.", d("2025-10-16"), Unknown,
			want{text: "earlier this week", begin: "2025-10-13", until: "2025-10-16", prec: Week}},
		{"two days ago", "The ship sank two days ago.", mon, Unknown,
			want{text: "two days ago", begin: "2025-10-11", until: "2025-10-12", prec: Day, norm: "P-2D"}},
		{"yesterday", "Rebels yesterday seized the airport.", mon, Unknown,
			want{text: "yesterday", begin: "2025-10-12", until: "2025-10-13", prec: Day, norm: "P-1D"}},
		{"tomorrow", "The count ends tomorrow.", mon, Unknown,
			want{text: "tomorrow", begin: "2025-10-14", until: "2025-10-15", prec: Day}},
		{"this year", "Growth slowed this year.", mon, Unknown,
			want{text: "this year", begin: "2025-01-01", until: "2026-01-01", prec: Year}},
		{"last month", "Exports fell last month.", mon, Unknown,
			want{text: "last month", begin: "2025-09-01", until: "2025-10-01", prec: Month}},
		{"last month in january", "Exports fell last month.", d("2026-01-05"), Unknown,
			want{text: "last month", begin: "2025-12-01", until: "2026-01-01", prec: Month}},
		{"next year possessive", "Ahead of next year's presidential election.", mon, Unknown,
			want{text: "next year", begin: "2026-01-01", until: "2027-01-01", prec: Year}},
		{"coming days", "Aid will arrive in the coming days.", mon, Unknown,
			want{text: "the coming days", begin: "2025-10-14", until: "2025-10-21", prec: Week, norm: "WITHIN:P+7D"}},
		{"past three days", "Over the past three days prices doubled.", mon, Unknown,
			want{text: "the past three days", begin: "2025-10-10", until: "2025-10-14", prec: Week}},
		{"overnight", "Shelling continued overnight.", mon, Unknown,
			want{text: "overnight", begin: "2025-10-13", until: "2025-10-14", prec: Day}},
		{"last night", "Shelling continued last night.", mon, Unknown,
			want{text: "last night", begin: "2025-10-12", until: "2025-10-13", prec: Day, norm: "P-1DTNI"}},
		{"in the spring", "The offensive began in the spring.", mon, Unknown,
			want{text: "the spring", begin: "2025-03-01", until: "2025-06-01", prec: Season, norm: "XXXX-SP"}},
		{"last winter in january", "Snow fell last winter.", d("2026-01-10"), Unknown,
			want{text: "last winter", begin: "2024-12-01", until: "2025-03-01", prec: Season}},
		{"season of year", "It was built in the autumn of 2023.", mon, Unknown,
			want{text: "the autumn of 2023", begin: "2023-09-01", until: "2023-12-01", prec: Season}},
		{"late last year", "The company was sold late last year.", mon, Unknown,
			want{text: "late last year", begin: "2024-09-01", until: "2025-01-01", prec: Year, norm: "LATE:LAST:YEAR"}},
		{"early year", "Work starts in early 2026.", mon, Unknown,
			want{text: "early 2026", begin: "2026-01-01", until: "2026-05-01", prec: Year}},
		{"previous day", "He had been detained the previous day.", d("2025-10-08"), Unknown,
			want{text: "the previous day", begin: "2025-10-07", until: "2025-10-08", prec: Day, anaph: true}},
		{"following week", "Talks resumed the following week.", d("2025-10-08"), Unknown,
			want{text: "the following week", begin: "2025-10-13", until: "2025-10-20", prec: Week, norm: "NEXT:WEEK", anaph: true}},
		{"day before yesterday", "It rained the day before yesterday.", mon, Unknown,
			want{text: "the day before yesterday", begin: "2025-10-11", until: "2025-10-12", prec: Day}},
		{"end of the month", "A decision is due by the end of the month.", mon, Unknown,
			want{text: "the end of the month", begin: "2025-10-21", until: "2025-11-01", prec: Month, norm: "END:THIS:MONTH"}},
		{"in a year", "The plant opened in 2019.", mon, Unknown,
			want{text: "2019", begin: "2019-01-01", until: "2020-01-01", prec: Year, norm: "2019"}},
		{"decade", "Inflation last peaked in the 1990s.", mon, Unknown,
			want{text: "the 1990s", begin: "1990-01-01", until: "2000-01-01", prec: Decade, norm: "199X"}},
		{"late decade", "It was built in the late 1980s.", mon, Unknown,
			want{text: "the late 1980s", begin: "1987-01-01", until: "1990-01-01", prec: Decade}},
		{"quarter", "Profits rose in the third quarter of 2024.", mon, Unknown,
			want{text: "the third quarter of 2024", begin: "2024-07-01", until: "2024-10-01", prec: Quarter}},
		{"two months ago", "The mine closed two months ago.", mon, Unknown,
			want{text: "two months ago", begin: "2025-08-01", until: "2025-09-01", prec: Month}},
		{"days later anaphoric", "Three days later the army withdrew.", d("2025-10-01"), Unknown,
			want{text: "Three days later", begin: "2025-10-04", until: "2025-10-05", prec: Day, anaph: true}},
		{"duration", "The truce held for 48 hours.", mon, Unknown,
			want{text: "48 hours", norm: "PT48H", kind: KindDuration}},
		{"duration adjective", "A 48-hour ceasefire began.", mon, Unknown,
			want{text: "48-hour", norm: "PT48H", kind: KindDuration}},
		{"duration words", "The siege lasted three years.", mon, Unknown,
			want{text: "three years", norm: "P3Y", kind: KindDuration}},
		{"set", "The market opens every Monday.", mon, Unknown,
			want{text: "every Monday", norm: "SET:WEEKDAY:MON", kind: KindSet}},
		{"no anchor keeps relative", "They met on Sunday.", time.Time{}, Unknown,
			want{text: "Sunday", norm: "WEEKDAY:SUN"}},
		{"no anchor month day", "The accord was signed on September 29.", time.Time{}, Unknown,
			want{text: "September 29", norm: "XXXX-09-29"}},
		{"leap day past", "It was signed on February 29.", mon, Past,
			want{text: "February 29", begin: "2024-02-29", until: "2024-03-01", prec: Day}},
		{"curly quotes and no-break space", "He said \u201cthe truce held for\u00a048 hours\u201d.", mon, Unknown,
			want{text: "48 hours", norm: "PT48H", kind: KindDuration}},
		{"non ascii around", "Après la réunion du 12 mars — on Sunday, à Genève.", mon, Unknown,
			want{text: "Sunday", begin: "2025-10-12", until: "2025-10-13", prec: Day}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vs := Find(tt.input)
			for i := range vs {
				vs[i] = ResolveTense(vs[i], tt.anchor, tt.tense)
			}
			if len(vs) != 1 {
				t.Fatalf("got %d values, want 1: %+v", len(vs), vs)
			}
			v := vs[0]
			w := tt.want
			if v.Text != w.text {
				t.Errorf("text = %q, want %q", v.Text, w.text)
			}
			if tt.input[v.Start:v.End] != v.Text {
				t.Errorf("offsets [%d,%d) do not give %q", v.Start, v.End, v.Text)
			}
			kind := w.kind
			if kind == "" {
				kind = KindDate
			}
			if v.Kind != kind {
				t.Errorf("kind = %q, want %q", v.Kind, kind)
			}
			if w.norm != "" && v.Unresolved != w.norm {
				t.Errorf("norm = %q, want %q", v.Unresolved, w.norm)
			}
			if v.Anaphoric != w.anaph {
				t.Errorf("anaphoric = %v, want %v", v.Anaphoric, w.anaph)
			}
			if w.begin == "" {
				if v.Resolved() || v.Precision != None {
					t.Errorf("resolved to [%v, %v) %v, want unresolved", v.Begin, v.Until, v.Precision)
				}
				return
			}
			if !v.Begin.Equal(d(w.begin)) || !v.Until.Equal(d(w.until)) || v.Precision != w.prec {
				t.Errorf("got [%s, %s) %v, want [%s, %s) %v", v.Begin.Format(time.DateOnly), v.Until.Format(time.DateOnly),
					v.Precision, w.begin, w.until, w.prec)
			}
		})
	}
}

func TestNotDates(t *testing.T) {
	tests := []struct{ name, input string }{
		{"modal may", "Officials may announce the results soon. It may rain."},
		{"may at sentence start", "May I ask a question?"},
		{"march verb", "Thousands march on parliament; they will march again."},
		{"march noun", "The protest march drew crowds."},
		{"newspaper", "The Sunday Times reported the deal, as did the Sunday Telegraph."},
		{"holiday name", "Shops prepared for Black Friday."},
		{"ordinal war", "The Second World War ended long ago."},
		{"numbered plan", "He unveiled a 20-point plan."},
		{"percent", "Turnout was 100% in 12 districts."},
		{"ordinal year", "The war is in its fourth year."},
		{"big numbers", "The fund holds 2,019 shares worth $2025 and 1999.5 euros."},
		{"clock", "The train left at 10:30."},
		{"ambiguous numeric date", "Filed on 03/04/2025 and 3/4."},
		{"fall verb", "Prices fall as the fall of the regime nears."},
		{"arab spring", "Crowds recalled the Arab Spring protests."},
		{"abbreviation alone", "Jan said the Mar plan failed."},
		{"august adjective", "An august institution."},
		{"last alone", "The last day of the talks."},
		{"age", "A two-year-old girl and a 12-year-old boy were rescued."},
		{"name may", "Prime Minister Mara May said little. Mara May's plan and the May government."},
		{"holiday weekdays", "Good Friday, Super Tuesday and Easter Monday."},
		{"holiday modifiers", "Christmas markets opened in New York. A new year began. Boxing clubs."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, v := range Find(tt.input) {
				if v.Kind == KindDate {
					t.Errorf("unexpected date %q (%s)", v.Text, v.Unresolved)
				}
			}
		})
	}
}

func TestSeveral(t *testing.T) {
	tests := []struct {
		name, input string
		want        []string // text=normalised form
	}{
		{"mixed", "On Sunday, three days after the vote, the 48-hour truce collapsed; talks resume next week.",
			[]string{"Sunday=WEEKDAY:SUN", "three days after=P+3D", "48-hour=PT48H", "next week=NEXT:WEEK"}},
		{"year list", "between 1998 and 2005, and again in 2010 or 2011",
			[]string{"1998=1998", "2005=2005", "2010=2010", "2011=2011"}},
		{"weekday range", "from Monday to Friday", []string{"Monday=WEEKDAY:MON", "Friday=WEEKDAY:FRI"}},
		{"british weekday sentence start", "On Sunday Ms Orla Benn, a fictional envoy, spoke. Sunday Ms Benn left.",
			[]string{"Sunday=WEEKDAY:SUN"}},
		{"possessive weekday", "Tuesday's vote and Friday prayers", []string{"Tuesday=WEEKDAY:TUE", "Friday=WEEKDAY:FRI"}},
		{"time of day words", "yesterday afternoon and this morning", []string{"yesterday afternoon=P-1DTAF", "this morning=P0DTMO"}},
		{"that day", "the vote was held that day, then the same week", []string{"that day=P0D", "the same week=THIS:WEEK"}},
		{"durations", "for a week, for 90 minutes, over two decades",
			[]string{"a week=P1W", "90 minutes=PT90M", "two decades=P20Y"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vs := Find(tt.input)
			checkValues(t, tt.input, vs)
			var got []string
			for _, v := range vs {
				got = append(got, v.Text+"="+v.Unresolved)
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got  %v\nwant %v", got, tt.want)
			}
		})
	}
}

func TestReResolveAnaphoric(t *testing.T) {
	vs := Find("the previous day")
	if len(vs) != 1 || !vs[0].Anaphoric {
		t.Fatalf("got %+v", vs)
	}
	earlier := Parse("on 3 June 2024", time.Time{})[0]
	v := Resolve(vs[0], earlier.Begin)
	if !v.Begin.Equal(d("2024-06-02")) {
		t.Errorf("got %v", v.Begin)
	}
}

func TestOverlapsCompatible(t *testing.T) {
	p := func(s string, a time.Time) Value {
		vs := Parse(s, a)
		if len(vs) != 1 {
			t.Fatalf("%q: %d values", s, len(vs))
		}
		return vs[0]
	}
	sunday := p("on Sunday", mon)
	monday := p("on Monday", mon)
	tuesday := p("on Tuesday", d("2025-10-14"))
	week := p("last week", mon)
	month := p("in October", mon)
	dur := p("for 48 hours", mon)
	unres := p("on Sunday", time.Time{})
	tests := []struct {
		name           string
		a, b           Value
		overlap, compa bool
	}{
		{"day in week", sunday, week, true, true},
		{"day in month", sunday, month, true, true},
		{"adjacent days", sunday, monday, false, true},
		{"two days apart", sunday, tuesday, false, false},
		{"monday not last week", monday, week, false, true},
		{"tuesday not last week", tuesday, week, false, false},
		{"duration", sunday, dur, false, true},
		{"unresolved", sunday, unres, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.a.Overlaps(tt.b); got != tt.overlap {
				t.Errorf("Overlaps = %v", got)
			}
			if got := tt.a.Compatible(tt.b); got != tt.compa {
				t.Errorf("Compatible = %v", got)
			}
			if tt.a.Overlaps(tt.b) != tt.b.Overlaps(tt.a) || tt.a.Compatible(tt.b) != tt.b.Compatible(tt.a) {
				t.Error("not symmetric")
			}
		})
	}
}

func TestResolveBadNorm(t *testing.T) {
	for _, n := range []string{"", "P", "PXD", "WEEKDAY:FOO", "THIS:EON", "12", "XXXX-13", "2025-Q9", "EARLY:", "WITHIN:P0D", "XXXX-02-31"} {
		v := ResolveTense(Value{Kind: KindDate, Unresolved: n}, mon, Unknown)
		if v.Resolved() {
			t.Errorf("%q resolved to %v", n, v.Begin)
		}
	}
}

func checkValues(t *testing.T, text string, vs []Value) {
	t.Helper()
	last := 0
	for _, v := range vs {
		if v.Start < last || v.End < v.Start || v.End > len(text) {
			t.Fatalf("bad offsets [%d,%d) after %d in %q", v.Start, v.End, last, text)
		}
		// rune boundaries are only defined for valid UTF-8
		if utf8.ValidString(text) && (!utf8.RuneStart(text[v.Start]) || (v.End < len(text) && !utf8.RuneStart(text[v.End]))) {
			t.Fatalf("offsets [%d,%d) not on rune boundaries in %q", v.Start, v.End, text)
		}
		if text[v.Start:v.End] != v.Text {
			t.Fatalf("Text %q != input[%d:%d] %q", v.Text, v.Start, v.End, text[v.Start:v.End])
		}
		if v.Resolved() && !v.Begin.Before(v.Until) {
			t.Fatalf("empty interval for %q: [%v, %v)", v.Text, v.Begin, v.Until)
		}
		last = v.End
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"on Sunday", "Sept. 29th, 2025", "the 29th of September", "2025-10-13",
		"late last year", "mid-October", "for 48 hours", "the end of the month", "the late 1990s",
		"a 48-hour truce", "the past 24 hours", "1999-", "Monday, 3", "the third quarter of", "Mai 3 — 2025"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		vs := Find(s)
		checkValues(t, s, vs)
		checkValues(t, s, Parse(s, mon))
		for _, v := range vs {
			for _, tense := range []Tense{Past, Future} {
				r := ResolveTense(v, mon, tense)
				if r.Resolved() && !r.Begin.Before(r.Until) {
					t.Fatalf("empty interval for %q", v.Text)
				}
			}
		}
	})
}
