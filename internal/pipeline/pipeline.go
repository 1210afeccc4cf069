// Package pipeline runs documents through readout's stages — source →
// clean → text → (syntax …) → store — with a pool of workers, bounded
// queues for back-pressure, and one writer that commits results in input
// order so that runs are deterministic ("the first copy" of a duplicate is
// always the one that came first).
//
// It is the only package that starts goroutines. It knows nothing of
// terminals or HTTP: progress is reported through a callback.
package pipeline

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"sort"
	"sync"
	"time"

	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/source"
)

// Stage transforms a document into an article (Clean) or enriches an
// article in place (the others). Stages must be safe for concurrent use.
type (
	CleanFunc  func(news.Document) (*news.Article, error)
	EnrichFunc func(*news.Article) error
)

// Pipeline is one configured run. Store may be nil for dry runs (bench).
type Pipeline struct {
	Store   news.Store
	Clean   CleanFunc
	Enrich  []EnrichFunc // run in order after Clean
	Workers int          // default runtime.NumCPU()
	Source  source.Options
	Log     *slog.Logger
	// Progress, when set, is called from the writer goroutine after each
	// input item (document or rejection) is done.
	Progress func(Outcome)
	Now      func() time.Time
	// AfterStore hooks run from the writer goroutine, in input order,
	// after each article has been written to the store (any PutResult),
	// with the article as enriched. Stories and alerts attach here. A
	// hook's error is logged with the article's origin and the run goes
	// on; hooks must not keep a, which is not reused.
	AfterStore []func(ctx context.Context, a *news.Article, res news.PutResult) error
	// AfterRun hooks run once when the input is exhausted (also after a
	// failed run), to flush what AfterStore hooks batched up.
	AfterRun []func(ctx context.Context) error
}

// Outcome is what happened to one input item.
type Outcome struct {
	Origin    string
	ArticleID string
	Result    news.PutResult // empty when rejected or skipped
	Err       error          // rejection reason
	Skipped   bool
}

// Summary totals a run.
type Summary struct {
	Read       int           `json:"read"`
	Stored     int           `json:"stored"`
	Updated    int           `json:"updated"`
	Unchanged  int           `json:"unchanged"`
	Duplicates int           `json:"duplicates"`
	Skipped    int           `json:"skipped"`
	Rejected   int           `json:"rejected"`
	Reasons    []Rejection   `json:"rejections,omitempty"`
	Elapsed    time.Duration `json:"elapsed_ns"`
	Bytes      int64         `json:"bytes"`
}

// Rejection is one input that could not be stored, and why.
type Rejection struct {
	Origin string `json:"origin"`
	Reason string `json:"reason"`
	Fatal  bool   `json:"fatal,omitempty"` // a storage failure, not bad input
}

type job struct {
	seq  int
	item source.Item
}

type result struct {
	seq     int
	origin  string
	article *news.Article
	raw     *news.Raw
	err     error
	skipped bool
	bytes   int
}

// Ingest reads every input under paths (stdin for "-") and runs it through
// the stages into the store. Bad input is recorded in the summary and the
// run goes on; the error returned is for failures that stop the run
// (cancelled context, a store that fails).
func (p *Pipeline) Ingest(ctx context.Context, paths []string, stdin io.Reader) (Summary, error) {
	return p.run(ctx, func(ctx context.Context, emit func(source.Item) error) error {
		return source.Walk(ctx, paths, stdin, p.Source, emit)
	})
}

// Reprocess re-runs the stages on every raw document kept in the store.
func (p *Pipeline) Reprocess(ctx context.Context) (Summary, error) {
	if p.Store == nil {
		return Summary{}, news.E("pipeline.Reprocess", news.KindInvalid, "no store")
	}
	return p.run(ctx, func(ctx context.Context, emit func(source.Item) error) error {
		return p.Store.EachRaw(ctx, func(id string, raw *news.Raw) error {
			return emit(source.Item{Doc: raw.Document()})
		})
	})
}

// Documents runs the stages over documents given directly (tests, bench).
func (p *Pipeline) Documents(ctx context.Context, docs []news.Document) (Summary, error) {
	return p.run(ctx, func(ctx context.Context, emit func(source.Item) error) error {
		for _, d := range docs {
			if err := emit(source.Item{Doc: d}); err != nil {
				return err
			}
		}
		return nil
	})
}

func (p *Pipeline) run(ctx context.Context, produce func(context.Context, func(source.Item) error) error) (Summary, error) {
	start := time.Now()
	workers := p.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	if p.Clean == nil {
		return Summary{}, news.E("pipeline", news.KindInvalid, "no clean stage configured")
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	jobs := make(chan job, workers*2)
	results := make(chan result, workers*2)

	var prodErr error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // producer
		defer wg.Done()
		defer close(jobs)
		seq := 0
		prodErr = produce(ctx, func(it source.Item) error {
			select {
			case jobs <- job{seq: seq, item: it}:
				seq++
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()

	var wwg sync.WaitGroup
	for range workers {
		wwg.Add(1)
		go func() {
			defer wwg.Done()
			for j := range jobs {
				r := p.process(j)
				select {
				case results <- r:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() { wwg.Wait(); close(results) }()

	sum, storeErr := p.write(ctx, results, cancel)
	// Drain so that workers and producer can exit.
	for range results {
	}
	wg.Wait()
	for _, h := range p.AfterRun {
		// The run's context may be cancelled by now; flushing must still
		// happen, so hooks get one that is not.
		if err := h(context.WithoutCancel(ctx)); err != nil && p.Log != nil {
			p.Log.Warn("after run", "err", oneLine(err))
		}
	}
	sum.Elapsed = time.Since(start)
	if storeErr != nil {
		return sum, storeErr
	}
	return sum, prodErr
}

// process runs the stages on one item, turning panics into rejections.
func (p *Pipeline) process(j job) (r result) {
	r = result{seq: j.seq, origin: j.item.Doc.Origin, skipped: j.item.Skipped, bytes: len(j.item.Doc.Body)}
	if j.item.Err != nil {
		r.err = j.item.Err
		return r
	}
	defer func() {
		if v := recover(); v != nil {
			r.article = nil
			r.err = news.E("pipeline", news.KindInternal, fmt.Sprintf("stage panicked: %v", v))
			if p.Log != nil {
				p.Log.Error("stage panicked", "origin", r.origin, "panic", v)
			}
		}
	}()
	a, err := p.Clean(j.item.Doc)
	if err != nil {
		r.err = err
		return r
	}
	for _, f := range p.Enrich {
		if err := f(a); err != nil {
			r.err = err
			return r
		}
	}
	if a.Origin == "" {
		a.Origin = j.item.Doc.Origin
	}
	if a.CanonicalURL == "" {
		a.ID = news.ArticleID("", news.DocumentKey(a.ContentHash, a.Origin))
	}
	r.article = a
	r.raw = news.RawOf(j.item.Doc)
	return r
}

// write commits results in input order.
func (p *Pipeline) write(ctx context.Context, results <-chan result, stop context.CancelFunc) (Summary, error) {
	var sum Summary
	pending := map[int]result{}
	next := 0
	var fatal error
	commit := func(r result) {
		sum.Read++
		sum.Bytes += int64(r.bytes)
		out := Outcome{Origin: r.origin, Skipped: r.skipped}
		switch {
		case r.err != nil && r.skipped:
			sum.Skipped++
			out.Err = r.err
		case r.err != nil:
			sum.Rejected++
			sum.Reasons = append(sum.Reasons, Rejection{Origin: r.origin, Reason: oneLine(r.err)})
			out.Err = r.err
		case fatal != nil:
			// The store failed earlier: count what was not written.
			sum.Rejected++
			sum.Reasons = append(sum.Reasons, Rejection{Origin: r.origin, Reason: "not stored: " + oneLine(fatal), Fatal: true})
			out.Err = fatal
		default:
			out.ArticleID = r.article.ID
			res := news.PutStored
			if p.Store != nil {
				var err error
				res, err = p.Store.PutArticle(ctx, r.article, r.raw)
				if err != nil {
					sum.Rejected++
					sum.Reasons = append(sum.Reasons, Rejection{Origin: r.origin, Reason: oneLine(err), Fatal: true})
					out.Err = err
					if news.KindOf(err) == news.KindUnavailable || ctx.Err() != nil {
						fatal = err
						stop() // no point reading more input
					}
					break
				}
			}
			out.Result = res
			for _, h := range p.AfterStore {
				if err := h(ctx, r.article, res); err != nil && p.Log != nil {
					p.Log.Warn("after store", "origin", r.origin, "err", oneLine(err))
				}
			}
			switch res {
			case news.PutStored:
				sum.Stored++
			case news.PutUpdated:
				sum.Updated++
			case news.PutUnchanged:
				sum.Unchanged++
			case news.PutDuplicate:
				sum.Duplicates++
			}
		}
		if p.Progress != nil {
			p.Progress(out)
		}
	}
	for r := range results {
		pending[r.seq] = r
		for {
			nr, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			commit(nr)
		}
	}
	// Anything left means a gap (cancelled run): commit in order anyway.
	if len(pending) > 0 {
		keys := make([]int, 0, len(pending))
		for k := range pending {
			keys = append(keys, k)
		}
		sort.Ints(keys)
		for _, k := range keys {
			commit(pending[k])
		}
	}
	return sum, fatal
}

// oneLine flattens an error message to a single line.
func oneLine(err error) string {
	s := err.Error()
	b := []byte(s)
	for i, c := range b {
		if c == '\n' || c == '\r' {
			b[i] = ' '
		}
	}
	if len(b) > 300 {
		return string(b[:297]) + "..."
	}
	return string(b)
}
