package kb

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// node is a trie over name units.
type node struct {
	next map[string]*node
	hits []ref
	// lower (root only) has bit min(len,63) of entry [b] set when a name
	// written with a lower-case first letter ("al-Qaeda", "dpa") starts
	// with a unit of that length and first byte b. A lower-case token can
	// only start such a name, so most tokens of running text are skipped
	// without hashing.
	lower *[256]uint64
	// all (root only) is the same filter for every name.
	all *[256]uint64
}

func newNode() *node { return &node{next: map[string]*node{}} }

// insert adds s as a name of e. A leading "the" is dropped: the scan
// starts at the word after it.
func (n *node) insert(e *Entity, s, kind string) {
	u := units(s)
	if len(u) > 1 && u[0] == "the" {
		u = u[1:]
	}
	if len(u) == 0 {
		return
	}
	if r, _ := utf8.DecodeRuneInString(strings.TrimLeft(s, "\"'‘’“ ")); !unicode.IsUpper(r) {
		if n.lower == nil {
			n.lower = new([256]uint64)
		}
		n.lower[u[0][0]] |= 1 << min(len(u[0]), 63)
	}
	n.markFirst(u[0])
	for _, w := range u {
		c := n.next[w]
		if c == nil {
			c = newNode()
			n.next[w] = c
		}
		n = c
	}
	for _, r := range n.hits {
		if r.e == e && r.kind == kind {
			return
		}
	}
	n.hits = append(n.hits, ref{e: e, kind: kind, alias: s, acronym: isAcronym(s), lower: !hasUpper(s)})
}

// accepts reports whether the text span may be read as r: acronyms must
// be written without lower-case letters ("US", not "us"), other names
// need a capital somewhere ("Israeli", not "israeli"; "al-Qaeda") unless
// the KB writes them in lower case ("dpa").
func (r *ref) accepts(span []string) bool {
	upper := r.lower
	for _, t := range span {
		if r.acronym && !noLower(t) {
			return false
		}
		if !upper && hasUpper(t) {
			upper = true
		}
	}
	return upper
}

// longest finds the longest name starting at tokens[i] in the trie root
// and returns the end token and the ref, or -1. caseRule false skips the
// capitalisation checks (for generic patterns).
func longest(root *node, tokens []string, i int, buf []byte, caseRule bool) (int, *ref) {
	// prefilter: a plain token whose lower case starts no name, or a
	// token starting with ASCII punctuation (no name does)
	if b, ok := simpleLower(buf, tokens[i]); ok {
		if c := tokens[i][0]; caseRule && ('a' <= c && c <= 'z' || '0' <= c && c <= '9') &&
			(root.lower == nil || root.lower[c]&(1<<min(len(b), 63)) == 0) {
			return -1, nil // a lower-case token starts only names written in lower case
		}
		if root.all == nil || root.all[b[0]]&(1<<min(len(b), 63)) == 0 || root.next[string(b)] == nil {
			return -1, nil
		}
	} else if t := tokens[i]; t == "" || t[0] < 0x80 && !isAlnum(t[0]) {
		return -1, nil
	}
	n := root
	end := -1
	var best *ref
	for t := i; t < len(tokens); t++ {
		var us []string
		if b, ok := simpleLower(buf, tokens[t]); ok {
			c := n.next[string(b)]
			if c == nil {
				break
			}
			n = c
		} else {
			us = units(tokens[t])
			if len(us) == 0 {
				if t > i && isDash(tokens[t]) {
					continue
				}
				break
			}
			ok := true
			for _, u := range us {
				c := n.next[u]
				if c == nil {
					ok = false
					break
				}
				n = c
			}
			if !ok {
				break
			}
		}
		for h := range n.hits {
			r := &n.hits[h]
			if !caseRule || r.accepts(tokens[i:t+1]) {
				end, best = t+1, r
				break
			}
		}
	}
	return end, best
}

// Match scans a token sequence (one sentence or a whole article) for KB
// names, taking the longest name at each position, left to right without
// overlaps. A country name, demonym or capital directly followed
// (optionally after "'s") by a body, group or outlet of the same country
// becomes one match of that body ("U.S. State Department", "Israel's
// Channel 12"); followed by a generic phrase ("foreign ministry", "army",
// "police", "parliament", "supreme court"; see GenericPatterns) it becomes
// one match of that country's body, curated when the KB has one
// ("Israeli military" → the IDF), else synthesised ("Egypt's foreign
// ministry" → body:EGY-foreign-ministry, sector GOV).
func (k *KB) Match(tokens []string) []Match {
	var out []Match
	var arr [64]byte
	buf := arr[:0]
	for i := 0; i < len(tokens); {
		end, r := longest(k.trie, tokens, i, buf, true)
		if r == nil {
			i++
			continue
		}
		m := Match{Entity: r.e, Start: i, End: end, Alias: r.alias, Kind: r.kind}
		if geo(r.e) && r.e.Country != "" && end < len(tokens) {
			if m2, ok := k.extend(tokens, m, buf); ok {
				m = m2
			}
		}
		out = append(out, m)
		i = m.End
	}
	return out
}

// geo reports entity types that can start a "<country> <body>" phrase.
func geo(e *Entity) bool {
	switch e.Type {
	case TypeCountry, TypeTerritory, TypePlace:
		return true
	}
	return false
}

// extend tries to grow a country match m into a body match.
func (k *KB) extend(tokens []string, m Match, buf []byte) (Match, bool) {
	j := m.End
	if t := tokens[j]; t == "'s" || t == "\u2019s" || t == "'" {
		j++
	}
	if j >= len(tokens) {
		return m, false
	}
	cc := m.Entity.Country
	if end, r := longest(k.trie, tokens, j, buf, true); r != nil && r.e.Country == cc {
		switch r.e.Type {
		case TypeBody, TypeGroup, TypeMedia, TypeNGO:
			return Match{Entity: r.e, Start: m.Start, End: end, Alias: r.alias, Kind: KindCombined}, true
		}
	}
	// a generic phrase, even when it is also another country's name
	// ("German Foreign Office" is not the British one)
	end, r := longest(patternTrie, tokens, j, buf, false)
	if r == nil {
		return m, false
	}
	g := genericByID[r.alias]
	e := k.genericBody(cc, m.Entity, g)
	return Match{Entity: e, Start: m.Start, End: end, Alias: g.Phrases[0], Kind: KindPattern}, true
}

// genericBody returns the curated body of country cc for generic g, or a
// synthesised one (cached per KB).
func (k *KB) genericBody(cc string, place *Entity, g *Generic) *Entity {
	if e := k.generic[cc+"|"+g.ID]; e != nil {
		return e
	}
	key := cc + "|" + g.ID
	if v, ok := k.synth.Load(key); ok {
		return v.(*Entity)
	}
	name := cc
	if c := k.ents["country:"+cc]; c != nil {
		name = c.Name
	} else if place != nil {
		name = place.Name
	}
	e := &Entity{
		ID:      "body:" + cc + "-" + g.ID,
		Type:    TypeBody,
		Name:    name + " " + g.Label,
		Country: cc,
		Sector:  g.Sector,
		Source:  "rule: <country> " + g.Label,
	}
	v, _ := k.synth.LoadOrStore(key, e)
	return v.(*Entity)
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// markFirst records in the root's filter that a name starts with unit u.
func (n *node) markFirst(u string) {
	if n.all == nil {
		n.all = new([256]uint64)
	}
	n.all[u[0]] |= 1 << min(len(u), 63)
}
