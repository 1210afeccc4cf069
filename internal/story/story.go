package story

import (
	"math"
	"sort"
	"time"

	"github.com/readout/readout/internal/news"
)

// story is one cluster.
type story struct {
	id          string
	engine      *Engine
	open        bool
	first, last int64
	members     []*member
	// centroid is the sum of the members' unit vectors (nil once closed);
	// norm2 its squared length; terms the features posted to the index.
	centroid map[uint64]float32
	norm2    float64
	terms    []uint64
	// candidate search scratch
	mark uint64
	hits int
	// cached detail, rebuilt when dirty.
	cache *news.StoryDetail
}

func (s *story) add(m *member) {
	m.story = s
	s.members = append(s.members, m)
	if m.t > s.last {
		s.last = m.t
	}
	if m.t < s.first {
		s.first = m.t
	}
	s.cache = nil
}

func (s *story) cosine(v vec) float64 {
	if s.norm2 <= 0 {
		return 0
	}
	var d float64
	for _, f := range v {
		d += float64(f.w) * float64(s.centroid[f.h])
	}
	return d / math.Sqrt(s.norm2)
}

func (s *story) posted(h uint64) bool {
	for _, x := range s.terms {
		if x == h {
			return true
		}
	}
	return false
}

// detail computes the story's listing, members, merged events and
// contradictions.
func (s *story) detail() news.StoryDetail {
	if s.cache != nil {
		return *s.cache
	}
	d := news.StoryDetail{Story: news.Story{ID: s.id}}
	outlets, indep := map[string]bool{}, map[string]bool{}
	type entCount struct {
		e news.StoryEntity
	}
	ents := map[string]*news.StoryEntity{}
	first, last := time.Time{}, time.Time{}
	for _, m := range s.members {
		d.Members = append(d.Members, m.sa)
		outlets[m.outlet] = true
		indep[m.indep] = true
		if d.Title == "" && m.sa.NearDuplicateOf == "" && m.sa.Title != "" {
			d.Title = m.sa.Title
		}
		t := time.Unix(m.t, 0).UTC()
		if !m.sa.Published.IsZero() {
			t = m.sa.Published.UTC()
		}
		if first.IsZero() || t.Before(first) {
			first = t
		}
		if t.After(last) {
			last = t
		}
		seen := map[string]bool{}
		for _, en := range m.entities {
			if en.id == "" || seen[en.id] {
				continue
			}
			seen[en.id] = true
			x := ents[en.id]
			if x == nil {
				x = &news.StoryEntity{ID: en.id, Name: en.name, Type: en.typ}
				ents[en.id] = x
			}
			x.Articles++
		}
	}
	if d.Title == "" && len(s.members) > 0 {
		d.Title = s.members[0].sa.Title
	}
	d.FirstSeen, d.LastSeen = first, last
	d.Articles = len(s.members)
	d.Sources = len(outlets)
	d.Independent = len(indep)
	ke := make([]news.StoryEntity, 0, len(ents))
	for _, x := range ents {
		ke = append(ke, *x)
	}
	sort.Slice(ke, func(i, j int) bool {
		if ke[i].Articles != ke[j].Articles {
			return ke[i].Articles > ke[j].Articles
		}
		return ke[i].ID < ke[j].ID
	})
	if len(ke) > 10 {
		ke = ke[:10]
	}
	if len(ke) > 0 {
		d.KeyEntities = ke
	}
	d.MergedEvents = mergeEvents(s.id, s.members)
	d.Events = len(d.MergedEvents)
	d.Contradictions = contradictions(s.members, d.MergedEvents)
	if d.MergedEvents == nil {
		d.MergedEvents = []news.StoryEvent{}
	}
	if d.Contradictions == nil {
		d.Contradictions = []news.Contradiction{}
	}
	s.cache = &d
	return d
}
