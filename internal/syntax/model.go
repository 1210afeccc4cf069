package syntax

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/gob"
	"fmt"
	"io"
	"sync"

	"github.com/readout/readout/internal/news"
)

//go:embed model/en.model.gz
var embedded []byte

// Model tags, lemmatises and parses sentences. It is immutable once built
// and safe for concurrent use.
type Model struct {
	tag  *tagger
	lem  *lemmatizer
	par  *parser
	info Info
	pool sync.Pool
	// coarse maps the tagger's classes to UPOS hashes for the parser.
	coarse []uint64
}

// Info describes how a model was made.
type Info struct {
	Trained        string  `json:"trained"`
	TrainSentences int     `json:"train_sentences"`
	TrainSeconds   float64 `json:"train_seconds"`
	DevScores      Scores  `json:"dev_scores"`
}

// Info returns the model's training metadata.
func (m *Model) Info() Info { return m.info }

// fileModel is the serialised form (gob inside gzip).
type fileModel struct {
	Format string
	Tagger *tagger
	Lemma  *lemmatizer
	Parser *parser
	Info   Info
}

const formatName = "readout-syntax-1"

var (
	defaultOnce  sync.Once
	defaultModel *Model
	defaultErr   error
)

// Default returns the model embedded in the binary, loading it on first use.
func Default() (*Model, error) {
	defaultOnce.Do(func() {
		defaultModel, defaultErr = Load(bytes.NewReader(embedded))
	})
	return defaultModel, defaultErr
}

// Load reads a model written by Save.
func Load(r io.Reader) (m *Model, err error) {
	const op = "syntax.Load"
	defer func() {
		if p := recover(); p != nil {
			m, err = nil, news.E(op, news.KindInvalid, fmt.Sprintf("corrupt model: %v", p))
		}
	}()
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, news.E(op, news.KindInvalid, fmt.Errorf("not a gzip model file: %w", err))
	}
	defer zr.Close()
	var f fileModel
	if err := gob.NewDecoder(zr).Decode(&f); err != nil {
		return nil, news.E(op, news.KindInvalid, fmt.Errorf("decode model: %w", err))
	}
	if f.Format != formatName {
		return nil, news.E(op, news.KindInvalid, fmt.Sprintf("unknown model format %q", f.Format))
	}
	if f.Tagger == nil || f.Lemma == nil || f.Parser == nil || f.Tagger.W == nil || f.Parser.W == nil || f.Parser.WL == nil ||
		!f.Tagger.W.valid() || !f.Parser.W.valid() || !f.Parser.WL.valid() || f.Tagger.W.NClass != len(f.Tagger.Classes) ||
		f.Parser.W.NClass != nActions || f.Parser.WL.NClass != len(f.Parser.Labels) || f.Parser.RootLabel < 0 || f.Parser.RootLabel >= len(f.Parser.Labels) || len(f.Parser.Labels) > 64 {
		return nil, news.E(op, news.KindInvalid, "inconsistent model file")
	}
	for _, c := range f.Tagger.Dict {
		if c < 0 || int(c) >= len(f.Tagger.Classes) {
			return nil, news.E(op, news.KindInvalid, "inconsistent model file")
		}
	}
	if w2 := f.Tagger.W2; w2 != nil {
		if !w2.valid() || w2.NClass != len(f.Tagger.Classes) {
			return nil, news.E(op, news.KindInvalid, "inconsistent model file")
		}
		w2.build()
	}
	f.Tagger.W.build()
	f.Parser.W.build()
	f.Parser.WL.build()
	m = newModel(f.Tagger, f.Lemma, f.Parser)
	m.info = f.Info
	return m, nil
}

// Save writes the model (gob, gzip-compressed).
func (m *Model) Save(w io.Writer) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	f := fileModel{Format: formatName, Tagger: m.tag, Lemma: m.lem, Parser: m.par, Info: m.info}
	if err := gob.NewEncoder(zw).Encode(&f); err != nil {
		return news.E("syntax.Save", news.KindInternal, err)
	}
	return zw.Close()
}

func newModel(t *tagger, l *lemmatizer, p *parser) *Model {
	if l.known == nil {
		l.build()
	}
	m := &Model{tag: t, lem: l, par: p, coarse: coarseHashes(t.Classes)}
	m.pool.New = func() any { return m.newScratch() }
	return m
}

// scratch is the per-call working memory.
type scratch struct {
	ws      []word
	tags    []int32
	st      state
	buf     []uint64
	tscores []float32
	pscores []float32
	ok      []bool
	forms   []string
}

func (m *Model) newScratch() *scratch {
	return &scratch{
		buf:     make([]uint64, 0, 256),
		tscores: make([]float32, len(m.tag.Classes)),
		pscores: make([]float32, len(m.par.Labels)),
		ok:      make([]bool, nActions),
	}
}

// run tags and parses forms; results stay in sc (tags[1:], st).
func (m *Model) run(sc *scratch, forms []string) {
	n := len(forms)
	sc.ws = growWords(sc.ws, n+1)
	if cap(sc.tags) < n+1 {
		sc.tags = make([]int32, n+1, 2*n+2)
	}
	sc.tags = sc.tags[:n+1]
	m.tag.prepare(forms, sc.ws[1:])
	m.tag.tagWith(sc.ws[1:], sc.tags[1:], sc.buf, sc.tscores, m.tag.W.score)
	setCoarse(sc.ws[1:], sc.tags[1:], m.coarse)
	m.par.parseWith(&sc.st, sc.ws, sc.tags, sc.buf, sc.pscores, sc.ok)
}

// Annotate fills UPOS, XPOS, Lemma, Head (0-based index in the sentence,
// -1 for the root) and Rel of every token of s. Token strings come from
// Token.Text, or from text[Start:End] when Text is empty.
func (m *Model) Annotate(s *news.Sentence, text string) {
	n := len(s.Tokens)
	if n == 0 {
		return
	}
	sc := m.pool.Get().(*scratch)
	defer m.pool.Put(sc)
	sc.forms = sc.forms[:0]
	for _, t := range s.Tokens {
		f := t.Text
		if f == "" && t.Start >= 0 && t.Start <= t.End && t.End <= len(text) {
			f = text[t.Start:t.End]
		}
		if f == "" {
			f = "_"
		}
		sc.forms = append(sc.forms, f)
	}
	m.run(sc, sc.forms)
	for i := range s.Tokens {
		t := &s.Tokens[i]
		t.UPOS, t.XPOS = m.tag.splitClass(sc.tags[i+1])
		t.Lemma = m.lem.lemma(sc.forms[i], t.UPOS, t.XPOS)
		t.Head = int(sc.st.head[i+1]) - 1
		t.Rel = m.par.Labels[sc.st.label[i+1]]
	}
}

// AnnotateArticle annotates every sentence of a.
func (m *Model) AnnotateArticle(a *news.Article) {
	for i := range a.Sentences {
		m.Annotate(&a.Sentences[i], a.Text)
	}
}
