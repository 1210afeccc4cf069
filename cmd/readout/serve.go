package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/readout/readout/internal/httpapi"
	"github.com/readout/readout/internal/news"
)

func newServeCmd(a *app) *cobra.Command {
	c := &cobra.Command{
		Use:   "serve [PATH...]",
		Short: "Serve the page and the JSON API (ingesting PATHs first)",
		Long: `Serve readout's page and JSON API over the store. PATHs given are ingested
first, exactly as 'readout ingest' would (idempotent: running it twice stores
nothing twice), so 'readout serve ./examples' is a complete demo.

Pages: / (stories, top actors and event types), /search, /articles/ID,
/entities/ID, /stories/ID, /events (filters, timeline, CSV/JSONL download).

API (docs/api.md; OpenAPI 3 at /api/openapi.json): GET /api/v1/articles,
/api/v1/articles/ID, /api/v1/articles/ID/raw, /api/v1/entities,
/api/v1/entities/ID, /api/v1/quotes, /api/v1/events (format=csv|jsonl),
/api/v1/stories, /api/v1/stories/ID, /api/v1/stats; listings are paged with
limit and cursor. The API is read-only unless READOUT_API_TOKEN is set: then
POST /api/v1/ingest stores an uploaded document (Authorization: Bearer TOKEN).`,
		Example: `  readout serve ./examples
  readout serve --addr 127.0.0.1:9000 --db news.db`,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			st, err := a.openStore(ctx)
			if err != nil {
				return err
			}
			if len(args) > 0 {
				sum, err := a.ingest(cmd, st, args, false)
				printSummary(a.stderr, sum)
				if err != nil {
					return err
				}
			}
			return a.serve(ctx, st)
		},
	}
	c.Flags().StringVar(&a.cfg.Addr, "addr", a.cfg.Addr, "address to listen on (env READOUT_ADDR)")
	c.Flags().IntVar(&a.cfg.Workers, "workers", a.cfg.Workers, "documents cleaned at once while ingesting (0 = number of CPUs)")
	c.Flags().BoolVar(&a.noSyntax, "no-syntax", false, "ingest without tagging and parsing (faster)")
	c.Flags().BoolVar(&a.noEntities, "no-entities", false, "ingest without resolving entities (faster)")
	c.Flags().BoolVar(&a.noQuotes, "no-quotes", false, "ingest without extracting quotes (faster)")
	c.Flags().BoolVar(&a.noEvents, "no-events", false, "ingest without coding events (faster)")
	return c
}

// serve listens on a.cfg.Addr until ctx is done, then shuts down gracefully.
func (a *app) serve(ctx context.Context, st news.Store) error {
	var opts []httpapi.Option
	if tok := os.Getenv("READOUT_API_TOKEN"); tok != "" {
		opts = append(opts, httpapi.WithIngest(tok, func(ctx context.Context, docs []news.Document) (any, error) {
			p, done, err := a.newPipeline(st, true)
			if err != nil {
				return nil, err
			}
			defer done()
			return p.Documents(ctx, docs)
		}))
	}
	h, err := httpapi.New(st, a.log, opts...)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", a.cfg.Addr)
	if err != nil {
		return news.E("serve", news.KindUnavailable, fmt.Errorf("listen on %s: %w (is another readout running? try --addr 127.0.0.1:0)", a.cfg.Addr, err))
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	fmt.Fprintf(a.stderr, "readout: serving http://%s/ (Ctrl-C to stop)\n", ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		err := srv.Shutdown(sctx)
		if errors.Is(<-errc, http.ErrServerClosed) && err == nil {
			return nil
		}
		return err
	}
}
