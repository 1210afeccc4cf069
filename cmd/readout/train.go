package main

import "github.com/spf13/cobra"

// trainCommands are the model trainers under 'readout train'; each in its
// own file.
var trainCommands = []func(*app) *cobra.Command{
	newTrainNERCmd,
	newTrainSyntaxCmd,
	// (add constructors here, one line each)
}

func newTrainCmd(a *app) *cobra.Command {
	c := &cobra.Command{
		Use:   "train",
		Short: "Train a model from data and write the model file",
		Long: `Train one of readout's models. The trained files readout ships are made
with these commands and committed under the stage's package (see its MODEL.md).`,
	}
	for _, mk := range trainCommands {
		c.AddCommand(mk(a))
	}
	return c
}
