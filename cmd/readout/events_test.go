package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/store/sqlite"
	"github.com/readout/readout/internal/store/storetest"
)

// fisheriesCorpus is invented: the outlets, ministers and talks do not
// exist; the countries and cities do. The fourth article is an exact copy
// of the first from another outlet.
const fisheriesCorpus = `{"url":"https://harbour-gazette.example/talks","title":"Norway and Sweden hold fisheries talks in Oslo","published":"2025-05-06T08:00:00Z","source":"The Harbour Gazette","text":"Swedish Foreign Minister Ada Lindqvist met Norwegian Foreign Minister Henrik Dahl in Oslo on Monday to discuss fishing quotas in the Skagerrak.\n\nThe two ministers agreed to set up a joint commission on quotas, according to a statement from the Norwegian foreign ministry.\n\nFishermen in Bergen protested outside the parliament on Sunday against the planned cuts."}
{"url":"https://northern-ledger.example/quotas","title":"Ministers agree on joint fisheries commission","published":"2025-05-06T15:00:00Z","source":"Northern Ledger","text":"Norway and Sweden agreed on Monday to create a joint commission on fishing quotas after Ada Lindqvist met Henrik Dahl in Oslo.\n\nLindqvist said the commission would meet every three months.\n\nSweden had accused Norway of ignoring scientific advice on cod stocks in the Skagerrak."}
{"url":"https://valley-post.example/rally","title":"Farmers rally in Lyon against water tariff","published":"2025-05-10T09:00:00Z","source":"Valley Post","text":"Thousands of farmers protested in Lyon on Saturday against a new water tariff.\n\nPolice arrested twelve protesters near the prefecture, the regional authorities said."}
{"url":"https://mirror-news.example/talks-copy","title":"Norway and Sweden hold fisheries talks in Oslo","published":"2025-05-06T09:00:00Z","source":"Mirror News","text":"Swedish Foreign Minister Ada Lindqvist met Norwegian Foreign Minister Henrik Dahl in Oslo on Monday to discuss fishing quotas in the Skagerrak.\n\nThe two ministers agreed to set up a joint commission on quotas, according to a statement from the Norwegian foreign ministry.\n\nFishermen in Bergen protested outside the parliament on Sunday against the planned cuts."}
`

// ingestFisheries ingests the corpus into a new database and returns its
// path.
func ingestFisheries(t *testing.T) string {
	t.Helper()
	in := writeFiles(t, map[string]string{"feed.jsonl": fisheriesCorpus})
	db := filepath.Join(t.TempDir(), "r.db")
	if out, errOut, code := cli(t, "", "ingest", "--db", db, "-q", in); code != 0 {
		t.Fatalf("ingest exit %d: %s %s", code, out, errOut)
	}
	return db
}

func runOK(t *testing.T, args ...string) string {
	t.Helper()
	out, errOut, code := cli(t, "", args...)
	if code != 0 {
		t.Fatalf("readout %q: exit %d: %s", args, code, errOut)
	}
	return out
}

func TestEventsCommand(t *testing.T) {
	db := ingestFisheries(t)

	list := decodeJSON[[]news.EventSummary](t, "events --json", runOK(t, "events", "--db", db, "--json"))
	var consult, accuse *news.EventSummary
	for i, e := range list {
		if e.Site == "Mirror News" {
			t.Fatalf("event of the duplicate article listed: %+v", e)
		}
		switch {
		case e.Type == news.EventConsult && e.Site == "The Harbour Gazette":
			consult = &list[i]
		case e.Type == news.EventAccuse:
			accuse = &list[i]
		}
	}
	if consult == nil || consult.Trigger.Text != "met" || len(consult.Actors) == 0 ||
		consult.Actors[0].EntityID != "per:ada-lindqvist" || !strings.HasPrefix(consult.SentenceText, "Swedish Foreign Minister") {
		t.Fatalf("CONSULT of the Gazette in %+v", list)
	}
	if accuse == nil || accuse.SentenceText != "Sweden had accused Norway of ignoring scientific advice on cod stocks in the Skagerrak." {
		t.Fatalf("ACCUSE in %+v", list)
	}
	if consult.StoryEventID == "" {
		t.Fatalf("events of an ingested story have no StoryEventID: %+v", consult)
	}
	for i := 1; i < len(list); i++ {
		if eventDate(&list[i]).After(eventDate(&list[i-1])) {
			t.Fatalf("not newest first: %s after %s", list[i].ID, list[i-1].ID)
		}
	}

	// Filters.
	got := decodeJSON[[]news.EventSummary](t, "events", runOK(t, "events", "--db", db, "--json",
		"--actor", "per:ada-lindqvist", "--type", "consult"))
	if len(got) == 0 {
		t.Fatal("no CONSULT by per:ada-lindqvist")
	}
	for _, e := range got {
		if e.Type != news.EventConsult {
			t.Fatalf("--type consult listed %s", e.Type)
		}
	}
	got = decodeJSON[[]news.EventSummary](t, "events", runOK(t, "events", "--db", db, "--json", "--actor", "FARMERS"))
	if len(got) != 1 || got[0].Site != "Valley Post" {
		t.Fatalf("--actor FARMERS: %+v", got)
	}
	got = decodeJSON[[]news.EventSummary](t, "events", runOK(t, "events", "--db", db, "--json", "--country", "NOR", "--recipient", "NOR"))
	if len(got) == 0 {
		t.Fatal("--country NOR --recipient NOR listed nothing")
	}
	for _, e := range got {
		if len(e.Recipients) == 0 || !strings.HasPrefix(e.Recipients[0].Code, "NOR") {
			t.Fatalf("--recipient NOR listed %+v", e)
		}
	}
	got = decodeJSON[[]news.EventSummary](t, "events", runOK(t, "events", "--db", db, "--json", "--article", accuse.ArticleID,
		"--since", "2025-05-06", "--until", "2025-05-07"))
	if len(got) == 0 {
		t.Fatal("--article with a date range listed nothing")
	}
	for _, e := range got {
		if e.ArticleID != accuse.ArticleID {
			t.Fatalf("--article listed %s", e.ArticleID)
		}
	}

	// The table.
	out := runOK(t, "events", "--db", db, "--type", "ACCUSE")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "DATE") || !strings.Contains(lines[1], "ACCUSE") ||
		!strings.Contains(lines[1], "Sweden (SWE) → Norway (NOR)") || !strings.Contains(lines[1], accuse.ArticleID) {
		t.Fatalf("table:\n%s", out)
	}
	if out := runOK(t, "events", "--db", db, "--type", "ASSAULT", "--country", "NOR"); strings.TrimSpace(out) != "no events" {
		t.Fatalf("no match: %q", out)
	}

	// CSV: RFC 4180, one header row, one row per event.
	out = runOK(t, "events", "--db", db, "--format", "csv", "--all")
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("csv: %v\n%s", err, out)
	}
	if len(recs) != len(list)+1 || strings.Join(recs[0], ",") != strings.Join(exportHeader, ",") {
		t.Fatalf("csv has %d records for %d events; header %q", len(recs), len(list), recs[0])
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	var acc []string
	for _, r := range recs[1:] {
		if r[col["GLOBALEVENTID"]] == accuse.ID {
			acc = r
		}
	}
	if acc == nil || acc[col["EventType"]] != "ACCUSE" || acc[col["Actor1Name"]] != "Sweden" ||
		acc[col["Actor1CountryCode"]] != "SWE" || acc[col["Actor2Code"]] != "NOR" || acc[col["SQLDATE"]] != "20250506" ||
		acc[col["DatePrecision"]] != "article" || acc[col["EventCode"]] != accuse.CAMEO ||
		acc[col["SOURCEURL"]] != "https://northern-ledger.example/quotas" || acc[col["SentenceText"]] != accuse.SentenceText {
		t.Fatalf("csv row of %s: %q", accuse.ID, acc)
	}

	// TSV: same columns, one line per event.
	out = runOK(t, "events", "--db", db, "--format", "tsv", "--all")
	tl := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(tl) != len(list)+1 || tl[0] != strings.Join(exportHeader, "\t") {
		t.Fatalf("tsv:\n%s", out)
	}
	for _, l := range tl {
		if n := strings.Count(l, "\t"); n != len(exportHeader)-1 {
			t.Fatalf("tsv line with %d tabs: %q", n, l)
		}
	}
	if !strings.Contains(out, accuse.ID+"\t20250506\t") {
		t.Fatalf("tsv lacks the ACCUSE row:\n%s", out)
	}

	// JSONL: one event per line, --all pages through.
	out = runOK(t, "events", "--db", db, "--format", "jsonl", "--all")
	jl := strings.Split(strings.TrimSpace(out), "\n")
	if len(jl) != len(list) {
		t.Fatalf("jsonl has %d lines for %d events", len(jl), len(list))
	}
	var first news.EventSummary
	if err := json.Unmarshal([]byte(jl[0]), &first); err != nil || first.ID != list[0].ID {
		t.Fatalf("jsonl line 1 = %s (%v), want %s", jl[0], err, list[0].ID)
	}

	// Bad flags are usage errors naming the valid values.
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--type", "dance"}, "CONSULT"},
		{[]string{"--status", "rumoured"}, "occurred"},
		{[]string{"--format", "xml"}, "tsv"},
		{[]string{"--since", "May 5"}, "YYYY-MM-DD"},
		{[]string{"-n", "0"}, "limit"},
		{[]string{"--offset", "-1"}, "offset"},
		{[]string{"--json", "--format", "csv"}, "choose one"},
		{[]string{"stray"}, ""},
	} {
		_, errOut, code := cli(t, "", append([]string{"events", "--db", db}, tc.args...)...)
		if code != 2 || !strings.Contains(errOut, tc.want) {
			t.Errorf("events %q: exit %d (%q), want usage error 2 mentioning %q", tc.args, code, errOut, tc.want)
		}
	}
}

// TestEventsExportPaging: --all gives every event exactly once, in order,
// however small the pages and however many events share a date.
func TestEventsExportPaging(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r.db")
	st, err := sqlite.Open(context.Background(), db, nil)
	if err != nil {
		t.Fatal(err)
	}
	base := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	var want []string
	for i := range 7 {
		a := storetest.Article(fmt.Sprintf("https://tide-times.example/%d", i), fmt.Sprintf("Report %d", i),
			fmt.Sprintf("Delegates met in Tromsø. Officials met in Narvik\tfor round %d. Then they left.", i))
		a.Site = "Tide Times"
		a.Published = base.Add(time.Duration(i/3) * time.Hour) // three articles share each hour
		a.Events = []news.Event{storetest.Event(a, news.EventConsult, "met", news.StatusOccurred),
			storetest.Event(a, news.EventConsult, "met in Narvik", news.StatusOccurred)}
		if i == 6 {
			a.Published = time.Time{} // no date: the ingest time orders it
		}
		if _, err := st.PutArticle(context.Background(), a, nil); err != nil {
			t.Fatal(err)
		}
	}
	all, err := st.Events(context.Background(), news.EventFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range all {
		want = append(want, e.ID)
	}
	st.Close()
	if len(want) != 14 {
		t.Fatalf("stored %d events", len(want))
	}

	defer func(n int) { exportPage = n }(exportPage)
	for _, page := range []int{1, 2, 3, 5, 1000} {
		exportPage = page
		out := runOK(t, "events", "--db", db, "--format", "jsonl", "--all")
		var got []string
		for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
			var e news.EventSummary
			if err := json.Unmarshal([]byte(l), &e); err != nil {
				t.Fatal(err)
			}
			got = append(got, e.ID)
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Fatalf("page %d: --all gave\n %q\nwant\n %q", page, got, want)
		}
		// With an offset and a filter.
		out = runOK(t, "events", "--db", db, "--format", "tsv", "--all", "--offset", "3", "--since", "2025-06-01")
		if n := strings.Count(out, "\n"); n != 1+14-3 {
			t.Fatalf("page %d: --offset 3 gave %d lines:\n%s", page, n, out)
		}
	}
	// TSV keeps the tab of the sentence inside its field.
	out := runOK(t, "events", "--db", db, "--format", "tsv", "--all")
	if !strings.Contains(out, "\tOfficials met in Narvik\\tfor round 3.\n") {
		t.Fatalf("tab not escaped:\n%s", out)
	}
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if n := strings.Count(l, "\t"); n != len(exportHeader)-1 {
			t.Fatalf("tsv line with %d tabs: %q", n, l)
		}
	}
	// CSV quotes what needs quoting and reads back exactly.
	out = runOK(t, "events", "--db", db, "--format", "csv", "--all")
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(recs) != 15 {
		t.Fatalf("csv: %d records, %v", len(recs), err)
	}
	if s := recs[2][len(exportHeader)-1]; !strings.HasPrefix(s, "Officials met in Narvik\tfor round") {
		t.Fatalf("csv sentence = %q", s)
	}
}

func TestWriteTSVEscapes(t *testing.T) {
	var b bytes.Buffer
	if err := writeTSV(&b, []string{"a\tb", "line\nbreak\r", `back\slash`, ""}); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), "a\\tb\tline\\nbreak\\r\tback\\\\slash\t\n"; got != want {
		t.Fatalf("writeTSV = %q, want %q", got, want)
	}
}
