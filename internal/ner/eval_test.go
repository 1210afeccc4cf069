package ner

import (
	"math"
	"testing"
)

func TestScore(t *testing.T) {
	tests := []struct {
		name       string
		gold, pred [][]string
		p, r, f    float64
		perType    map[string][3]int // gold, pred, correct
	}{
		{
			name: "perfect",
			gold: [][]string{{"B-PER", "I-PER", "O", "B-LOC"}},
			pred: [][]string{{"B-PER", "I-PER", "O", "B-LOC"}},
			p:    100, r: 100, f: 100,
		},
		{
			name: "boundary error counts as both fp and fn",
			gold: [][]string{{"B-PER", "I-PER", "O"}},
			pred: [][]string{{"B-PER", "O", "O"}},
			p:    0, r: 0, f: 0,
			perType: map[string][3]int{"PER": {1, 1, 0}},
		},
		{
			name: "one of two found, one spurious",
			gold: [][]string{{"B-ORG", "O", "B-LOC"}, {"O", "O"}},
			pred: [][]string{{"B-ORG", "O", "O"}, {"B-MISC", "O"}},
			p:    50, r: 50, f: 50,
			perType: map[string][3]int{"ORG": {1, 1, 1}, "LOC": {1, 0, 0}, "MISC": {0, 1, 0}},
		},
		{
			name: "iob1 gold against iob2 prediction",
			gold: [][]string{{"I-PER", "I-PER", "O", "I-LOC", "B-LOC"}},
			pred: [][]string{{"B-PER", "I-PER", "O", "B-LOC", "I-LOC"}},
			p:    50, r: 100.0 / 3, f: 40,
		},
		{
			name: "wrong type",
			gold: [][]string{{"B-ORG"}},
			pred: [][]string{{"B-LOC"}},
			p:    0, r: 0, f: 0,
		},
	}
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var s Score
			for i := range tc.gold {
				s.Add(tc.gold[i], tc.pred[i])
			}
			if !near(s.Total.P(), tc.p) || !near(s.Total.R(), tc.r) || !near(s.Total.F1(), tc.f) {
				t.Errorf("P/R/F1 = %.3f/%.3f/%.3f, want %.3f/%.3f/%.3f", s.Total.P(), s.Total.R(), s.Total.F1(), tc.p, tc.r, tc.f)
			}
			for ty, want := range tc.perType {
				c := s.ByType[ty]
				if got := [3]int{c.Gold, c.Pred, c.Correct}; got != want {
					t.Errorf("%s counts = %v, want %v", ty, got, want)
				}
			}
		})
	}
}
