package story

import (
	"math"
	"slices"
	"strings"

	"github.com/readout/readout/internal/news"
)

// Online clustering: an article is a TF-IDF vector over its content words
// (title words count twice), its entities (canonical IDs) and its events
// (type, and type with each participant), with document frequencies
// counted incrementally. A story is the sum of its members' unit vectors
// (the centroid). Candidate stories come from an inverted index over the
// heaviest features of their members; the article joins the candidate
// with the highest cosine minus a time-gap penalty when that reaches the
// threshold, else it opens a story.

const (
	articleFeatures = 48 // features kept per article vector
	postFeatures    = 10 // features of a member posted to the story index
	queryFeatures   = 12 // features of an article looked up in the index
	maxCandidates   = 40 // stories scored in full per article
	// maxPosting caps a posting list: a feature posted by that many open
	// stories no longer finds candidates (it is as good as a stop word).
	maxPosting  = 200
	entityBoost = 0.7
	eventBoost  = 1.0
)

type clusterer struct {
	opt      Options
	df       *sketch
	docs     int
	postings map[uint64][]*story
	open     []*story
	// scratch
	hs    []uint64
	tb    []word
	feats []feat
	epoch uint64
	cands []*story
	q     vec
}

func newClusterer(opt Options) *clusterer {
	return &clusterer{opt: opt, df: newSketch(), postings: map[uint64][]*story{}}
}

// features collects the raw features of an article into c.feats as
// (hash, count) pairs sorted by hash.
func (c *clusterer) features(a *news.Article, ws []word) {
	hs := c.hs[:0]
	for _, w := range ws {
		if w.proper {
			hs = append(hs, w.h, w.h)
		} else if w.content {
			hs = append(hs, w.h)
		}
	}
	c.tb = words(a.Title, c.tb[:0])
	for _, w := range c.tb {
		if w.content {
			hs = append(hs, w.h, w.h)
		}
	}
	for _, en := range a.Entities {
		if en.ID == "" {
			continue
		}
		h := hashString("ent\x00" + en.ID)
		for range min(max(1, len(en.Mentions)), 20) {
			hs = append(hs, h)
		}
	}
	for _, ev := range a.Events {
		hs = append(hs, hashString("evt\x00"+string(ev.Type)+"\x00"+ev.Mode))
		for _, p := range ev.Actors {
			if k := participantKey(p); k != "" {
				hs = append(hs, hashString("evp\x00"+string(ev.Type)+"\x00"+k))
			}
		}
		for _, p := range ev.Recipients {
			if k := participantKey(p); k != "" {
				hs = append(hs, hashString("evp\x00"+string(ev.Type)+"\x00"+k))
			}
		}
	}
	slices.Sort(hs)
	c.hs = hs
	c.feats = c.feats[:0]
	for i := 0; i < len(hs); {
		j := i + 1
		for j < len(hs) && hs[j] == hs[i] {
			j++
		}
		c.feats = append(c.feats, feat{h: hs[i], w: float32(j - i)})
		i = j
	}
}

// observe counts an article's features in the document frequencies.
func (c *clusterer) observe(a *news.Article, ws []word) {
	c.features(a, ws)
	c.docs++
	for _, f := range c.feats {
		c.df.add(f.h)
	}
}

// vector observes an article and returns its unit TF-IDF vector.
func (c *clusterer) vector(a *news.Article, ws []word) vec {
	c.observe(a, ws)
	v := make(vec, 0, len(c.feats))
	n := float64(c.docs)
	for _, f := range c.feats {
		idf := math.Log(1 + n/float64(max(1, c.df.get(f.h))))
		w := (1 + math.Log(float64(f.w))) * idf
		v = append(v, feat{h: f.h, w: float32(w)})
	}
	// Entity and event features are boosted.
	if len(a.Entities) > 0 || len(a.Events) > 0 {
		boost := map[uint64]float32{}
		for _, en := range a.Entities {
			boost[hashString("ent\x00"+en.ID)] = entityBoost
		}
		for _, ev := range a.Events {
			boost[hashString("evt\x00"+string(ev.Type)+"\x00"+ev.Mode)] = eventBoost
		}
		for i := range v {
			if b, ok := boost[v[i].h]; ok {
				v[i].w *= b
			}
		}
	}
	v = v.top(articleFeatures)
	v.normalise()
	return v
}

// best returns the open story the vector should join, or nil.
func (c *clusterer) best(v vec, t, now int64) *story {
	if len(v) == 0 {
		return nil
	}
	win := c.opt.Window.Seconds()
	q := append(c.q[:0], v...)
	slices.SortFunc(q, byWeight)
	c.q = q
	if len(q) > queryFeatures {
		q = q[:queryFeatures]
	}
	c.epoch++
	cands := c.cands[:0]
	for _, f := range q {
		ps := c.postings[f.h]
		if len(ps) >= maxPosting {
			continue // in too many open stories to tell them apart
		}
		for _, s := range ps {
			if !s.open {
				continue
			}
			if s.mark != c.epoch {
				s.mark, s.hits = c.epoch, 0
				cands = append(cands, s)
			}
			s.hits++
		}
	}
	c.cands = cands
	slices.SortFunc(cands, func(a, b *story) int {
		if a.hits != b.hits {
			return b.hits - a.hits
		}
		return strings.Compare(a.id, b.id)
	})
	if len(cands) > maxCandidates {
		cands = cands[:maxCandidates]
	}
	var best *story
	bestScore := c.opt.Threshold
	for _, s := range cands {
		gap := 0.0
		if t > s.last {
			gap = float64(t - s.last)
		} else if t < s.first {
			gap = float64(s.first - t)
		}
		if gap > win {
			continue
		}
		sc := s.cosine(v) - c.opt.GapPenalty*gap/win
		if sc > bestScore || sc == bestScore && best != nil && s.id < best.id {
			best, bestScore = s, sc
		}
	}
	return best
}

// join adds a member vector to a story's centroid and posts its heaviest
// features.
func (c *clusterer) join(s *story, v vec, t int64) {
	if s.centroid == nil {
		s.centroid = map[uint64]float32{}
		c.open = append(c.open, s)
	}
	for _, f := range v {
		old := s.centroid[f.h]
		nw := old + f.w
		s.norm2 += float64(nw)*float64(nw) - float64(old)*float64(old)
		s.centroid[f.h] = nw
	}
	post := append(c.q[:0], v...)
	slices.SortFunc(post, byWeight)
	c.q = post
	if len(post) > postFeatures {
		post = post[:postFeatures]
	}
	for _, f := range post {
		if !s.posted(f.h) {
			s.terms = append(s.terms, f.h)
			if ps := c.postings[f.h]; len(ps) < maxPosting {
				c.postings[f.h] = append(ps, s)
			}
		}
	}
	if t > s.last {
		s.last = t
	}
	if t < s.first {
		s.first = t
	}
}

// evict closes the stories last updated before cutoff, frees their
// centroids and rebuilds the postings from the open stories.
func (c *clusterer) evict(cutoff int64) {
	keep := c.open[:0]
	for _, s := range c.open {
		if s.last >= cutoff {
			keep = append(keep, s)
			continue
		}
		s.open = false
		s.centroid = nil
		s.terms = nil
	}
	for i := len(keep); i < len(c.open); i++ {
		c.open[i] = nil
	}
	c.open = keep
	c.postings = make(map[uint64][]*story, len(c.postings)/2+16)
	for _, s := range keep {
		for _, h := range s.terms {
			if ps := c.postings[h]; len(ps) < maxPosting {
				c.postings[h] = append(ps, s)
			}
		}
	}
}

// participantKey is an entity ID, else an actor code, of an event actor.
func participantKey(p news.EventActor) string {
	if p.EntityID != "" {
		return p.EntityID
	}
	if p.Code != "" {
		return p.Code
	}
	if p.Country != "" {
		return p.Country
	}
	return strings.ToLower(strings.TrimSpace(p.Text))
}

// sketch counts document frequencies in fixed memory: a count-min sketch
// of two rows of 2²² counters with conservative update. It can only
// over-count, and only for features that collide with frequent ones.
type sketch struct {
	rows [2][]uint32
}

const sketchBits = 22

func newSketch() *sketch {
	return &sketch{rows: [2][]uint32{make([]uint32, 1<<sketchBits), make([]uint32, 1<<sketchBits)}}
}

func sketchIdx(h uint64) (uint32, uint32) {
	m := mix64(h)
	return uint32(m) & (1<<sketchBits - 1), uint32(m>>32) & (1<<sketchBits - 1)
}

func (s *sketch) get(h uint64) uint32 {
	i, j := sketchIdx(h)
	return min(s.rows[0][i], s.rows[1][j])
}

func (s *sketch) add(h uint64) {
	i, j := sketchIdx(h)
	m := min(s.rows[0][i], s.rows[1][j])
	if s.rows[0][i] == m {
		s.rows[0][i]++
	}
	if s.rows[1][j] == m {
		s.rows[1][j]++
	}
}
