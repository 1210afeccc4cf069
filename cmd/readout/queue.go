package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/pipeline"
	"github.com/readout/readout/internal/queue/jetstream"
	"github.com/readout/readout/internal/source"
)

// queueFlag registers --queue on c. Precedence: the flag (when given,
// even empty: --queue= runs in process) > READOUT_QUEUE > config file.
func queueFlag(c *cobra.Command, dst *string) {
	c.Flags().StringVar(dst, "queue", "", "NATS JetStream server, nats://host:port (env READOUT_QUEUE; see docs/scaling.md)")
}

// queueURL is the effective queue URL for cmd.
func (a *app) queueURL(cmd *cobra.Command, flag string) string {
	if f := cmd.Flags().Lookup("queue"); f != nil && f.Changed {
		return flag
	}
	return a.cfg.Queue
}

// openQueue connects to the queue; the app closes it on exit (before the
// store, which was opened earlier).
func (a *app) openQueue(ctx context.Context, url, name string, opt jetstream.Options) (*jetstream.Queue, error) {
	if err := jetstream.ValidateURL(url); err != nil {
		return nil, usageError{fmt.Errorf("--queue: %v", err)}
	}
	opt.URL, opt.Log, opt.Name = url, a.log, name
	q, err := jetstream.Open(ctx, opt)
	if err != nil {
		return nil, err
	}
	prev := a.closer
	a.closer = func() {
		q.Close()
		if prev != nil {
			prev()
		}
	}
	return q, nil
}

// publishSummary totals `readout ingest --queue`.
type publishSummary struct {
	Read       int                  `json:"read"`
	Published  int                  `json:"published"`
	Duplicates int                  `json:"duplicates"` // already queued (dedup window)
	Skipped    int                  `json:"skipped"`
	Rejected   int                  `json:"rejected"`
	Reasons    []pipeline.Rejection `json:"rejections,omitempty"`
	Elapsed    time.Duration        `json:"elapsed_ns"`
	Bytes      int64                `json:"bytes"`
}

// publish reads every input under paths and publishes its documents to
// the queue instead of processing them.
func (a *app) publish(cmd *cobra.Command, url string, paths []string, asJSON bool) error {
	ctx := cmd.Context()
	start := time.Now()
	q, err := a.openQueue(ctx, url, "readout ingest", jetstream.Options{})
	if err != nil {
		return err
	}
	var sum publishSummary
	reject := func(origin string, err error) {
		sum.Rejected++
		sum.Reasons = append(sum.Reasons, pipeline.Rejection{Origin: origin, Reason: err.Error()})
	}
	err = source.Walk(ctx, paths, a.stdin, source.Options{MaxBytes: a.cfg.MaxDocBytes}, func(it source.Item) error {
		sum.Read++
		switch {
		case it.Err != nil && it.Skipped:
			sum.Skipped++
			return nil
		case it.Err != nil:
			reject(it.Doc.Origin, it.Err)
			return nil
		}
		sum.Bytes += int64(len(it.Doc.Body))
		res, err := q.Publish(ctx, it.Doc)
		switch {
		case news.IsKind(err, news.KindInvalid):
			reject(it.Doc.Origin, err)
		case err != nil:
			return err // the server is gone: stop
		case res == jetstream.Duplicate:
			sum.Duplicates++
		default:
			sum.Published++
		}
		return nil
	})
	sum.Elapsed = time.Since(start)
	if asJSON {
		if e := writeJSON(a.stdout, sum); e != nil && err == nil {
			return e
		}
		return err
	}
	rate := 0.0
	if s := sum.Elapsed.Seconds(); s > 0 {
		rate = float64(sum.Read) / s
	}
	fmt.Fprintf(a.stdout, "read %d · published %d · duplicates %d · skipped %d · rejected %d  (%s, %.0f docs/s)\n",
		sum.Read, sum.Published, sum.Duplicates, sum.Skipped, sum.Rejected, sum.Elapsed.Round(time.Millisecond), rate)
	if len(sum.Reasons) > 0 {
		fmt.Fprintln(a.stdout, "rejected:")
		for _, r := range sum.Reasons {
			fmt.Fprintf(a.stdout, "  %s: %s\n", r.Origin, r.Reason)
		}
	}
	return err
}

func newQueueCmd(a *app) *cobra.Command {
	var url string
	c := &cobra.Command{
		Use:   "queue",
		Short: "Inspect the NATS JetStream work queue (status, dead letters)",
		Long: `Inspect the work queue that 'readout ingest --queue' fills and 'readout
worker' drains: how many documents wait, how many are being worked on,
and the documents that failed every attempt (dead letters) with their
errors. See docs/scaling.md.`,
	}
	c.PersistentFlags().StringVar(&url, "queue", "", "NATS JetStream server, nats://host:port (env READOUT_QUEUE)")
	open := func(cmd *cobra.Command) (*jetstream.Queue, error) {
		u := a.cfg.Queue
		if f := cmd.Flags().Lookup("queue"); f != nil && f.Changed {
			u = url
		}
		if u == "" {
			return nil, usageError{fmt.Errorf("no queue: give --queue nats://host:port or set READOUT_QUEUE")}
		}
		return a.openQueue(cmd.Context(), u, "readout queue", jetstream.Options{})
	}

	var asJSON bool
	status := &cobra.Command{
		Use:   "status",
		Short: "Documents waiting, in flight, redelivered and dead-lettered",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			q, err := open(cmd)
			if err != nil {
				return err
			}
			st, err := q.Status(cmd.Context())
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(a.stdout, st)
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintf(tw, "stream\t%s\n", st.Stream)
			fmt.Fprintf(tw, "documents\t%d\t(%s)\n", st.Documents, byteCount(st.Bytes))
			fmt.Fprintf(tw, "pending\t%d\tnot yet taken by a worker\n", st.Pending)
			fmt.Fprintf(tw, "in flight\t%d\tleased, not yet acknowledged\n", st.InFlight)
			fmt.Fprintf(tw, "redelivered\t%d\tin flight on a second or later attempt\n", st.Redelivered)
			fmt.Fprintf(tw, "idle fetches\t%d\tworker slots waiting for documents\n", st.Waiting)
			fmt.Fprintf(tw, "dead letters\t%d\t'readout queue dead' lists them\n", st.Dead)
			fmt.Fprintf(tw, "stored IDs\t%d\twaiting for the story consumer (readout worker --stories)\n", st.Stored)
			return tw.Flush()
		},
	}
	status.Flags().BoolVar(&asJSON, "json", false, "print as JSON")

	var deadJSON bool
	var limit int
	dead := &cobra.Command{
		Use:   "dead",
		Short: "List documents that failed every attempt, with their errors",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			q, err := open(cmd)
			if err != nil {
				return err
			}
			list, err := q.Dead(cmd.Context(), limit)
			if err != nil {
				return err
			}
			if list == nil {
				list = []jetstream.DeadLetter{}
			}
			if deadJSON {
				return writeJSON(a.stdout, list)
			}
			return printDead(a.stdout, list)
		},
	}
	dead.Flags().BoolVar(&deadJSON, "json", false, "print as JSON")
	dead.Flags().IntVar(&limit, "limit", 100, "list at most this many (0 = all)")

	var replayJSON bool
	replay := &cobra.Command{
		Use:   "replay",
		Short: "Put every dead-lettered document back on the queue",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			q, err := open(cmd)
			if err != nil {
				return err
			}
			n, err := q.Replay(cmd.Context())
			if replayJSON {
				if e := writeJSON(a.stdout, map[string]int{"replayed": n}); e != nil && err == nil {
					return e
				}
				return err
			}
			fmt.Fprintf(a.stdout, "replayed %d\n", n)
			return err
		},
	}
	replay.Flags().BoolVar(&replayJSON, "json", false, "print as JSON")
	c.AddCommand(status, dead, replay)
	return c
}

func printDead(w io.Writer, list []jetstream.DeadLetter) error {
	if len(list) == 0 {
		_, err := fmt.Fprintln(w, "no dead letters")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SEQ\tFAILED\tATTEMPTS\tORIGIN\tERROR")
	for _, d := range list {
		failed := ""
		if !d.FailedAt.IsZero() {
			failed = d.FailedAt.Format(time.DateTime)
		}
		fmt.Fprintf(tw, "%d\t%s\t%d\t%s\t%s\n", d.Seq, failed, d.Attempts, d.Origin, d.Error)
	}
	return tw.Flush()
}

func byteCount(n uint64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
