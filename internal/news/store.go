package news

import (
	"context"
	"time"
)

// Store keeps articles and everything extracted from them. Implementations:
// internal/store/sqlite (default) and, later, internal/store/postgres. Both
// must pass internal/store/storetest.
//
// Methods return *Error values: KindNotFound when an ID is unknown,
// KindInvalid for arguments that cannot be served, KindUnavailable when the
// backing database cannot be reached.
type Store interface {
	// PutArticle stores a cleaned article with the raw document it came
	// from. If an article with the same ID exists it is replaced (reprocess)
	// and the result is PutUpdated or PutUnchanged. If another article has
	// the same ContentHash, the new one is recorded as a duplicate of it
	// (a.DuplicateOf is set, PutDuplicate returned) and not indexed.
	PutArticle(ctx context.Context, a *Article, raw *Raw) (PutResult, error)
	// Article returns one article with its blocks and sentences.
	Article(ctx context.Context, id string) (*Article, error)
	// Articles lists articles, newest first, filtered by f.
	Articles(ctx context.Context, f ArticleFilter) ([]ArticleSummary, error)
	// Raw returns the raw document an article was cleaned from.
	Raw(ctx context.Context, id string) (*Raw, error)
	// EachRaw calls fn for every stored raw document, in ingest order,
	// stopping at the first error fn returns (used by reprocess).
	EachRaw(ctx context.Context, fn func(id string, raw *Raw) error) error
	// Stats counts what is stored.
	Stats(ctx context.Context) (Stats, error)
	// Entities lists the entities of the stored articles, those in most
	// articles first (ties by name, then ID), filtered by f. Articles that
	// are duplicates do not count. Negative Limit or Offset is
	// KindInvalid.
	Entities(ctx context.Context, f EntityFilter) ([]EntitySummary, error)
	// Entity returns one entity with its aliases, roles over time and the
	// articles it appears in. An ID that no stored (non-duplicate) article
	// mentions is KindNotFound.
	Entity(ctx context.Context, id string) (*EntityDetail, error)
	// Quotes lists the stored quotations, those of the newest articles
	// first (in article order within one article), filtered by f.
	// Articles that are duplicates are left out. Negative Limit or Offset
	// is KindInvalid.
	Quotes(ctx context.Context, f QuoteFilter) ([]QuoteSummary, error)
	// Events lists the stored event mentions (Article.Events of every
	// non-duplicate article), most recent event date first, filtered by
	// f. Negative Limit or Offset is KindInvalid.
	Events(ctx context.Context, f EventFilter) ([]EventSummary, error)
	// EachArticle calls fn for every stored article in first-ingest
	// order (duplicates too, with DuplicateOf set), with its entities,
	// quotes and events (sentences without tokens), stopping at the
	// first error fn returns. Used to rebuild stories.
	EachArticle(ctx context.Context, fn func(*Article) error) error

	// PutStories stores each story wholesale, replacing any stored story
	// with the same ID (its members, merged events, contradictions).
	PutStories(ctx context.Context, stories []StoryDetail) error
	// ResetStories deletes every story (before a batch recomputation).
	ResetStories(ctx context.Context) error
	// Stories lists stories, most recently updated (LastSeen) first.
	Stories(ctx context.Context, f StoryFilter) ([]Story, error)
	// Story returns one story; an unknown ID is KindNotFound.
	Story(ctx context.Context, id string) (*StoryDetail, error)
	// StoryOf returns the ID of the story an article belongs to, or ""
	// when it belongs to none yet.
	StoryOf(ctx context.Context, articleID string) (string, error)
	Close() error
}

// PutResult says what PutArticle did.
type PutResult string

const (
	PutStored    PutResult = "stored"
	PutUpdated   PutResult = "updated"
	PutUnchanged PutResult = "unchanged"
	PutDuplicate PutResult = "duplicate"
)

// Raw is the input an article was made from, kept so it can be reprocessed.
type Raw struct {
	Origin      string
	Format      Format
	ContentType string
	URL         string
	Title       string
	Published   time.Time
	Source      string
	Body        []byte
}

// Document rebuilds the Document a Raw was stored from.
func (r *Raw) Document() Document {
	return Document{Origin: r.Origin, Format: r.Format, Body: r.Body, ContentType: r.ContentType,
		URL: r.URL, Title: r.Title, Published: r.Published, Source: r.Source}
}

// RawOf captures a Document for storage.
func RawOf(d Document) *Raw {
	return &Raw{Origin: d.Origin, Format: d.Format, ContentType: d.ContentType, URL: d.URL,
		Title: d.Title, Published: d.Published, Source: d.Source, Body: d.Body}
}

// ArticleFilter selects articles. The zero value lists the newest 50.
type ArticleFilter struct {
	// Query is a full-text query over title and body (words, "phrases",
	// OR, -exclusion). Empty lists everything.
	Query    string
	Site     string
	Language string
	Since    time.Time // published (or ingested when unknown) at or after
	Until    time.Time // before
	// IncludeDuplicates lists duplicates too.
	IncludeDuplicates bool
	Limit             int // default 50, at most 1000
	Offset            int
}

// ArticleSummary is one row of a listing.
type ArticleSummary struct {
	ID          string    `json:"id"`
	Title       string    `json:"title"`
	URL         string    `json:"url,omitempty"`
	Site        string    `json:"site,omitempty"`
	Published   time.Time `json:"published,omitzero"`
	Language    string    `json:"language"`
	Words       int       `json:"words"`
	DuplicateOf string    `json:"duplicate_of,omitempty"`
	// Snippet is a highlighted extract when the listing was a search.
	Snippet    string    `json:"snippet,omitempty"`
	IngestedAt time.Time `json:"ingested_at"`
}

// Stats counts what a store holds.
type Stats struct {
	Articles   int `json:"articles"`
	Duplicates int `json:"duplicates"`
	Sentences  int `json:"sentences"`
}

// EntityFilter selects entities. The zero value lists the 50 entities
// that appear in most articles.
type EntityFilter struct {
	// Query matches a case-insensitive substring of the canonical name or
	// of the ID. Empty lists everything.
	Query   string
	Type    string // exact Entity.Type ("person", "country", "org", …)
	Country string // ISO 3166-1 alpha-3
	Sector  string // PLOVER/CAMEO sector ("GOV", "MIL", …)
	Limit   int    // default 50, at most 1000
	Offset  int
}

// EntitySummary is one row of an entity listing. Counts leave out
// duplicate articles.
type EntitySummary struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Type    string `json:"type"`
	Linked  bool   `json:"linked"`
	Country string `json:"country,omitempty"`
	Sector  string `json:"sector,omitempty"`
	Actor   string `json:"actor,omitempty"`
	// Titles are the titles articles give the entity, most frequent
	// first (at most a few).
	Titles   []string `json:"titles,omitempty"`
	Articles int      `json:"articles"`
	Mentions int      `json:"mentions"`
}

// EntityDetail is everything stored about one entity across articles.
type EntityDetail struct {
	EntitySummary
	// Aliases are the distinct texts of its name-like mentions (not
	// pronouns or descriptions), those in most articles first.
	Aliases []string `json:"aliases"`
	// Roles are the titles articles give it, oldest first, each with
	// its evidence; a title an article repeats is given once, with its
	// first evidence.
	Roles []EntityRole `json:"roles"`
	// Appearances are the articles that mention it, newest first.
	Appearances []EntityAppearance `json:"appearances"`
}

// EntityRole is one role assertion about an entity, with the article
// and the words it comes from.
type EntityRole struct {
	ArticleID    string `json:"article_id"`
	ArticleTitle string `json:"article_title"`
	// Date is the assertion's date (YYYY-MM-DD): the article's
	// publication date, when known.
	Date    string `json:"date,omitempty"`
	Title   string `json:"title"`
	Org     string `json:"org,omitempty"`
	Country string `json:"country,omitempty"`
	Sector  string `json:"sector,omitempty"`
	Former  bool   `json:"former,omitempty"`
	Pattern string `json:"pattern,omitempty"`
	// Start and End are the evidence's byte span in the article's Text;
	// Evidence is that text (empty for knowledge-base roles).
	Start    int    `json:"start"`
	End      int    `json:"end"`
	Evidence string `json:"evidence,omitempty"`
}

// EntityAppearance is one article an entity appears in.
type EntityAppearance struct {
	ArticleID string    `json:"article_id"`
	Title     string    `json:"title"`
	Published time.Time `json:"published,omitzero"`
	Mentions  int       `json:"mentions"`
}

// QuoteFilter selects quotations. The zero value lists the 50 most recent.
type QuoteFilter struct {
	// Speaker is an entity ID (exact) or a case-insensitive substring of
	// the speaker as the article names it.
	Speaker string
	// Search holds words that must all appear, ignoring case, in the
	// quoted text.
	Search string
	Kind   QuoteKind // exact kind; empty for all
	Limit  int       // default 50, at most 1000
	Offset int
}

// QuoteSummary is one row of a quotation listing.
type QuoteSummary struct {
	ArticleID       string    `json:"article_id"`
	ArticleTitle    string    `json:"article_title"`
	Published       time.Time `json:"published,omitzero"`
	Start           int       `json:"start"`
	End             int       `json:"end"`
	Kind            QuoteKind `json:"kind"`
	Speaker         string    `json:"speaker,omitempty"`
	SpeakerEntityID string    `json:"speaker_entity_id,omitempty"`
	Country         string    `json:"country,omitempty"`
	Sector          string    `json:"sector,omitempty"`
	Cue             string    `json:"cue,omitempty"`
	Via             []string  `json:"via,omitempty"`
	// Text is the quoted content, Article.Text[Start:End].
	Text string `json:"text"`
	// Sentence is the index of the sentence where the quotation starts.
	Sentence int `json:"sentence"`
}
