package kb

import (
	"sort"
	"strings"
	"sync"
)

// Entity types.
const (
	TypeCountry   = "country"
	TypeTerritory = "territory"
	TypeIGO       = "igo"
	TypeNGO       = "ngo"
	TypeGroup     = "group"
	TypeBody      = "body"
	TypeMedia     = "media"
	TypePerson    = "person"
	TypePlace     = "place"
)

var validTypes = map[string]bool{
	TypeCountry: true, TypeTerritory: true, TypeIGO: true, TypeNGO: true, TypeGroup: true,
	TypeBody: true, TypeMedia: true, TypePerson: true, TypePlace: true,
}

// Entity is one actor or place. Entities returned by a KB are shared and
// must be treated as read-only.
type Entity struct {
	ID       string   `json:"id"`                 // stable: "country:USA", "igo:UN", "group:HAMAS", "body:USA-STATE-DEPT", "media:jerusalem-post", "person:…"
	Type     string   `json:"type"`               // one of the Type* constants
	Name     string   `json:"name"`               // canonical name
	Aliases  []string `json:"aliases,omitempty"`  // other names, acronyms, spellings
	Demonyms []string `json:"demonyms,omitempty"` // countries: "Israeli", "Israelis"
	Metonyms []string `json:"metonyms,omitempty"` // countries: capitals and seats of government used for the state ("Washington")
	Country  string   `json:"country,omitempty"`  // ISO 3166-1 alpha-3 (for countries their own code)
	Sector   string   `json:"sector,omitempty"`   // PLOVER/CAMEO sector: GOV MIL LEG JUD COP SPY PTY REB IGO NGO JRN …
	// Generic names the pattern rule "<country> <generic>" resolves to
	// this body instead of a synthesised one ("foreign-ministry",
	// "army", "parliament"; see GenericPatterns).
	Generic []string `json:"generic,omitempty"`
	Roles   []Role   `json:"roles,omitempty"`
	Source  string   `json:"source,omitempty"` // where the facts come from
}

// Role is a dated position a person holds. From and To are "YYYY-MM-DD",
// or "YYYY-MM"/"YYYY" when only the month or year is known; empty means
// open. Both bounds are inclusive.
type Role struct {
	Title   string `json:"title"`
	Org     string `json:"org,omitempty"` // an entity ID ("body:USA-STATE-DEPT") or a name
	Country string `json:"country,omitempty"`
	Sector  string `json:"sector,omitempty"`
	From    string `json:"from,omitempty"`
	To      string `json:"to,omitempty"`
	Source  string `json:"source,omitempty"`
}

// Match kinds.
const (
	KindName     = "name"            // the canonical name
	KindAlias    = "alias"           // another name or acronym
	KindDemonym  = "demonym"         // "Israeli", "Americans"
	KindCapital  = "capital-metonym" // "Washington": the caller decides literal or metonym
	KindPattern  = "pattern"         // "<country> <generic>": "Egypt's foreign ministry"
	KindCombined = "combined"        // "<country> <body of that country>": "U.S. State Department"
)

// Match is one gazetteer hit in a token sequence: tokens[Start:End].
// A leading article ("the") is not part of the span.
type Match struct {
	Entity *Entity
	Start  int
	End    int
	Alias  string // the KB string that matched
	Kind   string
}

// ref is one way of naming an entity.
type ref struct {
	e       *Entity
	kind    string
	alias   string
	acronym bool // every letter upper case: the text must be upper case too
	lower   bool // no letter upper case: the text may be lower case
}

// KB is a knowledge base of actors. A KB is safe for concurrent reads;
// Merge must not run concurrently with other methods on the same KB.
type KB struct {
	ents  map[string]*Entity
	order []string // IDs in insertion order (replacement keeps the slot)

	names    map[string][]ref // normalised name/alias → refs, best first
	demonyms map[string]*Entity
	capitals map[string]*Entity
	trie     *node
	generic  map[string]*Entity // "ISR|army" → curated body

	synth *sync.Map // "ISR|foreign-ministry" → synthesised *Entity

	// set by Load, replayed by Merge
	ops     map[string]string // ID → "extend" for entries that extend
	deleted []string          // IDs deleted by the file
}

// New returns an empty KB.
func New() *KB {
	k := &KB{ents: map[string]*Entity{}}
	k.reindex()
	return k
}

// Entity returns the entity with the given ID, or nil.
func (k *KB) Entity(id string) *Entity { return k.ents[id] }

// Len is the number of entities.
func (k *KB) Len() int { return len(k.ents) }

// List returns the entities of the given type ("" for all) in insertion
// order.
func (k *KB) List(typ string) []*Entity {
	out := make([]*Entity, 0, len(k.order))
	for _, id := range k.order {
		if e := k.ents[id]; e != nil && (typ == "" || e.Type == typ) {
			out = append(out, e)
		}
	}
	return out
}

// Clone returns a copy of k that can be merged into without changing k.
func (k *KB) Clone() *KB {
	c := *k
	c.ents = make(map[string]*Entity, len(k.ents))
	for id, e := range k.ents {
		c.ents[id] = e
	}
	c.order = append([]string(nil), k.order...)
	c.ops, c.deleted = nil, nil
	return &c
}

// Merge applies other onto k: entities of other replace those of k with
// the same ID, except entries loaded with "op": "extend", which add to
// k's entity, and IDs deleted by other's file ("op": "delete"), which
// are removed from k. Among entities sharing a name, the one merged last
// comes first in Lookup and wins in Match. Indexes are rebuilt.
func (k *KB) Merge(other *KB) {
	if other == nil {
		return
	}
	k.merge(other)
	k.reindex()
}

// merge is Merge without rebuilding the indexes.
func (k *KB) merge(other *KB) {
	for _, id := range other.deleted {
		if other.ents[id] == nil {
			k.remove(id)
		}
	}
	for _, id := range other.order {
		e := other.ents[id]
		if e == nil {
			continue
		}
		if other.ops[id] == "extend" {
			if old := k.ents[id]; old != nil {
				k.put(extend(old, e))
				k.moveLast(id)
				continue
			}
			if e.Type == "" || e.Name == "" {
				continue // nothing to extend
			}
		}
		k.put(e)
		k.moveLast(id)
	}
}

// moveLast moves id to the end of the insertion order, so that a merged
// entity takes precedence over older ones for shared names.
func (k *KB) moveLast(id string) {
	for i, x := range k.order {
		if x == id {
			if i == len(k.order)-1 {
				return
			}
			k.order = append(append(k.order[:i:i], k.order[i+1:]...), id)
			return
		}
	}
}

// put inserts or replaces e (no reindex).
func (k *KB) put(e *Entity) {
	if _, ok := k.ents[e.ID]; !ok {
		k.order = append(k.order, e.ID)
	}
	k.ents[e.ID] = e
}

// remove deletes id (no reindex).
func (k *KB) remove(id string) {
	if _, ok := k.ents[id]; !ok {
		return
	}
	delete(k.ents, id)
	for i, x := range k.order {
		if x == id {
			k.order = append(k.order[:i:i], k.order[i+1:]...)
			break
		}
	}
}

// reindex rebuilds every index from ents. Later entities (in insertion
// order) come first among the refs of a shared name, so that a user file
// can take over an alias.
func (k *KB) reindex() {
	k.names = map[string][]ref{}
	k.demonyms = map[string]*Entity{}
	k.capitals = map[string]*Entity{}
	k.generic = map[string]*Entity{}
	k.synth = &sync.Map{}
	k.trie = newNode()
	for i := len(k.order) - 1; i >= 0; i-- {
		e := k.ents[k.order[i]]
		if e == nil {
			continue
		}
		k.addRef(e, e.Name, KindName)
		for _, a := range e.Aliases {
			k.addRef(e, a, KindAlias)
		}
		for _, d := range e.Demonyms {
			key := normKey(d)
			if key != "" && k.demonyms[key] == nil {
				k.demonyms[key] = e
			}
			k.trie.insert(e, d, KindDemonym)
		}
		for _, m := range e.Metonyms {
			key := normKey(m)
			if key != "" && k.capitals[key] == nil {
				k.capitals[key] = e
			}
			k.trie.insert(e, m, KindCapital)
		}
		if e.Country != "" {
			for _, g := range e.Generic {
				gk := e.Country + "|" + g
				if k.generic[gk] == nil {
					k.generic[gk] = e
				}
			}
		}
	}
}

func (k *KB) addRef(e *Entity, s, kind string) {
	key := normKey(s)
	if key == "" {
		return
	}
	for _, r := range k.names[key] {
		if r.e == e {
			return
		}
	}
	k.names[key] = append(k.names[key], ref{e: e, kind: kind, alias: s, acronym: isAcronym(s)})
	k.trie.insert(e, s, kind)
}

// Lookup returns the entities whose name or alias equals name after
// normalisation (case, dots, diacritics, hyphens and a leading "the" are
// ignored: "U.S." == "US" == "u.s." == "the US"), best first; an
// upper-case ISO alpha-3 code ("ISR") finds its country. Demonyms
// and capitals are not names: use Demonym and Capital for them.
func (k *KB) Lookup(name string) []*Entity {
	refs := k.names[normKey(name)]
	if len(refs) == 0 {
		if s := strings.TrimSpace(name); isCode(s, 3, 3) {
			if e := k.ents["country:"+s]; e != nil {
				return []*Entity{e} // an ISO alpha-3 code
			}
		}
		return nil
	}
	out := make([]*Entity, len(refs))
	for i, r := range refs {
		out[i] = r.e
	}
	return out
}

// Demonym returns the country or territory a demonym or nationality
// adjective belongs to ("Israeli", "Qatari", "Americans"), or nil.
func (k *KB) Demonym(word string) *Entity { return k.demonyms[normKey(word)] }

// Capital returns the country whose capital or seat of government is
// word ("Washington" → USA), or nil. Whether a mention is a metonym for
// the state or the city itself is for the caller to decide.
func (k *KB) Capital(word string) *Entity { return k.capitals[normKey(word)] }

// Gazetteer returns lower-cased entity strings (tokens separated by single
// spaces, split the way readout's tokenizer splits them) → NER type: PER
// for people, LOC for countries, territories, places and capitals, ORG
// for organisations, bodies, groups and media, MISC for demonyms.
func (k *KB) Gazetteer() map[string]string {
	out := make(map[string]string, 4*len(k.ents))
	add := func(s, typ string) {
		for _, v := range gazForms(s) {
			if _, ok := out[v]; !ok {
				out[v] = typ
			}
		}
	}
	for _, id := range k.order {
		e := k.ents[id]
		typ := nerType(e.Type)
		add(e.Name, typ)
		for _, a := range e.Aliases {
			add(a, typ)
		}
		for _, d := range e.Demonyms {
			add(d, "MISC")
		}
		for _, m := range e.Metonyms {
			add(m, "LOC")
		}
	}
	return out
}

func nerType(t string) string {
	switch t {
	case TypePerson:
		return "PER"
	case TypeCountry, TypeTerritory, TypePlace:
		return "LOC"
	}
	return "ORG"
}

// Counts reports how many entities of each type and how many names
// (name + aliases + demonyms + metonyms) the KB holds.
func (k *KB) Counts() (byType map[string]int, names int) {
	byType = map[string]int{}
	for _, e := range k.ents {
		byType[e.Type]++
		names += 1 + len(e.Aliases) + len(e.Demonyms) + len(e.Metonyms)
	}
	return byType, names
}

// Types returns the known entity types, sorted.
func Types() []string {
	out := make([]string, 0, len(validTypes))
	for t := range validTypes {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// isAcronym reports whether s has at least two letters, all upper case
// ("UN", "U.S.", "NATO"; not "Nato", "dpa", "i24NEWS").
func isAcronym(s string) bool {
	n := 0
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z':
			return false
		case r >= 'A' && r <= 'Z':
			n++
		case r > 127 && strings.ToUpper(string(r)) != string(r):
			return false
		}
	}
	return n >= 2
}
