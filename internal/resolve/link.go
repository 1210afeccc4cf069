package resolve

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/readout/readout/internal/kb"
	"github.com/readout/readout/internal/news"
)

// kbRoles are the KB roles of a person on the article's date; without a
// date, the roles with an open end.
func (d *doc) kbRoles(e *kb.Entity) []kb.Role {
	if e == nil || e.Type != kb.TypePerson {
		return nil
	}
	if !d.date.IsZero() {
		return d.r.kb.RolesAt(e.ID, d.date)
	}
	var out []kb.Role
	for _, r := range e.Roles {
		if r.To == "" {
			out = append(out, r)
		}
	}
	return out
}

// entities turns the clusters into entities: links people, picks IDs,
// names, titles, actor codes and conflicts, and merges clusters that
// ended with one ID.
func (d *doc) entities() []news.Entity {
	var out []news.Entity
	at := map[string]int{}
	for _, cl := range d.clusters {
		if len(cl.mentions) == 0 {
			continue
		}
		var e news.Entity
		if cl.person {
			e = d.personEntity(cl)
		} else {
			e = d.otherEntity(cl)
		}
		if i, ok := at[e.ID]; ok {
			o := &out[i]
			o.Mentions = append(o.Mentions, e.Mentions...)
			o.Roles = append(o.Roles, e.Roles...)
			o.Titles = appendTitles(o.Titles, e.Titles...)
			o.Conflicts = append(o.Conflicts, e.Conflicts...)
			sortMentions(o.Mentions)
			continue
		}
		at[e.ID] = len(out)
		out = append(out, e)
	}
	for i := range out {
		e := &out[i]
		e.Confidence = confidence(e)
		// empty lists, not nulls, in JSON
		if e.Titles == nil {
			e.Titles = []string{}
		}
		if e.Roles == nil {
			e.Roles = []news.RoleAssertion{}
		}
		if e.Conflicts == nil {
			e.Conflicts = []string{}
		}
	}
	return out
}

func sortMentions(ms []news.Mention) {
	for i := 1; i < len(ms); i++ {
		for j := i; j > 0 && ms[j].Start < ms[j-1].Start; j-- {
			ms[j], ms[j-1] = ms[j-1], ms[j]
		}
	}
}

func confidence(e *news.Entity) float64 {
	best := 0.0
	for _, m := range e.Mentions {
		if m.Kind == news.MentionName && m.Confidence > best {
			best = m.Confidence
		}
	}
	if best == 0 {
		for _, m := range e.Mentions {
			if m.Confidence > best {
				best = m.Confidence
			}
		}
	}
	if len(e.Conflicts) > 0 {
		best *= 0.8
	}
	return round2(best)
}

// appendTitles adds titles not already said by a fuller one: "Secretary"
// after "Secretary of State" adds nothing; "Secretary of State" after
// "Secretary" replaces it.
func appendTitles(ts []string, more ...string) []string {
	for _, t := range more {
		if t == "" {
			continue
		}
		former := strings.HasPrefix(t, "former ")
		tw := titleWords(t, nil)
		dup := false
		for i, x := range ts {
			if strings.HasPrefix(x, "former ") != former {
				continue
			}
			xw := titleWords(x, nil)
			if strings.EqualFold(x, t) || (compatible(tw, xw) && len(tw) <= len(xw)) {
				dup = true
				break
			}
			if compatible(tw, xw) && len(tw) > len(xw) {
				ts[i], dup = t, true
				break
			}
		}
		if !dup {
			ts = append(ts, t)
		}
	}
	return ts
}

func (d *doc) personEntity(cl *cluster) news.Entity {
	if cl.ent == nil && len(cl.full) >= 2 {
		cl.ent = d.lookupPerson(cl.fullText)
	}
	if cl.ent == nil && len(cl.full) == 1 {
		if e := d.lookupPerson(cl.fullText); e != nil {
			cl.ent, cl.viaAlias = e, true
		}
	}
	e := news.Entity{Type: kb.TypePerson, Mentions: cl.mentions}
	if cl.ent != nil {
		e.ID, e.Name, e.Linked, e.Country = cl.ent.ID, cl.ent.Name, true, cl.ent.Country
	} else {
		e.Name = cl.fullText
		e.ID = unlinkedID(kb.TypePerson, e.Name)
	}
	var cur []news.RoleAssertion
	for _, r := range cl.roles {
		e.Roles = append(e.Roles, r)
		if r.Former {
			e.Titles = appendTitles(e.Titles, "former "+r.Title)
		} else {
			e.Titles = appendTitles(e.Titles, r.Title)
			cur = append(cur, r)
		}
	}
	// country and sector: the article's own titles first, then the KB
	for _, r := range cur {
		if e.Country == "" || (r.Country != "" && !e.Linked) {
			if r.Country != "" {
				e.Country = r.Country
			}
		}
		if e.Sector == "" {
			e.Sector = r.Sector
		}
	}
	kbr := d.kbRoles(cl.ent)
	for _, r := range kbr {
		kr := news.RoleAssertion{Title: r.Title, Org: r.Org, Country: r.Country, Sector: r.Sector, Pattern: "kb"}
		if !d.date.IsZero() {
			kr.Date = d.date.Format("2006-01-02")
		}
		e.Roles = append(e.Roles, kr)
		if len(cur) == 0 {
			e.Titles = appendTitles(e.Titles, r.Title)
		}
		if e.Sector == "" && (len(cur) == 0 || compatible(titleWords(cur[0].Title, d.isCountryWord), titleWords(r.Title, d.isCountryWord))) {
			e.Sector = r.Sector
		}
		if e.Country == "" {
			e.Country = r.Country
		}
	}
	if e.Sector == "" && len(cur) == 0 && len(kbr) == 0 {
		for _, r := range cl.roles {
			// a former official is coded as an elite (CAMEO ELI)
			e.Sector = "ELI"
			if e.Country == "" {
				e.Country = r.Country
			}
		}
	}
	e.Conflicts = d.conflicts(cur, kbr, cl.ent)
	e.Actor = e.Country + e.Sector
	if cl.ent != nil && cl.viaAlias {
		for i := range e.Mentions {
			e.Mentions[i].Confidence = round2(e.Mentions[i].Confidence * 0.8)
		}
	}
	return e
}

// conflicts compares the article's current titles for a person with
// each other and with the KB's roles for the date.
func (d *doc) conflicts(all []news.RoleAssertion, kbr []kb.Role, ent *kb.Entity) []string {
	var out []string
	// one comparison per distinct title and country
	var cur []news.RoleAssertion
	seen := map[string]bool{}
	for _, r := range all {
		k := strings.ToLower(r.Title) + "|" + r.Country
		if !seen[k] {
			seen[k] = true
			cur = append(cur, r)
		}
	}
	for i := range cur {
		for j := i + 1; j < len(cur); j++ {
			a, b := cur[i], cur[j]
			if a.Country != "" && b.Country != "" && a.Country != b.Country {
				out = append(out, fmt.Sprintf("countries %s (%q) and %s (%q) at %d and %d", a.Country, a.Title, b.Country, b.Title, a.Start, b.Start))
				continue
			}
			// functional titles (spokesperson, chair, leader) combine with posts
			if sectorOfTitle(a.Title) != "" && sectorOfTitle(b.Title) != "" &&
				!compatible(titleWords(a.Title, d.isCountryWord), titleWords(b.Title, d.isCountryWord)) {
				out = append(out, fmt.Sprintf("titles %q at %d and %q at %d", a.Title, a.Start, b.Title, b.Start))
			}
		}
	}
	if ent == nil || len(ent.Roles) == 0 || d.date.IsZero() {
		return out // without a date the KB cannot say what was held
	}
	for _, r := range cur {
		if isRankOnly(r.Title) || sectorOfTitle(r.Title) == "" {
			continue // a rank or a function, not a post
		}
		tw := titleWords(r.Title, d.isCountryWord)
		ok := false
		for _, k := range kbr {
			if compatible(tw, titleWords(k.Title, d.isCountryWord)) {
				ok = true
			}
		}
		if !ok {
			held := "no role"
			if len(kbr) > 0 {
				held = fmt.Sprintf("%q", kbr[0].Title)
			}
			when := "now"
			if !d.date.IsZero() {
				when = "on " + d.date.Format("2006-01-02")
			}
			out = append(out, fmt.Sprintf("kb: title %q at %d, but the KB has %s %s", r.Title, r.Start, held, when))
		}
	}
	return out
}

func (d *doc) otherEntity(cl *cluster) news.Entity {
	e := news.Entity{ID: cl.id, Type: cl.typ, Mentions: cl.mentions, Country: cl.country}
	if cl.ent != nil {
		e.Name, e.Linked = cl.ent.Name, true
		e.Sector = cl.ent.Sector
		if e.Sector == "" {
			e.Sector = kb.SectorOfType(cl.ent.Type)
		}
	} else {
		e.Name = strings.TrimPrefix(strings.TrimPrefix(cl.fullText, "the "), "The ")
		if e.Type == "org" {
			e.Sector = guessSector(e.Name)
		}
	}
	if e.Type != kb.TypePlace && e.Type != "misc" {
		e.Actor = e.Country + e.Sector
	}
	return e
}

// unlinkedID derives a stable ID from an entity type and a name:
// "per:jane-doe", "org:nordic-fisheries-council".
func unlinkedID(typ, name string) string {
	prefix := "misc"
	switch typ {
	case kb.TypePerson:
		prefix = "per"
	case "org":
		prefix = "org"
	case kb.TypePlace:
		prefix = "loc"
	}
	return prefix + ":" + Slug(name)
}

// Slug normalises a name for an ID: lower case, diacritics removed, a
// leading "the" and possessive dropped, dots removed, runs of anything
// else but letters and digits as one hyphen ("The U.S. Navy's" → "us-navy").
func Slug(name string) string {
	s := strings.TrimSpace(name)
	low := strings.ToLower(s)
	if strings.HasPrefix(low, "the ") {
		s = s[4:]
	}
	s = strings.TrimSuffix(strings.TrimSuffix(s, "'s"), "’s")
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r), r == '.', r == '\'', r == '’':
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
		default:
			dash = true
		}
	}
	if b.Len() == 0 {
		return "unnamed"
	}
	return b.String()
}

// isRankOnly reports whether a title is a military or police rank
// ("Gen.", "Lt. Col."), which goes with any post.
func isRankOnly(t string) bool {
	ws := titleWords(t, nil)
	if len(ws) == 0 {
		return false
	}
	for _, w := range ws {
		if !ranks[w] {
			return false
		}
	}
	return true
}

var ranks = set("general", "lieutenant", "lt", "colonel", "col", "major", "maj", "admiral", "adm",
	"brigadier", "brig", "sergeant", "sgt", "captain", "capt", "commander", "marshal", "field",
	"rear", "vice", "inspector", "superintendent")
