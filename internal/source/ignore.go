package source

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
)

// IgnoreFile is the name of the per-directory file listing what a directory
// walk passes over: one glob pattern a line (filepath.Match syntax), "#"
// comments. A pattern without "/" matches a file or directory name at any
// depth below the ignore file; one with "/" matches the path relative to
// it. Files named on the command line are read whatever the ignore files
// say.
const IgnoreFile = ".readoutignore"

// ignores holds the patterns of the ignore files met so far in one walk.
type ignores map[string][]string // directory → patterns

// load reads dir's ignore file, if any.
func (ig ignores) load(dir string) {
	f, err := os.Open(filepath.Join(dir, IgnoreFile))
	if err != nil {
		return
	}
	defer f.Close()
	var pats []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if _, err := filepath.Match(line, ""); err != nil {
			continue // a malformed pattern ignores nothing
		}
		pats = append(pats, strings.TrimSuffix(line, "/"))
	}
	if len(pats) > 0 {
		ig[filepath.Clean(dir)] = pats
	}
}

// match reports whether path is ignored by an ignore file in one of its
// ancestor directories up to root.
func (ig ignores) match(root, path string) bool {
	if len(ig) == 0 {
		return false
	}
	root, path = filepath.Clean(root), filepath.Clean(path)
	name := filepath.Base(path)
	for dir := filepath.Dir(path); ; dir = filepath.Dir(dir) {
		for _, p := range ig[dir] {
			if strings.Contains(p, "/") {
				rel, err := filepath.Rel(dir, path)
				if err == nil {
					if ok, _ := filepath.Match(p, filepath.ToSlash(rel)); ok {
						return true
					}
				}
			} else if ok, _ := filepath.Match(p, name); ok {
				return true
			}
		}
		if dir == root || dir == filepath.Dir(dir) || !strings.HasPrefix(dir, root) {
			return false
		}
	}
}
