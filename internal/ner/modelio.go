package ner

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"

	"github.com/readout/readout/internal/news"
)

const modelMagic = "RDNER\x03"

// Save writes the model: gzip over a compact binary form (sparse rows of
// 16-bit quantised weights, the word clusters and the gazetteer).
func (m *Model) Save(w io.Writer) error {
	zw, _ := gzip.NewWriterLevel(w, gzip.BestCompression)
	bw := bufio.NewWriter(zw)
	var tmp [binary.MaxVarintLen64]byte
	uv := func(x uint64) { bw.Write(tmp[:binary.PutUvarint(tmp[:], x)]) }
	sv := func(x int64) { bw.Write(tmp[:binary.PutVarint(tmp[:], x)]) }
	str := func(s string) { uv(uint64(len(s))); bw.WriteString(s) }
	bw.WriteString(modelMagic)
	uv(uint64(m.bits))
	uv(uint64(math.Float32bits(m.scale)))
	str(m.Info)
	flags := uint64(0)
	if m.res.twoPass {
		flags |= 1
	}
	uv(flags)
	uv(uint64(math.Float32bits(m.temp)))
	nrows := 0
	for _, r := range m.index {
		if r != 0 {
			nrows++
		}
	}
	uv(uint64(nrows))
	last := 0
	for b, r := range m.index {
		if r == 0 {
			continue
		}
		uv(uint64(b - last))
		last = b
		row := m.rows[int(r-1)*nLabels : int(r)*nLabels]
		mask := uint64(0)
		for l, x := range row {
			if x != 0 {
				mask |= 1 << l
			}
		}
		uv(mask)
		for _, x := range row {
			if x != 0 {
				sv(int64(x))
			}
		}
	}
	words := make([]string, 0, len(m.res.clusters))
	for w := range m.res.clusters {
		words = append(words, w)
	}
	sort.Strings(words)
	uv(uint64(len(words)))
	for _, w := range words {
		str(w)
		c := m.res.clusters[w]
		for _, x := range c {
			uv(uint64(x))
		}
	}
	keys := make([]string, 0, len(m.res.gaz))
	for k := range m.res.gaz {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	uv(uint64(len(keys)))
	for _, k := range keys {
		str(k)
		bw.WriteByte(m.res.gaz[k])
	}
	if err := bw.Flush(); err != nil {
		return news.E("ner.Save", news.KindUnavailable, err)
	}
	if err := zw.Close(); err != nil {
		return news.E("ner.Save", news.KindUnavailable, err)
	}
	return nil
}

func decodeModel(r io.Reader) (*Model, error) {
	br := bufio.NewReader(r)
	magic := make([]byte, len(modelMagic))
	if _, err := io.ReadFull(br, magic); err != nil || string(magic) != modelMagic {
		return nil, errors.New("not a readout NER model")
	}
	var ferr error
	uv := func() uint64 {
		if ferr != nil {
			return 0
		}
		x, err := binary.ReadUvarint(br)
		if err != nil {
			ferr = fmt.Errorf("truncated model: %w", err)
		}
		return x
	}
	str := func() string {
		n := uv()
		if ferr != nil {
			return ""
		}
		if n > 1<<16 {
			ferr = errors.New("corrupt model: string too long")
			return ""
		}
		b := make([]byte, n)
		if _, err := io.ReadFull(br, b); err != nil {
			ferr = fmt.Errorf("truncated model: %w", err)
		}
		return string(b)
	}
	m := &Model{}
	bits := uv()
	if ferr == nil && (bits < 8 || bits > 24) {
		return nil, fmt.Errorf("corrupt model: hash bits %d", bits)
	}
	m.bits = uint(bits)
	m.scale = math.Float32frombits(uint32(uv()))
	m.Info = str()
	m.res.twoPass = uv()&1 != 0
	m.temp = math.Float32frombits(uint32(uv()))
	if m.temp != m.temp || m.temp < 0 || m.temp > 1e6 {
		return nil, errors.New("corrupt model: bad temperature")
	}
	nrows := uv()
	if ferr != nil {
		return nil, ferr
	}
	if nrows > 1<<bits {
		return nil, errors.New("corrupt model: too many rows")
	}
	m.index = make([]int32, 1<<bits)
	m.rows = make([]int16, int(nrows)*nLabels)
	b := uint64(0)
	for i := 0; i < int(nrows) && ferr == nil; i++ {
		b += uv()
		if b >= 1<<bits {
			return nil, errors.New("corrupt model: bucket out of range")
		}
		m.index[b] = int32(i + 1)
		mask := uv()
		for l := 0; l < nLabels; l++ {
			if mask&(1<<l) != 0 {
				x, err := binary.ReadVarint(br)
				if err != nil {
					return nil, fmt.Errorf("truncated model: %w", err)
				}
				m.rows[i*nLabels+l] = int16(x)
			}
		}
	}
	nw := uv()
	m.res.clusters = make(map[string][3]int32)
	for i := uint64(0); i < nw && ferr == nil; i++ {
		w := str()
		var c [3]int32
		for k := range c {
			c[k] = int32(uv())
		}
		m.res.clusters[w] = c
	}
	m.res.lclusters = lowerClusters(m.res.clusters)
	ng := uv()
	m.res.gaz = make(map[string]uint8)
	for i := uint64(0); i < ng && ferr == nil; i++ {
		k := str()
		t, err := br.ReadByte()
		if err != nil {
			return nil, fmt.Errorf("truncated model: %w", err)
		}
		m.res.gaz[k] = t
		if n := strings.Count(k, " ") + 1; n > m.res.gazMax {
			m.res.gazMax = n
		}
	}
	if ferr != nil {
		return nil, ferr
	}
	m.res.gazw = wordGazetteer(m.res.gaz)
	return m, nil
}

// lowerClusters maps lower-cased forms to clusters, preferring the
// capitalised variant of a word (the likelier reading of an all-caps
// token).
func lowerClusters(c map[string][3]int32) map[string][3]int32 {
	words := make([]string, 0, len(c))
	for w := range c {
		words = append(words, w)
	}
	// "Abc" < "abc" in byte order, and "ABC" first of all; sort so that
	// title case wins, then lower, then upper.
	rank := func(w string) int {
		_, _, caps := shapes(w)
		switch caps {
		case capsInit:
			return 0
		case capsNone:
			return 1
		}
		return 2
	}
	sort.Slice(words, func(i, j int) bool {
		ri, rj := rank(words[i]), rank(words[j])
		if ri != rj {
			return ri < rj
		}
		return words[i] < words[j]
	})
	out := make(map[string][3]int32, len(words))
	for _, w := range words {
		k := string(lowerInto(nil, w))
		if _, ok := out[k]; !ok {
			out[k] = c[w]
		}
	}
	return out
}

// ReadClusters reads the gzipped "word<TAB>fine<TAB>mid<TAB>coarse" file
// that internal/ner/internal/clustergen writes.
func ReadClusters(r io.Reader) (map[string][3]int32, error) {
	const op = "ner.ReadClusters"
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, news.E(op, news.KindInvalid, err)
	}
	out := map[string][3]int32{}
	sc := bufio.NewScanner(zr)
	n := 0
	for sc.Scan() {
		n++
		f := strings.Split(sc.Text(), "\t")
		if len(f) != 4 {
			return nil, news.E(op, news.KindInvalid, fmt.Sprintf("line %d: want 4 columns", n))
		}
		var c [3]int32
		for k := 0; k < 3; k++ {
			var x int32
			if _, err := fmt.Sscan(f[k+1], &x); err != nil || x < 0 {
				return nil, news.E(op, news.KindInvalid, fmt.Sprintf("line %d: bad cluster id", n))
			}
			c[k] = x + 1
		}
		out[f[0]] = c
	}
	if err := sc.Err(); err != nil {
		return nil, news.E(op, news.KindInvalid, err)
	}
	return out, nil
}

//go:embed model/clusters.tsv.gz
var embeddedClusters []byte

// DefaultClusters returns the word clusters committed with the package
// (model/clusters.tsv.gz), the ones the shipped model was trained with.
func DefaultClusters() (map[string][3]int32, error) {
	return ReadClusters(bytes.NewReader(embeddedClusters))
}
