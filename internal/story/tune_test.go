package story

import (
	"os"
	"testing"
	"time"
)

// TestTune sweeps the thresholds over the labelled set (text only); run
// with READOUT_STORY_TUNE=1.
func TestTune(t *testing.T) {
	if os.Getenv("READOUT_STORY_TUNE") == "" {
		t.Skip("set READOUT_STORY_TUNE=1")
	}
	f, err := os.Open("testdata/gold.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gold, err := ReadGold(f)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []time.Duration{14 * 24 * time.Hour, 30 * 24 * time.Hour} {
		for _, gp := range []float64{0.1, 0.3, 0.5} {
			for _, th := range []float64{0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6} {
				s, _ := Evaluate(gold, Options{Threshold: th, GapPenalty: gp, Window: w}, nil)
				t.Logf("window %v gap %.2f thr %.2f: BCubed P %.3f R %.3f F1 %.3f pair F1 %.3f", w, gp, th, s.BCubedPrecision, s.BCubedRecall, s.BCubedF1, s.PairF1)
			}
		}
	}
}
