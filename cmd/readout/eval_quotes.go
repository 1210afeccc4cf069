package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/readout/readout/internal/kb"
	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/quote"
)

func newEvalQuotesCmd(a *app) *cobra.Command {
	var asJSON bool
	var errs int
	c := &cobra.Command{
		Use:   "quotes GOLD",
		Short: "Score quotation extraction on a JSONL gold file",
		Long: `Score the quotation extractor against a gold file: one JSON object per line,
{"id":…, "text":…, "quotes":[{"start","end","kind","speaker","via":[…]}]}
with byte offsets of the quoted content (see internal/quote/README.md).

Spans are scored exactly and by overlap (precision, recall, F1) over
statements (direct, partial, indirect); terms are counted apart. Speaker
accuracy is over matched quotations: normalised strings must agree, or the
surname when the gold speaker is a name. Via accuracy compares the media
chains.`,
		Example: `  readout eval quotes internal/quote/testdata/gold.jsonl
  readout eval quotes --errors 20 --json gold.jsonl`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := os.Open(args[0])
			if err != nil {
				return news.E("eval.quotes", news.KindInvalid, err)
			}
			defer f.Close()
			gold, err := quote.ReadGold(f)
			if err != nil {
				return err
			}
			if len(gold) == 0 {
				return news.E("eval.quotes", news.KindInvalid, "no articles in "+args[0])
			}
			if err := kb.DefaultErr(); err != nil {
				return news.E("eval.quotes", news.KindInternal, err)
			}
			s := quote.Evaluate(gold, kb.Default())
			if errs >= 0 && len(s.Misses) > errs {
				s.Misses = s.Misses[:errs]
			}
			if asJSON {
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(s)
			}
			w := a.stdout
			fmt.Fprintf(w, "articles %d, gold %d, predicted %d (terms: gold %d, predicted %d, exact %d)\n", s.Articles, s.Gold, s.Predicted, s.GoldTerms, s.PredTerms, s.TermTP)
			fmt.Fprintf(w, "%-8s %7s %7s %7s\n", "spans", "P", "R", "F1")
			fmt.Fprintf(w, "%-8s %7.3f %7.3f %7.3f\n", "exact", s.ExactP, s.ExactR, s.ExactF1)
			fmt.Fprintf(w, "%-8s %7.3f %7.3f %7.3f\n", "overlap", s.OverlapP, s.OverlapR, s.OverlapF1)
			fmt.Fprintf(w, "speaker accuracy %.3f (%d/%d)\n", s.SpeakerAcc, s.SpeakerOK, s.SpeakerN)
			fmt.Fprintf(w, "kind accuracy    %.3f\n", s.KindAcc)
			fmt.Fprintf(w, "via accuracy     %.3f\n", s.ViaAcc)
			for _, m := range s.Misses {
				fmt.Fprintln(w, "  "+m)
			}
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print scores as JSON")
	c.Flags().IntVar(&errs, "errors", 0, "list up to N errors (-1: all)")
	return c
}
