package main

import "github.com/spf13/cobra"

// evalCommands are the scorers under 'readout eval'; each in its own file.
var evalCommands = []func(*app) *cobra.Command{
	newEvalExtractCmd,
	newEvalNERCmd,
	newEvalTokensCmd,
	newEvalSyntaxCmd,
	newEvalQuotesCmd,
	newEvalEventsCmd,
	newEvalStoriesCmd,
	// (add constructors here, one line each)
}

func newEvalCmd(a *app) *cobra.Command {
	c := &cobra.Command{
		Use:   "eval",
		Short: "Measure a stage against a gold standard",
		Long:  "Measure a stage of readout against gold data, with the standard scores for that task.",
	}
	for _, mk := range evalCommands {
		c.AddCommand(mk(a))
	}
	return c
}
