package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/readout/readout/internal/news"
)

// Invented people and outlets; real countries and cities.
const quotaStory = `{"url":"https://fjord-herald.example/quotas","title":"Norway and Iceland agree on fishing quotas","published":"2025-05-06T08:00:00Z","source":"The Fjord Herald","text":"Norway and Iceland agreed on new herring quotas in Reykjavik on Tuesday after months of talks.\n\nFisheries Minister Halvard Brekke said the deal would protect coastal towns. Brekke added that talks with Denmark would follow next month.\n\nHe spoke to reporters after the signing."}
{"url":"https://fjord-herald.example/ferry","title":"Ferry link to Denmark reopens","published":"2025-06-02T08:00:00Z","source":"The Fjord Herald","text":"The ferry link between Norway and Denmark reopened on Friday after repairs to the pier in Kristiansand.\n\nFisheries Minister Halvard Brekke attended the ceremony with local officials.\n\nThe operator expects more freight this summer."}
`

func decodeJSON[T any](t *testing.T, what, s string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("%s: %v\n%s", what, err, s)
	}
	return v
}

func findEntity(list []news.EntitySummary, id string) *news.EntitySummary {
	for i := range list {
		if list[i].ID == id {
			return &list[i]
		}
	}
	return nil
}

func TestEntitiesCommands(t *testing.T) {
	in := writeFiles(t, map[string]string{"feed.jsonl": quotaStory})
	db := filepath.Join(t.TempDir(), "r.db")
	if out, errOut, code := cli(t, "", "ingest", "--db", db, "-q", "--no-syntax", in); code != 0 {
		t.Fatalf("ingest exit %d: %s %s", code, out, errOut)
	}

	out, errOut, code := cli(t, "", "entities", "--db", db, "--json")
	if code != 0 {
		t.Fatalf("entities exit %d: %s", code, errOut)
	}
	list := decodeJSON[[]news.EntitySummary](t, "entities --json", out)
	nor, dnk := findEntity(list, "country:NOR"), findEntity(list, "country:DNK")
	if nor == nil || nor.Articles != 2 || nor.Type != "country" || nor.Actor != "NOR" || dnk == nil || dnk.Articles != 2 {
		t.Fatalf("entities: %+v", list)
	}
	brekke := findEntity(list, "per:halvard-brekke")
	if brekke == nil || brekke.Articles != 2 || brekke.Mentions < 3 || brekke.Type != "person" {
		t.Fatalf("per:halvard-brekke in %+v", list)
	}
	for i := 1; i < len(list); i++ {
		if list[i].Articles > list[i-1].Articles {
			t.Fatalf("not ordered by articles: %+v", list)
		}
	}

	// Filters and the table.
	out, _, code = cli(t, "", "entities", "--db", db, "--type", "person", "brekke")
	if code != 0 || !strings.Contains(out, "per:halvard-brekke") || strings.Contains(out, "country:NOR") ||
		!strings.HasPrefix(out, "ID") || !strings.Contains(strings.SplitN(out, "\n", 2)[0], "TITLES") {
		t.Fatalf("entities --type person brekke (exit %d):\n%s", code, out)
	}
	out, _, code = cli(t, "", "entities", "--db", db, "--country", "dnk", "--json", "-n", "1")
	if l := decodeJSON[[]news.EntitySummary](t, "--country dnk", out); code != 0 || len(l) != 1 || l[0].ID != "country:DNK" {
		t.Fatalf("entities --country dnk: %+v", l)
	}
	out, _, code = cli(t, "", "entities", "--db", db, "nobody-by-this-name")
	if code != 0 || strings.TrimSpace(out) != "no entities" {
		t.Fatalf("no match (exit %d): %q", code, out)
	}

	// One entity.
	out, errOut, code = cli(t, "", "entity", "--db", db, "per:halvard-brekke", "--json")
	if code != 0 {
		t.Fatalf("entity exit %d: %s", code, errOut)
	}
	d := decodeJSON[news.EntityDetail](t, "entity --json", out)
	if d.Name != "Halvard Brekke" || len(d.Appearances) != 2 || !strings.Contains(strings.Join(d.Aliases, "|"), "Brekke") {
		t.Fatalf("entity: %+v", d)
	}
	if d.Appearances[0].Title != "Ferry link to Denmark reopens" {
		t.Fatalf("appearances not newest first: %+v", d.Appearances)
	}
	if len(d.Roles) == 0 || !strings.Contains(d.Roles[0].Evidence, "Halvard Brekke") ||
		d.Roles[0].Date != "2025-05-06" {
		t.Fatalf("roles: %+v", d.Roles)
	}
	out, _, code = cli(t, "", "entity", "--db", db, "per:halvard-brekke")
	for _, want := range []string{"Halvard Brekke  (per:halvard-brekke)", "type      person", "roles", "2025-05-06",
		"“", "Ferry link to Denmark reopens"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Fatalf("entity text output lacks %q (exit %d):\n%s", want, code, out)
		}
	}
}

func TestEntitiesCommandErrors(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r.db")
	cases := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"entity", "per:nobody"}, exitNotFound, `entity "per:nobody" not found`},
		{[]string{"entity"}, exitUsage, "takes 1 argument"},
		{[]string{"entities", "--country", "Norway"}, exitUsage, "alpha-3"},
		{[]string{"entities", "-n", "0"}, exitUsage, "--limit"},
		{[]string{"entities", "--offset", "-1"}, exitUsage, "--offset"},
	}
	for _, tc := range cases {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			_, errOut, code := cli(t, "", append(tc.args, "--db", db)...)
			if code != tc.code || !strings.Contains(errOut, tc.msg) || strings.Count(strings.TrimSpace(errOut), "\n") > 1 {
				t.Fatalf("exit %d, stderr %q; want exit %d mentioning %q", code, errOut, tc.code, tc.msg)
			}
		})
	}
	out, _, code := cli(t, "", "entities", "--db", db, "--json")
	if code != 0 || strings.TrimSpace(out) != "[]" {
		t.Fatalf("empty store: exit %d, %q", code, out)
	}
}

func TestIngestNoEntitiesThenReprocess(t *testing.T) {
	in := writeFiles(t, map[string]string{"feed.jsonl": quotaStory})
	db := filepath.Join(t.TempDir(), "r.db")
	if _, errOut, code := cli(t, "", "ingest", "--db", db, "-q", "--no-syntax", "--no-entities", in); code != 0 {
		t.Fatalf("ingest exit %d: %s", code, errOut)
	}
	out, _, _ := cli(t, "", "entities", "--db", db, "--json")
	if l := decodeJSON[[]news.EntitySummary](t, "entities", out); len(l) != 0 {
		t.Fatalf("--no-entities stored entities: %+v", l)
	}
	out, errOut, code := cli(t, "", "reprocess", "--db", db, "--json")
	if code != 0 {
		t.Fatalf("reprocess exit %d: %s", code, errOut)
	}
	if sum := decodeJSON[map[string]any](t, "reprocess", out); sum["updated"] != 2.0 {
		t.Fatalf("reprocess summary: %v", sum)
	}
	out, _, _ = cli(t, "", "entities", "--db", db, "--json", "--type", "country")
	if l := decodeJSON[[]news.EntitySummary](t, "entities", out); findEntity(l, "country:NOR") == nil {
		t.Fatalf("after reprocess: %+v", l)
	}
}
