package story

import (
	"fmt"
	"sort"

	"github.com/readout/readout/internal/news"
)

// Scores are the clustering and copy-detection figures of a labelled
// set: pairwise and BCubed precision, recall and F1 of the clusters, and
// precision and recall of the near-duplicate links.
type Scores struct {
	Articles        int     `json:"articles"`
	GoldStories     int     `json:"gold_stories"`
	Stories         int     `json:"stories"`
	PairPrecision   float64 `json:"pair_precision"`
	PairRecall      float64 `json:"pair_recall"`
	PairF1          float64 `json:"pair_f1"`
	BCubedPrecision float64 `json:"bcubed_precision"`
	BCubedRecall    float64 `json:"bcubed_recall"`
	BCubedF1        float64 `json:"bcubed_f1"`
	// Near-duplicates: a predicted link (copy → original) is right when
	// both are in one gold copy group; recall is over gold copies.
	DupPredicted int     `json:"dup_predicted"`
	DupGold      int     `json:"dup_gold"`
	DupCorrect   int     `json:"dup_correct"`
	DupPrecision float64 `json:"dup_precision"`
	DupRecall    float64 `json:"dup_recall"`
	// Errors lists a few wrong decisions, for inspection.
	Errors []string `json:"errors,omitempty"`
}

// Score compares predicted clusters and copy links with gold ones. All
// maps are keyed by article ID; goldCopy and predCopy map a copy to its
// original (absent or "" for originals).
func Score(gold, pred map[string]string, goldCopy, predCopy map[string]string) Scores {
	var s Scores
	ids := make([]string, 0, len(gold))
	for id := range gold {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	s.Articles = len(ids)
	gc, pc := map[string][]string{}, map[string][]string{}
	for _, id := range ids {
		gc[gold[id]] = append(gc[gold[id]], id)
		p := pred[id]
		if p == "" {
			p = "\x00" + id
		}
		pc[p] = append(pc[p], id)
	}
	s.GoldStories, s.Stories = len(gc), len(pc)
	// pairwise: count pairs via the contingency table
	both := map[[2]string]int{}
	for _, id := range ids {
		p := pred[id]
		if p == "" {
			p = "\x00" + id
		}
		both[[2]string{gold[id], p}]++
	}
	pairs := func(n int) float64 { return float64(n) * float64(n-1) / 2 }
	var tp, gp, pp float64
	for _, n := range both {
		tp += pairs(n)
	}
	for _, m := range gc {
		gp += pairs(len(m))
	}
	for _, m := range pc {
		pp += pairs(len(m))
	}
	s.PairPrecision, s.PairRecall = ratio(tp, pp), ratio(tp, gp)
	s.PairF1 = f1(s.PairPrecision, s.PairRecall)
	// BCubed
	var bp, br float64
	for _, id := range ids {
		p := pred[id]
		if p == "" {
			p = "\x00" + id
		}
		inter := float64(both[[2]string{gold[id], p}])
		bp += inter / float64(len(pc[p]))
		br += inter / float64(len(gc[gold[id]]))
	}
	if len(ids) > 0 {
		s.BCubedPrecision, s.BCubedRecall = bp/float64(len(ids)), br/float64(len(ids))
	}
	s.BCubedF1 = f1(s.BCubedPrecision, s.BCubedRecall)
	// copies
	root := func(m map[string]string, id string) string {
		for range 100 {
			o := m[id]
			if o == "" || o == id {
				return id
			}
			id = o
		}
		return id
	}
	for _, id := range ids {
		if goldCopy[id] != "" {
			s.DupGold++
		}
		o := predCopy[id]
		if o == "" {
			continue
		}
		s.DupPredicted++
		if root(goldCopy, id) == root(goldCopy, o) {
			s.DupCorrect++
		}
	}
	s.DupPrecision = ratio(float64(s.DupCorrect), float64(s.DupPredicted))
	// recall: gold copies whose predicted root lands in their gold group
	found := 0
	for _, id := range ids {
		if goldCopy[id] == "" {
			continue
		}
		if o := predCopy[id]; o != "" && root(goldCopy, o) == root(goldCopy, id) {
			found++
		}
	}
	s.DupRecall = ratio(float64(found), float64(s.DupGold))
	return s
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 1
	}
	return a / b
}

func f1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// Evaluate runs an engine over a labelled set, in order, and scores it.
// prepare, when not nil, enriches each article first (sentences,
// entities, events) as ingest does; exact duplicates are marked as
// ingest marks them, by content hash.
func Evaluate(gold []GoldArticle, opt Options, prepare func(*news.Article)) (Scores, *Engine) {
	e := New(opt)
	byHash := map[string]string{}
	goldStory, goldCopy := map[string]string{}, map[string]string{}
	label := map[string]string{}
	for _, g := range gold {
		a := g.Article()
		if first, ok := byHash[a.ContentHash]; ok {
			a.DuplicateOf = first
		} else {
			byHash[a.ContentHash] = a.ID
		}
		if prepare != nil {
			prepare(a)
		}
		e.Add(a)
		goldStory[g.ID] = g.Story
		goldCopy[g.ID] = g.DuplicateOf
		label[g.ID] = g.Story
	}
	pred, predCopy := map[string]string{}, map[string]string{}
	for _, m := range e.arts {
		pred[m.sa.ArticleID] = m.story.id
		predCopy[m.sa.ArticleID] = m.sa.NearDuplicateOf
	}
	s := Score(goldStory, pred, goldCopy, predCopy)
	// a few errors, in input order
	firstOfGold := map[string]string{}
	for _, g := range gold {
		m := e.arts[e.byID[g.ID]]
		head := m.story.members[0].sa.ArticleID
		switch {
		case label[head] != g.Story && len(s.Errors) < 30:
			s.Errors = append(s.Errors, fmt.Sprintf("%s (%s) joined %s, a story of %s", g.ID, g.Story, m.story.id, label[head]))
		case firstOfGold[g.Story] != "" && pred[firstOfGold[g.Story]] != m.story.id && head == g.ID && len(s.Errors) < 30:
			s.Errors = append(s.Errors, fmt.Sprintf("%s (%s) opened a story apart from %s", g.ID, g.Story, firstOfGold[g.Story]))
		}
		if firstOfGold[g.Story] == "" {
			firstOfGold[g.Story] = g.ID
		}
		if (goldCopy[g.ID] != "") != (predCopy[g.ID] != "") && len(s.Errors) < 30 {
			s.Errors = append(s.Errors, fmt.Sprintf("%s: gold copy of %q, predicted copy of %q (similarity %.2f)", g.ID, goldCopy[g.ID], predCopy[g.ID], m.sa.Similarity))
		}
	}
	return s, e
}
