// Command clustergen derives the word clusters used as features by the
// named-entity tagger from unlabelled text: CoNLL column files (first
// column) and CoNLL-U files (second column). Labels and tags in those files
// are ignored.
//
// Each word seen at least -min times gets a context vector (positive PMI of
// the words one and two positions to its left and right, over the -ctx most
// frequent context words); spherical k-means groups the words into -k
// clusters, and the cluster centroids are grouped again into -k2 and -k3
// coarser clusters, giving three granularities. The output is gzipped text,
// one line per word: "word<TAB>fine<TAB>mid<TAB>coarse".
//
//	go run ./internal/ner/internal/clustergen -o internal/ner/model/clusters.tsv.gz \
//	    /work/shared/data/ner/conll2003/eng.train /work/shared/data/ud/en_ewt-ud-train.conllu
package main

import (
	"bufio"
	"compress/gzip"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"sort"
	"strings"
)

func main() {
	out := flag.String("o", "clusters.tsv.gz", "output file")
	minCount := flag.Int("min", 2, "minimum word frequency")
	nctx := flag.Int("ctx", 800, "number of context words")
	k := flag.Int("k", 1000, "fine clusters")
	k2 := flag.Int("k2", 200, "middle clusters")
	k3 := flag.Int("k3", 50, "coarse clusters")
	iters := flag.Int("iters", 20, "k-means iterations")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "clustergen: no input files")
		os.Exit(2)
	}
	var sents [][]string
	for _, f := range flag.Args() {
		s, err := readFile(f)
		if err != nil {
			fmt.Fprintln(os.Stderr, "clustergen:", err)
			os.Exit(1)
		}
		sents = append(sents, s...)
	}
	if err := run(sents, *out, *minCount, *nctx, *k, *k2, *k3, *iters); err != nil {
		fmt.Fprintln(os.Stderr, "clustergen:", err)
		os.Exit(1)
	}
}

func readFile(path string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	conllu := strings.HasSuffix(path, ".conllu")
	var out [][]string
	var cur []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			if len(cur) > 0 {
				out = append(out, cur)
				cur = nil
			}
			continue
		}
		if conllu {
			if strings.HasPrefix(line, "#") {
				continue
			}
			cols := strings.Split(line, "\t")
			if len(cols) < 2 || strings.ContainsAny(cols[0], "-.") {
				continue
			}
			cur = append(cur, cols[1])
			continue
		}
		w := strings.Fields(line)[0]
		if w == "-DOCSTART-" {
			continue
		}
		cur = append(cur, w)
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out, sc.Err()
}

type sparse struct {
	idx []int
	val []float64
}

func run(sents [][]string, out string, minCount, nctx, k, k2, k3, iters int) error {
	count := map[string]int{}
	lcount := map[string]int{}
	for _, s := range sents {
		for _, w := range s {
			count[w]++
			lcount[strings.ToLower(w)]++
		}
	}
	var vocab []string
	for w, c := range count {
		if c >= minCount {
			vocab = append(vocab, w)
		}
	}
	sort.Strings(vocab)
	var ctxw []string
	for w := range lcount {
		ctxw = append(ctxw, w)
	}
	sort.Slice(ctxw, func(i, j int) bool {
		if lcount[ctxw[i]] != lcount[ctxw[j]] {
			return lcount[ctxw[i]] > lcount[ctxw[j]]
		}
		return ctxw[i] < ctxw[j]
	})
	if len(ctxw) > nctx {
		ctxw = ctxw[:nctx]
	}
	cid := map[string]int{}
	for i, w := range ctxw {
		cid[w] = i
	}
	// dims: 4 positions (-2,-1,+1,+2) × (nctx + 1 "other" + 1 boundary)
	per := nctx + 2
	dim := 4 * per
	vid := map[string]int{}
	for i, w := range vocab {
		vid[w] = i
	}
	counts := make([]map[int]float64, len(vocab))
	for i := range counts {
		counts[i] = map[int]float64{}
	}
	colTot := make([]float64, dim)
	total := 0.0
	for _, s := range sents {
		for i, w := range s {
			v, ok := vid[w]
			if !ok {
				continue
			}
			for p, off := range []int{-2, -1, 1, 2} {
				j := i + off
				c := nctx + 1 // boundary
				if j >= 0 && j < len(s) {
					if x, ok := cid[strings.ToLower(s[j])]; ok {
						c = x
					} else {
						c = nctx
					}
				}
				d := p*per + c
				counts[v][d]++
				colTot[d]++
				total++
			}
		}
	}
	vecs := make([]sparse, len(vocab))
	for i, m := range counts {
		rowTot := 0.0
		for _, c := range m {
			rowTot += c
		}
		var sv sparse
		for d, c := range m {
			pmi := math.Log(c * total / (rowTot * colTot[d]))
			if pmi > 0 {
				sv.idx = append(sv.idx, d)
				sv.val = append(sv.val, pmi)
			}
		}
		normalize(sv.val)
		vecs[i] = sv
	}
	fmt.Fprintf(os.Stderr, "clustergen: %d sentences, %d words, %d dims\n", len(sents), len(vocab), dim)
	rng := rand.New(rand.NewPCG(1, 2))
	fine, cent := kmeans(vecs, dim, k, iters, rng)
	// Coarser levels cluster the fine centroids.
	cvecs := make([]sparse, len(cent))
	for i, c := range cent {
		var sv sparse
		for d, x := range c {
			if x != 0 {
				sv.idx = append(sv.idx, d)
				sv.val = append(sv.val, x)
			}
		}
		normalize(sv.val)
		cvecs[i] = sv
	}
	mid, _ := kmeans(cvecs, dim, k2, iters, rng)
	coarse, _ := kmeans(cvecs, dim, k3, iters, rng)

	f, err := os.Create(out)
	if err != nil {
		return err
	}
	zw, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
	bw := bufio.NewWriter(zw)
	for i, w := range vocab {
		fmt.Fprintf(bw, "%s\t%d\t%d\t%d\n", w, fine[i], mid[fine[i]], coarse[fine[i]])
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return f.Close()
}

func normalize(v []float64) {
	n := 0.0
	for _, x := range v {
		n += x * x
	}
	if n == 0 {
		return
	}
	n = math.Sqrt(n)
	for i := range v {
		v[i] /= n
	}
}

// kmeans is spherical k-means (cosine) over unit sparse vectors, seeded with
// k-means++ style sampling. It returns the assignment and the centroids.
func kmeans(vecs []sparse, dim, k, iters int, rng *rand.Rand) ([]int, [][]float64) {
	if k > len(vecs) {
		k = len(vecs)
	}
	cent := make([][]float64, k)
	// seeding: first random, then sample far points
	best := make([]float64, len(vecs))
	for i := range best {
		best[i] = -2
	}
	for c := 0; c < k; c++ {
		var pick int
		if c == 0 {
			pick = rng.IntN(len(vecs))
		} else {
			tot := 0.0
			for _, b := range best {
				tot += 1 - b
			}
			r := rng.Float64() * tot
			for i, b := range best {
				r -= 1 - b
				if r <= 0 {
					pick = i
					break
				}
			}
		}
		cent[c] = make([]float64, dim)
		for j, d := range vecs[pick].idx {
			cent[c][d] = vecs[pick].val[j]
		}
		for i, v := range vecs {
			s := dot(v, cent[c])
			if s > best[i] {
				best[i] = s
			}
		}
	}
	assign := make([]int, len(vecs))
	for it := 0; it < iters; it++ {
		changed := 0
		for i, v := range vecs {
			bi, bs := 0, -2.0
			for c := range cent {
				if s := dot(v, cent[c]); s > bs {
					bi, bs = c, s
				}
			}
			if it == 0 || assign[i] != bi {
				changed++
			}
			assign[i] = bi
		}
		for c := range cent {
			clear(cent[c])
		}
		for i, v := range vecs {
			for j, d := range v.idx {
				cent[assign[i]][d] += v.val[j]
			}
		}
		for c := range cent {
			normalize(cent[c])
		}
		fmt.Fprintf(os.Stderr, "clustergen: k=%d iter %d changed %d\n", k, it, changed)
		if changed == 0 {
			break
		}
	}
	return assign, cent
}

func dot(v sparse, c []float64) float64 {
	s := 0.0
	for j, d := range v.idx {
		s += v.val[j] * c[d]
	}
	return s
}
