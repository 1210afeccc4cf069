package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/pipeline"
)

func newIngestCmd(a *app) *cobra.Command {
	var asJSON, quiet bool
	var queue string
	c := &cobra.Command{
		Use:   "ingest PATH...",
		Short: "Read documents, clean them and store them",
		Long: `Read documents from files, directories (recursively), globs, or - for
standard input; sniff each one's format from its content (HTML, plain text,
JSON or JSONL records, WARC or WARC.gz, gzip of any of these); clean it and
store it. Re-ingesting is idempotent: an unchanged article is left as it is
and an exact copy of an article already stored is recorded as its duplicate.

Bad input (empty files, binary data, truncated archives, a JSONL line that is
not JSON, an over-large document…) is reported with a one-line reason and the
run goes on. The exit code is 0 unless the store fails.`,
		Example: `  readout ingest ./examples
  readout ingest 'crawl/*.warc.gz' feed.jsonl
  curl -s https://example.org/story | readout ingest -`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError{fmt.Errorf("ingest needs at least one PATH (or - for standard input)")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if u := a.queueURL(cmd, queue); u != "" {
				return a.publish(cmd, u, args, asJSON) // workers analyse (queue.go)
			}
			st, err := a.openStore(cmd.Context())
			if err != nil {
				return err
			}
			sum, err := a.ingest(cmd, st, args, quiet || asJSON)
			return a.reportRun(sum, err, asJSON)
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print the summary as JSON")
	c.Flags().BoolVarP(&quiet, "quiet", "q", false, "no progress output")
	queueFlag(c, &queue) // publish to a work queue instead (queue.go)
	c.Flags().BoolVar(&a.noSyntax, "no-syntax", false, "store sentences and tokens without tags, lemmas and parses (faster)")
	c.Flags().BoolVar(&a.noEntities, "no-entities", false, "do not resolve entities (faster)")
	c.Flags().BoolVar(&a.noQuotes, "no-quotes", false, "do not extract quotes (faster)")
	c.Flags().BoolVar(&a.noEvents, "no-events", false, "do not code events (faster)")
	c.Flags().IntVar(&a.cfg.Workers, "workers", a.cfg.Workers, "documents cleaned at once (0 = number of CPUs; env READOUT_WORKERS)")
	c.Flags().Int64Var(&a.cfg.MaxDocBytes, "max-doc-bytes", a.cfg.MaxDocBytes, "largest document accepted, in bytes (env READOUT_MAX_DOC_BYTES)")
	c.Flags().IntVar(&a.cfg.MaxHTMLDepth, "max-html-depth", a.cfg.MaxHTMLDepth, "deepest HTML element nesting accepted (env READOUT_MAX_HTML_DEPTH)")
	return c
}

// ingest runs the standard pipeline over paths into st.
func (a *app) ingest(cmd *cobra.Command, st news.Store, paths []string, quiet bool) (pipeline.Summary, error) {
	p, done, err := a.newPipeline(st, quiet)
	if err != nil {
		return pipeline.Summary{}, err
	}
	sum, err := p.Ingest(cmd.Context(), paths, a.stdin)
	done()
	return sum, err
}
