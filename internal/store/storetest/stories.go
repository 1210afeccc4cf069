package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/readout/readout/internal/news"
)

// storyFixtures builds two stories over the event articles: "oslo" (a1
// and a2, two outlets; seen last on 2025-06-01) and "lyon" (a3, seen on
// 2025-05-01).
func storyFixtures(a1, a2, a3 *news.Article) (oslo, lyon news.StoryDetail) {
	d := time.Date(2025, 2, 24, 0, 0, 0, 0, time.UTC)
	ev := func(a *news.Article, i int) news.EventEvidence {
		e := a.Events[i]
		return news.EventEvidence{ArticleID: a.ID, Site: a.Site, Index: i, SentenceStart: e.SentenceStart,
			SentenceEnd: e.SentenceEnd, Trigger: news.Span{Start: e.Trigger.Start, End: e.Trigger.End},
			Text: a.Text[e.SentenceStart:e.SentenceEnd], Status: e.Status, Date: e.Date}
	}
	oslo = news.StoryDetail{
		Story: news.Story{ID: "st-oslo", Title: "Nordic Ministers Meet in Oslo",
			FirstSeen: a1.Published, LastSeen: a3.Published.AddDate(0, 1, 0).Add(123456 * time.Microsecond),
			Articles: 2, Sources: 2, Independent: 2, Events: 2,
			KeyEntities: []news.StoryEntity{{ID: "per:ada-lindqvist", Name: "Ada Lindqvist", Type: "person", Articles: 1},
				{ID: "cty:swe", Name: "Sweden", Type: "country", Articles: 2}}},
		Members: []news.StoryArticle{
			{ArticleID: a1.ID, Title: a1.Title, Site: a1.Site, URL: a1.URL, Published: a1.Published, Similarity: 1},
			{ArticleID: a2.ID, Title: a2.Title, Site: a2.Site, URL: a2.URL, Published: a2.Published,
				NearDuplicateOf: a1.ID, Similarity: 0.25},
		},
		MergedEvents: []news.StoryEvent{
			{ID: "st-oslo/e1", Type: news.EventConsult, Mode: "visit", Status: news.StatusOccurred,
				Actors: []string{"SWEGOV"}, Recipients: []string{"NORGOV"}, Country: "NOR", Place: "Oslo",
				Date:     &news.EventDate{Text: "on Monday", Begin: d, Until: d.AddDate(0, 0, 1), Precision: "day"},
				Mentions: 1, Articles: 1, Independent: 1, Evidence: []news.EventEvidence{ev(a1, 0)}},
			{ID: "st-oslo/e2", Type: news.EventThreaten, Status: news.StatusOccurred, Actors: []string{"SWE"},
				Mentions: 1, Articles: 1, Independent: 1, Conflicts: []string{"date"},
				Evidence: []news.EventEvidence{ev(a2, 0)}},
		},
		Contradictions: []news.Contradiction{{Kind: "date", Subject: "date of CONSULT/visit by SWEGOV",
			A: news.Evidence{ArticleID: a1.ID, Site: a1.Site, Start: 80, End: 89, Text: "on Monday", Value: "2025-02-24"},
			B: news.Evidence{ArticleID: a2.ID, Site: a2.Site, Start: 60, End: 70, Text: "on Tuesday", Value: "2025-03-25"}}},
	}
	lyon = news.StoryDetail{
		Story: news.Story{ID: "st-lyon", Title: "Farmers plan a rally", FirstSeen: a3.Published, LastSeen: a3.Published,
			Articles: 1, Sources: 1, Independent: 1, Events: 1,
			KeyEntities: []news.StoryEntity{{ID: "grp:farmers", Name: "Farmers", Articles: 1}}},
		Members: []news.StoryArticle{{ArticleID: a3.ID, Title: a3.Title, Site: a3.Site, URL: a3.URL, Published: a3.Published, Similarity: 1}},
		MergedEvents: []news.StoryEvent{{ID: "st-lyon/e1", Type: news.EventProtest, Status: news.StatusPlanned,
			Place: "Lyon", Country: "FRA", Mentions: 1, Articles: 1, Independent: 1, Evidence: []news.EventEvidence{ev(a3, 0)}}},
		Contradictions: []news.Contradiction{},
	}
	return oslo, lyon
}

// normStory makes a stored story comparable with what was put: times in
// UTC, empty lists as nil.
func normStory(d news.StoryDetail) news.StoryDetail {
	utc := func(t *time.Time) { *t = t.UTC() }
	date := func(p *news.EventDate) *news.EventDate {
		if p == nil {
			return nil
		}
		c := *p
		utc(&c.Begin)
		utc(&c.Until)
		return &c
	}
	utc(&d.FirstSeen)
	utc(&d.LastSeen)
	if len(d.KeyEntities) == 0 {
		d.KeyEntities = nil
	}
	m := append([]news.StoryArticle(nil), d.Members...)
	for i := range m {
		utc(&m[i].Published)
	}
	d.Members = m
	evs := append([]news.StoryEvent(nil), d.MergedEvents...)
	for i := range evs {
		evs[i].Date = date(evs[i].Date)
		ev := append([]news.EventEvidence(nil), evs[i].Evidence...)
		for j := range ev {
			ev[j].Date = date(ev[j].Date)
		}
		evs[i].Evidence = ev
	}
	d.MergedEvents = evs
	if len(d.Contradictions) == 0 {
		d.Contradictions = nil
	}
	return d
}

func story(t *testing.T, s news.Store, id string) *news.StoryDetail {
	t.Helper()
	d, err := s.Story(context.Background(), id)
	if err != nil {
		t.Fatalf("Story(%s): %v", id, err)
	}
	return d
}

func stories(t *testing.T, s news.Store, f news.StoryFilter) []string {
	t.Helper()
	l, err := s.Stories(context.Background(), f)
	if err != nil {
		t.Fatalf("Stories(%+v): %v", f, err)
	}
	out := []string{}
	for _, st := range l {
		out = append(out, st.ID)
	}
	return out
}

func storyOf(t *testing.T, s news.Store, id string) string {
	t.Helper()
	st, err := s.StoryOf(context.Background(), id)
	if err != nil {
		t.Fatalf("StoryOf(%s): %v", id, err)
	}
	return st
}

func putStories(t *testing.T, s news.Store, st ...news.StoryDetail) {
	t.Helper()
	if err := s.PutStories(context.Background(), st); err != nil {
		t.Fatalf("PutStories: %v", err)
	}
}

func testStoriesRoundTrip(t *testing.T, s news.Store) {
	a1, a2, a3 := putEventArticles(t, s)
	oslo, lyon := storyFixtures(a1, a2, a3)
	putStories(t, s, oslo, lyon)
	for _, want := range []news.StoryDetail{oslo, lyon} {
		got := story(t, s, want.ID)
		if g, w := normStory(*got), normStory(want); !reflect.DeepEqual(g, w) {
			t.Fatalf("Story(%s) round trip:\n got  %+v\n want %+v", want.ID, g, w)
		}
	}
	if g := story(t, s, "st-lyon"); g.Contradictions == nil || g.Members == nil || g.MergedEvents == nil {
		t.Fatalf("empty lists come back nil (want [] in JSON): %+v", g)
	}
	l, err := s.Stories(context.Background(), news.StoryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(l) != 2 || l[0].ID != "st-oslo" || l[1].ID != "st-lyon" {
		t.Fatalf("Stories = %+v, want st-oslo then st-lyon (last seen, newest first)", l)
	}
	if g, w := l[0], oslo.Story; !g.LastSeen.Equal(w.LastSeen) || !g.FirstSeen.Equal(w.FirstSeen) ||
		g.Title != w.Title || g.Articles != 2 || g.Sources != 2 || g.Independent != 2 || g.Events != 2 ||
		!reflect.DeepEqual(g.KeyEntities, w.KeyEntities) {
		t.Fatalf("listed story = %+v, want %+v", g, w)
	}
	for id, want := range map[string]string{a1.ID: "st-oslo", a2.ID: "st-oslo", a3.ID: "st-lyon", "nope": ""} {
		if got := storyOf(t, s, id); got != want {
			t.Errorf("StoryOf(%s) = %q, want %q", id, got, want)
		}
	}
	// Event mentions know their merged event.
	for _, e := range events(t, s, news.EventFilter{}) {
		want := map[string]string{a1.ID + ":0": "st-oslo/e1", a1.ID + ":1": "", a2.ID + ":0": "st-oslo/e2",
			a3.ID + ":0": "st-lyon/e1"}[e.ID]
		if e.StoryEventID != want {
			t.Errorf("event %s StoryEventID = %q, want %q", e.ID, e.StoryEventID, want)
		}
	}
	// Putting nothing is fine.
	if err := s.PutStories(context.Background(), nil); err != nil {
		t.Fatalf("PutStories(nil): %v", err)
	}
}

func testStoriesReplace(t *testing.T, s news.Store) {
	a1, a2, a3 := putEventArticles(t, s)
	oslo, lyon := storyFixtures(a1, a2, a3)
	putStories(t, s, oslo, lyon)
	// Recomputed: the Oslo story loses a2 and its threat.
	oslo2 := oslo
	oslo2.Title = "Ministers meet"
	oslo2.Members = oslo.Members[:1]
	oslo2.MergedEvents = oslo.MergedEvents[:1]
	oslo2.Contradictions = nil
	oslo2.Articles, oslo2.Sources, oslo2.Independent, oslo2.Events = 1, 1, 1, 1
	putStories(t, s, oslo2)
	if g, w := normStory(*story(t, s, "st-oslo")), normStory(oslo2); !reflect.DeepEqual(g, w) {
		t.Fatalf("replaced story:\n got  %+v\n want %+v", g, w)
	}
	if got := storyOf(t, s, a2.ID); got != "" {
		t.Fatalf("StoryOf(a2) = %q after it left its story", got)
	}
	if l := events(t, s, news.EventFilter{ArticleID: a2.ID}); len(l) != 1 || l[0].StoryEventID != "" {
		t.Fatalf("a2's event after it left its story: %+v", l)
	}
	if l := stories(t, s, news.StoryFilter{Query: "nordic"}); len(l) != 0 {
		t.Fatalf("old title still matches: %q", l)
	}
	// A story that lists an article takes it from the story it was in.
	lyon2 := lyon
	lyon2.Members = append(append([]news.StoryArticle(nil), lyon.Members...), oslo.Members[0])
	lyon2.MergedEvents = append(append([]news.StoryEvent(nil), lyon.MergedEvents...), oslo.MergedEvents[0])
	lyon2.MergedEvents[1].ID = "st-lyon/e2"
	lyon2.Articles = 2
	putStories(t, s, lyon2)
	if got := storyOf(t, s, a1.ID); got != "st-lyon" {
		t.Fatalf("StoryOf(a1) = %q, want st-lyon", got)
	}
	o := story(t, s, "st-oslo")
	if len(o.Members) != 0 {
		t.Fatalf("st-oslo still lists %+v", o.Members)
	}
	if l := events(t, s, news.EventFilter{ArticleID: a1.ID, Type: news.EventConsult}); len(l) != 1 || l[0].StoryEventID != "st-lyon/e2" {
		t.Fatalf("moved event: %+v", l)
	}
	if g := story(t, s, "st-lyon"); len(g.Members) != 2 || g.Members[1].ArticleID != a1.ID {
		t.Fatalf("st-lyon members = %+v", g.Members)
	}
	// Reset removes everything.
	if err := s.ResetStories(context.Background()); err != nil {
		t.Fatal(err)
	}
	if l := stories(t, s, news.StoryFilter{}); len(l) != 0 {
		t.Fatalf("after reset: %q", l)
	}
	if got := storyOf(t, s, a3.ID); got != "" {
		t.Fatalf("StoryOf after reset = %q", got)
	}
	for _, e := range events(t, s, news.EventFilter{}) {
		if e.StoryEventID != "" {
			t.Fatalf("event %s keeps StoryEventID %q after reset", e.ID, e.StoryEventID)
		}
	}
	// And they can be put again.
	putStories(t, s, oslo, lyon)
	if g := stories(t, s, news.StoryFilter{}); !reflect.DeepEqual(g, []string{"st-oslo", "st-lyon"}) {
		t.Fatalf("after putting again: %q", g)
	}
}

func testStoriesFilters(t *testing.T, s news.Store) {
	a1, a2, a3 := putEventArticles(t, s)
	oslo, lyon := storyFixtures(a1, a2, a3)
	// A third story with the same LastSeen as st-lyon sorts after it by ID.
	zed := news.StoryDetail{Story: news.Story{ID: "st-zed", Title: "Quiet week in Lyon", FirstSeen: lyon.FirstSeen,
		LastSeen: lyon.LastSeen, Articles: 0}}
	putStories(t, s, zed, oslo, lyon)
	for _, tc := range []struct {
		f    news.StoryFilter
		want []string
	}{
		{news.StoryFilter{}, []string{"st-oslo", "st-lyon", "st-zed"}},
		{news.StoryFilter{Query: "MINISTERS"}, []string{"st-oslo"}},
		{news.StoryFilter{Query: "lyon"}, []string{"st-zed"}},
		{news.StoryFilter{Query: "%"}, []string{}},
		{news.StoryFilter{Entity: "cty:swe"}, []string{"st-oslo"}},
		{news.StoryFilter{Entity: "grp:farmers"}, []string{"st-lyon"}},
		{news.StoryFilter{Entity: "cty"}, []string{}},
		{news.StoryFilter{MinSources: 2}, []string{"st-oslo"}},
		{news.StoryFilter{MinSources: 1}, []string{"st-oslo", "st-lyon"}},
		{news.StoryFilter{Since: a3.Published}, []string{"st-oslo", "st-lyon", "st-zed"}},
		{news.StoryFilter{Since: a3.Published.Add(time.Microsecond)}, []string{"st-oslo"}},
		{news.StoryFilter{Since: a3.Published.AddDate(0, 2, 0)}, []string{}},
		{news.StoryFilter{Until: a3.Published}, []string{"st-oslo"}},
		{news.StoryFilter{Until: a3.Published.Add(time.Microsecond)}, []string{"st-oslo", "st-lyon", "st-zed"}},
		{news.StoryFilter{Limit: 1}, []string{"st-oslo"}},
		{news.StoryFilter{Limit: 1, Offset: 1}, []string{"st-lyon"}},
		{news.StoryFilter{Offset: 3}, []string{}},
	} {
		if got := stories(t, s, tc.f); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Stories(%+v) = %q, want %q", tc.f, got, tc.want)
		}
	}
	for _, f := range []news.StoryFilter{{Limit: -1}, {Offset: -1}} {
		_, err := s.Stories(context.Background(), f)
		wantKind(t, fmt.Sprintf("Stories(%+v)", f), err, news.KindInvalid)
	}
	// A story without an ID is refused, and nothing of the batch is kept.
	bad := lyon
	bad.ID = "st-new"
	err := s.PutStories(context.Background(), []news.StoryDetail{bad, {Story: news.Story{Title: "no id"}}})
	wantKind(t, "PutStories with a story without ID", err, news.KindInvalid)
	if _, err := s.Story(context.Background(), "st-new"); !news.IsKind(err, news.KindNotFound) {
		t.Fatalf("half a failed batch was stored: %v", err)
	}
}

func testStoryNotFound(t *testing.T, s news.Store) {
	_, err := s.Story(context.Background(), "st-missing")
	wantKind(t, "Story(st-missing)", err, news.KindNotFound)
	if got := storyOf(t, s, "no-such-article"); got != "" {
		t.Fatalf("StoryOf(unknown) = %q", got)
	}
	if l := stories(t, s, news.StoryFilter{}); len(l) != 0 {
		t.Fatalf("empty store lists %q", l)
	}
}

func testEachArticle(t *testing.T, s news.Store) {
	a1, a2, a3 := eventArticles()
	a2.Entities = []news.Entity{{ID: "cty:swe", Name: "Sweden", Type: "country", Country: "SWE", Linked: true,
		Confidence: 0.9, Mentions: []news.Mention{{Start: 0, End: 6, Text: "Sweden", Kind: news.MentionName, Confidence: 0.9}}}}
	q := Quote(a2, news.QuoteIndirect, "it would appeal", &news.Speaker{Text: "The company", Type: news.SpeakerOrg}, "said")
	a2.Quotes = []news.Quote{q}
	dup := Article("https://mirror.example/e/3", "Copy of the rally", a3.Text)
	for _, a := range []*news.Article{a2, a1, a3} {
		put(t, s, cloneWithEvents(a), nil, news.PutStored)
	}
	put(t, s, dup, nil, news.PutDuplicate)
	// Re-putting a1 keeps its place: first-ingest order.
	b := cloneWithEvents(a1)
	b.Title = "Ministers met in Oslo"
	put(t, s, b, nil, news.PutUpdated)

	var got []*news.Article
	err := s.EachArticle(context.Background(), func(a *news.Article) error {
		got = append(got, a)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, a := range got {
		order = append(order, a.ID)
	}
	if w := []string{a2.ID, a1.ID, a3.ID, dup.ID}; !reflect.DeepEqual(order, w) {
		t.Fatalf("EachArticle order = %q, want %q", order, w)
	}
	g := got[0]
	if g.Title != a2.Title || g.Text != a2.Text || g.Site != a2.Site || !g.Published.Equal(a2.Published) ||
		g.IngestedAt.IsZero() || g.ContentHash != a2.ContentHash {
		t.Fatalf("article = %+v", g)
	}
	if !reflect.DeepEqual(g.Events, a2.Events) || !reflect.DeepEqual(g.Quotes, a2.Quotes) {
		t.Fatalf("events/quotes:\n got  %+v %+v\n want %+v %+v", g.Events, g.Quotes, a2.Events, a2.Quotes)
	}
	if len(g.Entities) != 1 || g.Entities[0].ID != "cty:swe" || len(g.Entities[0].Mentions) != 1 {
		t.Fatalf("entities = %+v", g.Entities)
	}
	if len(g.Sentences) != len(a2.Sentences) || g.Sentences[1].Start != a2.Sentences[1].Start ||
		g.Sentences[1].End != a2.Sentences[1].End {
		t.Fatalf("sentences = %+v", g.Sentences)
	}
	if got[1].Title != "Ministers met in Oslo" || len(got[1].Events) != 2 {
		t.Fatalf("updated article = %q with %d events", got[1].Title, len(got[1].Events))
	}
	if got[3].DuplicateOf != a3.ID || got[2].DuplicateOf != "" {
		t.Fatalf("DuplicateOf = %q, %q", got[2].DuplicateOf, got[3].DuplicateOf)
	}
	// fn's error stops the walk and comes back as it is.
	stop := errors.New("stop here")
	n := 0
	err = s.EachArticle(context.Background(), func(*news.Article) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Fatalf("EachArticle with a failing fn: %v after %d calls", err, n)
	}
}
