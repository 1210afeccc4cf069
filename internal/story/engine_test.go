package story

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/readout/readout/internal/news"
)

// The fixture is fiction: invented people, outlets and armed group.

const wireBor = `BOR (Meridian Wire) — A drone strike on a fuel depot used by aid agencies in Bor killed 7 people on Sunday, South Sudan's army said.

Army spokesman Colonel Jonas Lado Amuor said the White Ridge Brigade, a splinter group left out of recent peace talks, had launched the drone from across the river.

The depot stored fuel and food for the World Food Programme and served about 4,000 families in Jonglei state, the agency said.

Residents described a loud explosion shortly before midnight and a fire that burned until the morning.

(Reporting by Anneli Sorvik; Editing by Tobias Quell)`

const kestrelBor = `At least 11 people were killed when a drone hit an aid fuel depot in Bor late on Monday, according to local officials in Jonglei state.

Brigadier General Jonas Lado Amuor, the army spokesman, blamed the White Ridge Brigade for the drone strike and said the depot was a deliberate target.

The World Food Programme said the depot held fuel and food for thousands of families and that deliveries in Bor were suspended.

Residents said the fire at the depot burned through the night.`

const visitPlan = `Polish foreign minister Anja Talvik-Rosen will visit Hanoi on Friday for talks with Vietnamese officials on shipbuilding and offshore wind, her ministry said.

Talvik-Rosen is expected to sign a memorandum on offshore wind cooperation in Hanoi and to meet shipyard managers in Haiphong.`

const visitDone = `Polish foreign minister Anja Talvik-Rosen arrived in Hanoi on Friday and signed a memorandum on offshore wind cooperation with Vietnamese officials.

Talvik-Rosen also discussed shipbuilding orders and is due to visit shipyard managers in Haiphong, the Polish foreign ministry said in Hanoi.`

const visitLater = `Polish foreign minister Anja Talvik-Rosen returned to Hanoi on Wednesday, this time to open a Polish trade office and discuss coffee exports and pharmaceutical licences with Vietnamese ministers.

The trade office in Hanoi will promote Polish pharmaceutical firms and coffee importers, Talvik-Rosen said.`

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02T15", s)
	if err != nil {
		panic(err)
	}
	return t
}

func span(text, sub string) (int, int) {
	i := strings.Index(text, sub)
	if i < 0 {
		panic("no " + sub)
	}
	return i, i + len(sub)
}

// sentencesOf splits on blank lines and full stops, enough for the fixture.
func sentencesOf(text string) []news.Sentence {
	var out []news.Sentence
	start := 0
	for i := 0; i < len(text); i++ {
		if text[i] == '.' && (i+1 == len(text) || text[i+1] == ' ' || text[i+1] == '\n') {
			out = append(out, news.Sentence{Start: start, End: i + 1})
			start = i + 1
			for start < len(text) && (text[start] == ' ' || text[start] == '\n') {
				start++
			}
		}
	}
	return out
}

func strikeEvent(text, trigger, dateText string, date time.Time) news.Event {
	ts, te := span(text, trigger)
	ds, de := span(text, dateText)
	var ss, se int
	for _, s := range sentencesOf(text) {
		if s.Start <= ts && ts < s.End {
			ss, se = s.Start, s.End
		}
	}
	return news.Event{Type: news.EventAssault, Mode: "aerial", Status: news.StatusOccurred,
		Actors:   []news.EventActor{{EntityID: "org:white-ridge-brigade", Text: "White Ridge Brigade", Code: "SSDREB"}},
		Location: &news.EventPlace{Text: "Bor", Country: "SSD"},
		Date: &news.EventDate{Text: dateText, Start: ds, End: de, Begin: date, Until: date.Add(24 * time.Hour),
			Precision: "day"},
		Trigger: news.EventTrigger{Text: trigger, Start: ts, End: te}, SentenceStart: ss, SentenceEnd: se}
}

func person(text, title, evidence string) news.Entity {
	s, e := span(text, evidence)
	return news.Entity{ID: "per:jonas-lado-amuor", Name: "Jonas Lado Amuor", Type: "person",
		Roles:    []news.RoleAssertion{{Title: title, Pattern: "prenominal", Start: s, End: e}},
		Mentions: []news.Mention{{Start: s, End: e}}}
}

func visitEvent(text string, status news.EventStatus, date time.Time) news.Event {
	var ts, te int
	for _, w := range []string{"arrived", "returned", "visit"} {
		if strings.Contains(text, w) {
			ts, te = span(text, w)
			break
		}
	}
	return news.Event{Type: news.EventConsult, Mode: "visit", Status: status,
		Actors:     []news.EventActor{{EntityID: "per:anja-talvik-rosen", Text: "Anja Talvik-Rosen", Code: "POLGOV"}},
		Recipients: []news.EventActor{{EntityID: "country:VNM", Text: "Vietnam", Code: "VNM"}},
		Location:   &news.EventPlace{Text: "Hanoi", Country: "VNM"},
		Date:       &news.EventDate{Text: "Friday", Begin: date, Until: date.Add(24 * time.Hour), Precision: "day"},
		Trigger:    news.EventTrigger{Start: ts, End: te}}
}

func fixture() []*news.Article {
	furnished := "Advertisement\n\nShare this article\n\n" + wireBor[:strings.LastIndex(wireBor, "\n\n")] +
		"\n\nRead more:\n\nMarkets steady ahead of budget vote\n\n© 2026 All rights reserved."
	mk := func(id, site, title, text string, pub time.Time) *news.Article {
		return &news.Article{ID: id, Site: site, Title: title, Text: text, Published: pub, Sentences: sentencesOf(text),
			ContentHash: news.BodyHash(text)}
	}
	a1 := mk("a1", "Meridian Wire", "Drone strike on Bor aid depot kills 7", wireBor, day("2026-03-16T08"))
	a1.Events = []news.Event{strikeEvent(wireBor, "strike", "Sunday", day("2026-03-15T00"))}
	a1.Entities = []news.Entity{person(wireBor, "Colonel", "Colonel Jonas Lado Amuor")}
	a2 := mk("a2", "The Harbour Courier", "South Sudan: depot hit in Bor", furnished, day("2026-03-16T11"))
	a2.Events = []news.Event{strikeEvent(furnished, "strike", "Sunday", day("2026-03-15T00"))}
	a2.Entities = []news.Entity{person(furnished, "Colonel", "Colonel Jonas Lado Amuor")}
	a3 := mk("a3", "Meridian Wire", "Drone strike on Bor aid depot kills 7", wireBor, day("2026-03-16T09"))
	a3.DuplicateOf = "a1"
	a3.Events, a3.Entities = a1.Events, a1.Entities
	a4 := mk("a4", "Kestrel Post", "At least 11 killed as drone hits Bor fuel depot", kestrelBor, day("2026-03-17T07"))
	a4.Events = []news.Event{strikeEvent(kestrelBor, "hit", "Monday", day("2026-03-16T00"))}
	a4.Entities = []news.Entity{person(kestrelBor, "Brigadier General", "Brigadier General Jonas Lado Amuor")}
	v1 := mk("v1", "Baltic Ledger", "Talvik-Rosen to visit Hanoi", visitPlan, day("2026-03-17T10"))
	v1.Events = []news.Event{visitEvent(visitPlan, news.StatusPlanned, day("2026-03-20T00"))}
	v2 := mk("v2", "Lakeside Review", "Talvik-Rosen in Hanoi signs offshore wind memorandum", visitDone, day("2026-03-20T18"))
	v2.Events = []news.Event{visitEvent(visitDone, news.StatusOccurred, day("2026-03-20T00"))}
	v3 := mk("v3", "Lakeside Review", "Talvik-Rosen back in Hanoi to open trade office", visitLater, day("2026-04-22T18"))
	v3.Events = []news.Event{visitEvent(visitLater, news.StatusOccurred, day("2026-04-22T00"))}
	return []*news.Article{a1, v1, a2, a3, a4, v2, v3}
}

func TestEngine(t *testing.T) {
	e := New(Options{})
	for _, a := range fixture() {
		if got := e.Add(a); len(got) != 1 {
			t.Fatalf("Add(%s) changed %v, want one story", a.ID, got)
		}
	}
	story := func(id string) string {
		s, ok := e.StoryOf(id)
		if !ok {
			t.Fatalf("no story for %s", id)
		}
		return s
	}
	for _, id := range []string{"a2", "a3", "a4"} {
		if story(id) != story("a1") {
			t.Errorf("%s not in the story of a1", id)
		}
	}
	if story("v2") != story("v1") {
		t.Errorf("v2 (visit held) not in the story of v1 (visit planned)")
	}
	if story("v1") == story("a1") || story("v3") == story("v1") {
		t.Errorf("distinct happenings merged: a1 %s v1 %s v3 %s", story("a1"), story("v1"), story("v3"))
	}
	if story("a1") != "s1" {
		t.Errorf("story ID %q, want s1 (from the first article)", story("a1"))
	}

	d, ok := e.Detail(story("a1"))
	if !ok {
		t.Fatal("no detail")
	}
	dup := map[string]string{}
	for _, m := range d.Members {
		dup[m.ArticleID] = m.NearDuplicateOf
	}
	if dup["a2"] != "a1" || dup["a3"] != "a1" || dup["a4"] != "" || dup["a1"] != "" {
		t.Errorf("near-duplicate links %v", dup)
	}
	if d.Articles != 4 || d.Sources != 3 || d.Independent != 2 {
		t.Errorf("articles %d sources %d independent %d, want 4 3 2", d.Articles, d.Sources, d.Independent)
	}
	if len(d.MergedEvents) != 1 {
		t.Fatalf("%d merged events, want 1: %+v", len(d.MergedEvents), d.MergedEvents)
	}
	ev := d.MergedEvents[0]
	if ev.Mentions != 4 || ev.Articles != 4 || ev.Independent != 2 || len(ev.Evidence) != 4 {
		t.Errorf("event counts mentions %d articles %d independent %d", ev.Mentions, ev.Articles, ev.Independent)
	}
	if len(ev.Conflicts) != 1 || !strings.HasPrefix(ev.Conflicts[0], "date:") {
		t.Errorf("conflicts %v, want the date", ev.Conflicts)
	}
	kinds := map[string]news.Contradiction{}
	for _, c := range d.Contradictions {
		kinds[c.Kind] = c
		if c.A.ArticleID == c.B.ArticleID || c.A.Text == "" || c.B.Text == "" {
			t.Errorf("contradiction without two sources: %+v", c)
		}
	}
	if c, ok := kinds["count"]; !ok || !strings.Contains(c.A.Value+c.B.Value, "7 killed") || !strings.Contains(c.A.Value+c.B.Value, "least 11 killed") {
		t.Errorf("count contradiction %+v", kinds["count"])
	}
	if c, ok := kinds["date"]; !ok || c.A.Value == c.B.Value {
		t.Errorf("date contradiction %+v", kinds["date"])
	}
	if c, ok := kinds["role"]; !ok || c.A.Value != "Colonel" || c.B.Value != "Brigadier General" {
		t.Errorf("role contradiction %+v", kinds["role"])
	}

	v, _ := e.Detail(story("v1"))
	if len(v.MergedEvents) != 2 {
		t.Fatalf("visit story has %d events, want planned + occurred", len(v.MergedEvents))
	}
	if v.MergedEvents[0].Status != news.StatusPlanned || v.MergedEvents[0].FulfilledBy != v.MergedEvents[1].ID {
		t.Errorf("planned visit not linked to the visit held: %+v", v.MergedEvents)
	}

	// Same input, same order → same stories.
	e2 := New(Options{})
	for _, a := range fixture() {
		e2.Add(a)
	}
	if !reflect.DeepEqual(e.All(), e2.All()) {
		t.Error("a second run gives other stories")
	}
}

// Two visits by the same minister a month apart stay two events even in
// one story.
func TestMergeKeepsVisitsApart(t *testing.T) {
	arts := fixture()
	var ms []*member
	for _, a := range arts[5:] { // v2, v3
		ms = append(ms, &member{sa: news.StoryArticle{ArticleID: a.ID, Site: a.Site}, indep: a.Site, facts: extractFacts(a)})
	}
	if evs := mergeEvents("s", ms); len(evs) != 2 {
		t.Errorf("%d events, want 2", len(evs))
	}
}

func TestFindCounts(t *testing.T) {
	for _, c := range []struct {
		in     string
		cat    string
		lo, hi float64
	}{
		{"A strike killed 7 people on Sunday.", "killed", 7, 7},
		{"At least nine people were killed.", "killed", 9, 1e12},
		{"Nearly 20 were wounded in the blast.", "wounded", 16, 24},
		{"A dozen were dead by nightfall.", "killed", 10, 14},
		{"The 2024 attack was remembered.", "", 0, 0},
	} {
		got := findCounts(c.in)
		if c.cat == "" {
			if len(got) != 0 {
				t.Errorf("%q: %+v, want none", c.in, got)
			}
			continue
		}
		if len(got) == 0 || got[0].category != c.cat || got[0].lo != c.lo || got[0].hi != c.hi {
			t.Errorf("%q: %+v, want %s [%v,%v]", c.in, got, c.cat, c.lo, c.hi)
		}
	}
}

func TestTitlesCompatible(t *testing.T) {
	for _, c := range []struct {
		a, b string
		ok   bool
	}{
		{"foreign minister", "Norwegian foreign minister", true},
		{"foreign minister", "interior minister", false},
		{"humanitarian coordinator", "deputy humanitarian coordinator", false},
		{"Colonel", "Brigadier General", false},
		{"spokesperson", "spokesman", true},
	} {
		if got := titlesCompatible(c.a, c.b); got != c.ok {
			t.Errorf("titlesCompatible(%q, %q) = %v", c.a, c.b, got)
		}
	}
}
