package conllu

import (
	"bytes"
	"io"
	"reflect"
	"strings"
	"testing"
)

const sample = `# newdoc id = ledger-1
# sent_id = ledger-1-1
# text = Mayor Okafor didn't sign it.
1	Mayor	mayor	PROPN	NNP	Number=Sing	2	compound	_	_
2	Okafor	Okafor	PROPN	NNP	Number=Sing	5	nsubj	_	_
3-4	didn't	_	_	_	_	_	_	_	_
3	did	do	AUX	VBD	Mood=Ind	5	aux	_	_
4	n't	not	PART	RB	_	5	advmod	_	_
5	sign	sign	VERB	VB	VerbForm=Inf	0	root	_	_
6	it	it	PRON	PRP	_	5	obj	_	SpaceAfter=No
7	.	.	PUNCT	.	_	5	punct	_	_

# sent_id = ledger-1-2
1	Rain	rain	NOUN	NN	_	2	nsubj	2:nsubj	_
1.1	fell	fall	VERB	VBD	_	_	_	0:root	_
2	fell	fall	VERB	VBD	_	0	root	0:root	SpaceAfter=No
3	!	!	PUNCT	.	_	2	punct	2:punct	_

`

func TestRead(t *testing.T) {
	sents, err := Read(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	if len(sents) != 2 {
		t.Fatalf("got %d sentences, want 2", len(sents))
	}
	s := sents[0]
	if got := len(s.Words); got != 7 {
		t.Errorf("words = %d, want 7", got)
	}
	if id, _ := s.Meta("sent_id"); id != "ledger-1-1" {
		t.Errorf("sent_id = %q", id)
	}
	if _, ok := s.Meta("newdoc id"); !ok {
		t.Errorf("newdoc id missing")
	}
	if s.Words[4].Head != 0 || s.Words[0].Head != 2 || s.Words[3].Lemma != "not" {
		t.Errorf("bad word fields: %+v", s.Words)
	}
	toks := s.Tokens()
	var forms []string
	for _, tk := range toks {
		forms = append(forms, tk.Form)
	}
	if want := []string{"Mayor", "Okafor", "didn't", "sign", "it", "."}; !reflect.DeepEqual(forms, want) {
		t.Errorf("tokens = %q, want %q", forms, want)
	}
	if toks[4].SpaceAfter || !toks[3].SpaceAfter {
		t.Errorf("SpaceAfter wrong: %+v", toks)
	}
	s2 := sents[1]
	if len(s2.Empty) != 1 || s2.Empty[0].After != 1 || s2.Empty[0].Index != 1 {
		t.Errorf("empty nodes = %+v", s2.Empty)
	}
	if got := s2.Text(); got != "Rain fell!" {
		t.Errorf("rebuilt text = %q", got)
	}
}

func TestRoundTrip(t *testing.T) {
	sents, err := Read(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := Write(&b, sents); err != nil {
		t.Fatal(err)
	}
	if b.String() != sample {
		t.Errorf("round trip differs:\n%s", b.String())
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"too few fields", "1\tA\tA\n", "line 1"},
		{"too many fields", "1\ta\ta\tX\tX\t_\t0\troot\t_\t_\t_\n", "10 tab-separated"},
		{"bad id", "x\ta\ta\tX\tX\t_\t0\troot\t_\t_\n", "bad word ID"},
		{"skipped id", "2\ta\ta\tX\tX\t_\t0\troot\t_\t_\n", "bad word ID"},
		{"bad head", "1\ta\ta\tX\tX\t_\tz\troot\t_\t_\n", "bad head"},
		{"bad range", "2-1\ta\t_\t_\t_\t_\t_\t_\t_\t_\n", "multiword"},
		{"empty field", "1\t\ta\tX\tX\t_\t0\troot\t_\t_\n", "empty"},
		{"line number", "# c\n1\ta\ta\tX\tX\t_\t0\troot\t_\t_\n\n1\tb\n", "line 4"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read(strings.NewReader(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want containing %q", err, tc.want)
			}
		})
	}
}

func TestReaderEOF(t *testing.T) {
	r := NewReader(strings.NewReader("\n\n"))
	if _, err := r.Next(); err != io.EOF {
		t.Fatalf("err = %v, want io.EOF", err)
	}
}

func TestSpaceAfter(t *testing.T) {
	for misc, want := range map[string]bool{
		"_": true, "SpaceAfter=No": false, "Lang=en|SpaceAfter=No": false, "SpaceAfter=Yes": true, "SpacesAfter=\\n": true,
	} {
		if got := SpaceAfter(misc); got != want {
			t.Errorf("SpaceAfter(%q) = %v", misc, got)
		}
	}
}

func FuzzRead(f *testing.F) {
	f.Add(sample)
	f.Add("1-1\t0\t0\t0\t0\t0\t0\t0\t0\t0")
	f.Add("1\ta\t_\t_\t_\t_\t_\t_\t_\t_\n")
	f.Add("1-3\tx\t_\t_\t_\t_\t_\t_\t_\t_\n1\ta\t_\t_\t_\t_\t0\t_\t_\t_\n")
	f.Fuzz(func(t *testing.T, in string) {
		sents, err := Read(strings.NewReader(in))
		if err != nil {
			return
		}
		for i := range sents {
			sents[i].Text()
			sents[i].Tokens()
		}
		var b bytes.Buffer
		if err := Write(&b, sents); err != nil {
			t.Fatal(err)
		}
		again, err := Read(&b)
		if err != nil {
			t.Fatalf("re-reading written output: %v\n%s", err, b.String())
		}
		if len(again) != len(sents) {
			t.Fatalf("sentences %d -> %d", len(sents), len(again))
		}
		for i := range sents {
			if len(again[i].Words) != len(sents[i].Words) {
				t.Fatalf("sentence %d: words %d -> %d", i, len(sents[i].Words), len(again[i].Words))
			}
		}
	})
}
