package quote

import "strings"

// cueVerbs are reporting verbs and their class: say-verbs may take a bare
// clause ("he said the talks failed"); the others need "that" for
// indirect speech but introduce direct quotes either way.
var cueVerbs = map[string]bool{}

var sayVerbs = map[string]bool{}

func init() {
	say := "said says say added adds told tells claimed claims insisted insists argued argues stated states explained explains noted notes wrote writes warned warns stressed stresses emphasized emphasised emphasizes emphasises asserted asserts maintained maintains declared declares say add tell claim insist argue state explain note warn stress emphasize emphasise assert maintain declare"
	other := "laughed sighed joked snapped exclaimed cried groaned dismissed dismisses branded labelled labeled adding saying noting warning stressing insisting arguing claiming explaining calling called calls call described describes describe announced announces announce ruled rules signalled signaled signals admit confirm deny acknowledge urge predict suggest concede caution complain allege promise vow pledge agree estimate reveal disclose indicate asked asks replied replies responded responds confirmed confirms denied denies acknowledged acknowledges admitted admits urged urges remarked remarks observed observes recalled recalls predicted predicts suggested suggests conceded concedes cautioned cautions complained complains reported reports continued continues concluded concludes testified testifies tweeted posted alleged alleges promised promises vowed vows pledged pledges mused muses countered counters agreed agrees estimated estimates revealed reveals disclosed discloses indicated indicates boasted boasts lamented laments quipped retorted shouted whispered wondered believes believed thinks thought"
	for _, w := range strings.Fields(say) {
		cueVerbs[w], sayVerbs[w] = true, true
	}
	for _, w := range strings.Fields(other) {
		cueVerbs[w] = true
	}
}

// thatOnly are cue verbs that report speech only with a following
// "that" clause or a direct quotation ("believed", "thinks").
var thatOnly = map[string]bool{"laughed": true, "sighed": true, "joked": true, "snapped": true, "exclaimed": true, "cried": true, "groaned": true, "dismissed": true, "dismisses": true, "branded": true, "labelled": true, "labeled": true, "called": true, "calls": true, "call": true, "described": true, "describes": true, "describe": true, "ruled": true, "rules": true, "signalled": true, "signaled": true, "signals": true, "believes": true, "believed": true, "thinks": true, "thought": true, "posted": true, "tweeted": true, "reported": true, "reports": true}

// objectVerbs take an addressee before the content ("told reporters that").
var objectVerbs = map[string]bool{"told": true, "tells": true, "assured": true, "reminded": true, "informed": true, "warned": true, "urged": true}

// npStop ends a noun phrase scanned from a cue verb.
var npStop = setOf("and what that which who whom whose but because while when whereas although though if after before since until as than where why how so yet nor or adding saying according to on during into by about over under against between amid despite without through via told said says quoted cited interviewed speaking is are was were be been being do does did will would can could should may might must not")

// preAdv are words between a subject and its cue ("she also said").
var preAdv = setOf("also later previously then again further once separately reportedly recently earlier subsequently had has have would will did does do had already still now just often repeatedly publicly privately frequently initially originally finally quickly simply has n't not never later quietly")

// leadDrop are words dropped from the start of a speaker phrase.
var leadDrop = setOf("but and however meanwhile still yet so now later earlier yesterday today tonight then also instead separately indeed moreover nevertheless nonetheless furthermore additionally thus finally first second third")

// pronouns that may stand for a speaker.
var pronounGender = map[string]byte{"he": 'm', "she": 'f', "they": 'p', "it": 'n', "i": 'x', "we": 'x', "him": 'm', "her": 'f'}

// titles stripped from the front of a person's name.
var titleWords = setOf("principal acting former senior interim mr mr. mrs mrs. ms ms. miss dr dr. prof prof. professor sir dame lord lady president vice prime deputy minister secretary senator sen. rep. representative governor gov. mayor general gen. colonel col. major maj. captain capt. lieutenant lt. sergeant sgt. admiral adm. chancellor premier king queen prince princess sheikh ambassador judge justice commissioner chief chairman chairwoman chair director spokesman spokeswoman spokesperson foreign defence defense interior finance health justice trade education energy economy home state attorney lawyer pastor rev. reverend father bishop imam rabbi coach ceo executive mp envoy inspector superintendent detective officer commander speaker leader")

// femaleTitles and maleTitles give a person's gender from a title.
var femaleTitles = setOf("daughter wife mother sister grandmother mrs mrs. ms ms. miss dame lady queen princess chairwoman spokeswoman")
var maleTitles = setOf("son husband brother grandfather mr mr. sir lord king prince sheikh chairman spokesman father")

// Common first names with a known gender, for pronoun agreement. Small
// and international; unknown names are compatible with any pronoun.
var femaleNames = setOf("anna maria mary elena sofia sophie laura sarah sara emma olivia amelia ingrid helga astrid leila layla fatima aisha amina nadia yasmin rania mariam miriam noa tamar rachel ruth hannah julia claire marie anne ana lucia carmen isabel ines camila valentina priya ananya sunita lakshmi mei li-na yuki keiko aiko hiroko olga irina natalia tatiana svetlana oksana yulia katarzyna agnieszka eva ewa zofia greta freya linnea elin karin margit grace joy esther naomi beatrice chiara giulia francesca amara chiamaka ngozi wanjiru akosua abena zainab hafsa samira rosa teresa linda susan karen jennifer jessica emily alice helen catherine kate elizabeth margaret patricia barbara nancy lisa sandra ellen louise martha nina vera lena mira dina hana sana alina diana kristin petra ilse magda")
var maleNames = setOf("john james david michael robert william thomas richard mark paul peter george daniel joseph charles henry edward andrew matthew luke simon stephen anthony tom jack harry oliver lars erik sven anders nils olaf mohammed mohamed muhammad ahmed ahmad ali omar hassan hussein khalid yusuf ibrahim mustafa mahmoud tariq karim samir youssef moshe yosef avi yaakov eitan amir benjamin daniel ivan sergei dmitri vladimir alexei mikhail andrei nikolai pavel oleksandr taras piotr tomasz jan pierre jean louis luca marco giovanni carlos juan jose luis miguel pedro diego rahul arjun vikram raj wei hao jun hiroshi kenji takeshi kwame kofi chinedu emeka tunde musa abdullah faisal hamid reza javad kemal mehmet emre hans jurgen klaus stefan tobias felix mateo santiago gabriel rafael alan brian kevin steven gary frank ray victor")

// roleSector maps head nouns of speaker descriptions to a sector and a
// speaker type: "org" heads name institutions ("the ministry"), the rest
// describe people ("a senior official").
var roleSector = map[string]struct{ sector, typ string }{}

func init() {
	add := func(sector, typ, words string) {
		for _, w := range strings.Fields(words) {
			roleSector[w] = struct{ sector, typ string }{sector, typ}
		}
	}
	add("GOV", "anon", "official officials diplomat diplomats minister ministers spokesman spokeswoman spokesperson aide aides adviser advisers advisor advisors envoy envoys ambassador negotiator negotiators mayor governor administrator bureaucrat secretary")
	add("GOV", "org", "ministry government administration cabinet authorities department embassy presidency office palace")
	add("MIL", "anon", "officer officers commander commanders soldier soldiers general generals colonel troops")
	add("MIL", "org", "army military navy")
	add("COP", "org", "police")
	add("COP", "anon", "policeman policemen detective detectives")
	add("LEG", "anon", "lawmaker lawmakers legislator legislators senator senators mp mps congressman congresswoman parliamentarian")
	add("LEG", "org", "parliament congress senate assembly")
	add("JUD", "anon", "judge judges prosecutor prosecutors lawyer lawyers attorney attorneys")
	add("JUD", "org", "court")
	add("JRN", "anon", "journalist journalists reporter reporters correspondent editor")
	add("CVL", "anon", "reader readers listener listeners viewer viewers daughter son wife husband mother father brother sister grandmother grandfather member resident residents witness witnesses villager villagers survivor survivors civilian civilians refugee refugees farmer farmers worker workers parent parents student students shopkeeper neighbour neighbor driver passenger")
	add("REB", "anon", "militant militants fighter fighters rebel rebels insurgent insurgents")
	add("MED", "anon", "doctor doctors nurse nurses physician medic medics")
	add("EDU", "anon", "analyst analysts expert experts researcher researchers scholar scholars professor economist economists academic historian scientist")
	add("BUS", "anon", "executive executives banker bankers trader traders investor investors")
	add("BUS", "org", "company firm bank")
	add("NGO", "anon", "activist activists campaigner campaigners volunteer volunteers")
	add("NGO", "org", "group organisation organization charity agency committee commission council")
	add("", "anon", "source sources person people insider insiders observer observers critic critics supporter supporters member members representative representatives leader leaders head chief spokesmen man woman men women")
}

// orgWords mark a capitalised run as an organisation's name.
var orgWords = setOf("ministry department office council committee commission agency authority party union association institute institution university college school court police army forces force navy guard bank company corporation corp corp. inc inc. ltd ltd. group foundation fund trust federation league alliance coalition front movement organisation organization board bureau service services centre center parliament assembly senate congress government administration cabinet embassy consulate hospital church club society network partners media news times post herald courier wire gazette journal tribune radio television tv press daily chronicle observer telegraph review broadcasting channel monitor report reports")

// mediaWords mark a capitalised run as a news outlet when the KB does not
// know it.
var mediaWords = setOf("review magazine weekly digest news times post herald courier wire gazette journal tribune radio television tv press daily chronicle observer telegraph broadcasting channel monitor dispatch bulletin express mail star sun standard record examiner inquirer reuters agency")

// determiners before a scare-quoted term ("the “second phase”").
var termDet = setOf("the a an its their his her our this that these those so-called dubbed called termed named titled labelled labeled branded coined")

// notName are capitalised words that never begin a person's name.
var notName = setOf("the a an in on at for from to of by with and but or if as when while after before during since until this that these those it its he she they we i you his her their our my your there here what which who how why where monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october november december according asked speaking writing yes no not some many most all both each one two three several other another such however meanwhile still yet so now later earlier yesterday today tonight then also instead mr mrs ms dr president minister")

func setOf(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// placeWords mark a capitalised run as a place, not a person ("Via Roma").
var placeWords = setOf("street st road avenue ave square via boulevard lane bridge station airport river lake mountain mountains island islands valley park hill port harbour harbor bay coast sea ocean gulf strait province region district county state city town village")

// mediaFirst are media words that open an outlet's name ("Radio Vellmar").
var mediaFirst = setOf("radio television tv channel")

// isCueTok reports whether t is a reporting verb written in lower case
// ("State" in "The State Department" is not one). When the syntax stage
// has tagged the token, a noun or adjective is not a cue ("Upper Nile
// state", "a claim").
func isCueTok(t tok) bool {
	return cueVerbs[t.low] && !isCap(t.t) && !t.inQ && !strings.HasSuffix(t.low, "ing") && !nominal(t.upos)
}

func nominal(upos string) bool {
	return upos == "NOUN" || upos == "PROPN" || upos == "ADJ"
}

// isCue also accepts a participle that continues a statement: ", adding
// that …", "quoted as saying".
func (d *doc) isCue(j int) bool {
	t := d.toks[j]
	if strings.HasSuffix(t.low, "ing") {
		return cueVerbs[t.low] && !t.inQ && j > 0 && (d.toks[j-1].t == "," || d.toks[j-1].low == "as")
	}
	return isCueTok(t)
}

// weakVerbs report speech only when their subject is a source ("the
// official suggested that …", not "the figures suggest that …").
var weakVerbs = setOf("indicates indicated indicate suggests suggested suggest reveals revealed reveal signals signalled signaled found finds")

// commNouns are nouns of communication that can carry a partial quote
// ("issued a warning about “credible reports”").
var commNouns = setOf("warning warnings statement statements remarks comments message appeal call pledge promise announcement speech letter post tweet testimony claim claims vow threat")

// sayNouns head a phrase that stands for its author ("Rubio's remarks
// emphasized", "the Meridian Wire report noted").
var sayNouns = setOf("statement statements remarks comments words message testimony post tweet letter speech report reports story article reporting broadcast interview")

// passiveAux before a cue makes it passive ("it was disclosed that"):
// no speaker is named.
var passiveAux = setOf("was were is are been be being")

func (d *doc) passive(j int) bool {
	return j > 0 && passiveAux[d.toks[j-1].low] && d.toks[j-1].sent == d.toks[j].sent
}
