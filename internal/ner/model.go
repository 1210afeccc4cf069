package ner

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"io"
	"sort"
	"strings"
	"sync"

	"github.com/readout/readout/internal/news"
)

// Model is a trained tagger. It is safe for concurrent use.
type Model struct {
	bits  uint
	index []int32 // bucket → row+1, 0 when the bucket has no weights
	rows  []int16 // nLabels quantised weights per row
	scale float32
	// temp divides scores before the softmax that gives Mention.Score.
	temp float32
	res  resources
	pool sync.Pool
	// Info describes how the model was made (free text, from training).
	Info string
}

func (m *Model) score(feats []uint32, s *[nLabels]float32) {
	var acc [nLabels]int32
	mask := uint32(len(m.index) - 1)
	for _, f := range feats {
		r := m.index[f&mask]
		if r == 0 {
			continue
		}
		row := m.rows[int(r-1)*nLabels : int(r)*nLabels]
		for l := range acc {
			acc[l] += int32(row[l])
		}
	}
	for l := range acc {
		s[l] += float32(acc[l]) * m.scale
	}
}

func (m *Model) scratch() *scratch {
	if sc, ok := m.pool.Get().(*scratch); ok {
		return sc
	}
	return newScratch()
}

// Tag returns the IOB2 tags of one sentence's tokens, as a document of its
// own.
func (m *Model) Tag(tokens []string) []string {
	return m.TagDocument([][]string{tokens})[0]
}

// TagDocument tags the sentences of one document together, so that a word
// labelled earlier in the document informs its later mentions.
func (m *Model) TagDocument(sents [][]string) [][]string {
	labels, _ := m.labelDoc(sents, false)
	out := make([][]string, len(sents))
	for i, l := range labels {
		out[i] = iob2(l)
	}
	return out
}

func (m *Model) labelDoc(sents [][]string, withProbs bool) ([][]uint8, [][]float32) {
	total := 0
	for _, s := range sents {
		total += len(s)
	}
	flat := make([]uint8, total)
	labels := make([][]uint8, len(sents))
	var probs [][]float32
	var pflat []float32
	if withProbs {
		probs = make([][]float32, len(sents))
		pflat = make([]float32, total)
	}
	off := 0
	for i, s := range sents {
		labels[i] = flat[off : off+len(s) : off+len(s)]
		if withProbs {
			probs[i] = pflat[off : off+len(s) : off+len(s)]
		}
		off += len(s)
	}
	sc := m.scratch()
	sc.temp = m.temp
	decodeDoc(sc, &m.res, m, sents, labels, probs, nil, nil)
	m.pool.Put(sc)
	return labels, probs
}

// Mention is an entity mention found in an article.
type Mention struct {
	// Start and End are byte offsets into the article text.
	Start int `json:"start"`
	End   int `json:"end"`
	// Sentence is the sentence index; TokStart and TokEnd are token
	// indexes into that sentence (TokEnd exclusive).
	Sentence int    `json:"sentence"`
	TokStart int    `json:"tok_start"`
	TokEnd   int    `json:"tok_end"`
	Type     string `json:"type"` // PER ORG LOC MISC
	Text     string `json:"text"`
	// Score is the mean probability the tagger gave the mention's labels
	// (softmax of the scores at the temperature fitted on dev data).
	Score float64 `json:"score"`
}

// Article finds the mentions in an article's sentences (which the text
// stage must have filled), tagging them as one document.
func (m *Model) Article(a *news.Article) []Mention {
	sents := make([][]string, len(a.Sentences))
	for i, s := range a.Sentences {
		toks := make([]string, len(s.Tokens))
		for j, t := range s.Tokens {
			toks[j] = t.Text
		}
		sents[i] = toks
	}
	labels, probs := m.labelDoc(sents, true)
	var out []Mention
	for si, s := range a.Sentences {
		for _, sp := range spansOfLabels(labels[si]) {
			start, end := s.Tokens[sp.Start].Start, s.Tokens[sp.End-1].End
			sum := 0.0
			for k := sp.Start; k < sp.End; k++ {
				sum += float64(probs[si][k])
			}
			mt := Mention{Start: start, End: end, Sentence: si, TokStart: sp.Start, TokEnd: sp.End,
				Type: sp.Type, Score: sum / float64(sp.End-sp.Start)}
			if start >= 0 && end <= len(a.Text) && start <= end {
				mt.Text = a.Text[start:end]
			}
			out = append(out, mt)
		}
	}
	return out
}

func spansOfLabels(l []uint8) []Span {
	var out []Span
	start := -1
	for i, x := range l {
		if x == 0 {
			start = -1
			continue
		}
		switch labelPos(x) {
		case posU:
			out = append(out, Span{i, i + 1, Types[labelType(x)]})
			start = -1
		case posB:
			start = i
		case posL:
			if start >= 0 {
				out = append(out, Span{start, i + 1, Types[labelType(x)]})
			}
			start = -1
		}
	}
	return out
}

// WithGazetteer returns a copy of m whose gazetteer also holds the given
// entries: entity string (tokens separated by single spaces; matched case
// insensitively) → type (PER, ORG, LOC or MISC; other types are ignored).
// The copy shares the weights with m; m is unchanged.
func (m *Model) WithGazetteer(entries map[string]string) *Model {
	c := &Model{bits: m.bits, index: m.index, rows: m.rows, scale: m.scale, temp: m.temp, Info: m.Info}
	c.res = m.res
	c.res.gaz = make(map[string]uint8, len(m.res.gaz)+len(entries))
	for k, v := range m.res.gaz {
		c.res.gaz[k] = v
	}
	for k, v := range entries {
		t := typeIndex(v)
		if t < 0 {
			continue
		}
		key := string(lowerInto(nil, strings.Join(strings.Fields(k), " ")))
		if key == "" {
			continue
		}
		c.res.gaz[key] |= 1 << t
		if n := strings.Count(key, " ") + 1; n > c.res.gazMax {
			c.res.gazMax = n
		}
	}
	c.res.gazw = wordGazetteer(c.res.gaz)
	return c
}

// Gazetteer returns a copy of the model's gazetteer: lower-cased entity
// string → types.
func (m *Model) Gazetteer() map[string][]string {
	out := make(map[string][]string, len(m.res.gaz))
	for k, v := range m.res.gaz {
		var ts []string
		for t := 0; t < nTypes; t++ {
			if v&(1<<t) != 0 {
				ts = append(ts, Types[t])
			}
		}
		sort.Strings(ts)
		out[k] = ts
	}
	return out
}

//go:embed model/en.model.gz
var embedded []byte

var (
	defOnce  sync.Once
	defModel *Model
	defErr   error
)

// Default returns the embedded English model, loaded on first use.
func Default() (*Model, error) {
	defOnce.Do(func() {
		defModel, defErr = Load(bytes.NewReader(embedded))
	})
	return defModel, defErr
}

// Load reads a model written by Save.
func Load(r io.Reader) (*Model, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, news.E("ner.Load", news.KindInvalid, err)
	}
	defer zr.Close()
	m, err := decodeModel(zr)
	if err != nil {
		return nil, news.E("ner.Load", news.KindInvalid, err)
	}
	return m, nil
}
