package story

import (
	"strings"
	"testing"
)

func TestReadGoldErrors(t *testing.T) {
	for name, in := range map[string]string{
		"not json":       "{nope\n",
		"no id":          `{"text":"x","story":"A"}`,
		"no story":       `{"id":"a","text":"x"}`,
		"no text":        `{"id":"a","story":"A"}`,
		"repeated id":    `{"id":"a","text":"x","story":"A"}` + "\n" + `{"id":"a","text":"y","story":"A"}`,
		"forward dup":    `{"id":"a","text":"x","story":"A","duplicate_of":"b"}`,
		"unknown field":  `{"id":"a","text":"x","story":"A","stroy":"B"}`,
		"bad published":  `{"id":"a","text":"x","story":"A","published":"yesterday"}`,
		"trailing value": `{"id":"a","text":"x","story":"A"} 5`,
	} {
		if _, err := ReadGold(strings.NewReader(in)); err == nil {
			t.Errorf("%s: no error", name)
		} else if strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: error spans lines: %q", name, err)
		}
	}
	got, err := ReadGold(strings.NewReader("\n" + `{"id":"a","text":"x","story":"A"}` + "\n\n" + `{"id":"b","text":"x","story":"A","duplicate_of":"a"}`))
	if err != nil || len(got) != 2 || got[1].DuplicateOf != "a" {
		t.Fatalf("ReadGold = %+v, %v", got, err)
	}
}

// FuzzReadGold: arbitrary input never panics, and whatever is accepted
// runs through the engine.
func FuzzReadGold(f *testing.F) {
	f.Add(`{"id":"a","site":"X","published":"2026-03-01T10:00:00Z","title":"T","text":"Some words here for a story.","story":"A"}`)
	f.Add(`{"id":"a","text":"x","story":"A"}` + "\n" + `{"id":"b","text":"x","story":"A","duplicate_of":"a"}`)
	f.Add("{\"id\":\"a\",\"text\":\"\xff\xfe caf\u00e9 \u2019s\",\"story\":\"A\"}")
	f.Fuzz(func(t *testing.T, in string) {
		gold, err := ReadGold(strings.NewReader(in))
		if err != nil {
			return
		}
		s, e := Evaluate(gold, Options{}, nil)
		if s.Articles != len(gold) || len(e.All()) == 0 && len(gold) > 0 {
			t.Fatalf("%d articles scored of %d", s.Articles, len(gold))
		}
	})
}
