package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/store/sqlite"
	"github.com/readout/readout/internal/store/storetest"
)

// TestStoryCommands stores a story directly and reads it back through
// 'stories' and 'story'. The outlets and people are invented.
func TestStoryCommands(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "r.db")
	st, err := sqlite.Open(ctx, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	a1 := storetest.Article("https://harbour-gazette.example/s/1", "Ferry link to Denmark agreed",
		"Transport Minister Liv Moen signed the ferry agreement in Kristiansand on Friday.")
	a1.Site, a1.Published = "The Harbour Gazette", time.Date(2025, 6, 6, 8, 0, 0, 0, time.UTC)
	a1.Events = []news.Event{storetest.Event(a1, news.EventAgree, "signed", news.StatusOccurred)}
	a2 := storetest.Article("https://northern-ledger.example/s/2", "Ferry deal signed",
		"Transport Minister Liv Moen signed the ferry agreement in Kristiansand on Thursday.")
	a2.Site, a2.Published = "Northern Ledger", time.Date(2025, 6, 6, 11, 0, 0, 0, time.UTC)
	a2.Events = []news.Event{storetest.Event(a2, news.EventAgree, "signed", news.StatusOccurred)}
	for _, a := range []*news.Article{a1, a2} {
		if _, err := st.PutArticle(ctx, a, nil); err != nil {
			t.Fatal(err)
		}
	}
	ev := func(a *news.Article) news.EventEvidence {
		e := a.Events[0]
		return news.EventEvidence{ArticleID: a.ID, Site: a.Site, SentenceStart: e.SentenceStart, SentenceEnd: e.SentenceEnd,
			Trigger: news.Span{Start: e.Trigger.Start, End: e.Trigger.End}, Text: a.Text[e.SentenceStart:e.SentenceEnd], Status: e.Status}
	}
	i1, i2 := strings.Index(a1.Text, "on Friday"), strings.Index(a2.Text, "on Thursday")
	d := news.StoryDetail{
		Story: news.Story{ID: "s-ferry", Title: "Ferry link to Denmark agreed", FirstSeen: a1.Published, LastSeen: a2.Published,
			Articles: 2, Sources: 2, Independent: 1, Events: 1,
			KeyEntities: []news.StoryEntity{{ID: "per:liv-moen", Name: "Liv Moen", Type: "person", Articles: 2}}},
		Members: []news.StoryArticle{
			{ArticleID: a1.ID, Title: a1.Title, Site: a1.Site, URL: a1.URL, Published: a1.Published, Similarity: 1},
			{ArticleID: a2.ID, Title: a2.Title, Site: a2.Site, URL: a2.URL, Published: a2.Published, NearDuplicateOf: a1.ID, Similarity: 0.91},
		},
		MergedEvents: []news.StoryEvent{{ID: "s-ferry.0", Type: news.EventAgree, Status: news.StatusOccurred,
			Actors: []string{"NORGOV"}, Place: "Kristiansand", Country: "NOR", Mentions: 2, Articles: 2, Independent: 1,
			Conflicts: []string{"date"}, Evidence: []news.EventEvidence{ev(a1), ev(a2)}}},
		Contradictions: []news.Contradiction{{Kind: "date", Subject: "date of AGREE by NORGOV",
			A: news.Evidence{ArticleID: a1.ID, Site: a1.Site, Start: i1, End: i1 + len("on Friday"), Text: "on Friday", Value: "2025-06-06"},
			B: news.Evidence{ArticleID: a2.ID, Site: a2.Site, Start: i2, End: i2 + len("on Thursday"), Text: "on Thursday", Value: "2025-06-05"}}},
	}
	other := news.StoryDetail{Story: news.Story{ID: "s-other", Title: "Quiet day at the port", FirstSeen: a1.Published.AddDate(0, 0, -3),
		LastSeen: a1.Published.AddDate(0, 0, -3), Articles: 0}}
	if err := st.PutStories(ctx, []news.StoryDetail{d, other}); err != nil {
		t.Fatal(err)
	}
	st.Close()

	// Listing.
	out := runOK(t, "stories", "--db", db)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "ID") || !strings.HasPrefix(lines[1], "s-ferry") ||
		!strings.Contains(lines[1], "2025-06-06") || !strings.Contains(lines[1], "Ferry link to Denmark agreed") ||
		!strings.HasPrefix(lines[2], "s-other") {
		t.Fatalf("stories table:\n%s", out)
	}
	list := decodeJSON[[]news.Story](t, "stories --json", runOK(t, "stories", "--db", db, "--json", "--entity", "per:liv-moen"))
	if len(list) != 1 || list[0].ID != "s-ferry" || list[0].Independent != 1 || len(list[0].KeyEntities) != 1 {
		t.Fatalf("stories --entity: %+v", list)
	}
	for _, tc := range []struct {
		args []string
		want int
	}{
		{[]string{"--search", "FERRY"}, 1},
		{[]string{"--search", "volcano"}, 0},
		{[]string{"--min-sources", "1"}, 1},
		{[]string{"--since", "2025-06-06"}, 1},
		{[]string{"--until", "2025-06-04"}, 1},
		{[]string{"--limit", "1", "--offset", "1"}, 1},
	} {
		got := decodeJSON[[]news.Story](t, "stories", runOK(t, append([]string{"stories", "--db", db, "--json"}, tc.args...)...))
		if len(got) != tc.want {
			t.Errorf("stories %q: %d stories, want %d", tc.args, len(got), tc.want)
		}
	}
	if out := runOK(t, "stories", "--db", db, "--search", "volcano"); strings.TrimSpace(out) != "no stories" {
		t.Fatalf("no match: %q", out)
	}

	// One story: sources side by side, events with evidence, contradictions.
	out = runOK(t, "story", "--db", db, "s-ferry")
	for _, want := range []string{
		"Ferry link to Denmark agreed\n====",
		"2 articles, 2 sources (1 independent)",
		"Liv Moen (per:liv-moen, 2)",
		"The Harbour Gazette  2025-06-06  Ferry link to Denmark agreed",
		"Northern Ledger      2025-06-06  Ferry deal signed",
		"≈ " + a1.ID + " (0.91)",
		"AGREE occurred  NORGOV  in Kristiansand",
		"2 mentions in 2 articles (1 independent)  [s-ferry.0]",
		"sources disagree on: date",
		"- Northern Ledger: Transport Minister Liv Moen signed the ferry agreement in Kristiansand on Thursday.",
		"date: date of AGREE by NORGOV",
		`The Harbour Gazette says "2025-06-06": "on Friday"`,
		`Northern Ledger says "2025-06-05": "on Thursday"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("story text lacks %q:\n%s", want, out)
		}
	}
	got := decodeJSON[news.StoryDetail](t, "story --json", runOK(t, "story", "--db", db, "s-ferry", "--json"))
	if got.ID != "s-ferry" || len(got.Members) != 2 || len(got.MergedEvents) != 1 || len(got.MergedEvents[0].Evidence) != 2 ||
		len(got.Contradictions) != 1 || got.Contradictions[0].B.Text != "on Thursday" {
		t.Fatalf("story --json = %+v", got)
	}
	// The events of the story's articles point at the merged event.
	evs := decodeJSON[[]news.EventSummary](t, "events", runOK(t, "events", "--db", db, "--json"))
	if len(evs) != 2 || evs[0].StoryEventID != "s-ferry.0" || evs[1].StoryEventID != "s-ferry.0" {
		t.Fatalf("events of the story: %+v", evs)
	}

	if _, errOut, code := cli(t, "", "story", "--db", db, "s-missing"); code != 3 || !strings.Contains(errOut, "not found") {
		t.Fatalf("story s-missing: exit %d %q, want 3", code, errOut)
	}
	for _, args := range [][]string{{"stories", "--min-sources", "-1"}, {"stories", "-n", "0"}, {"stories", "--since", "June"},
		{"story"}, {"story", "a", "b"}} {
		if _, errOut, code := cli(t, "", append(args, "--db", db)...); code != 2 || errOut == "" {
			t.Errorf("%q: exit %d (%q), want usage error 2", args, code, errOut)
		}
	}
}

// TestStoriesFollowIngestAndRestory: ingesting computes stories (the
// pipeline hook), restory gives the same stories, and running it again
// changes nothing.
func TestStoriesFollowIngestAndRestory(t *testing.T) {
	db := ingestFisheries(t)
	snapshot := func() (string, map[string]string) {
		list := runOK(t, "stories", "--db", db, "--json")
		details := map[string]string{}
		for _, s := range decodeJSON[[]news.Story](t, "stories", list) {
			details[s.ID] = runOK(t, "story", "--db", db, s.ID, "--json")
		}
		return list, details
	}
	list0, details0 := snapshot()
	stories := decodeJSON[[]news.Story](t, "stories", list0)
	if len(stories) != 2 {
		t.Fatalf("ingest made %d stories, want 2 (the talks and the rally): %s", len(stories), list0)
	}
	talks := stories[1]
	if stories[0].Title != "Farmers rally in Lyon against water tariff" || talks.Articles != 3 || talks.Sources != 3 || talks.Independent != 2 {
		t.Fatalf("stories after ingest: %+v", stories)
	}
	d := decodeJSON[news.StoryDetail](t, "story", details0[talks.ID])
	var copyOf string
	for _, m := range d.Members {
		if m.Site == "Mirror News" {
			copyOf = m.NearDuplicateOf
		}
	}
	if copyOf == "" || len(d.MergedEvents) == 0 || d.MergedEvents[0].Mentions < 2 {
		t.Fatalf("talks story: %+v", d)
	}

	for i := range 2 {
		out := runOK(t, "restory", "--db", db)
		if !strings.HasPrefix(out, "restory: 4 articles · 2 stories · ") {
			t.Fatalf("restory summary: %q", out)
		}
		list, details := snapshot()
		if list != list0 {
			t.Fatalf("restory %d changed the listing:\n%s\nwas\n%s", i+1, list, list0)
		}
		for id, want := range details0 {
			if details[id] != want {
				t.Fatalf("restory %d changed story %s:\n%s\nwas\n%s", i+1, id, details[id], want)
			}
		}
	}
	sum := decodeJSON[map[string]float64](t, "restory --json", runOK(t, "restory", "--db", db, "--json"))
	if sum["articles"] != 4 || sum["stories"] != 2 || sum["merged_events"] < 4 {
		t.Fatalf("restory --json = %v", sum)
	}

	// Ingesting the same input again stores nothing new and keeps the
	// stories; a new article about the rally joins its story.
	more := writeFiles(t, map[string]string{"more.jsonl": `{"url":"https://rhone-daily.example/rally2","title":"Lyon farmers protest water tariff","published":"2025-05-10T18:00:00Z","source":"Rhone Daily","text":"Farmers protested in Lyon on Saturday against the new water tariff, and police arrested twelve protesters near the prefecture."}` + "\n"})
	runOK(t, "ingest", "--db", db, "-q", more)
	after := decodeJSON[[]news.Story](t, "stories", runOK(t, "stories", "--db", db, "--json"))
	if len(after) != 2 || after[0].ID != stories[0].ID || after[0].Articles != 2 {
		t.Fatalf("after a new rally article: %+v", after)
	}
}

// TestStoriesCatchUp: a store whose articles have no stories (restory
// never ran, or they were reset) gets all of them at the next ingest.
func TestStoriesCatchUp(t *testing.T) {
	db := ingestFisheries(t)
	ctx := context.Background()
	st, err := sqlite.Open(ctx, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.ResetStories(ctx); err != nil {
		t.Fatal(err)
	}
	st.Close()
	more := writeFiles(t, map[string]string{"more.jsonl": `{"url":"https://coast-wire.example/storm","title":"Storm closes ports in Brittany","published":"2025-05-12T07:00:00Z","source":"Coast Wire","text":"A storm closed the fishing ports of Brest and Lorient on Monday, the prefecture said."}` + "\n"})
	runOK(t, "ingest", "--db", db, "-q", more)
	list := decodeJSON[[]news.Story](t, "stories", runOK(t, "stories", "--db", db, "--json"))
	if len(list) != 3 {
		t.Fatalf("after catching up: %d stories, want 3: %+v", len(list), list)
	}
}
