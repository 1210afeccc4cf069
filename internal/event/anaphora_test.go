package event

import (
	"strings"
	"testing"

	"github.com/readout/readout/internal/news"
)

func ofType(evs []news.Event, typ news.EventType) []news.Event {
	var out []news.Event
	for _, e := range evs {
		if e.Type == typ {
			out = append(out, e)
		}
	}
	return out
}

// TestAnaphoraMerges checks that a later "the strike"/"the call"/"he was
// detained" adds its date or mode to the first mention instead of being
// coded again.
func TestAnaphoraMerges(t *testing.T) {
	tests := []struct {
		name, text string
		typ        news.EventType
		mode, date string
	}{
		{"strike", "Israeli aircraft struck a building in Beirut's southern suburbs. The strike, on Monday night, killed a senior Hezbollah commander.", news.EventAssault, "aerial", "2025-10-20"},
		{"call", "The Kenyan president spoke with his Somali counterpart. The call, which lasted an hour, took place on Sunday.", news.EventConsult, "phone", "2025-10-19"},
		{"passive repeat", "Colombian police arrested the rebel commander known as Tigre. He was detained in Cali on Friday.", news.EventCoerce, "arrest", "2025-10-17"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, evs := analyze(t, tc.text, published)
			got := ofType(evs, tc.typ)
			if len(got) != 1 {
				t.Fatalf("want one %s event, got %d:\n%s", tc.typ, len(got), dump(a, evs))
			}
			e := got[0]
			if e.Mode != tc.mode {
				t.Errorf("mode %q, want %q", e.Mode, tc.mode)
			}
			if e.Date == nil || e.Date.Begin.Format("2006-01-02") != tc.date {
				t.Errorf("date %+v, want %s", e.Date, tc.date)
			}
		})
	}
}

// TestAnaphoraKeepsDistinctEvents checks that a planned visit is not
// merged into one that took place, nor one person's visit into another's.
func TestAnaphoraKeepsDistinctEvents(t *testing.T) {
	txt := "Kenyan Foreign Minister Odhiambo Wekesa visited Addis Ababa on Tuesday.\n\n" +
		"The upcoming visit by the Egyptian foreign minister Samir Fahmy to Nairobi was announced on Monday."
	a, evs := analyze(t, txt, published)
	got := ofType(evs, news.EventConsult)
	if len(got) != 2 {
		t.Fatalf("want two visits, got %d:\n%s", len(got), dump(a, evs))
	}
	if got[0].Status != news.StatusOccurred || got[1].Status != news.StatusPlanned {
		t.Errorf("statuses %s, %s; want occurred, planned", got[0].Status, got[1].Status)
	}
}

// TestReportedInQuote checks the quotes stage's effect on status and the
// first-person actor of a direct quotation.
func TestReportedInQuote(t *testing.T) {
	tests := []struct {
		name, text string
		typ        news.EventType
		status     news.EventStatus
		actor      string
	}{
		{"indirect, trailing attribution", "Russia is massing troops near the Finnish border, Helsinki said.", news.EventMobilize, news.StatusReported, "RUS"},
		{"direct quote, we", "\"We destroyed three enemy tanks,\" a Ukrainian commander said.", news.EventAssault, news.StatusReported, "UKR"},
		{"negation kept", "Sri Lanka will not deport the refugees, the minister said.", news.EventCoerce, news.StatusNegated, "LKA"},
		{"asserted", "Pakistani police arrested a former minister in Lahore on Friday.", news.EventCoerce, news.StatusOccurred, "PAK"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, evs := analyze(t, tc.text, published)
			got := ofType(evs, tc.typ)
			if len(got) != 1 {
				t.Fatalf("want one %s, got:\n%s", tc.typ, dump(a, evs))
			}
			if got[0].Status != tc.status {
				t.Errorf("status %s, want %s", got[0].Status, tc.status)
			}
			checkCountries(t, "actors", got[0].Actors, []string{tc.actor})
		})
	}
}

// TestStatementsAreNotEvents checks the NONE rows of the lexicon.
func TestStatementsAreNotEvents(t *testing.T) {
	for _, txt := range []string{
		"The Chilean foreign ministry declined to comment on the report.",
		"The Kenyan government rejected the accusation of vote rigging.",
		"Earlier visits by Kenyan ministers to Asia focused on trade.",
		"The South African government is considering sending aid to Malawi.", // coded hypothetical, see below
	} {
		if strings.Contains(txt, "considering") {
			a, evs := analyze(t, txt, published)
			if len(evs) != 1 || evs[0].Status != news.StatusHypothetical || SentenceClass(evs) != QuadNone {
				t.Errorf("%q: want one hypothetical event of class none:\n%s", txt, dump(a, evs))
			}
			continue
		}
		a, evs := analyze(t, txt, published)
		if len(evs) != 0 {
			t.Errorf("%q: want no event:\n%s", txt, dump(a, evs))
		}
	}
}

// TestParticipants checks argument fixes: the country of a matched
// object's modifier, a country-less institution placed by the sentence,
// and no recipient for the actor's own possession.
func TestParticipants(t *testing.T) {
	tests := []struct {
		name, text   string
		typ          news.EventType
		actor, recip string
		noRecipient  bool
		locationCtry string
	}{
		{"expelled ambassador", "Niger expelled the French ambassador on Thursday.", news.EventSanction, "NER", "FRA", false, ""},
		{"sent to", "The United States sent air defence missiles to Ukraine last month.", news.EventAid, "USA", "UKR", false, ""},
		{"own troops", "Russia withdrew its troops from the border region.", news.EventRetreat, "RUS", "", true, ""},
		{"local court", "A court in Ankara convicted two journalists of spreading disinformation.", news.EventSanction, "TUR", "", false, "TUR"},
		{"drones", "Ukrainian drones attacked an oil refinery in Ryazan overnight.", news.EventAssault, "UKR", "", false, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, evs := analyze(t, tc.text, published)
			got := ofType(evs, tc.typ)
			if len(got) != 1 {
				t.Fatalf("want one %s, got:\n%s", tc.typ, dump(a, evs))
			}
			e := got[0]
			checkCountries(t, "actors", e.Actors, []string{tc.actor})
			if tc.recip != "" {
				checkCountries(t, "recipients", e.Recipients, []string{tc.recip})
			}
			if tc.noRecipient && anyCoded(e.Recipients) {
				t.Errorf("recipients %v, want none coded", actorCodes(e.Recipients))
			}
			if tc.locationCtry != "" && (e.Location == nil || e.Location.Country != tc.locationCtry) {
				t.Errorf("location %+v, want %s", e.Location, tc.locationCtry)
			}
			if tc.name == "drones" && e.Mode != "drone" {
				t.Errorf("mode %q, want drone", e.Mode)
			}
		})
	}
}

func TestCAMEOQuad(t *testing.T) {
	tests := []struct {
		cameo string
		typ   news.EventType
		want  int
	}{
		{"020", news.EventRequest, QuadNone}, // an appeal is neutral
		{"163", news.EventSanction, QuadVerbalConflict},
		{"173", news.EventCoerce, QuadMaterialConflict},
		{"100", news.EventRequest, QuadVerbalConflict}, // a demand
		{"081", news.EventConcede, QuadMaterialCooperation},
		{"042", news.EventConsult, QuadVerbalCooperation},
		{"0874", news.EventRetreat, QuadMaterialCooperation},
		{"112", news.EventAccuse, QuadVerbalConflict},
		{"195", news.EventAssault, QuadMaterialConflict},
		{"", news.EventSupport, QuadVerbalCooperation}, // falls back to the type
		{"x1", news.EventProtest, QuadMaterialConflict},
	}
	for _, tc := range tests {
		if got := CAMEOQuad(news.Event{Type: tc.typ, CAMEO: tc.cameo}); got != tc.want {
			t.Errorf("CAMEOQuad(%s %q) = %d, want %d", tc.typ, tc.cameo, got, tc.want)
		}
	}
	if SentenceClass(nil) != QuadNone {
		t.Error("no events: want QuadNone")
	}
}

func TestActorsMatch(t *testing.T) {
	isr := news.EventActor{Text: "Israeli", Country: "ISR", Sector: "MIL", Code: "ISRMIL"}
	un := news.EventActor{Text: "UN", Code: "IGO"}
	text := news.EventActor{Text: "a delegation"}
	tests := []struct {
		gold []string
		got  []news.EventActor
		want bool
	}{
		{[]string{"ISR"}, []news.EventActor{isr}, true},
		{[]string{"ISRMIL"}, []news.EventActor{isr, text}, true},
		{[]string{"ISRGOV"}, []news.EventActor{isr}, false},
		{[]string{"ISR"}, []news.EventActor{isr, un}, false}, // an extra coded actor
		{[]string{"ISR", "IGO"}, []news.EventActor{isr}, false},
		{[]string{"igo"}, []news.EventActor{un}, true},
	}
	for i, tc := range tests {
		if got := actorsMatch(tc.gold, tc.got); got != tc.want {
			t.Errorf("%d: actorsMatch(%v) = %v, want %v", i, tc.gold, got, tc.want)
		}
	}
}

func TestReadBIO(t *testing.T) {
	src := "Kenyan B-S\npolice I-S\ndetained O\nsix B-T\nactivists I-T\n. O\n\nGhana B-R\nand O\nTogo B-R\nmet O\n. O\n"
	sents, err := ReadBIO(strings.NewReader(src))
	if err != nil || len(sents) != 2 {
		t.Fatalf("ReadBIO: %v, %d sentences", err, len(sents))
	}
	txt, spans := sents[0].Detokenize()
	if txt != "Kenyan police detained six activists." || txt[spans[3][0]:spans[3][1]] != "six" {
		t.Errorf("Detokenize = %q %v", txt, spans)
	}
	for _, bad := range []string{"word\n", "word X-S\n"} {
		if _, err := ReadBIO(strings.NewReader(bad)); err == nil || !strings.Contains(err.Error(), "line 1") {
			t.Errorf("ReadBIO(%q) = %v, want a line error", bad, err)
		}
	}
	sc := EvaluateActors(sents, prepare(t), nil)
	if sc.Sentences != 2 || sc.Source.Gold != 1 || sc.Target.Gold != 1 || sc.Reciprocal.Gold != 1 {
		t.Fatalf("counts: %+v", sc)
	}
	if sc.Source.Hits != 1 || sc.Target.Hits != 1 {
		t.Errorf("police → activists not matched: %+v", sc)
	}
}

func TestHeadlinePassive(t *testing.T) {
	a, evs := analyze(t, "Hartwell Foods criticized for selling shirts endorsing armed groups.", published)
	got := ofType(evs, news.EventAccuse)
	if len(got) != 1 || len(got[0].Actors) != 0 || len(got[0].Recipients) != 1 || got[0].Recipients[0].Text != "Hartwell Foods" {
		t.Fatalf("want the firm as the one criticised:\n%s", dump(a, evs))
	}
}
