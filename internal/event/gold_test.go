package event

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/readout/readout/internal/kb"
)

// TestGold scores the coder on testdata/gold.jsonl (sentences written for
// this package) and fails below a floor, so that regressions show.
func TestGold(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "gold.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gold, err := ReadGold(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(gold) < 40 {
		t.Fatalf("gold has %d items, want ≥ 40", len(gold))
	}
	sc := Evaluate(gold, prepare(t), kb.Default())
	logScores(t, "dev", sc)
	for _, e := range sc.Errors {
		t.Log(e)
	}
	if sc.Precision < 0.75 || sc.Recall < 0.6 || sc.StatusAccuracy < 0.7 {
		t.Errorf("below floor: P %.3f R %.3f status %.3f", sc.Precision, sc.Recall, sc.StatusAccuracy)
	}
}

// TestHeldOut scores testdata/heldout.jsonl, written after the coder and
// not tuned on; it logs the figures and only guards against collapse.
func TestHeldOut(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "heldout.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gold, err := ReadGold(f)
	if err != nil {
		t.Fatal(err)
	}
	sc := Evaluate(gold, prepare(t), kb.Default())
	logScores(t, "held-out", sc)
	if os.Getenv("EVENT_HELDOUT_ERRORS") != "" { // not while tuning
		for _, e := range sc.Errors {
			t.Log(e)
		}
	}
	if sc.F1 < 0.5 {
		t.Errorf("held-out F1 %.3f below 0.5", sc.F1)
	}
}

func logScores(t *testing.T, name string, sc Scores) {
	t.Helper()
	r := func(x Ratio) string { return fmt.Sprintf("%.3f (%d/%d)", x.Accuracy, x.Correct, x.Total) }
	t.Logf("%s items %d  type P %.3f R %.3f F1 %.3f (tp %d fp %d fn %d)  status %.3f (%d/%d)  mode %s  actors %s  recipients %s  location %s  date %s",
		name, sc.Items, sc.Precision, sc.Recall, sc.F1, sc.TP, sc.FP, sc.FN, sc.StatusAccuracy, sc.StatusCorrect, sc.StatusTotal,
		r(sc.Mode), r(sc.Actors), r(sc.Recipients), r(sc.Location), r(sc.Date))
}
