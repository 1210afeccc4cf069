package story

import (
	"strconv"
	"strings"

	"github.com/readout/readout/internal/news"
)

// facts are what the engine keeps of an article to merge events and find
// contradictions: its events with their sentences, the titles it gives
// people and the casualty counts it states.
type facts struct {
	events []evFact
	roles  []roleFact
	counts []countFact
}

type evFact struct {
	ev       news.Event
	index    int
	sentence string
}

type roleFact struct {
	entity, name, title string
	start, end          int
	text                string
}

// countFact is a number of people stated with a category ("killed"),
// as the interval [lo, hi] the words allow ("at least nine": [9, ∞)).
type countFact struct {
	category   string
	lo, hi     float64
	value      string
	start, end int // the sentence
	text       string
}

// extractFacts returns nil for an article without sentences, entities
// or events (the text-only path).
func extractFacts(a *news.Article) *facts {
	if len(a.Events) == 0 && len(a.Entities) == 0 && len(a.Sentences) == 0 {
		return nil
	}
	f := &facts{}
	for i, ev := range a.Events {
		x := ev
		x.Trigger = ev.Trigger
		s := ""
		if ev.SentenceStart >= 0 && ev.SentenceEnd <= len(a.Text) && ev.SentenceStart < ev.SentenceEnd {
			s = a.Text[ev.SentenceStart:ev.SentenceEnd]
		}
		f.events = append(f.events, evFact{ev: x, index: i, sentence: s})
	}
	for _, en := range a.Entities {
		if en.ID == "" {
			continue
		}
		for _, r := range en.Roles {
			if r.Pattern == "kb" || r.Former || r.Title == "" || r.Start < 0 || r.End > len(a.Text) || r.Start >= r.End {
				continue
			}
			f.roles = append(f.roles, roleFact{entity: en.ID, name: en.Name, title: r.Title,
				start: r.Start, end: r.End, text: a.Text[r.Start:r.End]})
		}
	}
	seen := map[string]bool{}
	for _, s := range a.Sentences {
		if s.Start < 0 || s.End > len(a.Text) || s.Start >= s.End {
			continue
		}
		for _, c := range findCounts(a.Text[s.Start:s.End]) {
			if seen[c.category] {
				continue // the first statement per category is the article's claim
			}
			seen[c.category] = true
			c.start, c.end, c.text = s.Start, s.End, a.Text[s.Start:s.End]
			f.counts = append(f.counts, c)
		}
	}
	return f
}

// Casualty vocabulary: the word → the category it states.
var countCategory = map[string]string{
	"killed": "killed", "dead": "killed", "died": "killed", "deaths": "killed", "death": "killed", "killing": "killed",
	"wounded": "wounded", "injured": "wounded", "injuring": "wounded", "wounding": "wounded", "hurt": "wounded",
	"displaced": "displaced", "missing": "missing", "arrested": "arrested", "detained": "arrested",
	"abducted": "abducted", "kidnapped": "abducted",
}

var numberWords = map[string]float64{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
	"eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
	"eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "dozen": 12,
	"hundred": 100,
}

// qualifiers turn a number into an interval.
var lowerBound = map[string]bool{"least": true, "than": true, "over": true, "exceeding": true}
var approx = map[string]bool{"about": true, "around": true, "nearly": true, "almost": true, "some": true,
	"approximately": true, "roughly": true, "estimated": true, "dozen": true}

type tok struct {
	s          string
	start, end int
}

func sentenceTokens(s string) []tok {
	var out []tok
	i := 0
	for i < len(s) {
		c := s[i]
		if isWordByte(c) {
			j := i
			for j < len(s) && (isWordByte(s[j]) || (s[j] == ',' || s[j] == '.') && j+1 < len(s) && s[j+1] >= '0' && s[j+1] <= '9' && j > i && s[j-1] >= '0' && s[j-1] <= '9') {
				j++
			}
			out = append(out, tok{strings.ToLower(s[i:j]), i, j})
			i = j
			continue
		}
		i++
	}
	return out
}

func numberOf(w string) (float64, bool) {
	if v, ok := numberWords[w]; ok {
		return v, true
	}
	if w == "" || w[0] < '0' || w[0] > '9' {
		return 0, false
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(w, ",", ""), 64)
	if err != nil || v > 1e7 {
		return 0, false
	}
	if v >= 1900 && v <= 2100 && !strings.Contains(w, ",") {
		return 0, false // a year
	}
	return v, true
}

// findCounts finds "N people were killed", "killing N", "at least nine
// dead" in a sentence.
func findCounts(s string) []countFact {
	ts := sentenceTokens(s)
	var out []countFact
	for i, t := range ts {
		n, ok := numberOf(t.s)
		if !ok {
			continue
		}
		// the category: within the next 5 tokens, or the 2 before ("killing at least 7")
		cat := ""
		for j := i + 1; j < len(ts) && j <= i+5; j++ {
			if _, isNum := numberOf(ts[j].s); isNum && ts[j].s != "dozen" {
				break
			}
			if c, ok := countCategory[ts[j].s]; ok {
				cat = c
				break
			}
			if ts[j].s == "and" || ts[j].s == "but" {
				break
			}
		}
		if cat == "" {
			for j := i - 1; j >= 0 && j >= i-3; j-- {
				if c, ok := countCategory[ts[j].s]; ok {
					cat = c
					break
				}
			}
		}
		if cat == "" {
			continue
		}
		lo, hi := n, n
		startTok := i
		if i > 0 {
			p := ts[i-1].s
			switch {
			case lowerBound[p]:
				hi = 1e12
				startTok = i - 1
				if p == "least" || p == "than" {
					startTok = i - 2
				}
			case p == "to" && i > 1 && ts[i-2].s == "up":
				lo = 0
				startTok = i - 2
			case approx[p] || t.s == "dozen" && p == "a":
				lo, hi = n*0.8, n*1.2
				startTok = i - 1
			}
		}
		if t.s == "dozen" {
			lo, hi = 10, 14
		}
		startTok = max(startTok, 0)
		out = append(out, countFact{category: cat, lo: lo, hi: hi,
			value: strings.TrimSpace(s[ts[startTok].start:t.end]) + " " + cat})
	}
	return out
}
