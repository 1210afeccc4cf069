package watch_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/readout/readout/internal/feed"
	"github.com/readout/readout/internal/fetch"
	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/store/sqlite"
	"github.com/readout/readout/internal/watch"
)

// clock is a settable clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// site is a fictional outlet served on 127.0.0.1: a feed whose content
// the test changes, article pages, and hit counts per path.
type site struct {
	t    *testing.T
	srv  *httptest.Server
	mu   sync.Mutex
	hits map[string]int
	// handlers by path; nil means 404
	routes map[string]http.HandlerFunc
}

func newSite(t *testing.T) *site {
	s := &site{t: t, hits: map[string]int{}, routes: map[string]http.HandlerFunc{}}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		h := s.routes[r.URL.Path]
		s.mu.Unlock()
		if h == nil {
			http.NotFound(w, r)
			return
		}
		h(w, r)
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *site) route(path string, h http.HandlerFunc) {
	s.mu.Lock()
	s.routes[path] = h
	s.mu.Unlock()
}

func (s *site) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

// url is the site's URL under the host name news.test, which the test
// resolver maps to 127.0.0.1.
func (s *site) url(path string) string {
	u, _ := url.Parse(s.srv.URL)
	return "http://news.test:" + u.Port() + path
}

func (s *site) article(path, title string) {
	s.route(path, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<html><head><title>%s</title></head><body><article><h1>%s</h1><p>The harbour master of Portmere said on Monday that the new quay would open in spring.</p></article></body></html>", title, title)
	})
}

// rss serves a feed with the given paths as items and ETag support.
func (s *site) rss(path, etag string, items ...string) {
	s.route(path, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Portmere Herald</title>`)
		for i, p := range items {
			fmt.Fprintf(w, "<item><title>Story %d</title><link>%s</link><pubDate>Mon, 02 Mar 2026 0%d:00:00 GMT</pubDate></item>", i, s.url(p), i%10)
		}
		fmt.Fprint(w, `</channel></rss>`)
	})
}

// proc is a fake pipeline: it stores documents in memory.
type proc struct {
	mu     sync.Mutex
	docs   []news.Document
	fail   error                     // returned by every call when set
	during func(news.Document) error // called per document
}

func (p *proc) process(ctx context.Context, docs []news.Document) ([]watch.Result, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.fail != nil {
		return nil, p.fail
	}
	var out []watch.Result
	for _, d := range docs {
		if p.during != nil {
			if err := p.during(d); err != nil {
				return nil, err
			}
		}
		if !strings.Contains(string(d.Body), "<p>") {
			out = append(out, watch.Result{Reason: errors.New("no article text")})
			continue
		}
		p.docs = append(p.docs, d)
		out = append(out, watch.Result{ArticleID: "a" + watch.URLHash(d.URL)[:16], Put: news.PutStored})
	}
	return out, nil
}

func (p *proc) stored() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []string
	for _, d := range p.docs {
		u, _ := url.Parse(d.Origin)
		out = append(out, u.Path)
	}
	return out
}

type env struct {
	st    *sqlite.Store
	clock *clock
	proc  *proc
	w     *watch.Watcher
}

func newEnv(t *testing.T, allow []string, mod func(*watch.Options)) *env {
	t.Helper()
	st, err := sqlite.Open(context.Background(), ":memory:", nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	e := &env{st: st, clock: &clock{t: time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)}, proc: &proc{}}
	st.Now = e.clock.Now
	f, err := fetch.New(fetch.Options{
		Delay: time.Millisecond, Timeout: 2 * time.Second, Backoff: time.Millisecond, MaxBackoff: 10 * time.Millisecond,
		RateWindow: 200 * time.Millisecond, AllowHosts: allow,
		Resolve: func(ctx context.Context, host string) ([]netip.Addr, error) {
			if host == "news.test" {
				return []netip.Addr{netip.MustParseAddr("127.0.0.1")}, nil
			}
			return nil, fmt.Errorf("no such host %s", host)
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	opt := watch.Options{State: st, Fetcher: f, Process: e.proc.process, Now: e.clock.Now,
		Interval: 10 * time.Minute, RetryDelay: time.Minute, Sleep: func(ctx context.Context, d time.Duration) error {
			e.clock.Add(d)
			return ctx.Err()
		}}
	if mod != nil {
		mod(&opt)
	}
	e.w, err = watch.New(opt)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *env) add(t *testing.T, u string) watch.Source {
	t.Helper()
	s, err := e.st.AddSource(context.Background(), watch.Source{URL: u, Kind: feed.KindRSS})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func (e *env) once(t *testing.T) watch.Stats {
	t.Helper()
	st, err := e.w.Once(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func (e *env) source(t *testing.T, id int64) watch.Source {
	t.Helper()
	list, err := e.st.Sources(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range list {
		if s.ID == id {
			return s
		}
	}
	t.Fatalf("no source %d", id)
	return watch.Source{}
}

func TestFeedChangesBetweenPolls(t *testing.T) {
	s := newSite(t)
	s.rss("/feed", `"v1"`, "/a", "/b")
	s.article("/a", "Quay to open in spring")
	s.article("/b", "Ferry timetable changes")
	s.article("/c", "Lighthouse repainted")
	e := newEnv(t, []string{"news.test"}, nil)
	src := e.add(t, s.url("/feed"))

	st := e.once(t)
	if st.Polled != 1 || st.NewItems != 2 || st.Stored != 2 {
		t.Fatalf("first round: %+v", st)
	}
	got := e.source(t, src.ID)
	if got.Name != "Portmere Herald" || got.ETag != `"v1"` || got.Items != 2 || got.Errors != 0 {
		t.Errorf("source after first poll: %+v", got)
	}
	d := e.proc.docs[0]
	if d.Origin != d.URL {
		t.Errorf("origin %q, URL %q", d.Origin, d.URL)
	}
	if d.URL == s.url("/b") {
		d = e.proc.docs[1]
	}
	if d.URL != s.url("/a") || d.Title != "Story 0" || d.Source != "Portmere Herald" || d.Published.IsZero() || d.Fetched.IsZero() || !strings.HasPrefix(d.ContentType, "text/html") {
		t.Errorf("document = %+v", d)
	}
	// Not due yet: nothing is fetched.
	if st := e.once(t); st.Polled != 0 || s.count("/feed") != 1 {
		t.Errorf("round before due: %+v, feed hits %d", st, s.count("/feed"))
	}
	// Due, unchanged: a 304, and the quiet feed is polled less often.
	e.clock.Add(got.NextPoll.Sub(e.clock.Now()))
	if st := e.once(t); st.NotModified != 1 || st.NewItems != 0 {
		t.Errorf("304 round: %+v", st)
	}
	quiet := e.source(t, src.ID)
	if quiet.Interval <= got.Interval {
		t.Errorf("interval after a quiet poll %s, before %s", quiet.Interval, got.Interval)
	}
	// The feed changes: only the new article is fetched.
	s.rss("/feed", `"v2"`, "/c", "/a", "/b")
	e.clock.Add(quiet.NextPoll.Sub(e.clock.Now()))
	if st := e.once(t); st.NewItems != 1 || st.Stored != 1 {
		t.Errorf("changed feed: %+v", st)
	}
	for _, p := range []string{"/a", "/b", "/c"} {
		if n := s.count(p); n != 1 {
			t.Errorf("%s fetched %d times", p, n)
		}
	}
	stored := e.proc.stored()
	slices.Sort(stored)
	if got := strings.Join(stored, " "); got != "/a /b /c" {
		t.Errorf("stored %s", got)
	}
	// Every fetched page is kept.
	n := 0
	e.st.EachPage(context.Background(), time.Time{}, func(p *watch.Page) error {
		n++
		if p.Status != 200 || len(p.Body) == 0 || p.Header.Get("Content-Type") == "" {
			t.Errorf("page %+v", p)
		}
		return nil
	})
	if n != 3 {
		t.Errorf("%d pages kept", n)
	}
}

func TestBusyFeedPolledMoreOften(t *testing.T) {
	s := newSite(t)
	var paths []string
	for i := range 12 {
		p := fmt.Sprintf("/n%d", i)
		s.article(p, "Story")
		paths = append(paths, p)
	}
	s.rss("/feed", `"1"`, paths[:1]...)
	e := newEnv(t, []string{"news.test"}, nil)
	src := e.add(t, s.url("/feed"))
	e.once(t)
	before := e.source(t, src.ID)
	s.rss("/feed", `"2"`, paths...)
	e.clock.Add(before.NextPoll.Sub(e.clock.Now()))
	if st := e.once(t); st.NewItems != 11 {
		t.Fatalf("round: %+v", st)
	}
	after := e.source(t, src.ID)
	if after.Interval >= before.Interval || after.Interval < 10*time.Minute/4 {
		t.Errorf("busy feed interval %s, before %s", after.Interval, before.Interval)
	}
}

func TestFailuresAndRetryAfter(t *testing.T) {
	s := newSite(t)
	s.rss("/feed", `"v1"`, "/busy", "/gone", "/pdf", "/empty")
	s.route("/broken", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</title><item><title>x</item>`)
	})
	s.route("/down", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "7200")
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	var busy int
	s.route("/busy", func(w http.ResponseWriter, r *http.Request) {
		busy++
		if busy == 1 {
			w.Header().Set("Retry-After", "300")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		fmt.Fprint(w, "<html><body><p>The quay opened.</p></body></html>")
	})
	s.route("/pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		fmt.Fprint(w, "%PDF-1.4")
	})
	s.route("/empty", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "<html></html>") })
	e := newEnv(t, []string{"news.test"}, nil)
	broken := e.add(t, s.url("/broken"))
	down := e.add(t, s.url("/down"))
	good := e.add(t, s.url("/feed"))

	st := e.once(t)
	if st.Polled != 3 || st.PollErrors != 2 || st.NewItems != 4 {
		t.Fatalf("round: %+v", st)
	}
	b := e.source(t, broken.ID)
	if b.Errors != 1 || !strings.Contains(b.LastError, "malformed feed") || strings.Contains(b.LastError, "\n") {
		t.Errorf("broken feed: %+v", b)
	}
	d := e.source(t, down.ID)
	if d.Errors != 1 || d.NextPoll.Sub(e.clock.Now()) < 2*time.Hour || !strings.Contains(d.LastError, "503") {
		t.Errorf("503 feed: errors %d, next poll in %s, %q", d.Errors, d.NextPoll.Sub(e.clock.Now()), d.LastError)
	}
	if g := e.source(t, good.ID); g.Errors != 0 {
		t.Errorf("good feed: %+v", g)
	}
	// /busy got a 429 with Retry-After 300 (beyond the fetcher's own
	// backoff): it is pending, due in 5 minutes; /gone failed; /pdf was
	// skipped; /empty was rejected by processing.
	if st.Stored != 0 || st.Retried != 1 || st.Failed != 1 || st.Skipped != 1 || st.Rejected != 1 {
		t.Errorf("items: %+v", st)
	}
	counts, _ := e.st.ItemCounts(context.Background())
	if counts[watch.ItemPending] != 1 || counts[watch.ItemFailed] != 2 || counts[watch.ItemSkipped] != 1 {
		t.Errorf("counts %v", counts)
	}
	e.clock.Add(4 * time.Minute)
	if st := e.once(t); st.Stored != 0 {
		t.Errorf("retried before Retry-After: %+v", st)
	}
	e.clock.Add(time.Minute)
	if st := e.once(t); st.Stored != 1 || busy != 2 {
		t.Errorf("after Retry-After: %+v, %d hits", st, busy)
	}
}

func TestRedirectToLoopbackRefused(t *testing.T) {
	inner := newSite(t)
	inner.article("/secret", "Internal")
	s := newSite(t)
	s.rss("/feed", `"v1"`, "/jump", "/ok")
	s.article("/ok", "Fine")
	s.route("/jump", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, inner.srv.URL+"/secret", http.StatusFound)
	})
	e := newEnv(t, []string{"news.test"}, nil)
	e.add(t, s.url("/feed"))
	st := e.once(t)
	if st.Stored != 1 || st.Skipped != 1 || inner.count("/secret") != 0 {
		t.Fatalf("round %+v, secret hits %d", st, inner.count("/secret"))
	}
}

func TestRobotsDisallow(t *testing.T) {
	s := newSite(t)
	s.route("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "User-agent: readout\nDisallow: /members/\n")
	})
	s.rss("/feed", `"v1"`, "/members/x", "/open")
	s.article("/members/x", "Members only")
	s.article("/open", "Open")
	e := newEnv(t, []string{"news.test"}, nil)
	e.add(t, s.url("/feed"))
	st := e.once(t)
	if st.Stored != 1 || st.Skipped != 1 || s.count("/members/x") != 0 {
		t.Fatalf("round %+v, members hits %d", st, s.count("/members/x"))
	}
}

func TestCrashSafety(t *testing.T) {
	s := newSite(t)
	s.rss("/feed", `"v1"`, "/a", "/b")
	s.article("/a", "A")
	s.article("/b", "B")
	e := newEnv(t, []string{"news.test"}, nil)
	e.add(t, s.url("/feed"))
	// The store fails while the articles are being processed: the run
	// stops, nothing is marked stored.
	e.proc.fail = news.E("sqlite.PutArticle", news.KindUnavailable, "disk full")
	if _, err := e.w.Once(context.Background()); !news.IsKind(err, news.KindUnavailable) {
		t.Fatalf("err = %v", err)
	}
	counts, _ := e.st.ItemCounts(context.Background())
	if counts[watch.ItemPending] != 2 {
		t.Fatalf("counts after failure %v", counts)
	}
	// Restarted: each article is fetched once more, and then never again.
	e.proc.fail = nil
	if st := e.once(t); st.Stored != 2 {
		t.Fatalf("after restart: %+v", st)
	}
	e.clock.Add(time.Hour)
	e.once(t)
	for _, p := range []string{"/a", "/b"} {
		if n := s.count(p); n < 1 || n > 2 {
			t.Errorf("%s fetched %d times; want at most twice", p, n)
		}
	}
}

func TestStopFinishesCurrentArticle(t *testing.T) {
	s := newSite(t)
	var items []string
	for i := range 6 {
		p := fmt.Sprintf("/s%d", i)
		s.article(p, "Story")
		items = append(items, p)
	}
	s.rss("/feed", `"v1"`, items...)
	ctx, cancel := context.WithCancel(context.Background())
	e := newEnv(t, []string{"news.test"}, func(o *watch.Options) { o.Workers = 1 })
	e.add(t, s.url("/feed"))
	// The interrupt arrives while the first article is being processed.
	e.proc.during = func(news.Document) error { cancel(); return nil }
	if err := e.w.Run(ctx, nil); err != nil {
		t.Fatalf("Run = %v, want nil on interrupt", err)
	}
	stored := len(e.proc.stored())
	counts, _ := e.st.ItemCounts(context.Background())
	if stored == 0 || stored == 6 || counts[watch.ItemStored] != stored || counts[watch.ItemPending] != 6-stored {
		t.Fatalf("stored %d, counts %v", stored, counts)
	}
	// The next run takes up where it stopped.
	e.proc.during = nil
	if st := e.once(t); st.Stored != 6-stored {
		t.Errorf("resumed: %+v", st)
	}
	// An article whose fetch the interrupt cut short is fetched again,
	// once; every article is stored once.
	for _, p := range items {
		if n := s.count(p); n < 1 || n > 2 {
			t.Errorf("%s fetched %d times", p, n)
		}
	}
	all := e.proc.stored()
	slices.Sort(all)
	if len(slices.Compact(all)) != 6 || len(e.proc.stored()) != 6 {
		t.Errorf("stored %v", e.proc.stored())
	}
}

func TestSitemapIndexAndBacklog(t *testing.T) {
	s := newSite(t)
	var idx strings.Builder
	idx.WriteString(`<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	for i := range 5 {
		fmt.Fprintf(&idx, "<sitemap><loc>%s</loc><lastmod>2026-03-0%d</lastmod></sitemap>", s.url(fmt.Sprintf("/sm%d.xml", i)), i+1)
		var sm strings.Builder
		sm.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">`)
		for j := range 3 {
			p := fmt.Sprintf("/p%d-%d", i, j)
			s.article(p, "Story")
			fmt.Fprintf(&sm, "<url><loc>%s</loc><news:news><news:publication><news:name>Portmere Herald</news:name></news:publication><news:publication_date>2026-03-0%dT0%d:00:00Z</news:publication_date><news:title>T</news:title></news:news></url>", s.url(p), i+1, j)
		}
		sm.WriteString("</urlset>")
		body := sm.String()
		s.route(fmt.Sprintf("/sm%d.xml", i), func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, body) })
	}
	idx.WriteString("</sitemapindex>")
	s.route("/index.xml", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, idx.String()) })
	e := newEnv(t, []string{"news.test"}, func(o *watch.Options) { o.MaxChildSitemaps = 2; o.MaxItemsPerPoll = 4 })
	if _, err := e.st.AddSource(context.Background(), watch.Source{URL: s.url("/index.xml"), Kind: feed.KindSitemap}); err != nil {
		t.Fatal(err)
	}
	st := e.once(t)
	// The two newest children (sm4, sm3) give 6 items; the 4 newest are
	// fetched and the other 2 are backlog.
	if s.count("/sm4.xml") != 1 || s.count("/sm3.xml") != 1 || s.count("/sm0.xml") != 0 {
		t.Errorf("children fetched: sm4 %d sm3 %d sm0 %d", s.count("/sm4.xml"), s.count("/sm3.xml"), s.count("/sm0.xml"))
	}
	counts, _ := e.st.ItemCounts(context.Background())
	if st.Stored != 4 || counts[watch.ItemSkipped] != 2 || s.count("/p4-2") != 1 || s.count("/p3-0") != 0 {
		t.Errorf("round %+v, counts %v", st, counts)
	}
}
