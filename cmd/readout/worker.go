package main

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/spf13/cobra"

	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/pipeline"
	"github.com/readout/readout/internal/queue/jetstream"
)

func newWorkerCmd(a *app) *cobra.Command {
	var (
		url     string
		batch   int
		stories bool
		asJSON  bool
		noStore bool
		qopt    jetstream.Options
	)
	c := &cobra.Command{
		Use:   "worker",
		Short: "Analyse documents from the NATS JetStream queue into the store",
		Long: `Take documents from the work queue that 'readout ingest --queue' fills,
run the standard pipeline on each and commit it to the store (--db: a
SQLite file for one machine, a postgres:// URL for many), then
acknowledge it. Run as many workers as you like, on as many machines: a
worker that dies loses nothing (its documents are redelivered to the
others), and redelivery never duplicates an article.

A document that fails is retried (MaxDeliver times) and then moved to
the dead letters ('readout queue dead'); a document that is bad input is
moved there at once. When the store is down or slow a worker retries in
place and stops taking documents. SIGINT or SIGTERM: finish the
documents started, acknowledge them, exit 0.

Cross-article stages (stories, alerts) need to see every article, in one
order: workers do not run them but publish each committed article's ID,
and exactly one 'readout worker --stories' runs them (docs/scaling.md).`,
		Example: `  readout worker --queue nats://127.0.0.1:4222 --db postgres://readout@db/readout
  readout worker --queue nats://127.0.0.1:4222 --db postgres://readout@db/readout --stories`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			u := a.queueURL(cmd, url)
			if u == "" {
				return usageError{fmt.Errorf("worker needs --queue nats://host:port (or READOUT_QUEUE)")}
			}
			if batch <= 0 {
				batch = a.cfg.Workers
			}
			if batch <= 0 {
				// Twice the cores: a document's store write and ack
				// overlap another's analysis.
				batch = 2 * runtime.NumCPU()
			}
			st, err := a.openStore(cmd.Context())
			if err != nil {
				return err
			}
			q, err := a.openQueue(cmd.Context(), u, "readout worker", qopt)
			if err != nil {
				return err
			}
			if stories {
				return a.runStories(cmd, q, st, batch)
			}
			return a.runWorker(cmd, q, st, batch, !noStore, asJSON)
		},
	}
	queueFlag(c, &url)
	c.Flags().IntVar(&batch, "batch", 0, "documents fetched and analysed at once (default --workers, else twice the number of CPUs)")
	c.Flags().BoolVar(&stories, "stories", false, "be the one consumer that runs the cross-article stages (stories, alerts) on committed articles")
	c.Flags().BoolVar(&noStore, "no-stored", false, "do not publish committed article IDs for the story consumer")
	c.Flags().BoolVar(&asJSON, "json", false, "print the summary as JSON on exit")
	c.Flags().DurationVar(&qopt.AckWait, "ack-wait", 60*time.Second, "how long a document stays leased without a heartbeat before it is redelivered (all workers must agree)")
	c.Flags().IntVar(&qopt.MaxDeliver, "max-deliver", 5, "attempts before a failing document is dead-lettered (all workers must agree)")
	c.Flags().BoolVar(&a.noSyntax, "no-syntax", false, "store sentences and tokens without tags, lemmas and parses (faster)")
	c.Flags().BoolVar(&a.noEntities, "no-entities", false, "do not resolve entities (faster)")
	c.Flags().BoolVar(&a.noQuotes, "no-quotes", false, "do not extract quotes (faster)")
	c.Flags().BoolVar(&a.noEvents, "no-events", false, "do not code events (faster)")
	c.Flags().IntVar(&a.cfg.Workers, "workers", a.cfg.Workers, "documents analysed at once when --batch is not given (env READOUT_WORKERS)")
	c.Flags().Int64Var(&a.cfg.MaxDocBytes, "max-doc-bytes", a.cfg.MaxDocBytes, "largest document accepted, in bytes (env READOUT_MAX_DOC_BYTES)")
	c.Flags().IntVar(&a.cfg.MaxHTMLDepth, "max-html-depth", a.cfg.MaxHTMLDepth, "deepest HTML element nesting accepted (env READOUT_MAX_HTML_DEPTH)")
	return c
}

// workerSummary totals a worker's run.
type workerSummary struct {
	jetstream.WorkStats
	Stored     int64         `json:"stored"`
	Updated    int64         `json:"updated"`
	Unchanged  int64         `json:"unchanged"` // mostly redeliveries
	Duplicates int64         `json:"duplicates"`
	Elapsed    time.Duration `json:"elapsed_ns"`
}

// committed is filled by the worker's AfterStore hook, through the
// context, for the one document a pipeline run handles.
type committed struct {
	id, hash string
	res      news.PutResult
}

type committedKey struct{}

// runWorker consumes documents until the command's context is cancelled.
func (a *app) runWorker(cmd *cobra.Command, q *jetstream.Queue, st news.Store, batch int, publishStored, asJSON bool) error {
	// The pipeline is built without the store so that no cross-article
	// hook is attached: those run in the story consumer.
	p, _, err := a.newPipeline(nil, true)
	if err != nil {
		return err
	}
	// One writer per process, as in the embedded pipeline: documents are
	// analysed batch at a time but committed one after another, so that a
	// worker's own transactions never wait on (or deadlock with) each
	// other over the same entity rows. Workers in other processes still
	// write concurrently.
	p.Store = &serialWrites{Store: st}
	p.Workers = 1 // one goroutine per document; Work runs batch of them
	p.AfterStore = []func(ctx context.Context, art *news.Article, res news.PutResult) error{
		func(ctx context.Context, art *news.Article, res news.PutResult) error {
			if c, ok := ctx.Value(committedKey{}).(*committed); ok {
				c.id, c.hash, c.res = art.ID, art.ContentHash, res
			}
			return nil
		},
	}
	var sum workerSummary
	var stored, updated, unchanged, dups atomic.Int64
	start := time.Now()
	handler := func(ctx context.Context, d jetstream.Delivery) error {
		c := &committed{}
		s, err := p.Documents(context.WithValue(ctx, committedKey{}, c), []news.Document{d.Doc})
		if err != nil {
			return err // the store failed (its kind says whether to retry in place)
		}
		if s.Rejected > 0 {
			r := s.Reasons[0]
			if r.Fatal {
				return news.E("worker", news.KindInternal, r.Reason)
			}
			return news.E("worker", news.KindInvalid, r.Reason)
		}
		if c.id == "" {
			return news.E("worker", news.KindInvalid, "no article")
		}
		if publishStored {
			// A redelivered document finds its article committed by the
			// attempt that died (unchanged); that attempt may have died
			// before its notice went out, so this one speaks for it. A
			// notice that did go out makes this one a duplicate.
			res := c.res
			if res == news.PutUnchanged && d.Attempt > 1 {
				res = news.PutStored
			}
			if err := q.PublishStored(ctx, c.id, c.hash, res); err != nil {
				return err
			}
		}
		switch c.res {
		case news.PutStored:
			stored.Add(1)
		case news.PutUpdated:
			updated.Add(1)
		case news.PutUnchanged:
			unchanged.Add(1)
		case news.PutDuplicate:
			dups.Add(1)
		}
		if d.Attempt > 1 {
			a.log.Debug("redelivered document done", "origin", d.Doc.Origin, "attempt", d.Attempt, "result", string(c.res))
		}
		return nil
	}
	a.log.Info("worker started", "batch", batch)
	stats, err := q.Work(cmd.Context(), jetstream.WorkOptions{Batch: batch}, handler)
	sum.WorkStats = stats
	sum.Stored, sum.Updated, sum.Unchanged, sum.Duplicates = stored.Load(), updated.Load(), unchanged.Load(), dups.Load()
	sum.Elapsed = time.Since(start)
	if err != nil {
		return err
	}
	if asJSON {
		return writeJSON(a.stdout, sum)
	}
	fmt.Fprintf(a.stdout, "acknowledged %d · stored %d · updated %d · unchanged %d · duplicates %d · retried %d · dead %d  (%s)\n",
		sum.Acked, sum.Stored, sum.Updated, sum.Unchanged, sum.Duplicates, sum.Retried, sum.Dead, sum.Elapsed.Round(time.Millisecond))
	return nil
}

// runStories is the one consumer of committed article IDs: it loads each
// article and runs the cross-article hooks (stories, alerts) on it, in
// commit order, flushing them after every batch.
func (a *app) runStories(cmd *cobra.Command, q *jetstream.Queue, st news.Store, batch int) error {
	// The hooks need no analysis models.
	a.noSyntax, a.noEntities, a.noQuotes, a.noEvents = true, true, true, true
	p, _, err := a.newPipeline(st, true)
	if err != nil {
		return err
	}
	if len(p.AfterStore) == 0 {
		a.log.Warn("no cross-article stage is attached (stories, alerts): committed IDs are only acknowledged")
	}
	var seen atomic.Int64
	err = q.ConsumeStored(cmd.Context(), max(batch, 64), func(ctx context.Context, items []jetstream.Stored) error {
		return storyBatch(ctx, a, st, p, items, &seen)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "story consumer: %d articles\n", seen.Load())
	return nil
}

// storyBatch runs p's hooks on one batch of committed articles. A store
// that fails fails the batch (it is handed back and retried); a hook's
// error is logged, as in the pipeline.
func storyBatch(ctx context.Context, a *app, st news.Store, p *pipeline.Pipeline, items []jetstream.Stored, seen *atomic.Int64) error {
	for _, it := range items {
		art, err := st.Article(ctx, it.ArticleID)
		if news.IsKind(err, news.KindNotFound) {
			a.log.Warn("stored article not found", "article_id", it.ArticleID)
			continue
		}
		if err != nil {
			return err
		}
		for _, h := range p.AfterStore {
			if err := h(ctx, art, it.Result); err != nil {
				a.log.Warn("after store", "article_id", it.ArticleID, "err", err)
			}
		}
		seen.Add(1)
	}
	for _, h := range p.AfterRun {
		if err := h(ctx); err != nil {
			a.log.Warn("after run", "err", err)
		}
	}
	return nil
}

// serialWrites is a store whose PutArticle calls run one at a time.
type serialWrites struct {
	news.Store
	mu sync.Mutex
}

func (s *serialWrites) PutArticle(ctx context.Context, a *news.Article, raw *news.Raw) (news.PutResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.Store.PutArticle(ctx, a, raw)
}
