package news

// QuoteKind says how a statement is reported.
type QuoteKind string

const (
	// QuoteDirect is a full quotation in quotation marks.
	QuoteDirect QuoteKind = "direct"
	// QuotePartial is a few quoted words inside a sentence of the
	// writer's own ("warned of “credible reports”").
	QuotePartial QuoteKind = "partial"
	// QuoteIndirect is reported speech without quotation marks ("she
	// said the talks had failed").
	QuoteIndirect QuoteKind = "indirect"
	// QuoteTerm is a scare-quoted term or title ("the “second phase”"):
	// quoted words that are nobody's statement.
	QuoteTerm QuoteKind = "term"
)

// SpeakerType classifies who a quotation is attributed to.
type SpeakerType string

const (
	SpeakerPerson    SpeakerType = "person"
	SpeakerOrg       SpeakerType = "org"
	SpeakerAnonymous SpeakerType = "anonymous"
)

// Span is a byte range of Article.Text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Speaker is who a quotation is attributed to.
type Speaker struct {
	// Text is the speaker as resolved: a person's fullest name found in the
	// article ("Maria Olsen" for "Olsen" or "she"), an organisation's name,
	// or the description for anonymous sources ("one senior Israeli
	// official").
	Text string `json:"text"`
	// Start and End are the mention that the attribution uses (the
	// pronoun, surname or description), so a resolver can map it.
	Start int `json:"start"`
	End   int `json:"end"`
	// Ref is the mention a pronoun or short name was resolved to, if any.
	Ref       *Span       `json:"ref,omitempty"`
	Type      SpeakerType `json:"type,omitempty"`
	Anonymous bool        `json:"anonymous,omitempty"`
	Country   string      `json:"country,omitempty"` // ISO 3166-1 alpha-3, when given
	Sector    string      `json:"sector,omitempty"`  // PLOVER sector, when known (GOV, MIL, JRN …)
	EntityID  string      `json:"entity_id,omitempty"`
}

// Medium is one outlet in the chain through which a statement reached the
// article ("told The Harbour Courier").
type Medium struct {
	Name     string `json:"name"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	EntityID string `json:"entity_id,omitempty"`
}

// Quote is one quotation or reported statement in an article.
type Quote struct {
	// Start and End enclose the quoted content without quotation marks:
	// from the first byte of the first part to the end of the last.
	Start int `json:"start"`
	End   int `json:"end"`
	// Parts are the pieces of content when a quotation is split around
	// its attribution or runs over several paragraphs; a single-part
	// quotation has one part equal to [Start, End).
	Parts []Span    `json:"parts,omitempty"`
	Kind  QuoteKind `json:"kind"`
	// Speaker is nil for terms and for statements whose source the text
	// does not give.
	Speaker *Speaker `json:"speaker,omitempty"`
	// Cue is the reporting verb or phrase ("said", "according to") and
	// CueStart/CueEnd its span; empty when the attribution is inherited
	// from context.
	Cue      string `json:"cue,omitempty"`
	CueStart int    `json:"cue_start,omitempty"`
	CueEnd   int    `json:"cue_end,omitempty"`
	// Via lists the media between the speaker and this article, nearest
	// to the speaker first.
	Via []Medium `json:"via,omitempty"`
	// Confidence is in [0,1].
	Confidence float64 `json:"confidence"`
	// Sentence is the index in Article.Sentences of the sentence where the
	// quotation starts.
	Sentence int `json:"sentence"`
}
