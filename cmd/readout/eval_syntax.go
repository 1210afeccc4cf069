package main

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"
)

func newEvalSyntaxCmd(a *app) *cobra.Command {
	var asJSON bool
	var modelPath string
	c := &cobra.Command{
		Use:   "syntax GOLD.conllu",
		Short: "Score tagging, lemmas and dependency parses against a CoNLL-U treebank",
		Long: `Annotate the words of a gold CoNLL-U treebank (gold tokenisation, predicted
tags) and report UPOS, XPOS and lemma accuracy, UAS and LAS, punctuation
included. LAS compares the universal part of the relation (before ':'), as
the CoNLL 2018 shared task does; las_full compares whole relations with
subtypes. tokens_per_second is annotation speed on one goroutine.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			gold, err := readSyntaxTreebank(args[0])
			if err != nil {
				return err
			}
			m, err := loadSyntaxModel(modelPath)
			if err != nil {
				return err
			}
			sc := m.Evaluate(gold)
			if asJSON {
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(sc)
			}
			fmt.Fprintf(a.stdout, "sentences  %d\ntokens     %d\nUPOS       %.2f\nXPOS       %.2f\nlemma      %.2f\nUAS        %.2f\nLAS        %.2f\nLAS (full) %.2f\ntokens/s   %.0f\n",
				sc.Sentences, sc.Tokens, sc.UPOS, sc.XPOS, sc.Lemma, sc.UAS, sc.LAS, sc.LASFull, sc.TokensPerSecond)
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "write the scores as JSON")
	c.Flags().StringVar(&modelPath, "model", "", "syntax model file (default: the embedded model)")
	return c
}
