package event

import (
	_ "embed"
	"fmt"
	"sort"
	"strings"

	"github.com/readout/readout/internal/news"
)

//go:embed lexicon.tsv
var lexiconTSV string

// entry is one row of lexicon.tsv.
type entry struct {
	typ   news.EventType
	mode  string
	cameo string
	noun  bool
	lemma string
	conds []cond
}

// cond is one requirement of an entry: a dependent (or the governor) of
// the trigger with relation kind rel and a lemma in lemmas.
type cond struct {
	rel    string // subj obj prep obl prt mod head
	lemmas map[string]bool
}

// lexicon maps "V:lemma" and "N:lemma" to the entries for the lemma,
// conditional entries first.
type lexicon map[string][]entry

var validTypes = map[news.EventType]float64{
	news.EventAid: 10, news.EventCooperate: 9.5, news.EventSupport: 5,
	news.EventAgree: 2.5, news.EventConsult: 2.5, news.EventConcede: 2.5,
	news.EventRetreat: 2.5, news.EventRequest: 0, news.EventAccuse: -3,
	news.EventReject: -2, news.EventThreaten: -3.5, news.EventProtest: -5,
	news.EventSanction: -6, news.EventMobilize: -6, news.EventCoerce: -7,
	news.EventAssault: -9,
}

// typeNone marks lexicon rows that block a lemma in a context where it
// is a plain statement ("declined to comment").
const typeNone news.EventType = "NONE"

// Intensity returns the Goldstein-like intensity of an event type
// (PLOVER.md); CONCEDE and RETREAT, which the table leaves out, get +2.5
// and MOBILIZE −6.
func Intensity(t news.EventType) float64 { return validTypes[t] }

var condRels = map[string]bool{"xcomp": true, "subj": true, "objname": true, "noobj": true, "obj": true, "prep": true, "obl": true, "prt": true, "mod": true, "head": true}

// parseLexicon reads the TSV format described at the top of lexicon.tsv.
func parseLexicon(src string) (lexicon, error) {
	lex := lexicon{}
	var plain = map[string][]entry{}
	for n, line := range strings.Split(src, "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 5 || len(f) > 6 {
			return nil, fmt.Errorf("lexicon line %d: want 5 or 6 tab-separated fields, got %d", n+1, len(f))
		}
		e := entry{typ: news.EventType(f[0]), mode: f[1], cameo: f[2], lemma: strings.ToLower(f[4])}
		if _, ok := validTypes[e.typ]; !ok && e.typ != typeNone {
			return nil, fmt.Errorf("lexicon line %d: unknown PLOVER type %q", n+1, f[0])
		}
		switch f[3] {
		case "V":
		case "N":
			e.noun = true
		default:
			return nil, fmt.Errorf("lexicon line %d: pos %q is not V or N", n+1, f[3])
		}
		if len(f) == 6 && f[5] != "" {
			for _, c := range strings.Split(f[5], ";") {
				rel, vals, ok := strings.Cut(c, "=")
				if !ok || !condRels[rel] || vals == "" {
					return nil, fmt.Errorf("lexicon line %d: bad condition %q", n+1, c)
				}
				m := map[string]bool{}
				for _, v := range strings.Split(vals, ",") {
					m[strings.ToLower(strings.TrimSpace(v))] = true
				}
				e.conds = append(e.conds, cond{rel: rel, lemmas: m})
			}
		}
		key := f[3] + ":" + e.lemma
		if len(e.conds) > 0 {
			lex[key] = append(lex[key], e)
		} else {
			plain[key] = append(plain[key], e)
		}
	}
	for k, es := range lex {
		// more conditions are more specific: tried first
		sort.SliceStable(es, func(i, j int) bool { return len(es[i].conds) > len(es[j].conds) })
		lex[k] = es
	}
	for k, es := range plain {
		lex[k] = append(lex[k], es...)
	}
	return lex, nil
}

// defaultLexicon is the embedded lexicon; a malformed file is a build
// error caught by the tests.
var defaultLexicon = func() lexicon {
	l, err := parseLexicon(lexiconTSV)
	if err != nil {
		panic("event: embedded " + err.Error())
	}
	return l
}()

// LexiconSize returns the number of entries in the embedded lexicon.
func LexiconSize() int {
	n := 0
	for _, es := range defaultLexicon {
		n += len(es)
	}
	return n
}
