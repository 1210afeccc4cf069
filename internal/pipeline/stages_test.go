package pipeline

import (
	"context"
	"sync"
	"testing"

	"github.com/readout/readout/internal/kb"
	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/resolve"
)

// keepStore keeps the articles it is given.
type keepStore struct {
	news.Store
	mu  sync.Mutex
	got []*news.Article
}

func (s *keepStore) PutArticle(ctx context.Context, a *news.Article, raw *news.Raw) (news.PutResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.got = append(s.got, a)
	return news.PutStored, nil
}

func TestStandardPipelineResolvesEntities(t *testing.T) {
	// Invented story; real countries. No NER model: knowledge-base
	// matches only, which is enough to see the stage run.
	body := "Fishing crews from Norway and Iceland met in Reykjavik on Tuesday to discuss quotas.\n\n" +
		"Officials from Norway said the talks would continue next month."
	ids := func(opt Options) []string {
		st := &keepStore{}
		p := New(st, opt)
		sum, err := p.Documents(context.Background(), []news.Document{{Origin: "t.txt", Format: news.FormatText, Body: []byte(body)}})
		if err != nil || sum.Stored != 1 || len(st.got) != 1 {
			t.Fatalf("run: %+v, %v", sum, err)
		}
		var out []string
		for _, e := range st.got[0].Entities {
			out = append(out, e.ID)
			for _, m := range e.Mentions {
				if got := st.got[0].Text[m.Start:m.End]; got != m.Text {
					t.Errorf("mention %q has span text %q", m.Text, got)
				}
			}
		}
		return out
	}
	if got := ids(Options{Workers: 1}); len(got) != 0 {
		t.Fatalf("without a resolver: entities %q", got)
	}
	got := ids(Options{Workers: 2, Resolver: resolve.New(kb.Default(), nil)})
	has := map[string]bool{}
	for _, id := range got {
		has[id] = true
	}
	if !has["country:NOR"] || !has["country:ISL"] {
		t.Fatalf("entities %q, want country:NOR and country:ISL among them", got)
	}
}

func TestStandardPipelineExtractsQuotes(t *testing.T) {
	// Invented people; real country and city.
	body := "Ferry services between Bergen and Denmark will resume in June.\n\n" +
		"\u201cThe new pier is finally ready for passengers,\u201d said Sigrun Aasheim, the port director.\n\n" +
		"Aasheim said the timetable would be published next week."
	quotes := func(opt Options) []news.Quote {
		st := &keepStore{}
		p := New(st, opt)
		sum, err := p.Documents(context.Background(), []news.Document{{Origin: "q.txt", Format: news.FormatText, Body: []byte(body)}})
		if err != nil || sum.Stored != 1 || len(st.got) != 1 {
			t.Fatalf("run: %+v, %v", sum, err)
		}
		return st.got[0].Quotes
	}
	if got := quotes(Options{Workers: 1}); len(got) != 0 {
		t.Fatalf("without Options.Quotes: quotes %+v", got)
	}
	got := quotes(Options{Workers: 1, Quotes: kb.Default()})
	var direct bool
	for _, q := range got {
		if q.Kind == news.QuoteDirect && q.Speaker != nil && q.Speaker.Text == "Sigrun Aasheim" {
			direct = true
		}
	}
	if !direct {
		t.Fatalf("quotes %+v, want a direct quote by Sigrun Aasheim", got)
	}
}
