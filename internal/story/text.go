package story

import (
	"cmp"
	"math"
	"slices"
	"unicode"
	"unicode/utf8"
)

// Words are hashed, never kept as strings: FNV-1a 64 over the lower-cased
// UTF-8 bytes of the word.

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func hashBytes(b []byte) uint64 {
	h := uint64(fnvOffset)
	for _, c := range b {
		h ^= uint64(c)
		h *= fnvPrime
	}
	return h
}

func hashString(s string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

// mix64 is a 64-bit finaliser (splitmix64), used to combine hashes.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// word is one token of a text: its hash, whether it is a stop word and
// whether it is long enough to be a content term.
type word struct {
	h       uint64
	content bool
	proper  bool // capitalised inside a sentence: a name
}

// words splits s into lower-cased words of letters and digits and
// appends them to dst. A trailing plural "s" is cut from content words
// (a crude stemmer that is enough for matching "talks"/"talk").
func words(s string, dst []word) []word {
	var buf [64]byte
	n := 0
	upper, sentStart := false, true
	flush := func() {
		if n == 0 {
			return
		}
		b := buf[:min(n, len(buf))]
		h := hashBytes(b)
		stop := stopwords[h]
		content := !stop && n >= 3
		if content && n > 4 && b[len(b)-1] == 's' && b[len(b)-2] != 's' && b[len(b)-2] != 'u' && b[len(b)-2] != 'i' {
			h = hashBytes(b[:len(b)-1])
		}
		dst = append(dst, word{h: h, content: content, proper: content && upper && !sentStart})
		n = 0
		sentStart = false
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			case c >= 'A' && c <= 'Z':
				c += 'a' - 'A'
			case c == '\'' && n > 0 && i < len(s) && s[i] >= 'a' && s[i] <= 'z':
				// "minister's": drop the apostrophe and what follows
				// when it is a lone "s".
				if s[i] == 's' && (i+1 == len(s) || !isWordByte(s[i+1])) {
					i++
				}
				continue
			default:
				flush()
				if c == '.' || c == '!' || c == '?' || c == '\n' || c == '"' || c == ':' {
					sentStart = true
				}
				continue
			}
			if n == 0 {
				upper = s[i-1] >= 'A' && s[i-1] <= 'Z'
			}
			if n < len(buf) {
				buf[n] = c
			}
			n++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r == '\u2019' && n > 0 && i < len(s) && s[i] == 's' && (i+1 == len(s) || !isWordByte(s[i+1])) {
			i++
			continue
		}
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			flush()
			continue
		}
		if n == 0 {
			upper = unicode.IsUpper(r)
		}
		r = unicode.ToLower(r)
		var rb [4]byte
		k := utf8.EncodeRune(rb[:], r)
		for j := 0; j < k; j++ {
			if n < len(buf) {
				buf[n] = rb[j]
			}
			n++
		}
	}
	flush()
	return dst
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= utf8.RuneSelf
}

var stopwords = map[uint64]bool{}

func init() {
	for _, w := range stopList {
		stopwords[hashString(w)] = true
	}
}

// stopList holds function words and the reporting vocabulary every news
// article shares ("said", "told", "according").
var stopList = []string{
	"a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at",
	"be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do",
	"does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he",
	"her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its",
	"itself", "just", "me", "more", "most", "my", "myself", "no", "nor", "not", "now", "of", "off", "on", "once",
	"only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "same", "she", "should", "so", "some",
	"such", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this",
	"those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where",
	"which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "said", "says", "say",
	"told", "according", "would", "may", "might", "must", "shall", "one", "two", "three", "new", "last", "next",
	"week", "year", "years", "day", "days", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
	"sunday", "today", "yesterday", "tomorrow", "mr", "mrs", "ms", "dr", "added", "statement", "per", "cent",
	"percent", "via", "however", "since", "still", "yet", "around", "among", "within", "without", "across", "around",
	"another", "many", "much", "several", "told", "asked", "reporters", "reporter", "news", "reported", "report",
}

// vec is a sparse weighted feature vector sorted by feature hash.
type vec []feat

type feat struct {
	h uint64
	w float32
}

func (v vec) norm() float64 {
	var s float64
	for _, f := range v {
		s += float64(f.w) * float64(f.w)
	}
	return math.Sqrt(s)
}

// normalise scales v to unit length.
func (v vec) normalise() {
	n := v.norm()
	if n == 0 {
		return
	}
	for i := range v {
		v[i].w = float32(float64(v[i].w) / n)
	}
}

// top keeps the k heaviest features of v, sorted by hash.
func (v vec) top(k int) vec {
	if len(v) > k {
		slices.SortFunc(v, byWeight)
		v = v[:k]
	}
	slices.SortFunc(v, func(a, b feat) int { return cmp.Compare(a.h, b.h) })
	return v
}

// byWeight orders features heaviest first, then by hash.
func byWeight(a, b feat) int {
	if a.w != b.w {
		if a.w > b.w {
			return -1
		}
		return 1
	}
	return cmp.Compare(a.h, b.h)
}

// dot is the inner product of two vectors sorted by hash.
func dot(a, b vec) float64 {
	var s float64
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i].h == b[j].h:
			s += float64(a[i].w) * float64(b[j].w)
			i++
			j++
		case a[i].h < b[j].h:
			i++
		default:
			j++
		}
	}
	return s
}
