package source

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/readout/readout/internal/news"
)

// tree writes files (path → content) under a temporary directory.
func tree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// walk runs Walk from inside dir and returns one line per item:
// "origin format" for documents, "origin ERR reason" for rejections.
func walk(t *testing.T, dir string, paths []string, stdin string, opt Options) []string {
	t.Helper()
	t.Chdir(dir)
	var out []string
	err := Walk(context.Background(), paths, strings.NewReader(stdin), opt, func(it Item) error {
		if it.Err != nil {
			checkErrForm(t, it)
			tag := "ERR"
			if it.Skipped {
				tag = "SKIP"
			}
			// Keep the part after the origin for the comparison.
			msg := it.Err.Error()
			if i := strings.Index(msg, it.Doc.Origin+": "); i >= 0 {
				msg = msg[i+len(it.Doc.Origin)+2:]
			}
			out = append(out, it.Doc.Origin+" "+tag+" "+msg)
			return nil
		}
		out = append(out, it.Doc.Origin+" "+string(it.Doc.Format))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestWalk(t *testing.T) {
	files := map[string]string{
		"news/b.html":          pageHTML,
		"news/a.txt":           pageText,
		"news/sub/c.jsonl":     string(jsonl(rec1, rec2)),
		"news/sub/d.json":      "[" + rec3 + "]",
		"news/.git/config":     "[core]\n",
		"news/.draft.html":     pageHTML,
		"news/logo.png":        "\x89PNG\r\n\x1a\n\x00\x00",
		"news/empty.txt":       "",
		"news/z/README.md":     "# Notes\n\nThe archive holds ferry stories.\n",
		"other/e.warc":         string(warcOf(t, false, func(w *WARCWriter) error { return w.WriteResponse(ferryURL, captured, "text/html", []byte(pageHTML)) })),
		"other/.hidden.txt":    pageText,
		"other/f.html.gz":      string(gz([]byte(pageHTML))),
		"other/g.jsonl.gz":     string(gz(jsonl(rec1))),
		"other/nested/h.jsonl": string(jsonl("{not json", rec2)),
	}
	dir := tree(t, files)
	tests := []struct {
		name  string
		paths []string
		stdin string
		want  []string
	}{
		{"directory", []string{"news"}, "", []string{
			"news/a.txt text",
			"news/b.html html",
			"news/empty.txt ERR empty input",
			"news/logo.png ERR PNG image, not a document",
			"news/sub/c.jsonl#line 1 text",
			"news/sub/c.jsonl#line 2 text",
			"news/sub/d.json#record 1 html",
			"news/z/README.md text",
		}},
		{"files, glob, stdin, dedup", []string{"other/e.warc", "other/*.gz", "-", "other/e.warc", "other/.hidden.txt"}, pageText, []string{
			"other/e.warc#record 1 html",
			"other/f.html.gz html",
			"other/g.jsonl.gz text",
			"- text",
			"other/.hidden.txt text",
		}},
		{"missing paths", []string{"nope.txt", "other/*.pdf", "other/[", ""}, "", []string{
			"nope.txt ERR no such file or directory",
			"other/*.pdf ERR no files match the pattern",
			"other/[ ERR bad glob pattern: syntax error in pattern",
			`"" ERR empty path`,
		}},
		{"glob over directories", []string{"*/nested"}, "", []string{
			"other/nested/h.jsonl#line 1 ERR not valid JSON: invalid character 'n' looking for beginning of object key string",
			"other/nested/h.jsonl#line 2 text",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var visited []string
			opt := Options{OnFile: func(p string) { visited = append(visited, p) }}
			got := walk(t, dir, tc.paths, tc.stdin, opt)
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			n, err := Count(tc.paths)
			if err != nil || n != len(visited) {
				t.Errorf("Count = %d, %v; Walk visited %d paths: %v", n, err, len(visited), visited)
			}
			// Deterministic: a second walk gives the same items.
			if again := walk(t, dir, tc.paths, tc.stdin, Options{}); strings.Join(again, "\n") != strings.Join(got, "\n") {
				t.Error("second walk differs")
			}
		})
	}
}

func TestWalkFileLargerThanLimit(t *testing.T) {
	dir := tree(t, map[string]string{"big.html": pageHTML, "ok.jsonl": string(jsonl(rec1, rec2))})
	got := walk(t, dir, []string{"."}, "", Options{MaxBytes: 250})
	want := []string{
		"big.html ERR " + strconv.Itoa(len(pageHTML)) + " bytes is larger than the 250 bytes limit",
		"ok.jsonl#line 1 text",
		"ok.jsonl#line 2 text",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestWalkSymlinksAndPermissions(t *testing.T) {
	dir := tree(t, map[string]string{"real/a.txt": pageText, "locked/b.txt": pageText, "secret.txt": pageText})
	if err := os.Symlink(filepath.Join(dir, "real"), filepath.Join(dir, "links")); err != nil {
		t.Skip("symlinks not supported:", err)
	}
	os.Mkdir(filepath.Join(dir, "top"), 0o755)
	os.Symlink(filepath.Join(dir, "real", "a.txt"), filepath.Join(dir, "top", "file-link.txt"))
	os.Symlink(filepath.Join(dir, "real"), filepath.Join(dir, "top", "dir-link"))
	os.Symlink(filepath.Join(dir, "missing"), filepath.Join(dir, "top", "broken"))
	got := walk(t, dir, []string{"top"}, "", Options{})
	want := []string{
		"top/broken ERR no such file or directory",
		"top/dir-link SKIP symbolic link to a directory, not followed",
		"top/file-link.txt text",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	if os.Geteuid() == 0 {
		t.Log("running as root: permission checks are not enforced, skipping that part")
		return
	}
	os.Chmod(filepath.Join(dir, "secret.txt"), 0)
	os.Chmod(filepath.Join(dir, "locked"), 0)
	defer os.Chmod(filepath.Join(dir, "locked"), 0o755)
	got = walk(t, dir, []string{"secret.txt", "locked"}, "", Options{})
	want = []string{"secret.txt ERR permission denied", "locked ERR permission denied"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestPathError(t *testing.T) {
	tests := []struct {
		err  error
		kind news.Kind
		msg  string
	}{
		{&fs.PathError{Op: "open", Path: "x", Err: fs.ErrPermission}, news.KindUnavailable, "source: x: permission denied"},
		{&fs.PathError{Op: "open", Path: "x", Err: fs.ErrNotExist}, news.KindNotFound, "source: x: no such file or directory"},
		{&fs.PathError{Op: "read", Path: "x", Err: errors.New("input/output error")}, news.KindUnavailable, "source: x: input/output error"},
	}
	for _, tc := range tests {
		it := pathError("x", tc.err)
		if news.KindOf(it.Err) != tc.kind || it.Err.Error() != tc.msg || it.Doc.Origin != "x" {
			t.Errorf("pathError(%v) = %v (kind %v)", tc.err, it.Err, news.KindOf(it.Err))
		}
	}
}

func TestWalkStops(t *testing.T) {
	dir := tree(t, map[string]string{"a.txt": pageText, "b.txt": pageText})
	t.Chdir(dir)
	stop := errors.New("stop")
	n := 0
	err := Walk(context.Background(), []string{"."}, nil, Options{}, func(Item) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("Walk = %v after %d items, want stop after 1", err, n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err = Walk(ctx, []string{"."}, nil, Options{}, func(Item) error { return nil })
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Walk = %v, want context.Canceled", err)
	}
	// No stdin given: "-" is a rejection, not a failure.
	var items []Item
	Walk(context.Background(), []string{"-"}, nil, Options{}, func(it Item) error { items = append(items, it); return nil })
	if len(items) != 1 || items[0].Err == nil || news.KindOf(items[0].Err) != news.KindUnavailable {
		t.Errorf("items = %+v", items)
	}
}
