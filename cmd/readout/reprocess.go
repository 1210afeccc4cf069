package main

import (
	"github.com/spf13/cobra"
)

func newReprocessCmd(a *app) *cobra.Command {
	var asJSON, quiet bool
	c := &cobra.Command{
		Use:   "reprocess",
		Short: "Run the current pipeline again over every stored raw document",
		Long: `Every ingested document is kept in its raw form. reprocess cleans and
analyses all of them again with this version of readout and updates the
stored articles, so improvements to the pipeline reach old data.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.openStore(cmd.Context())
			if err != nil {
				return err
			}
			p, done, err := a.newPipeline(st, quiet || asJSON)
			if err != nil {
				return err
			}
			sum, err := p.Reprocess(cmd.Context())
			done()
			return a.reportRun(sum, err, asJSON)
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print the summary as JSON")
	c.Flags().BoolVarP(&quiet, "quiet", "q", false, "no progress output")
	c.Flags().IntVar(&a.cfg.Workers, "workers", a.cfg.Workers, "documents processed at once (0 = number of CPUs)")
	c.Flags().BoolVar(&a.noEntities, "no-entities", false, "do not resolve entities (faster)")
	c.Flags().BoolVar(&a.noQuotes, "no-quotes", false, "do not extract quotes (faster)")
	c.Flags().BoolVar(&a.noEvents, "no-events", false, "do not code events (faster)")
	return c
}
