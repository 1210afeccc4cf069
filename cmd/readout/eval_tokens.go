package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/readout/readout/internal/conllu"
	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/text"
)

func newEvalTokensCmd(a *app) *cobra.Command {
	var (
		asJSON bool
		errs   int
	)
	c := &cobra.Command{
		Use:   "tokens GOLD.conllu",
		Short: "Score tokenisation and sentence splitting on a CoNLL-U treebank",
		Long: `Score the text stage's tokenizer and sentence splitter against a CoNLL-U
treebank (for example UD English EWT).

The raw text of each document ("# newdoc") is rebuilt from the "# text"
lines (or the tokens and SpaceAfter=No): sentences of a paragraph
("# newpar") are joined by a space, paragraphs by a blank line, and each
paragraph is passed as a block. Scores follow the CoNLL 2018 shared task:
spans are matched by their character offsets.

  words      syntactic words (the pieces of "don't": "do", "n't"), which is
             what text.Tokenize produces
  tokens     surface tokens ("don't" is one; readout's clitic pieces are
             merged back for this score)
  sentences  sentence spans`,
		Example: `  readout eval tokens en_ewt-ud-dev.conllu
  readout eval tokens --errors 20 en_ewt-ud-dev.conllu`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := os.Open(args[0])
			if err != nil {
				return news.E("eval.tokens", news.KindInvalid, err)
			}
			defer f.Close()
			sents, err := conllu.Read(f)
			if err != nil {
				return news.E("eval.tokens", news.KindInvalid, err)
			}
			if len(sents) == 0 {
				return news.E("eval.tokens", news.KindInvalid, "no sentences in "+args[0])
			}
			res := text.Score(sents, errs)
			if asJSON {
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(res)
			}
			printTokenScores(a.stdout, res)
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	c.Flags().IntVar(&errs, "errors", 0, "print up to N missed words, N missed and N spurious sentences, with context")
	return c
}

func printTokenScores(w io.Writer, r text.Scores) {
	fmt.Fprintf(w, "documents  %d\n", r.Documents)
	fmt.Fprintf(w, "%-10s %8s %8s %8s %7s %7s %7s\n", "", "gold", "system", "correct", "P", "R", "F1")
	for _, row := range []struct {
		name string
		p    text.PRF
	}{{"words", r.Words}, {"tokens", r.Tokens}, {"sentences", r.Sentences}} {
		fmt.Fprintf(w, "%-10s %8d %8d %8d %6.2f%% %6.2f%% %6.2f%%\n", row.name, row.p.Gold, row.p.System, row.p.Correct,
			100*row.p.Precision, 100*row.p.Recall, 100*row.p.F1)
	}
	fmt.Fprintf(w, "speed      %.0f words/s (text.Sentences only, %.3fs)\n", r.WordsPerSec, r.Seconds)
	for _, e := range r.Errors {
		fmt.Fprintln(w, e)
	}
}
