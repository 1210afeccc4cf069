package syntax

import "sort"

// clusterTable keys word clusters by the tagger's lookup form (lower case,
// digits folded). When several words share a key, a lower-case word wins,
// then the first in byte order, so the table is deterministic.
func clusterTable(raw map[string][3]int32) map[string][3]int32 {
	if len(raw) == 0 {
		return nil
	}
	words := make([]string, 0, len(raw))
	for w := range raw {
		words = append(words, w)
	}
	sort.Strings(words)
	out := make(map[string][3]int32, len(words))
	exact := map[string]bool{}
	for _, w := range words {
		k := lowerKey(normForm(w))
		if exact[k] {
			continue
		}
		if _, ok := out[k]; !ok || k == w {
			out[k] = raw[w]
			exact[k] = k == w
		}
	}
	return out
}
