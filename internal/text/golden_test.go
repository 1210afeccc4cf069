package text

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// TestGolden tokenizes and splits a fictional article and compares the
// result, one sentence a line with tokens separated by " | ", with
// testdata/article.golden. Run with -update to accept a change.
func TestGolden(t *testing.T) {
	in, err := os.ReadFile(filepath.Join("testdata", "article.txt"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(in)
	ss := Sentences(s, nil)
	checkInvariants(t, s, ss)
	var b strings.Builder
	for _, x := range ss {
		for i, tk := range x.Tokens {
			if i > 0 {
				b.WriteString(" | ")
			}
			b.WriteString(tk.Text)
		}
		b.WriteByte('\n')
	}
	golden := filepath.Join("testdata", "article.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != string(want) {
		t.Errorf("output differs from %s (run go test -update to accept):\n%s", golden, got)
	}
}
