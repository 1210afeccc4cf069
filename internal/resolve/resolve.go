package resolve

import (
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/readout/readout/internal/kb"
	"github.com/readout/readout/internal/ner"
	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/text"
)

// Resolver resolves the mentions of an article to entities. It holds a
// knowledge base and a NER model, keeps no per-article state and is safe
// for concurrent use.
type Resolver struct {
	kb  *kb.KB
	ner *ner.Model
}

// New returns a Resolver over a knowledge base and a NER tagger. A nil
// KB means an empty one; a nil model means no NER mentions (only KB
// matches are resolved).
func New(k *kb.KB, m *ner.Model) *Resolver {
	if k == nil {
		k = kb.New()
	}
	return &Resolver{kb: k, ner: m}
}

// cand is a candidate mention: tokens [ts, te) of sentence sent.
type cand struct {
	sent, ts, te int
	typ          string     // PER ORG LOC MISC
	ent          *kb.Entity // KB entity (nil for NER-only spans)
	kind         string     // KB match kind, or "ner"
	country      string     // a country named inside an unlinked span
	score        float64
	consumed     bool                  // used as a title's modifier
	roles        []*news.RoleAssertion // titles found around a PER name
	gender       byte
}

// doc is the working state of one article.
type doc struct {
	r        *Resolver
	a        *news.Article
	date     time.Time
	cands    [][]*cand // per sentence, ordered, not overlapping
	owner    [][]*cand // per sentence and token: the covering cand
	clusters []*cluster
	byID     map[string]*cluster
	seq      int // recency counter

	countryWord map[string]bool // memo of isCountryWord
}

// Article resolves the entities of an article. It splits the text into
// sentences first when the text stage has not (filling a.Sentences).
// Entities come in order of first mention; each lists its mentions by
// byte span.
func (r *Resolver) Article(a *news.Article) []news.Entity {
	if a == nil || strings.TrimSpace(a.Text) == "" {
		return nil
	}
	if a.Sentences == nil {
		a.Sentences = text.Sentences(a.Text, a.Blocks)
	}
	d := &doc{r: r, a: a, date: a.Published, byID: map[string]*cluster{}}
	d.candidates()
	for s := range a.Sentences {
		for _, c := range d.cands[s] {
			if c.typ == "PER" {
				d.titleOf(c)
			}
		}
	}
	for s := range a.Sentences {
		d.walk(s)
	}
	return d.entities()
}

// candidates merges NER mentions with KB matches, sentence by sentence.
func (d *doc) candidates() {
	sents := d.a.Sentences
	d.cands = make([][]*cand, len(sents))
	d.owner = make([][]*cand, len(sents))
	var ms []ner.Mention
	if d.r.ner != nil {
		ms = d.r.ner.Article(d.a)
	}
	bySent := make([][]ner.Mention, len(sents))
	for _, m := range ms {
		if m.Sentence >= 0 && m.Sentence < len(sents) && m.TokStart < m.TokEnd && m.TokEnd <= len(sents[m.Sentence].Tokens) {
			bySent[m.Sentence] = append(bySent[m.Sentence], m)
		}
	}
	// Title-case headings ("Talks on the Brink: …") fool the tagger:
	// there an unlinked mention needs support from the body text.
	heading := make([]int, len(sents))
	body := map[string]bool{}
	for s := range sents {
		heading[s] = d.headingEnd(s)
		for _, m := range bySent[s] {
			if m.TokStart >= heading[s] {
				body[key(d.span(s, m.TokStart, m.TokEnd))] = true
				body[key(d.tok(s, m.TokEnd-1).Text)] = true
			}
		}
	}
	words := make([]string, 0, 64)
	for s, sent := range sents {
		words = words[:0]
		for _, t := range sent.Tokens {
			words = append(words, t.Text)
		}
		var kbc []*cand
		for _, m := range d.r.kb.Match(words) {
			typ := "ORG"
			switch m.Entity.Type {
			case kb.TypePerson:
				typ = "PER"
			case kb.TypeCountry, kb.TypeTerritory, kb.TypePlace:
				typ = "LOC"
			}
			if m.Kind == kb.KindDemonym {
				typ = "MISC"
			}
			kbc = append(kbc, &cand{sent: s, ts: m.Start, te: m.End, typ: typ, ent: m.Entity, kind: m.Kind, score: 0.9})
		}
		var out []*cand
		for mi := 0; mi < len(bySent[s]); mi++ {
			m := bySent[s][mi]
			if m.TokStart < heading[s] && !body[key(d.span(s, m.TokStart, m.TokEnd))] && !body[key(d.tok(s, m.TokEnd-1).Text)] {
				continue
			}
			if d.titleLike(s, m.TokStart, m.TokEnd, kbc) {
				continue // "U.S. Secretary of State" tagged as an ORG: a description
			}
			if m.Type != "PER" {
				if names := d.splitTitled(s, m.TokStart, m.TokEnd); names != nil {
					// "US National Security Adviser Jake Sullivan" tagged as one ORG
					for _, nm := range names {
						bySent[s] = append(bySent[s], ner.Mention{Sentence: s, TokStart: nm[0], TokEnd: nm[1], Type: "PER", Score: m.Score})
					}
					continue
				}
			}
			n := &cand{sent: s, ts: m.TokStart, te: m.TokEnd, typ: m.Type, kind: "ner", score: m.Score}
			drop := false
			for _, k := range kbc {
				if k.te <= n.ts || k.ts >= n.te || k.kind == "" {
					continue
				}
				switch {
				case n.typ != "PER" && k.typ == "PER" && k.ts >= n.ts && k.te <= n.te:
					// "Secretary of State Marco Rubio" tagged as one ORG
					drop = true
				case n.typ == "PER" && (k.typ == "PER" || k.kind == kb.KindDemonym || k.kind == kb.KindCapital || k.kind == kb.KindName || k.kind == kb.KindAlias) && k.te-k.ts <= n.te-n.ts:
					// the tagger's person wins over a place or demonym
					// inside it; people are linked per cluster
					if k.ent.Country != "" && k.typ != "PER" && n.country == "" {
						n.country = k.ent.Country
					}
					k.kind = ""
				case k.ts <= n.ts && k.te >= n.te:
					drop = true
				case k.ts >= n.ts && k.te <= n.te:
					// a name inside a longer NER span: "Hebrew University of Jerusalem"
					if k.ent.Country != "" && n.country == "" {
						n.country = k.ent.Country
					}
					k.kind = ""
				default: // crossing spans: keep the longer
					if k.te-k.ts >= n.te-n.ts {
						drop = true
					} else {
						k.kind = ""
					}
				}
			}
			if !drop {
				out = append(out, n)
			}
		}
		for _, k := range kbc {
			if k.kind != "" {
				out = append(out, k)
			}
		}
		sort.Slice(out, func(i, j int) bool {
			if out[i].ts != out[j].ts {
				return out[i].ts < out[j].ts
			}
			return out[i].te > out[j].te
		})
		own := make([]*cand, len(sent.Tokens))
		kept := out[:0]
		for _, c := range out {
			if c.ts < 0 || c.te > len(own) || own[c.ts] != nil {
				continue
			}
			for c.te-c.ts > 1 && (key(sent.Tokens[c.te-1].Text) == "'s" || closes(sent.Tokens[c.te-1].Text)) {
				c.te--
			}
			for c.te-c.ts > 1 && (key(sent.Tokens[c.ts].Text) == "'s" || closes(sent.Tokens[c.ts].Text)) {
				c.ts++
			}
			if own[c.ts] != nil {
				continue
			}
			if c.typ == "PER" {
				d.stripName(c)
			}
			for t := c.ts; t < c.te; t++ {
				own[t] = c
			}
			kept = append(kept, c)
		}
		d.cands[s], d.owner[s] = kept, own
	}
}

// stripName drops honorifics and title words the tagger put inside a
// person's span ("Spokesperson Kari Lunde" → "Kari Lunde") and a
// trailing possessive.
func (d *doc) stripName(c *cand) {
	toks := d.a.Sentences[c.sent].Tokens
	for c.te-c.ts > 1 && key(toks[c.te-1].Text) == "'s" {
		c.te--
	}
	for c.te-c.ts > 1 {
		k := key(toks[c.ts].Text)
		if !honorifics[k] && !isTitleWord(k) {
			break
		}
		if maleWords[k] {
			c.gender = 'm'
		} else if femaleWords[k] {
			c.gender = 'f'
		}
		c.ts++
	}
	if c.ts > 0 {
		k := key(toks[c.ts-1].Text)
		if maleWords[k] {
			c.gender = 'm'
		} else if femaleWords[k] {
			c.gender = 'f'
		}
	}
}

func (d *doc) tok(s, i int) news.Token { return d.a.Sentences[s].Tokens[i] }

// span returns the text of tokens [i, j) of sentence s.
func (d *doc) span(s, i, j int) string {
	if i >= j {
		return ""
	}
	return d.a.Text[d.tok(s, i).Start:d.tok(s, j-1).End]
}

// walk visits the sentence's tokens in order: candidates, definite
// descriptions and pronouns.
func (d *doc) walk(s int) {
	toks := d.a.Sentences[s].Tokens
	quotes := 0
	for i := 0; i < len(toks); {
		if c := d.owner[s][i]; c != nil && c.ts == i {
			if !c.consumed {
				d.mention(c)
			}
			i = c.te
			continue
		} else if c != nil {
			i++
			continue
		}
		t := toks[i].Text
		if strings.ContainsAny(t, "\"“”") {
			quotes++
		}
		k := key(t)
		if k == "the" {
			if j := d.description(s, i); j > i {
				i = j
				continue
			}
		}
		if quotes%2 == 0 && (maleWords[k] || femaleWords[k]) && isPronoun(k) {
			d.pronoun(s, i, k)
		}
		i++
	}
}

func isPronoun(k string) bool {
	switch k {
	case "he", "him", "his", "she", "her", "hers":
		return true
	}
	return false
}

// mention adds a candidate to its cluster.
func (d *doc) mention(c *cand) {
	if c.typ == "PER" {
		d.person(c)
		return
	}
	if c.ent == nil && c.te-c.ts <= 3 {
		// a known person's name the tagger typed otherwise
		words := strings.Fields(key(d.span(c.sent, c.ts, c.te)))
		if d.findPerson(func(p *cluster) bool {
			return len(p.full) >= len(words) && hasSuffix(p.full, words)
		}) != nil {
			d.person(c)
			return
		}
	}
	d.other(c)
}

func (d *doc) add(cl *cluster, s, i, j int, kind string, conf float64) {
	d.seq++
	cl.last, cl.lastSent = d.seq, s
	cl.mentions = append(cl.mentions, news.Mention{
		Start: d.tok(s, i).Start, End: d.tok(s, j-1).End, Sentence: s,
		Text: d.span(s, i, j), Kind: kind, Confidence: round2(conf),
	})
}

func round2(f float64) float64 { return float64(int(f*100+0.5)) / 100 }

// titleLike reports whether tokens [i, j) are only title words, possibly
// after a country or demonym the KB matched: a description, not a name.
func (d *doc) titleLike(s, i, j int, kbc []*cand) bool {
	toks := d.a.Sentences[s].Tokens
	var keys []string
	for t := i; t < j; t++ {
		covered := false
		for _, k := range kbc {
			if k.ts <= t && t < k.te && k.ent != nil && (k.ent.Type == kb.TypeCountry || k.kind == kb.KindDemonym) {
				covered = true
			}
		}
		if covered {
			continue
		}
		kk := key(toks[t].Text)
		if kk == "'s" {
			continue
		}
		if !isTitleWord(kk) {
			return false
		}
		keys = append(keys, kk)
	}
	return len(keys) > 0 && hasHead(keys)
}

// splitTitled finds the names inside a span the tagger typed as an
// organisation although it is titles and names: "Secretary of State
// Jane Roe and Defence Minister John Doe". It returns the name spans, or
// nil when the span is not of that shape.
func (d *doc) splitTitled(s, i, j int) [][2]int {
	toks := d.a.Sentences[s].Tokens
	var out [][2]int
	var run []string
	for t := i; t < j; {
		k := key(toks[t].Text)
		if isTitleWord(k) || k == "-" {
			run = append(run, k)
			t++
			continue
		}
		if len(run) > 0 && hasHead(run) && isUpper(toks[t].Text) {
			u := t
			for u < j && u-t < 4 && isUpper(toks[u].Text) && !isTitleWord(key(toks[u].Text)) {
				u++
			}
			out = append(out, [2]int{t, u})
			t = u
		} else {
			t++
		}
		run = run[:0]
	}
	return out
}

// headingEnd returns the number of leading tokens of sentence s that
// are a title-case heading: the whole sentence, or the part before a
// colon, when every content word in it is capitalised (at least three).
func (d *doc) headingEnd(s int) int {
	toks := d.a.Sentences[s].Tokens
	if n := len(toks); n > 0 {
		switch toks[n-1].Text {
		case ".", "!", "?", "\"", "”":
		default: // a line without terminal punctuation: all of it
			if titleCase(toks) {
				return n
			}
		}
	}
	end := len(toks)
	for i, t := range toks {
		if t.Text == ":" {
			end = i
			break
		}
	}
	if titleCase(toks[:end]) {
		return end
	}
	return 0
}

// titleCase reports whether every content word is capitalised, with at
// least three of them.
func titleCase(toks []news.Token) bool {
	content := 0
	for _, t := range toks {
		w := t.Text
		if w == "" || !unicode.IsLetter([]rune(w)[0]) || functionWords[strings.ToLower(w)] {
			continue
		}
		if !unicode.IsUpper([]rune(w)[0]) {
			return false
		}
		content++
	}
	return content >= 3
}

var functionWords = set("a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "with", "and", "or",
	"but", "by", "as", "over", "into", "amid", "after", "before", "vs", "is", "are", "its", "his", "her", "their", "'s", "n't")
