package quote

import (
	"strings"
	"sync"
	"testing"

	"github.com/readout/readout/internal/kb"
	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/text"
)

// want is one expected quotation: its content, kind, speaker text and
// media chain ("" and nil when none).
type want struct {
	content string
	kind    news.QuoteKind
	speaker string
	via     []string
}

func run(t *testing.T, s string) []news.Quote {
	t.Helper()
	a := &news.Article{Text: s}
	return Extract(a, kb.Default())
}

func find(a string, qs []news.Quote, content string) *news.Quote {
	for i := range qs {
		if a[qs[i].Start:qs[i].End] == content {
			return &qs[i]
		}
	}
	return nil
}

func TestExtract(t *testing.T) {
	cases := []struct {
		name string
		text string
		want []want
	}{
		{"said after, inverted", `“The harbour is closed,” said Maria Olsen.`,
			[]want{{"The harbour is closed", news.QuoteDirect, "Maria Olsen", nil}}},
		{"name then said", `“The harbour is closed,” Maria Olsen said on Monday.`,
			[]want{{"The harbour is closed", news.QuoteDirect, "Maria Olsen", nil}}},
		{"colon before", `Maria Olsen said: “The harbour is closed.”`,
			[]want{{"The harbour is closed.", news.QuoteDirect, "Maria Olsen", nil}}},
		{"question mark", `“Who will pay for this?” asked Tomas Varga.`,
			[]want{{"Who will pay for this?", news.QuoteDirect, "Tomas Varga", nil}}},
		{"split around cue is one quote", `“We tried,” said Lars Berg. “Nobody listened.”`,
			[]want{{"We tried,” said Lars Berg. “Nobody listened.", news.QuoteDirect, "Lars Berg", nil}}},
		{"second cue makes a second quote", `“We tried,” said Lars Berg. “Nobody listened,” he added.`,
			[]want{{"We tried", news.QuoteDirect, "Lars Berg", nil}, {"Nobody listened", news.QuoteDirect, "Lars Berg", nil}}},
		{"pronoun with gender", "Anna Berg met Tomas Varga on Monday.\n\n“It went well,” she said.",
			[]want{{"It went well", news.QuoteDirect, "Anna Berg", nil}}},
		{"surname resolves to full name", "Maria Olsen spoke first.\n\n“We are ready,” Olsen said.",
			[]want{{"We are ready", news.QuoteDirect, "Maria Olsen", nil}}},
		{"multi-paragraph quote", "“The first part of it.\n\n“And the second part,” said Erik Haugland.",
			[]want{{"The first part of it.\n\n“And the second part", news.QuoteDirect, "Erik Haugland", nil}}},
		{"quote-only paragraph takes previous speaker", "“We will appeal,” said Hugo Lemaire.\n\n“The ruling is wrong.”",
			[]want{{"We will appeal", news.QuoteDirect, "Hugo Lemaire", nil}, {"The ruling is wrong.", news.QuoteDirect, "Hugo Lemaire", nil}}},
		{"speaker in previous sentence", `Prices will rise, said one analyst. “Nobody is ready.”`,
			[]want{{"Prices will rise", news.QuoteIndirect, "one analyst", nil}, {"Nobody is ready.", news.QuoteDirect, "one analyst", nil}}},
		{"British single quotes, comma outside", `‘It is over’, said Margaret Ellis.`,
			[]want{{"It is over", news.QuoteDirect, "Margaret Ellis", nil}}},
		{"straight quotes", `"We're not asking for the moon," said Denise Carter.`,
			[]want{{"We're not asking for the moon", news.QuoteDirect, "Denise Carter", nil}}},
		{"partial quote", `Haugland warned of “hundreds of lost jobs” along the coast.`,
			[]want{{"hundreds of lost jobs", news.QuotePartial, "Haugland", nil}}},
		{"scare quotes are a term", `Fishing crews spoke of a “betrayal” at the meeting.`,
			[]want{{"betrayal", news.QuoteTerm, "", nil}}},
		{"term of a strategy", `The army began the “second phase” of its plan on Monday.`,
			[]want{{"second phase", news.QuoteTerm, "", nil}}},
		{"indirect with that", `Maria Olsen said that the quota would be cut.`,
			[]want{{"the quota would be cut", news.QuoteIndirect, "Maria Olsen", nil}}},
		{"indirect after clause", `The quota will be cut next year, the ministry said.`,
			[]want{{"The quota will be cut next year", news.QuoteIndirect, "ministry", nil}}},
		{"according to", `According to the State Department, the talks will resume in May.`,
			[]want{{"the talks will resume in May", news.QuoteIndirect, "State Department", nil}}},
		{"told a medium", `Olsen told The Harbour Courier that the talks had failed.`,
			[]want{{"the talks had failed", news.QuoteIndirect, "Olsen", []string{"Harbour Courier"}}}},
		{"via chain", `According to a Meridian Wire report cited in The Harbour Courier, the talks will resume.`,
			[]want{{"the talks will resume", news.QuoteIndirect, "Meridian Wire", []string{"Harbour Courier"}}}},
		{"appositive name", `“Our members have had enough,” Pieter de Vries, a spokesman for the union, told reporters.`,
			[]want{{"Our members have had enough", news.QuoteDirect, "Pieter de Vries", nil}}},
		{"title-first appositive", `Its leader, Kari Nordby, said the ferry would run in spring.`,
			[]want{{"the ferry would run in spring", news.QuoteIndirect, "Kari Nordby", nil}}},
		{"anonymous official", `“Nothing is left to discuss,” one senior Israeli official said.`,
			[]want{{"Nothing is left to discuss", news.QuoteDirect, "one senior Israeli official", nil}}},
		{"no quote in plain narrative", `The ferry left the harbour at noon and reached the island by two.`, nil},
		{"apostrophes are not quotes", `The fishermen’s union won’t meet the ministers’ deadline.`, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			qs := run(t, c.text)
			var stmts []news.Quote
			for _, q := range qs {
				stmts = append(stmts, q)
			}
			if len(stmts) != len(c.want) {
				var got []string
				for _, q := range qs {
					got = append(got, string(q.Kind)+":"+c.text[q.Start:q.End])
				}
				t.Fatalf("got %d quotations %q, want %d", len(qs), got, len(c.want))
			}
			for _, w := range c.want {
				q := find(c.text, qs, w.content)
				if q == nil {
					t.Fatalf("no quotation %q", w.content)
				}
				if q.Kind != w.kind {
					t.Errorf("%q: kind %s, want %s", w.content, q.Kind, w.kind)
				}
				got := ""
				if q.Speaker != nil {
					got = q.Speaker.Text
				}
				if got != w.speaker {
					t.Errorf("%q: speaker %q, want %q", w.content, got, w.speaker)
				}
				var via []string
				for _, m := range q.Via {
					via = append(via, m.Name)
				}
				if strings.Join(via, ";") != strings.Join(w.via, ";") {
					t.Errorf("%q: via %q, want %q", w.content, via, w.via)
				}
			}
		})
	}
}

func TestSpeakerDetails(t *testing.T) {
	s := `“Nothing is left to discuss,” one senior Israeli official said.`
	q := run(t, s)
	if len(q) != 1 || q[0].Speaker == nil {
		t.Fatalf("got %+v", q)
	}
	sp := q[0].Speaker
	if !sp.Anonymous || sp.Type != news.SpeakerAnonymous || sp.Country != "ISR" || sp.Sector != "GOV" {
		t.Errorf("speaker = %+v, want anonymous ISR GOV", sp)
	}
	if s[sp.Start:sp.End] != "one senior Israeli official" {
		t.Errorf("speaker span = %q", s[sp.Start:sp.End])
	}
	if q[0].Cue != "said" || s[q[0].CueStart:q[0].CueEnd] != "said" {
		t.Errorf("cue = %q", q[0].Cue)
	}

	s = "Anna Berg arrived late.\n\n“It went well,” she said."
	q = run(t, s)
	if len(q) != 1 || q[0].Speaker == nil || q[0].Speaker.Ref == nil {
		t.Fatalf("got %+v", q)
	}
	if got := s[q[0].Speaker.Start:q[0].Speaker.End]; got != "she" {
		t.Errorf("mention = %q, want the pronoun", got)
	}
	if got := s[q[0].Speaker.Ref.Start:q[0].Speaker.Ref.End]; got != "Anna Berg" {
		t.Errorf("ref = %q", got)
	}
	if q[0].Sentence != 1 {
		t.Errorf("sentence = %d, want 1", q[0].Sentence)
	}
}

func TestParts(t *testing.T) {
	s := `“We tried,” said Lars Berg. “Nobody listened.”`
	q := run(t, s)
	if len(q) != 1 || len(q[0].Parts) != 2 {
		t.Fatalf("got %+v", q)
	}
	if p := q[0].Parts; s[p[0].Start:p[0].End] != "We tried" || s[p[1].Start:p[1].End] != "Nobody listened." {
		t.Errorf("parts = %q, %q", s[p[0].Start:p[0].End], s[p[1].Start:p[1].End])
	}
}

// TestUsesGivenSentences checks that Extract reads the article's own
// sentences and blocks when the text stage filled them.
func TestUsesGivenSentences(t *testing.T) {
	s := "“It is over,” said Anna Berg.\n\n“We go home.”"
	blocks := []news.Block{{Kind: news.BlockParagraph, Start: 0, End: strings.Index(s, "\n\n")}, {Kind: news.BlockParagraph, Start: strings.Index(s, "\n\n") + 2, End: len(s)}}
	a := &news.Article{Text: s, Blocks: blocks, Sentences: text.Sentences(s, blocks)}
	q := Extract(a, kb.Default())
	if len(q) != 2 || q[1].Speaker == nil || q[1].Speaker.Text != "Anna Berg" {
		t.Fatalf("got %+v", q)
	}
}

func TestNilAndEmpty(t *testing.T) {
	if q := Extract(nil, nil); q != nil {
		t.Errorf("nil article: %v", q)
	}
	if q := Extract(&news.Article{}, nil); q != nil {
		t.Errorf("empty article: %v", q)
	}
	// without a KB the extractor still works on token patterns.
	q := Extract(&news.Article{Text: `“We tried,” said Lars Berg.`}, nil)
	if len(q) != 1 || q[0].Speaker == nil || q[0].Speaker.Text != "Lars Berg" {
		t.Errorf("no KB: %+v", q)
	}
}

func TestConcurrent(t *testing.T) {
	gold := loadGold(t)
	k := kb.Default()
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, g := range gold {
				Extract(&news.Article{Text: g.Text}, k)
			}
		}()
	}
	wg.Wait()
}

func TestReadGoldErrors(t *testing.T) {
	for name, in := range map[string]string{
		"bad json":     `{"id":`,
		"out of range": `{"id":"x","text":"abc","quotes":[{"start":1,"end":9,"kind":"direct"}]}`,
		"bad kind":     `{"id":"x","text":"abc","quotes":[{"start":0,"end":2,"kind":"rumour"}]}`,
	} {
		if _, err := ReadGold(strings.NewReader(in)); err == nil || !news.IsKind(err, news.KindInvalid) {
			t.Errorf("%s: err = %v, want invalid", name, err)
		}
	}
}

func TestSameSpeaker(t *testing.T) {
	cases := []struct {
		gold, got string
		ok        bool
	}{
		{"Maria Olsen", "Olsen", true},
		{"Maria Olsen", "Anna Olsen", true},
		{"the State Department", "State Department", true},
		{"one senior official", "senior official", false},
		{"", "", true},
		{"Maria Olsen", "", false},
		{"officials", "Officials", true},
	}
	for _, c := range cases {
		if got := SameSpeaker(c.gold, c.got); got != c.ok {
			t.Errorf("SameSpeaker(%q, %q) = %v", c.gold, c.got, got)
		}
	}
}

func TestTaggedNounIsNotACue(t *testing.T) {
	txt := "Fighting in Upper Nile state has displaced thousands, aid workers said."
	a := &news.Article{Text: txt}
	a.Sentences = text.Sentences(txt, nil)
	for i := range a.Sentences[0].Tokens {
		tk := &a.Sentences[0].Tokens[i]
		tk.UPOS = "X"
		if tk.Text == "state" {
			tk.UPOS = "NOUN"
		}
		if tk.Text == "said" {
			tk.UPOS = "VERB"
		}
	}
	qs := Extract(a, nil)
	for _, q := range qs {
		if q.Cue == "state" {
			t.Fatalf("a token tagged NOUN was taken as a reporting verb: %+v", q)
		}
	}
	if len(qs) != 1 || qs[0].Cue != "said" || qs[0].Speaker == nil || !strings.Contains(qs[0].Speaker.Text, "aid workers") {
		t.Fatalf("want one statement by aid workers, got %+v", qs)
	}
}

func TestTranscriptLabels(t *testing.T) {
	paras := []string{
		"Reporters questioned the two envoys in Lisbon on Friday.",
		`Question: Will the corridor stay open?`,
		`Haugen-Lund: “It will stay open as long as both sides keep their word.”`,
		`M. Okafor: “We have asked for observers at every crossing.”`,
		`The talks resume next week: “progress is slow,” one aide admitted.`,
	}
	txt := strings.Join(paras, "\n\n")
	var blocks []news.Block
	off := 0
	for _, p := range paras {
		blocks = append(blocks, news.Block{Kind: news.BlockParagraph, Start: off, End: off + len(p)})
		off += len(p) + 2
	}
	a := &news.Article{Text: txt, Blocks: blocks}
	a.Sentences = text.Sentences(txt, blocks)
	speakers := map[string]string{}
	for _, q := range Extract(a, nil) {
		if q.Speaker != nil {
			speakers[txt[q.Start:min(q.End, q.Start+12)]] = q.Speaker.Text
		}
	}
	if got := speakers["It will stay"]; got != "Haugen-Lund" {
		t.Errorf("transcript label with a double-barrelled name: speaker %q", got)
	}
	if got := speakers["We have aske"]; got != "M. Okafor" {
		t.Errorf("transcript label with an initial: speaker %q", got)
	}
	if got := speakers["progress is "]; got == "The talks resume next week" {
		t.Errorf("a colon inside a sentence is not a transcript label")
	}
}
