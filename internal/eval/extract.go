package eval

import (
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/readout/readout/internal/news"
)

// ExtractCase is one page of an extraction gold standard in the layout of
// trafilatura's evaluation set: evaldata.json maps the page URL to the file
// name under html/ (gzipped, in any subdirectory), snippets that must be in
// the extracted body ("with") and must not be ("without"), and optional
// gold metadata.
type ExtractCase struct {
	URL     string
	File    string // path of the page file
	With    []string
	Without []string
	Title   string
	Author  []string
	Date    string // YYYY-MM-DD
}

// Extracted is what an extractor returns for one page.
type Extracted struct {
	Text      string
	Title     string
	Authors   []string
	Published time.Time
}

// ExtractFunc extracts one page.
type ExtractFunc func(page []byte, url string) (Extracted, error)

// ExtractScores are the figures of one run.
type ExtractScores struct {
	Pages  int `json:"pages"`
	Errors int `json:"errors"` // pages the extractor failed on (scored as empty output)
	TP     int `json:"tp"`
	FN     int `json:"fn"`
	FP     int `json:"fp"`
	TN     int `json:"tn"`

	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	Accuracy  float64 `json:"accuracy"` // (TP+TN)/all snippets

	Title  MetaScore `json:"title"`
	Date   MetaScore `json:"date"`
	Author MetaScore `json:"author"`

	Seconds float64 `json:"seconds"`
}

// MetaScore is the accuracy of one metadata field over the pages whose gold
// value is not empty.
type MetaScore struct {
	Gold     int     `json:"gold"`
	Correct  int     `json:"correct"`
	Accuracy float64 `json:"accuracy"`
}

// LoadExtractionSet reads dir/evaldata.json and locates each page under
// dir/html (recursively, NAME or NAME.gz).
func LoadExtractionSet(dir string) ([]ExtractCase, error) {
	const op = "eval.LoadExtractionSet"
	b, err := os.ReadFile(filepath.Join(dir, "evaldata.json"))
	if err != nil {
		return nil, news.E(op, news.KindNotFound, err)
	}
	var raw map[string]struct {
		File    string          `json:"file"`
		With    []string        `json:"with"`
		Without []string        `json:"without"`
		Title   string          `json:"title"`
		Author  json.RawMessage `json:"author"`
		Date    string          `json:"date"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, news.E(op, news.KindInvalid, fmt.Errorf("evaldata.json: %w", err))
	}
	files := map[string]string{}
	root := filepath.Join(dir, "html")
	_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files[strings.TrimSuffix(d.Name(), ".gz")] = p
		}
		return nil
	})
	var out []ExtractCase
	for u, r := range raw {
		p, ok := files[r.File]
		if !ok {
			return nil, news.E(op, news.KindNotFound, fmt.Sprintf("page %s of %s not found under %s", r.File, u, root))
		}
		c := ExtractCase{URL: u, File: p, With: r.With, Without: r.Without, Title: r.Title, Date: r.Date}
		c.Author = parseAuthors(r.Author)
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].URL < out[j].URL })
	return out, nil
}

// parseAuthors accepts a string ("A; B") or a list of strings.
func parseAuthors(m json.RawMessage) []string {
	if len(m) == 0 {
		return nil
	}
	var s string
	var list []string
	if json.Unmarshal(m, &s) == nil {
		list = strings.Split(s, ";")
	} else if json.Unmarshal(m, &list) != nil {
		return nil
	}
	var out []string
	for _, a := range list {
		if a = strings.TrimSpace(a); a != "" {
			out = append(out, a)
		}
	}
	return out
}

// ReadPage reads a page file, gunzipping NAME.gz.
func ReadPage(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		defer zr.Close()
		r = zr
	}
	return io.ReadAll(r)
}

// ScoreExtraction runs fn over every case. progress, if not nil, is called
// after each page with the number done.
func ScoreExtraction(cases []ExtractCase, fn ExtractFunc, progress func(done int)) (ExtractScores, error) {
	var s ExtractScores
	if len(cases) == 0 {
		return s, news.E("eval.ScoreExtraction", news.KindInvalid, ErrNoCases)
	}
	start := time.Now()
	for i, c := range cases {
		page, err := ReadPage(c.File)
		if err != nil {
			return s, news.E("eval.ScoreExtraction", news.KindUnavailable, err)
		}
		ex, err := safeExtract(fn, page, c.URL)
		if err != nil {
			s.Errors++
			ex = Extracted{}
		}
		s.add(c, ex)
		if progress != nil {
			progress(i + 1)
		}
	}
	s.Seconds = time.Since(start).Seconds()
	s.finish()
	return s, nil
}

func safeExtract(fn ExtractFunc, page []byte, url string) (ex Extracted, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("extractor panicked: %v", r)
		}
	}()
	return fn(page, url)
}

func (s *ExtractScores) add(c ExtractCase, ex Extracted) {
	s.Pages++
	text := normSpace(ex.Text)
	for _, w := range c.With {
		if strings.Contains(text, normSpace(w)) {
			s.TP++
		} else {
			s.FN++
		}
	}
	for _, w := range c.Without {
		if strings.Contains(text, normSpace(w)) {
			s.FP++
		} else {
			s.TN++
		}
	}
	if g := normMeta(c.Title); g != "" {
		s.Title.Gold++
		if TitleMatch(c.Title, ex.Title) {
			s.Title.Correct++
		}
	}
	if g := strings.TrimSpace(c.Date); g != "" {
		s.Date.Gold++
		if DateMatch(g, ex.Published) {
			s.Date.Correct++
		}
	}
	if len(c.Author) > 0 {
		s.Author.Gold++
		if AuthorMatch(c.Author, ex.Authors) {
			s.Author.Correct++
		}
	}
}

func (s *ExtractScores) finish() {
	s.Precision = ratio(s.TP, s.TP+s.FP)
	s.Recall = ratio(s.TP, s.TP+s.FN)
	s.F1 = ratio(2*s.TP, 2*s.TP+s.FP+s.FN)
	s.Accuracy = ratio(s.TP+s.TN, s.TP+s.TN+s.FP+s.FN)
	for _, m := range []*MetaScore{&s.Title, &s.Date, &s.Author} {
		m.Accuracy = ratio(m.Correct, m.Gold)
	}
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// normSpace collapses every run of white space to one space (the
// snippet matching rule of the set).
func normSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// normMeta is the normal form metadata is compared in: NFKC, lower case,
// punctuation dropped, white space collapsed.
func normMeta(s string) string {
	s = norm.NFKC.String(s)
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		case unicode.Is(unicode.Cf, r):
			// soft hyphens, zero-width joiners: invisible, dropped
		default:
			b.WriteByte(' ')
		}
	}
	return normSpace(b.String())
}

// TitleMatch: the normalised titles are equal, or one contains the other
// (a site name appended to the title, or a kicker before it) and the
// shorter has at least three words or half the length of the longer.
func TitleMatch(gold, got string) bool {
	g, o := normMeta(gold), normMeta(got)
	if g == "" || o == "" {
		return false
	}
	if g == o {
		return true
	}
	short, long := g, o
	if len(short) > len(long) {
		short, long = long, short
	}
	return strings.Contains(long, short) && (2*len(short) >= len(long) || len(strings.Fields(short)) >= 3)
}

// DateMatch: the calendar day of the published time equals the gold day
// (YYYY-MM-DD; only the first 10 characters of the gold are read).
func DateMatch(gold string, got time.Time) bool {
	if got.IsZero() || len(gold) < 10 {
		return false
	}
	return got.Format("2006-01-02") == gold[:10]
}

// AuthorMatch: every gold name is found (normalised, as a substring) in
// the extracted bylines joined, or every word of the extracted bylines is
// a word of the gold names (so "A and B" matches bylines [A, B], and a
// byline without the gold's "PhD" still counts).
func AuthorMatch(gold, got []string) bool {
	o := normMeta(strings.Join(got, " "))
	if o == "" {
		return false
	}
	all := true
	for _, g := range gold {
		if !strings.Contains(o, normMeta(g)) {
			all = false
			break
		}
	}
	if all {
		return true
	}
	words := map[string]bool{}
	for _, w := range strings.Fields(normMeta(strings.Join(gold, " "))) {
		words[w] = true
	}
	for _, w := range strings.Fields(o) {
		if !words[w] {
			return false
		}
	}
	return true
}

// ErrNoCases is returned for an empty set.
var ErrNoCases = errors.New("no cases")
