package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func TestKBCommands(t *testing.T) {
	out, errs, code := cli(t, "", "kb", "lookup", "U.S.")
	if code != 0 || !strings.Contains(out, "country:USA") {
		t.Fatalf("kb lookup U.S.: code %d\n%s%s", code, out, errs)
	}
	out, _, code = cli(t, "", "kb", "lookup", "Israeli", "--json")
	var hits []struct {
		Via    string `json:"via"`
		Entity struct {
			ID string `json:"id"`
		} `json:"entity"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &hits) != nil || len(hits) != 1 || hits[0].Via != "demonym" || hits[0].Entity.ID != "country:ISR" {
		t.Fatalf("kb lookup Israeli --json: code %d %v\n%s", code, hits, out)
	}
	out, _, code = cli(t, "", "kb", "list", "--type", "media")
	if code != 0 || !strings.Contains(out, "media:jerusalem-post") || strings.Contains(out, "country:USA") {
		t.Fatalf("kb list --type media: code %d\n%s", code, out)
	}
	if _, _, code = cli(t, "", "kb", "list", "--type", "planet"); code == 0 {
		t.Error("kb list --type planet succeeded")
	}
	out, _, code = cli(t, "", "kb", "match", "Egypt's foreign ministry told the U.S. State Department", "--json")
	var ms []struct{ Text, ID string }
	if code != 0 || json.Unmarshal([]byte(out), &ms) != nil || len(ms) != 2 || ms[0].Text != "Egypt's foreign ministry" || ms[1].ID != "body:USA-STATE-DEPT" {
		t.Fatalf("kb match: code %d %+v\n%s", code, ms, out)
	}
	// a user file overrides the embedded data
	dir := writeFiles(t, map[string]string{"extra.json": `{"entities": [{"id": "group:NORTHERN-FRONT", "name": "Northern Front", "aliases": ["NF"], "country": "PSE", "sector": "REB"}]}`,
		"bad.json": `{"entities": [{"id": "group:X"}]}`})
	out, _, code = cli(t, "", "kb", "lookup", "NF", "--kb", filepath.Join(dir, "extra.json"))
	if code != 0 || !strings.Contains(out, "group:NORTHERN-FRONT") {
		t.Fatalf("kb lookup with --kb: code %d\n%s", code, out)
	}
	_, errs, code = cli(t, "", "kb", "lookup", "NF", "--kb", filepath.Join(dir, "bad.json"))
	if code == 0 || !strings.Contains(errs, "name is empty") {
		t.Fatalf("bad --kb file: code %d\n%s", code, errs)
	}
	if _, _, code = cli(t, "", "kb", "lookup", "NF", "--kb", filepath.Join(dir, "missing.json")); code == 0 {
		t.Error("missing --kb file succeeded")
	}
}
