package main

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"
)

func newConfigCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "config",
		Short: "Print the effective configuration as JSON",
		Long: `Print the configuration readout would run with, after applying the config
file, READOUT_* environment variables and flags (in that order of
increasing precedence). Secrets, when there are any, are masked.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			c := a.cfg
			return writeJSON(a.stdout, map[string]any{
				"db": c.DB, "addr": c.Addr, "max_doc_bytes": c.MaxDocBytes,
				"max_html_depth": c.MaxHTMLDepth, "workers": c.Workers,
				"timeout": c.Timeout.String(), "log_level": c.LogLevel,
			})
		},
	}
}

func newVersionCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print readout's version",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			v := "(devel)"
			if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
				v = bi.Main.Version
			}
			_, err := fmt.Fprintf(a.stdout, "readout %s\n", v)
			return err
		},
	}
}
