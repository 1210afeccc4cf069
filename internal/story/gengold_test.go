package story

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"
)

// The labelled set testdata/gold.jsonl is generated from the templates
// below: fiction — invented people, outlets and armed groups in real
// countries and cities. Regenerate with
//
//	go test ./internal/story -run TestGoldFile -update

var update = flag.Bool("update", false, "rewrite testdata/gold.jsonl")

func TestGoldFile(t *testing.T) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for _, g := range generateGold(2026) {
		if err := enc.Encode(g); err != nil {
			t.Fatal(err)
		}
	}
	if *update {
		if err := os.WriteFile("testdata/gold.jsonl", buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	have, err := os.ReadFile("testdata/gold.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(have, buf.Bytes()) {
		t.Fatal("testdata/gold.jsonl is not what the generator writes; run with -update")
	}
}

type outletT struct{ name, domain string }

var goldOutlets = []outletT{
	{"The Harbour Courier", "harbourcourier.example"}, {"Savannah Standard", "savannahstandard.example"},
	{"Baltic Ledger", "balticledger.example"}, {"Rhine Dispatch", "rhinedispatch.example"},
	{"Cedar Gazette", "cedargazette.example"}, {"Kestrel Post", "kestrelpost.example"},
	{"Northstar Herald", "northstarherald.example"}, {"Lakeside Review", "lakesidereview.example"},
	{"East Africa Bulletin", "eabulletin.example"}, {"Pacific Chronicle", "pacificchronicle.example"},
	{"Andes Observer", "andesobserver.example"}, {"Meseta Times", "mesetatimes.example"},
	{"The Delta Record", "deltarecord.example"}, {"Granite Tribune", "granitetribune.example"},
}

var goldWires = []outletT{
	{"Meridian Wire", "meridianwire.example"}, {"Northline Press", "northlinepress.example"},
	{"Continental News Agency", "cna-wire.example"},
}

var firstNames = []string{"Sigrun", "Tomas", "Amara", "Idris", "Lucia", "Henrik", "Nadia", "Oskar", "Wanjiru", "Rafael",
	"Ingrid", "Kofi", "Mireille", "Dmitar", "Selin", "Arjun", "Yara", "Matteo", "Ama", "Tarek", "Elin", "Joaquin",
	"Hanna", "Bako", "Liesel", "Ngozi", "Pavel", "Ximena", "Soren", "Adaeze"}
var surnames = []string{"Haldoren", "Vestergaard-Lund", "Okonkwo-Baptiste", "Marchetti-Ruiz", "Tervala", "Brannigan-Oyelaran",
	"Kaldvik", "Mbatha-Lowe", "Santorelli", "Quistgaard", "Ferreira-Nkemelu", "Ostrowik", "Lindqvist-Amadi",
	"Delacroix-Banda", "Halvorsrud", "Nakashima-Pell", "Arvanitakis", "Obuya-Strand", "Kovalenko-Diaz", "Rasmark",
	"Beaumont-Achebe", "Torvaldsen", "Ibekwe-Hart", "Sandoval-Krantz", "Mwangaza", "Velloso-Nyberg", "Eriksdottir-Moyo",
	"Castellano-Ruud", "Aaltonen-Mensah", "Petrakis-Lund", "Gundersen-Oduya", "Valtonen", "Achterberg", "Olumide-Frost"}

type countryT struct{ name, adj, capital string }

var goldCountries = []countryT{
	{"Norway", "Norwegian", "Oslo"}, {"Kenya", "Kenyan", "Nairobi"}, {"Ghana", "Ghanaian", "Accra"},
	{"Peru", "Peruvian", "Lima"}, {"Vietnam", "Vietnamese", "Hanoi"}, {"Indonesia", "Indonesian", "Jakarta"},
	{"Poland", "Polish", "Warsaw"}, {"Chile", "Chilean", "Santiago"}, {"Morocco", "Moroccan", "Rabat"},
	{"Japan", "Japanese", "Tokyo"}, {"Canada", "Canadian", "Ottawa"}, {"Egypt", "Egyptian", "Cairo"},
	{"Finland", "Finnish", "Helsinki"}, {"Portugal", "Portuguese", "Lisbon"}, {"Senegal", "Senegalese", "Dakar"},
	{"Ethiopia", "Ethiopian", "Addis Ababa"}, {"Mexico", "Mexican", "Mexico City"}, {"Estonia", "Estonian", "Tallinn"},
	{"Colombia", "Colombian", "Bogotá"}, {"Tanzania", "Tanzanian", "Dodoma"},
}

type conflictZone struct {
	country, adj, region string
	towns                []string
}

var zones = []conflictZone{
	{"South Sudan", "South Sudanese", "Upper Nile state", []string{"Malakal", "Bor", "Bentiu", "Renk", "Nasir"}},
	{"the Democratic Republic of Congo", "Congolese", "North Kivu province", []string{"Goma", "Beni", "Butembo", "Rutshuru"}},
	{"Mali", "Malian", "the Mopti region", []string{"Mopti", "Gao", "Djenné", "Sévaré"}},
	{"Burkina Faso", "Burkinabe", "the Sahel region", []string{"Djibo", "Dori", "Kaya", "Ouahigouya"}},
	{"Mozambique", "Mozambican", "Cabo Delgado province", []string{"Pemba", "Mocímboa da Praia", "Palma", "Macomia"}},
}

var groupNames = []string{"White Nile Brigade", "Lakeshore Defence Front", "Sahel Vanguard Movement", "Ridge Liberation Army",
	"Coastal Resistance Council", "Northern Plains Militia", "Valley Patriots Front", "Crescent Shield Group", "Highland Unity Brigade", "Red Dune Movement"}

var topics = []struct{ topic, deal string }{
	{"renewable energy", "cooperate on offshore wind and grid connections"},
	{"fisheries", "set up a joint patrol against illegal fishing"},
	{"migration", "open a joint office to process labour visas"},
	{"maritime security", "share coast-guard data on shipping routes"},
	{"critical minerals", "study a joint lithium refining venture"},
	{"public health", "fund a regional vaccine warehouse"},
	{"education", "double the number of university exchange places"},
	{"climate adaptation", "finance early-warning systems for floods"},
	{"food security", "build grain storage near the main port"},
	{"digital trade", "recognise each other's electronic signatures"},
}

var issues = []string{"a rise in fuel prices", "a new electoral law", "cuts to university funding", "the cost of bread",
	"a proposed mining concession", "delays in paying teachers", "a planned water tariff", "a ban on street trading"}

var crises = []string{"the drought in the Horn of Africa", "the floods in the Sahel", "the displacement crisis in eastern Chad",
	"the cholera outbreak around Lake Chad", "the food shortages in Madagascar's south"}

var weekdays = []string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}

// gen holds the random state of one generation.
type gen struct {
	r   *rand.Rand
	out []GoldArticle
	n   int
	// related headlines, for page furniture
	heads []string
}

func (g *gen) pick(xs []string) string { return xs[g.r.IntN(len(xs))] }

func (g *gen) person() string {
	return g.pick(firstNames) + " " + g.pick(surnames)
}

func surname(full string) string { return full[strings.LastIndexByte(full, ' ')+1:] }

// happening is one event as the slots of its templates.
type happening struct {
	label string
	kind  string
	when  time.Time
	slots map[string]string
	// facts: per slot, paraphrase variants; lead and title variants.
	leads, titles []string
	facts         [][]string
	// numeric slot that outlets sometimes misreport
	number string
}

func (h *happening) fill(s string, slots map[string]string) string {
	for k, v := range slots {
		s = strings.ReplaceAll(s, "{"+k+"}", v)
	}
	return s
}

func cap1(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func generateGold(seed uint64) []GoldArticle {
	g := &gen{r: rand.New(rand.NewPCG(seed, 99))}
	base := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	var hs []*happening
	label := 0
	next := func() string { label++; return fmt.Sprintf("S%03d", label) }
	// Families of distractors: one minister, two visits 20–40 days apart.
	for i := 0; i < 14; i++ {
		c1 := goldCountries[g.r.IntN(len(goldCountries))]
		m := g.person()
		role := g.pick([]string{"foreign minister", "trade minister", "foreign minister", "defence minister"})
		start := base.Add(time.Duration(g.r.IntN(120)) * 24 * time.Hour)
		k := 1 + g.r.IntN(2)
		if i < 10 {
			k = 2
		}
		for j := 0; j < k; j++ {
			c2 := goldCountries[g.r.IntN(len(goldCountries))]
			for c2.name == c1.name {
				c2 = goldCountries[g.r.IntN(len(goldCountries))]
			}
			when := start.Add(time.Duration(j*(20+g.r.IntN(21))) * 24 * time.Hour)
			hs = append(hs, g.visit(next(), when, c1, c2, m, role))
		}
	}
	// Strikes: two or three in one zone, 5–15 days apart, often the same group.
	for i := 0; i < 10; i++ {
		z := zones[i%len(zones)]
		grp := g.pick(groupNames)
		spk := g.person()
		start := base.Add(time.Duration(g.r.IntN(130)) * 24 * time.Hour)
		towns := g.r.Perm(len(z.towns))
		k := 2 + g.r.IntN(2)
		when := start
		for j := 0; j < k; j++ {
			hs = append(hs, g.strike(next(), when, z, z.towns[towns[j%len(towns)]], grp, spk))
			when = when.Add(time.Duration(5+g.r.IntN(11)) * 24 * time.Hour)
		}
	}
	// Protests: one city, two issues two weeks apart.
	for i := 0; i < 6; i++ {
		c := goldCountries[g.r.IntN(len(goldCountries))]
		start := base.Add(time.Duration(g.r.IntN(130)) * 24 * time.Hour)
		p := g.r.Perm(len(issues))
		for j := 0; j < 2; j++ {
			hs = append(hs, g.protest(next(), start.Add(time.Duration(j*14)*24*time.Hour), c, issues[p[j]]))
		}
	}
	// Donor conferences.
	for i := 0; i < 5; i++ {
		c := goldCountries[g.r.IntN(len(goldCountries))]
		hs = append(hs, g.conference(next(), base.Add(time.Duration(g.r.IntN(130))*24*time.Hour), c, crises[i]))
	}
	for _, h := range hs {
		g.heads = append(g.heads, h.fill(h.titles[0], h.slots))
	}
	// articles, ordered by publication
	for _, h := range hs {
		g.articles(h)
	}
	sortGold(g.out)
	return g.out
}

func sortGold(xs []GoldArticle) {
	// insertion order kept for copies: a copy is always after its original
	idx := map[string]int{}
	for i, x := range xs {
		idx[x.ID] = i
	}
	for i := 1; i < len(xs); i++ {
		for j := i; j > 0; j-- {
			a, b := xs[j-1], xs[j]
			if b.Published.Before(a.Published) && b.DuplicateOf != a.ID {
				xs[j-1], xs[j] = b, a
				continue
			}
			break
		}
	}
	// copies must follow their original: fix any violation by moving the copy
	seen := map[string]bool{}
	for i := 0; i < len(xs); i++ {
		if d := xs[i].DuplicateOf; d != "" && !seen[d] {
			c := xs[i]
			copy(xs[i:], xs[i+1:])
			xs[len(xs)-1] = c
			i--
			continue
		}
		seen[xs[i].ID] = true
	}
}

func (g *gen) visit(label string, when time.Time, c1, c2 countryT, m, role string) *happening {
	tp := topics[g.r.IntN(len(topics))]
	p := g.person()
	spk := g.person()
	city := c2.capital
	h := &happening{label: label, kind: "visit", when: when, number: "ndays", slots: map[string]string{
		"M": m, "Msur": surname(m), "Mrole": role, "Mctry": c1.name, "Madj": c1.adj, "P": p, "Psur": surname(p),
		"Pctry": c2.name, "Padj": c2.adj, "city": city, "topic": tp.topic, "deal": tp.deal, "S": spk, "Ssur": surname(spk),
		"ndays": fmt.Sprint(2 + g.r.IntN(3)), "trade": fmt.Sprintf("%d.%d", 1+g.r.IntN(9), g.r.IntN(10)),
		"year": fmt.Sprint(2021 + g.r.IntN(4)), "day": weekdays[when.Weekday()], "Prole": "foreign minister",
	}}
	h.titles = []string{
		"{Madj} {Mrole} {Msur} in {city} for talks on {topic}",
		"{Msur} and {Psur} agree to {deal}",
		"{Mctry} and {Pctry} step up {topic} cooperation during {Msur} visit",
		"{Madj} minister visits {city} as {topic} ties deepen",
	}
	h.leads = []string{
		"{Madj} {Mrole} {M} arrived in {city} on {day} for talks with {P}, {Pctry}'s {Prole}, on {topic}.",
		"{M}, {Mctry}'s {Mrole}, met {P} in {city} on {day}, opening a visit focused on {topic}.",
		"{Mctry}'s {Mrole}, {M}, held talks in {city} on {day} with {Padj} {Prole} {P} as the two governments sought closer cooperation on {topic}.",
	}
	h.facts = [][]string{
		{"The two ministers agreed to {deal}.", "{Msur} and {Psur} said their governments would {deal}.", "Officials said the talks ended with a pledge to {deal}."},
		{"The visit is scheduled to last {ndays} days.", "{Msur} is due to stay in {Pctry} for {ndays} days.", "The {ndays}-day trip is {Msur}'s first to {Pctry} as minister."},
		{"\"We came to listen, and we leave with work to do,\" {Msur} told reporters after the meeting.", "After the meeting {Msur} said the two sides had \"work to do, and the will to do it\".", "\"There is work to do and we intend to do it together,\" {Msur} said at a news conference in {city}."},
		{"{S}, a spokesperson for the {Padj} foreign ministry, described the talks as frank and productive.", "The {Padj} foreign ministry spokesperson, {S}, called the meeting productive.", "A statement read by {Padj} ministry spokesperson {S} said the talks had been frank."},
		{"Trade between the two countries reached ${trade} billion last year, according to official figures.", "Official figures put bilateral trade at ${trade} billion last year.", "The two economies traded goods worth ${trade} billion last year."},
		{"Diplomats in {city} said the visit had been planned for several months and was delayed once by scheduling problems.", "The trip was first announced in the autumn but postponed, according to diplomats in {city}.", "Preparations for the visit began months ago, a diplomat familiar with the planning said."},
		{"Business leaders travelling with {Msur} are expected to sign several smaller contracts on the sidelines.", "A delegation of company executives accompanied the minister and was due to meet local firms.", "{Msur} was joined by executives from shipping, construction and energy companies."},
		{"Opposition politicians in {Mctry} questioned the cost of the trip.", "Critics at home asked whether the visit would produce anything concrete.", "Some lawmakers in {Mctry} said the government should publish the full terms of any agreement."},
		{"{Msur} has made {topic} a priority since becoming {Mrole} in {year}.", "Since taking office in {year}, {Msur} has pushed {topic} up the agenda.", "{Topic} has been a theme of {Msur}'s time as {Mrole}, which began in {year}."},
	}
	h.slots["Topic"] = cap1(tp.topic)
	return h
}

func (g *gen) strike(label string, when time.Time, z conflictZone, town, grp, spk string) *happening {
	targets := []string{"market", "fuel depot", "health clinic", "school", "food warehouse", "bus station", "water pumping station"}
	weapons := []string{"drone", "artillery shell", "rocket"}
	org := g.pick([]string{"the World Food Programme", "UNICEF", "the Red Cross", "Médecins Sans Frontières", "the UN refugee agency"})
	n := 3 + g.r.IntN(20)
	h := &happening{label: label, kind: "strike", when: when, number: "N", slots: map[string]string{
		"town": town, "country": z.country, "adj": z.adj, "region": z.region, "G": grp, "S": spk, "Ssur": surname(spk),
		"target": g.pick(targets), "weapon": g.pick(weapons), "N": fmt.Sprint(n), "W": fmt.Sprint(n + 2 + g.r.IntN(25)),
		"org": org, "served": fmt.Sprint((2 + g.r.IntN(30)) * 100), "day": weekdays[when.Weekday()], "year": fmt.Sprint(2019 + g.r.IntN(6)),
		"Country": cap1(z.country),
	}}
	h.titles = []string{
		"{weapon} strike on {town} {target} kills {N}",
		"{N} killed in attack on {target} in {town}",
		"{Country}: deadly strike hits {town}",
		"Army blames {G} for {town} attack",
	}
	h.leads = []string{
		"A {weapon} strike on a {target} in {town}, {country}, killed {N} people on {day}, local officials said.",
		"At least {N} people were killed when a {weapon} hit a {target} in the {adj} town of {town} on {day}.",
		"{N} civilians were killed on {day} after a {target} in {town} was struck by a {weapon}, officials in {region} said.",
	}
	h.facts = [][]string{
		{"{W} others were wounded.", "Another {W} people were injured, according to the local hospital.", "Hospital staff in {town} said they had treated {W} wounded."},
		{"The army blamed the {G}, an armed group active in {region}.", "{S}, a military spokesman, said the {G} was responsible.", "No group claimed the attack, but army spokesman {S} pointed to the {G}."},
		{"The {target} was used by {org} and served about {served} families.", "According to {org}, about {served} families relied on the {target}.", "{org} said it had used the {target} to reach some {served} families."},
		{"{Ssur} called the strike a deliberate attack on civilians.", "\"This was a deliberate attack on civilians,\" {Ssur} said.", "The army described the attack as deliberate and aimed at civilians."},
		{"Fighting between the army and the {G} has displaced thousands in {region} since {year}.", "The {G} has fought government forces in {region} since {year}, forcing thousands from their homes.", "Clashes with the {G} have driven thousands from their homes in {region} since {year}."},
		{"Aid agencies suspended some operations in the area while they assessed the damage.", "Several aid groups paused deliveries in and around {town} after the attack.", "Humanitarian workers said convoys to nearby villages had been halted for now."},
		{"Local authorities declared three days of mourning.", "The local governor announced a period of mourning for the dead.", "Officials in {town} ordered flags flown at half mast."},
		{"Rescue teams were still searching the rubble late in the day.", "Volunteers dug through debris for survivors into the evening.", "Search teams worked through the afternoon to reach people trapped under the rubble."},
		{"Residents said the {weapon} struck shortly before dawn.", "Witnesses in {town} described a loud explosion before dawn.", "The attack happened in the early morning, residents told local radio."},
	}
	h.facts[2] = []string{h.facts[2][0], h.facts[2][1], cap1(h.facts[2][2])}
	return h
}

func (g *gen) protest(label string, when time.Time, c countryT, issue string) *happening {
	org := g.person()
	police := g.person()
	h := &happening{label: label, kind: "protest", when: when, number: "A", slots: map[string]string{
		"city": c.capital, "country": c.name, "adj": c.adj, "issue": issue, "O": org, "Osur": surname(org),
		"P": police, "Psur": surname(police), "A": fmt.Sprint(5 + g.r.IntN(60)), "K": fmt.Sprint(2 + g.r.IntN(20)),
		"day": weekdays[when.Weekday()], "square": g.pick([]string{"Independence Square", "the central station", "the parliament building", "the old market"}),
	}}
	h.titles = []string{
		"Thousands march in {city} over {issue}",
		"Police arrest {A} as {city} protest over {issue} turns tense",
		"{adj} protesters rally against {issue}",
		"Anger over {issue} brings crowds to {city}",
	}
	h.leads = []string{
		"Thousands of people marched through {city} on {day} to protest against {issue}.",
		"Protesters filled the streets of {city} on {day}, angered by {issue}.",
		"Crowds gathered near {square} in {city} on {day} in a protest against {issue}.",
	}
	h.facts = [][]string{
		{"Police said they had arrested {A} people.", "Police spokesman {P} said {A} people were arrested.", "{A} people were arrested, according to police."},
		{"The march was organised by {O}, a union leader.", "Organiser {O} told the crowd the government had ignored them.", "{O}, who organised the protest, called for a general strike."},
		{"The protesters gathered near {square}.", "The crowd later moved towards {square}.", "Demonstrators ended the day near {square}."},
		{"{K} officers were lightly injured, the police said.", "Police said {K} officers had been hurt by thrown stones.", "According to {Psur}, {K} officers needed treatment for minor injuries."},
		{"Shops along the main avenue closed early as the crowd passed.", "Many businesses in the city centre shut their doors for the afternoon.", "Traders near the route pulled down their shutters as the march approached."},
		{"Opposition parties said they would raise the issue in parliament next week.", "Opposition lawmakers promised to bring the matter before parliament.", "Several opposition parties backed the protest and called for a debate in parliament."},
		{"Similar protests took place in at least two other cities.", "Smaller marches were reported in other towns across {country}.", "Protests also spread to several provincial cities, local media reported."},
		{"The government has defended the measure as unavoidable.", "Ministers say the measure cannot be reversed.", "A government spokesperson said the policy would stay."},
	}
	return h
}

func (g *gen) conference(label string, when time.Time, c countryT, crisis string) *happening {
	chair := g.person()
	amt := 200 + g.r.IntN(1500)
	h := &happening{label: label, kind: "conference", when: when, number: "amt", slots: map[string]string{
		"city": c.capital, "country": c.name, "crisis": crisis, "C": chair, "Csur": surname(chair),
		"amt": fmt.Sprint(amt), "appeal": fmt.Sprint(amt + 300 + g.r.IntN(900)), "n": fmt.Sprint(20 + g.r.IntN(40)),
		"day": weekdays[when.Weekday()],
	}}
	h.titles = []string{
		"Donors pledge ${amt}m for {crisis}",
		"{city} conference raises ${amt}m, short of appeal",
		"Aid pledges fall short at {city} meeting on {crisis}",
	}
	h.leads = []string{
		"Donors meeting in {city} on {day} pledged ${amt} million to respond to {crisis}.",
		"A conference in {city} raised ${amt} million on {day} for people affected by {crisis}.",
		"Governments and agencies gathered in {city} pledged ${amt} million on {day} for {crisis}.",
	}
	h.facts = [][]string{
		{"The United Nations had appealed for ${appeal} million.", "The total falls short of the UN appeal for ${appeal} million.", "Aid agencies had asked for ${appeal} million."},
		{"{n} countries made pledges.", "Pledges came from {n} governments.", "Delegations from {n} countries took part."},
		{"The conference was chaired by {C}, a senior UN official.", "UN official {C}, who chaired the meeting, said the money would be disbursed quickly.", "Chairing the meeting, {C} urged donors to pay promptly."},
		{"Much of the money is meant for food, water and shelter over the next six months.", "Agencies said the funds would go mainly to food aid, clean water and shelter.", "The priorities named by organisers were food, water, sanitation and emergency shelter."},
		{"Several large donors said their pledges included money announced earlier in the year.", "Analysts noted that part of the total had already been announced before the meeting.", "Some of the pledges repackaged earlier commitments, aid officials said privately."},
		{"Aid groups welcomed the pledges but said access remained the main problem.", "Relief organisations said getting supplies through remained harder than raising money.", "Humanitarian groups said that without safe access the money would not reach people in need."},
		{"\"Pledges are not deliveries,\" {Csur} warned.", "{Csur} warned that pledges still had to become deliveries.", "\"We need the money in weeks, not months,\" {Csur} said."},
	}
	return h
}

var furnitureTop = []string{
	"Advertisement", "Share this article", "Listen to this article · 4 min", "Skip to main content",
	"Subscribe for full access", "Share on Facebook Share on X Email", "Home > World > Africa",
}
var furnitureBottom = []string{
	"Sign up for our morning newsletter.", "© 2026 All rights reserved.", "Comments are closed for this article.",
	"Follow us on social media.", "Report an error in this article.",
}

// articles writes the coverage of one happening: 3–5 originals from
// outlets, one wire story with 1–3 reposts, sometimes an exact copy.
func (g *gen) articles(h *happening) {
	outlets := g.r.Perm(len(goldOutlets))
	nOrig := 3 + g.r.IntN(3)
	wire := goldWires[g.r.IntN(len(goldWires))]
	// the wire story
	wireArt := g.write(h, wire, 0, true)
	g.out = append(g.out, wireArt)
	// Originals are independent writing: one that repeats more than a
	// third of the sentences of an earlier one is drawn again (the
	// templates have few variants; real outlets rarely coincide so).
	written := []GoldArticle{wireArt}
	for i := 0; i < nOrig; i++ {
		var a GoldArticle
		for try := 0; try < 20; try++ {
			if try > 0 {
				g.n--
			}
			a = g.write(h, goldOutlets[outlets[i]], 1+g.r.IntN(30), false)
			ok := true
			for _, w := range written {
				if sharedSentences(a.Text, w.Text) > 1.0/3 {
					ok = false
				}
			}
			if ok {
				break
			}
		}
		written = append(written, a)
		g.out = append(g.out, a)
	}
	nRepost := 1 + g.r.IntN(3)
	for i := 0; i < nRepost; i++ {
		o := goldOutlets[outlets[nOrig+i]]
		g.out = append(g.out, g.repost(h, wireArt, o))
	}
	if g.r.IntN(4) == 0 { // exact copy of the wire text on another page of the wire
		c := wireArt
		g.n++
		c.ID = fmt.Sprintf("g%04d", g.n)
		c.URL = wireArt.URL + "-amp"
		c.DuplicateOf = wireArt.ID
		c.Published = wireArt.Published.Add(time.Hour)
		g.out = append(g.out, c)
	}
}

func (g *gen) write(h *happening, o outletT, lagHours int, wire bool) GoldArticle {
	g.n++
	slots := map[string]string{}
	for k, v := range h.slots {
		slots[k] = v
	}
	if h.number != "" && !wire && g.r.IntN(5) == 0 { // a misreported figure
		var v int
		fmt.Sscan(slots[h.number], &v)
		slots[h.number] = fmt.Sprint(v + 1 + g.r.IntN(4))
	}
	// the event happened on h.when; published the same day or up to 2 days later
	pub := h.when.Add(time.Duration(7+g.r.IntN(12))*time.Hour + time.Duration(lagHours)*time.Hour)
	day := slots["day"]
	if pub.YearDay() != h.when.YearDay() {
		// relative day words are written against the publication date
		slots["day"] = day
	}
	var sents []string
	lead := h.fill(h.leads[g.r.IntN(len(h.leads))], slots)
	perm := g.r.Perm(len(h.facts))
	k := len(h.facts) - g.r.IntN(2)
	if !wire {
		k = len(h.facts) - 2 - g.r.IntN(3)
	}
	for _, i := range perm[:k] {
		sents = append(sents, h.fill(h.facts[i][g.r.IntN(len(h.facts[i]))], slots))
	}
	var paras []string
	if wire {
		lead = strings.ToUpper(slots["city"]+slots["town"]) + " (" + o.name + ") — " + lead
	}
	paras = append(paras, lead)
	for i := 0; i < len(sents); {
		n := 1 + g.r.IntN(2)
		if i+n > len(sents) {
			n = len(sents) - i
		}
		paras = append(paras, strings.Join(sents[i:i+n], " "))
		i += n
	}
	if wire {
		paras = append(paras, "(Reporting by "+g.person()+"; Editing by "+g.person()+")")
	}
	title := h.fill(h.titles[g.r.IntN(len(h.titles))], slots)
	slug := strings.ToLower(strings.NewReplacer(" ", "-", ":", "", "$", "", ",", "", "'", "").Replace(title))
	return GoldArticle{ID: fmt.Sprintf("g%04d", g.n), Site: o.name,
		URL:       fmt.Sprintf("https://www.%s/%s/%s", o.domain, pub.Format("2006/01/02"), slug),
		Published: pub, Title: cap1(title), Text: strings.Join(paras, "\n\n"), Story: h.label}
}

// repost is the wire text on another outlet's page: furniture around it,
// its own headline, sometimes the last paragraph cut.
func (g *gen) repost(h *happening, w GoldArticle, o outletT) GoldArticle {
	g.n++
	paras := strings.Split(w.Text, "\n\n")
	if len(paras) > 3 && g.r.IntN(2) == 0 {
		paras = paras[:len(paras)-1]
	}
	var top, bottom []string
	for i := 0; i < 1+g.r.IntN(3); i++ {
		top = append(top, g.pick(furnitureTop))
	}
	bottom = append(bottom, "Read more:")
	for i := 0; i < 2+g.r.IntN(3); i++ {
		bottom = append(bottom, g.pick(g.heads))
	}
	bottom = append(bottom, g.pick(furnitureBottom))
	text := strings.Join(append(append(top, paras...), bottom...), "\n\n")
	title := cap1(h.fill(h.titles[g.r.IntN(len(h.titles))], h.slots))
	pub := w.Published.Add(time.Duration(1+g.r.IntN(20)) * time.Hour)
	return GoldArticle{ID: fmt.Sprintf("g%04d", g.n), Site: o.name,
		URL:       fmt.Sprintf("https://www.%s/wire/%s/%d", o.domain, pub.Format("2006/01/02"), g.n),
		Published: pub, Title: title, Text: text, Story: h.label, DuplicateOf: w.ID}
}

// sharedSentences is the share of a's sentences found verbatim in b.
func sharedSentences(a, b string) float64 {
	split := func(s string) []string {
		return strings.FieldsFunc(s, func(r rune) bool { return r == '.' || r == '\n' })
	}
	in := map[string]bool{}
	for _, x := range split(b) {
		in[strings.TrimSpace(x)] = true
	}
	n, m := 0, 0
	for _, x := range split(a) {
		if x = strings.TrimSpace(x); len(x) > 20 {
			n++
			if in[x] {
				m++
			}
		}
	}
	if n == 0 {
		return 0
	}
	return float64(m) / float64(n)
}
