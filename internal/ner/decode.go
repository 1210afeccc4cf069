package ner

import "math"

// scorer adds the weights of feats into s.
type scorer interface {
	score(feats []uint32, s *[nLabels]float32)
}

// updater is told about every wrong greedy decision during training.
type updater interface {
	update(feats []uint32, gold, pred uint8)
}

// decodeDoc tags the sentences of one document greedily, left to right,
// sentence after sentence, so that the label history carries over. When
// gold is given and up is not nil, wrong decisions are passed to up and
// decoding continues with the predicted label. probs, when not nil,
// receives the softmax probability of each chosen label.
//
// With res.twoPass the document is decoded twice: the second pass sees, for
// every word, the labels the first pass gave its other occurrences in the
// whole document (later ones included).
func decodeDoc(sc *scratch, res *resources, w scorer, sents [][]string, out [][]uint8, probs [][]float32, gold [][]uint8, up updater) {
	sc.prepareDoc(sents)
	sc.allOn = false
	if res.twoPass {
		// When not training, the weights do not change between passes, so
		// the scores of the static features are computed once.
		mode := cacheNone
		if up == nil {
			mode = cacheWrite
		}
		decodePass(sc, res, w, sents, out, nil, gold, up, mode)
		// The history after the first pass holds the types of all its
		// labels (closing B→U or I→L keeps the type).
		sc.all, sc.hist = sc.hist, sc.all
		clear(sc.hist)
		sc.allOn = true
		if mode == cacheWrite {
			mode = cacheRead
		}
		decodePass(sc, res, w, sents, out, probs, gold, up, mode)
		return
	}
	decodePass(sc, res, w, sents, out, probs, gold, up, cacheNone)
}

const (
	cacheNone = iota
	cacheWrite
	cacheRead
)

func decodePass(sc *scratch, res *resources, w scorer, sents [][]string, out [][]uint8, probs [][]float32, gold [][]uint8, up updater, mode int) {
	fbuf := sc.fbuf[:0]
	sco := &sc.sco
	if mode == cacheWrite {
		n := 0
		for _, s := range sents {
			n += len(s)
		}
		if cap(sc.cache) < n {
			sc.cache = make([][nLabels]float32, n)
		}
		sc.cache = sc.cache[:n]
	}
	k := -1
	for si, s := range sents {
		if mode == cacheRead {
			sc.prepareTokens(res, s)
		} else {
			sc.prepareSentence(res, s)
		}
		labels := out[si]
		for i := range s {
			k++
			switch mode {
			case cacheNone:
				fbuf = append(fbuf[:0], sc.feats[sc.nf[i]:sc.nf[i+1]]...)
				fbuf = dynamicFeatures(fbuf, sc, i, labels)
				*sco = [nLabels]float32{}
				w.score(fbuf, sco)
			case cacheWrite:
				*sco = [nLabels]float32{}
				w.score(sc.feats[sc.nf[i]:sc.nf[i+1]], sco)
				sc.cache[k] = *sco
				fbuf = dynamicFeatures(fbuf[:0], sc, i, labels)
				w.score(fbuf, sco)
			case cacheRead:
				*sco = sc.cache[k]
				fbuf = dynamicFeatures(fbuf[:0], sc, i, labels)
				w.score(fbuf, sco)
			}
			var prev uint8
			if i > 0 {
				prev = labels[i-1]
			}
			last := i == len(s)-1
			best, bs := -1, float32(math.Inf(-1))
			for l := 0; l < nLabels; l++ {
				if relaxed(prev, uint8(l), last) && sco[l] > bs {
					best, bs = l, sco[l]
				}
			}
			if best < 0 {
				best = 0
			}
			labels[i] = uint8(best)
			if i > 0 && !continues(prev, labels[i]) {
				labels[i-1] = closeLabel(prev)
			}
			if up != nil && gold != nil && gold[si][i] != labels[i] {
				up.update(fbuf, gold[si][i], labels[i])
			}
			if probs != nil {
				temp := float64(sc.temp)
				if temp <= 0 {
					temp = 1
				}
				z := 0.0
				for l := 0; l < nLabels; l++ {
					if relaxed(prev, uint8(l), last) {
						z += math.Exp(float64(sco[l]-bs) / temp)
					}
				}
				probs[si][i] = float32(1 / z)
			}
			sc.record(i, labels[i])
		}
	}
	sc.fbuf = fbuf
}
