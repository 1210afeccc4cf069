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

// The people below are invented; the countries are real.

// Mentions finds each of texts in a.Text, in order (each after the
// previous one), and returns them as mentions of kind "name" with their
// sentence index. It panics when a text is missing: fixtures are fixed.
func Mentions(a *news.Article, texts ...string) []news.Mention {
	var out []news.Mention
	from := 0
	for _, t := range texts {
		kind := news.MentionName
		if k, rest, ok := strings.Cut(t, ":"); ok {
			kind, t = k, rest
		}
		i := strings.Index(a.Text[from:], t)
		if i < 0 {
			panic(fmt.Sprintf("fixture: %q not in text after byte %d", t, from))
		}
		start := from + i
		m := news.Mention{Start: start, End: start + len(t), Sentence: -1, Text: t, Kind: kind, Confidence: 0.9}
		for si, s := range a.Sentences {
			if start >= s.Start && start < s.End {
				m.Sentence = si
			}
		}
		out = append(out, m)
		from = start + len(t)
	}
	return out
}

// Role returns a role assertion whose evidence is the first occurrence of
// evidence in a.Text.
func Role(a *news.Article, title, country, sector, evidence string) news.RoleAssertion {
	i := strings.Index(a.Text, evidence)
	if i < 0 {
		panic(fmt.Sprintf("fixture: %q not in text", evidence))
	}
	date := ""
	if !a.Published.IsZero() {
		date = a.Published.UTC().Format("2006-01-02")
	}
	return news.RoleAssertion{Title: title, Country: country, Sector: sector, Date: date,
		Pattern: "prenominal", Start: i, End: i + len(evidence)}
}

func person(id, name, country, sector string, ms []news.Mention, roles ...news.RoleAssertion) news.Entity {
	e := news.Entity{ID: id, Name: name, Type: "person", Country: country, Sector: sector,
		Actor: country + sector, Confidence: 0.8, Mentions: ms, Roles: roles}
	for _, r := range roles {
		e.Titles = append(e.Titles, r.Title)
	}
	return e
}

func country(a *news.Article, code, name string, texts ...string) news.Entity {
	return news.Entity{ID: "country:" + code, Name: name, Type: "country", Linked: true, Country: code,
		Actor: code, Confidence: 1, Mentions: Mentions(a, texts...)}
}

// entityArticles builds three articles on invented people in real
// countries. In all, per:halvard-brekke is in a1 (3 mentions, one a
// pronoun) and a3 (1), country:NOR in a1 and a2, per:odile-marchetti in
// a2 only, country:FRA in a2 and a3.
func entityArticles() (a1, a2, a3 *news.Article) {
	a1 = Article("https://fjord-herald.example/e/1", "Brekke visits Oslo harbour",
		"Fisheries Minister Halvard Brekke visited the harbour in Oslo on Monday. "+
			"Brekke said Norway would fund a new pier. He spoke for ten minutes.")
	a1.Published = day.Add(-48 * time.Hour)
	a1.Entities = []news.Entity{
		person("per:halvard-brekke", "Halvard Brekke", "NOR", "GOV",
			Mentions(a1, "Halvard Brekke", "surname:Brekke", "pronoun:He"),
			Role(a1, "Fisheries Minister", "NOR", "GOV", "Fisheries Minister Halvard Brekke"),
			Role(a1, "Fisheries minister", "NOR", "GOV", "Brekke said")), // the same title again
		country(a1, "NOR", "Norway", "Norway"),
	}
	a1.Entities[0].Conflicts = []string{"invented conflict for the round trip"}

	a2 = Article("https://fjord-herald.example/e/2", "Marchetti meets Norwegian envoys",
		"Ambassador Odile Marchetti of France met envoys from Norway in Bergen. "+
			"Marchetti called the talks useful.")
	a2.Published = day.Add(-24 * time.Hour)
	a2.Entities = []news.Entity{
		person("per:odile-marchetti", "Odile Marchetti", "FRA", "GOV",
			Mentions(a2, "Odile Marchetti", "surname:Marchetti"),
			Role(a2, "Ambassador", "FRA", "GOV", "Ambassador Odile Marchetti")),
		country(a2, "FRA", "France", "France"),
		country(a2, "NOR", "Norway", "Norway"),
	}

	// Non-ASCII text before the evidence: offsets are bytes.
	a3 = Article("https://fjord-herald.example/e/3", "Brekke in Lyon",
		"À Lyon, former minister H. Brekke toured a ferry yard in France.")
	a3.Published = day
	r := Role(a3, "minister", "NOR", "GOV", "former minister H. Brekke")
	r.Former = true
	a3.Entities = []news.Entity{
		person("per:halvard-brekke", "Halvard Brekke", "NOR", "GOV", Mentions(a3, "H. Brekke"), r),
		country(a3, "FRA", "France", "France"),
	}
	return a1, a2, a3
}

func entity(t *testing.T, s news.Store, id string) *news.EntityDetail {
	t.Helper()
	d, err := s.Entity(context.Background(), id)
	if err != nil {
		t.Fatalf("Entity(%s): %v", id, err)
	}
	return d
}

func entities(t *testing.T, s news.Store, f news.EntityFilter) []news.EntitySummary {
	t.Helper()
	l, err := s.Entities(context.Background(), f)
	if err != nil {
		t.Fatalf("Entities(%+v): %v", f, err)
	}
	return l
}

// entityCounts renders a listing as "id:articles/mentions" items.
func entityCounts(l []news.EntitySummary) string {
	var b []string
	for _, e := range l {
		b = append(b, fmt.Sprintf("%s:%d/%d", e.ID, e.Articles, e.Mentions))
	}
	return strings.Join(b, " ")
}

func testEntitiesRoundTrip(t *testing.T, s news.Store) {
	a1, a2, _ := entityArticles()
	for _, a := range []*news.Article{a1, a2} {
		want := clone(a)
		put(t, s, a, nil, news.PutStored)
		want.IngestedAt = a.IngestedAt
		sameArticle(t, get(t, s, a.ID), want)
	}
	// The same entities again change nothing.
	c := clone(a1)
	c.IngestedAt = time.Time{}
	put(t, s, c, nil, news.PutUnchanged)
}

func testEntitiesUpdateReplaces(t *testing.T, s news.Store) {
	a1, _, _ := entityArticles()
	put(t, s, clone(a1), nil, news.PutStored)
	// Same text, other entities: an update that replaces them. The same
	// ID twice in one article counts the article once.
	b := clone(a1)
	b.Entities = []news.Entity{country(b, "NOR", "Kingdom of Norway", "Oslo"), country(b, "NOR", "Kingdom of Norway", "Norway")}
	put(t, s, b, nil, news.PutUpdated)
	got := get(t, s, a1.ID)
	if len(got.Entities) != 2 || got.Entities[0].ID != "country:NOR" || got.Entities[1].Mentions[0].Text != "Norway" ||
		got.Entities[0].Name != "Kingdom of Norway" {
		t.Fatalf("after update: entities %+v", got.Entities)
	}
	if _, err := s.Entity(context.Background(), "per:halvard-brekke"); !news.IsKind(err, news.KindNotFound) {
		t.Fatalf("Entity of a person no longer mentioned: %v, want KindNotFound", err)
	}
	if got := entityCounts(entities(t, s, news.EntityFilter{})); got != "country:NOR:1/2" {
		t.Fatalf("listing after update = %q", got)
	}
	if d := entity(t, s, "country:NOR"); d.Name != "Kingdom of Norway" || d.Mentions != 2 {
		t.Fatalf("Entity(country:NOR) = %+v", d.EntitySummary)
	}
	// No entities at all: the article keeps none.
	c := clone(a1)
	c.Entities = nil
	put(t, s, c, nil, news.PutUpdated)
	if got := get(t, s, a1.ID); len(got.Entities) != 0 {
		t.Fatalf("entities after clearing: %+v", got.Entities)
	}
	if l := entities(t, s, news.EntityFilter{}); len(l) != 0 {
		t.Fatalf("listing after clearing: %s", entityCounts(l))
	}
}

func testEntitiesCounts(t *testing.T, s news.Store) {
	a1, a2, a3 := entityArticles()
	for _, a := range []*news.Article{a1, a2, a3} {
		put(t, s, clone(a), nil, news.PutStored)
	}
	const want = "country:FRA:2/2 per:halvard-brekke:2/4 country:NOR:2/2 per:odile-marchetti:1/2"
	if got := entityCounts(entities(t, s, news.EntityFilter{})); got != want {
		t.Fatalf("listing = %q, want %q", got, want)
	}
	// A duplicate (same body, other URL) adds nothing.
	dup := Article("https://mirror.example/e/1", a1.Title, a1.Text)
	dup.Published = a1.Published
	dup.Entities = clone(a1).Entities
	put(t, s, dup, nil, news.PutDuplicate)
	if got := entityCounts(entities(t, s, news.EntityFilter{})); got != want {
		t.Fatalf("listing with a duplicate = %q, want %q", got, want)
	}

	d := entity(t, s, "per:halvard-brekke")
	if d.Name != "Halvard Brekke" || d.Type != "person" || d.Actor != "NORGOV" || d.Country != "NOR" ||
		d.Articles != 2 || d.Mentions != 4 {
		t.Fatalf("Entity = %+v", d.EntitySummary)
	}
	// Aliases: name-like mentions only (not "He"), most frequent first.
	if want := []string{"Brekke", "H. Brekke", "Halvard Brekke"}; !reflect.DeepEqual(d.Aliases, want) {
		t.Fatalf("Aliases = %q, want %q", d.Aliases, want)
	}
	// Titles in the listing: current ones only.
	if want := []string{"Fisheries Minister"}; !reflect.DeepEqual(d.Titles, want) {
		t.Fatalf("Titles = %q, want %q", d.Titles, want)
	}
	if len(d.Roles) != 2 {
		t.Fatalf("Roles = %+v", d.Roles)
	}
	r0, r1 := d.Roles[0], d.Roles[1]
	if r0.ArticleID != a1.ID || r0.Title != "Fisheries Minister" || r0.Date != "2025-03-12" ||
		r0.Evidence != "Fisheries Minister Halvard Brekke" || r0.Former || r0.ArticleTitle != a1.Title {
		t.Errorf("first role = %+v", r0)
	}
	if r1.ArticleID != a3.ID || r1.Title != "minister" || !r1.Former || r1.Evidence != "former minister H. Brekke" ||
		r1.Date != "2025-03-14" {
		t.Errorf("second role = %+v", r1)
	}
	if len(d.Appearances) != 2 || d.Appearances[0].ArticleID != a3.ID || d.Appearances[0].Mentions != 1 ||
		d.Appearances[1].ArticleID != a1.ID || d.Appearances[1].Mentions != 3 ||
		d.Appearances[1].Title != a1.Title || !d.Appearances[1].Published.Equal(a1.Published) {
		t.Fatalf("Appearances = %+v", d.Appearances)
	}

	// The original's body changes: its duplicate takes its place, and its
	// entities count instead.
	changed := clone(a1)
	changed.Text += " More later."
	changed.ContentHash = news.BodyHash(changed.Text)
	changed.Entities = changed.Entities[1:] // Norway only
	put(t, s, changed, nil, news.PutUpdated)
	if got := entityCounts(entities(t, s, news.EntityFilter{})); got != "country:NOR:3/3 "+
		"country:FRA:2/2 per:halvard-brekke:2/4 per:odile-marchetti:1/2" {
		t.Fatalf("listing after promotion = %q", got)
	}
	d = entity(t, s, "per:halvard-brekke")
	if len(d.Appearances) != 2 || d.Appearances[1].ArticleID != dup.ID {
		t.Fatalf("Appearances after promotion = %+v", d.Appearances)
	}
}

func testEntitiesFilters(t *testing.T, s news.Store) {
	a1, a2, a3 := entityArticles()
	for _, a := range []*news.Article{a1, a2, a3} {
		put(t, s, clone(a), nil, news.PutStored)
	}
	cases := []struct {
		f    news.EntityFilter
		want string
	}{
		{news.EntityFilter{Query: "BREKKE"}, "per:halvard-brekke:2/4"},
		{news.EntityFilter{Query: "  odile "}, "per:odile-marchetti:1/2"},
		{news.EntityFilter{Query: "ar"}, "per:halvard-brekke:2/4 per:odile-marchetti:1/2"}, // Halvard, Marchetti
		{news.EntityFilter{Query: "country:"}, "country:FRA:2/2 country:NOR:2/2"},
		{news.EntityFilter{Query: "%"}, ""},
		{news.EntityFilter{Query: "_"}, ""},
		{news.EntityFilter{Query: `\`}, ""},
		{news.EntityFilter{Query: `x' OR 1=1 --`}, ""},
		{news.EntityFilter{Query: "\x00brekke\xff"}, "per:halvard-brekke:2/4"}, // control bytes are blanks
		{news.EntityFilter{Query: "Zebulon"}, ""},
		{news.EntityFilter{Type: "person"}, "per:halvard-brekke:2/4 per:odile-marchetti:1/2"},
		{news.EntityFilter{Type: "country", Country: "fra"}, "country:FRA:2/2"},
		{news.EntityFilter{Country: "NOR"}, "per:halvard-brekke:2/4 country:NOR:2/2"},
		{news.EntityFilter{Sector: "GOV"}, "per:halvard-brekke:2/4 per:odile-marchetti:1/2"},
		{news.EntityFilter{Limit: 2}, "country:FRA:2/2 per:halvard-brekke:2/4"},
		{news.EntityFilter{Limit: 2, Offset: 2}, "country:NOR:2/2 per:odile-marchetti:1/2"},
		{news.EntityFilter{Offset: 10}, ""},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%+v", tc.f), func(t *testing.T) {
			if got := entityCounts(entities(t, s, tc.f)); got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
	for _, f := range []news.EntityFilter{{Limit: -1}, {Offset: -5}} {
		_, err := s.Entities(context.Background(), f)
		wantKind(t, fmt.Sprintf("Entities(%+v)", f), err, news.KindInvalid)
	}
	// A unicode name matches its case-folded form.
	b := Article("https://fjord-herald.example/e/4", "Østby", "Åse Østby opened the fjord museum.")
	b.Entities = []news.Entity{person("per:ase-ostby", "Åse Østby", "NOR", "", Mentions(b, "Åse Østby"))}
	put(t, s, b, nil, news.PutStored)
	if got := entityCounts(entities(t, s, news.EntityFilter{Query: "ØSTBY"})); got != "per:ase-ostby:1/1" {
		t.Fatalf("unicode query: %q", got)
	}
}

func testEntityNotFound(t *testing.T, s news.Store) {
	if l := entities(t, s, news.EntityFilter{}); l == nil || len(l) != 0 {
		t.Fatalf("empty store lists %#v, want an empty non-nil slice", l)
	}
	for _, id := range []string{"", "per:nobody", "country:XXX"} {
		_, err := s.Entity(context.Background(), id)
		wantKind(t, fmt.Sprintf("Entity(%q)", id), err, news.KindNotFound)
	}
	// Only in a duplicate: not found either.
	a1, _, _ := entityArticles()
	a1.Entities = nil
	put(t, s, a1, nil, news.PutStored)
	dup := Article("https://mirror.example/e/1", a1.Title, a1.Text)
	dup.Entities = []news.Entity{person("per:only-in-copy", "Only Copy", "", "", Mentions(dup, "Brekke"))}
	put(t, s, dup, nil, news.PutDuplicate)
	_, err := s.Entity(context.Background(), "per:only-in-copy")
	wantKind(t, "Entity of an entity only in a duplicate", err, news.KindNotFound)
	if got := get(t, s, dup.ID); len(got.Entities) != 1 {
		t.Fatalf("the duplicate's own entities: %+v", got.Entities)
	}
}

func testEntitiesInvalid(t *testing.T, s news.Store) {
	a1, _, _ := entityArticles()
	bad := clone(a1)
	bad.Entities[0].Mentions[0].End = len(bad.Text) + 5
	_, err := s.PutArticle(context.Background(), bad, nil)
	wantKind(t, "PutArticle with a mention outside the text", err, news.KindInvalid)
	noID := clone(a1)
	noID.Entities[1].ID = " "
	_, err = s.PutArticle(context.Background(), noID, nil)
	wantKind(t, "PutArticle with an entity without ID", err, news.KindInvalid)
	if _, err := s.Article(context.Background(), a1.ID); !news.IsKind(err, news.KindNotFound) {
		t.Fatalf("a failed put stored the article: %v", err)
	}
	if l := entities(t, s, news.EntityFilter{}); len(l) != 0 {
		t.Fatalf("a failed put stored entities: %s", entityCounts(l))
	}
}
