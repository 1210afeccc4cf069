package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/readout/readout/internal/fetch"
	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/pipeline"
	"github.com/readout/readout/internal/watch"
)

// fetchFlags are the fetcher settings a command may override; nil means
// the configuration's.
type fetchFlags struct {
	delay   *time.Duration
	contact *string
}

// newFetcher builds the polite fetcher from the configuration, extra
// allowed hosts and flag overrides (flags > environment > file).
func (a *app) newFetcher(allow []string, ff *fetchFlags) (*fetch.Fetcher, error) {
	opt := fetch.Options{
		Contact:    a.cfg.ContactURL,
		Delay:      a.cfg.FetchDelay,
		MaxBytes:   min(a.cfg.MaxDocBytes, fetch.DefaultMaxBytes*4),
		AllowHosts: append(append([]string{}, a.cfg.AllowHosts...), allow...),
		Log:        a.log,
	}
	if ff != nil && ff.delay != nil {
		opt.Delay = *ff.delay
	}
	if ff != nil && ff.contact != nil {
		opt.Contact = *ff.contact
	}
	if opt.Delay == 0 {
		opt.Delay = -1 // zero configured means no delay, not the default
	}
	f, err := fetch.New(opt)
	if err != nil {
		return nil, usageError{err}
	}
	return f, nil
}

func newWatchCmd(a *app) *cobra.Command {
	var (
		once, asJSON    bool
		interval, delay time.Duration
		contact         string
		allow           []string
	)
	c := &cobra.Command{
		Use:   "watch",
		Short: "Poll the sources and store their new articles, until interrupted",
		Long: `Poll every source that is due (see 'readout sources'), fetch the new
articles' pages politely — robots.txt obeyed, one request at a time per
host, --fetch-delay between requests, conditional GET, retries with
backoff — run them through the standard pipeline into the store, and
keep every fetched page for 'readout export warc'. Sources with new items
are polled more often, quiet ones less (between --interval/4 and
--interval×8).

URLs are never fetched from loopback, private or link-local addresses
(checked after DNS resolution and on every redirect) unless the host is
allowed with --allow-host (or allow_hosts / READOUT_ALLOW_HOSTS).

It runs until interrupted (Ctrl-C or SIGTERM): the article being stored is
finished, the state saved, and the exit code is 0. With --once it does
one round and exits. State survives restarts: what was seen, validators,
next poll times; a crash refetches at most the articles that were in
flight, once.`,
		Example: `  readout sources import examples/feeds.opml && readout watch
  readout watch --once --json
  readout watch --interval 15m --fetch-delay 5s --contact-url mailto:me@example.org`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			st, ws, err := a.watchState(ctx)
			if err != nil {
				return err
			}
			srcs, err := ws.Sources(ctx)
			if err != nil {
				return err
			}
			if len(srcs) == 0 {
				return news.E("watch", news.KindInvalid, "no sources to watch: add some with 'readout sources add URL' or 'readout sources import examples/feeds.opml'")
			}
			var ff fetchFlags
			if cmd.Flags().Changed("fetch-delay") {
				ff.delay = &delay
			}
			if cmd.Flags().Changed("contact-url") {
				ff.contact = &contact
			}
			f, err := a.newFetcher(allow, &ff)
			if err != nil {
				return err
			}
			p, _, err := a.newPipeline(st, true)
			if err != nil {
				return err
			}
			w, err := watch.New(watch.Options{
				State: ws, Fetcher: f, Process: processWith(p), Log: a.log, Interval: interval,
			})
			if err != nil {
				return err
			}
			a.log.Info("watching", "sources", len(srcs), "user_agent", f.UserAgent())
			var total watch.Stats
			round := func(s watch.Stats) {
				total.Add(s)
				a.log.Info("round", "polled", s.Polled, "not_modified", s.NotModified, "poll_errors", s.PollErrors,
					"new_items", s.NewItems, "stored", s.Stored, "rejected", s.Rejected, "skipped", s.Skipped,
					"retried", s.Retried, "failed", s.Failed)
			}
			if once {
				s, err := w.Once(ctx)
				total.Add(s)
				if err != nil && ctx.Err() == nil {
					return err
				}
			} else if err := w.Run(ctx, round); err != nil {
				return err
			}
			if ctx.Err() != nil {
				a.log.Info("stopped; state saved")
			}
			if asJSON {
				return writeJSON(a.stdout, total)
			}
			_, err = fmt.Fprintf(a.stdout, "polled %d · not modified %d · poll errors %d · new items %d · stored %d · rejected %d · skipped %d · to retry %d · failed %d\n",
				total.Polled, total.NotModified, total.PollErrors, total.NewItems, total.Stored, total.Rejected, total.Skipped, total.Retried, total.Failed)
			return err
		},
	}
	fl := c.Flags()
	fl.BoolVar(&once, "once", false, "do one round (poll what is due, fetch what is new) and exit")
	fl.DurationVar(&interval, "interval", 30*time.Minute, "base poll interval of a source")
	fl.DurationVar(&delay, "fetch-delay", 2*time.Second, "least time between two requests to one host (env READOUT_FETCH_DELAY)")
	fl.StringVar(&contact, "contact-url", "", "URL or mailto: in the User-Agent where site owners can reach you (env READOUT_CONTACT_URL)")
	fl.StringArrayVar(&allow, "allow-host", nil, "host name, IP or CIDR that may be fetched although private or loopback (repeatable; env READOUT_ALLOW_HOSTS)")
	fl.BoolVar(&asJSON, "json", false, "print the totals as JSON")
	fl.BoolVar(&a.noSyntax, "no-syntax", false, "store sentences and tokens without tags, lemmas and parses (faster)")
	fl.BoolVar(&a.noEntities, "no-entities", false, "do not resolve entities (faster)")
	fl.BoolVar(&a.noQuotes, "no-quotes", false, "do not extract quotes (faster)")
	fl.BoolVar(&a.noEvents, "no-events", false, "do not code events (faster)")
	fl.IntVar(&a.cfg.Workers, "workers", a.cfg.Workers, "documents cleaned at once (0 = number of CPUs; env READOUT_WORKERS)")
	return c
}

// processWith runs fetched pages through the pipeline p, one result per
// document, in order.
func processWith(p *pipeline.Pipeline) watch.Processor {
	return func(ctx context.Context, docs []news.Document) ([]watch.Result, error) {
		out := make([]watch.Result, 0, len(docs))
		p.Progress = func(o pipeline.Outcome) {
			out = append(out, watch.Result{ArticleID: o.ArticleID, Put: o.Result, Reason: o.Err, Skipped: o.Skipped})
		}
		_, err := p.Documents(ctx, docs)
		if err != nil {
			return nil, err
		}
		return out, nil
	}
}
