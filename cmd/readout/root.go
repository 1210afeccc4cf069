package main

import (
	"fmt"
	"io"
	"log/slog"

	"github.com/spf13/cobra"

	"github.com/readout/readout/internal/config"
)

// app is what every subcommand shares: configuration, logger and streams.
// Nothing here is global; tests build their own app through run.
type app struct {
	cfg    config.Config
	log    *slog.Logger
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	closer func()

	configFile string
	noSyntax   bool // skip tagging and parsing at ingest
	noEntities bool // skip entity resolution at ingest
	noQuotes   bool // skip quote extraction at ingest
	noEvents   bool // skip event coding at ingest
}

// subcommands lists the constructors of every subcommand. Each lives in its
// own file named after it.
var subcommands = []func(*app) *cobra.Command{
	newIngestCmd,
	newArticlesCmd,
	newShowCmd,
	newServeCmd,
	newReprocessCmd,
	newEvalCmd,
	newTrainCmd,
	newBenchCmd,
	newConfigCmd,
	newVersionCmd,
	newExtractCmd,
	newNERCmd,
	newParseCmd,
	newKBCmd,
	newAnalyzeCmd,
	newEntitiesCmd,
	newEntityCmd,
	newQuotesCmd,
	newAlertsCmd,
	newWorkerCmd,
	newQueueCmd,
	newEventsCmd, newStoriesCmd, newStoryCmd, newRestoryCmd,
	newSourcesCmd, newWatchCmd, newExportCmd,
	newMigrateCmd,
	// (add constructors here, one line each)
}

func newRootCmd(a *app) *cobra.Command {
	a.cfg = config.Default()
	root := &cobra.Command{
		Use:   "readout",
		Short: "Turn news articles into a source-linked database of who did what to whom",
		Long: `readout turns news articles into a source-linked database: the cleaned
text of every article, and (as the pipeline grows) the people, quotes and
political events in it, each linked back to the exact words it came from.

Configuration precedence: flags > environment (READOUT_*) > config file
(--config, default ./readout.json if present) > defaults. 'readout config'
prints the effective configuration.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			return a.loadConfig(cmd)
		},
	}
	pf := root.PersistentFlags()
	pf.StringVar(&a.configFile, "config", "", "config file (JSON); default ./readout.json when it exists")
	pf.StringVar(&a.cfg.DB, "db", a.cfg.DB, "SQLite database file (env READOUT_DB)")
	pf.StringVar(&a.cfg.LogLevel, "log-level", a.cfg.LogLevel, "log level: debug, info, warn, error (env READOUT_LOG_LEVEL)")
	for _, mk := range subcommands {
		root.AddCommand(mk(a))
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageError{err} })
	return root
}

// loadConfig applies file and environment beneath the flags the user set.
func (a *app) loadConfig(cmd *cobra.Command) error {
	flags := a.cfg // holds defaults overridden by explicitly set flags
	cfg := config.Default()
	path, required := "readout.json", false
	if a.configFile != "" {
		path, required = a.configFile, true
	}
	if err := cfg.LoadFile(path, required); err != nil {
		return usageError{err}
	}
	if err := cfg.LoadEnv(a.getenv); err != nil {
		return usageError{err}
	}
	// Re-apply flags that were set on the command line.
	set := func(name string, apply func()) {
		if f := cmd.Flags().Lookup(name); f != nil && f.Changed {
			apply()
		}
	}
	set("db", func() { cfg.DB = flags.DB })
	set("log-level", func() { cfg.LogLevel = flags.LogLevel })
	set("addr", func() { cfg.Addr = flags.Addr })
	set("workers", func() { cfg.Workers = flags.Workers })
	set("max-doc-bytes", func() { cfg.MaxDocBytes = flags.MaxDocBytes })
	set("max-html-depth", func() { cfg.MaxHTMLDepth = flags.MaxHTMLDepth })
	if err := cfg.Validate(); err != nil {
		return usageError{err}
	}
	a.cfg = cfg
	a.log = newLogger(a.stderr, cfg.LogLevel)
	return nil
}

// exactArgs is cobra.ExactArgs with errors classified as usage errors.
func exactArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usageError{fmt.Errorf("%s takes %d argument(s), got %d", cmd.CommandPath(), n, len(args))}
		}
		return nil
	}
}
