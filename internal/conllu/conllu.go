// Package conllu reads and writes CoNLL-U, the Universal Dependencies file
// format: sentences of tab-separated word lines, with comment lines
// ("# sent_id = …", "# text = …"), multiword token ranges ("1-2") and empty
// nodes ("8.1").
//
// It parses the format faithfully and checks its shape (ten fields, valid
// IDs, numeric heads); it does not validate the UD annotation itself
// (tag sets, tree shape). Reading then writing a well-formed file gives the
// same bytes back, apart from line endings and blank-line runs.
//
//	r := conllu.NewReader(f)
//	for {
//		s, err := r.Next()
//		if err == io.EOF { break }
//		if err != nil { return err }
//		fmt.Println(s.Text(), len(s.Words))
//	}
package conllu

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Word is one syntactic word line (an integer ID). Underscore fields are
// kept as "_" except Head, which is -1 when the file has "_".
type Word struct {
	ID     int // 1-based position in the sentence
	Form   string
	Lemma  string
	UPOS   string
	XPOS   string
	Feats  string
	Head   int // 0 for the root, -1 when unspecified ("_")
	Deprel string
	Deps   string
	Misc   string
}

// Multiword is a multiword token line ("3-4 don't _ …"): the surface token
// that covers words First..Last. Only FORM and MISC are kept; the other
// fields of such lines are "_" in UD.
type Multiword struct {
	First, Last int
	Form        string
	Misc        string
}

// EmptyNode is an empty node line ("8.1"), used by enhanced dependencies. It
// comes after word After (0 = before the first word); Index is the part
// after the dot. Fields other than the ID are kept as written.
type EmptyNode struct {
	After, Index int
	Fields       [9]string // FORM … MISC
}

// Sentence is one CoNLL-U sentence.
type Sentence struct {
	// Comments are the comment lines without the leading '#' and one
	// following space, in order ("sent_id = x", "newdoc", "text = …").
	Comments   []string
	Words      []Word
	Multiwords []Multiword
	Empty      []EmptyNode
}

// Meta returns the value of a "# key = value" comment, or of a bare
// "# key" comment (value ""), and whether it is present.
func (s *Sentence) Meta(key string) (string, bool) {
	for _, c := range s.Comments {
		k, v, ok := strings.Cut(c, "=")
		if strings.TrimSpace(k) != key {
			continue
		}
		if !ok {
			return "", true
		}
		return strings.TrimSpace(v), true
	}
	return "", false
}

// Text returns the "# text" comment when present, otherwise the surface
// text rebuilt from the tokens and their SpaceAfter=No marks.
func (s *Sentence) Text() string {
	if t, ok := s.Meta("text"); ok {
		return t
	}
	var b strings.Builder
	for _, t := range s.Tokens() {
		b.WriteString(t.Form)
		if t.SpaceAfter {
			b.WriteByte(' ')
		}
	}
	return strings.TrimRight(b.String(), " ")
}

// Token is a surface token: a multiword token or a word not inside one.
type Token struct {
	Form        string
	First, Last int // the words it covers (First == Last for a plain word)
	SpaceAfter  bool
}

// Tokens returns the surface tokens of the sentence in order.
func (s *Sentence) Tokens() []Token {
	out := make([]Token, 0, len(s.Words))
	mw := 0
	for i := 0; i < len(s.Words); i++ {
		w := s.Words[i]
		if mw < len(s.Multiwords) && s.Multiwords[mw].First == w.ID {
			m := s.Multiwords[mw]
			mw++
			out = append(out, Token{Form: m.Form, First: m.First, Last: m.Last, SpaceAfter: SpaceAfter(m.Misc)})
			for i+1 < len(s.Words) && s.Words[i+1].ID <= m.Last {
				i++
			}
			continue
		}
		out = append(out, Token{Form: w.Form, First: w.ID, Last: w.ID, SpaceAfter: SpaceAfter(w.Misc)})
	}
	return out
}

// SpaceAfter reports whether a MISC field allows a space after the token
// (false only when it holds SpaceAfter=No).
func SpaceAfter(misc string) bool {
	for misc != "" {
		var f string
		f, misc, _ = strings.Cut(misc, "|")
		if f == "SpaceAfter=No" {
			return false
		}
	}
	return true
}

// Reader reads sentences one at a time.
type Reader struct {
	sc   *bufio.Scanner
	line int
}

// NewReader returns a Reader on r. Lines may be up to 1 MiB long.
func NewReader(r io.Reader) *Reader {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	return &Reader{sc: sc}
}

// Next returns the next sentence, or io.EOF after the last one. A syntax
// error names the line; the reader cannot continue after it.
func (r *Reader) Next() (Sentence, error) {
	var s Sentence
	started := false
	for r.sc.Scan() {
		r.line++
		line := strings.TrimSuffix(r.sc.Text(), "\r")
		if strings.TrimSpace(line) == "" {
			if started {
				return s, r.check(&s)
			}
			continue
		}
		started = true
		if line[0] == '#' {
			c := line[1:]
			c = strings.TrimPrefix(c, " ")
			s.Comments = append(s.Comments, c)
			continue
		}
		if err := s.parseLine(line); err != nil {
			return s, fmt.Errorf("conllu: line %d: %w", r.line, err)
		}
	}
	if err := r.sc.Err(); err != nil {
		return s, fmt.Errorf("conllu: line %d: %w", r.line+1, err)
	}
	if started {
		return s, r.check(&s)
	}
	return s, io.EOF
}

// check validates a finished sentence: multiword ranges must end within it.
func (r *Reader) check(s *Sentence) error {
	if n := len(s.Multiwords); n > 0 && s.Multiwords[n-1].Last > len(s.Words) {
		m := s.Multiwords[n-1]
		return fmt.Errorf("conllu: line %d: multiword %d-%d goes past the last word %d", r.line, m.First, m.Last, len(s.Words))
	}
	return nil
}

// Read reads all sentences from r.
func Read(r io.Reader) ([]Sentence, error) {
	rd := NewReader(r)
	var out []Sentence
	for {
		s, err := rd.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, s)
	}
}

var errFields = errors.New("want 10 tab-separated fields")

func (s *Sentence) parseLine(line string) error {
	var f [10]string
	rest := line
	for i := 0; i < 9; i++ {
		var ok bool
		f[i], rest, ok = strings.Cut(rest, "\t")
		if !ok {
			return errFields
		}
	}
	if strings.Contains(rest, "\t") {
		return errFields
	}
	f[9] = rest
	for i := range f {
		if f[i] == "" {
			return fmt.Errorf("field %d is empty", i+1)
		}
	}
	id := f[0]
	if a, b, ok := strings.Cut(id, "-"); ok {
		first, err1 := atoi(a)
		last, err2 := atoi(b)
		if err1 != nil || err2 != nil || first < 1 || last < first {
			return fmt.Errorf("bad multiword ID %q", id)
		}
		if first != len(s.Words)+1 || (len(s.Multiwords) > 0 && s.Multiwords[len(s.Multiwords)-1].Last >= first) {
			return fmt.Errorf("multiword ID %q out of order", id)
		}
		s.Multiwords = append(s.Multiwords, Multiword{First: first, Last: last, Form: f[1], Misc: f[9]})
		return nil
	}
	if a, b, ok := strings.Cut(id, "."); ok {
		after, err1 := atoi(a)
		idx, err2 := atoi(b)
		if err1 != nil || err2 != nil || idx < 1 || after != len(s.Words) {
			return fmt.Errorf("bad empty node ID %q", id)
		}
		var e EmptyNode
		e.After, e.Index = after, idx
		copy(e.Fields[:], f[1:])
		s.Empty = append(s.Empty, e)
		return nil
	}
	n, err := atoi(id)
	if err != nil || n != len(s.Words)+1 {
		return fmt.Errorf("bad word ID %q (want %d)", id, len(s.Words)+1)
	}
	head := -1
	if f[6] != "_" {
		head, err = atoi(f[6])
		if err != nil {
			return fmt.Errorf("bad head %q", f[6])
		}
	}
	s.Words = append(s.Words, Word{ID: n, Form: f[1], Lemma: f[2], UPOS: f[3], XPOS: f[4],
		Feats: f[5], Head: head, Deprel: f[7], Deps: f[8], Misc: f[9]})
	return nil
}

// atoi parses a non-negative decimal integer without sign or spaces.
func atoi(s string) (int, error) {
	if s == "" || len(s) > 9 {
		return 0, strconv.ErrSyntax
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, strconv.ErrSyntax
		}
		n = n*10 + int(c-'0')
	}
	return n, nil
}

// Write writes sentences in CoNLL-U, each followed by a blank line.
func Write(w io.Writer, sents []Sentence) error {
	bw := bufio.NewWriter(w)
	for i := range sents {
		if err := WriteSentence(bw, &sents[i]); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// WriteSentence writes one sentence and its terminating blank line. Empty
// fields are written as "_"; a Head of -1 as "_".
func WriteSentence(w io.Writer, s *Sentence) error {
	var b strings.Builder
	for _, c := range s.Comments {
		b.WriteString("# ")
		b.WriteString(c)
		b.WriteByte('\n')
	}
	mw, en := 0, 0
	writeEmpty := func(after int) {
		for en < len(s.Empty) && s.Empty[en].After <= after {
			e := s.Empty[en]
			en++
			b.WriteString(strconv.Itoa(e.After))
			b.WriteByte('.')
			b.WriteString(strconv.Itoa(e.Index))
			for _, f := range e.Fields {
				b.WriteByte('\t')
				b.WriteString(field(f))
			}
			b.WriteByte('\n')
		}
	}
	writeEmpty(0)
	for _, wd := range s.Words {
		for mw < len(s.Multiwords) && s.Multiwords[mw].First <= wd.ID {
			m := s.Multiwords[mw]
			mw++
			fmt.Fprintf(&b, "%d-%d\t%s\t_\t_\t_\t_\t_\t_\t_\t%s\n", m.First, m.Last, field(m.Form), field(m.Misc))
		}
		head := "_"
		if wd.Head >= 0 {
			head = strconv.Itoa(wd.Head)
		}
		b.WriteString(strconv.Itoa(wd.ID))
		for _, f := range [...]string{wd.Form, wd.Lemma, wd.UPOS, wd.XPOS, wd.Feats, head, wd.Deprel, wd.Deps, wd.Misc} {
			b.WriteByte('\t')
			b.WriteString(field(f))
		}
		b.WriteByte('\n')
		writeEmpty(wd.ID)
	}
	writeEmpty(1 << 30)
	b.WriteByte('\n')
	_, err := io.WriteString(w, b.String())
	return err
}

// field makes a value safe for one CoNLL-U field: "_" when empty, tabs and
// newlines replaced by spaces.
func field(s string) string {
	if s == "" {
		return "_"
	}
	if strings.ContainsAny(s, "\t\n\r") {
		s = strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(s)
	}
	return s
}
