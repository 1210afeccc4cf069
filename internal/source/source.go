package source

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/readout/readout/internal/news"
)

// DefaultMaxBytes is the default limit on the size of one document.
const DefaultMaxBytes = 32 << 20

// Options tune reading. The zero value is ready to use.
type Options struct {
	// MaxBytes is the largest document accepted, in bytes: a whole file
	// for HTML and text, one line of JSON Lines, one JSON record, one WARC
	// record (and its decoded payload). Larger ones are rejected without
	// being read into memory. Zero means DefaultMaxBytes.
	MaxBytes int64
	// OnFile, if set, is called by Walk when it has finished with an input
	// path (a file, stdin, or a path that could not be read), in the order
	// visited. Count says how many calls to expect; use it for progress.
	OnFile func(path string)
}

func (o Options) withDefaults() Options {
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	return o
}

// Item is one document or one rejection.
type Item struct {
	// Doc is the document. When Err is set, only Doc.Origin is filled.
	Doc news.Document
	// Err, when non-nil, says that this input (file, record or line) was
	// rejected: a one-line reason starting with its origin. It is a
	// *news.Error of kind Invalid (bad content), NotFound (no such path) or
	// Unavailable (unreadable).
	Err error
	// Skipped marks an Err that is not a failure: the input was understood
	// but holds no document (a WARC request record, a non-HTML response).
	Skipped bool
}

// Walk expands paths (files, directories recursively in lexical order,
// glob patterns, "-" for stdin) and calls fn for every item, in a
// deterministic order: paths in the order given, files within a directory
// in lexical order, records in file order. A path named twice is read once.
//
// Hidden files and directories (".git") met while walking a directory are
// not visited, nor are those an IgnoreFile lists; a hidden file named
// explicitly is. Problems with the input
// become Items with Err set and the walk continues. Walk returns early only
// with the error fn returned or with ctx's error.
func Walk(ctx context.Context, paths []string, stdin io.Reader, opt Options, fn func(Item) error) error {
	opt = opt.withDefaults()
	return expand(paths, func(in input) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		err := visit(ctx, in, stdin, opt, fn)
		if err == nil && opt.OnFile != nil {
			opt.OnFile(in.path)
		}
		return err
	})
}

// Count returns how many input paths Walk will visit (files, stdin, and
// paths it will reject), without reading any file. Records inside files are
// not counted. The error is always nil today; it is there so that a future
// remote source can fail.
func Count(paths []string) (int, error) {
	n := 0
	err := expand(paths, func(input) error { n++; return nil })
	return n, err
}

// input is one unit Walk visits: a file to read, or a path problem.
type input struct {
	path    string
	err     error
	skipped bool
}

func visit(ctx context.Context, in input, stdin io.Reader, opt Options, fn func(Item) error) error {
	if in.err != nil {
		return fn(Item{Doc: news.Document{Origin: in.path}, Err: in.err, Skipped: in.skipped})
	}
	if in.path == "-" {
		if stdin == nil {
			return fn(reject("-", news.KindUnavailable, "no standard input"))
		}
		return Read(ctx, "-", stdin, opt, fn)
	}
	f, err := os.Open(in.path)
	if err != nil {
		return fn(pathError(in.path, err))
	}
	defer f.Close()
	r := &reader{ctx: ctx, origin: in.path, opt: opt, fn: fn, size: -1}
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		r.size = fi.Size()
	}
	return r.stream(f, 0)
}

// pathError turns an os error on path into a rejection.
func pathError(path string, err error) Item {
	kind := news.KindUnavailable
	msg := err.Error()
	var pe *fs.PathError
	if errors.As(err, &pe) {
		msg = pe.Err.Error()
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		kind, msg = news.KindNotFound, "no such file or directory"
	case errors.Is(err, fs.ErrPermission):
		msg = "permission denied"
	}
	return reject(path, kind, "%s", msg)
}

// expand calls visit for every input the paths name, in Walk's order.
func expand(paths []string, visit func(input) error) error {
	seen := make(map[string]bool)
	emit := func(in input) error {
		key := in.path
		if in.path != "-" {
			key = filepath.Clean(in.path)
		}
		if in.err == nil {
			if seen[key] {
				return nil
			}
			seen[key] = true
		}
		return visit(in)
	}
	for _, p := range paths {
		if err := expandOne(p, emit); err != nil {
			return err
		}
	}
	return nil
}

func expandOne(p string, emit func(input) error) error {
	if p == "-" {
		return emit(input{path: "-"})
	}
	if p == "" {
		return emit(input{path: `""`, err: reject(`""`, news.KindNotFound, "empty path").Err})
	}
	fi, err := os.Stat(p)
	if err != nil {
		if hasMeta(p) {
			return expandGlob(p, emit)
		}
		it := pathError(p, err)
		return emit(input{path: p, err: it.Err})
	}
	if fi.IsDir() {
		return walkDir(p, emit)
	}
	return emit(input{path: p})
}

func hasMeta(p string) bool { return strings.ContainsAny(p, `*?[`) }

func expandGlob(pattern string, emit func(input) error) error {
	matches, err := filepath.Glob(pattern)
	if err != nil {
		return emit(input{path: pattern, err: reject(pattern, news.KindInvalid, "bad glob pattern: %v", err).Err})
	}
	explicitHidden := strings.HasPrefix(filepath.Base(pattern), ".")
	n := 0
	for _, m := range matches { // filepath.Glob returns them sorted
		if isHidden(filepath.Base(m)) && !explicitHidden {
			continue
		}
		n++
		fi, err := os.Stat(m)
		if err != nil {
			if err := emit(input{path: m, err: pathError(m, err).Err}); err != nil {
				return err
			}
			continue
		}
		if fi.IsDir() {
			err = walkDir(m, emit)
		} else {
			err = emit(input{path: m})
		}
		if err != nil {
			return err
		}
	}
	if n == 0 {
		return emit(input{path: pattern, err: reject(pattern, news.KindNotFound, "no files match the pattern").Err})
	}
	return nil
}

func isHidden(name string) bool {
	return len(name) > 1 && name[0] == '.' && name != ".."
}

// walkDir emits the files under root in lexical order, skipping hidden
// entries below root. Symbolic links to files are followed; links to
// directories are not (they could loop).
func walkDir(root string, emit func(input) error) error {
	ig := ignores{}
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if path == root && d == nil {
				return emit(input{path: path, err: pathError(path, err).Err})
			}
			if e := emit(input{path: path, err: pathError(path, err).Err}); e != nil {
				return e
			}
			if d != nil && d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if path != root && (isHidden(d.Name()) || ig.match(root, path)) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			ig.load(path)
		}
		switch t := d.Type(); {
		case t.IsDir():
			return nil
		case t.IsRegular():
			return emit(input{path: path})
		case t&fs.ModeSymlink != 0:
			fi, err := os.Stat(path)
			switch {
			case err != nil:
				return emit(input{path: path, err: pathError(path, err).Err})
			case fi.IsDir():
				return emit(input{path: path, skipped: true,
					err: reject(path, news.KindInvalid, "symbolic link to a directory, not followed").Err})
			case fi.Mode().IsRegular():
				return emit(input{path: path})
			}
		}
		// Devices, sockets and pipes met while walking are not documents.
		return nil
	})
}

// reject builds a rejection Item for origin with a one-line reason.
func reject(origin string, kind news.Kind, format string, args ...any) Item {
	msg := oneLine(origin + ": " + fmt.Sprintf(format, args...))
	return Item{Doc: news.Document{Origin: origin}, Err: news.E("source", kind, msg)}
}

// skip builds a Skipped Item.
func skip(origin string, format string, args ...any) Item {
	it := reject(origin, news.KindInvalid, format, args...)
	it.Skipped = true
	return it
}

// oneLine replaces line breaks and control characters so that a message
// built from input bytes stays on one line, and caps its length.
func oneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	if len(s) > 300 {
		cut := 300
		for cut > 0 && s[cut]&0xc0 == 0x80 {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}
