package eval

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

// fakeExtract returns a fixed extraction per URL, as if from an extractor.
func fakeExtract(out map[string]Extracted) ExtractFunc {
	return func(page []byte, url string) (Extracted, error) {
		ex, ok := out[url]
		if !ok {
			return Extracted{}, errors.New("no output")
		}
		if !strings.Contains(string(page), "<html>") {
			return Extracted{}, errors.New("page not read")
		}
		return ex, nil
	}
}

func TestScoreExtraction(t *testing.T) {
	cases, err := LoadExtractionSet("testdata/extract")
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 2 || cases[0].URL != "https://example.org/a" || len(cases[0].Author) != 2 || cases[1].Author[0] != "Ana Lima" {
		t.Fatalf("cases = %+v", cases)
	}
	fn := fakeExtract(map[string]Extracted{
		// Page a: both "with" found (one across a line break), one "without" found.
		"https://example.org/a": {Text: "Engineers finished the\nrepairs. The bridge will reopen on Monday.\n\nSubscribe now",
			Title: "Bridge to Reopen | The Fictional Times", Authors: []string{"Jane Roe", "John Doe"},
			Published: time.Date(2025, 1, 2, 23, 0, 0, 0, time.UTC)},
		// Page b fails: its "with" is a false negative, its "without" a true negative.
	})
	done := 0
	s, err := ScoreExtraction(cases, fn, func(n int) { done = n })
	if err != nil {
		t.Fatal(err)
	}
	if done != 2 || s.Pages != 2 || s.Errors != 1 {
		t.Fatalf("progress %d, pages %d, errors %d", done, s.Pages, s.Errors)
	}
	if s.TP != 2 || s.FN != 1 || s.FP != 1 || s.TN != 2 {
		t.Fatalf("counts TP %d FN %d FP %d TN %d", s.TP, s.FN, s.FP, s.TN)
	}
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	if !near(s.Precision, 2.0/3) || !near(s.Recall, 2.0/3) || !near(s.F1, 4.0/6) {
		t.Fatalf("P %v R %v F1 %v", s.Precision, s.Recall, s.F1)
	}
	if s.Title.Gold != 1 || s.Title.Correct != 1 || s.Date.Gold != 1 || s.Date.Correct != 1 || s.Author.Gold != 2 || s.Author.Correct != 1 {
		t.Fatalf("meta %+v %+v %+v", s.Title, s.Date, s.Author)
	}
}

func TestMetaMatches(t *testing.T) {
	if !TitleMatch("Bridge to Reopen", "bridge to reopen!") || TitleMatch("Bridge to Reopen", "Reopen") ||
		TitleMatch("A", "") || !TitleMatch("Bridge to Reopen", "Bridge to Reopen – Fictional Times") {
		t.Error("TitleMatch")
	}
	if !DateMatch("2025-01-02", time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)) || DateMatch("2025-01-02", time.Time{}) ||
		DateMatch("2025-01-02", time.Date(2025, 1, 3, 0, 0, 0, 0, time.UTC)) {
		t.Error("DateMatch")
	}
	if !AuthorMatch([]string{"Jane Roe"}, []string{"By Jane Roe"}) || AuthorMatch([]string{"Jane Roe"}, nil) ||
		AuthorMatch([]string{"Jane Roe", "John Doe"}, []string{"Max Mustermann"}) || !AuthorMatch([]string{"Jane Roe", "John Doe"}, []string{"John Doe"}) {
		t.Error("AuthorMatch")
	}
}

func TestLoadErrors(t *testing.T) {
	if _, err := LoadExtractionSet(t.TempDir()); err == nil {
		t.Fatal("missing evaldata.json accepted")
	}
	if _, err := ScoreExtraction(nil, fakeExtract(nil), nil); err == nil {
		t.Fatal("empty set accepted")
	}
}
