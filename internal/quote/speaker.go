package quote

import (
	"strings"

	"github.com/readout/readout/internal/kb"
	"github.com/readout/readout/internal/news"
)

// wordish reports whether token i can be part of a speaker phrase.
func (d *doc) wordish(i int) bool {
	t := d.toks[i]
	if t.inQ {
		return false
	}
	if isWord(t.t) {
		return true
	}
	return t.t == "'s" || t.t == "’s" || t.t == "-" || t.t == "&"
}

// npBefore returns the subject phrase [a, b) ending just before the cue
// at token j, not reaching before token lo. An appositive or relative
// clause between a name and its verb is skipped ("Maria Olsen, the
// fisheries minister, said").
func (d *doc) npBefore(j, lo int) (int, int) {
	k := j - 1
	for k >= lo && (preAdv[d.toks[k].low] || isAdverb(d.toks[k].low)) && !d.toks[k].inQ {
		k--
	}
	if k-1 >= lo && (d.toks[k].low == "which" || d.toks[k].low == "who") && (d.toks[k-1].t == "," || d.wordish(k-1)) {
		if d.toks[k-1].t != "," {
			// "unnamed officials who said": a restrictive relative.
			return d.collectBack(k, lo)
		}
		// "the memo, which warned of …": the antecedent speaks.
		a, b := d.collectBack(k-1, lo)
		for i := b - 1; i > a; i-- {
			if detWord[d.toks[i].low] || d.toks[i].low == "its" || d.toks[i].low == "his" || d.toks[i].low == "her" || d.toks[i].low == "their" {
				return i, b
			}
		}
		return a, b
	}
	if k >= lo && d.toks[k].t == "," {
		// ", <appositive or relative clause>," — find the comma before it.
		m := k - 1
		for m >= lo && d.toks[m].t != "," && !d.toks[m].inQ && m > k-16 {
			m--
		}
		if m >= lo && d.toks[m].t == "," {
			// "Its leader, Kari Nordby, said": the name in the commas.
			if m+1 < k && d.capAt(m+1) && d.nameRun(m+1, k) == k && !d.isPlaceOrGroup(m+1) {
				return m + 1, k
			}
			a, b := d.collectBack(m, lo)
			if a < b {
				return a, b
			}
		}
		return k, k
	}
	return d.collectBack(k+1, lo)
}

// collectBack gathers phrase tokens backwards from end (exclusive).
func (d *doc) collectBack(end, lo int) (int, int) {
	a := end
	for a-1 >= lo && d.wordish(a-1) && end-a < 10 {
		if npStop[d.toks[a-1].low] {
			// "sources close to the prime minister", "people familiar with"
			if !(d.toks[a-1].low == "to" && a-2 >= lo && d.toks[a-2].low == "close") {
				break
			}
		}
		a--
	}
	// "and" joins two names ("Olsen and Berg said") but nothing else.
	if a-1 > lo && a < end && d.toks[a-1].low == "and" && d.wordish(a-2) && ((isCap(d.toks[a].t) && isCap(d.toks[a-2].t)) || roleSector[d.toks[a-2].low].typ != "") {
		a2, _ := d.collectBack(a-1, lo)
		a = a2
	}
	// "Analysts quoted in The Jerusalem Post said": the analysts speak;
	// the outlet is a via.
	if a-1 > lo && a < end && participle[d.toks[a-1].low] && (d.toks[a].low == "in" || d.toks[a].low == "by") {
		if a2, b2 := d.collectBack(a-1, lo); a2 < b2 {
			return a2, b2
		}
	}
	return d.trimLead(a, end), end
}

var participle = setOf("quoted cited interviewed speaking")

// trimLead drops sentence adverbs, time phrases and a leading
// preposition with its object from the start of a phrase.
func (d *doc) trimLead(a, b int) int {
	for a < b {
		low := d.toks[a].low
		switch {
		case leadDrop[low] || timeWord[low]:
			a++
		case (low == "in" || low == "at" || low == "from" || low == "for" || low == "on" || low == "during") && a+1 < b:
			a++
			for a < b && (isCap(d.toks[a].t) || isDigits(d.toks[a].t) || timeWord[d.toks[a].low]) && !detWord[d.toks[a].low] {
				a++
			}
		default:
			return a
		}
	}
	return a
}

// npAfter returns the phrase after an inverted cue ("said Maria Olsen,
// the minister").
func (d *doc) npAfter(j, hi int) (int, int) {
	a := j + 1
	b := a
	if a < hi && (npStop[d.toks[a].low] || d.toks[a].low == "of" || d.toks[a].low == "in" || d.toks[a].low == "at" || d.toks[a].low == "for") {
		return a, a
	}
	for b < hi && d.wordish(b) && (!npStop[d.toks[b].low] || d.toks[b].low == "in" || d.toks[b].low == "at") && b-a < 10 {
		b++
	}
	// stop a trailing prepositional adjunct ("said Olsen in a statement")
	for k := a + 1; k < b; k++ {
		if (d.toks[k].low == "in" || d.toks[k].low == "at") && k+1 < b && !isCap(d.toks[k+1].t) && (isCap(d.toks[k-1].t) || d.toks[k+1].low == "a" || d.toks[k+1].low == "an") {
			b = k
			break
		}
		if timeWord[d.toks[k].low] && !isCap(d.toks[k-1].t) {
			b = k
			break
		}
		if (d.toks[k].low == "on" || d.toks[k].low == "last") && k+1 < b && timeWord[d.toks[k+1].low] {
			b = k
			break
		}
	}
	return a, b
}

var timeWord = setOf("monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october november december today yesterday tonight tomorrow morning evening afternoon night week month year weekend earlier later last recently")
var detWord = setOf("the a an one two three four five some several many most other another this that these those")

func isAdverb(w string) bool {
	return len(w) > 4 && strings.HasSuffix(w, "ly") && w != "only" && w != "family" && w != "early" && w != "italy"
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// speaker classifies and resolves the phrase [a, b) as a speaker.
func (d *doc) speaker(a, b int) *news.Speaker {
	if a >= b {
		return nil
	}
	// drop determiners' "'s" tails and trailing possessives
	sp := &news.Speaker{Start: d.toks[a].s, End: d.toks[b-1].e}
	if b-a == 1 {
		if g, ok := pronounGender[d.toks[a].low]; ok {
			return d.pronoun(sp, g)
		}
	}
	// "an analyst in Delhi", "a reader in Cork": a description whose
	// head comes before its modifier.
	for i := a + 1; i < b-1; i++ {
		low := d.toks[i].low
		if low == "of" || low == "at" || low == "in" || low == "from" || low == "for" || low == "with" {
			if !d.capAt(i-1) && roleSector[d.toks[i-1].low].typ != "" {
				sp := d.speaker(a, i)
				if sp != nil && sp.Type != news.SpeakerPerson {
					sp.Text = trimThe(d.span(a, b))
					sp.End = d.toks[b-1].e
					if sp.Country == "" && d.k != nil {
						for k := i + 1; k < b; k++ {
							if e := d.k.Demonym(d.toks[k].t); e != nil {
								sp.Country = e.Country
							} else if es := d.k.Lookup(d.toks[k].t); len(es) > 0 && es[0].Country != "" && es[0].Type != kb.TypeMedia {
								sp.Country = es[0].Country
							}
						}
					}
					return sp
				}
			}
			break
		}
	}
	// "Victor Salas of Lima Capital": a person named with an affiliation.
	for i := a + 1; i < b-1; i++ {
		if (d.toks[i].low == "of" || d.toks[i].low == "at" || d.toks[i].low == "from") && d.capAt(i-1) {
			if s := d.speaker(a, i); s != nil && s.Type == news.SpeakerPerson {
				return s
			}
			break
		}
	}
	// "Rubio's remarks", "the Meridian Wire report": the author speaks.
	if sayNouns[d.toks[b-1].low] && b-a >= 2 {
		for i := b - 2; i >= a; i-- {
			if d.toks[i].t == "'s" || d.toks[i].t == "’s" {
				if i > a {
					if sp := d.speaker(a, i); sp != nil {
						sp.End = d.toks[b-1].e
						return sp
					}
				}
				break
			}
		}
		if ms := d.via(a, b, nil); len(ms) > 0 {
			m := ms[0]
			return &news.Speaker{Text: m.Name, Start: m.Start, End: m.End, Type: news.SpeakerOrg, Sector: "JRN", EntityID: m.EntityID}
		}
	}
	head := d.toks[b-1]
	// KB entities in the phrase: the last one decides organisations and
	// media; demonyms give anonymous sources their country.
	var last *kb.Match
	var country string
	if d.k != nil {
		words := make([]string, b-a)
		for i := a; i < b; i++ {
			words[i-a] = d.toks[i].t
		}
		ms := d.k.Match(words)
		for i := range ms {
			m := &ms[i]
			if m.Entity.Country != "" && country == "" {
				country = m.Entity.Country
			}
			if m.End == b-a && m.Kind != kb.KindDemonym {
				last = m
			}
		}
		if last != nil {
			e := last.Entity
			sp.EntityID = e.ID
			sp.Country = e.Country
			sp.Sector = e.Sector
			if e.Type == kb.TypePerson {
				sp.Type = news.SpeakerPerson
				sp.Text = e.Name
			} else {
				sp.Type = news.SpeakerOrg
				sp.Text = trimThe(d.span(a, b))
				if e.Type == kb.TypeMedia && sp.Sector == "" {
					sp.Sector = "JRN"
				}
			}
			return sp
		}
	}
	if !d.capAt(b - 1) {
		// a description: "one senior Israeli official", "the ministry".
		sp.Text = trimThe(d.span(a, b))
		r := roleSector[head.low]
		sp.Sector = r.sector
		for i := a; i < b-1; i++ {
			// "a police officer", "an army spokesman": the institution
			// named as a modifier gives the sector.
			if m := roleSector[d.toks[i].low]; m.typ == "org" && m.sector != "" && r.typ != "org" {
				sp.Sector = m.sector
			}
		}
		sp.Country = country
		if r.typ == "org" {
			sp.Type = news.SpeakerOrg
			return sp
		}
		// "the minister" may name a person introduced with that title.
		if d.toks[a].low == "the" && b-a <= 3 {
			if p := d.personByRole(head.low, sp.Start); p != nil {
				sp.Type, sp.Text, sp.Sector = news.SpeakerPerson, p.name, r.sector
				sp.Ref = &news.Span{Start: p.s, End: p.e}
				return sp
			}
		}
		if d.toks[a].low == "the" && b-a <= 3 {
			// "the diplomat added": the source described before.
			for i := len(d.out) - 1; i >= 0; i-- {
				q := d.out[i].Speaker
				if q != nil && q.Anonymous && q.End <= sp.Start && lastWord(q.Text) == head.low {
					r := *q
					r.Start, r.End, r.Ref = sp.Start, sp.End, &news.Span{Start: q.Start, End: q.End}
					return &r
				}
			}
		}
		sp.Type = news.SpeakerAnonymous
		sp.Anonymous = true
		if r.typ == "" && !d.hasRole(a, b) {
			sp.Type, sp.Anonymous = "", false
		}
		return sp
	}
	// a capitalised head: an organisation or a person's name.
	c := b - 1
	for c-1 >= a && (isCap(d.toks[c-1].t) || d.toks[c-1].low == "of" || d.toks[c-1].low == "for" || d.toks[c-1].low == "and" || d.toks[c-1].t == "&" ||
		d.hyphenInName(c-1)) {
		c--
	}
	for c < b && !d.capAt(c) {
		c++
	}
	for i := c; i < b; i++ {
		if orgWords[d.toks[i].low] {
			sp.Type = news.SpeakerOrg
			sp.Text = trimThe(d.span(a, b))
			if mediaWords[d.toks[b-1].low] {
				sp.Sector = "JRN"
			}
			return sp
		}
	}
	// strip titles
	for c < b-1 && (titleWords[d.toks[c].low] || notName[d.toks[c].low]) {
		c++
	}
	sp.Type = news.SpeakerPerson
	sp.Text = d.span(c, b)
	if p := d.bySurname(strings.ToLower(d.toks[b-1].t), sp.End); p != nil && len(p.name) >= len(sp.Text) {
		sp.Text = p.name
		if b-c == 1 {
			sp.Ref = &news.Span{Start: p.s, End: p.e}
		}
	}
	return sp
}

func (d *doc) hasRole(a, b int) bool {
	for i := a; i < b; i++ {
		if roleSector[d.toks[i].low].typ != "" {
			return true
		}
	}
	return false
}

func trimThe(s string) string {
	if strings.HasPrefix(s, "the ") || strings.HasPrefix(s, "The ") {
		return s[4:]
	}
	return s
}

// pronoun resolves a pronoun speaker to the latest compatible person, or
// for "it"/"they" to the latest organisation or group speaker.
func (d *doc) pronoun(sp *news.Speaker, g byte) *news.Speaker {
	sp.Text = d.text[sp.Start:sp.End]
	switch g {
	case 'm', 'f':
		p := d.personBefore(sp.Start, g)
		// a described source named as subject of a cue since then
		// ("A council spokesman said … he added")
		for i := len(d.descs) - 1; i >= 0; i-- {
			x := d.descs[i]
			if d.toks[x.a].s >= sp.Start {
				continue
			}
			if p != nil && p.s > d.toks[x.a].s {
				break
			}
			if qg := roleGender(d.toks[x.b-1].low); qg == 0 || qg == g {
				if q := d.speaker(x.a, x.b); q != nil && q.Type == news.SpeakerAnonymous {
					q.Ref = &news.Span{Start: q.Start, End: q.End}
					q.Start, q.End = sp.Start, sp.End
					return q
				}
			}
			break
		}
		if p != nil {
			sp.Type, sp.Text = news.SpeakerPerson, p.name
			sp.Ref = &news.Span{Start: p.s, End: p.e}
			return sp
		}
		sp.Type = news.SpeakerPerson
	case 'n', 'p':
		for i := len(d.out) - 1; i >= 0; i-- {
			q := d.out[i].Speaker
			if q != nil && q.Start < sp.Start && (q.Type == news.SpeakerOrg || (g == 'p' && q.Type == news.SpeakerAnonymous) || (q.Type == news.SpeakerPerson && q.Ref == nil && d.genderOf(q.Text) == 0)) {
				r := *q
				r.Start, r.End, r.Ref = sp.Start, sp.End, &news.Span{Start: q.Start, End: q.End}
				return &r
			}
		}
	}
	return sp
}

// via returns the media named in tokens [lo, hi) outside quotations,
// other than the speaker, in reading order.
func (d *doc) via(lo, hi int, sp *news.Speaker) []news.Medium {
	var out []news.Medium
	if lo < len(d.toks) && lo == d.sents[d.toks[lo].sent].ts {
		lo = d.datelineEnd(d.toks[lo].sent)
	}
	for i := lo; i < hi; {
		t := d.toks[i]
		if t.inQ || !isCap(t.t) {
			i++
			continue
		}
		j := i
		for j < hi && !d.toks[j].inQ && (isCap(d.toks[j].t) || ((d.toks[j].low == "of" || d.toks[j].low == "the") && j+1 < hi && isCap(d.toks[j+1].t))) {
			j++
		}
		m, ok := d.medium(i, j)
		if ok && (sp == nil || m.End <= sp.Start || m.Start >= sp.End) {
			out = append(out, m)
		}
		i = j
	}
	return out
}

// medium reports whether the capitalised run [i, j) names a news outlet:
// a KB media entity or a name ending in a media word ("Meridian Wire").
func (d *doc) medium(i, j int) (news.Medium, bool) {
	for i < j && notName[d.toks[i].low] && d.toks[i].low != "the" {
		i++
	}
	if i >= j {
		return news.Medium{}, false
	}
	if d.k != nil {
		words := make([]string, j-i)
		for k := i; k < j; k++ {
			words[k-i] = d.toks[k].t
		}
		full := j-i >= 2 && (mediaWords[d.toks[j-1].low] || mediaFirst[d.toks[i].low] || mediaFirst[d.toks[j-2].low])
		for _, m := range d.k.Match(words) {
			if m.Entity.Type == kb.TypeMedia && (!full || m.End-m.Start == j-i) {
				return news.Medium{Name: m.Entity.Name, Start: d.toks[i+m.Start].s, End: d.toks[i+m.End-1].e, EntityID: m.Entity.ID}, true
			}
		}
	}
	if j-i >= 2 && (mediaWords[d.toks[j-1].low] || mediaFirst[d.toks[i].low] || mediaFirst[d.toks[j-2].low]) {
		return news.Medium{Name: trimThe(d.span(i, j)), Start: d.toks[i].s, End: d.toks[j-1].e}, true
	}
	return news.Medium{}, false
}

// capAt reports whether token i is capitalised as a name is: a common
// word capitalised only because it opens the sentence does not count.
func (d *doc) capAt(i int) bool {
	t := d.toks[i]
	if !isCap(t.t) {
		return false
	}
	if i == d.sents[t.sent].ts || (i > 0 && (d.toks[i-1].inQ || d.toks[i-1].t == ":")) {
		_, pro := pronounGender[t.low]
		return !(roleSector[t.low].typ != "" || notName[t.low] || leadDrop[t.low] || detWord[t.low] || timeWord[t.low] || pro)
	}
	return true
}

func lastWord(s string) string {
	f := strings.Fields(strings.ToLower(s))
	if len(f) == 0 {
		return ""
	}
	return f[len(f)-1]
}

// roleGender is the gender a role noun implies ("spokeswoman"), or 0.
func roleGender(w string) byte {
	switch {
	case femaleTitles[w] || strings.HasSuffix(w, "woman") || strings.HasSuffix(w, "women"):
		return 'f'
	case maleTitles[w] || strings.HasSuffix(w, "man") || strings.HasSuffix(w, "men"):
		return 'm'
	}
	return 0
}

// genderOf returns the gender known for a person's name, or 0.
func (d *doc) genderOf(name string) byte {
	for i := len(d.persons) - 1; i >= 0; i-- {
		if d.persons[i].name == name && d.persons[i].gender != 0 {
			return d.persons[i].gender
		}
	}
	if f := strings.Fields(strings.ToLower(name)); len(f) > 0 {
		if femaleNames[f[0]] {
			return 'f'
		}
		if maleNames[f[0]] {
			return 'm'
		}
	}
	return 0
}

// findDescs records cue subjects that describe an unnamed source ("a
// council spokesman said"), for pronouns to refer back to.
func (d *doc) findDescs() {
	for _, st := range d.sents {
		for j := st.ts; j < st.te; j++ {
			if d.toks[j].inQ || !d.isCue(j) {
				continue
			}
			a, b := d.npBefore(j, st.ts)
			if a < b && (detWord[d.toks[a].low] || !d.capAt(a)) && d.anonRole(a, b) {
				d.descs = append(d.descs, tokSpan{a, b})
			}
		}
	}
}

type tokSpan struct{ a, b int }

// anonRole reports whether [a, b) is headed by a role noun for a person
// ("a council spokesman", "a legal scholar at Leiden University").
func (d *doc) anonRole(a, b int) bool {
	h := b - 1
	for i := a + 1; i < b; i++ {
		switch d.toks[i].low {
		case "of", "at", "in", "from", "for", "with":
			h = i - 1
		}
		if h != b-1 {
			break
		}
	}
	return !d.capAt(h) && roleSector[d.toks[h].low].typ == "anon"
}

// hyphenInName reports whether token j is the hyphen of a double-barrelled
// name written without spaces ("Haugland-Vik").
func (d *doc) hyphenInName(j int) bool {
	if j <= 0 || j+1 >= len(d.toks) || d.toks[j].t != "-" {
		return false
	}
	p, n := d.toks[j-1], d.toks[j+1]
	return p.e == d.toks[j].s && d.toks[j].e == n.s && isCap(p.t) && isCap(n.t)
}
