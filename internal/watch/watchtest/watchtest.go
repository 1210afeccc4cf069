// Package watchtest is the conformance suite for watch.State: every
// implementation (the SQLite store today, PostgreSQL later) runs Run from
// its own tests.
package watchtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/readout/readout/internal/feed"
	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/watch"
)

// Run runs the suite; open returns a new, empty State for each subtest.
func Run(t *testing.T, open func(t *testing.T) watch.State) {
	t.Run("Sources", func(t *testing.T) { testSources(t, open(t)) })
	t.Run("Poll", func(t *testing.T) { testPoll(t, open(t)) })
	t.Run("Items", func(t *testing.T) { testItems(t, open(t)) })
	t.Run("Pages", func(t *testing.T) { testPages(t, open(t)) })
}

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func add(t *testing.T, st watch.State, url string, kind feed.Kind, at time.Time) watch.Source {
	t.Helper()
	s, err := st.AddSource(context.Background(), watch.Source{Name: "", URL: url, Kind: kind, Added: at})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func testSources(t *testing.T, st watch.State) {
	ctx := context.Background()
	a := add(t, st, "https://courier.example/rss", feed.KindRSS, t0)
	b, err := st.AddSource(ctx, watch.Source{Name: "Daily Example", URL: "https://daily.example/news-sitemap.xml",
		Kind: feed.KindSitemap, Category: "World", Added: t0.Add(time.Minute), Interval: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if a.ID == 0 || b.ID == a.ID || !a.NextPoll.Equal(t0) || b.Interval != time.Hour || b.Category != "World" {
		t.Errorf("added %+v and %+v", a, b)
	}
	if _, err := st.AddSource(ctx, watch.Source{URL: a.URL, Kind: feed.KindRSS}); !news.IsKind(err, news.KindConflict) {
		t.Errorf("re-adding: err = %v, want conflict", err)
	}
	if _, err := st.AddSource(ctx, watch.Source{Kind: feed.KindRSS}); !news.IsKind(err, news.KindInvalid) {
		t.Errorf("no URL: err = %v, want invalid", err)
	}
	list, err := st.Sources(ctx)
	if err != nil || len(list) != 2 || list[0].ID != a.ID || list[1].Name != "Daily Example" || list[1].Kind != feed.KindSitemap {
		t.Fatalf("Sources = %+v, %v", list, err)
	}
	due, err := st.DueSources(ctx, t0.Add(30*time.Second))
	if err != nil || len(due) != 1 || due[0].ID != a.ID {
		t.Errorf("DueSources = %+v, %v", due, err)
	}
	if due, _ := st.DueSources(ctx, t0.Add(time.Hour)); len(due) != 2 || due[0].ID != a.ID {
		t.Errorf("DueSources later = %+v", due)
	}
	if err := st.RemoveSource(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.RemoveSource(ctx, a.ID); !news.IsKind(err, news.KindNotFound) {
		t.Errorf("removing twice: err = %v", err)
	}
	if list, _ := st.Sources(ctx); len(list) != 1 {
		t.Errorf("after remove: %+v", list)
	}
}

func items(urls ...string) []feed.Item {
	var out []feed.Item
	for i, u := range urls {
		out = append(out, feed.Item{URL: u, Title: fmt.Sprintf("Story %d", i), Published: t0.Add(-time.Duration(i) * time.Hour), Source: "The Courier"})
	}
	return out
}

func testPoll(t *testing.T, st watch.State) {
	ctx := context.Background()
	s := add(t, st, "https://courier.example/rss", feed.KindRSS, t0)
	s.Name = "The Courier"
	s.LastPoll, s.NextPoll, s.Interval = t0, t0.Add(20*time.Minute), 20*time.Minute
	s.ETag, s.LastModified = `"abc"`, "Mon, 02 Mar 2026 09:00:00 GMT"
	n, err := st.RecordPoll(ctx, s, items("https://courier.example/a", "https://courier.example/b"),
		items("https://courier.example/old"), t0)
	if err != nil || n != 2 {
		t.Fatalf("first poll: %d, %v", n, err)
	}
	got, _ := st.Sources(ctx)
	if g := got[0]; g.Name != "The Courier" || !g.NextPoll.Equal(s.NextPoll) || !g.LastPoll.Equal(t0) || g.Interval != s.Interval ||
		g.ETag != s.ETag || g.LastModified != s.LastModified || g.Items != 2 {
		t.Errorf("after poll: %+v", g)
	}
	// The same items again, one with tracking parameters and www.: nothing new.
	s.Name = "Renamed by the feed"
	s.Errors, s.LastError = 1, "GET …: HTTP 503"
	n, err = st.RecordPoll(ctx, s, items("https://www.courier.example/a?utm_source=rss", "https://courier.example/c", "https://courier.example/old"), nil, t0.Add(time.Minute))
	if err != nil || n != 1 {
		t.Fatalf("second poll: %d, %v", n, err)
	}
	got, _ = st.Sources(ctx)
	if g := got[0]; g.Name != "The Courier" || g.Errors != 1 || g.LastError != s.LastError || g.Items != 3 {
		t.Errorf("after second poll: %+v", g)
	}
	counts, err := st.ItemCounts(ctx)
	if err != nil || counts[watch.ItemPending] != 3 || counts[watch.ItemSkipped] != 1 {
		t.Errorf("counts = %v, %v", counts, err)
	}
	s.ID = 9999
	if _, err := st.RecordPoll(ctx, s, nil, nil, t0); !news.IsKind(err, news.KindNotFound) {
		t.Errorf("unknown source: err = %v", err)
	}
}

func testItems(t *testing.T, st watch.State) {
	ctx := context.Background()
	s := add(t, st, "https://courier.example/rss", feed.KindRSS, t0)
	s.NextPoll = t0.Add(time.Hour)
	if _, err := st.RecordPoll(ctx, s, items("https://courier.example/a", "https://courier.example/b", "https://courier.example/c"), nil, t0); err != nil {
		t.Fatal(err)
	}
	if wake, err := st.NextWake(ctx); err != nil || !wake.Equal(t0) {
		t.Errorf("NextWake = %s, %v", wake, err)
	}
	if _, err := st.PendingItems(ctx, t0, 0); !news.IsKind(err, news.KindInvalid) {
		t.Errorf("limit 0: err = %v", err)
	}
	if p, _ := st.PendingItems(ctx, t0.Add(-time.Second), 10); len(p) != 0 {
		t.Errorf("items due before they were seen: %+v", p)
	}
	p, err := st.PendingItems(ctx, t0, 2)
	if err != nil || len(p) != 2 {
		t.Fatalf("PendingItems = %+v, %v", p, err)
	}
	it := p[0]
	if it.Hash != watch.URLHash(it.URL) || it.SourceID != s.ID || it.Source != "The Courier" || it.Status != watch.ItemPending || it.Title == "" || it.Published.IsZero() || !it.FirstSeen.Equal(t0) {
		t.Errorf("item = %+v", it)
	}
	// Stored: never pending again. Retried: due later. Failed: gone.
	it.Status, it.ArticleID = watch.ItemStored, "a0123456789abcdef"
	if err := st.FinishItem(ctx, it); err != nil {
		t.Fatal(err)
	}
	retry := p[1]
	retry.Attempts, retry.NextTry, retry.LastError = 1, t0.Add(10*time.Minute), "HTTP 503"
	if err := st.FinishItem(ctx, retry); err != nil {
		t.Fatal(err)
	}
	p, _ = st.PendingItems(ctx, t0.Add(time.Minute), 10)
	if len(p) != 1 || p[0].URL == it.URL || p[0].URL == retry.URL {
		t.Errorf("pending after finishing two: %+v", p)
	}
	p, _ = st.PendingItems(ctx, t0.Add(time.Hour), 10)
	if len(p) != 2 || p[1].URL != retry.URL || p[1].Attempts != 1 || p[1].LastError != "HTTP 503" {
		t.Errorf("pending later: %+v", p)
	}
	if wake, _ := st.NextWake(ctx); !wake.Equal(t0) {
		t.Errorf("NextWake = %s", wake)
	}
	if err := st.FinishItem(ctx, watch.Item{Hash: "nope", Status: watch.ItemFailed}); !news.IsKind(err, news.KindNotFound) {
		t.Errorf("unknown item: err = %v", err)
	}
	if err := st.FinishItem(ctx, watch.Item{Hash: it.Hash, Status: "lost"}); !news.IsKind(err, news.KindInvalid) {
		t.Errorf("bad status: err = %v", err)
	}
	// Removing the source forgets its pending items but not the stored
	// one: adding it again fetches nothing twice.
	if err := st.RemoveSource(ctx, s.ID); err != nil {
		t.Fatal(err)
	}
	if p, _ := st.PendingItems(ctx, t0.Add(time.Hour), 10); len(p) != 0 {
		t.Errorf("pending after remove: %+v", p)
	}
	s2 := add(t, st, "https://courier.example/rss", feed.KindRSS, t0)
	n, err := st.RecordPoll(ctx, s2, items(it.URL, retry.URL), nil, t0)
	if err != nil || n != 1 {
		t.Errorf("re-added source: %d new, %v; want only the unstored one", n, err)
	}
}

func testPages(t *testing.T, st watch.State) {
	ctx := context.Background()
	if err := st.PutPage(ctx, &watch.Page{URL: "https://a.example/"}); !news.IsKind(err, news.KindInvalid) {
		t.Errorf("page without a time: err = %v", err)
	}
	body := bytes.Repeat([]byte("<p>The ferry left at dawn.</p>\n"), 50)
	for i := range 70 {
		p := &watch.Page{
			URL: fmt.Sprintf("https://a.example/%02d", i), FinalURL: fmt.Sprintf("https://a.example/%02d/", i), Status: 200,
			Header:      http.Header{"Content-Type": {"text/html; charset=utf-8"}, "Set-Cookie": {"a=1", "b=2"}},
			ContentType: "text/html; charset=utf-8", Body: body, Fetched: t0.Add(time.Duration(i) * time.Minute),
		}
		if err := st.PutPage(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	// Refetching a URL replaces its page.
	if err := st.PutPage(ctx, &watch.Page{URL: "https://a.example/00", Status: 200, Body: []byte("new"), Fetched: t0.Add(2 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	var got []*watch.Page
	collect := func(p *watch.Page) error { got = append(got, p); return nil }
	if err := st.EachPage(ctx, time.Time{}, collect); err != nil {
		t.Fatal(err)
	}
	if len(got) != 70 || got[0].URL != "https://a.example/01" || got[69].URL != "https://a.example/00" || string(got[69].Body) != "new" {
		t.Fatalf("EachPage: %d pages, first %s, last %s", len(got), got[0].URL, got[len(got)-1].URL)
	}
	p := got[0]
	if !bytes.Equal(p.Body, body) || p.FinalURL != "https://a.example/01/" || p.Status != 200 || !p.Fetched.Equal(t0.Add(time.Minute)) ||
		len(p.Header["Set-Cookie"]) != 2 || p.ContentType != "text/html; charset=utf-8" {
		t.Errorf("page = %+v", p)
	}
	got = nil
	if err := st.EachPage(ctx, t0.Add(60*time.Minute), collect); err != nil || len(got) != 11 || got[0].URL != "https://a.example/60" {
		t.Errorf("since: %d pages, %v", len(got), err)
	}
	stop := errors.New("stop")
	n := 0
	if err := st.EachPage(ctx, time.Time{}, func(*watch.Page) error { n++; return stop }); !errors.Is(err, stop) || n != 1 {
		t.Errorf("stopping: %v after %d", err, n)
	}
}
