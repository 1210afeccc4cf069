package clean

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/source"
)

// exampleGold is one entry of examples/gold.json.
type exampleGold struct {
	File           string   `json:"file"`
	Title          string   `json:"title"`
	Bylines        []string `json:"bylines"`
	Published      *string  `json:"published"`
	Site           *string  `json:"site"`
	Dateline       string   `json:"dateline"`
	OriginalSource string   `json:"original_source"`
	Language       string   `json:"language"`
	BodyStart      string   `json:"body_starts_with"`
	BodyEnd        string   `json:"body_ends_with"`
}

// exampleFields are the scored fields, in table order.
var exampleFields = []string{"title", "bylines", "published", "site", "dateline", "original_source", "language", "body"}

// exampleFloor is the least number of the 25 example articles each field
// must get right: a regression guard set from the scores reached (see
// TestExamples's log for the current table).
var exampleFloor = map[string]int{
	"title": 25, "bylines": 25, "published": 25, "site": 25, "dateline": 25,
	"original_source": 25, "language": 25, "body": 25,
}

// exampleDocs reads every article of ../../examples through the source
// package, as ingest does, keyed by the gold file name.
func exampleDocs(t *testing.T, dir string) map[string]news.Document {
	t.Helper()
	docs := map[string]news.Document{}
	for _, sub := range []string{"html", "text", "jsonl"} {
		files, _ := filepath.Glob(filepath.Join(dir, sub, "*"))
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			rel := sub + "/" + filepath.Base(f)
			n := 0
			err = source.Read(context.Background(), rel, bytes.NewReader(data), source.Options{}, func(it source.Item) error {
				if it.Err != nil {
					return fmt.Errorf("%s: %v", rel, it.Err)
				}
				n++
				name := rel
				if sub == "jsonl" {
					name = fmt.Sprintf("%s#%d", rel, n)
				}
				docs[name] = it.Doc
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	return docs
}

// scoreExample compares one cleaned article with its gold entry and returns
// the fields it got wrong, each with what was found.
func scoreExample(a *news.Article, g exampleGold) map[string]string {
	bad := map[string]string{}
	if norm := func(s string) string { return strings.Join(strings.Fields(s), " ") }; norm(a.Title) != norm(g.Title) {
		bad["title"] = a.Title
	}
	got := slices.Clone(a.Bylines)
	want := slices.Clone(g.Bylines)
	sort.Strings(got)
	sort.Strings(want)
	if !slices.Equal(got, want) {
		bad["bylines"] = strings.Join(a.Bylines, "; ")
	}
	switch {
	case g.Published == nil:
		if !a.Published.IsZero() {
			bad["published"] = a.Published.Format(time.RFC3339)
		}
	case len(*g.Published) == len("2006-01-02"):
		if a.Published.Format("2006-01-02") != *g.Published {
			bad["published"] = a.Published.Format(time.RFC3339)
		}
	default:
		w, err := time.Parse(time.RFC3339, *g.Published)
		if err != nil || !a.Published.Equal(w) {
			bad["published"] = a.Published.Format(time.RFC3339)
		}
	}
	wantSite := ""
	if g.Site != nil {
		wantSite = *g.Site
	}
	if a.Site != wantSite {
		bad["site"] = a.Site
	}
	if !strings.EqualFold(a.Dateline, g.Dateline) {
		bad["dateline"] = a.Dateline
	}
	if !strings.EqualFold(a.OriginalSource, g.OriginalSource) {
		bad["original_source"] = a.OriginalSource
	}
	if a.Language != g.Language {
		bad["language"] = a.Language
	}
	if !strings.HasPrefix(a.Text, g.BodyStart) || !strings.HasSuffix(strings.TrimSpace(a.Text), g.BodyEnd) {
		start, end := a.Text, a.Text
		if len(start) > 80 {
			start = start[:80]
		}
		if len(end) > 80 {
			end = end[len(end)-80:]
		}
		bad["body"] = fmt.Sprintf("starts %q … ends %q", start, end)
	}
	return bad
}

// TestExamples cleans the fictional corpus in examples/ and scores each
// metadata field and the body boundaries against examples/gold.json. It
// logs a per-field table and fails when a field falls below its floor.
func TestExamples(t *testing.T) {
	dir := filepath.Join("..", "..", "examples")
	raw, err := os.ReadFile(filepath.Join(dir, "gold.json"))
	if err != nil {
		t.Skipf("no examples corpus: %v", err)
	}
	var gold struct {
		Articles []exampleGold `json:"articles"`
	}
	if err := json.Unmarshal(raw, &gold); err != nil {
		t.Fatal(err)
	}
	docs := exampleDocs(t, dir)
	right := map[string]int{}
	for _, g := range gold.Articles {
		d, ok := docs[g.File]
		if !ok {
			t.Errorf("%s: no such example file", g.File)
			continue
		}
		a, err := Document(d, Options{})
		if err != nil {
			t.Errorf("%s: %v", g.File, err)
			continue
		}
		bad := scoreExample(a, g)
		for _, f := range exampleFields {
			if why, ok := bad[f]; ok {
				t.Logf("%-52s %-15s got %q", g.File, f, why)
			} else {
				right[f]++
			}
		}
	}
	var tb strings.Builder
	fmt.Fprintf(&tb, "\n%-16s %s\n", "field", "right")
	for _, f := range exampleFields {
		fmt.Fprintf(&tb, "%-16s %2d/%d\n", f, right[f], len(gold.Articles))
	}
	t.Log(tb.String())
	for _, f := range exampleFields {
		if right[f] < exampleFloor[f] {
			t.Errorf("%s: %d/%d right, floor is %d", f, right[f], len(gold.Articles), exampleFloor[f])
		}
	}
}
