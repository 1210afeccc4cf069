package event

import (
	"testing"
	"time"

	"github.com/readout/readout/internal/kb"
	"github.com/readout/readout/internal/news"
)

// FuzzCode runs the real pipeline on arbitrary text, and Code on corrupted
// annotations: no panic, every span inside the text.
func FuzzCode(f *testing.F) {
	f.Add("Ghana and Togo held talks in Accra on Thursday.", 3)
	f.Add("An Israeli air strike in Beirut killed two people.", -5)
	f.Add("Peace talks are hard. «»\u00a0 did not visit", 99)
	prep := prepare(f)
	k := kb.Default()
	f.Fuzz(func(t *testing.T, s string, shift int) {
		a := &news.Article{Text: s, Published: time.Date(2025, 10, 22, 0, 0, 0, 0, time.UTC), Dateline: s}
		prep(a)
		check(t, a, Code(a, k))
		// corrupt the parse: heads and spans out of range must not panic
		for si := range a.Sentences {
			for ti := range a.Sentences[si].Tokens {
				tk := &a.Sentences[si].Tokens[ti]
				tk.Head += shift
				if shift%2 == 0 {
					tk.End += shift
				}
			}
		}
		check(t, a, Code(a, k))
	})
}

func check(t *testing.T, a *news.Article, evs []news.Event) {
	t.Helper()
	n := len(a.Text)
	in := func(s, e int) bool { return 0 <= s && s <= e && e <= n }
	for _, e := range evs {
		if !in(e.Trigger.Start, e.Trigger.End) || !in(e.SentenceStart, e.SentenceEnd) {
			t.Fatalf("span out of bounds: %+v", e)
		}
		for _, x := range append(e.Actors, e.Recipients...) {
			if !in(x.Start, x.End) {
				t.Fatalf("actor span out of bounds: %+v", x)
			}
		}
		if e.Location != nil && !in(e.Location.Start, e.Location.End) {
			t.Fatalf("location out of bounds: %+v", e.Location)
		}
		if e.Date != nil && !in(e.Date.Start, e.Date.End) {
			t.Fatalf("date out of bounds: %+v", e.Date)
		}
	}
}
