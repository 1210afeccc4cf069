package syntax

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"math/rand"
	"strings"
	"sync"
	"testing"

	"github.com/readout/readout/internal/conllu"
	"github.com/readout/readout/internal/news"
)

// synthCorpus generates simple annotated sentences from a toy grammar:
// DET (ADJ) NOUN VERB DET NOUN (ADP PROPN) PUNCT.
func synthCorpus(n int, seed int64) []conllu.Sentence {
	rng := rand.New(rand.NewSource(seed))
	adjs := []string{"big", "old", "new", "quiet", "busy"}
	nouns := [][2]string{{"farmer", "farmer"}, {"teacher", "teacher"}, {"boats", "boat"}, {"cars", "car"}, {"letter", "letter"}, {"bridges", "bridge"}}
	verbs := [][2]string{{"painted", "paint"}, {"visited", "visit"}, {"watched", "watch"}, {"opened", "open"}, {"moved", "move"}}
	cities := []string{"Oslo", "Lima", "Accra", "Hanoi"}
	var out []conllu.Sentence
	for k := 0; k < n; k++ {
		var ws []conllu.Word
		add := func(form, lemma, upos, xpos string, head int, rel string) int {
			ws = append(ws, conllu.Word{ID: len(ws) + 1, Form: form, Lemma: lemma, UPOS: upos, XPOS: xpos, Head: head, Deprel: rel})
			return len(ws)
		}
		// Heads are patched below once positions are known.
		det := add("the", "the", "DET", "DT", 0, "det")
		if rng.Intn(2) == 0 {
			det = add("The", "the", "DET", "DT", 0, "det")
			ws = ws[1:]
			ws[0].ID = 1
			det = 1
		}
		var adj int
		if rng.Intn(2) == 0 {
			a := adjs[rng.Intn(len(adjs))]
			adj = add(a, a, "ADJ", "JJ", 0, "amod")
		}
		nn := nouns[rng.Intn(len(nouns))]
		subj := add(nn[0], nn[1], "NOUN", nounTag(nn), 0, "nsubj")
		v := verbs[rng.Intn(len(verbs))]
		verb := add(v[0], v[1], "VERB", "VBD", 0, "root")
		det2 := add("the", "the", "DET", "DT", 0, "det")
		on := nouns[rng.Intn(len(nouns))]
		obj := add(on[0], on[1], "NOUN", nounTag(on), 0, "obj")
		var in, city int
		if rng.Intn(2) == 0 {
			in = add("in", "in", "ADP", "IN", 0, "case")
			c := cities[rng.Intn(len(cities))]
			city = add(c, c, "PROPN", "NNP", 0, "obl")
		}
		punct := add(".", ".", "PUNCT", ".", 0, "punct")
		set := func(i, h int) {
			if i > 0 {
				ws[i-1].Head = h
			}
		}
		set(det, subj)
		set(adj, subj)
		set(subj, verb)
		set(verb, 0)
		set(det2, obj)
		set(obj, verb)
		set(in, city)
		set(city, verb)
		set(punct, verb)
		out = append(out, conllu.Sentence{Comments: []string{fmt.Sprintf("sent_id = s%d", k)}, Words: ws})
	}
	return out
}

func nounTag(n [2]string) string {
	if n[0] != n[1] {
		return "NNS"
	}
	return "NN"
}

var (
	tinyOnce  sync.Once
	tinyModel *Model
	tinyErr   error
)

func tinyOptions() TrainOptions {
	return TrainOptions{TaggerEpochs: 3, ParserEpochs: 3, Folds: 2, TaggerBits: 14, ParserBits: 14, LabelBits: 12}
}

func trainTiny(t testing.TB) *Model {
	tinyOnce.Do(func() {
		tinyModel, tinyErr = Train(synthCorpus(300, 1), synthCorpus(40, 2), tinyOptions())
	})
	if tinyErr != nil {
		t.Fatal(tinyErr)
	}
	return tinyModel
}

func sentence(s string) news.Sentence {
	var ns news.Sentence
	for _, f := range strings.Fields(s) {
		ns.Tokens = append(ns.Tokens, news.Token{Text: f})
	}
	return ns
}

// checkTree fails unless heads form one tree with a single root.
func checkTree(t *testing.T, s news.Sentence) {
	t.Helper()
	roots := 0
	for i, tok := range s.Tokens {
		if tok.Head == -1 {
			roots++
			if tok.Rel != "root" {
				t.Errorf("root token %d has relation %q", i, tok.Rel)
			}
			continue
		}
		if tok.Head < 0 || tok.Head >= len(s.Tokens) || tok.Head == i {
			t.Fatalf("token %d: bad head %d", i, tok.Head)
		}
		// Walk up; must reach the root within n steps.
		h, steps := tok.Head, 0
		for h >= 0 {
			h = s.Tokens[h].Head
			if steps++; steps > len(s.Tokens) {
				t.Fatalf("cycle through token %d", i)
			}
		}
	}
	if len(s.Tokens) > 0 && roots != 1 {
		t.Fatalf("%d roots", roots)
	}
}

func TestTrainTinyLearnsGrammar(t *testing.T) {
	m := trainTiny(t)
	sc := m.Evaluate(synthCorpus(50, 9))
	if sc.UPOS < 99 || sc.UAS < 97 || sc.LAS < 95 || sc.Lemma < 99 {
		t.Fatalf("tiny model scores too low on its own grammar: %s", sc)
	}
	s := sentence("The quiet teacher opened the letter in Lima .")
	m.Annotate(&s, "")
	checkTree(t, s)
	want := []struct {
		upos, lemma, rel string
		head             int
	}{
		{"DET", "the", "det", 2}, {"ADJ", "quiet", "amod", 2}, {"NOUN", "teacher", "nsubj", 3},
		{"VERB", "open", "root", -1}, {"DET", "the", "det", 5}, {"NOUN", "letter", "obj", 3},
		{"ADP", "in", "case", 7}, {"PROPN", "Lima", "obl", 3}, {"PUNCT", ".", "punct", 3},
	}
	for i, w := range want {
		got := s.Tokens[i]
		if got.UPOS != w.upos || got.Lemma != w.lemma || got.Rel != w.rel || got.Head != w.head {
			t.Errorf("token %d %q: got %s/%s/%s/%d, want %s/%s/%s/%d", i, got.Text, got.UPOS, got.Lemma, got.Rel, got.Head, w.upos, w.lemma, w.rel, w.head)
		}
	}
}

func TestSaveLoadRoundTrip(t *testing.T) {
	m := trainTiny(t)
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
	m2, err := Load(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range synthCorpus(20, 5) {
		var forms []string
		for _, w := range c.Words {
			forms = append(forms, w.Form)
		}
		a, b := sentence(strings.Join(forms, " ")), sentence(strings.Join(forms, " "))
		m.Annotate(&a, "")
		m2.Annotate(&b, "")
		for i := range a.Tokens {
			if a.Tokens[i] != b.Tokens[i] {
				t.Fatalf("token %d differs after round trip: %+v vs %+v", i, a.Tokens[i], b.Tokens[i])
			}
		}
	}
	if m2.Info().TrainSentences != 300 {
		t.Errorf("info lost: %+v", m2.Info())
	}
}

func TestLoadRejectsBadInput(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte("not a model"))
	zw.Close()
	var good bytes.Buffer
	if err := trainTiny(t).Save(&good); err != nil {
		t.Fatal(err)
	}
	cases := map[string][]byte{
		"empty":     nil,
		"not gzip":  []byte("hello"),
		"gzip junk": gz.Bytes(),
		"truncated": good.Bytes()[:good.Len()/2],
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) {
			if _, err := Load(bytes.NewReader(data)); !news.IsKind(err, news.KindInvalid) {
				t.Fatalf("want invalid-kind error, got %v", err)
			}
		})
	}
}

func TestDeterministicAndConcurrent(t *testing.T) {
	m := trainTiny(t)
	m2, err := Train(synthCorpus(300, 1), synthCorpus(40, 2), tinyOptions())
	if err != nil {
		t.Fatal(err)
	}
	input := "The big farmer watched the boats in Accra ."
	ref := sentence(input)
	m.Annotate(&ref, "")
	again := sentence(input)
	m2.Annotate(&again, "")
	for i := range ref.Tokens {
		if ref.Tokens[i] != again.Tokens[i] {
			t.Fatalf("retrained model differs at token %d: %+v vs %+v", i, ref.Tokens[i], again.Tokens[i])
		}
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < 50; k++ {
				s := sentence(input)
				m.Annotate(&s, "")
				for i := range s.Tokens {
					if s.Tokens[i] != ref.Tokens[i] {
						errs <- fmt.Sprintf("token %d: %+v vs %+v", i, s.Tokens[i], ref.Tokens[i])
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatal(e)
	}
}

func TestAnnotateEdgeCases(t *testing.T) {
	m := trainTiny(t)
	cases := map[string]news.Sentence{
		"empty":       {},
		"one token":   sentence("Hello"),
		"punct only":  sentence(". , ;"),
		"curly":       sentence("“ The farmer visited the cars , ” the teacher said —"),
		"caps":        sentence("THE FARMER PAINTED THE BRIDGES"),
		"from offset": {Tokens: []news.Token{{Start: 0, End: 3}, {Start: 4, End: 10}}},
	}
	for name, s := range cases {
		t.Run(name, func(t *testing.T) {
			m.Annotate(&s, "The farmer")
			checkTree(t, s)
			for i, tok := range s.Tokens {
				if tok.UPOS == "" || tok.XPOS == "" || tok.Lemma == "" || tok.Rel == "" {
					t.Errorf("token %d not annotated: %+v", i, tok)
				}
			}
		})
	}
}

func FuzzAnnotate(f *testing.F) {
	m := trainTiny(f)
	f.Add("The farmer painted the boats .")
	f.Add("“ ” — ’ …")
	f.Add("1\t2\n3")
	f.Fuzz(func(t *testing.T, s string) {
		ns := sentence(s)
		if len(ns.Tokens) > 200 {
			return
		}
		m.Annotate(&ns, s)
		checkTree(t, ns)
		if LooksLikeCoNLLU([]byte(s)) {
			r := conllu.NewReader(strings.NewReader(s))
			for k := 0; k < 5; k++ {
				c, err := r.Next()
				if err != nil {
					break
				}
				m.AnnotateCoNLLU(&c, "x")
			}
		}
	})
}

func TestTrainRejectsUnusableInput(t *testing.T) {
	if _, err := Train(nil, synthCorpus(5, 1), tinyOptions()); !news.IsKind(err, news.KindInvalid) {
		t.Errorf("no training data: %v", err)
	}
	if _, err := Train(synthCorpus(5, 1), nil, tinyOptions()); !news.IsKind(err, news.KindInvalid) {
		t.Errorf("no dev data: %v", err)
	}
	// Fewer sentences than folds must still train.
	opt := tinyOptions()
	opt.Folds = 10
	if _, err := Train(synthCorpus(3, 1), synthCorpus(2, 2), opt); err != nil {
		t.Errorf("tiny training set: %v", err)
	}
}
