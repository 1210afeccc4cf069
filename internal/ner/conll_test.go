package ner

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

func TestReadCoNLL(t *testing.T) {
	in := "-DOCSTART- -X- O O\n\nAnna NNP I-PER\nBerg NNP I-PER\nsang VBD O\n\nOslo NNP I-LOC\n-DOCSTART- -X- O O\n\nRain NN O\n"
	f, err := ReadCoNLL(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if !f.Tagged {
		t.Fatal("Tagged = false")
	}
	if len(f.Docs) != 2 || len(f.Docs[0].Sentences) != 2 || len(f.Docs[1].Sentences) != 1 {
		t.Fatalf("docs/sentences wrong: %+v", f.Docs)
	}
	s := f.Docs[0].Sentences[0]
	if !reflect.DeepEqual(s.Tokens, []string{"Anna", "Berg", "sang"}) || !reflect.DeepEqual(s.Gold, []string{"I-PER", "I-PER", "O"}) {
		t.Errorf("sentence = %+v", s)
	}
	if !reflect.DeepEqual(s.Lines, []int{2, 3, 4}) {
		t.Errorf("lines = %v", s.Lines)
	}
	var buf bytes.Buffer
	tags := make([]string, len(f.Lines))
	tags[2] = "B-PER"
	if err := WriteCoNLL(&buf, f, tags); err != nil {
		t.Fatal(err)
	}
	if got := strings.Split(buf.String(), "\n")[2]; got != "Anna NNP I-PER B-PER" {
		t.Errorf("written line = %q", got)
	}
	if n := strings.Count(buf.String(), "\n"); n != len(f.Lines) {
		t.Errorf("wrote %d lines, want %d", n, len(f.Lines))
	}
}

func TestReadCoNLLErrors(t *testing.T) {
	tests := []struct {
		name, in string
		tagged   bool
		wantErr  bool
	}{
		{"tokens only", "Anna\nsang\n", false, false},
		{"not a tag column", "Anna NNP\nsang VBD\n", false, false},
		{"ragged columns", "Anna NNP B-PER\nsang O\n", false, true},
		{"empty", "", false, false},
		{"iob2", "Anna B-PER\nBerg I-PER\n", true, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := ReadCoNLL(strings.NewReader(tc.in))
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if err == nil && f.Tagged != tc.tagged {
				t.Errorf("Tagged = %v, want %v", f.Tagged, tc.tagged)
			}
		})
	}
}

func TestToIOB2(t *testing.T) {
	tests := []struct {
		name     string
		in, want []string
	}{
		{"iob1 start", []string{"I-PER", "I-PER", "O"}, []string{"B-PER", "I-PER", "O"}},
		{"iob1 adjacent same type", []string{"I-LOC", "B-LOC", "I-LOC"}, []string{"B-LOC", "B-LOC", "I-LOC"}},
		{"type change", []string{"I-ORG", "I-LOC"}, []string{"B-ORG", "B-LOC"}},
		{"after O", []string{"O", "I-MISC"}, []string{"O", "B-MISC"}},
		{"already iob2", []string{"B-PER", "I-PER", "O", "B-ORG"}, []string{"B-PER", "I-PER", "O", "B-ORG"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := ToIOB2(tc.in); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("ToIOB2(%v) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

func TestSpans(t *testing.T) {
	tests := []struct {
		name string
		in   []string
		want []Span
	}{
		{"iob1", []string{"I-PER", "I-PER", "O", "I-LOC"}, []Span{{0, 2, "PER"}, {3, 4, "LOC"}}},
		{"iob1 B splits", []string{"I-LOC", "B-LOC"}, []Span{{0, 1, "LOC"}, {1, 2, "LOC"}}},
		{"bilou", []string{"B-ORG", "I-ORG", "L-ORG", "U-PER"}, []Span{{0, 3, "ORG"}, {3, 4, "PER"}}},
		{"none", []string{"O", "O"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Spans(tc.in); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Spans(%v) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

func TestBILOURoundTrip(t *testing.T) {
	in := []string{"B-PER", "I-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-LOC", "O", "B-MISC"}
	l := bilou(in)
	if got := iob2(l); !reflect.DeepEqual(got, in) {
		t.Errorf("iob2(bilou(x)) = %v, want %v", got, in)
	}
	for i := 1; i < len(l); i++ {
		if !allowed(l[i-1], l[i], i == len(l)-1) {
			t.Errorf("gold transition %d→%d at %d not allowed", l[i-1], l[i], i)
		}
	}
}

func FuzzReadCoNLL(f *testing.F) {
	f.Add("-DOCSTART- -X- O O\n\nAnna NNP I-PER\nsang VBD O\n")
	f.Add("a b\nc\n")
	f.Add("\n\n-DOCSTART-\nX I-\n")
	f.Fuzz(func(t *testing.T, in string) {
		file, err := ReadCoNLL(strings.NewReader(in))
		if err != nil {
			return
		}
		for _, d := range file.Docs {
			for _, s := range d.Sentences {
				if len(s.Tokens) != len(s.Lines) || (file.Tagged && len(s.Gold) != len(s.Tokens)) {
					t.Fatalf("inconsistent sentence %+v", s)
				}
				var sc Score
				if file.Tagged {
					sc.Add(s.Gold, s.Gold)
					if sc.Total.Correct != sc.Total.Gold {
						t.Fatalf("gold vs itself not perfect: %+v", sc.Total)
					}
				}
			}
		}
		var buf bytes.Buffer
		if err := WriteCoNLL(&buf, file, nil); err != nil {
			t.Fatal(err)
		}
	})
}
