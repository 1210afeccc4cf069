package story

// Near-duplicate detection: MinHash signatures over word 4-shingles,
// indexed by LSH banding (64 bands of 2 rows). A candidate that shares a
// band is verified on the full signature; it is a copy when the
// estimated Jaccard similarity reaches Options.DupJaccard, or when the
// shorter text is almost contained in the longer one (a trimmed copy).

const (
	numHash  = 128
	bandRows = 2
	numBands = numHash / bandRows
	shingleK = 4
	// minShingles: texts with fewer shingles are too short to tell a
	// copy from a paraphrase; only exact duplicates link them.
	minShingles = 8
)

// minhash seeds and odd multipliers, fixed so that signatures are stable.
var mhSeed, mhMul [numHash]uint64

func init() {
	s := uint64(0x5eed)
	for i := range numHash {
		s = mix64(s + 0x9e3779b97f4a7c15)
		mhSeed[i] = s
		s = mix64(s + 0x9e3779b97f4a7c15)
		mhMul[i] = s | 1
	}
}

// dupDoc is the near-duplicate state of one article inside the window.
type dupDoc struct {
	seq  int32 // article sequence number in the engine
	t    int64 // time in seconds
	n    int32 // number of shingles
	sig  [numHash]uint32
	next [numBands]int32 // seq+1 of the previous doc in the same bucket, 0 at the end
	mark uint32          // candidate search epoch
}

// signature computes the MinHash signature of a word sequence into d and
// reports whether the text is long enough to be compared.
func signature(ws []word, d *dupDoc) bool {
	for i := range d.sig {
		d.sig[i] = ^uint32(0)
	}
	if len(ws) < shingleK+minShingles-1 {
		return false
	}
	d.n = int32(len(ws) - shingleK + 1)
	sig := &d.sig
	for i := 0; i+shingleK <= len(ws); i++ {
		sh := mix64(ws[i].h ^ (ws[i+1].h<<1 | ws[i+1].h>>63) ^ (ws[i+2].h<<2 | ws[i+2].h>>62) ^ (ws[i+3].h<<3 | ws[i+3].h>>61))
		for j := 0; j < numHash; j++ {
			v := uint32(((sh ^ mhSeed[j]) * mhMul[j]) >> 32)
			if v < sig[j] {
				sig[j] = v
			}
		}
	}
	return true
}

func bandKey(d *dupDoc, b int) uint64 {
	return mix64(uint64(d.sig[2*b])<<32|uint64(d.sig[2*b+1])) ^ uint64(b)*0x9e3779b97f4a7c15
}

// jaccard estimates the Jaccard similarity of two signatures.
func jaccard(a, b *dupDoc) float64 {
	m := 0
	for i := range a.sig {
		if a.sig[i] == b.sig[i] {
			m++
		}
	}
	return float64(m) / numHash
}

// containment estimates |A∩B| / min(|A|,|B|) from the Jaccard estimate
// and the shingle counts.
func containment(j float64, a, b *dupDoc) float64 {
	na, nb := float64(a.n), float64(b.n)
	inter := j * (na + nb) / (1 + j)
	return inter / min(na, nb)
}

// headBits sizes the bucket table (2²³ slots, 32 MB), split evenly
// between the bands so that a chain only holds docs of one band.
const (
	headBits = 23
	bandBits = headBits - 6 // numBands = 64
)

func slot(d *dupDoc, b int) int {
	return b<<bandBits | int(bandKey(d, b)&(1<<bandBits-1))
}

// dupIndex holds the signatures of the articles inside the window. A
// bucket is a chain through the docs, newest first; eviction removes a
// doc and the bucket heads that point at it, and a chain walk stops at
// the first evicted doc (docs are evicted roughly oldest first, so what
// follows it is older still).
type dupIndex struct {
	// heads is a direct-mapped table: band key → seq+1 of the newest doc
	// whose key maps to the slot. Keys that collide share a chain; the
	// walk checks the band values.
	heads []int32
	live  []*dupDoc // in insertion order
	docs  []*dupDoc // by seq; nil when evicted or never indexed
	epoch uint32
}

func newDupIndex() *dupIndex {
	return &dupIndex{heads: make([]int32, 1<<headBits)}
}

// candidates calls f for every indexed doc sharing a band with d, once.
func (x *dupIndex) candidates(d *dupDoc, f func(*dupDoc)) {
	x.epoch++
	for b := range numBands {
		for s := x.heads[slot(d, b)]; s != 0; {
			c := x.docs[s-1]
			if c == nil {
				break
			}
			s = c.next[b]
			if c.sig[2*b] != d.sig[2*b] || c.sig[2*b+1] != d.sig[2*b+1] {
				continue
			}
			if c.mark != x.epoch {
				c.mark = x.epoch
				f(c)
			}
		}
	}
}

func (x *dupIndex) insert(d *dupDoc) {
	for b := range numBands {
		k := slot(d, b)
		d.next[b] = x.heads[k]
		x.heads[k] = d.seq + 1
	}
	x.live = append(x.live, d)
	for int(d.seq) >= len(x.docs) {
		x.docs = append(x.docs, nil)
	}
	x.docs[d.seq] = d
}

// evict drops the docs older than cutoff.
func (x *dupIndex) evict(cutoff int64) {
	keep := x.live[:0]
	for _, d := range x.live {
		if d.t >= cutoff {
			keep = append(keep, d)
			continue
		}
		x.docs[d.seq] = nil
		for b := range numBands {
			k := slot(d, b)
			if x.heads[k] == d.seq+1 {
				x.heads[k] = 0
			}
		}
	}
	for i := len(keep); i < len(x.live); i++ {
		x.live[i] = nil
	}
	x.live = keep
}
