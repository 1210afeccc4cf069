package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEvalEvents(t *testing.T) {
	dir := t.TempDir()
	gold := filepath.Join(dir, "gold.jsonl")
	os.WriteFile(gold, []byte(`{"id":"g1","text":"The Chilean foreign minister visited Oslo on Monday.","published":"2026-03-04","events":[{"type":"CONSULT","mode":"visit","status":"occurred"}]}
{"id":"g2","text":"The weather in Bergen was mild all week.","events":[]}
`), 0o644)
	out, errOut, code := cli(t, "", "eval", "events", gold)
	if code != 0 || !strings.Contains(out, "items 2") || !strings.Contains(out, "CONSULT") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	classes := filepath.Join(dir, "classes.tsv")
	os.WriteFile(classes, []byte("Rebels shelled the northern district overnight, killing four civilians.\t4\nThe committee will publish its report in May.\t0\n"), 0o644)
	out, errOut, code = cli(t, "", "eval", "events", "--classes", "--json", classes)
	if code != 0 || !strings.Contains(out, `"sentences": 2`) {
		t.Fatalf("classes: exit %d\n%s\n%s", code, out, errOut)
	}
	bio := filepath.Join(dir, "actors.txt")
	os.WriteFile(bio, []byte("Kenyan B-S\npolice I-S\ndetained O\nsix B-T\nactivists I-T\n. O\n"), 0o644)
	out, errOut, code = cli(t, "", "eval", "events", "--conflibert", bio)
	if code != 0 || !strings.Contains(out, "source") || !strings.Contains(out, "sentences 1") {
		t.Fatalf("conflibert: exit %d\n%s\n%s", code, out, errOut)
	}
	os.WriteFile(bio, []byte("Kenyan B-S\npolice\n"), 0o644)
	_, errOut, code = cli(t, "", "eval", "events", "--conflibert", bio)
	if code != exitUsage || !strings.Contains(errOut, "line 2") {
		t.Errorf("a malformed BIO line must be a usage error naming the line: exit %d %q", code, errOut)
	}
	os.WriteFile(classes, []byte("no tab here\n"), 0o644)
	_, errOut, code = cli(t, "", "eval", "events", "--classes", classes)
	if code != exitUsage || !strings.Contains(errOut, "line 1") {
		t.Errorf("a malformed line must be a usage error naming the line: exit %d %q", code, errOut)
	}
}
