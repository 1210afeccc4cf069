package syntax

import (
	"testing"

	"github.com/readout/readout/internal/news"
)

// Sentences in these tests are written for them (fictional people and
// events).

func embeddedModel(t *testing.T) *Model {
	t.Helper()
	m, err := Default()
	if err != nil {
		t.Fatalf("embedded model: %v", err)
	}
	return m
}

func annotate(t *testing.T, s string) news.Sentence {
	t.Helper()
	ns := sentence(s)
	embeddedModel(t).Annotate(&ns, "")
	checkTree(t, ns)
	return ns
}

func find(t *testing.T, s news.Sentence, form string) int {
	t.Helper()
	for i, tok := range s.Tokens {
		if tok.Text == form {
			return i
		}
	}
	t.Fatalf("no token %q", form)
	return -1
}

func dump(s news.Sentence) string {
	out := ""
	for i, t := range s.Tokens {
		out += "\n" + itoa(i) + " " + t.Text + " " + t.UPOS + " " + t.XPOS + " " + t.Lemma + " " + t.Rel + " -> " + itoa(t.Head+1)
	}
	return out
}

func TestNewsSimpleClause(t *testing.T) {
	s := annotate(t, "The foreign minister visited Nairobi on Tuesday .")
	v, subj, obj := find(t, s, "visited"), find(t, s, "minister"), find(t, s, "Nairobi")
	if s.Tokens[v].Head != -1 || s.Tokens[subj].Head != v || s.Tokens[subj].Rel != "nsubj" ||
		s.Tokens[obj].Head != v || s.Tokens[obj].Rel != "obj" || s.Tokens[v].UPOS != "VERB" || s.Tokens[v].Lemma != "visit" {
		t.Fatalf("unexpected analysis:%s", dump(s))
	}
}

// UD English treebanks make the quotation the root when it comes first
// ("X," he said: said is parataxis of X); the other common analysis makes
// said the root with the quotation as ccomp. Either is accepted.
func TestNewsQuotation(t *testing.T) {
	for _, in := range []string{
		"“ We will not stop , ” the general said .",
		"\" We will not stop , \" the general said .",
	} {
		s := annotate(t, in)
		said, stop := find(t, s, "said"), find(t, s, "stop")
		ts, tp := s.Tokens[said], s.Tokens[stop]
		quoteRoot := tp.Head == -1 && ts.Head == stop && ts.Rel == "parataxis"
		saidRoot := ts.Head == -1 && tp.Head == said && (tp.Rel == "ccomp" || tp.Rel == "parataxis")
		if !quoteRoot && !saidRoot {
			t.Errorf("%s: unexpected analysis:%s", in, dump(s))
		}
		if g := s.Tokens[find(t, s, "general")]; g.Head != said || g.Rel != "nsubj" {
			t.Errorf("%s: general is not the subject of said:%s", in, dump(s))
		}
		if q := s.Tokens[0]; q.UPOS != "PUNCT" || q.Rel != "punct" {
			t.Errorf("%s: opening quote %+v", in, q)
		}
	}
}

// A title and name form one nominal: every word of it attaches inside it
// with compound or flat, except the one that heads it, which is the
// subject. (UD makes the first word the head of a flat name; titles are
// usually compounds of the name.)
func TestNewsTitleAndName(t *testing.T) {
	s := annotate(t, "Defence Minister Anna Kowalski said the army would stay .")
	said := find(t, s, "said")
	external := 0
	for i := 0; i < 4; i++ {
		tok := s.Tokens[i]
		if tok.Head >= 0 && tok.Head < 4 {
			if tok.Rel != "compound" && tok.Rel != "flat" {
				t.Errorf("%q attaches with %s", tok.Text, tok.Rel)
			}
			continue
		}
		external++
		if tok.Head != said || tok.Rel != "nsubj" {
			t.Errorf("head of the name %q is %s of token %d", tok.Text, tok.Rel, tok.Head)
		}
	}
	if external != 1 || t.Failed() {
		t.Fatalf("name is not one nominal:%s", dump(s))
	}
	for _, w := range []string{"Defence", "Minister", "Anna", "Kowalski"} {
		if u := s.Tokens[find(t, s, w)].UPOS; u != "PROPN" && u != "NOUN" {
			t.Errorf("%s tagged %s", w, u)
		}
	}
}

func TestNewsCapsAndDashes(t *testing.T) {
	s := annotate(t, "PRESIDENT VISITS FLOODED VILLAGES IN THE NORTH")
	if u := s.Tokens[find(t, s, "IN")].UPOS; u != "ADP" {
		t.Errorf("IN tagged %s:%s", u, dump(s))
	}
	if u := s.Tokens[find(t, s, "THE")].UPOS; u != "DET" {
		t.Errorf("THE tagged %s:%s", u, dump(s))
	}
	s = annotate(t, "The ceasefire — agreed on Monday — held through the night .")
	dash := s.Tokens[find(t, s, "—")]
	if dash.UPOS != "PUNCT" || dash.Rel != "punct" {
		t.Errorf("em dash: %+v%s", dash, dump(s))
	}
	if held := find(t, s, "held"); s.Tokens[held].Head != -1 {
		t.Errorf("held is not the root:%s", dump(s))
	}
}
