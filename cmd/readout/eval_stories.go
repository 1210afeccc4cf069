package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/readout/readout/internal/event"
	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/story"
)

func newEvalStoriesCmd(a *app) *cobra.Command {
	var (
		asJSON, textOnly bool
		errs             int
	)
	c := &cobra.Command{
		Use:   "stories GOLD.jsonl",
		Short: "Score story clustering and near-duplicate detection on a labelled set",
		Long: `Score the story engine against a labelled set: one JSON object per line,
{"id","site","url","published","title","text","story","duplicate_of"}
(see internal/story/README.md). Each article runs through the analysis
ingest runs (sentences, syntax, entities, events; --text-only skips it),
exact duplicates are marked by content hash, and the articles go through
the engine in file order. Prints pairwise and BCubed precision, recall and
F1 of the clusters and the precision and recall of near-duplicate links.`,
		Example: `  readout eval stories internal/story/testdata/gold.jsonl
  readout eval stories --json --text-only gold.jsonl`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			r, err := a.openInput("eval.stories", args[0])
			if err != nil {
				return err
			}
			defer r.Close()
			gold, err := story.ReadGold(r)
			if err != nil {
				return err
			}
			if len(gold) == 0 {
				return news.E("eval.stories", news.KindInvalid, "no articles in "+args[0])
			}
			var prepare func(*news.Article)
			if !textOnly {
				pre, k, err := eventAnalysis()
				if err != nil {
					return err
				}
				prepare = func(art *news.Article) {
					pre(art)
					art.Events = event.Code(art, k)
				}
			}
			t0 := time.Now()
			s, e := story.Evaluate(gold, story.Options{}, prepare)
			elapsed := time.Since(t0)
			if errs >= 0 && len(s.Errors) > errs {
				s.Errors = s.Errors[:errs]
			}
			if asJSON {
				return writeJSON(a.stdout, s)
			}
			events, contra := 0, 0
			for _, d := range e.All() {
				events += len(d.MergedEvents)
				contra += len(d.Contradictions)
			}
			w := a.stdout
			fmt.Fprintf(w, "articles %d, gold stories %d, predicted stories %d (%.1f s)\n", s.Articles, s.GoldStories, s.Stories, elapsed.Seconds())
			fmt.Fprintf(w, "pairwise   P %.3f  R %.3f  F1 %.3f\n", s.PairPrecision, s.PairRecall, s.PairF1)
			fmt.Fprintf(w, "BCubed     P %.3f  R %.3f  F1 %.3f\n", s.BCubedPrecision, s.BCubedRecall, s.BCubedF1)
			fmt.Fprintf(w, "near-dups  P %.3f  R %.3f  (gold %d, predicted %d, correct %d)\n", s.DupPrecision, s.DupRecall, s.DupGold, s.DupPredicted, s.DupCorrect)
			fmt.Fprintf(w, "merged events %d, contradictions %d\n", events, contra)
			for _, x := range s.Errors {
				fmt.Fprintln(w, "error:", x)
			}
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	c.Flags().BoolVar(&textOnly, "text-only", false, "skip the analysis: cluster on text alone")
	c.Flags().IntVar(&errs, "errors", 20, "list at most this many wrong decisions (-1: all)")
	return c
}
