package kb

import (
	"strings"
	"testing"
	"time"
)

func ids(es []*Entity) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.ID)
	}
	return out
}

func TestLookup(t *testing.T) {
	k := Default()
	tests := []struct{ name, want string }{
		{"U.S.", "country:USA"},
		{"US", "country:USA"},
		{"u.s.", "country:USA"},
		{"the United States", "country:USA"},
		{"United States of America", "country:USA"},
		{"America", "country:USA"},
		{"U.K.", "country:GBR"},
		{"Britain", "country:GBR"},
		{"UAE", "country:ARE"},
		{"the United Arab Emirates", "country:ARE"},
		{"DRC", "country:COD"},
		{"Iran", "country:IRN"},
		{"Iran (Islamic Republic of)", "country:IRN"},
		{"Russian Federation", "country:RUS"},
		{"Côte d’Ivoire", "country:CIV"},
		{"Cote d'Ivoire", "country:CIV"},
		{"Türkiye", "country:TUR"},
		{"ISR", "country:ISR"},
		{"Palestinian territories", "country:PSE"},
		{"Gaza", "territory:PSE-GAZA"},
		{"Gaza Strip", "territory:PSE-GAZA"},
		{"Gaza City", "place:gaza-city"},
		{"West Bank", "territory:PSE-WEST-BANK"},
		{"the IDF", "body:ISR-IDF"},
		{"Israel Defense Forces", "body:ISR-IDF"},
		{"State Department", "body:USA-STATE-DEPT"},
		{"Pentagon", "body:USA-DOD"},
		{"Knesset", "body:ISR-KNESSET"},
		{"No. 10", "body:GBR-DOWNING-STREET"},
		{"Hamas", "group:HAMAS"},
		{"Ansar Allah", "group:HOUTHIS"},
		{"al Qaida", "group:AL-QAEDA"},
		{"Al-Qaeda", "group:AL-QAEDA"},
		{"The Jerusalem Post", "media:jerusalem-post"},
		{"Jerusalem Post", "media:jerusalem-post"},
		{"UN", "igo:UN"},
		{"U.N.", "igo:UN"},
		{"NATO", "igo:NATO"},
		{"EU", "igo:EU"},
		{"Arab League", "igo:ARAB-LEAGUE"},
		{"Red Cross", "ngo:ICRC"},
		{"RSF", "group:RAPID-SUPPORT-FORCES"}, // groups are merged after NGOs
		{"Netanyahu", "person:benjamin-netanyahu"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := k.Lookup(tt.name)
			if len(got) == 0 || got[0].ID != tt.want {
				t.Errorf("Lookup(%q) = %v, want %s first", tt.name, ids(got), tt.want)
			}
		})
	}
	for _, s := range []string{"", "the", "Ruritania", "...", "ABC"} {
		if got := k.Lookup(s); len(got) != 0 {
			t.Errorf("Lookup(%q) = %v, want nothing", s, ids(got))
		}
	}
}

func TestDemonymCapital(t *testing.T) {
	k := Default()
	dem := map[string]string{
		"Israeli": "ISR", "Israelis": "ISR", "Qatari": "QAT", "American": "USA", "Americans": "USA",
		"British": "GBR", "Briton": "GBR", "Palestinian": "PSE", "Egyptian": "EGY", "Emirati": "ARE",
		"Saudi": "SAU", "Chinese": "CHN", "Dutch": "NLD", "Swiss": "CHE", "Czechs": "CZE", "Lebanese": "LBN",
	}
	for w, want := range dem {
		if e := k.Demonym(w); e == nil || e.Country != want {
			t.Errorf("Demonym(%q) = %v, want %s", w, e, want)
		}
	}
	for _, w := range []string{"Chineses", "Swisss", "Britishs", "Israel", "Washington"} {
		if e := k.Demonym(w); e != nil {
			t.Errorf("Demonym(%q) = %s, want nil", w, e.ID)
		}
	}
	capitals := map[string]string{
		"Washington": "USA", "Jerusalem": "ISR", "Doha": "QAT", "Cairo": "EGY", "London": "GBR",
		"Moscow": "RUS", "Tehran": "IRN", "Kyiv": "UKR", "Kiev": "UKR", "Astana": "KAZ", "The Hague": "NLD",
		"Ramallah": "PSE",
	}
	for w, want := range capitals {
		if e := k.Capital(w); e == nil || e.Country != want {
			t.Errorf("Capital(%q) = %v, want %s", w, e, want)
		}
	}
	for _, w := range []string{"Male", "Victoria", "Kingston", "Tel Aviv", "Hamilton"} {
		if e := k.Capital(w); e != nil {
			t.Errorf("Capital(%q) = %s, want nil (ambiguous or not a capital)", w, e.ID)
		}
	}
}

func TestMatch(t *testing.T) {
	k := Default()
	type hit struct{ text, id, kind string }
	tests := []struct {
		name string
		text string // tokens separated by spaces
		want []hit
	}{
		{"longest country", "the United Arab Emirates and the United States",
			[]hit{{"United Arab Emirates", "country:ARE", KindName}, {"United States", "country:USA", KindName}}},
		{"no bare United", "United won the cup", nil},
		{"acronym case", "the US told us", []hit{{"US", "country:USA", KindAlias}}},
		{"who is not WHO", "who said the WHO warned", []hit{{"WHO", "igo:WHO", KindAlias}}},
		{"lower-case name", "a china cup", nil},
		{"combined body", "the U.S. State Department said", []hit{{"U.S. State Department", "body:USA-STATE-DEPT", KindCombined}}},
		{"possessive pattern", "Egypt 's foreign ministry said", []hit{{"Egypt 's foreign ministry", "body:EGY-MOFA", KindPattern}}},
		{"synthesised body", "the Lebanese army said", []hit{{"Lebanese army", "body:LBN-army", KindPattern}}},
		{"curated generic", "Israeli troops entered", []hit{{"Israeli troops", "body:ISR-IDF", KindPattern}}},
		{"demonym alone", "a Qatari official", []hit{{"Qatari", "country:QAT", KindDemonym}}},
		{"capital metonym", "Washington and Jerusalem disagree", []hit{{"Washington", "country:USA", KindCapital}, {"Jerusalem", "country:ISR", KindCapital}}},
		{"outlet not capital", "told The Washington Post", []hit{{"Washington Post", "media:washington-post", KindName}}},
		{"media", "he told The Jerusalem Post on Monday", []hit{{"Jerusalem Post", "media:jerusalem-post", KindName}}},
		{"hyphen split", "al - Qaeda and Guinea - Bissau", []hit{{"al - Qaeda", "group:AL-QAEDA", KindName}, {"Guinea - Bissau", "country:GNB", KindName}}},
		{"hyphen whole", "al-Qaeda claimed", []hit{{"al-Qaeda", "group:AL-QAEDA", KindName}}},
		{"person beats country", "Israel Katz said", []hit{{"Israel Katz", "person:israel-katz", KindName}}},
		{"igo organ", "the UN Security Council voted", []hit{{"UN Security Council", "igo:UNSC", KindName}}},
		{"territory and city", "from Gaza City to the Gaza Strip", []hit{{"Gaza City", "place:gaza-city", KindName}, {"Gaza Strip", "territory:PSE-GAZA", KindName}}},
		{"other country's body", "Israeli Pentagon", []hit{{"Israeli", "country:ISR", KindDemonym}, {"Pentagon", "body:USA-DOD", KindAlias}}},
		{"comma inside name", "in Washington , D.C. today", []hit{{"Washington , D.C.", "country:USA", KindCapital}}},
		{"lower-case first word", "in the occupied West Bank", []hit{{"occupied West Bank", "territory:PSE-WEST-BANK", KindAlias}}},
		{"lower-case outlet", "told dpa that", []hit{{"dpa", "media:dpa", KindAlias}}},
		{"capitalised only", "a united front", nil},
		{"generic over other country's body", "the German Foreign Office said", []hit{{"German Foreign Office", "body:DEU-foreign-ministry", KindPattern}}},
		{"bare body", "the Foreign Office said", []hit{{"Foreign Office", "body:GBR-FCDO", KindAlias}}},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			toks := strings.Fields(tt.text)
			var got []hit
			for _, m := range k.Match(toks) {
				got = append(got, hit{strings.Join(toks[m.Start:m.End], " "), m.Entity.ID, m.Kind})
			}
			if len(got) != len(tt.want) {
				t.Fatalf("Match(%q) = %v, want %v", tt.text, got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("Match(%q)[%d] = %v, want %v", tt.text, i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestSectors(t *testing.T) {
	k := Default()
	want := map[string]string{
		"body:ISR-IDF": "MIL", "body:USA-STATE-DEPT": "GOV", "body:USA-DOD": "MIL", "body:ISR-KNESSET": "LEG",
		"body:ISR-SHIN-BET": "SPY", "body:USA-FBI": "COP", "body:USA-SUPREME-COURT": "JUD", "group:HAMAS": "REB",
		"group:LIKUD": "PTY", "igo:UN": "IGO", "ngo:HRW": "NGO", "media:reuters": "JRN",
	}
	for id, s := range want {
		e := k.Entity(id)
		if e == nil || e.Sector != s {
			t.Errorf("%s: sector %v, want %s", id, e, s)
		}
	}
	// synthesised bodies carry the generic's sector and country
	toks := strings.Fields("the Jordanian police and the Iraqi parliament and the Kenyan supreme court")
	wantS := []string{"COP", "LEG", "JUD"}
	ms := k.Match(toks)
	if len(ms) != 3 {
		t.Fatalf("got %d matches, want 3", len(ms))
	}
	for i, m := range ms {
		if m.Entity.Sector != wantS[i] || m.Entity.Type != TypeBody {
			t.Errorf("%s: %s %s, want body %s", m.Entity.ID, m.Entity.Type, m.Entity.Sector, wantS[i])
		}
	}
	if ms[0].Entity.Country != "JOR" {
		t.Errorf("country %q, want JOR", ms[0].Entity.Country)
	}
	// the same synthesised entity is returned each time
	if again := k.Match(toks); again[0].Entity != ms[0].Entity {
		t.Error("synthesised body not cached")
	}
}

func TestSectorOfTitle(t *testing.T) {
	tests := map[string]string{
		"foreign minister": "GOV", "Foreign Minister": "GOV", "Prime Minister": "GOV", "President": "GOV",
		"Secretary of State": "GOV", "defense secretary": "MIL", "Defence Minister": "MIL", "general": "MIL",
		"Brig. Gen.": "MIL", "chief of staff": "MIL", "White House chief of staff": "GOV", "commander": "MIL",
		"senator": "LEG", "Sen.": "LEG", "Knesset member": "", "member of parliament": "LEG", "judge": "JUD",
		"Attorney General": "JUD", "police chief": "COP", "police minister": "GOV", "spokesperson": "",
		"military spokesman": "", "Secretary-General": "", "opposition leader": "OPP", "journalist": "JRN",
		"": "", "juggler": "",
	}
	for title, want := range tests {
		if got := SectorOfTitle(title); got != want {
			t.Errorf("SectorOfTitle(%q) = %q, want %q", title, got, want)
		}
	}
}

func TestRolesAt(t *testing.T) {
	k := Default()
	day := func(s string) time.Time {
		d, err := time.Parse("2006-01-02", s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	titles := func(rs []Role) string {
		var out []string
		for _, r := range rs {
			out = append(out, r.Title)
		}
		return strings.Join(out, ",")
	}
	tests := []struct{ id, date, want string }{
		{"person:donald-trump", "2019-06-01", "President"},
		{"person:donald-trump", "2023-06-01", ""},
		{"person:donald-trump", "2026-11-22", "President"},
		{"person:joe-biden", "2025-01-20", "President"}, // inclusive end
		{"person:joe-biden", "2025-01-21", ""},
		{"person:antony-blinken", "2024-03-01", "Secretary of State"},
		{"person:marco-rubio", "2024-03-01", ""},
		{"person:benjamin-netanyahu", "2021-12-01", ""},
		{"person:benjamin-netanyahu", "2023-10-07", "Prime Minister"},
		{"person:yoav-gallant", "2024-11-30", "Defence Minister"}, // month-precise end covers the month
		{"person:yoav-gallant", "2024-12-01", ""},
		{"person:nobody", "2024-01-01", ""},
	}
	for _, tt := range tests {
		if got := titles(k.RolesAt(tt.id, day(tt.date))); got != tt.want {
			t.Errorf("RolesAt(%s, %s) = %q, want %q", tt.id, tt.date, got, tt.want)
		}
	}
}

func TestGazetteer(t *testing.T) {
	g := Default().Gazetteer()
	want := map[string]string{
		"united states": "LOC", "u.s.": "LOC", "israeli": "MISC", "hamas": "ORG", "al - qaeda": "ORG",
		"al-qaeda": "ORG", "benjamin netanyahu": "PER", "the jerusalem post": "ORG", "washington": "LOC",
		"prime minister 's office of israel": "ORG",
	}
	for k, v := range want {
		if g[k] != v {
			t.Errorf("Gazetteer()[%q] = %q, want %q", k, g[k], v)
		}
	}
}

// TestEmbeddedData checks the embedded data's integrity.
func TestEmbeddedData(t *testing.T) {
	if err := DefaultErr(); err != nil {
		t.Fatal(err)
	}
	k := Default()
	byType, _ := k.Counts()
	if byType[TypeCountry] < 190 {
		t.Errorf("only %d countries", byType[TypeCountry])
	}
	for _, e := range k.List("") {
		if e.Source == "" {
			t.Errorf("%s has no source", e.ID)
		}
		if e.Type == TypeCountry && len(e.Demonyms) == 0 && e.ID != "country:DMA" && e.ID != "country:COG" {
			t.Errorf("%s has no demonym", e.ID)
		}
		for _, r := range e.Roles {
			if strings.Contains(r.Org, ":") && k.Entity(r.Org) == nil {
				t.Errorf("%s: role org %s is not in the KB", e.ID, r.Org)
			}
		}
	}
	// Default hands out clones: merging into one does not change another
	a, b := Default(), Default()
	u, err := Load(strings.NewReader(`{"entities":[{"id":"group:X","name":"Ruritanian Front"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	a.Merge(u)
	if len(a.Lookup("Ruritanian Front")) != 1 || len(b.Lookup("Ruritanian Front")) != 0 {
		t.Error("Merge into one Default() clone leaked into another")
	}
}
