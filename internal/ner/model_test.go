package ner

import (
	"bytes"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/readout/readout/internal/news"
)

func defaultModel(t testing.TB) *Model {
	t.Helper()
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// Sentences written for these tests; the people and companies are
// invented, the places real.
func TestTag(t *testing.T) {
	m := defaultModel(t)
	tests := []struct {
		name string
		text string
		want []Span
	}{
		{"person and city", "Maria Lindqvist flew to Berlin on Tuesday .",
			[]Span{{0, 2, "PER"}, {4, 5, "LOC"}}},
		{"country and nationality", "The French government sent aid to Kenya .",
			[]Span{{1, 2, "MISC"}, {6, 7, "LOC"}}},
		{"organisation", "Shares of Norvalis Corp fell 3 percent in London trading .",
			[]Span{{2, 4, "ORG"}, {8, 9, "LOC"}}},
		{"said pattern", "\" We will appeal , \" said Tomas Okafor , a spokesman for the United Nations .",
			[]Span{{7, 9, "PER"}, {14, 16, "ORG"}}},
		{"no entities", "the rain stopped before noon and the roads dried .", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			toks := strings.Fields(tc.text)
			tags := m.Tag(toks)
			if len(tags) != len(toks) {
				t.Fatalf("%d tags for %d tokens", len(tags), len(toks))
			}
			for i, tg := range tags {
				if tg != "O" && !strings.HasPrefix(tg, "B-") && !strings.HasPrefix(tg, "I-") {
					t.Fatalf("tag %d = %q is not IOB2", i, tg)
				}
				if strings.HasPrefix(tg, "I-") && (i == 0 || tags[i-1][2:] != tg[2:] || tags[i-1] == "O") {
					t.Fatalf("ill-formed IOB2 %v", tags)
				}
			}
			if got := Spans(tags); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("spans = %v, want %v (tags %v)", got, tc.want, tags)
			}
		})
	}
}

func TestTagEdgeCases(t *testing.T) {
	m := defaultModel(t)
	if got := m.Tag(nil); len(got) != 0 {
		t.Errorf("Tag(nil) = %v", got)
	}
	if got := m.Tag([]string{""}); len(got) != 1 {
		t.Errorf("Tag([\"\"]) = %v", got)
	}
	odd := []string{"\xff\xfe", "ÅÄÖ", "日本", strings.Repeat("x", 10000), "-", "U.S."}
	if got := m.Tag(odd); len(got) != len(odd) {
		t.Errorf("Tag(odd) = %v", got)
	}
}

// The document history lets a later, ambiguous mention take the type of
// an earlier clear one.
func TestTagDocumentConsistency(t *testing.T) {
	m := defaultModel(t)
	doc := [][]string{
		strings.Fields("Prime Minister Halvard Brekke arrived in Norway on Monday ."),
		strings.Fields("BREKKE SAYS TALKS WILL CONTINUE"),
		strings.Fields("Brekke said the talks would continue ."),
	}
	got := m.TagDocument(doc)
	for i, want := range [][]Span{{{2, 4, "PER"}, {6, 7, "LOC"}}, {{0, 1, "PER"}}, {{0, 1, "PER"}}} {
		if s := Spans(got[i]); !reflect.DeepEqual(s, want) {
			t.Errorf("sentence %d: spans %v, want %v (tags %v)", i, s, want, got[i])
		}
	}
}

func TestArticle(t *testing.T) {
	m := defaultModel(t)
	text := "Maria Lindqvist visited Nairobi ."
	a := &news.Article{Text: text}
	var toks []news.Token
	off := 0
	for _, w := range strings.Fields(text) {
		i := strings.Index(text[off:], w) + off
		toks = append(toks, news.Token{Start: i, End: i + len(w), Text: w, Head: -1})
		off = i + len(w)
	}
	a.Sentences = []news.Sentence{{Start: 0, End: len(text), Tokens: toks}}
	ms := m.Article(a)
	if len(ms) != 2 {
		t.Fatalf("mentions = %+v", ms)
	}
	want := []Mention{
		{Start: 0, End: 15, TokStart: 0, TokEnd: 2, Type: "PER", Text: "Maria Lindqvist"},
		{Start: 24, End: 31, TokStart: 3, TokEnd: 4, Type: "LOC", Text: "Nairobi"},
	}
	for i, w := range want {
		g := ms[i]
		if g.Score <= 0 || g.Score > 1 {
			t.Errorf("mention %d score %v not in (0,1]", i, g.Score)
		}
		g.Score = 0
		if g != w {
			t.Errorf("mention %d = %+v, want %+v", i, g, w)
		}
	}
	if got := m.Article(&news.Article{}); len(got) != 0 {
		t.Errorf("empty article: %v", got)
	}
}

func TestWithGazetteer(t *testing.T) {
	m := defaultModel(t)
	g := m.WithGazetteer(map[string]string{"Quillon Vastra": "ORG", "ignored": "FOOD"})
	if got := g.Gazetteer()["quillon vastra"]; !reflect.DeepEqual(got, []string{"ORG"}) {
		t.Errorf("gazetteer entry = %v", got)
	}
	if _, ok := m.Gazetteer()["quillon vastra"]; ok {
		t.Error("WithGazetteer changed the original model")
	}
	if _, ok := g.Gazetteer()["ignored"]; ok {
		t.Error("entry with unknown type was added")
	}
	// the model still tags with the extended gazetteer
	toks := strings.Fields("He joined Quillon Vastra last year .")
	if got := g.Tag(toks); len(got) != len(toks) {
		t.Fatalf("tags = %v", got)
	}
}

func TestSaveLoadRoundTrip(t *testing.T) {
	m := defaultModel(t)
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
	m2, err := Load(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(m.index, m2.index) || !reflect.DeepEqual(m.rows, m2.rows) || m.scale != m2.scale {
		t.Error("weights differ after round trip")
	}
	if !reflect.DeepEqual(m.res.gaz, m2.res.gaz) || !reflect.DeepEqual(m.res.clusters, m2.res.clusters) {
		t.Error("gazetteer or clusters differ after round trip")
	}
	toks := strings.Fields("Maria Lindqvist flew to Berlin .")
	if a, b := m.Tag(toks), m2.Tag(toks); !reflect.DeepEqual(a, b) {
		t.Errorf("tags differ: %v vs %v", a, b)
	}
}

func TestLoadBad(t *testing.T) {
	var gz bytes.Buffer
	m := defaultModel(t)
	if err := m.Save(&gz); err != nil {
		t.Fatal(err)
	}
	tests := map[string][]byte{
		"empty":     nil,
		"not gzip":  []byte("hello"),
		"truncated": gz.Bytes()[:gz.Len()/2],
	}
	for name, in := range tests {
		t.Run(name, func(t *testing.T) {
			if _, err := Load(bytes.NewReader(in)); !news.IsKind(err, news.KindInvalid) {
				t.Errorf("err = %v, want KindInvalid", err)
			}
		})
	}
}

func TestConcurrentTag(t *testing.T) {
	m := defaultModel(t)
	toks := strings.Fields("Maria Lindqvist flew to Berlin on Tuesday .")
	want := m.Tag(toks)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				if got := m.Tag(toks); !reflect.DeepEqual(got, want) {
					t.Errorf("concurrent tags %v, want %v", got, want)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// benchText is a made-up news paragraph.
const benchText = `Officials in Nairobi said on Monday that the Kestrel Mining Company
had agreed to pay 40 million shillings to farmers near Lake Naivasha . Maria
Lindqvist , the company 's chief executive , told reporters in London that
the deal ended a dispute that began in 2019 . Tomas Okafor of the Kenya
Farmers Union said the payment was " a first step " but that talks with the
Ministry of Agriculture would continue next week in Mombasa .`

func benchSentences() [][]string {
	var out [][]string
	var cur []string
	for _, w := range strings.Fields(benchText) {
		cur = append(cur, w)
		if w == "." {
			out = append(out, cur)
			cur = nil
		}
	}
	return out
}

func BenchmarkTag(b *testing.B) {
	m := defaultModel(b)
	sents := benchSentences()
	n := 0
	for _, s := range sents {
		n += len(s)
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		for _, s := range sents {
			m.Tag(s)
		}
	}
	reportSpeed(b, n, cpu0)
}

func BenchmarkTagDocument(b *testing.B) {
	m := defaultModel(b)
	sents := benchSentences()
	n := 0
	for _, s := range sents {
		n += len(s)
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		m.TagDocument(sents)
	}
	reportSpeed(b, n, cpu0)
}

// reportSpeed reports tokens per wall-clock second and, where the platform
// tells, tokens per CPU second of the process (the figure that matters when
// other jobs share the cores).
func reportSpeed(b *testing.B, tokensPerOp int, cpu0 time.Duration) {
	total := float64(tokensPerOp) * float64(b.N)
	b.ReportMetric(total/b.Elapsed().Seconds(), "tokens/s")
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(total/cpu.Seconds(), "tokens/cpu-s")
	}
}
