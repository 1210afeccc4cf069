package story

import (
	"os"
	"testing"
)

// TestGoldTextOnly clusters the labelled set on text alone (no entities
// or events) and holds the scores to a floor.
func TestGoldTextOnly(t *testing.T) {
	f, err := os.Open("testdata/gold.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gold, err := ReadGold(f)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := Evaluate(gold, Options{}, nil)
	t.Logf("articles %d, gold stories %d, stories %d", s.Articles, s.GoldStories, s.Stories)
	t.Logf("pairwise P %.3f R %.3f F1 %.3f; BCubed P %.3f R %.3f F1 %.3f; near-dup P %.3f R %.3f (%d/%d, %d predicted)",
		s.PairPrecision, s.PairRecall, s.PairF1, s.BCubedPrecision, s.BCubedRecall, s.BCubedF1,
		s.DupPrecision, s.DupRecall, s.DupCorrect, s.DupGold, s.DupPredicted)
	for _, e := range s.Errors {
		t.Log(e)
	}
	if s.DupPrecision < 0.99 || s.DupRecall < 0.99 {
		t.Errorf("near-duplicates P %.3f R %.3f, want ≥ 0.99", s.DupPrecision, s.DupRecall)
	}
	if s.BCubedF1 < 0.9 {
		t.Errorf("BCubed F1 %.3f, want ≥ 0.9", s.BCubedF1)
	}
}
