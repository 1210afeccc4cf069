package event

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/readout/readout/internal/kb"
	"github.com/readout/readout/internal/news"
)

// Gold is one annotated sentence (or short passage) of a gold file: one
// JSON object per line.
type Gold struct {
	ID        string      `json:"id"`
	Text      string      `json:"text"`
	Published string      `json:"published,omitempty"` // YYYY-MM-DD
	Events    []GoldEvent `json:"events"`
}

// GoldEvent is an expected event: its type, and optionally mode and status.
type GoldEvent struct {
	Type   news.EventType   `json:"type"`
	Mode   string           `json:"mode,omitempty"`
	Status news.EventStatus `json:"status,omitempty"`
}

// Scores are the figures of Evaluate. Events are matched within an item
// by type; status accuracy is over matched pairs with a gold status.
type Scores struct {
	Items          int                `json:"items"`
	TP, FP, FN     int                `json:"-"`
	Precision      float64            `json:"precision"`
	Recall         float64            `json:"recall"`
	F1             float64            `json:"f1"`
	StatusCorrect  int                `json:"status_correct"`
	StatusTotal    int                `json:"status_total"`
	StatusAccuracy float64            `json:"status_accuracy"`
	ByType         map[string][3]int  `json:"by_type"` // tp, fp, fn
	Errors         []string           `json:"errors,omitempty"`
	Extra          map[string]float64 `json:"extra,omitempty"`
}

// ReadGold reads a gold JSONL file.
func ReadGold(r io.Reader) ([]Gold, error) {
	var out []Gold
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "//") {
			continue
		}
		var g Gold
		if err := json.Unmarshal([]byte(line), &g); err != nil {
			return nil, news.E("event.ReadGold", news.KindInvalid, fmt.Errorf("line %d: %w", n, err))
		}
		out = append(out, g)
	}
	if err := sc.Err(); err != nil {
		return nil, news.E("event.ReadGold", news.KindInvalid, err)
	}
	return out, nil
}

// Evaluate codes every gold item and scores event types (precision,
// recall, F1) and status accuracy. prepare fills an article's sentences,
// syntax and entities (the upstream pipeline); k is passed to Code.
func Evaluate(gold []Gold, prepare func(*news.Article), k *kb.KB) Scores {
	sc := Scores{ByType: map[string][3]int{}}
	for _, g := range gold {
		sc.Items++
		a := &news.Article{ID: g.ID, Text: g.Text}
		if t, err := time.Parse("2006-01-02", g.Published); err == nil {
			a.Published = t
		}
		prepare(a)
		got := Code(a, k)
		used := make([]bool, len(got))
		for _, ge := range g.Events {
			found := -1
			for j, e := range got {
				if !used[j] && e.Type == ge.Type {
					found = j
					break
				}
			}
			bt := sc.ByType[string(ge.Type)]
			if found < 0 {
				sc.FN++
				bt[2]++
				sc.ByType[string(ge.Type)] = bt
				sc.Errors = append(sc.Errors, fmt.Sprintf("%s: missed %s", g.ID, ge.Type))
				continue
			}
			used[found] = true
			sc.TP++
			bt[0]++
			sc.ByType[string(ge.Type)] = bt
			if ge.Status != "" {
				sc.StatusTotal++
				if got[found].Status == ge.Status {
					sc.StatusCorrect++
				} else {
					sc.Errors = append(sc.Errors, fmt.Sprintf("%s: %s status %s, want %s", g.ID, ge.Type, got[found].Status, ge.Status))
				}
			}
		}
		for j, e := range got {
			if !used[j] {
				sc.FP++
				bt := sc.ByType[string(e.Type)]
				bt[1]++
				sc.ByType[string(e.Type)] = bt
				sc.Errors = append(sc.Errors, fmt.Sprintf("%s: spurious %s (%q)", g.ID, e.Type, e.Trigger.Text))
			}
		}
	}
	if sc.TP+sc.FP > 0 {
		sc.Precision = float64(sc.TP) / float64(sc.TP+sc.FP)
	}
	if sc.TP+sc.FN > 0 {
		sc.Recall = float64(sc.TP) / float64(sc.TP+sc.FN)
	}
	if sc.Precision+sc.Recall > 0 {
		sc.F1 = 2 * sc.Precision * sc.Recall / (sc.Precision + sc.Recall)
	}
	if sc.StatusTotal > 0 {
		sc.StatusAccuracy = float64(sc.StatusCorrect) / float64(sc.StatusTotal)
	}
	sort.Strings(sc.Errors)
	return sc
}
