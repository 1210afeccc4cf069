package watch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"time"

	"github.com/readout/readout/internal/feed"
	"github.com/readout/readout/internal/news"
)

// State is where watching keeps what must survive a restart: the sources,
// every item URL ever seen with what became of it, and the pages fetched.
// *sqlite.Store implements it (internal/store/sqlite/watch.go); a
// PostgreSQL store can implement it later and pass the same suite,
// internal/watch/watchtest.
//
// Methods return *news.Error values: KindNotFound for an unknown source
// ID, KindConflict for a source URL already added, KindInvalid for
// arguments that cannot be served, KindUnavailable when the database
// cannot be reached. Implementations are safe for concurrent use.
type State interface {
	// AddSource adds a source, due at once. ID and Added are set by the
	// store (Added from now when zero) and the stored source returned.
	AddSource(ctx context.Context, s Source) (Source, error)
	// Sources lists every source by ID.
	Sources(ctx context.Context) ([]Source, error)
	// RemoveSource deletes a source and forgets its pending items; items
	// already fetched stay seen, so adding it again fetches nothing twice.
	RemoveSource(ctx context.Context, id int64) error
	// DueSources lists the sources whose NextPoll is at or before now,
	// the longest overdue first.
	DueSources(ctx context.Context, now time.Time) ([]Source, error)
	// RecordPoll saves a poll's outcome in one transaction: s's poll
	// state (NextPoll, LastPoll, Interval, ETag, LastModified, Errors,
	// LastError, and Name when it was empty), every item of items whose
	// URL has not been seen before as ItemPending due now, and every
	// unseen item of skipped as ItemSkipped (the backlog a first poll
	// does not fetch). Source.Items grows by the pending items added,
	// which is the count returned. s.ID must exist (KindNotFound).
	RecordPoll(ctx context.Context, s Source, items, skipped []feed.Item, now time.Time) (added int, err error)
	// PendingItems lists up to limit pending items due at or before now,
	// oldest first.
	PendingItems(ctx context.Context, now time.Time, limit int) ([]Item, error)
	// FinishItem saves what became of an item: Status, Attempts,
	// NextTry, LastError and ArticleID are written. An unknown item is
	// KindNotFound.
	FinishItem(ctx context.Context, it Item) error
	// NextWake is the earliest time a source or a pending item is due, or
	// the zero time when nothing is.
	NextWake(ctx context.Context) (time.Time, error)
	// ItemCounts counts the items by status.
	ItemCounts(ctx context.Context) (map[ItemStatus]int, error)
	// PutPage keeps a fetched page (compressed), replacing any page
	// kept for the same URL.
	PutPage(ctx context.Context, p *Page) error
	// EachPage calls fn for every kept page fetched at or after since, in
	// fetch order, stopping at the first error fn returns.
	EachPage(ctx context.Context, since time.Time, fn func(*Page) error) error
}

// Source is a feed or sitemap that is polled.
type Source struct {
	ID   int64     `json:"id"`
	Name string    `json:"name"`
	URL  string    `json:"url"`
	Kind feed.Kind `json:"kind"`
	// Category is a grouping given by an OPML import ("World").
	Category string    `json:"category,omitempty"`
	Added    time.Time `json:"added"`
	NextPoll time.Time `json:"next_poll"`
	LastPoll time.Time `json:"last_poll,omitzero"`
	// Interval is the current poll interval; zero means the watcher's
	// base interval.
	Interval     time.Duration `json:"interval_ns"`
	ETag         string        `json:"etag,omitempty"`
	LastModified string        `json:"last_modified,omitempty"`
	// Errors counts consecutive failed polls; LastError is the latest
	// failure's one-line reason.
	Errors    int    `json:"errors"`
	LastError string `json:"last_error,omitempty"`
	// Items counts the new items found in it so far.
	Items int `json:"items"`
}

// ItemStatus is what became of an item.
type ItemStatus string

const (
	ItemPending ItemStatus = "pending" // to be fetched (again)
	ItemStored  ItemStatus = "stored"  // the article is in the store
	ItemFailed  ItemStatus = "failed"  // given up: not found, rejected, too many attempts
	ItemSkipped ItemStatus = "skipped" // not to be fetched: robots.txt, blocked address, not HTML
)

// Item is one article URL a source announced.
type Item struct {
	// Hash identifies the item: URLHash of its URL.
	Hash      string     `json:"hash"`
	URL       string     `json:"url"`
	SourceID  int64      `json:"source_id"`
	Source    string     `json:"source,omitempty"` // outlet name
	Title     string     `json:"title,omitempty"`
	Published time.Time  `json:"published,omitzero"`
	FirstSeen time.Time  `json:"first_seen"`
	Status    ItemStatus `json:"status"`
	Attempts  int        `json:"attempts"`
	NextTry   time.Time  `json:"next_try,omitzero"`
	LastError string     `json:"last_error,omitempty"`
	ArticleID string     `json:"article_id,omitempty"`
}

// Page is a fetched HTTP response kept for archiving (readout export
// warc).
type Page struct {
	URL         string      // as requested
	FinalURL    string      // after redirects
	Status      int         // HTTP status
	Header      http.Header // as received
	ContentType string
	Body        []byte // decoded (no Content-Encoding)
	Fetched     time.Time
}

// URLHash is the identity of an item URL: the hex SHA-256 (first 16
// bytes) of its canonical form (news.CanonicalURL), so that tracking
// parameters or "www." do not make an article new.
func URLHash(u string) string {
	key := news.CanonicalURL(u)
	if key == "" {
		key = u
	}
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:16])
}
