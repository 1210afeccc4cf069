package main

import (
	"fmt"
	"os"
	"runtime/debug"

	"github.com/readout/readout/internal/store/postgres"

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
			token := ""
			if os.Getenv("READOUT_API_TOKEN") != "" {
				token = "(set)"
			}
			return writeJSON(a.stdout, map[string]any{
				"db": postgres.Redact(c.DB), "addr": c.Addr, "max_doc_bytes": c.MaxDocBytes,
				"max_html_depth": c.MaxHTMLDepth, "workers": c.Workers,
				"timeout": c.Timeout.String(), "log_level": c.LogLevel,
				"alerts": c.Alerts, "queue": c.Queue, "contact_url": c.ContactURL,
				"fetch_delay": c.FetchDelay.String(), "allow_hosts": c.AllowHosts,
				"api_token": token,
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
