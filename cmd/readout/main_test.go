package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/readout/readout/internal/news"
)

// cli runs readout in-process with a fresh environment.
func cli(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(stdin), &out, &errb, func(string) string { return "" })
	return out.String(), errb.String(), code
}

const pageHTML = `<!doctype html><html><head><title>Harbour talks resume | The Tidewater Gazette</title>
<meta property="og:site_name" content="The Tidewater Gazette">
<meta name="author" content="Maren Oksvik">
<meta property="article:published_time" content="2025-03-04T09:00:00Z">
<link rel="canonical" href="https://tidewater.example/world/harbour-talks?utm_source=x">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>Harbour talks resume in Bergen</h1>
<p>Negotiators from two fishing cooperatives met in Bergen on Monday to resume talks over access to the northern harbour, officials said.</p>
<p>The meeting, chaired by a mediator from the regional council, lasted six hours and ended without a final agreement, according to a statement.</p>
<h2>What comes next</h2>
<p>Both delegations agreed to meet again next week. “We have narrowed the gaps considerably,” said Ivar Strand, who leads the northern delegation.</p>
</article>
<div class="share">Share on Facebook Share on X Email</div>
<footer>© 2025 The Tidewater Gazette. All rights reserved.</footer>
</body></html>`

const dumpText = `Home | World | Politics
Ferry service restored across the fjord after storm damage

By: Sunniva Lie

Ferry operators restored full service across the fjord on Thursday after a week of repairs to the main pier, the county transport office said.
Engineers replaced two damaged mooring posts and reinforced the loading ramp, which had cracked during the storm.
"Passengers can expect the normal timetable from Friday morning," said Petter Aune, a spokesman for the operator.

Share this:
`

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestIngestListShowIdempotent(t *testing.T) {
	in := writeFiles(t, map[string]string{
		"a/page.html":   pageHTML,
		"a/dump.txt":    dumpText,
		"b/copy.txt":    dumpText, // exact duplicate under another name
		"b/empty.txt":   "",
		"b/garbage.bin": "\x00\x01\x02\x03\xff\xfe\x00\x00\x10\x11binary\x00\x00",
		"c/feed.jsonl":  `{"url":"https://wire.example/a1","title":"Rail strike ends","text":"Rail workers ended a three-day strike on Sunday after the union accepted a revised pay offer, the union said in a statement.","published":"2025-02-01T10:00:00Z","source":"Example Wire"}` + "\n" + `not json at all` + "\n",
	})
	db := filepath.Join(t.TempDir(), "r.db")

	out, errOut, code := cli(t, "", "ingest", "--db", db, "--json", in)
	if code != 0 {
		t.Fatalf("ingest exit %d: %s %s", code, out, errOut)
	}
	var sum struct {
		Read, Stored, Duplicates, Rejected, Unchanged int
		Rejections                                    []struct{ Origin, Reason string }
	}
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatalf("summary is not JSON: %v\n%s", err, out)
	}
	if sum.Stored != 3 || sum.Duplicates != 1 || sum.Rejected != 3 {
		t.Fatalf("want 3 stored, 1 duplicate, 3 rejected; got %+v", sum)
	}
	for _, r := range sum.Rejections {
		if r.Reason == "" || strings.Contains(r.Reason, "\n") {
			t.Errorf("rejection of %s needs a one-line reason, got %q", r.Origin, r.Reason)
		}
	}

	// Second run: nothing new.
	out, _, code = cli(t, "", "ingest", "--db", db, "--json", in)
	if code != 0 {
		t.Fatalf("second ingest exit %d", code)
	}
	sum.Stored, sum.Duplicates = -1, -1
	json.Unmarshal([]byte(out), &sum)
	if sum.Stored != 0 || sum.Duplicates != 0 || sum.Unchanged != 4 {
		t.Fatalf("second run must store nothing new; got %+v", sum)
	}

	out, _, code = cli(t, "", "articles", "--db", db, "--json")
	if code != 0 {
		t.Fatalf("articles exit %d", code)
	}
	var list []news.ArticleSummary
	if err := json.Unmarshal([]byte(out), &list); err != nil || len(list) != 3 {
		t.Fatalf("want 3 articles listed, got %d (%v)\n%s", len(list), err, out)
	}

	out, _, code = cli(t, "", "articles", "--db", db, "--json", "mooring")
	json.Unmarshal([]byte(out), &list)
	if code != 0 || len(list) != 1 || !strings.Contains(list[0].Title, "Ferry") {
		t.Fatalf("search for mooring: exit %d, %s", code, out)
	}

	var page news.ArticleSummary
	out, _, _ = cli(t, "", "articles", "--db", db, "--json", "Bergen")
	json.Unmarshal([]byte(out), &list)
	if len(list) != 1 {
		t.Fatalf("search for Bergen: %s", out)
	}
	page = list[0]
	out, _, code = cli(t, "", "show", "--db", db, "--json", page.ID)
	if code != 0 {
		t.Fatalf("show exit %d", code)
	}
	var a news.Article
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatal(err)
	}
	if a.Site != "The Tidewater Gazette" || a.Language != "en" || len(a.Sentences) < 4 {
		t.Errorf("article metadata: site %q lang %q sentences %d", a.Site, a.Language, len(a.Sentences))
	}
	for _, junk := range []string{"Share on Facebook", "All rights reserved", "Sport"} {
		if strings.Contains(a.Text, junk) {
			t.Errorf("page furniture %q left in text", junk)
		}
	}
	for _, s := range a.Sentences {
		if s.Start < 0 || s.End > len(a.Text) || s.Start >= s.End {
			t.Fatalf("bad sentence span %d..%d", s.Start, s.End)
		}
	}

	_, errOut, code = cli(t, "", "show", "--db", db, "a0000000000000000")
	if code != exitNotFound || !strings.Contains(errOut, "not found") {
		t.Errorf("unknown id: exit %d, %q", code, errOut)
	}
}

func TestIngestStdin(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r.db")
	out, errOut, code := cli(t, dumpText, "ingest", "--db", db, "--json", "-")
	if code != 0 || !strings.Contains(out, `"stored": 1`) {
		t.Fatalf("stdin ingest: exit %d\n%s\n%s", code, out, errOut)
	}
}

func TestUsageErrors(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"ingest without paths", []string{"ingest"}, "at least one PATH"},
		{"unknown flag", []string{"articles", "--bogus"}, "unknown flag"},
		{"bad date", []string{"articles", "--since", "yesterday"}, "YYYY-MM-DD"},
		{"show without id", []string{"show"}, "takes 1 argument"},
		{"bad workers", []string{"ingest", "--workers", "-3", "x"}, "workers"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			args := append(tc.args, "--db", filepath.Join(t.TempDir(), "r.db"))
			_, errOut, code := cli(t, "", args...)
			if code != exitUsage {
				t.Errorf("exit %d, want %d", code, exitUsage)
			}
			if !strings.Contains(errOut, tc.want) {
				t.Errorf("stderr %q does not mention %q", errOut, tc.want)
			}
		})
	}
}

func TestConfigPrecedence(t *testing.T) {
	dir := t.TempDir()
	cfgFile := filepath.Join(dir, "c.json")
	os.WriteFile(cfgFile, []byte(`{"db":"from-file.db","workers":3}`), 0o644)
	env := map[string]string{"READOUT_DB": "from-env.db"}
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"config", "--config", cfgFile}, strings.NewReader(""), &out, &errb, func(k string) string { return env[k] })
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var got map[string]any
	json.Unmarshal(out.Bytes(), &got)
	if got["db"] != "from-env.db" || got["workers"] != float64(3) {
		t.Errorf("env must beat file, file must beat default: %v", got)
	}
	out.Reset()
	run(context.Background(), []string{"config", "--config", cfgFile, "--db", "flag.db"}, strings.NewReader(""), &out, &errb, func(k string) string { return env[k] })
	json.Unmarshal(out.Bytes(), &got)
	if got["db"] != "flag.db" {
		t.Errorf("flag must beat env: %v", got)
	}
}
