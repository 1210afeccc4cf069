package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/readout/readout/internal/news"
)

// Invented people and outlet; real countries and cities.
const harbourStory = `{"url":"https://fjord-herald.example/harbour","title":"Bergen harbour to reopen","published":"2025-05-06T08:00:00Z","source":"The Fjord Herald","text":"The harbour in Bergen will reopen to cruise ships next month after a year of repairs.\n\n\u201cThe new pier is finally ready for passengers,\u201d said Sigrun Aasheim, the port director.\n\nAasheim said the first ship from Denmark would arrive on the second of June."}
`

func TestQuotesCommand(t *testing.T) {
	in := writeFiles(t, map[string]string{"feed.jsonl": harbourStory})
	db := filepath.Join(t.TempDir(), "r.db")
	if out, errOut, code := cli(t, "", "ingest", "--db", db, "-q", in); code != 0 {
		t.Fatalf("ingest exit %d: %s %s", code, out, errOut)
	}

	out, errOut, code := cli(t, "", "quotes", "--db", db, "--json")
	if code != 0 {
		t.Fatalf("quotes exit %d: %s", code, errOut)
	}
	list := decodeJSON[[]news.QuoteSummary](t, "quotes --json", out)
	var direct, indirect *news.QuoteSummary
	for i, q := range list {
		switch q.Kind {
		case news.QuoteDirect:
			direct = &list[i]
		case news.QuoteIndirect:
			indirect = &list[i]
		}
	}
	if direct == nil || direct.Text != "The new pier is finally ready for passengers" ||
		direct.Speaker != "Sigrun Aasheim" || direct.ArticleTitle != "Bergen harbour to reopen" {
		t.Fatalf("direct quote in %+v", list)
	}
	if indirect == nil || !strings.Contains(indirect.Text, "first ship from Denmark") ||
		indirect.Speaker != "Sigrun Aasheim" {
		t.Fatalf("indirect statement in %+v", list)
	}

	// Filters and the table.
	out, errOut, code = cli(t, "", "quotes", "--db", db, "--speaker", "AASHEIM", "--kind", "direct", "--search", "pier ready")
	if code != 0 {
		t.Fatalf("quotes exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "ARTICLE") || !strings.Contains(lines[1], "Sigrun Aasheim") ||
		!strings.Contains(lines[1], "The new pier") || !strings.Contains(lines[1], "direct") {
		t.Fatalf("quotes table:\n%s", out)
	}
	if out, _, code := cli(t, "", "quotes", "--db", db, "--search", "volcano"); code != 0 || strings.TrimSpace(out) != "no quotes" {
		t.Fatalf("no match: exit %d, %q", code, out)
	}
	for _, args := range [][]string{{"--kind", "shouted"}, {"-n", "0"}, {"--offset", "-1"}, {"stray"}} {
		if _, errOut, code := cli(t, "", append([]string{"quotes", "--db", db}, args...)...); code != 2 || errOut == "" {
			t.Errorf("quotes %q: exit %d (%q), want usage error 2", args, code, errOut)
		}
	}

	// --no-quotes stores none.
	db2 := filepath.Join(t.TempDir(), "r2.db")
	if _, errOut, code := cli(t, "", "ingest", "--db", db2, "-q", "--no-quotes", in); code != 0 {
		t.Fatalf("ingest --no-quotes: %s", errOut)
	}
	if out, _, code := cli(t, "", "quotes", "--db", db2, "--json"); code != 0 || len(decodeJSON[[]news.QuoteSummary](t, "quotes", out)) != 0 {
		t.Fatalf("--no-quotes stored quotes: %s", out)
	}
}
