package alert

import (
	"fmt"
	"strings"
	"testing"

	"github.com/readout/readout/internal/news"
)

// fixture is a fictional article with its entities, quotes and events
// filled in by hand, the way the pipeline's stages would.
func fixture(id, site string) *news.Article {
	sents := []string{
		"Harbour Minister Halvard Brekke said on Tuesday that the quota talks would resume in Bergen.",
		"“We will not give up on the northern grounds,” Brekke told the Fjord Gazette.",
		"Israeli aircraft struck a depot near Tyre overnight, Lebanese officials said.",
		"The Nordic Fisheries Council rejected the new quota plan, and the council warned of protests.",
	}
	text := strings.Join(sents, " ")
	a := &news.Article{ID: id, Title: "Quota talks to resume", Site: site, URL: "https://" + site + "/" + id, Text: text}
	at := func(s string) (int, int) {
		i := strings.Index(text, s)
		if i < 0 {
			panic("fixture: no " + s)
		}
		return i, i + len(s)
	}
	for _, s := range sents {
		st, en := at(s)
		a.Sentences = append(a.Sentences, news.Sentence{Start: st, End: en})
	}
	mention := func(s string, sent int) news.Mention {
		st, en := at(s)
		return news.Mention{Start: st, End: en, Sentence: sent, Text: s, Kind: news.MentionName, Confidence: 0.9}
	}
	a.Entities = []news.Entity{
		{ID: "per:halvard-brekke", Name: "Halvard Brekke", Type: "person", Country: "NOR", Confidence: 0.9,
			Mentions: []news.Mention{mention("Halvard Brekke", 0), mention("Brekke told", 1)}},
		{ID: "org:nordic-fisheries-council", Name: "Nordic Fisheries Council", Type: "org", Confidence: 0.8,
			Mentions: []news.Mention{mention("Nordic Fisheries Council", 3)}},
		{ID: "country:ISR", Name: "Israel", Type: "country", Country: "ISR", Linked: true, Confidence: 0.95,
			Mentions: []news.Mention{mention("Israeli", 2)}},
	}
	qs, qe := at("We will not give up on the northern grounds,")
	ss, se := at("Brekke told")
	a.Quotes = []news.Quote{
		{Start: qs, End: qe, Kind: news.QuoteDirect, Sentence: 1, Confidence: 0.9, Cue: "told",
			Speaker: &news.Speaker{Text: "Halvard Brekke", Start: ss, End: ss + len("Brekke"), Type: news.SpeakerPerson, EntityID: "per:halvard-brekke"}},
		{Start: qs, End: qs + 7, Kind: news.QuoteTerm, Sentence: 1, Confidence: 0.5},
	}
	_ = se
	s2, e2 := at(sents[2])
	ts, te := at("struck")
	as, ae := at("Israeli aircraft")
	ls, le := at("Tyre")
	s3, e3 := at(sents[3])
	rs, re := at("rejected")
	cs, ce := at("The Nordic Fisheries Council")
	a.Events = []news.Event{
		{Type: news.EventAssault, Mode: "aerial", Status: news.StatusOccurred, Confidence: 0.8, Sentence: 2,
			SentenceStart: s2, SentenceEnd: e2, Trigger: news.EventTrigger{Text: "struck", Start: ts, End: te, Lemma: "strike"},
			Actors:   []news.EventActor{{EntityID: "country:ISR", Text: "Israeli aircraft", Start: as, End: ae, Country: "ISR", Sector: "MIL", Code: "ISRMIL"}},
			Location: &news.EventPlace{Text: "Tyre", Start: ls, End: le, Country: "LBN"}},
		{Type: news.EventReject, Status: news.StatusOccurred, Confidence: 0.6, Sentence: 3,
			SentenceStart: s3, SentenceEnd: e3, Trigger: news.EventTrigger{Text: "rejected", Start: rs, End: re, Lemma: "reject"},
			Actors: []news.EventActor{{EntityID: "org:nordic-fisheries-council", Text: "The Nordic Fisheries Council", Start: cs, End: ce}}},
	}
	return a
}

// storyWith builds a story whose first merged event holds event index
// 0 of each article, reported by n independent sources.
func storyWith(n int, arts ...*news.Article) *news.StoryDetail {
	s := &news.StoryDetail{Story: news.Story{ID: "s-1", Title: "Strike near Tyre", Articles: len(arts), Sources: n, Independent: n,
		KeyEntities: []news.StoryEntity{{ID: "country:ISR", Name: "Israel", Articles: len(arts)}, {ID: "country:LBN", Name: "Lebanon"}}}}
	se := news.StoryEvent{ID: "se-1", Type: news.EventAssault, Independent: n, Articles: len(arts)}
	for _, a := range arts {
		se.Evidence = append(se.Evidence, news.EventEvidence{ArticleID: a.ID, Index: 0})
		s.Members = append(s.Members, news.StoryArticle{ArticleID: a.ID, Site: a.Site, Title: a.Title})
	}
	s.MergedEvents = []news.StoryEvent{se}
	return s
}

func mustRules(t testing.TB, yaml string) *Rules {
	t.Helper()
	rs, err := Parse([]byte(yaml), "test.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func rule(name, trigger string) string {
	return fmt.Sprintf("  - name: %s\n    %s\n    deliver: [{log: stdout}]\n", name, trigger)
}

func TestMatch(t *testing.T) {
	a := fixture("a1", "gazette.example")
	story2 := storyWith(2, a, fixture("a2", "courier.example"))
	story3 := storyWith(3, a)
	tests := []struct {
		name    string
		trigger string
		story   *news.StoryDetail
		want    []string // match IDs
	}{
		{"event by type", "event: {type: ASSAULT}", nil, []string{"event:a1:%d-%d:ASSAULT"}},
		{"event type and mode", "event: {type: assault, mode: Aerial}", nil, []string{"event:a1:%d-%d:ASSAULT"}},
		{"event wrong mode", "event: {type: ASSAULT, mode: ground}", nil, nil},
		{"event any type", "event: {}", nil, []string{"event:a1:%d-%d:ASSAULT", "event:a1:%d-%d:REJECT"}},
		{"event status", "event: {status: [planned, negated]}", nil, nil},
		{"event actor code prefix", "event: {actor: ISR}", nil, []string{"event:a1:%d-%d:ASSAULT"}},
		{"event actor full code", "event: {actor: ISRMIL}", nil, []string{"event:a1:%d-%d:ASSAULT"}},
		{"event actor wrong code", "event: {actor: ISRGOV}", nil, nil},
		{"event actor entity id", "event: {actor: 'org:nordic-fisheries-council'}", nil, []string{"event:a1:%d-%d:REJECT"}},
		{"event actor words", "event: {actor: fisheries council}", nil, []string{"event:a1:%d-%d:REJECT"}},
		{"event actor entity name", "event: {actor: israel}", nil, []string{"event:a1:%d-%d:ASSAULT"}},
		{"code is not a substring", "event: {actor: RAE}", nil, nil},
		{"event recipient none", "event: {recipient: LBN}", nil, nil},
		{"event country of place", "event: {country: LBN}", nil, []string{"event:a1:%d-%d:ASSAULT"}},
		{"event country of actor", "event: {country: [NOR, ISR]}", nil, []string{"event:a1:%d-%d:ASSAULT"}},
		{"event confidence", "event: {min_confidence: 0.7}", nil, []string{"event:a1:%d-%d:ASSAULT"}},
		{"min sources without stories", "event: {type: ASSAULT, min_sources: 2}", nil, nil},
		{"min sources 1 without stories", "event: {type: ASSAULT, min_sources: 1}", nil, []string{"event:a1:%d-%d:ASSAULT"}},
		{"min sources met", "event: {type: ASSAULT, min_sources: 2}", story2, []string{"story-event:se-1"}},
		{"min sources not met", "event: {type: ASSAULT, min_sources: 4}", story3, nil},
		{"quote by entity", "quote: {speaker: 'per:halvard-brekke'}", nil, []string{"quote:a1:%d-%d"}},
		{"quote by name", "quote: {speaker: brekke}", nil, []string{"quote:a1:%d-%d"}},
		{"quote other speaker", "quote: {speaker: [olsen, 'per:jane-roe']}", nil, nil},
		{"quote kind", "quote: {speaker: brekke, kind: indirect}", nil, nil},
		{"quote words", "quote: {speaker: brekke, words: [northern, GIVE]}", nil, []string{"quote:a1:%d-%d"}},
		{"quote words missing", "quote: {speaker: brekke, words: [southern]}", nil, nil},
		{"mention by id", "mention: {entity: 'country:ISR'}", nil, []string{"mention:a1:country:ISR"}},
		{"mention by name", "mention: {entity: [fisheries, nobody]}", nil, []string{"mention:a1:org:nordic-fisheries-council"}},
		{"mention min mentions", "mention: {entity: [brekke, fisheries], min_mentions: 2}", nil, []string{"mention:a1:per:halvard-brekke"}},
		{"story without stories", "story: {min_sources: 2}", nil, nil},
		{"story met", "story: {entity: ['country:ISR', lebanon], min_sources: 2}", story2, []string{"story:s-1"}},
		{"story too few", "story: {min_sources: 3}", story2, nil},
		{"story other entity", "story: {entity: 'country:NOR', min_sources: 2}", story2, nil},
	}
	ev0, ev1 := a.Events[0].Trigger, a.Events[1].Trigger
	q := a.Quotes[0]
	expand := func(id string) string {
		switch {
		case strings.HasSuffix(id, "ASSAULT"):
			return fmt.Sprintf(id, ev0.Start, ev0.End)
		case strings.HasSuffix(id, "REJECT"):
			return fmt.Sprintf(id, ev1.Start, ev1.End)
		case strings.HasPrefix(id, "quote:"):
			return fmt.Sprintf(id, q.Start, q.End)
		}
		return id
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := mustRules(t, "rules:\n"+rule("r", tt.trigger))
			ms := rs.Match(a, tt.story)
			var got []string
			for _, m := range ms {
				got = append(got, m.ID)
				if m.Rule != "r" || m.Article.ID != "a1" || m.Article.Title == "" {
					t.Errorf("match %+v lacks rule or article", m)
				}
			}
			var want []string
			for _, w := range tt.want {
				want = append(want, expand(w))
			}
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("matches = %v, want %v", got, want)
			}
		})
	}
}

func TestMatchEvidence(t *testing.T) {
	a := fixture("a1", "gazette.example")
	rs := mustRules(t, "rules:\n"+rule("e", "event: {type: ASSAULT}")+rule("q", "quote: {speaker: brekke}")+
		rule("m", "mention: {entity: brekke}")+rule("s", "story: {min_sources: 1}")+
		"  - name: off\n    disabled: true\n    event: {}\n    deliver: [{log: stdout}]\n")
	ms := rs.Match(a, storyWith(1, a))
	if len(ms) != 4 {
		t.Fatalf("got %d matches, want 4 (the disabled rule is silent): %+v", len(ms), ms)
	}
	e, q, m, s := ms[0], ms[1], ms[2], ms[3]
	if e.Event == nil || e.Event.Type != news.EventAssault || e.Sources != 1 || e.Event.StoryEventID != "se-1" ||
		!strings.HasPrefix(e.Sentence, "Israeli aircraft struck") {
		t.Errorf("event match = %+v", e)
	}
	if q.Quote == nil || q.Quote.Text != "We will not give up on the northern grounds," || !strings.Contains(q.Sentence, "Brekke told") {
		t.Errorf("quote match = %+v", q)
	}
	if m.Entity == nil || m.Entity.Mentions != 2 || m.Entity.Texts[0] != "Halvard Brekke" || !strings.HasPrefix(m.Sentence, "Harbour Minister") {
		t.Errorf("mention match = %+v", m)
	}
	if s.Story == nil || s.Story.ID != "s-1" || len(s.Story.Members) != 1 {
		t.Errorf("story match = %+v", s)
	}
	// Keys differ per match and per target, and are stable.
	d1, d2 := Delivery{Log: "stdout"}, Delivery{Webhook: "https://h.example/x"}
	if Key(&e, d1) == Key(&q, d1) || Key(&e, d1) == Key(&e, d2) || Key(&e, d1) != Key(&ms[0], d1) {
		t.Error("keys not distinct or not stable")
	}
	// Bad offsets never panic.
	a.Events[0].SentenceEnd = len(a.Text) + 10
	a.Quotes[0].Sentence = 99
	_ = rs.Match(a, nil)
	if rs.Match(nil, nil) != nil {
		t.Error("nil article matched")
	}
}

func BenchmarkMatch(b *testing.B) {
	a := fixture("a1", "gazette.example")
	rs := mustRules(b, "rules:\n"+rule("e", "event: {type: [ASSAULT, COERCE], country: LBN}")+
		rule("q", "quote: {speaker: [brekke, 'per:jane-roe']}")+rule("m", "mention: {entity: [council, israel]}")+
		rule("s", "story: {entity: israel, min_sources: 2}"))
	s := storyWith(2, a)
	b.ReportAllocs()
	for b.Loop() {
		if len(rs.Match(a, s)) != 5 {
			b.Fatal("wrong matches")
		}
	}
}
