package news

import "time"

// EventType is a PLOVER event type (see PLOVER.md): AGREE, CONSULT,
// SUPPORT, CONCEDE, COOPERATE, AID, RETREAT, REQUEST, ACCUSE, REJECT,
// THREATEN, PROTEST, SANCTION, MOBILIZE, COERCE, ASSAULT.
type EventType string

// PLOVER event types.
const (
	EventAgree     EventType = "AGREE"
	EventConsult   EventType = "CONSULT"
	EventSupport   EventType = "SUPPORT"
	EventConcede   EventType = "CONCEDE"
	EventCooperate EventType = "COOPERATE"
	EventAid       EventType = "AID"
	EventRetreat   EventType = "RETREAT"
	EventRequest   EventType = "REQUEST"
	EventAccuse    EventType = "ACCUSE"
	EventReject    EventType = "REJECT"
	EventThreaten  EventType = "THREATEN"
	EventProtest   EventType = "PROTEST"
	EventSanction  EventType = "SANCTION"
	EventMobilize  EventType = "MOBILIZE"
	EventCoerce    EventType = "COERCE"
	EventAssault   EventType = "ASSAULT"
)

// EventStatus says whether an event happened, according to the article.
type EventStatus string

// Event statuses. Only StatusOccurred events count in event totals.
const (
	StatusOccurred     EventStatus = "occurred"
	StatusOngoing      EventStatus = "ongoing"
	StatusPlanned      EventStatus = "planned"
	StatusHypothetical EventStatus = "hypothetical"
	StatusNegated      EventStatus = "negated"
	StatusReported     EventStatus = "reported" // claimed or alleged by a source
)

// EventActor is one participant of an event: the source (actor) or the
// target (recipient).
type EventActor struct {
	// EntityID is the ID of the entity in Article.Entities the words refer
	// to; empty when they map to none.
	EntityID string `json:"entity_id,omitempty"`
	Text     string `json:"text"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	Country  string `json:"country,omitempty"` // ISO 3166-1 alpha-3
	Sector   string `json:"sector,omitempty"`  // PLOVER sector (GOV, MIL …)
	Code     string `json:"code,omitempty"`    // CAMEO-style actor code: country + sector
}

// EventPlace is where an event happened.
type EventPlace struct {
	Text    string `json:"text"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
	Country string `json:"country,omitempty"`
	// FromDateline is true when the place is the article's dateline, used
	// because the sentence names none.
	FromDateline bool `json:"from_dateline,omitempty"`
}

// EventDate is when an event happened, from a time expression of its clause.
type EventDate struct {
	Text  string    `json:"text"`
	Start int       `json:"start"`
	End   int       `json:"end"`
	Begin time.Time `json:"begin,omitzero"` // resolved interval [Begin, Until); zero when unresolved
	Until time.Time `json:"until,omitzero"`
	// Precision is the resolved precision (day, week, month …), empty
	// when unresolved.
	Precision string `json:"precision,omitempty"`
	// Unresolved is the anchor-free normalised form (package timex).
	Unresolved string `json:"unresolved,omitempty"`
}

// EventTrigger is the word or phrase that evokes an event.
type EventTrigger struct {
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Lemma string `json:"lemma"`
}

// Event is one PLOVER event coded from a sentence of an article: who did
// what to whom, where and when, and whether it happened.
type Event struct {
	Type EventType `json:"type"`
	// Mode refines the type (visit, phone, aerial, ceasefire …); empty
	// when none applies.
	Mode string `json:"mode,omitempty"`
	// CAMEO is the nearest CAMEO event code ("042" make a visit).
	CAMEO      string       `json:"cameo,omitempty"`
	Actors     []EventActor `json:"actors,omitempty"`
	Recipients []EventActor `json:"recipients,omitempty"`
	Location   *EventPlace  `json:"location,omitempty"`
	Date       *EventDate   `json:"date,omitempty"`
	Status     EventStatus  `json:"status"`
	// Intensity is the Goldstein-like score of the type (PLOVER.md):
	// AID +10 … ASSAULT −9.
	Intensity float64      `json:"intensity"`
	Trigger   EventTrigger `json:"trigger"`
	// Sentence is the index in Article.Sentences; SentenceStart and
	// SentenceEnd its byte span.
	Sentence      int `json:"sentence"`
	SentenceStart int `json:"sentence_start"`
	SentenceEnd   int `json:"sentence_end"`
	// Confidence is in [0,1].
	Confidence float64 `json:"confidence"`
}

// EventFilter selects stored events (one row per event mention in an
// article). The zero value lists the 50 most recent.
type EventFilter struct {
	Type EventType // exact PLOVER type; empty for all
	Mode string    // exact mode; empty for all
	// Actor and Recipient match an entity ID exactly, or an actor code
	// ("ISRGOV") or a country code ("ISR") as a prefix of the code, or
	// a case-insensitive substring of the participant's text.
	Actor     string
	Recipient string
	// Country matches the country of any actor, recipient or the place.
	Country string
	Status  EventStatus // exact status; empty for all
	// Since and Until bound the event's date (its resolved Begin, or the
	// article's publication date when the event has no resolved date).
	Since, Until time.Time
	// ArticleID restricts to one article.
	ArticleID string
	Limit     int // default 50, at most 1000 (export commands page through)
	Offset    int
}

// EventSummary is one stored event mention with its article.
type EventSummary struct {
	Event
	// ID is stable for the stored mention: "<article id>:<index>".
	ID           string    `json:"id"`
	ArticleID    string    `json:"article_id"`
	ArticleTitle string    `json:"article_title"`
	Site         string    `json:"site,omitempty"`
	URL          string    `json:"url,omitempty"`
	Published    time.Time `json:"published,omitzero"`
	// SentenceText is Article.Text[SentenceStart:SentenceEnd].
	SentenceText string `json:"sentence_text"`
	// StoryEventID is the canonical (merged) event this mention belongs
	// to, when stories have been computed.
	StoryEventID string `json:"story_event_id,omitempty"`
}
