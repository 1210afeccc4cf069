package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/readout/readout/internal/clean"
	"github.com/readout/readout/internal/eval"
	"github.com/readout/readout/internal/news"
)

func newEvalExtractCmd(a *app) *cobra.Command {
	var (
		asJSON    bool
		extractor string
		limit     int
	)
	c := &cobra.Command{
		Use:   "extract DIR",
		Short: "Score HTML main-content and metadata extraction on a trafilatura-style set",
		Long: `Score the clean stage's HTML extraction on a gold set laid out like
trafilatura's evaluation data: DIR/evaldata.json and DIR/html/**/NAME.gz.

Snippets: a "with" snippet found in the extracted text (white space
collapsed, substring) is a true positive, else a false negative; a
"without" snippet found is a false positive, else a true negative; counts
are summed over all pages; F1 = 2TP/(2TP+FP+FN).

Metadata accuracy, over the pages whose gold value is not empty:
title: equal after normalisation (NFKC, lower case, punctuation dropped),
or one contains the other and the shorter has at least three words or half
the length of the longer;
date: same calendar day (YYYY-MM-DD); author: every gold name is contained
in the extracted bylines (normalised), or every word of the bylines is a
word of the gold names.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cases, err := eval.LoadExtractionSet(args[0])
			if err != nil {
				return err
			}
			if limit > 0 && limit < len(cases) {
				cases = cases[:limit]
			}
			opt := clean.Options{Extractor: clean.Extractor(extractor)}
			// Fail early on an unknown extractor name.
			if _, err := clean.HTML([]byte("<p>check</p>"), "", "", opt); err != nil && news.IsKind(err, news.KindInvalid) && extractorUnknown(err) {
				return usageError{err}
			}
			fn := func(page []byte, url string) (eval.Extracted, error) {
				art, err := clean.HTML(page, "", url, opt)
				if err != nil {
					return eval.Extracted{}, err
				}
				return eval.Extracted{Text: art.Text, Title: art.Title, Authors: art.Bylines, Published: art.Published}, nil
			}
			bar := progressbar.NewOptions(len(cases), progressbar.OptionSetWriter(a.stderr),
				progressbar.OptionSetDescription("extract "+extractor), progressbar.OptionShowCount(),
				progressbar.OptionThrottle(200*time.Millisecond))
			s, err := eval.ScoreExtraction(cases, fn, func(int) { _ = bar.Add(1) })
			_ = bar.Finish()
			fmt.Fprintln(a.stderr)
			if err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(struct {
					Extractor string `json:"extractor"`
					eval.ExtractScores
				}{extractor, s})
			}
			return printExtractScores(a.stdout, extractor, s)
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	c.Flags().StringVar(&extractor, "extractor", string(clean.ExtractCombined),
		"combined (default), trafilatura (go-trafilatura alone) or readability (readability alone)")
	c.Flags().IntVar(&limit, "limit", 0, "score only the first N pages (sorted by URL)")
	return c
}

func extractorUnknown(err error) bool {
	return strings.Contains(err.Error(), "unknown extractor")
}

func printExtractScores(w io.Writer, extractor string, s eval.ExtractScores) error {
	_, err := fmt.Fprintf(w, `extractor  %s
pages      %d (%d failed)
snippets   TP %d  FN %d  FP %d  TN %d
precision  %.4f
recall     %.4f
F1         %.4f
accuracy   %.4f
title      %.4f (%d/%d)
date       %.4f (%d/%d)
author     %.4f (%d/%d)
time       %.1fs (%.1f ms/page)
`, extractor, s.Pages, s.Errors, s.TP, s.FN, s.FP, s.TN, s.Precision, s.Recall, s.F1, s.Accuracy,
		s.Title.Accuracy, s.Title.Correct, s.Title.Gold, s.Date.Accuracy, s.Date.Correct, s.Date.Gold,
		s.Author.Accuracy, s.Author.Correct, s.Author.Gold, s.Seconds, 1000*s.Seconds/float64(max(s.Pages, 1)))
	return err
}
