package syntax

import (
	"math/rand"
	"sort"
	"time"

	"github.com/readout/readout/internal/conllu"
	"github.com/readout/readout/internal/news"
)

// TrainOptions control Train. Zero values take the defaults.
type TrainOptions struct {
	TaggerEpochs int   // default 8
	ParserEpochs int   // default 20
	Folds        int   // jackknife folds for the parser's training tags; default 4, 1 = use gold tags
	Seed         int64 // shuffling seed; default 1
	TaggerBits   uint  // log2 of tagger feature buckets; default 19
	ParserBits   uint  // log2 of transition feature buckets; default 23
	LabelBits    uint  // log2 of arc-label feature buckets; default 20
	// Prune drops weight rows whose largest value is below this fraction
	// of the largest weight; default 0.008.
	Prune float32
	// Clusters maps words to (fine, mid, coarse) cluster ids learned from
	// unlabelled text, as ner.ReadClusters returns them; nil disables the
	// cluster features. The table is stored in the model.
	Clusters map[string][3]int32
	// Logf receives progress lines; nil discards them.
	Logf func(format string, args ...any)
}

func (o *TrainOptions) defaults() {
	if o.TaggerEpochs <= 0 {
		o.TaggerEpochs = 8
	}
	if o.ParserEpochs <= 0 {
		o.ParserEpochs = 20
	}
	if o.Folds <= 0 {
		o.Folds = 4
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.TaggerBits == 0 {
		o.TaggerBits = 19
	}
	if o.ParserBits == 0 {
		o.ParserBits = 23
	}
	if o.LabelBits == 0 {
		o.LabelBits = 20
	}
	if o.Prune == 0 {
		o.Prune = 0.008
	}
	if o.Logf == nil {
		o.Logf = func(string, ...any) {}
	}
}

func convert(cs []conllu.Sentence) []sent {
	out := make([]sent, 0, len(cs))
	for i := range cs {
		if s, ok := fromCoNLLU(&cs[i]); ok {
			out = append(out, s)
		}
	}
	return out
}

// Train learns a model from gold CoNLL-U sentences; dev selects the best
// epochs and is scored at the end.
func Train(train, dev []conllu.Sentence, opt TrainOptions) (*Model, error) {
	const op = "syntax.Train"
	opt.defaults()
	tr, dv := convert(train), convert(dev)
	if len(tr) == 0 {
		return nil, news.E(op, news.KindInvalid, "no usable training sentences")
	}
	if len(dv) == 0 {
		return nil, news.E(op, news.KindInvalid, "no usable development sentences")
	}
	if opt.Folds > len(tr) {
		opt.Folds = 1
	}
	start := time.Now()
	logf := opt.Logf
	lem := trainLemmatizer(tr)
	logf("lemmatiser: %d exceptions, %d form scripts, %d suffix rules", len(lem.Exact), len(lem.Lower), len(lem.Suffix))

	// Tags for the parser's training data come from taggers that did not
	// see the sentence (jackknifing), so the parser learns from the kind
	// of errors it will meet.
	trainTags := make([][]int32, len(tr))
	clus := clusterTable(opt.Clusters)
	tg := trainTagger(tr, dv, clus, opt.TaggerEpochs, opt.TaggerBits, opt.Seed, logf)
	if opt.Folds > 1 {
		for f := 0; f < opt.Folds; f++ {
			var in, out []int
			for i := range tr {
				if i%opt.Folds == f {
					out = append(out, i)
				} else {
					in = append(in, i)
				}
			}
			sub := make([]sent, len(in))
			for k, i := range in {
				sub[k] = tr[i]
			}
			held := make([]sent, len(out))
			for k, i := range out {
				held[k] = tr[i]
			}
			ft := trainTagger(sub, held[:min(len(held), 500)], clus, opt.TaggerEpochs, opt.TaggerBits, opt.Seed+int64(f)+1, func(string, ...any) {})
			tags := ft.tagAll(held)
			for k, i := range out {
				trainTags[i] = remap(tags[k], ft, tg)
			}
			logf("jackknife fold %d/%d done", f+1, opt.Folds)
		}
		// The second tagging pass learns from the jackknifed first-pass
		// tags; the parser keeps training on those (slightly worse) tags.
		tg.trainPass2(tr, trainTags, dv, opt.TaggerEpochs, opt.TaggerBits, opt.Seed, logf)
	} else {
		for i, s := range tr {
			trainTags[i] = tg.goldClasses(&s)
		}
	}
	devTags := tg.tagAll(dv)
	par := trainParser(tr, trainTags, dv, devTags, clus, coarseHashes(tg.Classes), opt, logf)
	m := newModel(tg, lem, par)
	sc := m.evaluate(dv)
	m.info = Info{
		Trained: time.Now().UTC().Format(time.RFC3339), TrainSentences: len(tr), DevScores: sc,
		TrainSeconds: time.Since(start).Seconds(),
	}
	logf("dev: %s", sc)
	return m, nil
}

// remap converts classes of tagger from into classes of tagger to.
func remap(cs []int32, from, to *tagger) []int32 {
	out := make([]int32, len(cs))
	for i, c := range cs {
		name := from.Classes[c]
		j := sort.SearchStrings(to.Classes, name)
		if j < len(to.Classes) && to.Classes[j] == name {
			out[i] = int32(j)
		}
	}
	return out
}

// tagAll tags sentences with the tagger's compact weights.
func (t *tagger) tagAll(ss []sent) [][]int32 {
	out := make([][]int32, len(ss))
	buf := make([]uint64, 0, 256)
	scores := make([]float32, len(t.Classes))
	var ws []word
	for k, s := range ss {
		ws = growWords(ws, s.len())
		t.prepare(s.Form, ws)
		out[k] = make([]int32, s.len())
		t.tagWith(ws, out[k], buf, scores, t.W.score)
	}
	return out
}

func (t *tagger) goldClasses(s *sent) []int32 {
	out := make([]int32, s.len())
	for i := range out {
		j := sort.SearchStrings(t.Classes, s.UPOS[i]+"\t"+s.XPOS[i])
		if j < len(t.Classes) && t.Classes[j] == s.UPOS[i]+"\t"+s.XPOS[i] {
			out[i] = int32(j)
		}
	}
	return out
}

// trainParser trains the transition parser with a dynamic oracle.
func trainParser(tr []sent, trTags [][]int32, dv []sent, dvTags [][]int32, clus map[string][3]int32, coarse []uint64, opt TrainOptions, logf func(string, ...any)) *parser {
	labelSet := map[string]bool{}
	for _, s := range tr {
		for _, r := range s.Rel {
			labelSet[r] = true
		}
	}
	labelSet["root"] = true
	p := &parser{}
	for l := range labelSet {
		p.Labels = append(p.Labels, l)
	}
	sort.Strings(p.Labels)
	labelIdx := map[string]int16{}
	for i, l := range p.Labels {
		labelIdx[l] = int16(i)
		if l == "root" {
			p.RootLabel = i
		}
	}
	nl := len(p.Labels)
	tw := newTrainWeights(opt.ParserBits, nActions)
	lw := newTrainWeights(opt.LabelBits, nl)
	rng := rand.New(rand.NewSource(opt.Seed))
	order := make([]int, len(tr))
	for i := range order {
		order[i] = i
	}
	var st state
	var ws []word
	tg := &tagger{Clus: clus} // only for wordInfo; no dictionary needed
	buf := make([]uint64, 0, 256)
	lbuf := make([]uint64, 0, 256)
	scores := make([]float32, nl)
	var ts [nActions]float32
	ok := make([]bool, nActions)
	var cost [nActions]int
	var bestW, bestL *weights
	bestLAS := -1.0
	tagsBuf := make([]int32, 0, 256)
	for ep := 1; ep <= opt.ParserEpochs; ep++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		explore := ep > 1
		steps, errs, arcs, lerrs := 0, 0, 0, 0
		for _, si := range order {
			s := &tr[si]
			n := s.len()
			ws = growWords(ws, n+1)
			tg.prepare(s.Form, ws[1:])
			tagsBuf = append(tagsBuf[:0], 0)
			tagsBuf = append(tagsBuf, trTags[si]...)
			setCoarse(ws[1:], trTags[si], coarse)
			gh := make([]int32, n+1)
			gl := make([]int16, n+1)
			for i := 0; i < n; i++ {
				gh[i+1] = int32(s.Head[i])
				gl[i+1] = labelIdx[s.Rel[i]]
			}
			st.reset(n)
			for !st.terminal() {
				buf = parseFeatures(&st, ws, tagsBuf, buf)
				tw.score(buf, ts[:])
				st.valid(ok)
				st.costs(gh, &cost)
				pred := bestValid(ts[:], ok)
				minC := 1 << 20
				for a, c := range cost {
					if ok[a] && c < minC {
						minC = c
					}
				}
				gold := -1
				for a := range cost {
					if ok[a] && cost[a] == minC && (gold < 0 || ts[a] > ts[gold]) {
						gold = a
					}
				}
				if cost[pred] > minC {
					tw.update(buf, gold, pred)
					errs++
				}
				tw.tick()
				steps++
				next := gold
				if explore && cost[pred] > minC && rng.Float64() < 0.9 {
					next = pred
				}
				l := 0
				if next != actShift {
					h, d := st.arc(next)
					switch {
					case h == 0:
						l = p.RootLabel
					case gh[d] == h:
						lbuf = labelFeatures(&st, ws, tagsBuf, next, h, d, lbuf)
						lw.score(lbuf, scores)
						pl := -1
						for i, v := range scores {
							if i != p.RootLabel && (pl < 0 || v > scores[pl]) {
								pl = i
							}
						}
						l = int(gl[d])
						if pl != l {
							lw.update(lbuf, l, pl)
							lerrs++
						}
						lw.tick()
						arcs++
					default:
						lbuf = labelFeatures(&st, ws, tagsBuf, next, h, d, lbuf)
						lw.score(lbuf, scores)
						l = -1
						for i, v := range scores {
							if i != p.RootLabel && (l < 0 || v > scores[l]) {
								l = i
							}
						}
					}
				}
				st.apply(next, l)
			}
		}
		p.W = tw.compact(opt.Prune)
		p.WL = lw.compact(opt.Prune)
		uas, las := p.attachment(dv, dvTags, clus, coarse)
		logf("parser epoch %d: transition errors %.2f%%, label errors %.2f%%, dev UAS %.2f LAS %.2f (%d+%d rows kept)",
			ep, 100*float64(errs)/float64(steps), 100*float64(lerrs)/float64(max(arcs, 1)), 100*uas, 100*las, len(p.W.Buckets), len(p.WL.Buckets))
		if las > bestLAS {
			bestLAS, bestW, bestL = las, p.W, p.WL
		}
	}
	p.W, p.WL = bestW, bestL
	return p
}

// attachment scores the parser on sentences with the given tags (UAS and
// LAS on the universal part of the relation).
func (p *parser) attachment(ss []sent, tags [][]int32, clus map[string][3]int32, coarse []uint64) (uas, las float64) {
	var st state
	var ws []word
	tg := &tagger{Clus: clus}
	buf := make([]uint64, 0, 256)
	scores := make([]float32, len(p.Labels))
	ok := make([]bool, nActions)
	tb := make([]int32, 0, 256)
	u, l, total := 0, 0, 0
	for k, s := range ss {
		n := s.len()
		ws = growWords(ws, n+1)
		tg.prepare(s.Form, ws[1:])
		tb = append(append(tb[:0], 0), tags[k]...)
		setCoarse(ws[1:], tags[k], coarse)
		p.parseWith(&st, ws, tb, buf, scores, ok)
		for i := 0; i < n; i++ {
			total++
			if int(st.head[i+1]) == s.Head[i] {
				u++
				if baseRel(p.Labels[st.label[i+1]]) == baseRel(s.Rel[i]) {
					l++
				}
			}
		}
	}
	if total == 0 {
		return 0, 0
	}
	return float64(u) / float64(total), float64(l) / float64(total)
}
