package syntax

import (
	"strings"
	"testing"
)

func TestClusterTable(t *testing.T) {
	raw := map[string][3]int32{
		"Paris": {1, 2, 3}, "paris": {4, 5, 6}, "NATO": {7, 8, 9}, "2024": {10, 11, 12}, "“": {13, 14, 15},
	}
	got := clusterTable(raw)
	want := map[string][3]int32{"paris": {4, 5, 6}, "nato": {7, 8, 9}, "9999": {10, 11, 12}, "\"": {13, 14, 15}}
	if len(got) != len(want) {
		t.Fatalf("clusterTable = %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("clusterTable[%q] = %v, want %v", k, got[k], v)
		}
	}
	if clusterTable(nil) != nil {
		t.Error("empty cluster table not nil")
	}
	// The words get the clusters as features.
	tg := &tagger{Clus: got}
	var w word
	tg.wordInfo("NATO", false, &w)
	if w.clus != [3]uint64{7, 8, 9} {
		t.Errorf("NATO clusters %v", w.clus)
	}
	tg.wordInfo("Zorblat", false, &w)
	if w.clus != [3]uint64{} {
		t.Errorf("unknown word clusters %v", w.clus)
	}
}

// TestSecondPassGating checks that the second pass re-tags exactly the
// words it should: every scored word when Margin2 is 0, none of them
// when no first-pass margin is that small, never a dictionary word.
func TestSecondPassGating(t *testing.T) {
	m := trainTiny(t)
	tg := *m.tag
	nc := len(tg.Classes)
	const target = 0
	tw := newTrainWeights(1, nc)
	for r := 0; r < 2; r++ {
		tw.w[r*nc+target] = 100
	}
	tg.W2 = tw.compact(0)
	forms := strings.Fields("the farmer visited the cars near the river")
	ws := make([]word, len(forms))
	tg.prepare(forms, ws)
	scored := 0
	for i := range ws {
		if ws[i].dict < 0 {
			scored++
		}
	}
	if scored == 0 {
		t.Fatal("every word is in the tag dictionary; the test needs scored words")
	}
	base := make([]int32, len(forms))
	plain := tg
	plain.W2 = nil
	plain.tagWith(ws, base, nil, make([]float32, nc), plain.W.score)

	out := make([]int32, len(forms))
	tg.Margin2 = 0
	tg.tagWith(ws, out, nil, make([]float32, nc), tg.W.score)
	for i := range out {
		want := int32(target)
		if ws[i].dict >= 0 {
			want = base[i]
		}
		if out[i] != want {
			t.Errorf("margin 0: word %d (%s) = %s, want %s", i, forms[i], tg.Classes[out[i]], tg.Classes[want])
		}
	}
	tg.Margin2 = 1e-12
	tg.tagWith(ws, out, nil, make([]float32, nc), tg.W.score)
	for i := range out {
		if out[i] != base[i] {
			t.Errorf("tiny margin: word %d (%s) re-tagged %s, first pass %s", i, forms[i], tg.Classes[out[i]], tg.Classes[base[i]])
		}
	}
}
