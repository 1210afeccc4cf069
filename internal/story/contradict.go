package story

import (
	"strings"

	"github.com/readout/readout/internal/news"
)

// Contradictions between the sources of a story: different resolved days
// for one merged event (and different places), different casualty counts
// (the first count of each category an article states, as an interval:
// "at least nine" does not contradict 11, 7 does), and titles of one
// person that cannot both hold ("Colonel" and "Brigadier General",
// "foreign minister" and "interior minister", "deputy coordinator" and
// "coordinator"). Copies of one text never contradict each other.

const maxPerKind = 25

func contradictions(members []*member, evs []news.StoryEvent) []news.Contradiction {
	var out []news.Contradiction
	out = append(out, dateContradictions(members, evs)...)
	out = append(out, countContradictions(members)...)
	out = append(out, roleContradictions(members)...)
	return out
}

func bySeq(members []*member) map[string]*member {
	m := make(map[string]*member, len(members))
	for _, x := range members {
		m[x.sa.ArticleID] = x
	}
	return m
}

func dateContradictions(members []*member, evs []news.StoryEvent) []news.Contradiction {
	var out []news.Contradiction
	idx := bySeq(members)
	for _, e := range evs {
		seen := map[string]bool{}
		var firsts []news.EventEvidence
		for _, ev := range e.Evidence {
			if ev.Date == nil || ev.Date.Begin.IsZero() || ev.Date.Precision != "day" {
				continue
			}
			k := ev.Date.Begin.Format("2006-01-02")
			if !seen[k] {
				seen[k] = true
				firsts = append(firsts, ev)
			}
		}
		for i := 0; i < len(firsts); i++ {
			for j := i + 1; j < len(firsts) && len(out) < maxPerKind; j++ {
				a, b := firsts[i], firsts[j]
				ma, mb := idx[a.ArticleID], idx[b.ArticleID]
				if ma == nil || mb == nil || copies(ma, mb) {
					continue
				}
				out = append(out, news.Contradiction{Kind: "date", Subject: "date of " + eventName(e),
					A: news.Evidence{ArticleID: a.ArticleID, Site: a.Site, Start: a.Date.Start, End: a.Date.End, Text: a.Date.Text, Value: a.Date.Begin.Format("2006-01-02")},
					B: news.Evidence{ArticleID: b.ArticleID, Site: b.Site, Start: b.Date.Start, End: b.Date.End, Text: b.Date.Text, Value: b.Date.Begin.Format("2006-01-02")}})
			}
		}
	}
	return out
}

func eventName(e news.StoryEvent) string {
	s := string(e.Type)
	if e.Mode != "" {
		s += "/" + e.Mode
	}
	if len(e.Actors) > 0 {
		s += " by " + strings.Join(e.Actors, ", ")
	}
	if len(e.Recipients) > 0 {
		s += " with " + strings.Join(e.Recipients, ", ")
	}
	return s
}

// copies reports whether two members carry the same text.
func copies(a, b *member) bool {
	ra, rb := a.sa.ArticleID, b.sa.ArticleID
	if a.sa.NearDuplicateOf != "" {
		ra = a.sa.NearDuplicateOf
	}
	if b.sa.NearDuplicateOf != "" {
		rb = b.sa.NearDuplicateOf
	}
	return ra == rb
}

func countContradictions(members []*member) []news.Contradiction {
	var out []news.Contradiction
	type claim struct {
		m *member
		c countFact
	}
	byCat := map[string][]claim{}
	var cats []string
	for _, m := range members {
		if m.facts == nil {
			continue
		}
		for _, c := range m.facts.counts {
			if byCat[c.category] == nil {
				cats = append(cats, c.category)
			}
			byCat[c.category] = append(byCat[c.category], claim{m, c})
		}
	}
	for _, cat := range cats {
		cl := byCat[cat]
		seen := map[string]bool{}
		for i := 0; i < len(cl); i++ {
			for j := i + 1; j < len(cl) && len(out) < maxPerKind; j++ {
				a, b := cl[i], cl[j]
				overlapping := a.c.lo <= b.c.hi && b.c.lo <= a.c.hi
				if copies(a.m, b.m) || overlapping {
					continue
				}
				k := a.c.value + "\x00" + b.c.value
				if seen[k] {
					continue
				}
				seen[k] = true
				out = append(out, news.Contradiction{Kind: "count", Subject: "number " + cat,
					A: news.Evidence{ArticleID: a.m.sa.ArticleID, Site: a.m.sa.Site, Start: a.c.start, End: a.c.end, Text: a.c.text, Value: a.c.value},
					B: news.Evidence{ArticleID: b.m.sa.ArticleID, Site: b.m.sa.Site, Start: b.c.start, End: b.c.end, Text: b.c.text, Value: b.c.value}})
			}
		}
	}
	return out
}

// titleWords are the words of a title that carry its meaning; other
// capitalised words (nationalities, organisation names) are ignored.
var titleWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`minister foreign interior defence defense finance health justice trade prime
		home economy energy environment agriculture education humanitarian coordinator spokesman spokesperson
		spokeswoman general brigadier colonel major captain lieutenant commander chief head director secretary
		president ambassador envoy special deputy vice acting assistant interim junior senior state permanent
		representative governor mayor chairman chairwoman chair speaker senator lawmaker judge commissioner
		undersecretary under adviser advisor counsellor king queen premier chancellor marshal admiral sergeant`) {
		titleWords[w] = true
	}
}

var rankWords = map[string]bool{"deputy": true, "vice": true, "acting": true, "assistant": true, "interim": true,
	"under": true, "junior": true, "undersecretary": true}

func titleTokens(t string) map[string]bool {
	out := map[string]bool{}
	for _, f := range strings.FieldsFunc(t, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 127 || r == '-')
	}) {
		lw := strings.ToLower(f)
		if stopwords[hashString(lw)] || lw == "the" || lw == "s" {
			continue
		}
		if f[0] >= 'A' && f[0] <= 'Z' && !titleWords[lw] {
			continue // a name or nationality
		}
		if lw == "defense" {
			lw = "defence"
		}
		if lw == "spokesperson" || lw == "spokeswoman" {
			lw = "spokesman"
		}
		out[lw] = true
	}
	return out
}

// titlesCompatible: the rank words agree and one title's words contain
// the other's.
func titlesCompatible(a, b string) bool {
	ta, tb := titleTokens(a), titleTokens(b)
	if len(ta) == 0 || len(tb) == 0 {
		return true
	}
	for w := range rankWords {
		if ta[w] != tb[w] {
			return false
		}
	}
	sub := func(x, y map[string]bool) bool {
		for w := range x {
			if !y[w] {
				return false
			}
		}
		return true
	}
	return sub(ta, tb) || sub(tb, ta)
}

func roleContradictions(members []*member) []news.Contradiction {
	var out []news.Contradiction
	type holder struct {
		m *member
		r []roleFact
	}
	byEnt := map[string][]holder{}
	var ents []string
	for _, m := range members {
		if m.facts == nil {
			continue
		}
		per := map[string][]roleFact{}
		var order []string
		for _, r := range m.facts.roles {
			if per[r.entity] == nil {
				order = append(order, r.entity)
			}
			per[r.entity] = append(per[r.entity], r)
		}
		for _, id := range order {
			if byEnt[id] == nil {
				ents = append(ents, id)
			}
			byEnt[id] = append(byEnt[id], holder{m, per[id]})
		}
	}
	incompatibleWithAll := func(t string, rs []roleFact) bool {
		for _, r := range rs {
			if titlesCompatible(t, r.title) {
				return false
			}
		}
		return true
	}
	for _, id := range ents {
		hs := byEnt[id]
		seen := map[string]bool{}
		for i := 0; i < len(hs); i++ {
			for j := i + 1; j < len(hs) && len(out) < maxPerKind; j++ {
				a, b := hs[i], hs[j]
				if copies(a.m, b.m) {
					continue
				}
			pairs:
				for _, ra := range a.r {
					if !incompatibleWithAll(ra.title, b.r) {
						continue
					}
					for _, rb := range b.r {
						if !incompatibleWithAll(rb.title, a.r) {
							continue
						}
						k := strings.ToLower(ra.title) + "\x00" + strings.ToLower(rb.title)
						if seen[k] {
							break pairs
						}
						seen[k] = true
						out = append(out, news.Contradiction{Kind: "role", Subject: "title of " + ra.name,
							A: news.Evidence{ArticleID: a.m.sa.ArticleID, Site: a.m.sa.Site, Start: ra.start, End: ra.end, Text: ra.text, Value: ra.title},
							B: news.Evidence{ArticleID: b.m.sa.ArticleID, Site: b.m.sa.Site, Start: rb.start, End: rb.end, Text: rb.text, Value: rb.title}})
						break pairs
					}
				}
			}
		}
	}
	return out
}
