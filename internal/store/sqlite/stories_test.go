package sqlite

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/store/storetest"
)

// storyRows counts the rows of every story table.
func storyRows(t testing.TB, s *Store) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, tb := range []string{"stories", "story_members", "story_events", "story_evidence", "story_entities"} {
		var n int
		if err := s.r.QueryRow(`SELECT COUNT(*) FROM ` + tb).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[tb] = n
	}
	return out
}

// synthStory is a story of n members with one merged event per member.
func synthStory(id string, n int, first time.Time) news.StoryDetail {
	d := news.StoryDetail{Story: news.Story{ID: id, Title: "Story " + id, FirstSeen: first,
		LastSeen: first.Add(time.Duration(n) * time.Hour), Articles: n, Sources: n, Independent: n, Events: n,
		KeyEntities: []news.StoryEntity{{ID: "per:p-" + id, Name: "P", Articles: n}, {ID: "country:NOR", Name: "Norway", Articles: n}}}}
	for i := range n {
		aid := fmt.Sprintf("a-%s-%d", id, i)
		d.Members = append(d.Members, news.StoryArticle{ArticleID: aid, Title: "T", Site: "S", Published: first})
		d.MergedEvents = append(d.MergedEvents, news.StoryEvent{ID: fmt.Sprintf("%s.%d", id, i), Type: news.EventConsult,
			Status: news.StatusOccurred, Mentions: 1, Articles: 1, Independent: 1,
			Evidence: []news.EventEvidence{{ArticleID: aid, Index: 0, Text: "x", Status: news.StatusOccurred}}})
	}
	return d
}

// Replacing and resetting stories leaves no rows behind.
func TestStoriesLeaveNoOrphans(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	day := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	if err := s.PutStories(ctx, []news.StoryDetail{synthStory("x", 5, day), synthStory("y", 3, day)}); err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"stories": 2, "story_members": 8, "story_events": 8, "story_evidence": 8, "story_entities": 4}
	if got := storyRows(t, s); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("rows = %v, want %v", got, want)
	}
	// x shrinks to 2 members; y takes one of x's old articles.
	x := synthStory("x", 2, day)
	y := synthStory("y", 3, day)
	y.Members = append(y.Members, news.StoryArticle{ArticleID: "a-x-4"})
	if err := s.PutStories(ctx, []news.StoryDetail{x, y}); err != nil {
		t.Fatal(err)
	}
	want = map[string]int{"stories": 2, "story_members": 6, "story_events": 5, "story_evidence": 5, "story_entities": 4}
	if got := storyRows(t, s); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("after replacing: rows = %v, want %v", got, want)
	}
	if id, err := s.StoryOf(ctx, "a-x-4"); err != nil || id != "y" {
		t.Fatalf("StoryOf(a-x-4) = %q, %v", id, err)
	}
	if err := s.ResetStories(ctx); err != nil {
		t.Fatal(err)
	}
	for tb, n := range storyRows(t, s) {
		if n != 0 {
			t.Fatalf("after reset %s has %d rows", tb, n)
		}
	}
}

// A story given twice in one batch is refused.
func TestPutStoriesTwiceInBatch(t *testing.T) {
	s := openTest(t)
	d := synthStory("x", 1, time.Now())
	err := s.PutStories(context.Background(), []news.StoryDetail{d, d})
	if !news.IsKind(err, news.KindInvalid) {
		t.Fatalf("PutStories with a repeated ID: %v, want invalid", err)
	}
}

// BenchmarkPutStories writes batches of 500 stories of 8 articles (what
// the pipeline hook and restory write).
func BenchmarkPutStories(b *testing.B) {
	s := openTest(b)
	ctx := context.Background()
	day := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	batch := make([]news.StoryDetail, 500)
	for i := range batch {
		batch[i] = synthStory(fmt.Sprintf("s%d", i), 8, day)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := s.PutStories(ctx, batch); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(batch))/b.Elapsed().Seconds(), "stories/s")
}

// BenchmarkEachArticle reads back 700-word articles with their events,
// as restory does.
func BenchmarkEachArticle(b *testing.B) {
	s := openTest(b)
	ctx := context.Background()
	const n = 200
	for i := range n {
		a := storetest.LongArticle(i, 700)
		a.Events = []news.Event{storetest.Event(a, news.EventConsult, "agreed", news.StatusOccurred)}
		if _, err := s.PutArticle(ctx, a, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		k := 0
		if err := s.EachArticle(ctx, func(*news.Article) error { k++; return nil }); err != nil || k != n {
			b.Fatalf("EachArticle: %d articles, %v", k, err)
		}
	}
	b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkEvents lists the newest 50 events of 2000 articles, unfiltered
// and by actor.
func BenchmarkEvents(b *testing.B) {
	s := openTest(b)
	ctx := context.Background()
	for i := range 2000 {
		a := storetest.Article(fmt.Sprintf("https://bench.example/%d", i), "Bench",
			fmt.Sprintf("Minister Liv Haugen met envoys from Denmark in round %d.", i))
		a.Published = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute)
		e := storetest.Event(a, news.EventConsult, "met", news.StatusOccurred)
		e.Actors = []news.EventActor{storetest.Participant(a, "Liv Haugen", fmt.Sprintf("per:p%d", i%40), "NOR", "GOV")}
		a.Events = []news.Event{e}
		if _, err := s.PutArticle(ctx, a, nil); err != nil {
			b.Fatal(err)
		}
	}
	for _, f := range []news.EventFilter{{}, {Actor: "per:p7"}, {Actor: "haugen"}} {
		b.Run(fmt.Sprintf("actor=%q", f.Actor), func(b *testing.B) {
			for b.Loop() {
				if l, err := s.Events(ctx, f); err != nil || len(l) == 0 {
					b.Fatalf("Events: %d, %v", len(l), err)
				}
			}
		})
	}
}
