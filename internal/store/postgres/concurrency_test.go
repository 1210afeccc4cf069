package postgres

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"sync"
	"testing"

	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/store/storetest"
)

// corpus is n articles, every fifth one a copy (another URL, the same
// text) of the one before, all mentioning one shared country and one of
// a few people, so that concurrent writers contend on entity rows, on
// content hashes and on article IDs.
func corpus(n int) []*news.Article {
	var out []*news.Article
	for i := range n {
		src := i
		if i%5 == 4 {
			src = i - 1
		}
		a := storetest.LongArticle(src, 60)
		if src != i {
			a = storetest.Article(fmt.Sprintf("https://mirror.example/%d", i), a.Title, a.Text)
			a.Site = "Mirror"
		}
		a.Entities = []news.Entity{
			{ID: "country:NOR", Name: "Norway", Type: "country", Country: "NOR", Linked: true,
				Mentions: mentions(a, 1)},
			{ID: fmt.Sprintf("per:person-%d", src%7), Name: fmt.Sprintf("Person %d", src%7), Type: "person",
				Mentions: mentions(a, 2)},
		}
		out = append(out, a)
	}
	return out
}

// mentions are the first n tokens of a, as name mentions.
func mentions(a *news.Article, n int) []news.Mention {
	var out []news.Mention
	for _, tk := range a.Sentences[0].Tokens[:n] {
		out = append(out, news.Mention{Start: tk.Start, End: tk.End, Text: tk.Text, Kind: news.MentionName, Confidence: 1})
	}
	return out
}

func clone(a *news.Article) *news.Article {
	c := *a
	return &c
}

// TestConcurrentWriters has three stores (three pools, as three worker
// processes would have) put the same corpus at once in different orders,
// each article several times (redelivery): the result is the one of a
// single writer.
func TestConcurrentWriters(t *testing.T) {
	u := freshSchema(t)
	ctx := context.Background()
	docs := corpus(60)
	const writers = 3
	var wg sync.WaitGroup
	errs := make(chan error, writers*len(docs)*2)
	var opened []*Store
	for w := range writers {
		s, err := Open(ctx, u, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		opened = append(opened, s)
		order := rand.New(rand.NewPCG(uint64(w), 7)).Perm(len(docs))
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, i := range order {
				for range 2 {
					if _, err := s.PutArticle(ctx, clone(docs[i]), &news.Raw{Body: []byte(docs[i].Text)}); err != nil {
						errs <- err
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("concurrent PutArticle: %v", err)
	}
	// Locks are taken in one order (article ID, content hashes, entity
	// rows by seq, one counters row): writers wait, never deadlock.
	for i, s := range opened {
		if n := s.retries.Load(); n != 0 {
			t.Errorf("writer %d retried %d transactions after deadlocks", i, n)
		}
	}

	ref := openTest(t)
	for _, a := range docs {
		if _, err := ref.PutArticle(ctx, clone(a), nil); err != nil {
			t.Fatal(err)
		}
	}
	got, err := Open(ctx, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer got.Close()
	gst, _ := got.Stats(ctx)
	rst, _ := ref.Stats(ctx)
	if gst != rst {
		t.Fatalf("Stats after concurrent writers = %+v, single writer %+v", gst, rst)
	}
	ge, err := got.Entities(ctx, news.EntityFilter{})
	if err != nil {
		t.Fatal(err)
	}
	re, _ := ref.Entities(ctx, news.EntityFilter{})
	if !reflect.DeepEqual(ge, re) {
		t.Fatalf("entities after concurrent writers:\n got  %+v\n want %+v", ge, re)
	}
	if n, _ := got.Articles(ctx, news.ArticleFilter{Limit: 1000, IncludeDuplicates: true}); len(n) != len(docs) {
		t.Fatalf("listed %d articles, want %d", len(n), len(docs))
	}
	hits, err := got.Articles(ctx, news.ArticleFilter{Query: "harbour OR ferry", Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hits {
		if h.DuplicateOf != "" {
			t.Fatalf("a duplicate is a search result: %+v", h)
		}
	}
}
