package event

import (
	"strings"
	"testing"
	"time"

	"github.com/readout/readout/internal/kb"
	"github.com/readout/readout/internal/news"
)

var published = time.Date(2025, 10, 22, 0, 0, 0, 0, time.UTC) // a Wednesday

// want describes the one event a case expects (Type empty: no event).
type want struct {
	typ        news.EventType
	mode       string
	status     news.EventStatus
	actors     []string // actor countries (or codes), in any order
	recipients []string // recipient countries, if checked
	loc        string   // location country, if checked
	date       string   // Begin as YYYY-MM-DD, if checked
}

func TestCode(t *testing.T) {
	tests := []struct {
		name string
		text string
		want want
	}{
		{"visit occurred", "Kenyan Foreign Minister Odhiambo Wekesa visited Addis Ababa on Tuesday.",
			want{typ: news.EventConsult, mode: "visit", status: news.StatusOccurred, actors: []string{"KEN"}, recipients: []string{"ETH"}, date: "2025-10-21"}},
		{"visit planned (expected to travel)", "The Egyptian foreign minister Samir Fahmy is expected to travel to Nairobi next week.",
			want{typ: news.EventConsult, mode: "visit", status: news.StatusPlanned, recipients: []string{"KEN"}, date: "2025-10-27"}},
		{"visit planned (will)", "Chilean President Marisol Ibarra will visit Argentina on Friday.",
			want{typ: news.EventConsult, mode: "visit", status: news.StatusPlanned, actors: []string{"CHL"}, recipients: []string{"ARG"}, date: "2025-10-24"}},
		{"phone call with two actors", "Norwegian Prime Minister Halvard Rusten and Danish Prime Minister Mette Sand held a phone call on Monday.",
			want{typ: news.EventConsult, mode: "phone", status: news.StatusOccurred, actors: []string{"NOR", "DNK"}, date: "2025-10-20"}},
		{"air strike with location", "An Israeli air strike in Beirut killed two people on Tuesday.",
			want{typ: news.EventAssault, mode: "aerial", status: news.StatusOccurred, actors: []string{"ISR"}, loc: "LBN", date: "2025-10-21"}},
		{"ceasefire", "Sudan's army and the rebels declared a ceasefire on Saturday.",
			want{typ: news.EventRetreat, mode: "ceasefire", status: news.StatusOccurred, date: "2025-10-18"}},
		{"pledge is AGREE", "Japan pledged $50 million to rebuild schools in the region.",
			want{typ: news.EventAgree, status: news.StatusOccurred, actors: []string{"JPN"}}},
		{"aid delivery", "Austria delivered humanitarian aid to Lebanon on Wednesday.",
			want{typ: news.EventAid, mode: "humanitarian", status: news.StatusOccurred, actors: []string{"AUT"}, recipients: []string{"LBN"}}},
		{"negation", "Mexico never signed the treaty with Guatemala.",
			want{typ: news.EventAgree, status: news.StatusNegated, actors: []string{"MEX"}}},
		{"negated aid", "Jordan did not send aid to Gaza.",
			want{typ: news.EventAid, status: news.StatusNegated, actors: []string{"JOR"}, recipients: []string{"PSE"}}},
		{"condemnation", "Pakistan condemned India over the border clashes.",
			want{typ: news.EventAccuse, mode: "disapprove", status: news.StatusOccurred, actors: []string{"PAK"}, recipients: []string{"IND"}}},
		{"ongoing talks", "Egyptian mediators are holding talks with Hamas in Cairo.",
			want{typ: news.EventConsult, status: news.StatusOngoing, loc: "EGY"}},
		{"hypothetical", "Qatar could host new talks if both sides agree.",
			want{typ: news.EventConsult, status: news.StatusHypothetical, actors: []string{"QAT"}}},
		{"reported", "Syrian troops reportedly attacked a village near Idlib.",
			want{typ: news.EventAssault, status: news.StatusReported, actors: []string{"SYR"}}},
		{"reported under said", "Lebanese officials said Israeli jets struck a village near Tyre on Monday.",
			want{typ: news.EventAssault, status: news.StatusReported, actors: []string{"ISR"}, date: "2025-10-20"}},
		{"upcoming visit", "The upcoming visit of the Indian president to Nepal was announced on Monday.",
			want{typ: news.EventConsult, mode: "visit", status: news.StatusPlanned}},
		{"background sentence", "Peace talks between rival factions are often difficult.", want{}},
		{"generic noun phrase", "The ceasefire efforts reflect a wider search for stability.", want{}},
		{"statement is not an event", "The minister said the situation was serious.", want{}},
		{"demonstrate means show", "The report demonstrates a clear pattern.", want{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, evs := analyze(t, tc.text, published)
			if tc.want.typ == "" {
				if len(evs) != 0 {
					t.Fatalf("want no event, got %d:\n%s", len(evs), dump(a, evs))
				}
				return
			}
			var ev *news.Event
			for i := range evs {
				if evs[i].Type == tc.want.typ {
					ev = &evs[i]
					break
				}
			}
			if ev == nil {
				t.Fatalf("no %s event:\n%s", tc.want.typ, dump(a, evs))
			}
			if tc.want.mode != "" && ev.Mode != tc.want.mode {
				t.Errorf("mode %q, want %q", ev.Mode, tc.want.mode)
			}
			if ev.Status != tc.want.status {
				t.Errorf("status %s, want %s", ev.Status, tc.want.status)
			}
			if tc.want.actors != nil {
				checkCountries(t, "actors", ev.Actors, tc.want.actors)
			}
			if tc.want.recipients != nil {
				checkCountries(t, "recipients", ev.Recipients, tc.want.recipients)
			}
			if tc.want.loc != "" && (ev.Location == nil || ev.Location.Country != tc.want.loc) {
				t.Errorf("location %+v, want country %s", ev.Location, tc.want.loc)
			}
			if tc.want.date != "" {
				if ev.Date == nil {
					t.Errorf("no date, want %s", tc.want.date)
				} else if got := ev.Date.Begin.Format("2006-01-02"); got != tc.want.date {
					t.Errorf("date %s (%q), want %s", got, ev.Date.Text, tc.want.date)
				}
			}
			if ev.Confidence <= 0 || ev.Confidence > 1 {
				t.Errorf("confidence %v out of (0,1]", ev.Confidence)
			}
			if ev.Intensity != Intensity(ev.Type) {
				t.Errorf("intensity %v, want %v", ev.Intensity, Intensity(ev.Type))
			}
			if a.Text[ev.Trigger.Start:ev.Trigger.End] != ev.Trigger.Text {
				t.Errorf("trigger span %d-%d is not %q", ev.Trigger.Start, ev.Trigger.End, ev.Trigger.Text)
			}
			if t.Failed() {
				t.Log("\n" + dump(a, evs))
			}
		})
	}
}

func checkCountries(t *testing.T, what string, got []news.EventActor, want []string) {
	t.Helper()
	have := map[string]bool{}
	for _, a := range got {
		have[a.Country] = true
	}
	for _, w := range want {
		if !have[w] {
			t.Errorf("%s %v lack %s", what, actorCodes(got), w)
		}
	}
}

// TestOneEventForCoordinatedActors checks that "X and Y held talks" is one
// event with two actors, not two events.
func TestOneEventForCoordinatedActors(t *testing.T) {
	a, evs := analyze(t, "Ghana and Togo held talks in Accra on Thursday.", published)
	if len(evs) != 1 {
		t.Fatalf("want 1 event, got %d:\n%s", len(evs), dump(a, evs))
	}
	checkCountries(t, "actors", evs[0].Actors, []string{"GHA", "TGO"})
}

func TestNoPublishedDateStaysRelative(t *testing.T) {
	a, evs := analyze(t, "Ghana and Togo held talks in Accra on Thursday.", time.Time{})
	if len(evs) != 1 || evs[0].Date == nil {
		t.Fatalf("want 1 dated event:\n%s", dump(a, evs))
	}
	d := evs[0].Date
	if !d.Begin.IsZero() || d.Unresolved != "WEEKDAY:THU" {
		t.Errorf("date %+v: want unresolved WEEKDAY:THU", d)
	}
}

func TestDatelineFallback(t *testing.T) {
	a := &news.Article{Text: "Police arrested five protesters on Friday.", Published: published, Dateline: "Nairobi, Kenya"}
	prepare(t)(a)
	evs := Code(a, nil)
	if len(evs) != 1 {
		t.Fatalf("want 1 event:\n%s", dump(a, evs))
	}
	// without a KB the dateline cannot be placed
	if evs[0].Location != nil {
		t.Errorf("location %+v without a KB", evs[0].Location)
	}
	evs = Code(a, kb.Default())
	if len(evs) != 1 || evs[0].Location == nil || evs[0].Location.Country != "KEN" || !evs[0].Location.FromDateline {
		t.Fatalf("want dateline location KEN:\n%s", dump(a, evs))
	}
}

func TestCodeEmpty(t *testing.T) {
	if evs := Code(nil, nil); evs != nil {
		t.Errorf("nil article: %v", evs)
	}
	if evs := Code(&news.Article{Text: "Ghana and Togo held talks."}, nil); len(evs) != 0 {
		t.Errorf("unannotated article: %v", evs)
	}
}

func TestLexicon(t *testing.T) {
	if n := LexiconSize(); n < 150 {
		t.Errorf("lexicon has %d entries, want ≥ 150", n)
	}
	types := map[news.EventType]bool{}
	for _, es := range defaultLexicon {
		for _, e := range es {
			types[e.typ] = true
		}
	}
	for typ := range validTypes {
		if !types[typ] {
			t.Errorf("no lexicon entry for %s", typ)
		}
	}
	bad := []string{
		"AGREE\t\t030\tV",               // too few fields
		"HUG\t\t030\tV\thug",            // unknown type
		"AGREE\t\t030\tX\tagree",        // bad pos
		"AGREE\t\t030\tV\tagree\tfoo=x", // bad condition
	}
	for _, b := range bad {
		if _, err := parseLexicon(b); err == nil || !strings.Contains(err.Error(), "line 1") {
			t.Errorf("parseLexicon(%q) = %v, want a line error", b, err)
		}
	}
}

// TestRepeatedMentionIsOneEvent checks that a later undated mention of the
// same event ("the call between …") is not coded twice.
func TestRepeatedMentionIsOneEvent(t *testing.T) {
	txt := "Norwegian Prime Minister Halvard Rusten and Danish Prime Minister Mette Sand held a phone call on Monday.\n\n" +
		"The phone call between Rusten and Sand was their first this year."
	a, evs := analyze(t, txt, published)
	n := 0
	for _, e := range evs {
		if e.Type == news.EventConsult {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("want 1 CONSULT event, got %d:\n%s", n, dump(a, evs))
	}
}

func TestMisparseRobustness(t *testing.T) {
	// whatever the parser makes of these, the event and its actor must
	// come out (the subject is recovered from the mentions before the
	// verb, or from a root noun the verb was hung under)
	tests := []struct {
		name, text string
		typ        news.EventType
		actor      string
	}{
		{"detained", "Thai police detained six activists outside the parliament in Bangkok.", news.EventCoerce, "THA"},
		{"phone call after an opening phrase", "In a brief exchange, Norwegian Prime Minister Halvard Rusten and Danish Prime Minister Mette Sand held a phone call.", news.EventConsult, "NOR"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, evs := analyze(t, tc.text, published)
			for _, e := range evs {
				if e.Type == tc.typ {
					checkCountries(t, "actors", e.Actors, []string{tc.actor})
					return
				}
			}
			t.Fatalf("no %s event:\n%s", tc.typ, dump(a, evs))
		})
	}
}

func TestConcurrent(t *testing.T) {
	a := &news.Article{Text: benchArticle(), Published: published}
	prepare(t)(a)
	k := kb.Default()
	want := dump(a, Code(a, k))
	done := make(chan string, 4)
	for range 4 {
		go func() { done <- dump(a, Code(a, k)) }()
	}
	for range 4 {
		if got := <-done; got != want {
			t.Fatal("concurrent Code gave a different result")
		}
	}
}
