package event

import (
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
	t.Logf("items %d  type P %.3f R %.3f F1 %.3f (tp %d fp %d fn %d)  status acc %.3f (%d/%d)",
		sc.Items, sc.Precision, sc.Recall, sc.F1, sc.TP, sc.FP, sc.FN, sc.StatusAccuracy, sc.StatusCorrect, sc.StatusTotal)
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
	t.Logf("held-out items %d  type P %.3f R %.3f F1 %.3f (tp %d fp %d fn %d)  status acc %.3f (%d/%d)",
		sc.Items, sc.Precision, sc.Recall, sc.F1, sc.TP, sc.FP, sc.FN, sc.StatusAccuracy, sc.StatusCorrect, sc.StatusTotal)
	for _, e := range sc.Errors {
		t.Log(e)
	}
	if sc.F1 < 0.5 {
		t.Errorf("held-out F1 %.3f below 0.5", sc.F1)
	}
}
