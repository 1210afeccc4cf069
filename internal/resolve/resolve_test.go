package resolve

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/readout/readout/internal/kb"
	"github.com/readout/readout/internal/ner"
	"github.com/readout/readout/internal/news"
)

var (
	resOnce sync.Once
	res     *Resolver
	resErr  error
)

// testResolver is the embedded KB, a test person (testdata/roe.json) and
// the embedded NER model.
func testResolver(t testing.TB) *Resolver {
	t.Helper()
	resOnce.Do(func() {
		m, err := ner.Default()
		if err != nil {
			resErr = err
			return
		}
		k, err := kb.Open(filepath.Join("testdata", "roe.json"))
		if err != nil {
			resErr = err
			return
		}
		res = New(k, m)
	})
	if resErr != nil {
		t.Fatal(resErr)
	}
	return res
}

func readFixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func analyze(t testing.TB, file string, date time.Time) (*news.Article, []news.Entity) {
	t.Helper()
	a := &news.Article{Text: readFixture(t, file), Published: date}
	return a, testResolver(t).Article(a)
}

// find returns the entity with a mention whose text is s.
func find(t *testing.T, ents []news.Entity, s string) *news.Entity {
	t.Helper()
	for i := range ents {
		for _, m := range ents[i].Mentions {
			if m.Text == s {
				return &ents[i]
			}
		}
	}
	t.Fatalf("no entity with a mention %q", s)
	return nil
}

func mentionOf(e *news.Entity, text string) *news.Mention {
	for i := range e.Mentions {
		if e.Mentions[i].Text == text {
			return &e.Mentions[i]
		}
	}
	return nil
}

func TestCoreference(t *testing.T) {
	a, ents := analyze(t, "talks.txt", time.Date(2025, 3, 4, 0, 0, 0, 0, time.UTC))
	tests := []struct {
		name, anchor, mention, kind string
	}{
		{"surname", "Ingrid Solberg", "Solberg", news.MentionSurname},
		{"title only", "Ingrid Solberg", "The foreign minister", news.MentionTitle},
		{"pronoun", "Ingrid Solberg", "she", news.MentionPronoun},
		{"surname after an age", "Peter Otieno", "Otieno", news.MentionSurname},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := find(t, ents, tc.anchor)
			m := mentionOf(e, tc.mention)
			if m == nil {
				t.Fatalf("%s: no mention %q in %+v", e.ID, tc.mention, e.Mentions)
			}
			if m.Kind != tc.kind {
				t.Errorf("%q: kind %q, want %q", tc.mention, m.Kind, tc.kind)
			}
			if a.Text[m.Start:m.End] != tc.mention {
				t.Errorf("span %d-%d is %q", m.Start, m.End, a.Text[m.Start:m.End])
			}
			if m.Confidence <= 0 || m.Confidence > 1 {
				t.Errorf("confidence %v", m.Confidence)
			}
		})
	}
	// the two ministers stay apart
	if find(t, ents, "Peter Otieno").ID == find(t, ents, "Ingrid Solberg").ID {
		t.Error("Otieno and Solberg merged")
	}
}

func TestRoles(t *testing.T) {
	_, ents := analyze(t, "talks.txt", time.Date(2025, 3, 4, 0, 0, 0, 0, time.UTC))
	tests := []struct {
		name, person, title, country, sector, org, pattern, actor string
	}{
		{"prenominal with demonym", "Ingrid Solberg", "Foreign Minister", "NOR", "GOV", "", "prenominal", "NORGOV"},
		{"defence minister is MIL", "Peter Otieno", "Defence Minister", "KEN", "MIL", "", "prenominal", "KENMIL"},
		{"appositive spokesman", "Lars Vikene", "spokesman for the Norwegian army", "NOR", "MIL", "body:NOR-army", "appositive", "NORMIL"},
		{"appositive chairman", "Anna Brekke", "chairman of the Nordic Fisheries Council", "", "", "org:nordic-fisheries-council", "appositive", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := find(t, ents, tc.person)
			if len(e.Roles) == 0 {
				t.Fatalf("%s: no roles", e.ID)
			}
			r := e.Roles[0]
			if r.Title != tc.title || r.Country != tc.country || r.Sector != tc.sector || r.Org != tc.org || r.Pattern != tc.pattern {
				t.Errorf("role %+v, want title %q country %q sector %q org %q pattern %q", r, tc.title, tc.country, tc.sector, tc.org, tc.pattern)
			}
			if r.Date != "2025-03-04" {
				t.Errorf("date %q", r.Date)
			}
			if e.Actor != tc.actor {
				t.Errorf("actor %q, want %q", e.Actor, tc.actor)
			}
			if r.End <= r.Start {
				t.Errorf("no evidence span: %+v", r)
			}
		})
	}
}

func TestLinking(t *testing.T) {
	_, ents := analyze(t, "talks.txt", time.Time{})
	tests := []struct {
		mention, id, typ, actor, kind string
		linked                        bool
	}{
		{"Nairobi", "loc:nairobi", kb.TypePlace, "", news.MentionName, false}, // "in Nairobi": the city
		{"United Nations", "igo:UN", kb.TypeIGO, "IGO", news.MentionName, true},
		{"U.S. State Department", "body:USA-STATE-DEPT", kb.TypeBody, "USAGOV", news.MentionName, true},
		{"Reuters", "media:reuters", kb.TypeMedia, "GBRJRN", news.MentionName, true},
		{"Norwegian army", "body:NOR-army", kb.TypeBody, "NORMIL", news.MentionPattern, true},
		{"Ingrid Solberg", "per:ingrid-solberg", kb.TypePerson, "NORGOV", news.MentionName, false},
	}
	for _, tc := range tests {
		t.Run(tc.mention, func(t *testing.T) {
			e := find(t, ents, tc.mention)
			if e.ID != tc.id || e.Type != tc.typ || e.Actor != tc.actor || e.Linked != tc.linked {
				t.Errorf("got id %q type %q actor %q linked %v, want %q %q %q %v", e.ID, e.Type, e.Actor, e.Linked, tc.id, tc.typ, tc.actor, tc.linked)
			}
			if m := mentionOf(e, tc.mention); m.Kind != tc.kind {
				t.Errorf("kind %q, want %q", m.Kind, tc.kind)
			}
		})
	}
	// "Nairobi said": the capital stands for the state
	var ken *news.Entity
	for i := range ents {
		if ents[i].ID == "country:KEN" {
			ken = &ents[i]
		}
	}
	if ken == nil || len(ken.Mentions) != 1 || ken.Mentions[0].Kind != news.MentionCapital {
		t.Errorf("country:KEN = %+v, want one capital mention", ken)
	}
	// the demonyms that qualify titles are not mentions of the country
	for _, e := range ents {
		if e.ID == "country:NOR" {
			t.Errorf("title modifier emitted as a mention: %+v", e.Mentions)
		}
	}
}

func TestConflicts(t *testing.T) {
	_, ents := analyze(t, "cabinet.txt", time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC))
	tests := []struct {
		name, person, want string
	}{
		{"two posts in one article", "Tove Lindqvist", `titles "Finance Minister"`},
		{"title against the KB role for the date", "Jane Roe", `kb: title "Defence Minister"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := find(t, ents, tc.person)
			if len(e.Conflicts) == 0 || !strings.Contains(strings.Join(e.Conflicts, "\n"), tc.want) {
				t.Errorf("%s conflicts %q, want %q", e.ID, e.Conflicts, tc.want)
			}
		})
	}
	roe := find(t, ents, "Jane Roe")
	if roe.ID != "person:jane-roe" || !roe.Linked {
		t.Errorf("Jane Roe = %s linked %v", roe.ID, roe.Linked)
	}
	if e := find(t, ents, "Ingrid Solberg"); len(e.Conflicts) != 0 {
		t.Errorf("unexpected conflicts %q", e.Conflicts)
	}
	// before her KB role began, the title is not compared
	_, early := analyze(t, "cabinet.txt", time.Date(2025, 1, 15, 0, 0, 0, 0, time.UTC))
	if e := find(t, early, "Jane Roe"); !strings.Contains(strings.Join(e.Conflicts, "\n"), "no role") {
		t.Errorf("early conflicts %q, want the KB's 'no role'", e.Conflicts)
	}
}

func TestStableIDsAcrossArticles(t *testing.T) {
	_, a := analyze(t, "talks.txt", time.Time{})
	_, b := analyze(t, "cabinet.txt", time.Time{})
	ida, idb := find(t, a, "Ingrid Solberg").ID, find(t, b, "Ingrid Solberg").ID
	if ida != idb || ida != "per:ingrid-solberg" {
		t.Errorf("ids %q and %q, want per:ingrid-solberg twice", ida, idb)
	}
}

func TestPronounsStayConservative(t *testing.T) {
	r := testResolver(t)
	a := &news.Article{Text: "Mette Aasen met Jonas Dahl in Bergen. He said the meeting went well."}
	for _, e := range r.Article(a) {
		for _, m := range e.Mentions {
			if m.Kind == news.MentionPronoun {
				t.Errorf("ambiguous pronoun resolved to %s", e.ID)
			}
		}
	}
}

func TestSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Ingrid Solberg", "ingrid-solberg"},
		{"The U.S. Navy's", "us-navy"},
		{"José  Álvarez-Núñez", "jose-alvarez-nunez"},
		{"", "unnamed"},
	}
	for _, tc := range tests {
		if got := Slug(tc.in); got != tc.want {
			t.Errorf("Slug(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestEmptyAndOdd(t *testing.T) {
	r := testResolver(t)
	for _, s := range []string{"", "   ", ",", "the the the", "\"\"\"", "Minister", "He said."} {
		a := &news.Article{Text: s}
		_ = r.Article(a) // must not panic
	}
	if New(kb.Default(), nil).Article(&news.Article{Text: "Israel and Norway."}) == nil {
		t.Error("a resolver without NER found no KB entities")
	}
}

func FuzzArticle(f *testing.F) {
	f.Add(readFixture(f, "talks.txt"))
	f.Add("Gen. , the , chairman of")
	f.Add("Foreign Minister, Jane Roe, the minister's office")
	r := testResolver(f)
	f.Fuzz(func(t *testing.T, s string) {
		a := &news.Article{Text: s}
		for _, e := range r.Article(a) {
			for _, m := range e.Mentions {
				if m.Start < 0 || m.End > len(s) || m.Start > m.End || s[m.Start:m.End] != m.Text {
					t.Fatalf("bad mention %+v", m)
				}
			}
		}
	})
}

func TestDescriptions(t *testing.T) {
	_, ents := analyze(t, "embassy.txt", time.Date(2025, 6, 2, 0, 0, 0, 0, time.UTC))
	tests := []struct {
		name, person, mention, actor string
	}{
		{"demonym description adds the country", "Karin Moe", "The Norwegian ambassador", "NORGOV"},
		{"place-qualified description", "Mark Hale", "The Ohio senator", "LEG"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := find(t, ents, tc.person)
			m := mentionOf(e, tc.mention)
			if m == nil || m.Kind != news.MentionTitle {
				t.Fatalf("%s mentions %+v, want title mention %q", e.ID, e.Mentions, tc.mention)
			}
			if e.Actor != tc.actor {
				t.Errorf("actor %q, want %q", e.Actor, tc.actor)
			}
		})
	}
	moe := find(t, ents, "Karin Moe")
	var desc *news.RoleAssertion
	for i, r := range moe.Roles {
		if r.Pattern == "description" {
			desc = &moe.Roles[i]
		}
	}
	if desc == nil || desc.Country != "NOR" || desc.Title != "ambassador" {
		t.Errorf("description role %+v in %+v", desc, moe.Roles)
	}
}

// TestTitleForms runs one sentence per line of testdata/forms.txt.
func TestTitleForms(t *testing.T) {
	lines := strings.Split(strings.TrimSpace(readFixture(t, "forms.txt")), "\n")
	tests := []struct {
		person, title, country, sector, org, pattern, actor string
		former                                              bool
	}{
		{"Jane Doakes", "Foreign Secretary", "GBR", "GOV", "", "prenominal", "GBRGOV", false},
		{"Avi Perlman", "Defence Minister", "ISR", "MIL", "", "prenominal", "ISRMIL", false},
		{"Dana Levin", "ambassador", "ISR", "GOV", "", "appositive", "ISRGOV", false},
		{"Omar Saleh", "spokesperson", "PSE", "REB", "group:HAMAS", "prenominal", "PSEREB", false},
		{"Lena Hart", "spokesperson", "USA", "GOV", "body:USA-STATE-DEPT", "prenominal", "USAGOV", false},
		{"Tom Reyes", "senator", "", "LEG", "", "prenominal", "ELI", true},
		{"Erik Sand", "Lt. Gen.", "", "MIL", "", "prenominal", "MIL", false},
		{"Karim Nour", "Foreign Minister", "", "GOV", "", "prenominal", "GOV", false},
		{"Ana Cruz", "President", "CHL", "GOV", "", "prenominal", "CHLELI", true},
		{"Ola Berge", "Trade Minister", "NOR", "GOV", "", "prenominal", "NORGOV", false},
	}
	if len(lines) != len(tests) {
		t.Fatalf("%d lines, %d cases", len(lines), len(tests))
	}
	r := testResolver(t)
	for i, tc := range tests {
		t.Run(tc.person, func(t *testing.T) {
			ents := r.Article(&news.Article{Text: lines[i]})
			e := find(t, ents, tc.person)
			if len(e.Roles) == 0 {
				t.Fatalf("no roles for %s", e.ID)
			}
			got := e.Roles[0]
			if got.Title != tc.title || got.Country != tc.country || got.Sector != tc.sector || got.Org != tc.org || got.Pattern != tc.pattern || got.Former != tc.former {
				t.Errorf("role %+v, want %+v", got, tc)
			}
			if e.Actor != tc.actor {
				t.Errorf("actor %q, want %q", e.Actor, tc.actor)
			}
		})
	}
}

func TestConcurrentUse(t *testing.T) {
	r := testResolver(t)
	body := readFixture(t, "talks.txt")
	want := fmt.Sprint(r.Article(&news.Article{Text: body}))
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if got := fmt.Sprint(r.Article(&news.Article{Text: body})); got != want {
				errs <- got
			}
		}()
	}
	wg.Wait()
	close(errs)
	for got := range errs {
		t.Errorf("concurrent result differs:\n%s\nwant\n%s", got, want)
	}
}

func TestSectorOfTitle(t *testing.T) {
	tests := []struct{ title, want string }{
		{"General", "MIL"},
		{"general secretary", ""},
		{"Attorney General", "JUD"},
		{"Defence Minister", "MIL"},
		{"Foreign Minister", "GOV"},
	}
	for _, tc := range tests {
		if got := sectorOfTitle(tc.title); got != tc.want {
			t.Errorf("sectorOfTitle(%q) = %q, want %q", tc.title, got, tc.want)
		}
	}
}

func TestCompatibleTitles(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"Secretary of State", "Secretary", true},
		{"Foreign Minister", "minister", true},
		{"Deputy Foreign Minister", "Foreign Minister", false},
		{"Vice President", "President", false},
		{"Finance Minister", "Health Minister", false},
		{"Defense Minister", "Defence Minister", true},
		{"spokesman", "spokeswoman", true},
	}
	for _, tc := range tests {
		if got := compatible(titleWords(tc.a, nil), titleWords(tc.b, nil)); got != tc.want {
			t.Errorf("compatible(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}
