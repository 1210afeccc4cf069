package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/readout/readout/internal/news"
)

func testRawRoundTrip(t *testing.T, s news.Store) {
	binary := make([]byte, 0, 512)
	for i := range 512 {
		binary = append(binary, byte(i), byte(255-i))
	}
	large := []byte(strings.Repeat("<p>The harbour master counted the boats again.</p>\n", 20000))
	cases := []struct {
		name string
		raw  news.Raw
	}{
		{"html with metadata", news.Raw{Origin: "crawl.warc.gz#record 12", Format: news.FormatHTML,
			ContentType: "text/html; charset=iso-8859-1", URL: "https://harbour-gazette.example/r",
			Title: "Harbour — “news”", Published: time.Date(2024, 12, 31, 23, 59, 59, 999999000, time.UTC),
			Source: "Harbour Gazette", Body: []byte("<html><body><p>Z\xfcrich</p></body></html>")}},
		{"binary", news.Raw{Origin: "blob", Format: news.FormatText, Body: binary}},
		{"empty body", news.Raw{Origin: "-", Format: news.FormatText, Body: []byte{}}},
		{"large", news.Raw{Origin: "big.html", Format: news.FormatHTML, Body: large}},
		{"zero time and no metadata", news.Raw{Body: []byte("x")}},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := Article(fmt.Sprintf("https://harbour-gazette.example/raw/%d", i), "Raw",
				fmt.Sprintf("Raw document test %d.", i))
			in := tc.raw
			in.Body = bytes.Clone(tc.raw.Body)
			put(t, s, a, &in, news.PutStored)
			got, err := s.Raw(context.Background(), a.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Body, tc.raw.Body) {
				t.Fatalf("body differs: got %d bytes, want %d", len(got.Body), len(tc.raw.Body))
			}
			if !got.Published.Equal(tc.raw.Published) {
				t.Fatalf("Published = %v, want %v", got.Published, tc.raw.Published)
			}
			g, w := *got, tc.raw
			g.Body, w.Body, g.Published, w.Published = nil, nil, time.Time{}, time.Time{}
			if !reflect.DeepEqual(g, w) {
				t.Fatalf("metadata:\n got  %+v\n want %+v", g, w)
			}
			if d := got.Document(); !bytes.Equal(d.Body, tc.raw.Body) || d.Origin != tc.raw.Origin {
				t.Fatalf("Document() = %+v", d)
			}
		})
	}
}

func testRawNotFound(t *testing.T, s news.Store) {
	_, err := s.Raw(context.Background(), "a0000000000000000")
	wantKind(t, "Raw(unknown)", err, news.KindNotFound)
	// An article stored without a raw document has none.
	a := Article("https://harbour-gazette.example/noraw", "No raw", "Stored without raw.")
	put(t, s, a, nil, news.PutStored)
	_, err = s.Raw(context.Background(), a.ID)
	wantKind(t, "Raw(article without raw)", err, news.KindNotFound)
}

// putSeries stores n articles with raw bodies "raw i", in order, and
// returns their IDs.
func putSeries(t *testing.T, s news.Store, n int) []string {
	t.Helper()
	var out []string
	for i := range n {
		a := Article(fmt.Sprintf("https://harbour-gazette.example/e/%d", i), fmt.Sprintf("Series %d", i),
			fmt.Sprintf("Part %d of the series.", i))
		// Later ingests are published earlier, so that ingest order is not
		// listing order.
		a.Published = day.Add(time.Duration(-i) * time.Hour)
		put(t, s, a, &news.Raw{Origin: fmt.Sprint(i), Body: []byte(fmt.Sprintf("raw %d", i))}, news.PutStored)
		out = append(out, a.ID)
	}
	return out
}

func collectRaw(t *testing.T, s news.Store) (ids, bodies []string) {
	t.Helper()
	err := s.EachRaw(context.Background(), func(id string, r *news.Raw) error {
		ids = append(ids, id)
		bodies = append(bodies, string(r.Body))
		return nil
	})
	if err != nil {
		t.Fatalf("EachRaw: %v", err)
	}
	return ids, bodies
}

func testEachRawOrder(t *testing.T, s news.Store) {
	if got, _ := collectRaw(t, s); len(got) != 0 {
		t.Fatalf("EachRaw on an empty store visited %v", got)
	}
	want := putSeries(t, s, 75) // more than one batch, for batching implementations
	// An article without raw is skipped; an update keeps the ingest position.
	put(t, s, Article("https://harbour-gazette.example/e/none", "No raw", "Nothing raw here."), nil, news.PutStored)
	b := Article("https://harbour-gazette.example/e/3", "Series 3 revised", "Part 3 of the series.")
	b.Published = day.Add(-3 * time.Hour)
	put(t, s, b, &news.Raw{Origin: "3", Body: []byte("raw 3 revised")}, news.PutUpdated)

	got, bodies := collectRaw(t, s)
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("EachRaw order:\n got  %v\n want %v", got, want)
	}
	for i, body := range bodies {
		w := fmt.Sprintf("raw %d", i)
		if i == 3 {
			w = "raw 3 revised"
		}
		if body != w {
			t.Fatalf("EachRaw body %d = %q, want %q", i, body, w)
		}
	}
}

func testEachRawStops(t *testing.T, s news.Store) {
	putSeries(t, s, 5)
	stop := errors.New("stop here")
	calls := 0
	err := s.EachRaw(context.Background(), func(string, *news.Raw) error {
		calls++
		if calls == 2 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) {
		t.Fatalf("EachRaw returned %v, want fn's error", err)
	}
	if calls != 2 {
		t.Fatalf("fn called %d times after returning an error on call 2", calls)
	}
}

// testEachRawReprocess re-puts every article from inside EachRaw, as
// `readout reprocess` does, including one whose ID changes.
func testEachRawReprocess(t *testing.T, s news.Store) {
	ids := putSeries(t, s, 40)
	visited := 0
	err := s.EachRaw(context.Background(), func(id string, r *news.Raw) error {
		visited++
		n := r.Origin
		a := Article("https://harbour-gazette.example/e/"+n, "Series "+n+" reprocessed", "Part "+n+" of the series.")
		if n == "7" {
			// Reprocessing can find a new canonical URL: a new article.
			a = Article("https://harbour-gazette.example/canonical/7", "Series 7", "Part 7 of the series, in full.")
		}
		_, err := s.PutArticle(context.Background(), a, r)
		return err
	})
	if err != nil {
		t.Fatalf("EachRaw with PutArticle inside: %v", err)
	}
	if visited != len(ids) {
		t.Fatalf("visited %d raw documents, want %d (documents added during EachRaw are not visited)", visited, len(ids))
	}
	if got := get(t, s, ids[0]).Title; got != "Series 0 reprocessed" {
		t.Fatalf("title after reprocess = %q", got)
	}
	if st := stats(t, s); st.Articles != 41 {
		t.Fatalf("Stats.Articles = %d, want 41", st.Articles)
	}
}

func testStats(t *testing.T, s news.Store) {
	if st := stats(t, s); st != (news.Stats{}) {
		t.Fatalf("empty store Stats = %+v", st)
	}
	a := Article("https://harbour-gazette.example/st/1", "One", "First sentence. Second sentence. Third one.")
	b := Article("https://harbour-gazette.example/st/2", "Two", "Only one sentence here.")
	c := Article("https://harbour-gazette.example/st/3", "Copy", "First sentence. Second sentence. Third one.")
	put(t, s, a, nil, news.PutStored)
	put(t, s, b, nil, news.PutStored)
	put(t, s, c, nil, news.PutDuplicate)
	want := news.Stats{Articles: 3, Duplicates: 1, Sentences: 3 + 1 + 3}
	if st := stats(t, s); st != want {
		t.Fatalf("Stats = %+v, want %+v", st, want)
	}
	b2 := Article("https://harbour-gazette.example/st/2", "Two", "Now two sentences. Here is the second.")
	put(t, s, b2, nil, news.PutUpdated)
	want.Sentences++
	if st := stats(t, s); st != want {
		t.Fatalf("Stats after update = %+v, want %+v", st, want)
	}
}

func testConcurrentPuts(t *testing.T, s news.Store) {
	const workers, each = 6, 15
	var wg sync.WaitGroup
	errs := make(chan error, workers*each*2)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				// Distinct articles, plus one that every worker puts.
				a := LongArticle(w*1000+i, 120)
				if _, err := s.PutArticle(context.Background(), a, &news.Raw{Body: []byte(a.Text)}); err != nil {
					errs <- err
				}
				shared := Article("https://harbour-gazette.example/shared", "Shared", "Every worker stores this one.")
				if _, err := s.PutArticle(context.Background(), shared, nil); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("concurrent PutArticle: %v", err)
	}
	if st := stats(t, s); st.Articles != workers*each+1 || st.Duplicates != 0 {
		t.Fatalf("Stats = %+v, want %d articles", st, workers*each+1)
	}
	if got := list(t, s, news.ArticleFilter{Limit: 1000}); len(got) != workers*each+1 {
		t.Fatalf("listed %d, want %d", len(got), workers*each+1)
	}
}

func testConcurrentReads(t *testing.T, s news.Store) {
	putMany(t, s, 10)
	done := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-done:
					return
				default:
				}
				if _, err := s.Articles(context.Background(), news.ArticleFilter{Query: "valley"}); err != nil {
					errs <- err
					return
				}
				if _, err := s.Stats(context.Background()); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for i := range 30 {
		a := LongArticle(i, 200)
		if _, err := s.PutArticle(context.Background(), a, nil); err != nil {
			t.Errorf("PutArticle while reading: %v", err)
		}
	}
	close(done)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("read during writes: %v", err)
	}
}

func testClose(t *testing.T, s news.Store) {
	a := Article("https://harbour-gazette.example/close", "Close", "Closing time.")
	put(t, s, a, nil, news.PutStored)
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	ctx := context.Background()
	if _, err := s.PutArticle(ctx, Article("https://harbour-gazette.example/late", "Late", "Too late."), nil); err == nil {
		t.Error("PutArticle after Close succeeded")
	}
	if _, err := s.Article(ctx, a.ID); err == nil {
		t.Error("Article after Close succeeded")
	}
	if _, err := s.Articles(ctx, news.ArticleFilter{}); err == nil {
		t.Error("Articles after Close succeeded")
	}
	if _, err := s.Stats(ctx); err == nil {
		t.Error("Stats after Close succeeded")
	}
	if err := s.EachRaw(ctx, func(string, *news.Raw) error { return nil }); err == nil {
		t.Error("EachRaw after Close succeeded")
	}
}
