package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/pipeline"
	"github.com/readout/readout/internal/store/sqlite"
)

func newBenchCmd(a *app) *cobra.Command {
	var (
		asJSON, noStore bool
		repeat          int
	)
	c := &cobra.Command{
		Use:   "bench PATH...",
		Short: "Measure whole-pipeline throughput and peak memory on a corpus",
		Long: `Ingest a corpus into a throwaway database (or none, with --no-store) and
print documents per second, megabytes per second and peak memory (resident
set). Use --workers 1 for the one-core figure. Nothing is written to your
configured database.`,
		Example: `  readout bench ./examples --repeat 20 --workers 1`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError{fmt.Errorf("bench needs at least one PATH")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			var st news.Store
			if !noStore {
				dir, err := os.MkdirTemp("", "readout-bench-")
				if err != nil {
					return err
				}
				defer os.RemoveAll(dir)
				s, err := sqlite.Open(ctx, filepath.Join(dir, "bench.db"), a.log)
				if err != nil {
					return err
				}
				defer s.Close()
				st = s
			}
			// Load the corpus once, then run it repeat times from memory so
			// that disk reads are not measured.
			var docs []news.Document
			loader := &pipeline.Pipeline{Workers: 1}
			loader.Clean = func(d news.Document) (*news.Article, error) {
				docs = append(docs, d)
				return nil, errSkip
			}
			if _, err := loader.Ingest(ctx, args, a.stdin); err != nil {
				return err
			}
			if len(docs) == 0 {
				return usageError{fmt.Errorf("no documents found under %v", args)}
			}
			var all []news.Document
			var bytes int64
			for i := 0; i < max(repeat, 1); i++ {
				for _, d := range docs {
					if i > 0 {
						d.Body = append([]byte(nil), d.Body...)
						d.Origin = fmt.Sprintf("%s#%d", d.Origin, i)
					}
					all = append(all, d)
					bytes += int64(len(d.Body))
				}
			}
			runtime.GC()
			p, _, err := a.newPipeline(st, true)
			if err != nil {
				return err
			}
			start := time.Now()
			sum, err := p.Documents(ctx, all)
			el := time.Since(start)
			if err != nil {
				return err
			}
			res := map[string]any{
				"documents":        sum.Read,
				"stored":           sum.Stored + sum.Updated + sum.Unchanged + sum.Duplicates,
				"rejected":         sum.Rejected,
				"workers":          p.Workers,
				"seconds":          el.Seconds(),
				"docs_per_second":  float64(sum.Read) / el.Seconds(),
				"mb_per_second":    float64(bytes) / 1e6 / el.Seconds(),
				"peak_rss_mb":      peakRSSMB(),
				"with_store":       !noStore,
				"go_max_procs":     runtime.GOMAXPROCS(0),
				"corpus_documents": len(docs),
			}
			if asJSON {
				return writeJSON(a.stdout, res)
			}
			fmt.Fprintf(a.stdout, "%d documents in %.2fs: %.0f docs/s, %.1f MB/s, peak RSS %.0f MB (workers %d, store %v)\n",
				sum.Read, el.Seconds(), res["docs_per_second"], res["mb_per_second"], res["peak_rss_mb"], p.Workers, !noStore)
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	c.Flags().BoolVar(&noStore, "no-store", false, "measure cleaning and analysis only, without a database")
	c.Flags().BoolVar(&a.noSyntax, "no-syntax", false, "skip tagging and parsing")
	c.Flags().BoolVar(&a.noEntities, "no-entities", false, "skip entity resolution")
	c.Flags().BoolVar(&a.noQuotes, "no-quotes", false, "skip quote extraction")
	c.Flags().BoolVar(&a.noEvents, "no-events", false, "skip event coding")
	c.Flags().IntVar(&repeat, "repeat", 1, "run the corpus this many times (copies get distinct origins)")
	c.Flags().IntVar(&a.cfg.Workers, "workers", a.cfg.Workers, "documents processed at once (0 = number of CPUs)")
	return c
}

var errSkip = news.E("bench", news.KindInvalid, "loaded")

// peakRSSMB is the process's peak resident set size in megabytes.
func peakRSSMB() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Maxrss) / 1024 // Linux reports KiB
}
