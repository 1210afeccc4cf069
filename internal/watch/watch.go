package watch

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"github.com/readout/readout/internal/fetch"
	"github.com/readout/readout/internal/news"
)

// Fetcher is what the watcher needs of package fetch.
type Fetcher interface {
	Fetch(ctx context.Context, req fetch.Request) (*fetch.Response, error)
}

// Result is what processing made of one page.
type Result struct {
	ArticleID string
	Put       news.PutResult // empty when rejected or skipped
	Reason    error          // why the page was rejected or skipped
	Skipped   bool
}

// Processor cleans and stores fetched pages, returning one Result per
// document in order. Its error means the store failed: the watcher stops.
type Processor func(ctx context.Context, docs []news.Document) ([]Result, error)

// Options configure a Watcher. State, Fetcher and Process are required.
type Options struct {
	State   State
	Fetcher Fetcher
	Process Processor
	Log     *slog.Logger
	Now     func() time.Time
	// Sleep waits between rounds; it returns early with ctx's error.
	Sleep func(ctx context.Context, d time.Duration) error

	// Interval is the base poll interval, given to new sources (default
	// 30 minutes). Adaptive intervals stay within [MinInterval,
	// MaxInterval] (default Interval/4 and Interval×8, at most a day).
	Interval    time.Duration
	MinInterval time.Duration
	MaxInterval time.Duration
	// MaxIdle is the longest sleep between rounds (default a minute), so
	// that sources added meanwhile are seen.
	MaxIdle time.Duration
	// Workers is how many hosts are fetched from at once (default 4);
	// package fetch keeps each host to one request at a time.
	Workers int
	// MaxItemsPerPoll bounds the items taken from one poll, newest first
	// (default 200). At a source's first poll the rest are recorded as
	// skipped, so that following a site does not download its archive.
	MaxItemsPerPoll int
	// MaxChildSitemaps is how many children of a sitemap index are read
	// per poll, most recently modified first (default 3).
	MaxChildSitemaps int
	// MaxAttempts is how many times a page fetch that fails transiently
	// is tried before the item is given up (default 4); RetryDelay is the
	// first wait, doubled each time (default 5 minutes).
	MaxAttempts int
	RetryDelay  time.Duration
	// Batch is how many pending items are taken per round (default 500).
	Batch int
}

func (o Options) withDefaults() Options {
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Sleep == nil {
		o.Sleep = func(ctx context.Context, d time.Duration) error {
			t := time.NewTimer(d)
			defer t.Stop()
			select {
			case <-t.C:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	}
	if o.Interval <= 0 {
		o.Interval = 30 * time.Minute
	}
	if o.MinInterval <= 0 {
		o.MinInterval = o.Interval / 4
	}
	if o.MaxInterval <= 0 {
		o.MaxInterval = min(o.Interval*8, 24*time.Hour)
	}
	o.MaxInterval = max(o.MaxInterval, o.MinInterval)
	if o.MaxIdle <= 0 {
		o.MaxIdle = time.Minute
	}
	if o.Workers <= 0 {
		o.Workers = 4
	}
	if o.MaxItemsPerPoll <= 0 {
		o.MaxItemsPerPoll = 200
	}
	if o.MaxChildSitemaps <= 0 {
		o.MaxChildSitemaps = 3
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 4
	}
	if o.RetryDelay <= 0 {
		o.RetryDelay = 5 * time.Minute
	}
	if o.Batch <= 0 {
		o.Batch = 500
	}
	return o
}

// Watcher polls sources and fetches their articles.
type Watcher struct {
	opt Options
}

// New returns a Watcher.
func New(opt Options) (*Watcher, error) {
	if opt.State == nil || opt.Fetcher == nil || opt.Process == nil {
		return nil, news.E("watch.New", news.KindInvalid, "a watcher needs a state, a fetcher and a processor")
	}
	return &Watcher{opt: opt.withDefaults()}, nil
}

// Stats count what a round did.
type Stats struct {
	Polled      int `json:"polled"`
	NotModified int `json:"not_modified"`
	PollErrors  int `json:"poll_errors"`
	NewItems    int `json:"new_items"`
	Fetched     int `json:"fetched"`
	Stored      int `json:"stored"`
	Rejected    int `json:"rejected"`
	Skipped     int `json:"skipped"`
	Retried     int `json:"retried"`
	Failed      int `json:"failed"`
}

// Add adds o's counts to s.
func (s *Stats) Add(o Stats) {
	s.Polled += o.Polled
	s.NotModified += o.NotModified
	s.PollErrors += o.PollErrors
	s.NewItems += o.NewItems
	s.Fetched += o.Fetched
	s.Stored += o.Stored
	s.Rejected += o.Rejected
	s.Skipped += o.Skipped
	s.Retried += o.Retried
	s.Failed += o.Failed
}

// Run does rounds until ctx is cancelled, sleeping until the next source
// or item is due (at most MaxIdle). It returns nil when stopped by ctx
// and the first store failure otherwise. onRound, when set, is called
// after every round.
func (w *Watcher) Run(ctx context.Context, onRound func(Stats)) error {
	for {
		st, err := w.Once(ctx)
		if onRound != nil {
			onRound(st)
		}
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			return err
		}
		d := w.opt.MaxIdle
		wake, err := w.opt.State.NextWake(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		if !wake.IsZero() {
			d = min(d, max(wake.Sub(w.opt.Now()), time.Second))
		}
		if err := w.opt.Sleep(ctx, d); err != nil {
			return nil
		}
	}
}

// Once polls every due source, then fetches and processes every due item.
// A cancelled ctx stops it early (see the package comment); its error is
// then ctx's.
func (w *Watcher) Once(ctx context.Context) (Stats, error) {
	var st Stats
	ps, err := w.pollDue(ctx)
	st.Add(ps)
	if err != nil {
		return st, err
	}
	for ctx.Err() == nil {
		items, err := w.opt.State.PendingItems(ctx, w.opt.Now(), w.opt.Batch)
		if err != nil {
			return st, err
		}
		if len(items) == 0 {
			break
		}
		is, err := w.fetchItems(ctx, items)
		st.Add(is)
		if err != nil {
			return st, err
		}
		if len(items) < w.opt.Batch {
			break
		}
	}
	return st, ctx.Err()
}

func oneLine(err error) string {
	s := strings.Join(strings.Fields(err.Error()), " ")
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}
