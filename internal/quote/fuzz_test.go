package quote

import (
	"testing"

	"github.com/readout/readout/internal/kb"
	"github.com/readout/readout/internal/news"
)

func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		`“We tried,” said Lars Berg. “Nobody listened.”`,
		"“Open\n\n“and close,” he said.",
		`‘It is over’, said Anna Berg. 'Straight' "quotes" "`,
		`According to , said “ ” ’ ‘ "`,
		"OSLO (Meridian Wire) — officials said, according to",
		"\xff\xfe“\x00”",
	} {
		f.Add(s)
	}
	k := kb.Default()
	f.Fuzz(func(t *testing.T, s string) {
		a := &news.Article{Text: s}
		for _, q := range Extract(a, k) {
			if q.Start < 0 || q.End > len(s) || q.Start > q.End {
				t.Fatalf("span [%d,%d) out of bounds (len %d)", q.Start, q.End, len(s))
			}
			for _, p := range q.Parts {
				if p.Start < q.Start || p.End > q.End || p.Start > p.End {
					t.Fatalf("part [%d,%d) outside [%d,%d)", p.Start, p.End, q.Start, q.End)
				}
			}
			if sp := q.Speaker; sp != nil && (sp.Start < 0 || sp.End > len(s) || sp.Start > sp.End) {
				t.Fatalf("speaker span [%d,%d) out of bounds", sp.Start, sp.End)
			}
			for _, m := range q.Via {
				if m.Start < 0 || m.End > len(s) || m.Start > m.End {
					t.Fatalf("via span out of bounds")
				}
			}
			if q.CueEnd > len(s) || q.CueStart > q.CueEnd {
				t.Fatalf("cue span out of bounds")
			}
		}
	})
}
