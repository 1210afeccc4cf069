package main

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/readout/readout/internal/ner"
	"github.com/readout/readout/internal/news"
)

func newEvalNERCmd(a *app) *cobra.Command {
	var asJSON, tagged bool
	var modelPath string
	c := &cobra.Command{
		Use:   "ner GOLD",
		Short: "Score the named-entity tagger on a CoNLL file (conlleval)",
		Long: `Score named-entity tags with the CoNLL-2003 definition (conlleval): an entity
counts as correct only when its type, first and last token all match.
GOLD is a CoNLL column file with the gold tag (IOB1 or IOB2) in the last
column. By default readout tags the tokens itself and scores its tags;
with --tagged the file already holds the predicted tag as its last column
and the gold tag in the column before (the output of 'readout ner --conll').`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := readCoNLLFile(args[0])
			if err != nil {
				return err
			}
			var s ner.Score
			if !f.Tagged && len(f.Docs) > 0 {
				return news.E("eval ner", news.KindInvalid, args[0]+": the last column is not a tag column (O, B-X, I-X)")
			}
			if tagged {
				s, err = scoreTagged(f)
				if err != nil {
					return err
				}
			} else {
				m, err := loadNERModel(modelPath)
				if err != nil {
					return err
				}
				if !f.Tagged {
					return news.E("eval ner", news.KindInvalid, args[0]+": the last column is not a tag column (O, B-X, I-X)")
				}
				s = ner.Evaluate(m, f.Docs)
			}
			return printNERScore(a, s, asJSON)
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print scores as JSON")
	c.Flags().BoolVar(&tagged, "tagged", false, "file holds gold and predicted tags (last two columns)")
	c.Flags().StringVar(&modelPath, "model", "", "model file (default: the embedded model)")
	return c
}

func scoreTagged(f *ner.File) (ner.Score, error) {
	var s ner.Score
	for _, d := range f.Docs {
		for _, x := range d.Sentences {
			gold := make([]string, len(x.Lines))
			for i, li := range x.Lines {
				fs := f.Lines[li].Fields
				if len(fs) >= 2 {
					gold[i] = fs[len(fs)-2]
				}
				if len(fs) < 3 || !validNERTag(gold[i]) {
					return s, news.E("eval ner", news.KindInvalid, "--tagged needs at least 3 columns (token … gold predicted) with tags in the last two")
				}
			}
			s.Add(gold, x.Gold)
		}
	}
	return s, nil
}

type nerScoreJSON struct {
	Type      string  `json:"type"`
	Gold      int     `json:"gold"`
	Predicted int     `json:"predicted"`
	Correct   int     `json:"correct"`
	P         float64 `json:"precision"`
	R         float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

func printNERScore(a *app, s ner.Score, asJSON bool) error {
	row := func(t string, c ner.Counts) nerScoreJSON {
		return nerScoreJSON{t, c.Gold, c.Pred, c.Correct, c.P(), c.R(), c.F1()}
	}
	rows := []nerScoreJSON{}
	for _, t := range s.Types() {
		rows = append(rows, row(t, s.ByType[t]))
	}
	rows = append(rows, row("overall", s.Total))
	if asJSON {
		acc := 0.0
		if s.Tokens > 0 {
			acc = 100 * float64(s.TokenCorrect) / float64(s.Tokens)
		}
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]any{"tokens": s.Tokens, "token_accuracy": acc, "scores": rows})
	}
	fmt.Fprintf(a.stdout, "%-8s %6s %6s %6s %7s %7s %7s\n", "type", "gold", "pred", "ok", "P", "R", "F1")
	for _, r := range rows {
		fmt.Fprintf(a.stdout, "%-8s %6d %6d %6d %7.2f %7.2f %7.2f\n", r.Type, r.Gold, r.Predicted, r.Correct, r.P, r.R, r.F1)
	}
	return nil
}

func validNERTag(t string) bool {
	return t == "O" || (len(t) > 2 && (t[0] == 'B' || t[0] == 'I') && t[1] == '-')
}
