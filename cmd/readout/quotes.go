package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/readout/readout/internal/news"
)

func newQuotesCmd(a *app) *cobra.Command {
	var (
		asJSON bool
		kind   string
		f      news.QuoteFilter
	)
	c := &cobra.Command{
		Use:   "quotes",
		Short: "List the quotations and reported statements of the stored articles",
		Long: `List the quotations extracted from the stored articles, those of the newest
articles first. --speaker takes an entity ID or part of the speaker's name
(ignoring case); --search words must all appear in the quoted text.
Duplicate articles are left out.`,
		Example: `  readout quotes
  readout quotes --speaker per:halvard-brekke
  readout quotes --speaker brekke --kind direct --search quotas --json`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if f.Limit < 1 || f.Limit > 1000 {
				return usageError{fmt.Errorf("-n/--limit %d: want 1 to 1000", f.Limit)}
			}
			if f.Offset < 0 {
				return usageError{fmt.Errorf("--offset %d: want 0 or more", f.Offset)}
			}
			switch k := news.QuoteKind(strings.ToLower(kind)); k {
			case "", news.QuoteDirect, news.QuotePartial, news.QuoteIndirect, news.QuoteTerm:
				f.Kind = k
			default:
				return usageError{fmt.Errorf("--kind %q: want direct, partial, indirect or term", kind)}
			}
			return listing(a, cmd, asJSON, func(st news.Store) ([]news.QuoteSummary, error) {
				return st.Quotes(cmd.Context(), f)
			}, printQuotes)
		},
	}
	fl := c.Flags()
	fl.BoolVar(&asJSON, "json", false, "print JSON")
	fl.StringVar(&f.Speaker, "speaker", "", "only quotes by this entity ID or speaker name (part of it, any case)")
	fl.StringVar(&f.Search, "search", "", "only quotes containing all these words")
	fl.StringVar(&kind, "kind", "", "only this kind (direct, partial, indirect, term)")
	fl.IntVarP(&f.Limit, "limit", "n", 50, "how many (at most 1000)")
	fl.IntVar(&f.Offset, "offset", 0, "skip this many")
	return c
}

func printQuotes(w io.Writer, list []news.QuoteSummary) error {
	if len(list) == 0 {
		_, err := fmt.Fprintln(w, "no quotes")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ARTICLE\tKIND\tSPEAKER\tVIA\tQUOTE")
	for _, q := range list {
		speaker := q.Speaker
		if q.SpeakerEntityID != "" {
			speaker += " (" + q.SpeakerEntityID + ")"
		}
		// Tabs and line breaks inside a quote would break the table.
		text := strings.Join(strings.Fields(q.Text), " ")
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", q.ArticleID, q.Kind, clip(dash(speaker), 40),
			clip(dash(strings.Join(q.Via, "; ")), 30), clip(text, 70))
	}
	return tw.Flush()
}
