package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/readout/readout/internal/kb"
	"github.com/readout/readout/internal/ner"
	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/pipeline"
	"github.com/readout/readout/internal/resolve"
	"github.com/readout/readout/internal/store/postgres"
	"github.com/readout/readout/internal/store/sqlite"
	"github.com/readout/readout/internal/syntax"
)

// openStore opens the configured store: PostgreSQL when DB is a
// postgres:// or postgresql:// URL, else the SQLite file it names. The
// app closes it on exit.
func (a *app) openStore(ctx context.Context) (news.Store, error) {
	var st news.Store
	var err error
	if postgres.IsURL(a.cfg.DB) {
		st, err = postgres.Open(ctx, a.cfg.DB, a.log)
	} else {
		st, err = sqlite.Open(ctx, a.cfg.DB, a.log)
	}
	if err != nil {
		return nil, err
	}
	prev := a.closer
	a.closer = func() {
		st.Close()
		if prev != nil {
			prev()
		}
	}
	return st, nil
}

// defaultKB is the embedded knowledge base, loaded once per process.
var defaultKB = sync.OnceValues(func() (*kb.KB, error) { return kb.Open() })

// defaultResolver resolves entities with the embedded knowledge base and
// NER model, loaded once per process (a Resolver keeps no state).
var defaultResolver = sync.OnceValues(func() (*resolve.Resolver, error) {
	k, err := defaultKB()
	if err != nil {
		return nil, err
	}
	m, err := ner.Default()
	if err != nil {
		return nil, news.E("ner.Default", news.KindInternal, err)
	}
	return resolve.New(k, m), nil
})

// pipelineHooks attach later stages that work across articles (stories,
// alerts) to a pipeline that writes to a store, through its AfterStore
// and AfterRun hooks.
var pipelineHooks = []func(a *app, st news.Store, p *pipeline.Pipeline) error{
	attachStories, // storyhook.go: stories follow every stored article
	// (add hooks here, one line each)
	attachAlerts, // keep last: alert rules see what the hooks above computed (stories)
}

// newPipeline builds the standard pipeline with progress reporting.
func (a *app) newPipeline(st news.Store, quiet bool) (*pipeline.Pipeline, func(), error) {
	opt := pipeline.Options{
		Workers:      a.cfg.Workers,
		MaxDocBytes:  a.cfg.MaxDocBytes,
		MaxHTMLDepth: a.cfg.MaxHTMLDepth,
		Log:          a.log,
	}
	if !a.noSyntax {
		m, err := syntax.Default()
		if err != nil {
			return nil, nil, err
		}
		opt.Syntax = m
	}
	if !a.noEntities {
		r, err := defaultResolver()
		if err != nil {
			return nil, nil, err
		}
		opt.Resolver = r
	}
	if !a.noQuotes {
		k, err := defaultKB()
		if err != nil {
			return nil, nil, err
		}
		opt.Quotes = k
	}
	if !a.noEvents {
		k, err := defaultKB()
		if err != nil {
			return nil, nil, err
		}
		opt.Events = k
	}
	p := pipeline.New(st, opt)
	if st != nil {
		for _, attach := range pipelineHooks {
			if err := attach(a, st, p); err != nil {
				return nil, nil, err
			}
		}
	}
	if quiet {
		return p, func() {}, nil
	}
	if f, ok := a.stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		bar := progressbar.NewOptions(-1,
			progressbar.OptionSetWriter(a.stderr),
			progressbar.OptionSetDescription("ingesting"),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("docs"),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
		p.Progress = func(o pipeline.Outcome) {
			bar.Add(1)
			if o.Err != nil && !o.Skipped {
				bar.Clear()
				fmt.Fprintf(a.stderr, "rejected %s: %v\n", o.Origin, o.Err)
			}
		}
		return p, func() { bar.Finish() }, nil
	}
	// Not a terminal: plain log lines, one per rejection and a heartbeat.
	n := 0
	last := time.Now()
	p.Progress = func(o pipeline.Outcome) {
		n++
		if o.Err != nil && !o.Skipped {
			a.log.Warn("rejected", "origin", o.Origin, "reason", o.Err.Error())
		}
		if time.Since(last) > 5*time.Second {
			a.log.Info("progress", "documents", n)
			last = time.Now()
		}
	}
	return p, func() {}, nil
}

// listing opens the store, fetches one page of a listing and prints it as
// JSON (an empty list as []) or with print: the shape every listing
// command shares.
func listing[T any](a *app, cmd *cobra.Command, asJSON bool, fetch func(news.Store) ([]T, error), print func(io.Writer, []T) error) error {
	st, err := a.openStore(cmd.Context())
	if err != nil {
		return err
	}
	list, err := fetch(st)
	if err != nil {
		return err
	}
	if list == nil {
		list = []T{}
	}
	if asJSON {
		return writeJSON(a.stdout, list)
	}
	return print(a.stdout, list)
}

// reportRun prints a run's summary (as JSON with asJSON) and returns the
// run's error, or the print error when the run had none.
func (a *app) reportRun(sum pipeline.Summary, err error, asJSON bool) error {
	if !asJSON {
		printSummary(a.stdout, sum)
		return err
	}
	if e := writeJSON(a.stdout, sum); e != nil && err == nil {
		return e
	}
	return err
}

// openInput opens a file, or standard input for "-". The caller closes it.
func (a *app) openInput(op, name string) (io.ReadCloser, error) {
	if name == "-" {
		return io.NopCloser(a.stdin), nil
	}
	f, err := os.Open(name)
	if err != nil {
		// A file that cannot be opened is a bad argument (exit 2), not a
		// stored thing that is missing.
		return nil, news.E(op, news.KindInvalid, err)
	}
	return f, nil
}

// printSummary writes the end-of-run summary for people.
func printSummary(w io.Writer, s pipeline.Summary) {
	rate := 0.0
	if s.Elapsed > 0 {
		rate = float64(s.Read) / s.Elapsed.Seconds()
	}
	fmt.Fprintf(w, "read %d · stored %d · updated %d · unchanged %d · duplicates %d · skipped %d · rejected %d  (%s, %.0f docs/s)\n",
		s.Read, s.Stored, s.Updated, s.Unchanged, s.Duplicates, s.Skipped, s.Rejected, s.Elapsed.Round(time.Millisecond), rate)
	if len(s.Reasons) > 0 {
		fmt.Fprintln(w, "rejected:")
		for _, r := range s.Reasons {
			fmt.Fprintf(w, "  %s: %s\n", r.Origin, r.Reason)
		}
	}
}
