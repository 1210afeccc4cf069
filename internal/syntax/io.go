package syntax

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/readout/readout/internal/conllu"
	"github.com/readout/readout/internal/news"
)

// LooksLikeCoNLLU reports whether data appears to be CoNLL-U: its first
// line that is neither blank nor a comment has ten tab-separated fields and
// starts with a word, range or empty-node ID.
func LooksLikeCoNLLU(data []byte) bool {
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		line = bytes.TrimRight(line, "\r")
		if len(bytes.TrimSpace(line)) == 0 || line[0] == '#' {
			continue
		}
		f := bytes.Split(line, []byte{'\t'})
		if len(f) != 10 || len(f[0]) == 0 {
			return false
		}
		for _, c := range f[0] {
			if (c < '0' || c > '9') && c != '-' && c != '.' {
				return false
			}
		}
		return true
	}
	return false
}

// AnnotateCoNLLU tags, lemmatises and parses the words of s in place,
// keeping its tokenisation, and adds "# sent_id" (from id when absent) and
// "# text" comments when missing. Morphological features and enhanced
// dependencies are left as they were.
func (m *Model) AnnotateCoNLLU(s *conllu.Sentence, id string) {
	ensureComments(s, id)
	if len(s.Words) == 0 {
		return
	}
	ns := news.Sentence{Tokens: make([]news.Token, len(s.Words))}
	for i, w := range s.Words {
		ns.Tokens[i] = news.Token{Text: w.Form}
	}
	m.Annotate(&ns, "")
	for i := range s.Words {
		w := &s.Words[i]
		t := ns.Tokens[i]
		w.UPOS, w.XPOS, w.Lemma, w.Deprel = t.UPOS, t.XPOS, t.Lemma, t.Rel
		w.Head = t.Head + 1
	}
}

func ensureComments(s *conllu.Sentence, id string) {
	if _, ok := s.Meta("sent_id"); !ok {
		s.Comments = append(s.Comments, "sent_id = "+id)
	}
	if _, ok := s.Meta("text"); !ok {
		s.Comments = append(s.Comments, "text = "+oneLine(s.Text()))
	}
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// ToCoNLLU converts an annotated sentence of text into CoNLL-U, with
// SpaceAfter=No where the next token follows without a gap, and
// "# sent_id" and "# text" comments. Word IDs are 1-based; heads follow.
func ToCoNLLU(s *news.Sentence, text, id string) conllu.Sentence {
	var c conllu.Sentence
	c.Comments = append(c.Comments, "sent_id = "+id)
	if s.Start >= 0 && s.Start <= s.End && s.End <= len(text) {
		c.Comments = append(c.Comments, "text = "+oneLine(text[s.Start:s.End]))
	}
	for i, t := range s.Tokens {
		form := t.Text
		if form == "" && t.Start >= 0 && t.Start <= t.End && t.End <= len(text) {
			form = text[t.Start:t.End]
		}
		form = strings.Join(strings.Fields(form), "")
		if form == "" {
			form = "_"
		}
		misc := ""
		if i+1 < len(s.Tokens) && s.Tokens[i+1].Start == t.End && t.End > t.Start {
			misc = "SpaceAfter=No"
		}
		head := t.Head + 1
		if t.Rel == "" && t.Head < 0 && t.UPOS == "" {
			head = -1
		}
		c.Words = append(c.Words, conllu.Word{
			ID: i + 1, Form: form, Lemma: t.Lemma, UPOS: t.UPOS, XPOS: t.XPOS,
			Head: head, Deprel: t.Rel, Misc: misc,
		})
	}
	return c
}

// SentID is the "# sent_id" readout gives the n-th sentence (1-based) of
// an input that has none.
func SentID(n int) string { return strconv.Itoa(n) }
