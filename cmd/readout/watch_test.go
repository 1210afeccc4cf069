package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/readout/readout/internal/feed"
	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/store/sqlite"
	"github.com/readout/readout/internal/watch"
)

// newsSite serves a fictional outlet on 127.0.0.1: an RSS feed and two
// article pages, counting requests per path.
func newsSite(t *testing.T) (*httptest.Server, func(string) int) {
	t.Helper()
	var mu sync.Mutex
	hits := map[string]int{}
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.URL.Path]++
		mu.Unlock()
		switch r.URL.Path {
		case "/feed.xml":
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>The Tidewater Gazette</title>
<item><title>Harbour talks resume in Bergen</title><link>%[1]s/world/harbour-talks</link><pubDate>Tue, 04 Mar 2025 09:00:00 GMT</pubDate></item>
<item><title>Ferry service restored</title><link>%[1]s/world/ferry</link><pubDate>Wed, 05 Mar 2025 09:00:00 GMT</pubDate></item>
</channel></rss>`, srv.URL)
		case "/world/harbour-talks":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, strings.Replace(pageHTML, "https://tidewater.example/world/harbour-talks?utm_source=x", srv.URL+"/world/harbour-talks", 1))
		case "/world/ferry":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, "<html><head><title>Ferry service restored</title></head><body><article><h1>Ferry service restored</h1><p>%s</p></article></body></html>",
				strings.ReplaceAll(strings.TrimSpace(dumpText), "\n", "</p><p>"))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, func(p string) int { mu.Lock(); defer mu.Unlock(); return hits[p] }
}

var fast = []string{"--no-syntax", "--no-entities", "--no-quotes", "--no-events", "--fetch-delay", "1ms"}

func TestSourcesWatchExport(t *testing.T) {
	srv, hits := newsSite(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "w.db")

	// Adding with the kind sniffed fetches the feed: 127.0.0.1 must be
	// allowed for that.
	_, stderr, code := cli(t, "", "--db", db, "sources", "add", srv.URL+"/feed.xml")
	if code != 2 || !strings.Contains(stderr, "loopback") {
		t.Fatalf("add without --allow-host: code %d, %s", code, stderr)
	}
	out, stderr, code := cli(t, "", "--db", db, "sources", "add", srv.URL+"/feed.xml", "--allow-host", "127.0.0.1")
	if code != 0 || !strings.Contains(out, "The Tidewater Gazette (rss)") {
		t.Fatalf("add: code %d, %s %s", code, out, stderr)
	}
	if _, _, code := cli(t, "", "--db", db, "sources", "add", srv.URL+"/feed.xml", "--kind", "rss"); code != 1 && code != 2 {
		t.Errorf("adding twice: code %d", code)
	}
	if _, stderr, code := cli(t, "", "--db", db, "sources", "add", "ftp://a.example/feed", "--kind", "rss"); code != 2 {
		t.Errorf("ftp URL: code %d %s", code, stderr)
	}

	// By default the watcher refuses to fetch from a loopback address.
	out, stderr, code = cli(t, "", append([]string{"--db", db, "watch", "--once"}, fast...)...)
	if code != 0 || !strings.Contains(out, "poll errors 1") {
		t.Fatalf("watch without --allow-host: code %d, %s %s", code, out, stderr)
	}
	out, _, _ = cli(t, "", "--db", db, "sources", "list", "--json")
	var srcs []watch.Source
	if err := json.Unmarshal([]byte(out), &srcs); err != nil || len(srcs) != 1 || srcs[0].Errors != 1 || !strings.Contains(srcs[0].LastError, "loopback") {
		t.Fatalf("sources list: %v %s", err, out)
	}
	if hits("/feed.xml") != 1 {
		t.Fatalf("feed fetched %d times (once by add)", hits("/feed.xml"))
	}
	// Make it due again and allow the host.
	st := openWatchState(t, db)
	s := srcs[0]
	s.NextPoll = time.Now().Add(-time.Second)
	if _, err := st.RecordPoll(context.Background(), s, nil, nil, time.Now()); err != nil {
		t.Fatal(err)
	}
	st.Close()
	out, stderr, code = cli(t, "", append([]string{"--db", db, "watch", "--once", "--json", "--allow-host", "127.0.0.1"}, fast...)...)
	var stats watch.Stats
	if code != 0 || json.Unmarshal([]byte(out), &stats) != nil || stats.Stored != 2 || stats.NewItems != 2 {
		t.Fatalf("watch --once: code %d, %s %s", code, out, stderr)
	}
	out, _, _ = cli(t, "", "--db", db, "articles", "--json")
	var arts []news.ArticleSummary
	if err := json.Unmarshal([]byte(out), &arts); err != nil || len(arts) != 2 {
		t.Fatalf("articles: %v %s", err, out)
	}

	// Export to WARC and read it back into a fresh store.
	warc := filepath.Join(dir, "out.warc.gz")
	if _, stderr, code := cli(t, "", "--db", db, "export", "warc", "--out", warc); code != 0 || !strings.Contains(stderr, "wrote 2 pages") {
		t.Fatalf("export: code %d %s", code, stderr)
	}
	db2 := filepath.Join(dir, "again.db")
	out, stderr, code = cli(t, "", "--db", db2, "ingest", "--json", "--no-syntax", "--no-entities", "--no-quotes", "--no-events", warc)
	if code != 0 || !strings.Contains(out, `"stored": 2`) || !strings.Contains(out, `"rejected": 0`) {
		t.Fatalf("ingest of the export: code %d, %s %s", code, out, stderr)
	}
	out, _, _ = cli(t, "", "--db", db2, "articles", "--json")
	var again []news.ArticleSummary
	json.Unmarshal([]byte(out), &again)
	ids := func(l []news.ArticleSummary) []string {
		var s []string
		for _, a := range l {
			s = append(s, a.ID+" "+a.Title+" "+a.URL)
		}
		slices.Sort(s)
		return s
	}
	if !slices.Equal(ids(arts), ids(again)) {
		t.Errorf("round trip changed the articles:\n%v\n%v", ids(arts), ids(again))
	}
	// --since after every fetch: only the warcinfo record.
	if _, stderr, code := cli(t, "", "--db", db, "export", "warc", "--since", "2099-01-01", "--out", filepath.Join(dir, "none.warc")); code != 0 || !strings.Contains(stderr, "wrote 0 pages") {
		t.Errorf("export --since: %d %s", code, stderr)
	}
	if _, _, code := cli(t, "", "--db", db, "export", "warc", "--since", "last tuesday"); code != 2 {
		t.Errorf("bad --since: code %d", code)
	}

	// Nothing new: the articles are not fetched again.
	if hits("/world/ferry") != 1 || hits("/world/harbour-talks") != 1 {
		t.Errorf("article fetches: %d, %d", hits("/world/ferry"), hits("/world/harbour-talks"))
	}

	// remove
	if _, _, code := cli(t, "", "--db", db, "sources", "remove", "1"); code != 0 {
		t.Errorf("remove: code %d", code)
	}
	if _, _, code := cli(t, "", "--db", db, "sources", "remove", "1"); code != 3 {
		t.Errorf("remove twice: code %d, want 3", code)
	}
	if _, _, code := cli(t, "", "--db", db, "sources", "remove", "one"); code != 2 {
		t.Errorf("remove one: code %d, want 2", code)
	}
	if _, stderr, code := cli(t, "", "--db", db, "watch", "--once"); code != 2 || !strings.Contains(stderr, "no sources") {
		t.Errorf("watch with no sources: code %d %s", code, stderr)
	}
}

func openWatchState(t *testing.T, db string) *sqlite.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), db, nil)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestWatchStopsOnInterrupt(t *testing.T) {
	srv, _ := newsSite(t)
	db := filepath.Join(t.TempDir(), "w.db")
	if _, _, code := cli(t, "", "--db", db, "sources", "add", srv.URL+"/feed.xml", "--kind", "rss"); code != 0 {
		t.Fatal("add failed")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
	defer cancel()
	var out, errb strings.Builder
	args := append([]string{"--db", db, "watch", "--allow-host", "127.0.0.1"}, fast...)
	code := run(ctx, args, strings.NewReader(""), &out, &errb, func(string) string { return "" })
	if code != 0 || !strings.Contains(out.String(), "stored 2") {
		t.Fatalf("watch interrupted: code %d, %s %s", code, out.String(), errb.String())
	}
}

func TestImportExampleFeeds(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.db")
	opml := filepath.Join("..", "..", "examples", "feeds.opml")
	out, stderr, code := cli(t, "", "--db", db, "sources", "import", opml)
	if code != 0 || !strings.Contains(out, "imported 25 sources") {
		t.Fatalf("import: code %d, %s %s", code, out, stderr)
	}
	out, _, _ = cli(t, "", "--db", db, "sources", "import", "--json", opml)
	if !strings.Contains(out, `"added": []`) {
		t.Errorf("second import added sources: %s", out)
	}
	out, _, _ = cli(t, "", "--db", db, "sources", "list", "--json")
	var srcs []watch.Source
	if err := json.Unmarshal([]byte(out), &srcs); err != nil || len(srcs) != 25 {
		t.Fatalf("list: %v, %d sources", err, len(srcs))
	}
	for _, s := range srcs {
		if s.Kind != feed.KindRSS || s.Name == "" || s.Category == "" || !strings.HasPrefix(s.URL, "https://") {
			t.Errorf("source %+v", s)
		}
	}
	out, _, _ = cli(t, "", "--db", db, "sources", "list")
	if !strings.Contains(out, "BBC News") || !strings.Contains(out, "NEXT POLL") {
		t.Errorf("table: %s", out)
	}
	// The example directory's ingest skips the feed list.
	b, err := os.ReadFile(filepath.Join("..", "..", "examples", ".readoutignore"))
	if err != nil || !slices.Contains(strings.Fields(string(b)), "feeds.opml") {
		t.Errorf(".readoutignore does not list feeds.opml")
	}
	if _, stderr, code := cli(t, "", "--db", db, "sources", "import", filepath.Join("..", "..", "examples", "README.md")); code != 2 || strings.Count(stderr, "\n") > 2 {
		t.Errorf("import of a non-OPML file: code %d %q", code, stderr)
	}
}

func TestWatchConfigFromEnvironment(t *testing.T) {
	srv, _ := newsSite(t)
	db := filepath.Join(t.TempDir(), "w.db")
	env := map[string]string{"READOUT_ALLOW_HOSTS": "10.0.0.0/8, 127.0.0.1", "READOUT_FETCH_DELAY": "1ms", "READOUT_CONTACT_URL": "mailto:desk@example.org"}
	var out, errb strings.Builder
	code := run(context.Background(), []string{"--db", db, "sources", "add", srv.URL + "/feed.xml"}, strings.NewReader(""), &out, &errb,
		func(k string) string { return env[k] })
	if code != 0 || !strings.Contains(out.String(), "(rss)") {
		t.Fatalf("add with READOUT_ALLOW_HOSTS: code %d, %s %s", code, out.String(), errb.String())
	}
	env["READOUT_CONTACT_URL"] = "not a url"
	code = run(context.Background(), []string{"--db", db, "sources", "list"}, strings.NewReader(""), &out, &errb, func(k string) string { return env[k] })
	if code != 2 {
		t.Errorf("bad READOUT_CONTACT_URL: code %d", code)
	}
}
