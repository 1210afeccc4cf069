// Package story groups articles about one happening into stories, online:
// each article added to an Engine is linked to the first copy of its text
// when it is a near-duplicate (MinHash with LSH banding), then joins the
// most similar open story (TF-IDF cosine over content words, shared
// entities and events, within a time window) or opens a new one. For each
// story it merges the event mentions of its articles into canonical events
// and lists the contradictions between sources (dates, counts, roles).
//
// It does not fetch, parse or store anything: it works on enriched
// news.Article values and returns news.StoryDetail values. See README.md
// for the algorithms and how the thresholds were tuned.
package story

import (
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/readout/readout/internal/news"
)

// Options tune an Engine. The zero value gives the defaults.
type Options struct {
	// Window is how far (by publication date, else ingest time) an article
	// may be from the last article of a story to join it; stories not
	// updated within it are closed. Default 30 days.
	Window time.Duration
	// DupWindow is how far apart two copies of one text may be. Default
	// 7 days.
	DupWindow time.Duration
	// Threshold is the least similarity (cosine minus the time penalty)
	// for an article to join a story. Default 0.45.
	Threshold float64
	// DupJaccard is the least estimated Jaccard similarity of word
	// 4-shingles for a near-duplicate. Default 0.5.
	DupJaccard float64
	// DupContainment is the least estimated containment of the shorter
	// text in the longer for a near-duplicate (a trimmed copy) when the
	// shorter has at least a third of the shingles of the longer. Default 0.7.
	DupContainment float64
	// GapPenalty is subtracted from the similarity, in proportion to the
	// time gap as a fraction of Window. Default 0.5.
	GapPenalty float64
}

func (o Options) withDefaults() Options {
	if o.Window <= 0 {
		o.Window = 30 * 24 * time.Hour
	}
	if o.DupWindow <= 0 {
		o.DupWindow = 7 * 24 * time.Hour
	}
	if o.Threshold <= 0 {
		o.Threshold = 0.45
	}
	if o.DupJaccard <= 0 {
		o.DupJaccard = 0.5
	}
	if o.DupContainment <= 0 {
		o.DupContainment = 0.7
	}
	if o.GapPenalty <= 0 {
		o.GapPenalty = 0.5
	}
	return o
}

// Engine holds the stories. It is not safe for concurrent use: call it
// from one goroutine at a time. The same articles added in the same order
// give the same stories with the same IDs.
type Engine struct {
	opt     Options
	arts    []*member
	byID    map[string]int32
	stories map[string]*story
	order   []*story // by creation
	dups    *dupIndex
	clus    *clusterer
	now     int64 // latest article time seen (seconds)
	sinceSw int
	wbuf    []word
}

// member is what the engine keeps of one article.
type member struct {
	sa    news.StoryArticle
	seq   int32
	t     int64
	story *story
	// outlet is the distinct outlet; indep the outlet of the first copy
	// of the text, for independent-source counts.
	outlet, indep string
	facts         *facts
	entities      []entRef
}

type entRef struct{ id, name, typ string }

// New returns an empty engine.
func New(opt Options) *Engine {
	opt = opt.withDefaults()
	return &Engine{opt: opt, byID: map[string]int32{}, stories: map[string]*story{},
		dups: newDupIndex(), clus: newClusterer(opt)}
}

const sweepEvery = 16384

// Add puts one article (Entities and Events filled; DuplicateOf set for
// exact duplicates) into the engine and returns the IDs of the stories it
// changed. An article whose ID was added before is ignored.
func (e *Engine) Add(a *news.Article) []string {
	if a == nil || a.ID == "" {
		return nil
	}
	if _, ok := e.byID[a.ID]; ok {
		return nil
	}
	t := articleTime(a, e.now)
	if t > e.now {
		e.now = t
	}
	m := &member{seq: int32(len(e.arts)), t: t, outlet: outlet(a)}
	m.sa = news.StoryArticle{ArticleID: a.ID, Title: a.Title, Site: a.Site, URL: a.URL, Published: a.Published}
	e.arts = append(e.arts, m)
	e.byID[a.ID] = m.seq
	m.indep = m.outlet

	e.wbuf = words(a.Text, e.wbuf[:0])
	ws := e.wbuf

	// Copies: exact duplicates first, then MinHash.
	var orig *member
	if a.DuplicateOf != "" {
		m.sa.NearDuplicateOf, m.sa.Similarity = a.DuplicateOf, 1
		if s, ok := e.byID[a.DuplicateOf]; ok {
			orig = e.arts[s]
		}
	}
	d := &dupDoc{seq: m.seq, t: t}
	long := signature(ws, d)
	if orig == nil && long {
		best, bestSim := (*dupDoc)(nil), 0.0
		e.dups.candidates(d, func(c *dupDoc) {
			if abs64(c.t-t) > int64(e.opt.DupWindow/time.Second) {
				return
			}
			j := jaccard(d, c)
			sim := j
			if j < e.opt.DupJaccard {
				small, big := min(d.n, c.n), max(d.n, c.n)
				if 3*small < big || containment(j, d, c) < e.opt.DupContainment {
					return
				}
			}
			if sim > bestSim || sim == bestSim && best != nil && c.seq < best.seq {
				best, bestSim = c, sim
			}
		})
		if best != nil {
			orig = e.arts[best.seq]
			if r := orig.sa.NearDuplicateOf; r != "" {
				if s, ok := e.byID[r]; ok {
					orig = e.arts[s]
				}
			}
			m.sa.NearDuplicateOf, m.sa.Similarity = orig.sa.ArticleID, round3(bestSim)
		}
	}
	if long && m.sa.NearDuplicateOf == "" {
		e.dups.insert(d)
	}
	if orig != nil {
		m.indep = orig.indep
	}

	m.facts = extractFacts(a)
	for _, en := range a.Entities {
		m.entities = append(m.entities, entRef{en.ID, en.Name, en.Type})
	}

	// Clustering: copies follow their original.
	var s *story
	if orig != nil && orig.story != nil {
		s = orig.story
		e.clus.observe(a, ws) // keep document frequencies counting every article
	} else {
		v := e.clus.vector(a, ws)
		s = e.clus.best(v, t, e.now)
		if s == nil {
			s = e.newStory(m)
		}
		e.clus.join(s, v, t)
	}
	s.add(m)

	e.sinceSw++
	if e.sinceSw >= sweepEvery {
		e.sinceSw = 0
		e.dups.evict(e.now - int64(e.opt.DupWindow/time.Second))
		e.clus.evict(e.now - int64(e.opt.Window/time.Second))
	}
	return []string{s.id}
}

func (e *Engine) newStory(first *member) *story {
	id := "s" + strings.TrimPrefix(first.sa.ArticleID, "a")
	for e.stories[id] != nil { // a reused ID cannot happen with distinct article IDs; be safe
		id += "x"
	}
	s := &story{id: id, open: true, first: first.t, last: first.t, engine: e}
	e.stories[id] = s
	e.order = append(e.order, s)
	return s
}

// Detail returns the current state of one story.
func (e *Engine) Detail(id string) (news.StoryDetail, bool) {
	s := e.stories[id]
	if s == nil {
		return news.StoryDetail{}, false
	}
	return s.detail(), true
}

// All returns every story, in ID order.
func (e *Engine) All() []news.StoryDetail {
	ids := make([]string, 0, len(e.stories))
	for id := range e.stories {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	out := make([]news.StoryDetail, 0, len(ids))
	for _, id := range ids {
		out = append(out, e.stories[id].detail())
	}
	return out
}

// StoryOf returns the ID of the story an added article belongs to.
func (e *Engine) StoryOf(articleID string) (string, bool) {
	s, ok := e.byID[articleID]
	if !ok || e.arts[s].story == nil {
		return "", false
	}
	return e.arts[s].story.id, true
}

// articleTime is the article's time in seconds: published, else
// ingested, else the latest time seen.
func articleTime(a *news.Article, now int64) int64 {
	switch {
	case !a.Published.IsZero():
		return a.Published.Unix()
	case !a.IngestedAt.IsZero():
		return a.IngestedAt.Unix()
	}
	return now
}

// outlet names the publisher: the site, else the URL's host without
// "www.", else the article itself.
func outlet(a *news.Article) string {
	if s := strings.TrimSpace(a.Site); s != "" {
		return strings.ToLower(s)
	}
	for _, raw := range []string{a.CanonicalURL, a.URL} {
		if u, err := url.Parse(raw); err == nil && u.Host != "" {
			return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
		}
	}
	return "article:" + a.ID
}

func abs64(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

func round3(x float64) float64 { return float64(int(x*1000+0.5)) / 1000 }
