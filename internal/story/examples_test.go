package story

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/readout/readout/internal/news"
)

// TestExamplesTune clusters the output of
//
//	readout analyze --json examples/html/*.html examples/text/*.txt examples/jsonl/feed.jsonl > ex.json
//
// against the story letters of examples/gold.json at several thresholds;
// run with READOUT_STORY_EXAMPLES=ex.json.
func TestExamplesTune(t *testing.T) {
	path := os.Getenv("READOUT_STORY_EXAMPLES")
	if path == "" {
		t.Skip("set READOUT_STORY_EXAMPLES to the analyze --json output of examples/")
	}
	var out struct {
		Articles []struct {
			ID, Origin, URL, Title, Published, Site, Text string
			Entities                                      []news.Entity
			Events                                        []news.Event
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	var g struct {
		Stories map[string]struct{ Files []string }
	}
	b, err = os.ReadFile("../../examples/gold.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	label := map[string]string{}
	for k, s := range g.Stories {
		for _, f := range s.Files {
			label[f] = k
		}
	}
	var gold []GoldArticle
	ents := map[string][]news.Entity{}
	evs := map[string][]news.Event{}
	for _, a := range out.Articles {
		o := strings.Replace(a.Origin, "#line ", "#", 1)
		l := label[o]
		if l == "" {
			l = "X"
		}
		p, _ := time.Parse(time.RFC3339, a.Published)
		gold = append(gold, GoldArticle{ID: a.ID, Site: a.Site, URL: a.URL, Title: a.Title, Published: p, Text: a.Text, Story: l})
		ents[a.ID], evs[a.ID] = a.Entities, a.Events
	}
	prepare := func(a *news.Article) { a.Entities, a.Events = ents[a.ID], evs[a.ID] }
	for _, gpen := range []float64{0.1, 0.5} {
		for _, th := range []float64{0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45} {
			s, _ := Evaluate(gold, Options{Threshold: th, GapPenalty: gpen}, prepare)
			t.Logf("gap %.1f thr %.2f: stories %d BCubed P %.3f R %.3f F1 %.3f", gpen, th, s.Stories, s.BCubedPrecision, s.BCubedRecall, s.BCubedF1)
		}
	}
}
