package timex_test

import (
	"fmt"
	"time"

	"github.com/readout/readout/internal/timex"
)

func ExampleParse() {
	published := time.Date(2025, 10, 13, 9, 30, 0, 0, time.UTC) // a Monday
	text := "The envoys met on Sunday, the previous day talks had collapsed, and they meet again next week."
	var last time.Time // the date of the latest non-anaphoric expression
	for _, v := range timex.Parse(text, published) {
		if v.Anaphoric && !last.IsZero() {
			v = timex.Resolve(v, last) // "the previous day" counts from Sunday
		} else if v.Resolved() {
			last = v.Begin
		}
		fmt.Printf("%-18q %-12s %s..%s %s\n", v.Text, v.Unresolved,
			v.Begin.Format(time.DateOnly), v.Until.AddDate(0, 0, -1).Format(time.DateOnly), v.Precision)
	}
	// Output:
	// "Sunday"           WEEKDAY:SUN  2025-10-12..2025-10-12 day
	// "the previous day" P-1D         2025-10-11..2025-10-11 day
	// "next week"        NEXT:WEEK    2025-10-20..2025-10-26 week
}

func ExampleResolveTense() {
	published := time.Date(2025, 10, 13, 0, 0, 0, 0, time.UTC) // a Monday
	v := timex.Find("The minister is expected to arrive on Thursday.")[0]
	past := timex.ResolveTense(v, published, timex.Past)
	future := timex.ResolveTense(v, published, timex.Future)
	fmt.Println(past.Begin.Format(time.DateOnly), future.Begin.Format(time.DateOnly))
	// Output: 2025-10-09 2025-10-16
}
