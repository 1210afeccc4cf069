package storetest

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/readout/readout/internal/news"
)

// The people, outlets and companies below are invented; the countries and
// cities are real.

// Event returns an event of type typ whose trigger is the first occurrence
// of trigger in a.Text, in the sentence that contains it, with status.
// It panics when trigger is missing: fixtures are fixed.
func Event(a *news.Article, typ news.EventType, trigger string, status news.EventStatus) news.Event {
	i := strings.Index(a.Text, trigger)
	if i < 0 {
		panic(fmt.Sprintf("fixture: %q not in text", trigger))
	}
	e := news.Event{Type: typ, Status: status, Confidence: 0.75, Intensity: 1,
		Trigger: news.EventTrigger{Text: trigger, Start: i, End: i + len(trigger), Lemma: strings.ToLower(trigger)}}
	for si, s := range a.Sentences {
		if i >= s.Start && i < s.End {
			e.Sentence, e.SentenceStart, e.SentenceEnd = si, s.Start, s.End
		}
	}
	return e
}

// Participant returns an event actor for the first occurrence of text in
// a.Text.
func Participant(a *news.Article, text, entityID, country, sector string) news.EventActor {
	i := strings.Index(a.Text, text)
	if i < 0 {
		panic(fmt.Sprintf("fixture: %q not in text", text))
	}
	return news.EventActor{EntityID: entityID, Text: text, Start: i, End: i + len(text),
		Country: country, Sector: sector, Code: country + sector}
}

func place(a *news.Article, text, country string) *news.EventPlace {
	i := strings.Index(a.Text, text)
	if i < 0 {
		panic(fmt.Sprintf("fixture: %q not in text", text))
	}
	return &news.EventPlace{Text: text, Start: i, End: i + len(text), Country: country}
}

func eventDate(a *news.Article, text string, begin time.Time, precision string) *news.EventDate {
	i := strings.Index(a.Text, text)
	if i < 0 {
		panic(fmt.Sprintf("fixture: %q not in text", text))
	}
	d := &news.EventDate{Text: text, Start: i, End: i + len(text), Precision: precision}
	if !begin.IsZero() {
		d.Begin, d.Until = begin, begin.AddDate(0, 0, 1)
	}
	return d
}

// eventArticles builds three articles with events. In the order listings
// give them (event date, newest first):
//
//	rally    PROTEST  planned  a3, no resolved date: a3 published 2025-05-01
//	threat   THREATEN occurred a2, dated 2025-03-25
//	accused  ACCUSE   reported a1, no date: a1 published 2025-03-01
//	met      CONSULT  occurred a1, dated 2025-02-24
func eventArticles() (a1, a2, a3 *news.Article) {
	a1 = Article("https://harbour-gazette.example/e/1", "Ministers meet in Oslo",
		"Foreign Minister Ada Lindqvist of Sweden met her Norwegian counterpart in Oslo on Monday. "+
			"Protesters in Bergen accused the council of hiding the costs.")
	a1.Site = "Harbour Gazette"
	a1.Published = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	met := Event(a1, news.EventConsult, "met", news.StatusOccurred)
	met.Mode, met.CAMEO, met.Intensity = "visit", "042", 1
	met.Actors = []news.EventActor{Participant(a1, "Ada Lindqvist", "per:ada-lindqvist", "SWE", "GOV")}
	met.Recipients = []news.EventActor{Participant(a1, "her Norwegian counterpart", "", "NOR", "GOV")}
	met.Location = place(a1, "Oslo", "NOR")
	met.Date = eventDate(a1, "on Monday", time.Date(2025, 2, 24, 0, 0, 0, 0, time.UTC), "day")
	met.Date.Unresolved = "XXXX-WXX-1"
	accused := Event(a1, news.EventAccuse, "accused", news.StatusReported)
	accused.CAMEO, accused.Intensity = "112", -2
	accused.Actors = []news.EventActor{Participant(a1, "Protesters", "", "NOR", "CVL")}
	accused.Recipients = []news.EventActor{Participant(a1, "the council", "org:bergen-council", "NOR", "GOV")}
	accused.Location = place(a1, "Bergen", "NOR")
	a1.Events = []news.Event{met, accused}

	a2 = Article("https://northern-ledger.example/e/2", "Sweden threatens sanctions",
		"Sweden threatened sanctions against the Kestrel Shipping Company on Tuesday. The company said it would appeal.")
	a2.Site = "Northern Ledger"
	a2.Published = time.Date(2025, 4, 1, 9, 0, 0, 0, time.UTC)
	threat := Event(a2, news.EventThreaten, "threatened", news.StatusOccurred)
	threat.Mode, threat.CAMEO, threat.Intensity = "sanction", "172", -5
	threat.Actors = []news.EventActor{Participant(a2, "Sweden", "cty:swe", "SWE", "")}
	threat.Recipients = []news.EventActor{Participant(a2, "the Kestrel Shipping Company", "org:kestrel-shipping", "", "BUS")}
	threat.Date = eventDate(a2, "on Tuesday", time.Date(2025, 3, 25, 0, 0, 0, 0, time.UTC), "day")
	a2.Events = []news.Event{threat}

	a3 = Article("https://valley-post.example/e/3", "Farmers plan a rally",
		"Farmers will rally in Lyon next week against the new water tariff.")
	a3.Site = "Valley Post"
	a3.Published = time.Date(2025, 5, 1, 9, 0, 0, 0, time.UTC)
	rally := Event(a3, news.EventProtest, "rally", news.StatusPlanned)
	rally.Mode, rally.CAMEO, rally.Intensity = "demonstrate", "141", -4
	rally.Actors = []news.EventActor{{Text: "Farmers", Start: 0, End: len("Farmers")}}
	rally.Location = place(a3, "Lyon", "FRA")
	rally.Date = eventDate(a3, "next week", time.Time{}, "")
	rally.Date.Unresolved = "FUTURE_REF+P1W"
	a3.Events = []news.Event{rally}
	return a1, a2, a3
}

// cloneWithEvents copies a with its events.
func cloneWithEvents(a *news.Article) *news.Article {
	c := clone(a)
	c.Events = append([]news.Event(nil), a.Events...)
	return c
}

func events(t *testing.T, s news.Store, f news.EventFilter) []news.EventSummary {
	t.Helper()
	l, err := s.Events(context.Background(), f)
	if err != nil {
		t.Fatalf("Events(%+v): %v", f, err)
	}
	return l
}

// triggers is the listing as trigger words, for comparisons.
func triggers(l []news.EventSummary) []string {
	out := []string{}
	for _, e := range l {
		out = append(out, e.Trigger.Text)
	}
	return out
}

func putEventArticles(t *testing.T, s news.Store) (a1, a2, a3 *news.Article) {
	a1, a2, a3 = eventArticles()
	for _, a := range []*news.Article{a1, a2, a3} {
		put(t, s, cloneWithEvents(a), nil, news.PutStored)
	}
	return a1, a2, a3
}

func testEventsRoundTrip(t *testing.T, s news.Store) {
	a1, a2, _ := putEventArticles(t, s)
	got := get(t, s, a1.ID)
	if !reflect.DeepEqual(got.Events, a1.Events) {
		t.Fatalf("Events round trip:\n got  %+v\n want %+v", got.Events, a1.Events)
	}
	if d := got.Events[0].Date; d == nil || !d.Begin.Equal(a1.Events[0].Date.Begin) || d.Unresolved != "XXXX-WXX-1" {
		t.Fatalf("event date = %+v", d)
	}
	put(t, s, cloneWithEvents(a1), nil, news.PutUnchanged)

	l := events(t, s, news.EventFilter{})
	if g, w := triggers(l), []string{"rally", "threatened", "accused", "met"}; !reflect.DeepEqual(g, w) {
		t.Fatalf("listing = %q, want %q (event date, newest first)", g, w)
	}
	th := l[1]
	if th.ID != a2.ID+":0" || th.ArticleID != a2.ID || th.ArticleTitle != a2.Title || th.Site != "Northern Ledger" ||
		th.URL != a2.URL || !th.Published.Equal(a2.Published) || th.StoryEventID != "" {
		t.Fatalf("summary = %+v", th)
	}
	if th.SentenceText != "Sweden threatened sanctions against the Kestrel Shipping Company on Tuesday." {
		t.Fatalf("SentenceText = %q", th.SentenceText)
	}
	if !reflect.DeepEqual(th.Event, a2.Events[0]) {
		t.Fatalf("listed event:\n got  %+v\n want %+v", th.Event, a2.Events[0])
	}
	met := l[3]
	if met.ID != a1.ID+":0" || l[2].ID != a1.ID+":1" || met.Mode != "visit" || met.CAMEO != "042" ||
		met.Location == nil || met.Location.Text != "Oslo" || len(met.Actors) != 1 || met.Actors[0].EntityID != "per:ada-lindqvist" {
		t.Fatalf("met = %+v", met)
	}
	if met.SentenceText != "Foreign Minister Ada Lindqvist of Sweden met her Norwegian counterpart in Oslo on Monday." {
		t.Fatalf("met SentenceText = %q", met.SentenceText)
	}
}

func testEventsUpdateReplaces(t *testing.T, s news.Store) {
	a1, _, _ := eventArticles()
	put(t, s, cloneWithEvents(a1), nil, news.PutStored)
	// Reprocessed: only the meeting is left, now without a recipient.
	b := cloneWithEvents(a1)
	b.Events = b.Events[:1]
	b.Events[0].Recipients = nil
	put(t, s, b, nil, news.PutUpdated)
	if g := triggers(events(t, s, news.EventFilter{})); !reflect.DeepEqual(g, []string{"met"}) {
		t.Fatalf("after update: %q", g)
	}
	if l := events(t, s, news.EventFilter{Recipient: "NOR"}); len(l) != 0 {
		t.Fatalf("recipient filter matched a removed recipient: %q", triggers(l))
	}
	if l := events(t, s, news.EventFilter{Actor: "protesters"}); len(l) != 0 {
		t.Fatalf("actor filter matched a removed event: %q", triggers(l))
	}
	if got := get(t, s, a1.ID); len(got.Events) != 1 || got.Events[0].Recipients != nil {
		t.Fatalf("Article events after update = %+v", got.Events)
	}
	// A new publication date moves undated events.
	c := cloneWithEvents(a1)
	c.Published = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	put(t, s, c, nil, news.PutUpdated)
	if g := triggers(events(t, s, news.EventFilter{Since: time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC)})); !reflect.DeepEqual(g, []string{"accused"}) {
		t.Fatalf("after a new publication date: %q", g)
	}
	// Without events: none left.
	d := cloneWithEvents(a1)
	d.Events = nil
	put(t, s, d, nil, news.PutUpdated)
	if l := events(t, s, news.EventFilter{}); len(l) != 0 {
		t.Fatalf("after removing events: %q", triggers(l))
	}
	// An event outside the text is refused and changes nothing.
	e := cloneWithEvents(a1)
	e.Events[0].SentenceEnd = len(e.Text) + 1
	_, err := s.PutArticle(context.Background(), e, nil)
	wantKind(t, "PutArticle with an event outside the text", err, news.KindInvalid)
	if got := get(t, s, a1.ID); len(got.Events) != 0 {
		t.Fatalf("failed put changed events: %+v", got.Events)
	}
}

func testEventsFilters(t *testing.T, s news.Store) {
	a1, a2, _ := putEventArticles(t, s)
	mar1 := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		f    news.EventFilter
		want []string
	}{
		{news.EventFilter{Type: news.EventConsult}, []string{"met"}},
		{news.EventFilter{Type: "DANCE"}, []string{}},
		{news.EventFilter{Mode: "sanction"}, []string{"threatened"}},
		{news.EventFilter{Type: news.EventConsult, Mode: "phone"}, []string{}},
		{news.EventFilter{Status: news.StatusOccurred}, []string{"threatened", "met"}},
		{news.EventFilter{Status: news.StatusPlanned}, []string{"rally"}},
		{news.EventFilter{Status: "rumoured"}, []string{}},
		// Actor: entity ID, code or country prefix, text substring.
		{news.EventFilter{Actor: "per:ada-lindqvist"}, []string{"met"}},
		{news.EventFilter{Actor: "cty:swe"}, []string{"threatened"}},
		{news.EventFilter{Actor: "SWE"}, []string{"threatened", "met"}},
		{news.EventFilter{Actor: "SWEGOV"}, []string{"met"}},
		{news.EventFilter{Actor: "NORCVL"}, []string{"accused"}},
		{news.EventFilter{Actor: "LINDQ"}, []string{"met"}},
		{news.EventFilter{Actor: "farmers"}, []string{"rally"}},
		{news.EventFilter{Actor: "kestrel"}, []string{}}, // a recipient, not an actor
		{news.EventFilter{Actor: "per:nobody"}, []string{}},
		{news.EventFilter{Actor: "%"}, []string{}},
		{news.EventFilter{Recipient: "kestrel shipping"}, []string{"threatened"}},
		{news.EventFilter{Recipient: "org:bergen-council"}, []string{"accused"}},
		{news.EventFilter{Recipient: "NOR"}, []string{"accused", "met"}},
		{news.EventFilter{Recipient: "NORGOV", Actor: "SWE"}, []string{"met"}},
		// Country: any actor, recipient or the place.
		{news.EventFilter{Country: "FRA"}, []string{"rally"}},
		{news.EventFilter{Country: "NOR"}, []string{"accused", "met"}},
		{news.EventFilter{Country: "SWE"}, []string{"threatened", "met"}},
		{news.EventFilter{Country: "DEU"}, []string{}},
		// Dates: the event's resolved date, else the article's.
		{news.EventFilter{Since: mar1}, []string{"rally", "threatened", "accused"}},
		{news.EventFilter{Until: mar1}, []string{"met"}},
		{news.EventFilter{Since: time.Date(2025, 3, 25, 0, 0, 0, 0, time.UTC), Until: time.Date(2025, 3, 26, 0, 0, 0, 0, time.UTC)}, []string{"threatened"}},
		{news.EventFilter{ArticleID: a1.ID}, []string{"accused", "met"}},
		{news.EventFilter{ArticleID: a2.ID, Type: news.EventConsult}, []string{}},
		{news.EventFilter{ArticleID: "nope"}, []string{}},
		{news.EventFilter{Limit: 2}, []string{"rally", "threatened"}},
		{news.EventFilter{Limit: 2, Offset: 1}, []string{"threatened", "accused"}},
		{news.EventFilter{Offset: 10}, []string{}},
	} {
		if got := triggers(events(t, s, tc.f)); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Events(%+v) = %q, want %q", tc.f, got, tc.want)
		}
	}
	for _, f := range []news.EventFilter{{Limit: -1}, {Offset: -1}} {
		_, err := s.Events(context.Background(), f)
		wantKind(t, fmt.Sprintf("Events(%+v)", f), err, news.KindInvalid)
	}
}

func testEventsLimits(t *testing.T, s news.Store) {
	// 60 one-event articles: the default page is 50, a large Limit is
	// capped at 1000 (here: everything).
	for i := range 60 {
		a := Article(fmt.Sprintf("https://harbour-gazette.example/many/%d", i), fmt.Sprintf("Talks %d", i),
			fmt.Sprintf("Delegates met in Tromsø for round %d.", i))
		a.Published = day.Add(time.Duration(i) * time.Hour)
		a.Events = []news.Event{Event(a, news.EventConsult, "met", news.StatusOccurred)}
		put(t, s, a, nil, news.PutStored)
	}
	l := events(t, s, news.EventFilter{})
	if len(l) != 50 {
		t.Fatalf("default page = %d events, want 50", len(l))
	}
	if !strings.Contains(l[0].SentenceText, "round 59") || !strings.Contains(l[49].SentenceText, "round 10") {
		t.Fatalf("default page runs from %q to %q", l[0].SentenceText, l[49].SentenceText)
	}
	if n := len(events(t, s, news.EventFilter{Limit: 5000})); n != 60 {
		t.Fatalf("Limit 5000 gave %d events, want all 60", n)
	}
}

func testEventsDuplicatesExcluded(t *testing.T, s news.Store) {
	a1, _, _ := eventArticles()
	put(t, s, cloneWithEvents(a1), nil, news.PutStored)
	dup := Article("https://mirror.example/e/1", a1.Title, a1.Text)
	dup.Published = a1.Published.Add(time.Hour)
	only := Event(dup, news.EventAccuse, "accused", news.StatusOccurred)
	only.Actors = []news.EventActor{Participant(dup, "Protesters", "grp:copy-only", "", "")}
	dup.Events = []news.Event{only}
	put(t, s, cloneWithEvents(dup), nil, news.PutDuplicate)
	l := events(t, s, news.EventFilter{})
	if len(l) != 2 {
		t.Fatalf("listing with a duplicate = %q, want the original's 2", triggers(l))
	}
	for _, e := range l {
		if e.ArticleID != a1.ID {
			t.Fatalf("event of the duplicate listed: %+v", e)
		}
	}
	if l := events(t, s, news.EventFilter{Actor: "grp:copy-only"}); len(l) != 0 {
		t.Fatalf("actor only in the duplicate listed: %+v", l)
	}
	if l := events(t, s, news.EventFilter{ArticleID: dup.ID}); len(l) != 0 {
		t.Fatalf("ArticleID of a duplicate listed: %+v", l)
	}
	// The duplicate still returns its own events.
	if got := get(t, s, dup.ID); !reflect.DeepEqual(got.Events, dup.Events) {
		t.Fatalf("duplicate's events = %+v", got.Events)
	}
	// When the original changes its body, the duplicate takes its place
	// and its events are listed.
	changed := cloneWithEvents(a1)
	changed.Text += " More later."
	changed.ContentHash = news.BodyHash(changed.Text)
	changed.Blocks, changed.Sentences = Blocks(changed.Text), Sentences(changed.Text)
	changed.Events = nil
	put(t, s, changed, nil, news.PutUpdated)
	l = events(t, s, news.EventFilter{})
	if len(l) != 1 || l[0].ArticleID != dup.ID || l[0].Actors[0].EntityID != "grp:copy-only" {
		t.Fatalf("after promotion: %+v", l)
	}
}
