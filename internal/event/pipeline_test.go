package event

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/readout/readout/internal/kb"
	"github.com/readout/readout/internal/ner"
	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/quote"
	"github.com/readout/readout/internal/resolve"
	"github.com/readout/readout/internal/syntax"
	"github.com/readout/readout/internal/text"
)

var (
	pipeOnce sync.Once
	pipeSyn  *syntax.Model
	pipeRes  *resolve.Resolver
	pipeErr  error
)

// prepare runs the real upstream pipeline on a: sentences, syntax,
// entities.
func prepare(t testing.TB) func(a *news.Article) {
	t.Helper()
	pipeOnce.Do(func() {
		pipeSyn, pipeErr = syntax.Default()
		if pipeErr != nil {
			return
		}
		var m *ner.Model
		m, pipeErr = ner.Default()
		if pipeErr != nil {
			return
		}
		pipeRes = resolve.New(kb.Default(), m)
	})
	if pipeErr != nil {
		t.Fatal(pipeErr)
	}
	return func(a *news.Article) {
		a.Sentences = text.Sentences(a.Text, a.Blocks)
		pipeSyn.AnnotateArticle(a)
		a.Entities = pipeRes.Article(a)
		a.Quotes = quote.Extract(a, kb.Default())
	}
}

func analyze(t testing.TB, txt string, published time.Time) (*news.Article, []news.Event) {
	t.Helper()
	a := &news.Article{Text: txt, Published: published}
	prepare(t)(a)
	return a, Code(a, kb.Default())
}

// dump prints parses and events; run with EVENT_DUMP=1 for debugging.
func dump(a *news.Article, evs []news.Event) string {
	var b strings.Builder
	for _, s := range a.Sentences {
		for i, tk := range s.Tokens {
			fmt.Fprintf(&b, "%d %s %s %s %s %d %s\n", i, tk.Text, tk.Lemma, tk.UPOS, tk.XPOS, tk.Head, tk.Rel)
		}
	}
	for _, e := range a.Entities {
		fmt.Fprintf(&b, "ENT %s %s %s %v\n", e.ID, e.Actor, e.Type, len(e.Mentions))
	}
	for _, e := range evs {
		fmt.Fprintf(&b, "EV %s/%s %s trig=%q actors=%v recips=%v loc=%v date=%v conf=%.2f\n", e.Type, e.Mode, e.Status, e.Trigger.Text, actorCodes(e.Actors), actorCodes(e.Recipients), e.Location, e.Date, e.Confidence)
	}
	return b.String()
}

func actorCodes(as []news.EventActor) []string {
	var out []string
	for _, a := range as {
		c := a.Code
		if c == "" {
			c = a.Country
		}
		out = append(out, a.Text+"="+c)
	}
	return out
}

func TestDump(t *testing.T) {
	s := os.Getenv("EVENT_DUMP")
	if s == "" {
		t.Skip("set EVENT_DUMP to a sentence")
	}
	a, evs := analyze(t, s, time.Date(2025, 10, 22, 0, 0, 0, 0, time.UTC))
	t.Log("\n" + dump(a, evs))
}

// TestSeedsDump prints the events of the text files in $EVENT_SEEDS (a
// directory given on the command line; nothing is copied).
func TestSeedsDump(t *testing.T) {
	dir := os.Getenv("EVENT_SEEDS")
	if dir == "" {
		t.Skip("set EVENT_SEEDS to a directory of .txt articles")
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, de := range ents {
		b, err := os.ReadFile(dir + "/" + de.Name())
		if err != nil {
			t.Fatal(err)
		}
		a, evs := analyze(t, string(b), time.Date(2025, 10, 22, 0, 0, 0, 0, time.UTC))
		t.Logf("== %s: %d sentences, %d events", de.Name(), len(a.Sentences), len(evs))
		for _, e := range evs {
			st := a.Text[e.SentenceStart:e.SentenceEnd]
			if len(st) > 160 {
				st = st[:160]
			}
			d := ""
			if e.Date != nil {
				d = e.Date.Text + "=" + e.Date.Begin.Format("2006-01-02")
			}
			loc := ""
			if e.Location != nil {
				loc = e.Location.Text + "/" + e.Location.Country
			}
			t.Logf("  %s/%s %s %q A=%v R=%v L=%s D=%s c=%.2f\n      | %s", e.Type, e.Mode, e.Status, e.Trigger.Text, actorCodes(e.Actors), actorCodes(e.Recipients), loc, d, e.Confidence, strings.ReplaceAll(st, "\n", " "))
		}
	}
}

// TestClassesDump prints the disagreements with a "sentence<TAB>class"
// file given in $EVENT_CLASSES (read in place; nothing is copied).
func TestClassesDump(t *testing.T) {
	path := os.Getenv("EVENT_CLASSES")
	if path == "" {
		t.Skip("set EVENT_CLASSES to a sentence<TAB>class file")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	prep := prepare(t)
	k := kb.Default()
	var conf [5][5]int
	for n, line := range strings.Split(string(b), "\n") {
		i := strings.LastIndexByte(line, '\t')
		if i < 0 {
			continue
		}
		c := int(line[i+1] - '0')
		if c < 0 || c > 4 {
			continue
		}
		a := &news.Article{Text: line[:i]}
		prep(a)
		evs := Code(a, k)
		p := SentenceClass(evs)
		conf[c][p]++
		if p != c {
			var ts []string
			for _, e := range evs {
				ts = append(ts, fmt.Sprintf("%s/%s(%s)%s", e.Type, e.Mode, e.Trigger.Text, e.Status))
			}
			t.Logf("line %d: gold %d got %d %v: %s", n+1, c, p, ts, a.Text)
		}
	}
	t.Logf("confusion %v", conf)
}

// TestActorsDump prints the source-actor misses on a BIO file given in
// $EVENT_BIO (read in place; nothing is copied).
func TestActorsDump(t *testing.T) {
	path := os.Getenv("EVENT_BIO")
	if path == "" {
		t.Skip("set EVENT_BIO to a BIO actor file")
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sents, err := ReadBIO(f)
	if err != nil {
		t.Fatal(err)
	}
	prep := prepare(t)
	for n, b := range sents {
		if n > 400 {
			break
		}
		txt, spans := b.Detokenize()
		a := &news.Article{Text: txt}
		prep(a)
		evs := Code(a, kb.Default())
		j := MainEvent(evs)
		var gt []string
		for i, tg := range b.Tags {
			if strings.HasSuffix(tg, "-S") {
				gt = append(gt, b.Tokens[i])
			}
		}
		if len(gt) == 0 || j < 0 {
			continue
		}
		rec := tokensOf(evs[j].Actors, spans)
		hit := false
		for i := range rec {
			if strings.HasSuffix(b.Tags[i], "-S") {
				hit = true
			}
		}
		if !hit {
			t.Logf("%d %s/%s(%s) R=%v gold T=%q: %s", n+1, evs[j].Type, evs[j].Mode, evs[j].Trigger.Text, actorCodes(evs[j].Recipients), strings.Join(gt, " "), txt)
		}
	}
}
