package httpapi

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/store/sqlite"
)

// The fixture: three invented articles about invented people, with
// entities, quotes and events placed by hand, and one story over two of
// them.

type fixture struct {
	srv   *httptest.Server
	store news.Store
	ids   []string // article IDs in fixture order
	story string
}

// span finds the first occurrence of sub in text (after from).
func span(t testing.TB, text, sub string, from int) (int, int) {
	t.Helper()
	i := strings.Index(text[from:], sub)
	if i < 0 {
		t.Fatalf("fixture: %q not in %q", sub, text)
	}
	return from + i, from + i + len(sub)
}

func mention(t testing.TB, text, m string) news.Mention {
	s, e := span(t, text, m, 0)
	return news.Mention{Start: s, End: e, Text: m, Kind: news.MentionName}
}

func actor(t testing.TB, text, m, id, code string) news.EventActor {
	s, e := span(t, text, m, 0)
	return news.EventActor{EntityID: id, Text: m, Start: s, End: e, Country: code[:3], Code: code}
}

func fixtureArticles(t testing.TB) []*news.Article {
	day := func(d int) time.Time { return time.Date(2025, 5, d, 9, 0, 0, 0, time.UTC) }
	mk := func(title, site, lang, text string, pub time.Time) *news.Article {
		a := &news.Article{Title: title, Site: site, Language: lang, Text: text, Published: pub,
			Format: news.FormatText, URL: "https://" + strings.ToLower(strings.ReplaceAll(site, " ", "")) + ".example/" + strings.ToLower(strings.Fields(title)[0])}
		off := 0
		for _, p := range strings.Split(text, "\n\n") {
			a.Blocks = append(a.Blocks, news.Block{Kind: news.BlockParagraph, Start: off, End: off + len(p)})
			a.Sentences = append(a.Sentences, news.Sentence{Start: off, End: off + len(p)})
			off += len(p) + 2
		}
		a.ContentHash = news.BodyHash(text)
		a.ID = news.ArticleID(a.URL, a.ContentHash)
		return a
	}
	liv := func(a *news.Article) news.Entity {
		return news.Entity{ID: "per:liv-aarset", Name: "Liv Aarset", Type: "person", Country: "NOR", Sector: "GOV", Actor: "NORGOV",
			Mentions: []news.Mention{mention(t, a.Text, "Liv Aarset")}}
	}
	country := func(a *news.Article, id, name, code string) news.Entity {
		return news.Entity{ID: id, Name: name, Type: "country", Linked: true, Country: code, Actor: code,
			Mentions: []news.Mention{mention(t, a.Text, name)}}
	}

	a1 := mk("Envoy visits Nairobi", "Fjord Post", "en",
		"Envoy Liv Aarset met officials from Kenya in Nairobi on Monday.\n\n"+
			"“The corridor must open before the rains,” Liv Aarset said after the meeting.", day(5))
	a1.Entities = []news.Entity{liv(a1), country(a1, "country:KEN", "Kenya", "KEN")}
	a1.Entities[0].Roles = []news.RoleAssertion{{Title: "Envoy", Date: "2025-05-05", Pattern: "prenominal", Start: 0, End: len("Envoy Liv Aarset")}}
	qs, qe := span(t, a1.Text, "The corridor must open before the rains,", 0)
	ss, se := span(t, a1.Text, "Liv Aarset", qe)
	cs, ce := span(t, a1.Text, "said", qe)
	a1.Quotes = []news.Quote{{Start: qs, End: qe, Kind: news.QuoteDirect, Confidence: 0.9, Sentence: 1, Cue: "said", CueStart: cs, CueEnd: ce,
		Speaker: &news.Speaker{Text: "Liv Aarset", Start: ss, End: se, Type: news.SpeakerPerson, EntityID: "per:liv-aarset"}}}
	ts, te := span(t, a1.Text, "met", 0)
	a1.Events = []news.Event{{Type: news.EventConsult, Mode: "visit", Status: news.StatusOccurred, Intensity: 1,
		Actors:     []news.EventActor{actor(t, a1.Text, "Liv Aarset", "per:liv-aarset", "NORGOV")},
		Recipients: []news.EventActor{actor(t, a1.Text, "Kenya", "country:KEN", "KEN")},
		Trigger:    news.EventTrigger{Text: "met", Start: ts, End: te, Lemma: "meet"},
		Date:       &news.EventDate{Text: "on Monday", Begin: day(5), Until: day(6), Precision: "day"},
		Sentence:   0, SentenceStart: 0, SentenceEnd: a1.Blocks[0].End, Confidence: 0.8}}

	a2 := mk("Talks resume in Nairobi", "Harbour Courier", "en",
		"Liv Aarset and envoys from Kenya resumed talks in Nairobi on Tuesday.\n\n"+
			"Kenya accused the rebels of blocking the corridor.", day(6))
	a2.Entities = []news.Entity{liv(a2), country(a2, "country:KEN", "Kenya", "KEN")}
	ts, te = span(t, a2.Text, "resumed talks", 0)
	as, ae := span(t, a2.Text, "accused", 0)
	a2.Events = []news.Event{
		{Type: news.EventConsult, Status: news.StatusOccurred, Intensity: 1,
			Actors:      []news.EventActor{actor(t, a2.Text, "Liv Aarset", "per:liv-aarset", "NORGOV")},
			Recipients:  []news.EventActor{actor(t, a2.Text, "Kenya", "country:KEN", "KEN")},
			Trigger:     news.EventTrigger{Text: "resumed talks", Start: ts, End: te, Lemma: "resume"},
			Date:        &news.EventDate{Text: "on Tuesday", Begin: day(6), Until: day(7), Precision: "day"},
			SentenceEnd: a2.Blocks[0].End, Confidence: 0.7},
		{Type: news.EventAccuse, Status: news.StatusOccurred, Intensity: -2,
			Actors:   []news.EventActor{{EntityID: "country:KEN", Text: "Kenya", Start: a2.Blocks[1].Start, End: a2.Blocks[1].Start + 5, Country: "KEN", Code: "KEN"}},
			Trigger:  news.EventTrigger{Text: "accused", Start: as, End: ae, Lemma: "accuse"},
			Sentence: 1, SentenceStart: a2.Blocks[1].Start, SentenceEnd: a2.Blocks[1].End, Confidence: 0.6},
	}

	a3 := mk("Les ministres se parlent", "Courrier du Lac", "fr",
		"Les ministres se sont entretenus par téléphone mardi soir.", day(7))
	return []*news.Article{a1, a2, a3}
}

// newFixture stores the fixture in a real SQLite store and serves it.
func newFixture(t testing.TB, wrap func(news.Store) news.Store, opts ...Option) *fixture {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "api.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f := &fixture{store: st}
	arts := fixtureArticles(t)
	for _, a := range arts {
		raw := &news.Raw{Format: news.FormatText, Body: []byte("<b>raw</b> " + a.Text)}
		if _, err := st.PutArticle(ctx, a, raw); err != nil {
			t.Fatal(err)
		}
		f.ids = append(f.ids, a.ID)
	}
	story := news.StoryDetail{
		Story: news.Story{ID: "s-nairobi", Title: "Talks in Nairobi", FirstSeen: arts[0].Published, LastSeen: arts[1].Published,
			Articles: 2, Sources: 2, Independent: 2, Events: 1,
			KeyEntities: []news.StoryEntity{{ID: "per:liv-aarset", Name: "Liv Aarset", Type: "person", Articles: 2}}},
		Members: []news.StoryArticle{
			{ArticleID: arts[0].ID, Title: arts[0].Title, Site: arts[0].Site, Published: arts[0].Published, Similarity: 1},
			{ArticleID: arts[1].ID, Title: arts[1].Title, Site: arts[1].Site, Published: arts[1].Published, Similarity: 0.4},
		},
		MergedEvents: []news.StoryEvent{{ID: "se-1", Type: news.EventConsult, Status: news.StatusOccurred,
			Actors: []string{"per:liv-aarset"}, Recipients: []string{"country:KEN"}, Mentions: 2, Articles: 2, Independent: 2,
			Conflicts: []string{"date"},
			Evidence: []news.EventEvidence{
				{ArticleID: arts[0].ID, Site: arts[0].Site, Index: 0, SentenceEnd: arts[0].Blocks[0].End, Text: arts[0].Text[:arts[0].Blocks[0].End], Status: news.StatusOccurred, Trigger: news.Span{Start: arts[0].Events[0].Trigger.Start, End: arts[0].Events[0].Trigger.End}},
				{ArticleID: arts[1].ID, Site: arts[1].Site, Index: 0, SentenceEnd: arts[1].Blocks[0].End, Text: arts[1].Text[:arts[1].Blocks[0].End], Status: news.StatusOccurred, Trigger: news.Span{Start: arts[1].Events[0].Trigger.Start, End: arts[1].Events[0].Trigger.End}},
			}}},
		Contradictions: []news.Contradiction{{Kind: "date", Subject: "date of CONSULT by NORGOV",
			A: news.Evidence{ArticleID: arts[0].ID, Site: arts[0].Site, Text: "on Monday", Value: "2025-05-05"},
			B: news.Evidence{ArticleID: arts[1].ID, Site: arts[1].Site, Text: "on Tuesday", Value: "2025-05-06"}}},
	}
	if err := st.PutStories(ctx, []news.StoryDetail{story}); err != nil {
		t.Fatal(err)
	}
	f.story = story.ID
	var store news.Store = st
	if wrap != nil {
		store = wrap(st)
	}
	opts = append([]Option{WithClock(func() time.Time { return time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC) })}, opts...)
	h, err := New(store, nil, opts...)
	if err != nil {
		t.Fatal(err)
	}
	f.srv = httptest.NewServer(h)
	t.Cleanup(f.srv.Close)
	return f
}

func get(t testing.TB, url string) (int, string, http.Header) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

// noEventsStore is a store whose events and stories are not there yet.
type noEventsStore struct{ news.Store }

func (noEventsStore) Events(context.Context, news.EventFilter) ([]news.EventSummary, error) {
	return nil, news.E("fake.Events", news.KindUnavailable, "not implemented")
}
func (noEventsStore) Stories(context.Context, news.StoryFilter) ([]news.Story, error) {
	return nil, news.E("fake.Stories", news.KindUnavailable, "not implemented")
}
func (noEventsStore) Story(context.Context, string) (*news.StoryDetail, error) {
	return nil, news.E("fake.Story", news.KindUnavailable, "not implemented")
}
func (noEventsStore) StoryOf(context.Context, string) (string, error) {
	return "", news.E("fake.StoryOf", news.KindUnavailable, "not implemented")
}
