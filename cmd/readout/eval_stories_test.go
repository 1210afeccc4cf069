package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEvalStories(t *testing.T) {
	dir := t.TempDir()
	gold := filepath.Join(dir, "gold.jsonl")
	text := "The Chilean trade minister Amalia Restrepo-Vik arrived in Oslo on Monday for talks on salmon exports, copper and shipping routes with Norwegian officials, her ministry said in a statement."
	os.WriteFile(gold, []byte(`{"id":"g1","site":"Kestrel Post","published":"2026-03-02T10:00:00Z","title":"Chilean minister in Oslo","text":"`+text+`","story":"A"}
{"id":"g2","site":"Cedar Gazette","published":"2026-03-02T12:00:00Z","title":"Restrepo-Vik visits Oslo","text":"`+text+`","story":"A","duplicate_of":"g1"}
{"id":"g3","site":"Cedar Gazette","published":"2026-03-03T12:00:00Z","title":"Storm closes Bergen harbour","text":"A winter storm closed the harbour in Bergen on Tuesday and ferries to the islands were cancelled until the wind drops.","story":"B"}
`), 0o644)
	out, errOut, code := cli(t, "", "eval", "stories", "--text-only", gold)
	if code != 0 || !strings.Contains(out, "articles 3") || !strings.Contains(out, "near-dups  P 1.000  R 1.000") ||
		!strings.Contains(out, "BCubed     P 1.000  R 1.000") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	out, errOut, code = cli(t, "", "eval", "stories", "--text-only", "--json", gold)
	if code != 0 || !strings.Contains(out, `"bcubed_f1": 1`) {
		t.Fatalf("json: exit %d\n%s\n%s", code, out, errOut)
	}
	os.WriteFile(gold, []byte(`{"id":"g1","text":"x"}`+"\n"), 0o644)
	_, errOut, code = cli(t, "", "eval", "stories", gold)
	if code != exitUsage || !strings.Contains(errOut, "line 1") {
		t.Errorf("a line without a story label must be a usage error naming the line: exit %d %q", code, errOut)
	}
}
