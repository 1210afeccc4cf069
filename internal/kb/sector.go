package kb

import "strings"

// Generic is a kind of body every country has, named in text after the
// country: "Egypt's foreign ministry", "the Lebanese army".
type Generic struct {
	ID      string   // "foreign-ministry"
	Label   string   // "foreign ministry"
	Sector  string   // PLOVER sector
	Phrases []string // what follows the country in text
}

// GenericPatterns are the generic bodies of the "<country> <generic>"
// rule. Sectors follow CAMEO practice: the defence ministry is MIL,
// security forces are COP, a government's officials are GOV.
var GenericPatterns = []Generic{
	{"foreign-ministry", "foreign ministry", "GOV", []string{"foreign ministry", "ministry of foreign affairs", "foreign affairs ministry", "foreign office", "mfa"}},
	{"defence-ministry", "defence ministry", "MIL", []string{"defence ministry", "defense ministry", "ministry of defence", "ministry of defense", "defence department", "defense department"}},
	{"interior-ministry", "interior ministry", "GOV", []string{"interior ministry", "ministry of interior", "ministry of the interior", "home ministry"}},
	{"health-ministry", "health ministry", "GOV", []string{"health ministry", "ministry of health", "health authorities"}},
	{"finance-ministry", "finance ministry", "GOV", []string{"finance ministry", "ministry of finance", "treasury"}},
	{"justice-ministry", "justice ministry", "GOV", []string{"justice ministry", "ministry of justice"}},
	{"presidency", "presidency", "GOV", []string{"presidency", "presidential office", "president's office", "presidential palace"}},
	{"prime-ministers-office", "prime minister's office", "GOV", []string{"prime minister's office", "prime ministers office", "pmo"}},
	{"government", "government", "GOV", []string{"government", "administration", "cabinet", "authorities", "officials", "leadership", "regime"}},
	{"army", "army", "MIL", []string{"army", "ground forces"}},
	{"military", "military", "MIL", []string{"military", "defence forces", "defense forces", "military officials"}},
	{"armed-forces", "armed forces", "MIL", []string{"armed forces", "forces", "troops", "soldiers"}},
	{"navy", "navy", "MIL", []string{"navy", "naval forces", "coast guard"}},
	{"air-force", "air force", "MIL", []string{"air force", "air forces", "warplanes", "fighter jets"}},
	{"police", "police", "COP", []string{"police", "police force", "security forces", "border police"}},
	{"intelligence", "intelligence services", "SPY", []string{"intelligence", "intelligence services", "intelligence service", "intelligence agency", "intelligence officials", "spy agency"}},
	{"parliament", "parliament", "LEG", []string{"parliament", "legislature", "lawmakers", "legislators", "national assembly"}},
	{"supreme-court", "supreme court", "JUD", []string{"supreme court", "high court", "constitutional court"}},
	{"judiciary", "judiciary", "JUD", []string{"judiciary", "courts", "court", "prosecutors", "prosecutor's office"}},
	{"media", "media", "JRN", []string{"media", "state media", "state television", "state tv", "press", "news agency", "state news agency", "broadcaster", "public broadcaster"}},
	{"opposition", "opposition", "OPP", []string{"opposition"}},
	{"civilians", "civilians", "CVL", []string{"civilians"}},
	{"militants", "militants", "REB", []string{"militants", "gunmen", "fighters", "militias", "militia", "rebels", "armed groups"}},
}

var (
	patternTrie = newNode()
	genericByID = map[string]*Generic{}
)

func init() {
	for i := range GenericPatterns {
		g := &GenericPatterns[i]
		genericByID[g.ID] = g
		for _, p := range g.Phrases {
			// the ref's alias carries the generic's ID
			n := patternTrie
			n.markFirst(units(p)[0])
			for _, w := range units(p) {
				c := n.next[w]
				if c == nil {
					c = newNode()
					n.next[w] = c
				}
				n = c
			}
			n.hits = append(n.hits, ref{alias: g.ID, kind: KindPattern})
		}
	}
}

// SectorOfType is the default sector of an entity type ("" when the type
// has none: countries, places, people).
func SectorOfType(typ string) string {
	switch typ {
	case TypeIGO:
		return "IGO"
	case TypeNGO:
		return "NGO"
	case TypeMedia:
		return "JRN"
	case TypeGroup:
		return "REB"
	case TypeBody:
		return "GOV"
	}
	return ""
}

// titleRules map words of a title to sectors; the first rule with a
// phrase in the title wins, so specific phrases come first.
var titleRules = []struct {
	sector  string
	phrases []string
}{
	// titles that take the sector of their organisation
	{"", []string{"spokesperson", "spokesman", "spokeswoman", "spokespeople", "press secretary", "secretary-general", "secretary general", "director-general", "director general", "head of", "chairman", "chairwoman", "chair", "chief executive", "member", "leader", "deputy", "envoy of", "representative of"}},
	{"GOV", []string{"white house chief of staff", "chief of staff to the president", "chief of staff to the prime minister", "national security adviser", "national security advisor"}},
	{"MIL", []string{"defence minister", "defense minister", "minister of defence", "minister of defense", "defence secretary", "defense secretary", "secretary of defense", "secretary of defence", "secretary of war", "chief of staff", "chief of the general staff", "general", "gen", "lieutenant", "lt", "major", "maj", "brigadier", "brig", "colonel", "col", "admiral", "adm", "commander", "commanding officer", "sergeant", "sgt", "captain", "capt", "soldier", "army chief", "military chief"}},
	{"SPY", []string{"intelligence", "spy chief", "spymaster", "director of the central intelligence agency", "cia director", "mossad chief", "shin bet chief", "shin bet head"}},
	{"COP", []string{"police", "inspector", "constable", "sheriff", "fbi director", "director of the federal bureau of investigation", "border guard"}},
	{"JUD", []string{"judge", "justice", "chief justice", "magistrate", "prosecutor", "attorney general", "attorney-general"}},
	{"LEG", []string{"senator", "sen", "congressman", "congresswoman", "representative", "rep", "lawmaker", "legislator", "member of parliament", "mp", "mk", "speaker", "parliamentarian", "deputy speaker"}},
	{"OPP", []string{"opposition leader", "leader of the opposition"}},
	{"JRN", []string{"journalist", "reporter", "correspondent", "editor", "columnist", "anchor", "photojournalist", "photographer"}},
	{"REL", []string{"cleric", "imam", "rabbi", "chief rabbi", "priest", "pope", "bishop", "archbishop", "patriarch", "mufti", "ayatollah", "grand ayatollah"}},
	{"MED", []string{"doctor", "physician", "surgeon", "nurse", "paramedic", "medic"}},
	{"EDU", []string{"professor", "teacher", "lecturer", "researcher", "scholar"}},
	{"BUS", []string{"ceo", "executive", "businessman", "businesswoman", "entrepreneur", "investor", "chief executive officer"}},
	{"GOV", []string{"foreign minister", "minister of foreign affairs", "justice minister", "minister of justice", "interior minister", "minister of interior", "health minister", "finance minister", "police minister", "intelligence minister", "national security minister", "president", "vice president", "prime minister", "premier", "chancellor", "minister", "secretary of state", "foreign secretary", "home secretary", "secretary", "king", "queen", "emir", "amir", "crown prince", "sultan", "sheikh", "monarch", "governor", "mayor", "ambassador", "envoy", "diplomat", "consul", "official", "adviser", "advisor", "head of state", "head of government", "supreme leader"}},
}

// SectorOfTitle maps a title to a PLOVER sector: "foreign minister" →
// GOV, "defense secretary", "general", "chief of staff", "commander" →
// MIL, "senator" → LEG, "judge" → JUD, "police chief" → COP. It returns
// "" for titles that take their organisation's sector ("spokesperson",
// "secretary-general", "leader", "head of …") and for unknown titles.
// The longest phrase of the title found in the rules decides ("defence
// minister" is MIL although "minister" is GOV; "White House chief of
// staff" is GOV although "chief of staff" is MIL). A caller that knows
// the organisation should prefer a non-state organisation's sector (a
// Hamas commander is REB, not MIL).
func SectorOfTitle(title string) string {
	t := " " + normKey(title) + " "
	best, bestLen := "", 0
	for _, rule := range titleRules {
		for _, p := range rule.phrases {
			n := strings.Count(p, " ") + 1
			if n > bestLen && strings.Contains(t, " "+p+" ") {
				best, bestLen = rule.sector, n
			}
		}
	}
	return best
}

func init() {
	// normalise the rule phrases the way titles are normalised
	for i := range titleRules {
		for j, p := range titleRules[i].phrases {
			titleRules[i].phrases[j] = normKey(p)
		}
	}
}
