package ner

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/readout/readout/internal/news"
)

// Line is one line of a CoNLL column file: a token line has Fields (first
// = token, last = tag when the file is labelled); blank lines and
// -DOCSTART- lines are kept so that files can be written back unchanged.
type Line struct {
	Fields []string
}

// Sentence is a run of token lines of a CoNLL file.
type Sentence struct {
	Tokens []string
	// Gold are the tags of the last column (IOB1 or IOB2 as found), nil
	// when the lines have a single column.
	Gold []string
	// Lines are the indexes into the file's lines of the tokens.
	Lines []int
}

// Document is a run of sentences between -DOCSTART- lines.
type Document struct {
	Sentences []Sentence
}

// File is a parsed CoNLL column file.
type File struct {
	Lines []Line
	Docs  []Document
	// Tagged is true when every token line has at least two columns and
	// the last is a tag (O, B-X, I-X, …); otherwise Sentence.Gold is nil.
	Tagged bool
}

// MaxLineBytes bounds one line of a CoNLL file.
const MaxLineBytes = 1 << 20

// ReadCoNLL parses a CoNLL column file: one token per line, columns
// separated by white space, the token in the first column and (when there
// are at least two columns and every last column is a tag) the tag in the
// last; blank lines end sentences and "-DOCSTART-" lines end documents.
// Lines whose column count differs from the first token line are an error.
func ReadCoNLL(r io.Reader) (*File, error) {
	const op = "ner.ReadCoNLL"
	f := &File{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), MaxLineBytes)
	var doc Document
	var sent Sentence
	ncols := 0
	tagged := true
	endSent := func() {
		if len(sent.Tokens) > 0 {
			doc.Sentences = append(doc.Sentences, sent)
		}
		sent = Sentence{}
	}
	endDoc := func() {
		endSent()
		if len(doc.Sentences) > 0 {
			f.Docs = append(f.Docs, doc)
		}
		doc = Document{}
	}
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		fields := strings.Fields(line)
		f.Lines = append(f.Lines, Line{Fields: fields})
		switch {
		case len(fields) == 0:
			endSent()
			continue
		case fields[0] == "-DOCSTART-":
			endDoc()
			continue
		}
		if ncols == 0 {
			ncols = len(fields)
		} else if len(fields) != ncols {
			return nil, news.E(op, news.KindInvalid, fmt.Sprintf("line %d: %d columns, expected %d", n, len(fields), ncols))
		}
		sent.Tokens = append(sent.Tokens, fields[0])
		if ncols >= 2 {
			tag := fields[ncols-1]
			if !validTag(tag) {
				tagged = false
			}
			sent.Gold = append(sent.Gold, tag)
		}
		sent.Lines = append(sent.Lines, len(f.Lines)-1)
	}
	if err := sc.Err(); err != nil {
		return nil, news.E(op, news.KindInvalid, err)
	}
	endDoc()
	f.Tagged = tagged && ncols >= 2
	if !f.Tagged {
		for i := range f.Docs {
			for j := range f.Docs[i].Sentences {
				f.Docs[i].Sentences[j].Gold = nil
			}
		}
	}
	return f, nil
}

func validTag(t string) bool {
	if t == "O" {
		return true
	}
	return len(t) > 2 && (t[0] == 'B' || t[0] == 'I' || t[0] == 'E' || t[0] == 'S' || t[0] == 'L' || t[0] == 'U') && t[1] == '-'
}

// WriteCoNLL writes the file's lines back, appending tags[i] as a last
// column to the token line i (tags indexed like File.Lines; "" appends
// nothing). Columns are separated by a single space.
func WriteCoNLL(w io.Writer, f *File, tags []string) error {
	bw := bufio.NewWriter(w)
	for i, l := range f.Lines {
		bw.WriteString(strings.Join(l.Fields, " "))
		if i < len(tags) && tags[i] != "" {
			bw.WriteByte(' ')
			bw.WriteString(tags[i])
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// ToIOB2 converts IOB1 (or mixed) tags to IOB2: an I-X that does not
// continue an entity of type X becomes B-X. IOB2 input is unchanged.
func ToIOB2(tags []string) []string {
	out := make([]string, len(tags))
	prev := "O"
	for i, t := range tags {
		out[i] = t
		if strings.HasPrefix(t, "I-") {
			typ := t[2:]
			if prev == "O" || prev[2:] != typ {
				out[i] = "B-" + typ
			}
		}
		prev = out[i]
		if prev != "O" && len(prev) < 3 {
			prev = "O"
		}
	}
	return out
}

// Span is an entity span over tokens: [Start, End) with a type.
type Span struct {
	Start, End int
	Type       string
}

// Spans extracts entity spans from IOB1, IOB2 or BILOU tags the way
// conlleval does: an entity starts at B-X (or S-/U-X), or at I-X (or
// E-/L-X) that does not continue an entity of type X, and ends before O,
// before any B-, or at a change of type, or after E-/L-/S-/U-.
func Spans(tags []string) []Span {
	var out []Span
	start, typ := -1, ""
	closeAt := func(i int) {
		if start >= 0 {
			out = append(out, Span{start, i, typ})
		}
		start, typ = -1, ""
	}
	for i, t := range tags {
		if t == "O" || len(t) < 3 {
			closeAt(i)
			continue
		}
		p, ty := t[0], t[2:]
		switch p {
		case 'B', 'S', 'U':
			closeAt(i)
			start, typ = i, ty
		default: // I, E, L
			if start < 0 || typ != ty {
				closeAt(i)
				start, typ = i, ty
			}
		}
		if p == 'E' || p == 'L' || p == 'S' || p == 'U' {
			closeAt(i + 1)
		}
	}
	closeAt(len(tags))
	return out
}
