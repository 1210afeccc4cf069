package news

// Entity is one actor or place an article mentions, with every mention
// of it in the article. Package resolve fills it.
type Entity struct {
	// ID is the canonical, cross-document identifier: the knowledge-base
	// ID when the name resolves ("person:marco-rubio", "country:ISR",
	// "body:USA-STATE-DEPT", "media:reuters"), else an ID derived from
	// the type and the normalised name ("per:jane-doe", "org:nordic-fisheries-council"),
	// so that the same name in another article gets the same ID.
	ID string `json:"id"`
	// Name is the canonical name: the KB's name, else the fullest form in
	// the article.
	Name string `json:"name"`
	// Type is the KB type (person, country, territory, igo, ngo, group,
	// body, media, place) or, for unlinked entities, person, org, place or misc.
	Type string `json:"type"`
	// Linked is true when ID is a knowledge-base ID.
	Linked bool `json:"linked"`
	// Country is the entity's ISO 3166-1 alpha-3 country, if known.
	Country string `json:"country"`
	// Sector is the PLOVER/CAMEO sector (GOV MIL LEG JUD COP SPY PTY REB
	// OPP JRN IGO NGO BUS CVL …), if known.
	Sector string `json:"sector"`
	// Actor is the CAMEO-style actor code: Country followed by Sector
	// ("USAGOV", "ISRMIL", "NOR"; "IGO" alone for an international body
	// without a country). Empty when nothing is known.
	Actor string `json:"actor"`
	// Titles are the distinct titles the article gives the entity
	// (people only), in order of first appearance.
	Titles []string `json:"titles"`
	// Roles are the role assertions behind Titles, with evidence.
	Roles []RoleAssertion `json:"roles"`
	// Conflicts describe incompatible titles (in the article, or against
	// the knowledge base's role for the article's date).
	Conflicts []string `json:"conflicts"`
	// Confidence in [0,1] that the mentions form one entity correctly
	// linked to ID.
	Confidence float64   `json:"confidence"`
	Mentions   []Mention `json:"mentions"`
}

// Mention is one span of Article.Text that refers to an entity.
type Mention struct {
	Start    int    `json:"start"`
	End      int    `json:"end"`
	Sentence int    `json:"sentence"`
	Text     string `json:"text"`
	// Kind says how the mention refers: MentionName, MentionSurname,
	// MentionTitle, MentionPronoun, MentionDemonym, MentionCapital, …
	Kind string `json:"kind"`
	// Confidence in [0,1] that the mention refers to the entity.
	Confidence float64 `json:"confidence"`
}

// Mention kinds.
const (
	MentionName    = "name"    // a full name or the KB's name or alias
	MentionSurname = "surname" // a part of a full name given earlier or later
	MentionTitle   = "title"   // a definite description: "the foreign minister"
	MentionPronoun = "pronoun" // he, she, his, her, him
	MentionDemonym = "demonym" // "Israeli" for Israel
	MentionCapital = "capital" // "Washington" for the US government
	MentionPattern = "pattern" // "Egypt's foreign ministry"
)

// RoleAssertion is a title the article gives a person, with the words it
// comes from.
type RoleAssertion struct {
	Title string `json:"title"`
	// Org is the organisation named with the title: an entity ID when it
	// resolves, else its words.
	Org string `json:"org"`
	// Country is the ISO alpha-3 country of the title ("UK Foreign
	// Secretary" → GBR), if known.
	Country string `json:"country"`
	Sector  string `json:"sector"`
	// Former is true for "former …" and "then-…" titles.
	Former bool `json:"former"`
	// Date is the article's publication date (YYYY-MM-DD), when known.
	Date string `json:"date"`
	// Pattern is where the title was found: "prenominal", "appositive",
	// "description" or "kb" (the knowledge base's role for the date).
	Pattern string `json:"pattern"`
	// Start and End are the byte span of the evidence in Article.Text
	// (zero for "kb").
	Start int `json:"start"`
	End   int `json:"end"`
}
