package quote

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/readout/readout/internal/kb"
	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/text"
)

// tok is a token of the article with its sentence and whether it lies
// inside quotation marks (marks included).
type tok struct {
	s, e   int
	t, low string
	upos   string // from the syntax stage when it ran, else ""
	sent   int
	inQ    bool
}

type sent struct {
	ts, te int // token range
	s, e   int // byte range
	block  int
}

// doc is the working state of one Extract call.
type doc struct {
	text    string
	k       *kb.KB
	toks    []tok
	sents   []sent
	blocks  []news.Block
	segs    []seg
	persons []person
	used    map[int]bool // cue tokens already used by a quotation
	terms   []news.Span  // scare-quoted terms: not statements, may sit inside one
	descs   []tokSpan    // cue subjects describing unnamed sources
	placeC  map[string]bool
	out     []news.Quote
}

// Extract returns the quotations and reported statements of a, ordered by
// position. It uses a.Sentences when filled and splits a.Text itself
// otherwise; a and k are only read, so Extract is safe for concurrent use.
// k may be nil.
func Extract(a *news.Article, k *kb.KB) []news.Quote {
	if a == nil || a.Text == "" {
		return nil
	}
	d := &doc{text: a.Text, k: k, used: map[int]bool{}}
	d.blocks = validBlocks(a.Text, a.Blocks)
	sents := a.Sentences
	if len(sents) == 0 {
		sents = text.Sentences(a.Text, d.blocks)
	}
	d.load(sents)
	for bi, b := range d.blocks {
		d.segs = findSegments(d.text, b.Start, b.End, bi, d.segs)
	}
	d.markQuoted()
	d.findPersons()
	d.findDescs()
	d.direct()
	d.indirect()
	sort.SliceStable(d.out, func(i, j int) bool { return d.out[i].Start < d.out[j].Start })
	return d.out
}

// validBlocks returns the blocks of s that lie in bounds, or paragraphs
// split at blank lines when there are none.
func validBlocks(s string, bs []news.Block) []news.Block {
	var out []news.Block
	last := 0
	for _, b := range bs {
		if b.Start < last || b.End > len(s) || b.Start >= b.End {
			continue
		}
		out = append(out, b)
		last = b.End
	}
	if len(out) > 0 {
		return out
	}
	start := 0
	for start < len(s) {
		end := strings.Index(s[start:], "\n\n")
		if end < 0 {
			end = len(s)
		} else {
			end += start
		}
		if strings.TrimSpace(s[start:end]) != "" {
			out = append(out, news.Block{Kind: news.BlockParagraph, Start: start, End: end})
		}
		start = end + 2
	}
	return out
}

func (d *doc) load(sents []news.Sentence) {
	n := 0
	for _, x := range sents {
		n += len(x.Tokens)
	}
	d.toks = make([]tok, 0, n)
	d.sents = make([]sent, 0, len(sents))
	bi := 0
	for si, x := range sents {
		if x.Start < 0 || x.End > len(d.text) || x.Start > x.End {
			continue
		}
		for bi < len(d.blocks)-1 && d.blocks[bi].End <= x.Start {
			bi++
		}
		st := sent{ts: len(d.toks), s: x.Start, e: x.End, block: bi}
		for _, t := range x.Tokens {
			if t.Start < 0 || t.End > len(d.text) || t.Start > t.End {
				continue
			}
			d.toks = append(d.toks, tok{s: t.Start, e: t.End, t: t.Text, low: strings.ToLower(t.Text), upos: t.UPOS, sent: si})
		}
		st.te = len(d.toks)
		for len(d.sents) < si {
			d.sents = append(d.sents, sent{ts: st.ts, te: st.ts, s: x.Start, e: x.Start, block: bi})
		}
		d.sents = append(d.sents, st)
	}
}

func (d *doc) markQuoted() {
	j := 0
	for _, g := range d.segs {
		for j < len(d.toks) && d.toks[j].s < g.os {
			j++
		}
		for k := j; k < len(d.toks) && d.toks[k].s < g.xe; k++ {
			d.toks[k].inQ = true
		}
	}
}

// tokAt returns the index of the first token starting at or after off.
func (d *doc) tokAt(off int) int {
	return sort.Search(len(d.toks), func(i int) bool { return d.toks[i].s >= off })
}

// sentOf returns the sentence holding byte off, or -1.
func (d *doc) sentOf(off int) int {
	i := sort.Search(len(d.sents), func(i int) bool { return d.sents[i].e > off })
	if i < len(d.sents) && d.sents[i].s <= off {
		return i
	}
	if i < len(d.sents) {
		return i
	}
	return len(d.sents) - 1
}

func isCap(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

func isWord(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// span returns the text of tokens [a, b).
func (d *doc) span(a, b int) string {
	if a >= b {
		return ""
	}
	return d.text[d.toks[a].s:d.toks[b-1].e]
}
