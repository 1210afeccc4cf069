package news

import "time"

// Document is one raw input as it arrived, before cleaning: a page, a text
// dump, a JSON record or a WARC response record.
type Document struct {
	// Origin says where the document came from: a file path, "path#line 12",
	// "path#record 3", a URL, or "-" for standard input. Used in messages.
	Origin string
	// Format is what the bytes are: FormatHTML or FormatText. Source adapters
	// sniff it from content.
	Format Format
	// Body is the raw bytes (HTML or text), undecoded.
	Body []byte
	// ContentType is the declared media type with parameters, if known
	// (from HTTP or WARC headers); used for charset detection.
	ContentType string

	// Metadata given with the document (JSONL fields, WARC headers). Any of
	// them may be empty; cleaning fills in what it can find in the body.
	URL       string
	Title     string
	Published time.Time
	Source    string // outlet/publisher name given by the input
	// Fetched is when the document was captured (WARC-Date), if known. It
	// is not the publication date, which the page itself usually gives.
	Fetched time.Time
}

// Format is the kind of body a Document carries.
type Format string

const (
	FormatHTML Format = "html"
	FormatText Format = "text"
)

// BlockKind is the role of a block of cleaned text.
type BlockKind string

const (
	BlockHeading   BlockKind = "heading"
	BlockParagraph BlockKind = "paragraph"
	BlockListItem  BlockKind = "list_item"
	BlockQuote     BlockKind = "blockquote"
)

// Block is one structural unit of an article's cleaned text. Start and End
// are byte offsets into Article.Text; Text[Start:End] is the block.
type Block struct {
	Kind  BlockKind `json:"kind"`
	Start int       `json:"start"`
	End   int       `json:"end"`
}

// Article is a cleaned document: metadata plus body text with structure.
// Every later fact refers to an article by ID and to a span of Text by byte
// offsets.
type Article struct {
	ID           string    `json:"id"`
	URL          string    `json:"url,omitempty"`
	CanonicalURL string    `json:"canonical_url,omitempty"`
	Title        string    `json:"title"`
	Bylines      []string  `json:"bylines,omitempty"`
	Published    time.Time `json:"published,omitzero"`
	// Site is the publisher or outlet name ("The Daily Ledger").
	Site string `json:"site,omitempty"`
	// Dateline is the place line of the story ("Nairobi, Kenya").
	Dateline string `json:"dateline,omitempty"`
	// OriginalSource is who first published the story when the page says
	// it was republished ("first published on example.com").
	OriginalSource string `json:"original_source,omitempty"`
	Language       string `json:"language"`
	// LanguageConfidence is in [0,1].
	LanguageConfidence float64 `json:"language_confidence"`
	// Description is the page's summary (meta description), if any.
	Description string `json:"description,omitempty"`
	// Text is the cleaned body: blocks separated by blank lines, NFC.
	Text   string  `json:"text"`
	Blocks []Block `json:"blocks"`
	// Removed lists what cleaning cut out as page furniture, for
	// inspection; not indexed.
	Removed []string `json:"removed,omitempty"`
	// Format of the raw input the article was cleaned from.
	Format Format `json:"format"`
	// ContentHash identifies the normalised body (see BodyHash).
	ContentHash string `json:"content_hash"`
	// DuplicateOf is the ID of the first article with the same body, when
	// this one is an exact duplicate.
	DuplicateOf string    `json:"duplicate_of,omitempty"`
	IngestedAt  time.Time `json:"ingested_at,omitzero"`
	Origin      string    `json:"origin,omitempty"`

	// Sentences are filled by the text stage and enriched by syntax.
	Sentences []Sentence `json:"sentences,omitempty"`
	// Entities are the actors and places the article mentions, filled by
	// package resolve.
	Entities []Entity `json:"entities,omitempty"`
	// Quotes are the quotations and reported statements, filled by
	// package quote.
	Quotes []Quote `json:"quotes,omitempty"`
	// Events are the PLOVER events coded from the sentences, filled by
	// package event.
	Events []Event `json:"events,omitempty"`
}

// Sentence is a span of Article.Text with its tokens.
type Sentence struct {
	Start  int     `json:"start"`
	End    int     `json:"end"`
	Tokens []Token `json:"tokens,omitempty"`
}

// Token is one word or punctuation mark. Start and End are byte offsets into
// Article.Text. Text may differ from Text[Start:End] only for tokens split
// off a word ("n't" of "don't" keeps its own span).
//
// Syntax fills UPOS, XPOS, Lemma, Head (index of the head token within the
// sentence, -1 for the root) and Rel (Universal Dependencies relation).
type Token struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
	UPOS  string `json:"upos,omitempty"`
	XPOS  string `json:"xpos,omitempty"`
	Lemma string `json:"lemma,omitempty"`
	Head  int    `json:"head"`
	Rel   string `json:"rel,omitempty"`
}
