package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

// chromiumPath is the browser the page tests drive: READOUT_CHROMIUM
// (set by scripts/deps/chromium.sh), else Debian's /usr/bin/chromium.
func chromiumPath(t *testing.T) string {
	t.Helper()
	p := os.Getenv("READOUT_CHROMIUM")
	if p == "" {
		p = "/usr/bin/chromium"
	}
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but no Chromium at %s (scripts/deps/chromium.sh installs it)", p)
		}
		t.Skipf("no Chromium at %s; set READOUT_CHROMIUM", p)
	}
	return p
}

// serveExamples builds the binary, ingests examples/ into a temporary
// store and serves it; it returns the base URL.
func serveExamples(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	bin := filepath.Join(dir, "readout")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Env = append(os.Environ(), "GOTOOLCHAIN=local")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	examples, _ := filepath.Abs("../../examples")
	db := filepath.Join(dir, "browser.db")
	if out, err := exec.Command(bin, "ingest", "--db", db, "--json", examples).CombinedOutput(); err != nil {
		t.Fatalf("ingest: %v\n%s", err, out)
	}
	ctx, cancel := context.WithCancel(context.Background())
	srv := exec.CommandContext(ctx, bin, "serve", "--db", db, "--addr", "127.0.0.1:0")
	stderr, _ := srv.StderrPipe()
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); srv.Wait() })
	addr := make(chan string, 1)
	go func() {
		re := regexp.MustCompile(`serving (http://[^/ ]+)/`)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
	}()
	select {
	case base := <-addr:
		return base
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not start")
	}
	return ""
}

// TestBrowser drives headless Chromium through every page type on the
// example corpus: it searches, clicks from a highlighted quotation to its
// speaker's page, filters events, downloads the CSV, takes a screenshot of
// each page and fails on any console error (CSP violations included).
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and starts a browser")
	}
	exe := chromiumPath(t)
	base := serveExamples(t)
	shots := t.TempDir()
	if d := os.Getenv("READOUT_SCREENSHOTS"); d != "" {
		shots = d
	}

	actx, cancelA := chromedp.NewExecAllocator(context.Background(), chromedp.ExecPath(exe), chromedp.Headless,
		chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.WindowSize(1280, 900))
	defer cancelA()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, 45*time.Second)
	defer cancelT()
	if err := chromedp.Do(ctx); err != nil { // start the browser
		t.Fatalf("start %s: %v", exe, err)
	}
	var (
		mu       sync.Mutex
		problems []string
	)
	consoleCtx, stopConsole := context.WithCancel(ctx)
	defer stopConsole()
	messages := chromedp.Console(consoleCtx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.IsException() {
				mu.Lock()
				problems = append(problems, m.String()+" "+m.URL)
				mu.Unlock()
			}
		}
	}()
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	shot := func(name string) {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(shots, name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}
	location := func() string {
		u, err := chromedp.Run(ctx, chromedp.Location())
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	count := func(sel string) int {
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(`+jsString(sel)+`).length`))
		if err != nil {
			t.Fatalf("count %s: %v", sel, err)
		}
		return n
	}

	// Home: stories with their sources, tops, a search box.
	do("home", chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("form.bigsearch")))
	if !strings.Contains(text("main"), "Latest stories") || count("ol.stories li") == 0 {
		t.Errorf("home page shows no stories")
	}
	shot("home")

	// Search from the box: highlighted hits in articles and quotes.
	do("search", chromedp.SetValue(chromedp.CSS("form.bigsearch input"), "ceasefire"),
		chromedp.Submit(chromedp.CSS("form.bigsearch input")), chromedp.WaitVisible(chromedp.CSS("form.filters")))
	if u := location(); !strings.Contains(u, "/search?q=ceasefire") {
		t.Errorf("search went to %s", u)
	}
	if count("ol.articles mark") == 0 {
		t.Errorf("search shows no highlighted hit")
	}
	shot("search")

	// Article: a highlighted quotation leads to its speaker's page.
	article := quotedArticle(t, base)
	do("article", chromedp.Navigate(base+"/articles/"+article), chromedp.WaitVisible(chromedp.CSS(".body")))
	if count(".body a.ent") == 0 || count(".body .quote") == 0 {
		t.Errorf("article %s has no highlighted entities or quotations", article)
	}
	shot("article")
	n, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`document.querySelector('li.note-item a.speaker').closest('li').id`))
	if err != nil {
		t.Fatalf("no quotation with a linked speaker on %s: %v", article, err)
	}
	speaker := text("#" + n + " a.speaker")
	do("click quotation", chromedp.Click(chromedp.CSS(`.body a.qref[href="#`+n+`"]`)))
	if !strings.HasSuffix(location(), "#"+n) {
		t.Errorf("clicking the quotation went to %s", location())
	}
	do("click speaker", chromedp.Click(chromedp.CSS("#"+n+" a.speaker")), chromedp.WaitVisible(chromedp.CSS("h1")))
	if u := location(); !strings.Contains(u, "/entities/") {
		t.Fatalf("speaker link went to %s", u)
	}
	if h := text("h1"); h == "" {
		t.Errorf("entity page for %q has no name", speaker)
	}
	shot("entity")

	// Events: filter by the type of the first row; every row has it.
	do("events", chromedp.Navigate(base+"/events"), chromedp.WaitVisible(chromedp.CSS("form.filters")))
	if count("table.events tbody tr") == 0 {
		t.Fatalf("events explorer is empty")
	}
	typ := strings.SplitN(text("table.events tbody tr td:nth-child(2)"), "/", 2)[0]
	do("filter events", chromedp.SetValue(chromedp.CSS(`select[name="type"]`), typ),
		chromedp.Submit(chromedp.CSS(`select[name="type"]`)), chromedp.WaitVisible(chromedp.CSS("p.downloads")))
	if !strings.Contains(location(), "type="+typ) {
		t.Errorf("filter went to %s", location())
	}
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
		`[...document.querySelectorAll('table.events tbody tr td:nth-child(2)')].map(td => td.textContent.trim())`))
	if err != nil || len(rows) == 0 {
		t.Fatalf("filtered events: %v %v", rows, err)
	}
	for _, r := range rows {
		if !strings.HasPrefix(r, typ) {
			t.Errorf("filter %s shows a %s event", typ, r)
		}
	}
	if count("svg.timeline circle") == 0 {
		t.Errorf("events timeline is empty")
	}
	shot("events")

	// Download the CSV with the same filter.
	dl := t.TempDir()
	progress := chromedp.Events(ctx, browser.DownloadProgress)
	do("download csv", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		yes := true
		_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dl, EventsEnabled: &yes})
		return err
	}), chromedp.Click(chromedp.CSS("a.dl-csv")))
	for ev, err := range progress {
		if err != nil {
			t.Fatalf("download: %v", err)
		}
		if ev.State == browser.DownloadProgressStateCanceled {
			t.Fatalf("download canceled")
		}
		if ev.State != browser.DownloadProgressStateCompleted {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dl, ev.GUID))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(string(b)), "\n")
		if !strings.HasPrefix(lines[0], "id,article_id,") || len(lines)-1 != len(rows) {
			t.Errorf("CSV has %d rows for %d shown:\n%s", len(lines)-1, len(rows), b)
		}
		for _, l := range lines[1:] {
			if !strings.Contains(l, ","+typ+",") {
				t.Errorf("CSV row of another type: %s", l)
			}
		}
		break
	}

	// Story: sources side by side.
	story := biggestStory(t, base)
	do("story", chromedp.Navigate(base+"/stories/"+story), chromedp.WaitVisible(chromedp.CSS(".side-by-side")))
	if count(".source-card") < 2 {
		t.Errorf("story %s shows %d sources side by side", story, count(".source-card"))
	}
	shot("story")

	stopConsole()
	mu.Lock()
	defer mu.Unlock()
	for _, p := range problems {
		t.Errorf("console: %s", p)
	}
	t.Logf("screenshots in %s", shots)
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func getJSON(t *testing.T, url string, v any) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v\n%s", url, err, b)
	}
}

// quotedArticle is an example article with a quotation whose speaker is
// a known entity.
func quotedArticle(t *testing.T, base string) string {
	var list struct {
		Quotes []struct {
			ArticleID       string `json:"article_id"`
			SpeakerEntityID string `json:"speaker_entity_id"`
		}
	}
	getJSON(t, base+"/api/v1/quotes?limit=200", &list)
	for _, q := range list.Quotes {
		if q.SpeakerEntityID != "" {
			return q.ArticleID
		}
	}
	t.Fatal("no example quotation has a speaker entity")
	return ""
}

// biggestStory is the example story with the most sources.
func biggestStory(t *testing.T, base string) string {
	var list struct {
		Stories []struct {
			ID      string
			Sources int
		}
	}
	getJSON(t, base+"/api/v1/stories?limit=100", &list)
	best, most := "", 0
	for _, s := range list.Stories {
		if s.Sources > most {
			best, most = s.ID, s.Sources
		}
	}
	if best == "" {
		t.Fatal("no stories in the examples")
	}
	return best
}
