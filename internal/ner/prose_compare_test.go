package ner

import (
	"os"
	"strings"
	"testing"
	"time"

	prose "github.com/jdkato/prose/v2"
)

// proseTypes maps prose's entity labels onto ours; others are dropped.
var proseTypes = map[string]string{"PERSON": "PER", "GPE": "LOC", "ORG": "ORG", "ORGANIZATION": "ORG"}

var proseModel = func() func() *prose.Model {
	var m *prose.Model
	return func() *prose.Model {
		if m == nil {
			d, err := prose.NewDocument("Warm up.", prose.WithSegmentation(false))
			if err != nil {
				panic(err)
			}
			m = d.Model
		}
		return m
	}
}()

// proseTag runs prose's tokeniser, tagger and entity chunker on the
// space-joined tokens and projects its entities back onto our tokens by
// their text, in order.
func proseTag(tokens []string) []string {
	text := strings.Join(tokens, " ")
	starts := make([]int, len(tokens))
	off := 0
	for i, t := range tokens {
		starts[i] = off
		off += len(t) + 1
	}
	out := make([]string, len(tokens))
	for i := range out {
		out[i] = "O"
	}
	doc, err := prose.NewDocument(text, prose.WithSegmentation(false), prose.UsingModel(proseModel()))
	if err != nil {
		return out
	}
	tokAt := func(pos int) int {
		k := 0
		for k+1 < len(tokens) && starts[k+1] <= pos {
			k++
		}
		return k
	}
	cur := 0
	for _, e := range doc.Entities() {
		j := strings.Index(text[cur:], e.Text)
		if j < 0 || e.Text == "" {
			continue
		}
		pos := cur + j
		cur = pos + len(e.Text)
		ty, ok := proseTypes[e.Label]
		if !ok {
			continue
		}
		a, b := tokAt(pos), tokAt(cur-1)
		out[a] = "B-" + ty
		for k := a + 1; k <= b; k++ {
			out[k] = "I-" + ty
		}
	}
	return out
}

// onlyPLO drops MISC so both taggers are scored on PER, ORG and LOC.
func onlyPLO(tags []string) []string {
	out := make([]string, len(tags))
	for i, t := range ToIOB2(tags) {
		if strings.HasSuffix(t, "-MISC") {
			t = "O"
		}
		out[i] = t
	}
	return out
}

// TestProseCompare scores this tagger and prose on the CoNLL file named by
// READOUT_CONLL_DEV (e.g. eng.testa), on PER/ORG/LOC, and times both.
//
//	READOUT_CONLL_DEV=/work/shared/data/ner/conll2003/eng.testa go test -run ProseCompare -v ./internal/ner
func TestProseCompare(t *testing.T) {
	path := os.Getenv("READOUT_CONLL_DEV")
	if path == "" {
		t.Skip("READOUT_CONLL_DEV not set")
	}
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := ReadCoNLL(fh)
	fh.Close()
	if err != nil {
		t.Fatal(err)
	}
	m := defaultModel(t)
	var ours, theirs Score
	var oursDur, theirsDur, oursCPU, theirsCPU time.Duration
	ntok := 0
	for _, d := range f.Docs {
		sents := make([][]string, len(d.Sentences))
		for i, s := range d.Sentences {
			sents[i] = s.Tokens
			ntok += len(s.Tokens)
		}
		t0, c0 := time.Now(), cpuTime()
		pred := m.TagDocument(sents)
		oursDur += time.Since(t0)
		oursCPU += cpuTime() - c0
		for i, s := range d.Sentences {
			ours.Add(onlyPLO(s.Gold), onlyPLO(pred[i]))
		}
		t0, c0 = time.Now(), cpuTime()
		pp := make([][]string, len(sents))
		for i, s := range sents {
			pp[i] = proseTag(s)
		}
		theirsDur += time.Since(t0)
		theirsCPU += cpuTime() - c0
		for i, s := range d.Sentences {
			theirs.Add(onlyPLO(s.Gold), pp[i])
		}
	}
	t.Logf("%-8s %-24s %-24s", "type", "readout P/R/F1", "prose P/R/F1")
	for _, ty := range []string{"PER", "ORG", "LOC"} {
		a, b := ours.ByType[ty], theirs.ByType[ty]
		t.Logf("%-8s %6.2f %6.2f %6.2f     %6.2f %6.2f %6.2f", ty, a.P(), a.R(), a.F1(), b.P(), b.R(), b.F1())
	}
	t.Logf("%-8s %6.2f %6.2f %6.2f     %6.2f %6.2f %6.2f", "overall", ours.Total.P(), ours.Total.R(), ours.Total.F1(),
		theirs.Total.P(), theirs.Total.R(), theirs.Total.F1())
	t.Logf("speed: readout %.0f tokens/s, prose %.0f tokens/s (%d tokens, wall clock)", float64(ntok)/oursDur.Seconds(), float64(ntok)/theirsDur.Seconds(), ntok)
	if oursCPU > 0 && theirsCPU > 0 {
		t.Logf("speed: readout %.0f tokens/cpu-s, prose %.0f tokens/cpu-s", float64(ntok)/oursCPU.Seconds(), float64(ntok)/theirsCPU.Seconds())
	}
	if ours.Total.F1() <= theirs.Total.F1() {
		t.Errorf("readout F1 %.2f not above prose %.2f", ours.Total.F1(), theirs.Total.F1())
	}
}

func BenchmarkProse(b *testing.B) {
	sents := benchSentences()
	n := 0
	for _, s := range sents {
		n += len(s)
	}
	proseModel()
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		for _, s := range sents {
			proseTag(s)
		}
	}
	reportSpeed(b, n, cpu0)
}

// BenchmarkTagCoNLL tags the CoNLL file named by READOUT_CONLL_DEV.
func BenchmarkTagCoNLL(b *testing.B) {
	path := os.Getenv("READOUT_CONLL_DEV")
	if path == "" {
		b.Skip("READOUT_CONLL_DEV not set")
	}
	fh, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	f, err := ReadCoNLL(fh)
	fh.Close()
	if err != nil {
		b.Fatal(err)
	}
	m := defaultModel(b)
	var docs [][][]string
	n := 0
	for _, d := range f.Docs {
		var sents [][]string
		for _, s := range d.Sentences {
			sents = append(sents, s.Tokens)
			n += len(s.Tokens)
		}
		docs = append(docs, sents)
	}
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			m.TagDocument(d)
		}
	}
	reportSpeed(b, n, cpu0)
}
