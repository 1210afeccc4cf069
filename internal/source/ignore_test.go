package source

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

func TestIgnoreFile(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		".readoutignore":        "# notes for people, not articles\nREADME.md\ngold/*.json\ndrafts/\n",
		"README.md":             "About this folder.",
		"a.txt":                 "An article about a harbour.",
		"gold/labels.json":      `{"x":1}`,
		"gold/keep.txt":         "Another article, kept.",
		"drafts/unfinished.txt": "Not ready.",
		"sub/README.md":         "Ignored at any depth.",
		"sub/b.txt":             "A third article.",
		"sub/.readoutignore":    "b.txt\n",
		"sub/c.txt":             "Kept.",
	}
	for name, body := range files {
		p := filepath.Join(root, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(body), 0o644)
	}
	for _, start := range []string{root, root + "/", "./" + filepath.Base(root)} {
		if start[0] == '.' {
			wd, _ := os.Getwd()
			os.Chdir(filepath.Dir(root))
			defer os.Chdir(wd)
		}
		var got []string
		Walk(context.Background(), []string{start}, nil, Options{}, func(it Item) error {
			rel, _ := filepath.Rel(root, filepath.Join(mustAbs(it.Doc.Origin)))
			got = append(got, filepath.ToSlash(rel))
			return nil
		})
		sort.Strings(got)
		want := []string{"a.txt", "gold/keep.txt", "sub/c.txt"}
		if len(got) != len(want) {
			t.Fatalf("walk from %q: got %v, want %v", start, got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("walk from %q: got %v, want %v", start, got, want)
			}
		}
	}
	// A file named explicitly is read even when ignored.
	n := 0
	Walk(context.Background(), []string{filepath.Join(root, "README.md")}, nil, Options{}, func(it Item) error {
		if it.Err == nil {
			n++
		}
		return nil
	})
	if n != 1 {
		t.Errorf("an explicitly named file must be read")
	}
}

func mustAbs(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	return a
}
