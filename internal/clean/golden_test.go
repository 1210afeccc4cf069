package clean

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/readout/readout/internal/news"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// goldenView is the part of an Article the golden files pin down.
type goldenView struct {
	Title          string        `json:"title"`
	Bylines        []string      `json:"bylines,omitempty"`
	Published      string        `json:"published,omitempty"`
	Site           string        `json:"site,omitempty"`
	Dateline       string        `json:"dateline,omitempty"`
	OriginalSource string        `json:"original_source,omitempty"`
	CanonicalURL   string        `json:"canonical_url,omitempty"`
	Language       string        `json:"language"`
	Blocks         []goldenBlock `json:"blocks"`
	Removed        []string      `json:"removed,omitempty"`
}

type goldenBlock struct {
	Kind news.BlockKind `json:"kind"`
	Text string         `json:"text"`
}

func view(a *news.Article) goldenView {
	v := goldenView{Title: a.Title, Bylines: a.Bylines, Site: a.Site, Dateline: a.Dateline,
		OriginalSource: a.OriginalSource, CanonicalURL: a.CanonicalURL, Language: a.Language, Removed: a.Removed}
	if !a.Published.IsZero() {
		v.Published = a.Published.UTC().Format(time.RFC3339)
	}
	for _, b := range a.Blocks {
		v.Blocks = append(v.Blocks, goldenBlock{b.Kind, a.Text[b.Start:b.End]})
	}
	return v
}

// fixture cleans one testdata file, HTML or text by its extension.
func fixture(t testing.TB, name string) *news.Article {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	f := news.FormatText
	if strings.HasSuffix(name, ".html") {
		f = news.FormatHTML
	}
	a, err := Document(news.Document{Origin: name, Format: f, Body: b, URL: "https://example.org/" + name}, Options{})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	checkInvariants(t, a)
	return a
}

func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.*")
	if len(files) < 10 {
		t.Fatalf("expected at least 10 fixtures, found %d", len(files))
	}
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			a := fixture(t, name)
			got, _ := json.MarshalIndent(view(a), "", "  ")
			got = append(got, '\n')
			gf := filepath.Join("testdata", "golden", strings.TrimSuffix(name, filepath.Ext(name))+".json")
			if *update {
				if err := os.WriteFile(gf, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(gf)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("output differs from %s (run go test -update after checking):\n%s", gf, got)
			}
		})
	}
}

// checkInvariants: blocks tile Text in order, joined by blank lines, and
// every block is trimmed, non-empty, valid text.
func checkInvariants(t testing.TB, a *news.Article) {
	t.Helper()
	var parts []string
	prev := -2
	for _, b := range a.Blocks {
		if b.Start < 0 || b.End > len(a.Text) || b.Start >= b.End || b.Start != prev+2 && prev != -2 {
			t.Fatalf("bad block %+v in text of %d bytes (previous end %d)", b, len(a.Text), prev)
		}
		if prev == -2 && b.Start != 0 {
			t.Fatalf("first block starts at %d", b.Start)
		}
		s := a.Text[b.Start:b.End]
		if strings.TrimSpace(s) != s || strings.Contains(s, "\n") {
			t.Fatalf("block not trimmed to one line: %q", s)
		}
		parts = append(parts, s)
		prev = b.End
	}
	if strings.Join(parts, "\n\n") != a.Text {
		t.Fatalf("blocks do not rebuild Text")
	}
	if a.ContentHash != news.BodyHash(a.Text) || a.ID == "" {
		t.Fatalf("hash or ID not set")
	}
}
