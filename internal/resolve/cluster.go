package resolve

import (
	"strings"

	"github.com/readout/readout/internal/kb"
	"github.com/readout/readout/internal/news"
)

// cluster is one entity being built.
type cluster struct {
	person   bool
	typ      string // news.Entity.Type
	id       string // fixed for non-people; people get theirs in entities
	ent      *kb.Entity
	full     []string // keys of the fullest name seen (people)
	fullText string   // that name as written
	first    string   // first mention's text
	gender   byte
	country  string
	mentions []news.Mention
	roles    []news.RoleAssertion
	last     int
	lastSent int
	viaAlias bool // linked through a one-word alias only
}

// person adds a PER candidate to the cluster of the same person.
func (d *doc) person(c *cand) {
	toks := d.a.Sentences[c.sent].Tokens
	var words []string
	for i := c.ts; i < c.te; i++ {
		if k := key(toks[i].Text); k != "'s" && k != "" {
			words = append(words, k)
		}
	}
	if len(words) == 0 {
		return
	}
	text := d.span(c.sent, c.ts, c.te)
	var cl *cluster
	kind, conf := news.MentionName, 0.95
	if len(words) >= 2 {
		full := strings.Join(words, " ")
		cl = d.findPerson(func(p *cluster) bool { return strings.Join(p.full, " ") == full })
		if cl == nil { // a shorter form of a known full name: "bin Salman"
			cl = d.findPerson(func(p *cluster) bool { return len(p.full) > len(words) && hasSuffix(p.full, words) })
			if cl != nil {
				kind, conf = news.MentionSurname, 0.85
			}
		}
		if cl == nil { // the same first and last name: "Marco A. Rubio"
			cl = d.findPerson(func(p *cluster) bool {
				return len(p.full) >= 2 && p.full[0] == words[0] && p.full[len(p.full)-1] == words[len(words)-1]
			})
		}
		if cl == nil { // a surname seen first (a headline), now in full
			cl = d.findPerson(func(p *cluster) bool {
				return len(p.full) == 1 && p.full[0] == words[len(words)-1]
			})
			if cl != nil {
				cl.full, cl.fullText = words, text
			}
		}
		if cl == nil {
			if e := d.lookupPerson(text); e != nil {
				cl = d.byID[e.ID]
			}
		}
		if cl != nil && len(words) > len(cl.full) && kind == news.MentionName {
			cl.full, cl.fullText = words, text
		}
	} else {
		w := words[0]
		n := 0
		cl = d.findPerson(func(p *cluster) bool {
			if len(p.full) > 0 && p.full[len(p.full)-1] == w {
				n++
				return true
			}
			return false
		})
		if cl != nil {
			kind, conf = news.MentionSurname, 0.9
			if len(cl.full) == 1 {
				kind = news.MentionName
			}
			if d.countPeople(func(p *cluster) bool { return len(p.full) > 0 && p.full[len(p.full)-1] == w }) > 1 {
				conf = 0.6
			}
		} else if cl = d.findPerson(func(p *cluster) bool { return len(p.full) > 1 && p.full[0] == w }); cl != nil {
			kind, conf = news.MentionSurname, 0.6
		}
	}
	if cl == nil {
		cl = &cluster{person: true, typ: kb.TypePerson, full: words, fullText: text, first: text}
		if e := d.lookupPerson(text); e != nil {
			cl.ent, cl.viaAlias = e, len(words) == 1
			d.byID[e.ID] = cl
		}
		d.clusters = append(d.clusters, cl)
	}
	if c.gender != 0 {
		cl.gender = c.gender
	}
	for _, r := range c.roles {
		cl.roles = append(cl.roles, *r)
		if g := genderOfTitle(r.Title); g != 0 {
			cl.gender = g
		}
	}
	d.add(cl, c.sent, c.ts, c.te, kind, conf*scoreFactor(c.score))
}

func scoreFactor(s float64) float64 {
	if s <= 0 || s >= 0.9 {
		return 1
	}
	return 0.5 + s/1.8
}

func hasSuffix(full, words []string) bool {
	off := len(full) - len(words)
	for i, w := range words {
		if full[off+i] != w {
			return false
		}
	}
	return true
}

func genderOfTitle(t string) byte {
	for _, w := range strings.Fields(strings.ToLower(t)) {
		if maleWords[w] {
			return 'm'
		}
		if femaleWords[w] {
			return 'f'
		}
	}
	return 0
}

// findPerson returns the most recently mentioned person cluster for
// which ok is true.
func (d *doc) findPerson(ok func(*cluster) bool) *cluster {
	var best *cluster
	for _, p := range d.clusters {
		if p.person && ok(p) && (best == nil || p.last > best.last) {
			best = p
		}
	}
	return best
}

func (d *doc) countPeople(ok func(*cluster) bool) int {
	n := 0
	for _, p := range d.clusters {
		if p.person && ok(p) {
			n++
		}
	}
	return n
}

// lookupPerson finds a KB person by name or alias.
func (d *doc) lookupPerson(name string) *kb.Entity {
	for _, e := range d.r.kb.Lookup(name) {
		if e.Type == kb.TypePerson {
			return e
		}
	}
	return nil
}

// other adds a non-person candidate to its entity's cluster.
func (d *doc) other(c *cand) {
	text := d.span(c.sent, c.ts, c.te)
	kind, conf := news.MentionName, 0.9
	var id, typ, country string
	var ent *kb.Entity
	switch {
	case c.ent != nil && c.kind == kb.KindCapital:
		if d.afterLocPrep(c) {
			// "in Washington": the city
			typ, country = kb.TypePlace, c.ent.Country
			id = unlinkedID(kb.TypePlace, text)
		} else {
			ent, kind, conf = c.ent, news.MentionCapital, 0.6
		}
	case c.ent != nil:
		ent = c.ent
		switch c.kind {
		case kb.KindDemonym:
			kind, conf = news.MentionDemonym, 0.7
		case kb.KindPattern:
			kind = news.MentionPattern
		}
	default:
		typ = nerType(c.typ)
		if es := d.r.kb.Lookup(text); len(es) > 0 && es[0].Type != kb.TypePerson {
			ent = es[0]
		} else {
			id, country = unlinkedID(typ, text), c.country
			conf = 0.8 * scoreFactor(c.score)
		}
	}
	if ent != nil {
		id, typ, country = ent.ID, ent.Type, ent.Country
	}
	cl := d.byID[id]
	if cl == nil {
		cl = &cluster{typ: typ, id: id, ent: ent, country: country, first: text, fullText: text}
		d.byID[id] = cl
		d.clusters = append(d.clusters, cl)
	}
	if len(text) > len(cl.fullText) && kind == news.MentionName {
		cl.fullText = text
	}
	d.add(cl, c.sent, c.ts, c.te, kind, conf)
}

func isLocPrep(k string) bool {
	switch k {
	case "in", "at", "to", "from", "near", "into", "outside", "across", "around", "via", "toward", "towards":
		return true
	}
	return false
}

func nerType(t string) string {
	switch t {
	case "PER":
		return kb.TypePerson
	case "ORG":
		return "org"
	case "LOC":
		return kb.TypePlace
	}
	return "misc"
}

// description resolves "the [former] [country] TITLE" to the most
// recent person holding a compatible title. It returns the token after
// the description, or i when there is none.
func (d *doc) description(s, i int) int {
	toks := d.a.Sentences[s].Tokens
	n := len(toks)
	j := i + 1
	var mod *cand
	var keys []string
	var raw []string
	for j < n {
		if o := d.owner[s][j]; o != nil {
			if o.typ == "PER" || mod != nil || o.ts != j || len(keys) > 0 && key(toks[j-1].Text) != "former" {
				break
			}
			geo := o.ent != nil && (o.ent.Type == kb.TypeCountry || o.kind == kb.KindDemonym)
			if !geo && o.typ != "LOC" { // "the Ohio senator"
				break
			}
			mod = o
			j = o.te
			continue
		}
		k := key(toks[j].Text)
		if !isTitleWord(k) {
			break
		}
		keys = append(keys, k)
		raw = append(raw, toks[j].Text)
		j++
	}
	for len(keys) > 0 && (keys[len(keys)-1] == "of" || keys[len(keys)-1] == "-") {
		keys, raw = keys[:len(keys)-1], raw[:len(raw)-1]
		j--
	}
	if len(keys) == 0 || !hasHead(keys) {
		return i
	}
	if last := keys[len(keys)-1]; !titleHeads[last] || last == "staff" {
		// "the Secretary of State" but not "the Joint Chiefs of Staff"
		ok := false
		for x := 1; x < len(keys); x++ {
			if keys[x] == "of" && titleHeads[keys[x-1]] && keys[x-1] != "staff" && keys[x-1] != "chief" {
				ok = true
			}
		}
		if !ok {
			return i
		}
	}
	if j < n {
		// a title before a name is not a description
		if o := d.owner[s][j]; o != nil && o.typ == "PER" {
			return i
		}
		if toks[j].Text == "," && j+1 < n {
			if o := d.owner[s][j+1]; o != nil && o.typ == "PER" {
				return i
			}
		}
		if k := key(toks[j].Text); k == "of" || k == "for" {
			return i // "the head of an agency": too open to resolve
		}
		if key(toks[j].Text) == "'s" && j+1 < n {
			// "the Prime Minister's Office": a body, not the person
			if nx := toks[j+1].Text; isUpper(nx) || officeWords[key(nx)] {
				return i
			}
		}
	}
	desc := titleWords(strings.Join(raw, " "), nil)
	former := false
	for _, k := range keys {
		if k == "former" || k == "then" {
			former = true
		}
	}
	country := ""
	if mod != nil && mod.ent != nil && (mod.ent.Type == kb.TypeCountry || mod.kind == kb.KindDemonym) {
		country = mod.ent.Country
	}
	var best *cluster
	cands := 0
	for _, p := range d.clusters {
		if !p.person || !d.holds(p, desc, country, former) {
			continue
		}
		cands++
		if best == nil || p.last > best.last {
			best = p
		}
	}
	if best == nil {
		return i
	}
	conf := 0.85
	if cands > 1 {
		conf = 0.6
	}
	if mod != nil {
		mod.consumed = true
	}
	d.add(best, s, i, j, news.MentionTitle, conf)
	// a description that says more than the titles known so far is a
	// role assertion of its own: "the former Florida senator"
	known := false
	for _, r := range best.roles {
		if compatibleSub(desc, titleWords(r.Title, d.isCountryWord)) && len(desc) <= len(titleWords(r.Title, d.isCountryWord)) && (country == "" || r.Country == country) {
			known = true
		}
	}
	if !known {
		var idx []int
		for x := i + 1; x < j; x++ {
			if o := d.owner[s][x]; o == nil {
				idx = append(idx, x)
			}
		}
		r := d.role(s, idx, mod, nil, "")
		r.Pattern = "description"
		r.Start, r.End = d.tok(s, i).Start, d.tok(s, j-1).End
		best.roles = append(best.roles, *r)
	}
	return j
}

// holds reports whether a person has a (current) title compatible with
// the description's words, in the given country if any.
func (d *doc) holds(p *cluster, desc []string, country string, former bool) bool {
	if country != "" && p.country != "" && p.country != country {
		return false
	}
	ok := false
	for _, r := range p.roles {
		if country != "" && r.Country != "" && r.Country != country {
			continue
		}
		if compatibleSub(desc, titleWords(r.Title, d.isCountryWord)) {
			ok = true
		}
	}
	if !ok && p.ent != nil {
		roles := d.kbRoles(p.ent)
		if former {
			roles = p.ent.Roles
		}
		for _, r := range roles {
			if compatibleSub(desc, titleWords(r.Title, d.isCountryWord)) {
				ok = true
			}
		}
	}
	return ok
}

// compatibleSub: every word of the description is in the title and the
// ranks agree ("the minister" fits "Foreign Minister"; "the deputy
// minister" does not fit "Minister").
func compatibleSub(desc, title []string) bool {
	if len(desc) == 0 || len(title) == 0 {
		return false
	}
	if !compatible(desc, title) {
		return false
	}
	for _, w := range desc {
		found := false
		for _, x := range title {
			if x == w {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func (d *doc) isCountryWord(w string) bool {
	if v, ok := d.countryWord[w]; ok {
		return v
	}
	v := d.r.kb.Demonym(w) != nil
	if !v {
		for _, e := range d.r.kb.Lookup(w) {
			if e.Type == kb.TypeCountry {
				v = true
			}
		}
	}
	if d.countryWord == nil {
		d.countryWord = map[string]bool{}
	}
	d.countryWord[w] = v
	return v
}

// pronoun resolves he/she/his/her to the one compatible person of the
// sentence so far, or failing any, of the previous sentence.
func (d *doc) pronoun(s, i int, k string) {
	g := byte('m')
	if femaleWords[k] {
		g = 'f'
	}
	pick := func(sent int) (*cluster, int) {
		var one *cluster
		n := 0
		for _, p := range d.clusters {
			if !p.person || p.lastSent != sent || (p.gender != 0 && p.gender != g) {
				continue
			}
			if sent == s && p.mentions[len(p.mentions)-1].Start > d.tok(s, i).Start {
				continue
			}
			n++
			one = p
		}
		return one, n
	}
	// people of this sentence, of any gender, block a pronoun to the previous one
	if p, n := pick(s); n == 1 {
		p.gender = g
		d.add(p, s, i, i+1, news.MentionPronoun, 0.7)
		return
	} else if n > 1 {
		return
	}
	for _, p := range d.clusters {
		if p.person && p.lastSent == s {
			return // someone of the other gender is here: too unsure
		}
	}
	if s > 0 {
		if p, n := pick(s - 1); n == 1 {
			p.gender = g
			d.add(p, s, i, i+1, news.MentionPronoun, 0.55)
		}
	}
}

var officeWords = set("office", "residence", "palace", "bureau", "cabinet", "party", "administration", "government", "spokesperson", "spokesman", "spokeswoman")

func isUpper(t string) bool {
	for _, r := range t {
		return r >= 'A' && r <= 'Z'
	}
	return false
}

// afterLocPrep reports whether a place name follows a locative
// preposition, directly or through a list of places ("in Cairo and
// Amman").
func (d *doc) afterLocPrep(c *cand) bool {
	for j := c.ts - 1; j >= 0 && j >= c.ts-8; j-- {
		k := key(d.tok(c.sent, j).Text)
		if isLocPrep(k) {
			return true
		}
		if o := d.owner[c.sent][j]; o != nil && o.typ == "LOC" || o != nil && o.kind == kb.KindCapital {
			j = o.ts
			continue
		}
		if k != "and" && k != "," && k != "or" {
			return false
		}
	}
	return false
}
