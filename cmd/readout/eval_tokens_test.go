package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const tokensGold = `# newdoc id = t1
# text = Talks resumed on Monday.
1	Talks	_	_	_	_	0	_	_	_
2	resumed	_	_	_	_	0	_	_	_
3	on	_	_	_	_	0	_	_	_
4	Monday	_	_	_	_	0	_	_	SpaceAfter=No
5	.	_	_	_	_	0	_	_	_

# text = They didn't agree.
1	They	_	_	_	_	0	_	_	_
2-3	didn't	_	_	_	_	_	_	_	_
2	did	_	_	_	_	0	_	_	_
3	n't	_	_	_	_	0	_	_	_
4	agree	_	_	_	_	0	_	_	SpaceAfter=No
5	.	_	_	_	_	0	_	_	_

`

func TestEvalTokens(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gold.conllu")
	if err := os.WriteFile(path, []byte(tokensGold), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errs, code := cli(t, "", "eval", "tokens", "--json", path)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var res struct {
		Words, Tokens, Sentences struct {
			Gold int     `json:"gold"`
			F1   float64 `json:"f1"`
		}
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if res.Words.Gold != 10 || res.Tokens.Gold != 9 || res.Sentences.Gold != 2 || res.Words.F1 != 1 || res.Sentences.F1 != 1 {
		t.Errorf("scores: %+v", res)
	}
	out, _, code = cli(t, "", "eval", "tokens", path)
	if code != 0 || !strings.Contains(out, "sentences") {
		t.Errorf("text output (exit %d): %s", code, out)
	}
}

func TestEvalTokensBadInput(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.conllu")
	os.WriteFile(bad, []byte("1\tonly three\tfields\n"), 0o644)
	for name, args := range map[string][]string{
		"missing file": {"eval", "tokens", filepath.Join(t.TempDir(), "none.conllu")},
		"malformed":    {"eval", "tokens", bad},
		"no argument":  {"eval", "tokens"},
	} {
		_, errs, code := cli(t, "", args...)
		if code != exitUsage || strings.Count(strings.TrimSpace(errs), "\n") > 1 || errs == "" {
			t.Errorf("%s: exit %d, stderr %q", name, code, errs)
		}
	}
}
