package pipeline

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/readout/readout/internal/news"
)

// recStore records PutArticle calls; other methods are not used here.
type recStore struct {
	news.Store
	mu   sync.Mutex
	ids  []string
	fail func(a *news.Article) error
}

func (s *recStore) PutArticle(ctx context.Context, a *news.Article, raw *news.Raw) (news.PutResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fail != nil {
		if err := s.fail(a); err != nil {
			return "", err
		}
	}
	s.ids = append(s.ids, a.ID)
	return news.PutStored, nil
}

func fakeClean(d news.Document) (*news.Article, error) {
	body := string(d.Body)
	switch {
	case body == "":
		return nil, news.E("clean", news.KindInvalid, "document is empty")
	case body == "panic":
		panic("boom")
	}
	return &news.Article{ID: "id-" + body, CanonicalURL: "https://example.org/" + body, Text: body}, nil
}

func docs(bodies ...string) []news.Document {
	out := make([]news.Document, len(bodies))
	for i, b := range bodies {
		out[i] = news.Document{Origin: fmt.Sprintf("doc%d", i), Body: []byte(b)}
	}
	return out
}

func TestWritesInInputOrder(t *testing.T) {
	var bodies []string
	for i := range 200 {
		bodies = append(bodies, fmt.Sprintf("b%03d", i))
	}
	st := &recStore{}
	p := &Pipeline{Store: st, Clean: fakeClean, Workers: 8, Enrich: []EnrichFunc{Split}}
	sum, err := p.Documents(context.Background(), docs(bodies...))
	if err != nil {
		t.Fatal(err)
	}
	if sum.Stored != 200 || sum.Read != 200 {
		t.Fatalf("summary %+v", sum)
	}
	for i, id := range st.ids {
		if id != "id-"+bodies[i] {
			t.Fatalf("write %d is %s, want id-%s: writes must follow input order", i, id, bodies[i])
		}
	}
}

func TestBadInputIsRejectedAndRunGoesOn(t *testing.T) {
	st := &recStore{}
	var outcomes []Outcome
	p := &Pipeline{Store: st, Clean: fakeClean, Workers: 3, Progress: func(o Outcome) { outcomes = append(outcomes, o) }}
	sum, err := p.Documents(context.Background(), docs("one", "", "panic", "two"))
	if err != nil {
		t.Fatal(err)
	}
	if sum.Stored != 2 || sum.Rejected != 2 || len(sum.Reasons) != 2 {
		t.Fatalf("summary %+v", sum)
	}
	if !strings.Contains(sum.Reasons[0].Reason, "empty") || !strings.Contains(sum.Reasons[1].Reason, "panicked") {
		t.Errorf("reasons %+v", sum.Reasons)
	}
	if len(outcomes) != 4 {
		t.Errorf("progress called %d times, want 4", len(outcomes))
	}
}

func TestStoreUnavailableStopsWriting(t *testing.T) {
	st := &recStore{fail: func(a *news.Article) error {
		if a.ID == "id-b" {
			return news.E("store", news.KindUnavailable, errors.New("disk full"))
		}
		return nil
	}}
	p := &Pipeline{Store: st, Clean: fakeClean, Workers: 2}
	sum, err := p.Documents(context.Background(), docs("a", "b", "c"))
	if err == nil || !news.IsKind(err, news.KindUnavailable) {
		t.Fatalf("want the store failure returned, got %v", err)
	}
	if len(st.ids) != 1 || st.ids[0] != "id-a" {
		t.Errorf("stored %v: what came before the failure must be kept, nothing after written", st.ids)
	}
	if sum.Stored != 1 {
		t.Errorf("summary %+v", sum)
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	p := &Pipeline{Clean: fakeClean, Workers: 2, Progress: func(Outcome) {
		n++
		if n == 5 {
			cancel()
		}
	}}
	var bodies []string
	for i := range 10000 {
		bodies = append(bodies, fmt.Sprint(i))
	}
	_, err := p.Documents(ctx, docs(bodies...))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("want context.Canceled, got %v", err)
	}
}

func BenchmarkPipelineOverhead(b *testing.B) {
	d := docs(strings.Repeat("word ", 700))
	p := &Pipeline{Clean: fakeClean, Workers: 1}
	b.ReportAllocs()
	for b.Loop() {
		p.Documents(context.Background(), d)
	}
}
