package quote

import (
	"strings"

	"github.com/readout/readout/internal/kb"
)

// person is one mention of a named person.
type person struct {
	name   string // fullest name known ("Maria Olsen")
	last   string // lower-case surname
	s, e   int    // byte span of this mention
	gender byte   // 'm', 'f' or 0
	titles []string
	inQ    bool
}

// nameRun returns the end of a capitalised name run starting at token i
// (particles such as "al-", "de", "van" may join two capitalised words).
func (d *doc) nameRun(i, hi int) int {
	j := i
	for j < hi && !d.toks[j].inQ == !d.toks[i].inQ {
		t := d.toks[j].t
		if isCap(t) && isWord(t) {
			j++
			continue
		}
		if (t == "de" || t == "van" || t == "von" || t == "bin" || t == "al" || t == "der" || t == "da" || t == "el" || t == "ibn") && j+1 < hi && isCap(d.toks[j+1].t) && j > i {
			j++
			continue
		}
		break
	}
	return j
}

// findPersons records every mention of a person in reading order: runs of
// two or more capitalised words that are not organisations, places or
// KB entities of another type, single words after a title, and surnames
// of people named before.
func (d *doc) findPersons() {
	for _, st := range d.sents {
		for i := st.ts; i < st.te; {
			if !isCap(d.toks[i].t) || !isWord(d.toks[i].t) {
				i++
				continue
			}
			j := d.nameRun(i, st.te)
			d.personIn(i, j, st.ts)
			i = j
		}
	}
}

// personIn looks for a person in the capitalised run [i, j) and records it.
func (d *doc) personIn(i, j, sentStart int) {
	var titles []string
	var gender byte
	// titles may be lower-case words before the run ("foreign minister Anna Berg")
	for k := i - 1; k >= sentStart && k >= i-3 && titleWords[d.toks[k].low]; k-- {
		titles = append(titles, d.toks[k].low)
	}
	for i < j && (notName[d.toks[i].low] || titleWords[d.toks[i].low] || d.isPlaceOrGroup(i)) {
		if titleWords[d.toks[i].low] {
			titles = append(titles, d.toks[i].low)
		}
		i++
	}
	if i >= j {
		return
	}
	if i > 0 && roleSector[d.toks[i-1].low].typ == "org" || i > 0 && orgWords[d.toks[i-1].low] && !isCap(d.toks[i-1].t) {
		return // "the association Pro Bahn Nord"
	}
	for k := i; k < j; k++ {
		if orgWords[d.toks[k].low] || mediaWords[d.toks[k].low] || placeWords[d.toks[k].low] {
			return
		}
	}
	if j-i > 4 {
		return
	}
	if i >= 2 && d.toks[i-1].t == "," && (roleSector[d.toks[i-2].low].typ != "" || titleWords[d.toks[i-2].low]) {
		titles = append(titles, d.toks[i-2].low)
	}
	for _, t := range titles {
		if femaleTitles[t] {
			gender = 'f'
		} else if maleTitles[t] {
			gender = 'm'
		}
	}
	name := d.span(i, j)
	last := strings.ToLower(d.toks[j-1].t)
	p := person{name: name, last: last, s: d.toks[i].s, e: d.toks[j-1].e, gender: gender, titles: titles, inQ: d.toks[i].inQ}
	if j-i == 1 {
		// a single word: a surname of someone named before, or a name
		// after a title.
		if prev := d.bySurname(last, p.s); prev != nil {
			p.name, p.gender = prev.name, orGender(gender, prev.gender)
			p.titles = append(p.titles, prev.titles...)
		} else if len(titles) == 0 && !d.introduced(i, j) {
			return
		} else if p.gender == 0 {
			if femaleNames[last] {
				p.gender = 'f'
			} else if maleNames[last] {
				p.gender = 'm'
			}
		}
	} else {
		if d.k != nil && j-i >= 2 {
			for _, e := range d.k.Lookup(name) {
				if e.Type != kb.TypePerson {
					return
				}
			}
		}
		if gender == 0 {
			first := strings.ToLower(d.toks[i].t)
			if femaleNames[first] {
				gender = 'f'
			} else if maleNames[first] {
				gender = 'm'
			}
			p.gender = gender
		}
		if prev := d.bySurname(last, p.s); prev != nil && p.gender == 0 {
			p.gender = prev.gender
		}
	}
	// appositive titles: "Maria Olsen, the fisheries minister,"
	if j+1 < len(d.toks) && d.toks[j].t == "," {
		for k := j + 1; k < len(d.toks) && k < j+8 && d.toks[k].t != "," && d.toks[k].t != "."; k++ {
			if roleSector[d.toks[k].low].typ != "" || titleWords[d.toks[k].low] {
				p.titles = append(p.titles, d.toks[k].low)
			}
		}
	}
	d.persons = append(d.persons, p)
}

func orGender(a, b byte) byte {
	if a != 0 {
		return a
	}
	return b
}

// isPlaceOrGroup reports whether token i is a demonym or starts a KB
// entity that is not a person (countries, cities, organisations).
func (d *doc) isPlaceOrGroup(i int) bool {
	if d.k == nil {
		return false
	}
	t := d.toks[i].t
	if v, ok := d.placeC[t]; ok {
		return v
	}
	v := d.k.Demonym(t) != nil || d.k.Capital(t) != nil
	for _, e := range d.k.Lookup(t) {
		if e.Type != kb.TypePerson {
			v = true
		}
	}
	if d.placeC == nil {
		d.placeC = map[string]bool{}
	}
	d.placeC[t] = v
	return v
}

// bySurname returns the latest person before off whose surname is last.
func (d *doc) bySurname(last string, off int) *person {
	for i := len(d.persons) - 1; i >= 0; i-- {
		p := &d.persons[i]
		if p.s < off && p.last == last {
			return p
		}
	}
	return nil
}

// personBefore returns the latest person mentioned outside quotations
// before off whose gender agrees with g ('m', 'f', or 0 for any).
func (d *doc) personBefore(off int, g byte) *person {
	// a person of the pronoun's known gender among the last few mentions
	// wins over a nearer one of unknown gender.
	// within the sentence of the nearest compatible mention.
	var near *person
	for i := len(d.persons) - 1; i >= 0; i-- {
		p := &d.persons[i]
		if p.s >= off || p.inQ {
			continue
		}
		if near == nil && (g == 0 || p.gender == 0 || p.gender == g) {
			near = p
			if g == 0 || p.gender == g {
				return p
			}
			continue
		}
		if near != nil {
			if d.sentOf(p.s) != d.sentOf(near.s) {
				break
			}
			if p.gender == g {
				return p
			}
		}
	}
	return near
}

// personByRole returns the latest person before off who carries the role
// word ("minister") among their titles.
func (d *doc) personByRole(role string, off int) *person {
	for i := len(d.persons) - 1; i >= 0; i-- {
		p := &d.persons[i]
		if p.s >= off {
			continue
		}
		for _, t := range p.titles {
			if t == role {
				return p
			}
		}
	}
	return nil
}

// introduced reports whether the single capitalised word [i, j) is
// introduced as a person: "Fatima, who …", "Giulia, 29,", "His
// daughter, Giulia,".
func (d *doc) introduced(i, j int) bool {
	if d.isPlaceOrGroup(i) || notName[d.toks[i].low] {
		return false
	}
	if j+1 < len(d.toks) && d.toks[j].t == "," && (d.toks[j+1].low == "who" || isDigits(d.toks[j+1].t)) {
		return true
	}
	return i >= 2 && d.toks[i-1].t == "," && j < len(d.toks) && d.toks[j].t == "," && (roleSector[d.toks[i-2].low].typ != "" || titleWords[d.toks[i-2].low])
}
