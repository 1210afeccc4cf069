package news

import "time"

// A story is one happening as covered by many articles. Package story
// computes stories incrementally as articles arrive (and in batch for
// `readout restory`); the store keeps them.

// StoryFilter selects stories. The zero value lists the 50 most recently
// updated.
type StoryFilter struct {
	// Query matches a case-insensitive substring of the title.
	Query string
	// Entity keeps stories whose key entities include this entity ID.
	Entity string
	// MinSources keeps stories with at least this many independent
	// sources.
	MinSources int
	Since      time.Time // last seen at or after
	Until      time.Time // first seen before
	Limit      int       // default 50, at most 1000
	Offset     int
}

// Story is one row of a story listing.
type Story struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	FirstSeen time.Time `json:"first_seen"`
	LastSeen  time.Time `json:"last_seen"`
	// Articles counts member articles, near-duplicates included; Sources
	// counts distinct outlets; Independent counts distinct outlets after
	// collapsing copies of one wire text to its first outlet.
	Articles    int           `json:"articles"`
	Sources     int           `json:"sources"`
	Independent int           `json:"independent"`
	Events      int           `json:"events"`
	KeyEntities []StoryEntity `json:"key_entities,omitempty"`
}

// StoryEntity is an entity central to a story.
type StoryEntity struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Type     string `json:"type,omitempty"`
	Articles int    `json:"articles"`
}

// StoryArticle is one member article of a story.
type StoryArticle struct {
	ArticleID string    `json:"article_id"`
	Title     string    `json:"title"`
	Site      string    `json:"site,omitempty"`
	URL       string    `json:"url,omitempty"`
	Published time.Time `json:"published,omitzero"`
	// NearDuplicateOf is the first article with (nearly) the same text,
	// when this one is a copy of it (syndicated wire copy, repost).
	NearDuplicateOf string  `json:"near_duplicate_of,omitempty"`
	Similarity      float64 `json:"similarity"`
}

// StoryEvent is one canonical event: the mentions of one happening
// across the articles of a story, merged.
type StoryEvent struct {
	ID         string      `json:"id"`
	Type       EventType   `json:"type"`
	Mode       string      `json:"mode,omitempty"`
	Status     EventStatus `json:"status"`
	Actors     []string    `json:"actors,omitempty"`     // actor codes or entity IDs
	Recipients []string    `json:"recipients,omitempty"` // actor codes or entity IDs
	Country    string      `json:"country,omitempty"`
	Place      string      `json:"place,omitempty"`
	Date       *EventDate  `json:"date,omitempty"`
	// Mentions, Articles and Independent count the event's mentions, the
	// articles they come from and the independent sources among those.
	Mentions    int `json:"mentions"`
	Articles    int `json:"articles"`
	Independent int `json:"independent"`
	// FulfilledBy is the ID of the occurred event a planned one became.
	FulfilledBy string `json:"fulfilled_by,omitempty"`
	// Conflicts lists details the mentions disagree on.
	Conflicts []string `json:"conflicts,omitempty"`
	// Evidence are the mentions: article, sentence and trigger spans.
	Evidence []EventEvidence `json:"evidence"`
}

// EventEvidence is one mention of a canonical event.
type EventEvidence struct {
	ArticleID     string      `json:"article_id"`
	Site          string      `json:"site,omitempty"`
	Index         int         `json:"index"` // in Article.Events
	SentenceStart int         `json:"sentence_start"`
	SentenceEnd   int         `json:"sentence_end"`
	Trigger       Span        `json:"trigger"`
	Text          string      `json:"text"` // the sentence
	Status        EventStatus `json:"status"`
	Date          *EventDate  `json:"date,omitempty"`
}

// Contradiction is one disagreement between two sources of a story.
type Contradiction struct {
	// Kind is "date", "count", "place" or "role".
	Kind string `json:"kind"`
	// Subject says what is disagreed on ("date of CONSULT/visit by USA",
	// "title of Jane Roe").
	Subject string   `json:"subject"`
	A       Evidence `json:"a"`
	B       Evidence `json:"b"`
}

// Evidence is a span of one article's text with the value it states.
type Evidence struct {
	ArticleID string `json:"article_id"`
	Site      string `json:"site,omitempty"`
	Start     int    `json:"start"`
	End       int    `json:"end"`
	Text      string `json:"text"`
	Value     string `json:"value"`
}

// StoryDetail is a story with its articles, merged events and
// contradictions.
type StoryDetail struct {
	Story
	Members        []StoryArticle  `json:"members"`
	MergedEvents   []StoryEvent    `json:"merged_events"`
	Contradictions []Contradiction `json:"contradictions"`
}
