package resolve

import (
	"strings"
)

// titleHeads are words that make a title ("minister", "spokesperson").
var titleHeads = set(
	"minister", "secretary", "president", "spokesperson", "spokesman", "spokeswoman",
	"spokespeople", "general", "gen", "senator", "sen", "rep", "representative",
	"congressman", "congresswoman", "governor", "mayor", "ambassador", "envoy",
	"chairman", "chairwoman", "chair", "chairperson", "director", "chief", "head",
	"leader", "king", "queen", "emir", "prince", "princess", "sheikh", "sultan",
	"pope", "judge", "justice", "attorney", "prosecutor", "speaker", "adviser",
	"advisor", "chancellor", "premier", "commander", "colonel", "col", "lieutenant",
	"lt", "major", "maj", "admiral", "adm", "brigadier", "brig", "sergeant", "sgt",
	"captain", "capt", "officer", "correspondent", "reporter", "editor", "professor",
	"prof", "ceo", "executive", "lawmaker", "legislator", "mp", "mk", "diplomat",
	"negotiator", "coordinator", "administrator", "commissioner", "ayatollah",
	"cleric", "imam", "rabbi", "bishop", "archbishop", "patriarch", "mufti",
	"founder", "president-elect", "staff", "deputy", "undersecretary", "counsel",
	"dr", "superintendent", "inspector", "marshal", "field",
)

// titleMods are words that qualify a title head ("foreign", "deputy").
var titleMods = set(
	"foreign", "defence", "defense", "interior", "finance", "health", "justice",
	"home", "state", "affairs", "national", "security", "deputy", "vice", "prime",
	"principal", "assistant", "associate", "senior", "acting", "interim", "special",
	"press", "chief", "former", "then", "first", "army", "military", "police",
	"intelligence", "ministry", "department", "supreme", "top", "crown", "grand",
	"joint", "chiefs", "staff", "of", "general", "lieutenant", "economy", "trade",
	"energy", "education", "labour", "labor", "transport", "environment", "culture",
	"agriculture", "communications", "information", "public", "government",
	"executive", "managing", "permanent", "war", "strategic", "regional", "senate",
	"house", "majority", "minority", "opposition", "party", "white", "commerce",
	"treasury", "homeland", "immigration", "development", "cooperation", "external",
	"european", "attorney", "high", "foreign-affairs", "sec", "chairman",
	"heritage", "tourism", "water", "housing", "science", "technology", "digital",
	"economic", "social", "welfare", "women", "youth", "sports", "religious",
	"emeritus", "outgoing", "incoming", "newly", "appointed", "elected", "designate",
	"district", "federal", "provincial", "state-run", "group", "bureau", "office",
	"secretary", "minister", "president", "commander", "director", "head",
)

// rankWords change what a title is: "Deputy Foreign Minister" is not the
// "Foreign Minister".
var rankWords = set("deputy", "vice", "assistant", "principal", "associate", "under", "undersecretary", "acting", "interim", "lieutenant", "first", "senior", "chief")

// titleStop are ignored when comparing titles.
var titleStop = set("the", "a", "an", "of", "for", "former", "then", "-", "'s", "and", "to", "at", "in", "newly", "outgoing", "incoming")

// maleWords and femaleWords are title words and honorifics with a gender.
var (
	maleWords   = set("mr", "spokesman", "congressman", "king", "prince", "emir", "sultan", "sheikh", "businessman", "he", "him", "his", "himself")
	femaleWords = set("mrs", "ms", "miss", "spokeswoman", "congresswoman", "queen", "princess", "businesswoman", "she", "her", "hers", "herself")
	honorifics  = set("mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "mx")
)

func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// key lower-cases a token and drops dots ("Gen." → "gen", "U.S." → "us").
func key(s string) string {
	plain := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '.' || c >= 0x80 || ('A' <= c && c <= 'Z') {
			plain = false
			break
		}
	}
	if plain {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '.':
		case r == '’':
			b.WriteByte('\'')
		case 'A' <= r && r <= 'Z':
			b.WriteRune(r + 'a' - 'A')
		default:
			b.WriteRune(r)
		}
	}
	return strings.ToLower(b.String())
}

func isTitleWord(k string) bool { return titleHeads[k] || titleMods[k] }

// titleWords splits a title into its compared words: lower case, no stop
// words, no country words (the caller passes a predicate for those).
func titleWords(t string, isCountry func(string) bool) []string {
	var out []string
	for _, f := range strings.FieldsFunc(t, func(r rune) bool { return r == ' ' || r == '-' }) {
		k := key(f)
		k = strings.TrimSuffix(k, "'s")
		if k == "" || titleStop[k] || (isCountry != nil && isCountry(f)) {
			continue
		}
		switch k { // spelling variants
		case "defense":
			k = "defence"
		case "gen":
			k = "general"
		case "spokesman", "spokeswoman":
			k = "spokesperson"
		case "chairman", "chairwoman", "chairperson":
			k = "chair"
		case "sen":
			k = "senator"
		}
		out = append(out, k)
	}
	return out
}

// compatible reports whether two titles can be held by one person at
// once in the sense of naming the same post: one's words are a subset of
// the other's, and neither has a rank word the other lacks.
func compatible(a, b []string) bool {
	if len(a) == 0 || len(b) == 0 {
		return true
	}
	has := func(ws []string, w string) bool {
		for _, x := range ws {
			if x == w {
				return true
			}
		}
		return false
	}
	for _, w := range a {
		if rankWords[w] && !has(b, w) {
			return false
		}
	}
	for _, w := range b {
		if rankWords[w] && !has(a, w) {
			return false
		}
	}
	sub := func(x, y []string) bool {
		for _, w := range x {
			if !has(y, w) {
				return false
			}
		}
		return true
	}
	return sub(a, b) || sub(b, a)
}

// hasHead reports whether the token keys contain a title head.
func hasHead(keys []string) bool {
	for _, k := range keys {
		if titleHeads[k] && !titleMods[k] {
			return true
		}
	}
	// "Secretary", "President", "Minister", "Commander", "Director" and
	// "Head" are both: a title made only of modifiers needs one of them.
	for _, k := range keys {
		switch k {
		case "secretary", "minister", "president", "commander", "director", "head", "general", "chief", "staff", "chairman", "executive", "attorney":
			return true
		}
	}
	return false
}
