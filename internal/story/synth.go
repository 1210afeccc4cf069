package story

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/readout/readout/internal/news"
)

// Synth generates a deterministic stream of synthetic articles for
// benchmarks: stories of 2–8 articles from many outlets, each article
// mixing common words (Zipf-distributed over a 40,000-word vocabulary)
// with words of its story's topic, about 20% of them copies of an
// earlier article of the story with page furniture added and the last
// paragraph trimmed. About 10,000 articles are published per simulated
// day. The text is made of pseudo-words; there are no entities or events
// (the text-only path).
type Synth struct {
	rng    *rand.Rand
	zipf   *rand.Zipf
	t      time.Time
	n      int
	active []*synthStory
	next   int
}

type synthStory struct {
	label  int
	topic  []int
	left   int
	texts  []string // originals, for copies
	ids    []string
	titles []string
}

// SynthItem is one generated article with its labels.
type SynthItem struct {
	Article *news.Article
	Story   int    // the story label
	CopyOf  string // the article ID of the original when this is a copy
}

// NewSynth returns a generator; the same seed gives the same stream.
func NewSynth(seed uint64) *Synth {
	r := rand.New(rand.NewPCG(seed, seed^0xda3e39cb94b95bdb))
	return &Synth{rng: r, zipf: rand.NewZipf(r, 1.1, 2, 39999),
		t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
}

var syllables = []string{"ka", "lo", "mi", "ne", "ru", "ta", "vo", "shi", "pe", "da", "gu", "ba", "ri", "so", "fe", "zu", "wa", "ki", "no", "me"}

// pseudoWord spells word number i.
func pseudoWord(i int, sb *strings.Builder) {
	sb.WriteString(syllables[i%20])
	i /= 20
	for {
		sb.WriteString(syllables[i%20])
		i /= 20
		if i == 0 {
			break
		}
	}
}

const synthActive = 400

// Next returns the next article.
func (g *Synth) Next() SynthItem {
	g.n++
	g.t = g.t.Add(8640 * time.Millisecond)
	// pick a story: a new one when too few are active
	var s *synthStory
	if len(g.active) < synthActive || g.rng.IntN(4) == 0 {
		s = &synthStory{label: g.next, left: 2 + g.rng.IntN(7)}
		g.next++
		s.topic = make([]int, 30)
		for i := range s.topic {
			s.topic[i] = 40000 + g.rng.IntN(2_000_000)
		}
		if len(g.active) >= synthActive {
			k := g.rng.IntN(len(g.active))
			g.active[k] = g.active[len(g.active)-1]
			g.active = g.active[:len(g.active)-1]
		}
		g.active = append(g.active, s)
	} else {
		s = g.active[g.rng.IntN(len(g.active))]
	}
	s.left--
	if s.left <= 0 {
		for i, x := range g.active {
			if x == s {
				g.active[i] = g.active[len(g.active)-1]
				g.active = g.active[:len(g.active)-1]
				break
			}
		}
	}
	id := fmt.Sprintf("a%016x", g.n)
	site := fmt.Sprintf("Outlet %d", g.rng.IntN(500))
	a := &news.Article{ID: id, Site: site, URL: "https://outlet" + site[7:] + ".example/" + id, Published: g.t}
	item := SynthItem{Article: a, Story: s.label}
	if len(s.texts) > 0 && g.rng.IntN(5) == 0 {
		k := g.rng.IntN(len(s.texts))
		text := s.texts[k]
		if i := strings.LastIndex(text, "\n\n"); i > len(text)/2 && g.rng.IntN(2) == 0 {
			text = text[:i] // trimmed last paragraph
		}
		a.Text = "Share this article. Subscribe to our newsletter.\n\n" + text + "\n\nRead more: most popular stories today."
		a.Title = "Copy: " + s.titles[k]
		item.CopyOf = s.ids[k]
		return item
	}
	var sb strings.Builder
	sb.Grow(2048)
	nw := 180 + g.rng.IntN(160)
	for i := 0; i < nw; i++ {
		if i > 0 {
			if i%60 == 0 {
				sb.WriteString(".\n\n")
			} else if i%12 == 0 {
				sb.WriteString(". ")
			} else {
				sb.WriteByte(' ')
			}
		}
		if g.rng.IntN(10) < 3 {
			pseudoWord(s.topic[g.rng.IntN(len(s.topic))], &sb)
		} else {
			pseudoWord(int(g.zipf.Uint64()), &sb)
		}
	}
	sb.WriteByte('.')
	a.Text = sb.String()
	var tb strings.Builder
	for i := 0; i < 6; i++ {
		if i > 0 {
			tb.WriteByte(' ')
		}
		pseudoWord(s.topic[g.rng.IntN(len(s.topic))], &tb)
	}
	a.Title = tb.String()
	s.texts = append(s.texts, a.Text)
	s.titles = append(s.titles, a.Title)
	s.ids = append(s.ids, id)
	item.CopyOf = ""
	return item
}
