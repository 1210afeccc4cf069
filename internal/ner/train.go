package ner

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/readout/readout/internal/news"
)

// TrainOptions configure Train.
type TrainOptions struct {
	Epochs   int                 // passes over the training data (default 14)
	Bits     uint                // log2 of the number of hash buckets (default 21)
	Folds    int                 // jackknife folds for the training gazetteer (default 10)
	Clusters map[string][3]int32 // word clusters (ReadClusters); may be nil
	// Prune drops averaged weights whose magnitude is below this fraction
	// of the largest weight (default 0.0001).
	Prune float64
	Seed  uint64
	// OnePass turns off the second, document-wide decoding pass.
	OnePass bool
	// Context, when set, stops training between documents once cancelled.
	Context context.Context
	// Progress, when set, is called after every epoch.
	Progress func(EpochResult)
}

// EpochResult is the dev score after one epoch.
type EpochResult struct {
	Epoch    int
	Dev      Score
	Mistakes int
	Elapsed  time.Duration
}

// dense holds the training weights: w is the current perceptron, u the
// running sums for averaging (w_avg = w - u/c).
type dense struct {
	w    []float32
	u    []float64
	c    float64
	mask uint32
	errs int
}

func (d *dense) score(feats []uint32, s *[nLabels]float32) {
	d.c++
	for _, f := range feats {
		b := int(f&d.mask) * nLabels
		row := d.w[b : b+nLabels]
		for l := range s {
			s[l] += row[l]
		}
	}
}

func (d *dense) update(feats []uint32, gold, pred uint8) {
	d.errs++
	for _, f := range feats {
		b := int(f&d.mask) * nLabels
		d.w[b+int(gold)]++
		d.u[b+int(gold)] += d.c
		d.w[b+int(pred)]--
		d.u[b+int(pred)] -= d.c
	}
}

// gazetteerOf builds the gazetteer of entity strings in docs.
func gazetteerOf(docs []Document, skip func(i int) bool) map[string]uint8 {
	g := map[string]uint8{}
	for i, d := range docs {
		if skip != nil && skip(i) {
			continue
		}
		for _, s := range d.Sentences {
			for _, sp := range Spans(s.Gold) {
				t := typeIndex(sp.Type)
				if t < 0 {
					continue
				}
				key := string(lowerInto(nil, strings.Join(s.Tokens[sp.Start:sp.End], " ")))
				g[key] |= 1 << t
			}
		}
	}
	return g
}

func gazMax(g map[string]uint8) int {
	m := 0
	for k := range g {
		if n := strings.Count(k, " ") + 1; n > m {
			m = n
		}
	}
	return m
}

// Train trains a tagger on labelled documents, scoring dev after every
// epoch, and returns the model of the best epoch with all epoch results.
func Train(train, dev []Document, opt TrainOptions) (*Model, []EpochResult, error) {
	const op = "ner.Train"
	if opt.Epochs <= 0 {
		opt.Epochs = 14
	}
	if opt.Bits == 0 {
		opt.Bits = 21
	}
	if opt.Bits < 10 || opt.Bits > 24 {
		return nil, nil, news.E(op, news.KindInvalid, fmt.Sprintf("hash bits %d out of range 10..24", opt.Bits))
	}
	if opt.Folds <= 1 {
		opt.Folds = 10
	}
	if opt.Prune == 0 {
		opt.Prune = 0.0001
	}
	for _, set := range [][]Document{train, dev} {
		for _, d := range set {
			for _, s := range d.Sentences {
				if len(s.Gold) != len(s.Tokens) {
					return nil, nil, news.E(op, news.KindInvalid, "training data has unlabelled sentences")
				}
			}
		}
	}
	if len(train) == 0 {
		return nil, nil, news.E(op, news.KindInvalid, "no training documents")
	}
	lcl := lowerClusters(opt.Clusters)
	full := resources{clusters: opt.Clusters, lclusters: lcl, gaz: gazetteerOf(train, nil), twoPass: !opt.OnePass}
	full.gazMax = gazMax(full.gaz)
	full.gazw = wordGazetteer(full.gaz)
	folds := make([]resources, opt.Folds)
	for k := range folds {
		g := gazetteerOf(train, func(i int) bool { return i%opt.Folds == k })
		folds[k] = resources{clusters: opt.Clusters, lclusters: lcl, gaz: g, gazMax: gazMax(g), gazw: wordGazetteer(g), twoPass: !opt.OnePass}
	}
	type prepared struct {
		sents [][]string
		gold  [][]uint8
		out   [][]uint8
	}
	docs := make([]prepared, len(train))
	for i, d := range train {
		p := prepared{}
		for _, s := range d.Sentences {
			p.sents = append(p.sents, s.Tokens)
			p.gold = append(p.gold, bilou(s.Gold))
			p.out = append(p.out, make([]uint8, len(s.Tokens)))
		}
		docs[i] = p
	}
	size := (1 << opt.Bits) * nLabels
	d := &dense{w: make([]float32, size), u: make([]float64, size), mask: 1<<opt.Bits - 1}
	rng := rand.New(rand.NewPCG(opt.Seed, 7))
	order := make([]int, len(docs))
	for i := range order {
		order[i] = i
	}
	sc := newScratch()
	var best *Model
	bestF := -1.0
	var results []EpochResult
	start := time.Now()
	for ep := 1; ep <= opt.Epochs; ep++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		d.errs = 0
		for _, i := range order {
			if opt.Context != nil && opt.Context.Err() != nil {
				return nil, results, news.E(op, news.KindOther, opt.Context.Err())
			}
			p := docs[i]
			decodeDoc(sc, &folds[i%opt.Folds], d, p.sents, p.out, nil, p.gold, d)
		}
		m := d.compact(opt.Bits, opt.Prune, full)
		m.Info = fmt.Sprintf("epoch %d of %d, %d training documents", ep, opt.Epochs, len(train))
		r := EpochResult{Epoch: ep, Mistakes: d.errs, Dev: Evaluate(m, dev), Elapsed: time.Since(start)}
		results = append(results, r)
		if opt.Progress != nil {
			opt.Progress(r)
		}
		if f := r.Dev.Total.F1(); f > bestF || best == nil {
			bestF, best = f, m
		}
	}
	best.temp = fitTemperature(best, dev)
	best.Info += fmt.Sprintf(", softmax temperature %g", best.temp)
	return best, results, nil
}

// fitTemperature picks the softmax temperature that makes the tag
// probabilities best calibrated on dev (least squared error between the
// probability of each chosen tag and whether it was right).
func fitTemperature(m *Model, dev []Document) float32 {
	bestT, bestErr := float32(1), math.Inf(1)
	for _, t := range []float32{0.25, 0.5, 1, 2, 4, 8, 16, 32, 64, 128} {
		m.temp = t
		sq, n := 0.0, 0
		for _, d := range dev {
			sents := make([][]string, len(d.Sentences))
			for i, x := range d.Sentences {
				sents[i] = x.Tokens
			}
			labels, probs := m.labelDoc(sents, true)
			for i, x := range d.Sentences {
				if len(x.Gold) != len(x.Tokens) {
					continue
				}
				gold := ToIOB2(x.Gold)
				for j, l := range labels[i] {
					ok := 0.0
					if iob2Names[l] == gold[j] {
						ok = 1
					}
					p := float64(probs[i][j])
					sq += (p - ok) * (p - ok)
					n++
				}
			}
		}
		if n > 0 && sq/float64(n) < bestErr {
			bestT, bestErr = t, sq/float64(n)
		}
	}
	return bestT
}

// compact averages, prunes and quantises the weights into a Model.
func (d *dense) compact(bits uint, prune float64, res resources) *Model {
	maxAbs := 0.0
	avg := func(i int) float64 { return float64(d.w[i]) - d.u[i]/d.c }
	for i := range d.w {
		if a := math.Abs(avg(i)); a > maxAbs {
			maxAbs = a
		}
	}
	if maxAbs == 0 {
		maxAbs = 1
	}
	scale := maxAbs / 32767
	thr := prune * maxAbs
	m := &Model{bits: bits, index: make([]int32, 1<<bits), scale: float32(scale), res: res}
	var row [nLabels]int16
	for b := 0; b < 1<<bits; b++ {
		nz := false
		for l := 0; l < nLabels; l++ {
			a := avg(b*nLabels + l)
			if math.Abs(a) < thr {
				row[l] = 0
				continue
			}
			row[l] = int16(math.Round(a / scale))
			if row[l] != 0 {
				nz = true
			}
		}
		if !nz {
			continue
		}
		m.rows = append(m.rows, row[:]...)
		m.index[b] = int32(len(m.rows) / nLabels)
	}
	return m
}

// Evaluate tags every document of docs (tokens only) and scores the tags
// against the gold ones.
func Evaluate(m *Model, docs []Document) Score {
	var s Score
	for _, d := range docs {
		sents := make([][]string, len(d.Sentences))
		for i, x := range d.Sentences {
			sents[i] = x.Tokens
		}
		pred := m.TagDocument(sents)
		for i, x := range d.Sentences {
			if len(x.Gold) == len(x.Tokens) {
				s.Add(x.Gold, pred[i])
			}
		}
	}
	return s
}
