package text

import (
	"strings"
	"testing"

	"github.com/readout/readout/internal/conllu"
)

const goldSample = `# newdoc id = d1
# newpar id = p1
# text = Mayor Ilse Brandt didn't sign.
1	Mayor	_	_	_	_	0	_	_	_
2	Ilse	_	_	_	_	0	_	_	_
3	Brandt	_	_	_	_	0	_	_	_
4-5	didn't	_	_	_	_	_	_	_	_
4	did	_	_	_	_	0	_	_	_
5	n't	_	_	_	_	0	_	_	_
6	sign	_	_	_	_	0	_	_	SpaceAfter=No
7	.	_	_	_	_	0	_	_	_

1	Talks	_	_	_	_	0	_	_	_
2	resume	_	_	_	_	0	_	_	_
3	Monday	_	_	_	_	0	_	_	SpaceAfter=No
4	.	_	_	_	_	0	_	_	_

# newpar id = p2
1	Flood	_	_	_	_	0	_	_	_
2	warning	_	_	_	_	0	_	_	_

# newdoc id = d2
1	Rain	_	_	_	_	0	_	_	_
2	fell	_	_	_	_	0	_	_	_
3	on	_	_	_	_	0	_	_	_
4	the	_	_	_	_	0	_	_	_
5	camp-site	_	_	_	_	0	_	_	_

`

func TestScore(t *testing.T) {
	sents, err := conllu.Read(strings.NewReader(goldSample))
	if err != nil {
		t.Fatal(err)
	}
	docs := buildGoldDocs(sents)
	if len(docs) != 2 {
		t.Fatalf("got %d documents, want 2", len(docs))
	}
	if want := "Mayor Ilse Brandt didn't sign. Talks resume Monday.\n\nFlood warning"; docs[0].text != want {
		t.Errorf("rebuilt text %q, want %q", docs[0].text, want)
	}
	if len(docs[0].blocks) != 2 {
		t.Errorf("blocks = %+v", docs[0].blocks)
	}
	r := Score(sents, 10)
	if r.Documents != 2 || r.Sentences.Gold != 4 || r.Words.Gold != 18 || r.Tokens.Gold != 17 {
		t.Fatalf("counts: %+v", r)
	}
	if r.Sentences.F1 != 1 {
		t.Errorf("sentence F1 = %v, errors %q", r.Sentences.F1, r.Errors)
	}
	// All match but the gold "camp-site", which readout splits in three.
	if r.Words.System != 20 || r.Words.Correct != 17 {
		t.Errorf("words = %+v", r.Words)
	}
	if r.Tokens.System != 19 || r.Tokens.Correct != 16 {
		t.Errorf("tokens = %+v (clitic pieces must be merged back)", r.Tokens)
	}
	if len(r.Errors) != 1 || !strings.Contains(r.Errors[0], "camp-site") {
		t.Errorf("errors = %q", r.Errors)
	}
}
