package ner

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// tinyCorpus builds a small labelled corpus from templates with invented
// names, in CoNLL form with IOB1 tags.
func tinyCorpus(docs int) string {
	people := []string{"Anna Berg", "Tomas Okafor", "Lena Varga", "Piet Mulder", "Rosa Ibarra"}
	orgs := []string{"Norvalis", "Kestrel Mining", "Quillon Bank", "Tarvo Group"}
	places := []string{"Oslo", "Nairobi", "Lima", "Hanoi", "Quito"}
	var b strings.Builder
	tok := func(w, tag string) { fmt.Fprintf(&b, "%s %s\n", w, tag) }
	ent := func(s, typ string) {
		for _, w := range strings.Fields(s) {
			tok(w, "I-"+typ)
		}
	}
	for d := 0; d < docs; d++ {
		b.WriteString("-DOCSTART- O\n\n")
		p, o, l := people[d%len(people)], orgs[d%len(orgs)], places[(d*3)%len(places)]
		ent(p, "PER")
		for _, w := range strings.Fields("joined") {
			tok(w, "O")
		}
		ent(o, "ORG")
		tok("in", "O")
		ent(l, "LOC")
		tok(".", "O")
		b.WriteString("\n")
		tok("The", "O")
		tok("company", "O")
		tok("said", "O")
		ent(strings.Fields(p)[1], "PER")
		tok("would", "O")
		tok("visit", "O")
		ent(l, "LOC")
		tok("soon", "O")
		tok(".", "O")
		b.WriteString("\n")
	}
	return b.String()
}

func TestTrainTiny(t *testing.T) {
	f, err := ReadCoNLL(strings.NewReader(tinyCorpus(20)))
	if err != nil {
		t.Fatal(err)
	}
	var epochs []EpochResult
	m, res, err := Train(f.Docs, f.Docs, TrainOptions{Epochs: 4, Bits: 16, Progress: func(r EpochResult) { epochs = append(epochs, r) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 4 || len(epochs) != 4 {
		t.Fatalf("%d results, %d progress calls", len(res), len(epochs))
	}
	if f1 := Evaluate(m, f.Docs).Total.F1(); f1 < 95 {
		t.Errorf("training-set F1 = %.1f, want ≥ 95", f1)
	}
	if _, ok := m.Gazetteer()["kestrel mining"]; !ok {
		t.Error("training entity missing from the gazetteer")
	}
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
	m2, err := Load(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := Evaluate(m, f.Docs).Total, Evaluate(m2, f.Docs).Total; a != b {
		t.Errorf("scores differ after save/load: %+v vs %+v", a, b)
	}
}

func TestTrainErrors(t *testing.T) {
	unl, _ := ReadCoNLL(strings.NewReader("Anna\nBerg\n"))
	tests := []struct {
		name  string
		train []Document
		opt   TrainOptions
	}{
		{"no data", nil, TrainOptions{}},
		{"unlabelled", unl.Docs, TrainOptions{}},
		{"bad bits", nil, TrainOptions{Bits: 40}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, _, err := Train(tc.train, nil, tc.opt); err == nil {
				t.Error("no error")
			}
		})
	}
}

func FuzzLoad(f *testing.F) {
	c, err := ReadCoNLL(strings.NewReader(tinyCorpus(3)))
	if err != nil {
		f.Fatal(err)
	}
	m, _, err := Train(c.Docs, c.Docs, TrainOptions{Epochs: 1, Bits: 10})
	if err != nil {
		f.Fatal(err)
	}
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, in []byte) {
		m, err := Load(bytes.NewReader(in))
		if err != nil {
			return
		}
		m.Tag([]string{"Anna", "Berg", "visited", "Lima", "."})
	})
}
