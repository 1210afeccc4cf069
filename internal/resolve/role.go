package resolve

import (
	"strings"

	"github.com/readout/readout/internal/kb"
	"github.com/readout/readout/internal/news"
)

// titleOf finds the title given with a person's name: pre-nominal ("U.S.
// Secretary of State X"), before a comma ("the foreign minister, X,")
// or appositive ("X, the chairman of …,").
func (d *doc) titleOf(c *cand) {
	r := d.prenominal(c, c.ts-1, false)
	if r == nil && c.ts >= 2 && d.tok(c.sent, c.ts-1).Text == "," {
		r = d.prenominal(c, c.ts-2, true)
	}
	if r != nil {
		// "President Ana Cruz of Chile"
		toks := d.a.Sentences[c.sent].Tokens
		if r.Country == "" && c.te+1 < len(toks) && key(toks[c.te].Text) == "of" {
			if o := d.owner[c.sent][c.te+1]; o != nil && o.ts == c.te+1 && o.ent != nil && o.ent.Type == kb.TypeCountry {
				r.Country = o.ent.Country
				r.End = toks[o.te-1].End
			}
		}
		if r.Country == "" {
			r.Country = d.counterpartCountry(c)
		}
		c.roles = append(c.roles, r)
	}
	if r := d.appositive(c); r != nil {
		c.roles = append(c.roles, r)
	}
}

// prenominal walks back from token j over title words and at most one
// modifier entity (a country, demonym, body or organisation).
func (d *doc) prenominal(c *cand, j int, needDet bool) *news.RoleAssertion {
	s := c.sent
	toks := d.a.Sentences[s].Tokens
	var mod *cand
	var titleIdx []int
	for j >= 0 {
		k := key(toks[j].Text)
		if o := d.owner[s][j]; o != nil && o != c {
			if o.typ == "PER" || mod != nil || o.te != j+1 {
				break
			}
			mod = o
			j = o.ts - 1
			continue
		}
		if k == "'s" && j > 0 && mod == nil {
			if o := d.owner[s][j-1]; o != nil && o.typ != "PER" {
				mod = o
				j = o.ts - 1
				continue
			}
			break
		}
		if isTitleWord(k) || (k == "-" && j > 0 && isTitleWord(key(toks[j-1].Text)) && len(titleIdx) > 0) {
			titleIdx = append(titleIdx, j)
			j--
			continue
		}
		break
	}
	// titleIdx runs backwards; trim connectors at the left edge
	for len(titleIdx) > 0 {
		k := key(toks[titleIdx[len(titleIdx)-1]].Text)
		if k != "of" && k != "-" {
			break
		}
		titleIdx = titleIdx[:len(titleIdx)-1]
	}
	if len(titleIdx) == 0 {
		return nil
	}
	// the title must end at the name (or the comma before it)
	keys := make([]string, len(titleIdx))
	for i, x := range titleIdx {
		keys[len(keys)-1-i] = key(toks[x].Text)
	}
	if !hasHead(keys) {
		return nil
	}
	first := titleIdx[len(titleIdx)-1]
	if mod != nil && mod.ts < first {
		first = mod.ts
	}
	if needDet {
		// "the foreign minister, X": a determiner or possessive must open it
		if first == 0 {
			return nil
		}
		k := key(toks[first-1].Text)
		if k != "the" && k != "its" && k != "'s" {
			return nil
		}
	}
	idx := make([]int, len(titleIdx))
	for i, x := range titleIdx {
		idx[len(idx)-1-i] = x
	}
	r := d.role(s, idx, mod, nil, "")
	r.Pattern = "prenominal"
	r.Start, r.End = d.tok(s, first).Start, d.tok(s, c.te-1).End
	if needDet {
		r.Start = d.tok(s, first-1).Start
	}
	if mod != nil {
		mod.consumed = true
	}
	return r
}

// appositive reads "X, [age,] [the|a|an] [country['s]] TITLE [of|for|at|to ORG]"
// closed by a comma, a full stop or the end of the sentence.
func (d *doc) appositive(c *cand) *news.RoleAssertion {
	s := c.sent
	toks := d.a.Sentences[s].Tokens
	n := len(toks)
	j := c.te
	if j >= n || toks[j].Text != "," {
		return nil
	}
	j++
	if j+1 < n && isNumber(toks[j].Text) && toks[j+1].Text == "," {
		j += 2
	}
	if j < n {
		switch key(toks[j].Text) {
		case "the", "a", "an", "its":
			j++
		}
	}
	var mod *cand
	startTitle := j
	if j < n {
		if k := key(toks[j].Text); k == "former" || k == "then" {
			j++
			if j < n && toks[j].Text == "-" {
				j++
			}
		}
	}
	if j < n {
		if o := d.owner[s][j]; o != nil && o.typ != "PER" && o.ts == j {
			mod = o
			j = o.te
			if j < n && key(toks[j].Text) == "'s" {
				j++
			}
		}
	}
	var idx []int
	for i := startTitle; i < j; i++ {
		if d.owner[s][i] == nil && key(toks[i].Text) != "'s" {
			idx = append(idx, i)
		}
	}
	for j < n && d.owner[s][j] == nil && (isTitleWord(key(toks[j].Text)) || toks[j].Text == "-") {
		idx = append(idx, j)
		j++
	}
	for len(idx) > 0 && (key(toks[idx[len(idx)-1]].Text) == "of" || toks[idx[len(idx)-1]].Text == "-") {
		idx = idx[:len(idx)-1]
		j--
	}
	keys := make([]string, len(idx))
	for i, x := range idx {
		keys[i] = key(toks[x].Text)
	}
	if len(idx) == 0 || !hasHead(keys) {
		return nil
	}
	end := j
	var org *cand
	orgText, prep := "", ""
	if j < n {
		switch k := key(toks[j].Text); k {
		case "of", "for", "at", "to", "with", "in":
			p := j + 1
			q := p
			for q < n && q-p < 10 && !closes(toks[q].Text) {
				q++
			}
			if q > p {
				prep = k
				orgText = d.span(s, p, q)
				if o := d.owner[s][p]; o != nil && o.typ != "PER" {
					org = o
				} else if p+1 < q && key(toks[p].Text) == "the" {
					if o := d.owner[s][p+1]; o != nil && o.typ != "PER" {
						org = o
					}
				}
				if org != nil && (org.te < q || org.ts > p+1) && prep != "to" {
					// the phrase goes on past the organisation
					if org.te < q {
						org = nil
					}
				}
				j, end = q, q
			}
		}
	}
	if j < n && !closes(toks[j].Text) {
		if k := key(toks[j].Text); k != "said" && k != "says" && k != "told" {
			return nil
		}
	}
	if prep == "to" {
		// "ambassador to the UN": the host, not the employer
		org = nil
	}
	r := d.role(s, idx, mod, org, orgText)
	if prep == "of" || prep == "for" || prep == "at" {
		r.Title += " " + prep + " " + orgText
	}
	if prep == "to" {
		r.Org = ""
	}
	r.Pattern = "appositive"
	r.Start, r.End = d.tok(s, c.ts).Start, d.tok(s, end-1).End
	if mod != nil {
		mod.consumed = true
	}
	return r
}

// closes reports whether a token ends an appositive phrase.
func closes(t string) bool {
	switch t {
	case ",", ".", ";", ":", ")", "—", "–", "--", "\"", "”", "!", "?":
		return true
	}
	return false
}

func isNumber(t string) bool {
	if t == "" {
		return false
	}
	for _, r := range t {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// role builds an assertion from title tokens and the modifier and
// organisation around them.
func (d *doc) role(s int, idx []int, mod, org *cand, orgText string) *news.RoleAssertion {
	toks := d.a.Sentences[s].Tokens
	var words []string
	r := &news.RoleAssertion{}
	for i, x := range idx {
		k := key(toks[x].Text)
		if k == "former" || k == "then" {
			r.Former = true
			continue
		}
		t := toks[x].Text
		if t == "-" || (len(words) > 0 && words[len(words)-1] == "-") {
			if len(words) > 0 && i > 0 {
				words[len(words)-1] += t
				continue
			}
		}
		words = append(words, t)
	}
	r.Title = strings.ReplaceAll(strings.Join(words, " "), " -", "-")
	r.Title = strings.TrimSuffix(strings.TrimPrefix(r.Title, "-"), "-")
	if !d.date.IsZero() {
		r.Date = d.date.Format("2006-01-02")
	}
	sector := sectorOfTitle(r.Title)
	if orgText != "" {
		if s2 := sectorOfTitle(r.Title + " of " + orgText); s2 != "" {
			sector = s2
		}
	}
	for _, o := range []*cand{mod, org} {
		if o == nil {
			continue
		}
		country, osec, id := d.candFacts(o)
		if r.Country == "" {
			r.Country = country
		}
		if id != "" && r.Org == "" && !strings.HasPrefix(id, "country:") && !strings.HasPrefix(id, "loc:") &&
			(o.ent == nil || (o.ent.Type != kb.TypePlace && o.ent.Type != kb.TypeTerritory)) {
			r.Org = id
		}
		// a non-state organisation's sector wins (a Hamas commander is
		// REB), except that a party member keeps a post's sector (a
		// Labour MP is LEG)
		nonState := o.ent != nil && (o.ent.Type == kb.TypeGroup || o.ent.Type == kb.TypeIGO || o.ent.Type == kb.TypeNGO || o.ent.Type == kb.TypeMedia)
		if osec != "" && (sector == "" || (nonState && osec != "PTY")) {
			sector = osec
		}
	}
	if r.Org == "" && orgText != "" && org == nil {
		r.Org = orgText
	}
	r.Sector = sector
	return r
}

// candFacts gives a modifier's country, sector and entity ID.
func (d *doc) candFacts(o *cand) (country, sector, id string) {
	if o.ent != nil {
		sector = o.ent.Sector
		if sector == "" {
			sector = kb.SectorOfType(o.ent.Type)
		}
		return o.ent.Country, sector, o.ent.ID
	}
	txt := d.span(o.sent, o.ts, o.te)
	return o.country, guessSector(txt), unlinkedID(nerType(o.typ), txt)
}

// guessSector guesses an unlinked organisation's sector from its words.
func guessSector(name string) string {
	ws := titleWords(name, nil)
	for i := len(ws) - 1; i >= 0; i-- {
		switch ws[i] {
		case "ministry", "department", "government", "administration":
			return "GOV"
		case "army", "forces", "military", "navy", "brigade", "regiment", "command":
			return "MIL"
		case "police":
			return "COP"
		case "party":
			return "PTY"
		case "court", "tribunal":
			return "JUD"
		case "parliament", "senate", "congress", "assembly":
			return "LEG"
		case "university", "college", "school", "institute":
			return "EDU"
		case "bank", "company", "corporation", "corp", "inc", "ltd", "group", "airlines", "holdings":
			return "BUS"
		case "news", "times", "post", "tribune", "television", "radio", "herald", "gazette", "press", "agency's":
			return "JRN"
		case "hospital", "clinic":
			return "MED"
		case "church", "mosque", "synagogue":
			return "REL"
		}
	}
	return ""
}

// sectorOfTitle is kb.SectorOfTitle after rewriting titles in which
// "general" is not the military rank: "general secretary", "general
// manager", "general counsel".
func sectorOfTitle(t string) string {
	l := strings.ToLower(t)
	for _, rw := range [][2]string{{"general secretary", "secretary-general"}, {"general manager", "manager"}, {"general counsel", "counsel"}, {"general director", "director-general"}} {
		l = strings.ReplaceAll(l, rw[0], rw[1])
	}
	return kb.SectorOfTitle(l)
}

// counterpartCountry finds the country of "their Israeli counterparts,
// Strategic Affairs Minister X and National Security Adviser Y": walking
// back from the name over titles, names, commas and "and" to
// "<country or demonym> counterpart(s)".
func (d *doc) counterpartCountry(c *cand) string {
	toks := d.a.Sentences[c.sent].Tokens
	for j := c.ts - 1; j >= 1 && j >= c.ts-20; j-- {
		if o := d.owner[c.sent][j]; o != nil {
			if o.typ != "PER" {
				return ""
			}
			j = o.ts
			continue
		}
		k := key(toks[j].Text)
		switch {
		case k == "counterpart" || k == "counterparts":
			if o := d.owner[c.sent][j-1]; o != nil && o.ent != nil && (o.ent.Type == kb.TypeCountry || o.kind == kb.KindDemonym) {
				o.consumed = true
				return o.ent.Country
			}
			return ""
		case k == "," || k == "and" || isTitleWord(k) || k == "-" || k == "'s":
		default:
			return ""
		}
	}
	return ""
}
