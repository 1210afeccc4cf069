package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/readout/readout/internal/news"
)

const analyzeText = `Harbour accord signed

Kenyan Defence Minister Peter Otieno met Norwegian Foreign Minister Ingrid Solberg in Mombasa on Friday. Otieno said the accord would cover patrols. The foreign minister said the United Nations had been told.
`

func TestAnalyze(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"a.txt": analyzeText,
		"b.jsonl": `{"url":"https://wire.example/x","title":"Talks","text":"Norwegian Foreign Minister Ingrid Solberg arrived in Nairobi on Monday for two days of talks with officials.","published":"2025-05-02T08:00:00Z"}` + "\n" +
			`not json` + "\n",
		"c.txt": "Ingrid Solberg flew home.\nThe UN met in Geneva.\n",
	})
	tests := []struct {
		name     string
		args     []string
		articles int
		errors   int
		check    func(t *testing.T, arts []analyzedArticle)
	}{
		{"text file", []string{filepath.Join(dir, "a.txt")}, 1, 0, func(t *testing.T, arts []analyzedArticle) {
			a := arts[0]
			var solberg *news.Entity
			for i, e := range a.Entities {
				if e.ID == "per:ingrid-solberg" {
					solberg = &a.Entities[i]
				}
			}
			if solberg == nil {
				t.Fatalf("no per:ingrid-solberg in %+v", a.Entities)
			}
			if solberg.Actor != "NORGOV" || len(solberg.Mentions) != 2 || solberg.Mentions[1].Kind != news.MentionTitle {
				t.Errorf("solberg = %+v", solberg)
			}
			for _, m := range solberg.Mentions {
				if a.Text[m.Start:m.End] != m.Text {
					t.Errorf("span %d-%d is not %q", m.Start, m.End, m.Text)
				}
			}
		}},
		{"jsonl with a bad line", []string{filepath.Join(dir, "b.jsonl")}, 1, 1, func(t *testing.T, arts []analyzedArticle) {
			if arts[0].Published != "2025-05-02T08:00:00Z" {
				t.Errorf("published %q", arts[0].Published)
			}
			if !hasEntity(arts[0], "per:ingrid-solberg") {
				t.Errorf("entities %+v", arts[0].Entities)
			}
		}},
		{"lines", []string{"--lines", filepath.Join(dir, "c.txt")}, 2, 0, func(t *testing.T, arts []analyzedArticle) {
			if !hasEntity(arts[0], "per:ingrid-solberg") || !hasEntity(arts[1], "igo:UN") {
				t.Errorf("entities %+v / %+v", arts[0].Entities, arts[1].Entities)
			}
			if !strings.HasSuffix(arts[1].Origin, "#line 2") {
				t.Errorf("origin %q", arts[1].Origin)
			}
		}},
		{"several files", []string{filepath.Join(dir, "a.txt"), filepath.Join(dir, "c.txt")}, 2, 0, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := cli(t, "", append([]string{"analyze", "--json"}, tc.args...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			var got analyzeJSON
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, out)
			}
			if len(got.Articles) != tc.articles || len(got.Errors) != tc.errors {
				t.Fatalf("%d articles, %d errors (%q); want %d, %d", len(got.Articles), len(got.Errors), got.Errors, tc.articles, tc.errors)
			}
			if tc.check != nil {
				tc.check(t, got.Articles)
			}
		})
	}
}

func hasEntity(a analyzedArticle, id string) bool {
	for _, e := range a.Entities {
		if e.ID == id {
			return true
		}
	}
	return false
}

func TestAnalyzeTextAndErrors(t *testing.T) {
	out, errOut, code := cli(t, analyzeText, "analyze", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"per:ingrid-solberg", "NORGOV", "Foreign Minister", "KENMIL", "igo:UN", "MENTIONS"} {
		if !strings.Contains(out, want) {
			t.Errorf("text output lacks %q:\n%s", want, out)
		}
	}
	if _, errOut, code := cli(t, "", "analyze"); code == 0 || !strings.Contains(errOut, "argument") {
		t.Errorf("no argument: exit %d, %q", code, errOut)
	}
	if _, errOut, code := cli(t, "", "analyze", filepath.Join(t.TempDir(), "missing.txt")); code == 0 || strings.Count(strings.TrimSpace(errOut), "\n") > 1 {
		t.Errorf("missing file: exit %d, %q", code, errOut)
	}
}

// TestAnalyzeQuotesAndEvents checks that analyze carries the later stages:
// a quote with its speaker and medium, and events with status and date.
func TestAnalyzeQuotesAndEvents(t *testing.T) {
	doc := `{"url":"https://fjordpost.example/talks","title":"Envoys meet in Oslo","published":"2026-02-12T09:00:00Z","source":"Fjord Post","text":"Norwegian Foreign Minister Kari Lindholm met Kenyan envoys in Oslo on Tuesday.\n\n\"We made real progress,\" Lindholm told the Fjord Post.\n\nShe is expected to travel to Nairobi next week."}`
	out, errOut, code := cli(t, doc+"\n", "analyze", "--json", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got struct {
		Articles []struct {
			Quotes []struct {
				Kind    string
				Speaker *struct{ Text string }
			}
			Events []struct {
				Type, Mode, Status string
				Date               *struct{ Begin string }
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil || len(got.Articles) != 1 {
		t.Fatalf("bad JSON (%v): %s", err, out)
	}
	a := got.Articles[0]
	if len(a.Quotes) == 0 || a.Quotes[0].Kind != "direct" || a.Quotes[0].Speaker == nil || !strings.Contains(a.Quotes[0].Speaker.Text, "Lindholm") {
		t.Errorf("want a direct quote by Lindholm, got %+v", a.Quotes)
	}
	var met, planned bool
	for _, e := range a.Events {
		if e.Type == "CONSULT" && e.Status == "occurred" && e.Date != nil && strings.HasPrefix(e.Date.Begin, "2026-02-10") {
			met = true
		}
		if e.Type == "CONSULT" && e.Mode == "visit" && e.Status == "planned" {
			planned = true
		}
	}
	if !met || !planned {
		t.Errorf("want the Tuesday meeting (occurred, 2026-02-10) and the planned visit; got %+v", a.Events)
	}
}
