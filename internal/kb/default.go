package kb

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"strings"
	"sync"

	"github.com/biter777/countries"
)

//go:embed data/countries.tsv data/*.json
var dataFS embed.FS

// dataFiles are the embedded JSON files in merge order.
var dataFiles = []string{"places.json", "orgs.json", "groups.json", "bodies.json", "media.json", "people.json"}

// countrySource names the library the country records come from.
const countrySource = "github.com/biter777/countries v1.7.5 (ISO 3166-1 codes, names, capitals); curated: data/countries.tsv (common names, aliases, demonyms, metonyms)"

// capitalSkip lists library capitals that are not taken as metonyms:
// common words or names ("Male", "Victoria") or places better known for
// something else.
var capitalSkip = map[string]bool{
	"None": true, "Male": true, "Victoria": true, "Kingston": true, "Georgetown": true,
	"Georgetown Guyana": true, "Hamilton": true, "Stanley": true, "Douglas": true,
	"Jamestown": true, "The Valley": true, "West Island": true, "East Jerusalem": true,
	"Kingston Norfolk Island": true, "Saint-Denis": true, "Nur-Sultan": true,
	"Basse-Terre Guadeloupe": true, "Willemstad Curacao": true, "Tarawa": true,
}

// retired codes the library still lists.
var retired = map[string]bool{"ANT": true, "YUG": true}

var (
	defaultOnce sync.Once
	defaultKB   *KB
	defaultErr  error
)

// Default returns a KB with the embedded data: every ISO 3166-1 country
// and territory, international organisations, armed and political
// groups, government bodies, media outlets and a small set of people with
// dated roles. It is built once; each call returns a clone that may be
// merged into without affecting other callers.
func Default() *KB {
	defaultOnce.Do(func() { defaultKB, defaultErr = buildDefault() })
	if defaultErr != nil {
		// the embedded data is checked by the tests; a broken build
		// still gets a usable (empty) KB rather than a panic
		return New()
	}
	return defaultKB.Clone()
}

// DefaultErr reports an error building the embedded KB (nil normally).
func DefaultErr() error {
	Default()
	return defaultErr
}

func buildDefault() (*KB, error) {
	k, err := countryKB()
	if err != nil {
		return nil, err
	}
	for _, name := range dataFiles {
		b, err := dataFS.ReadFile("data/" + name)
		if err != nil {
			return nil, err
		}
		f, err := parse(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		k.merge(f)
	}
	k.reindex()
	return k, nil
}

// countryKB builds the country and territory entities: codes, names and
// capitals from the library, common names, aliases and demonyms from
// data/countries.tsv.
func countryKB() (*KB, error) {
	type row struct{ typ, name, aliases, demonyms, metonyms string }
	rows := map[string]row{}
	b, err := dataFS.ReadFile("data/countries.tsv")
	if err != nil {
		return nil, err
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 6 || !isCode(f[0], 3, 3) {
			return nil, fmt.Errorf("countries.tsv:%d: want 6 tab-separated fields starting with an alpha-3 code", n)
		}
		rows[f[0]] = row{f[1], f[2], f[3], f[4], f[5]}
	}
	k := New()
	for _, c := range countries.All() {
		code := c.Alpha3()
		if retired[code] || !isCode(code, 3, 3) {
			continue
		}
		libName := c.String()
		r, curated := rows[code]
		e := &Entity{ID: "country:" + code, Type: TypeTerritory, Name: plainName(libName), Country: code, Source: countrySource}
		if curated {
			e.Type = r.typ
			if r.name != "" {
				e.Name = r.name
			}
			e.Aliases = splitList(r.aliases)
			e.Demonyms = withPlurals(splitList(r.demonyms))
			e.Metonyms = splitList(r.metonyms)
		}
		for _, a := range []string{libName, plainName(libName)} {
			if a != e.Name {
				e.Aliases = appendNew(e.Aliases, a)
			}
		}
		if capital := c.Capital().String(); e.Type == TypeCountry && !capitalSkip[capital] && !strings.Contains(capital, "Unknown") {
			e.Metonyms = appendNew([]string{capital}, e.Metonyms...)
		}
		k.put(e)
	}
	return k, nil
}

// plainName drops a parenthesised qualifier: "Iran (Islamic Republic
// of)" → "Iran".
func plainName(s string) string {
	if i := strings.Index(s, " ("); i > 0 {
		return s[:i]
	}
	return s
}

func splitList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ";") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// withPlurals adds the plural noun of each demonym that has one
// ("Israeli" → "Israelis"; not "Swiss", "British", "Chinese", "Dutch").
func withPlurals(ds []string) []string {
	out := append([]string(nil), ds...)
	for _, d := range ds {
		l := strings.ToLower(d)
		switch {
		case strings.HasSuffix(l, "ese"), strings.HasSuffix(l, "ish"), strings.HasSuffix(l, "ench"),
			strings.HasSuffix(l, "utch"), strings.HasSuffix(l, "s"), strings.HasSuffix(l, "y"),
			strings.HasSuffix(l, "x"), strings.HasSuffix(l, "otho"), l == "lao":
			continue
		}
		out = appendNew(out, d+"s")
	}
	return out
}
