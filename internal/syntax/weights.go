package syntax

import (
	"math"
)

// Feature hashing: every feature is a 64-bit hash of a template number and
// its atom values; its row is the top bits of the hash.

const (
	mulA = 0x9E3779B97F4A7C15
	mulB = 0xBF58476D1CE4E5B9
	mulC = 0x94D049BB133111EB
)

func mix(h uint64) uint64 {
	h ^= h >> 30
	h *= mulB
	h ^= h >> 27
	h *= mulC
	h ^= h >> 31
	return h
}

func f1(t, a uint64) uint64       { return mix(t*mulA ^ a) }
func f2(t, a, b uint64) uint64    { return mix(mix(t*mulA^a) ^ b*mulC) }
func f3(t, a, b, c uint64) uint64 { return mix(mix(mix(t*mulA^a)^b*mulC) ^ c*mulB) }

// strHash hashes a string (FNV-1a followed by a final mix).
func strHash(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return mix(h)
}

// trainWeights is a dense averaged perceptron over hashed rows, used while
// training. The average is w - u/c (the "lazy" trick of Daumé).
type trainWeights struct {
	bits   uint
	nClass int
	w, u   []float32
	c      float32
}

func newTrainWeights(bits uint, nClass int) *trainWeights {
	n := (1 << bits) * nClass
	return &trainWeights{bits: bits, nClass: nClass, w: make([]float32, n), u: make([]float32, n), c: 1}
}

func (t *trainWeights) row(h uint64) int { return int(h>>(64-t.bits)) * t.nClass }

// score adds the current (not averaged) weights of the features into out.
func (t *trainWeights) score(feats []uint64, out []float32) {
	for i := range out {
		out[i] = 0
	}
	for _, h := range feats {
		r := t.w[t.row(h):][:t.nClass]
		for i, v := range r {
			out[i] += v
		}
	}
}

// update rewards class good and penalises class bad for the features.
func (t *trainWeights) update(feats []uint64, good, bad int) {
	if good == bad {
		return
	}
	for _, h := range feats {
		r := t.row(h)
		t.w[r+good]++
		t.u[r+good] += t.c
		t.w[r+bad]--
		t.u[r+bad] -= t.c
	}
}

// tick advances the averaging clock by one instance.
func (t *trainWeights) tick() { t.c++ }

// compact averages the weights, drops rows whose largest weight is below
// minAbs (relative to the largest weight anywhere, so scale-free), and
// quantises the rest to int8 with one scale per row.
func (t *trainWeights) compact(minRel float32) *weights {
	n := 1 << t.bits
	avg := make([]float32, t.nClass)
	var gmax float32
	for i := range t.w {
		a := t.w[i] - t.u[i]/t.c
		if a < 0 {
			a = -a
		}
		if a > gmax {
			gmax = a
		}
	}
	thr := gmax * minRel
	out := &weights{Bits: t.bits, NClass: t.nClass}
	for b := 0; b < n; b++ {
		base := b * t.nClass
		var m float32
		for c := 0; c < t.nClass; c++ {
			a := t.w[base+c] - t.u[base+c]/t.c
			avg[c] = a
			if a < 0 {
				a = -a
			}
			if a > m {
				m = a
			}
		}
		if m == 0 || m < thr {
			continue
		}
		scale := m / 127
		out.Buckets = append(out.Buckets, uint32(b))
		out.Scales = append(out.Scales, scale)
		for c := 0; c < t.nClass; c++ {
			q := int(math.Round(float64(avg[c] / scale)))
			out.Data = append(out.Data, byte(int8(q)))
		}
	}
	out.build()
	return out
}

// weights is the compact, read-only form used for prediction: only kept
// rows, int8 values with a per-row scale, an index from bucket to row.
type weights struct {
	Bits    uint
	NClass  int
	Buckets []uint32  // sorted buckets of kept rows
	Scales  []float32 // one per kept row
	Data    []byte    // int8 values, NClass per kept row

	index []int32 // bucket -> kept row, -1 when absent
	// dense replaces index and Data for tables of at most 4 classes: one
	// small row per bucket, so a feature costs one memory access.
	dense []denseRow
}

type denseRow struct {
	scale float32
	v     [4]int8
}

// build makes the index and the dequantised rows after decoding.
func (w *weights) build() {
	if w.NClass <= 4 {
		w.dense = make([]denseRow, 1<<w.Bits)
		for i, b := range w.Buckets {
			d := &w.dense[b]
			d.scale = w.Scales[i]
			for c := 0; c < w.NClass; c++ {
				d.v[c] = int8(w.Data[i*w.NClass+c])
			}
		}
		return
	}
	w.index = make([]int32, 1<<w.Bits)
	for i := range w.index {
		w.index[i] = -1
	}
	for i, b := range w.Buckets {
		w.index[b] = int32(i)
	}
}

func (w *weights) valid() bool {
	if w.Bits == 0 || w.Bits > 26 || w.NClass <= 0 || len(w.Scales) != len(w.Buckets) || len(w.Data) != len(w.Buckets)*w.NClass {
		return false
	}
	prev := -1
	for _, b := range w.Buckets {
		if int(b) <= prev || b >= 1<<w.Bits {
			return false
		}
		prev = int(b)
	}
	return true
}

// score sums the rows of the features into out.
func (w *weights) score(feats []uint64, out []float32) {
	for i := range out {
		out[i] = 0
	}
	out = out[:w.NClass]
	shift := 64 - w.Bits
	if w.dense != nil {
		// Four accumulators in registers; the same additions in the same
		// order as a loop over out, so results are identical.
		var a0, a1, a2, a3 float32
		dense := w.dense
		for _, h := range feats {
			d := &dense[h>>shift]
			sc := d.scale
			a0 += sc * float32(d.v[0])
			a1 += sc * float32(d.v[1])
			a2 += sc * float32(d.v[2])
			a3 += sc * float32(d.v[3])
		}
		acc := [4]float32{a0, a1, a2, a3}
		copy(out, acc[:])
		return
	}
	for _, h := range feats {
		r := w.index[h>>shift]
		if r < 0 {
			continue
		}
		addRow(out, w.Data[int(r)*w.NClass:][:w.NClass], w.Scales[r])
	}
}

// addRow adds a quantised row times its scale into out.
func addRow(out []float32, row []byte, sc float32) {
	out = out[:len(row)]
	i := 0
	for ; i+4 <= len(row); i += 4 {
		o := out[i : i+4 : i+4]
		r := row[i : i+4 : i+4]
		o[0] += sc * float32(int8(r[0]))
		o[1] += sc * float32(int8(r[1]))
		o[2] += sc * float32(int8(r[2]))
		o[3] += sc * float32(int8(r[3]))
	}
	for ; i < len(row); i++ {
		out[i] += sc * float32(int8(row[i]))
	}
}
