package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/readout/readout/internal/news"
)

func newEntitiesCmd(a *app) *cobra.Command {
	var (
		asJSON bool
		f      news.EntityFilter
	)
	c := &cobra.Command{
		Use:   "entities [WORDS...]",
		Short: "List the people, organisations and places of the stored articles",
		Long: `List the entities resolved in the stored articles, those in most articles
first. WORDS match part of the name or ID, ignoring case. Counts leave out
duplicate articles. 'readout entity ID' shows one entity in detail.`,
		Example: `  readout entities
  readout entities --type person --country NOR
  readout entities brekke --json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			f.Query = strings.Join(args, " ")
			if f.Limit < 1 || f.Limit > 1000 {
				return usageError{fmt.Errorf("-n/--limit %d: want 1 to 1000", f.Limit)}
			}
			if f.Offset < 0 {
				return usageError{fmt.Errorf("--offset %d: want 0 or more", f.Offset)}
			}
			if f.Country != "" && !isAlpha3(f.Country) {
				return usageError{fmt.Errorf("--country %q: want an ISO 3166-1 alpha-3 code such as NOR", f.Country)}
			}
			return listing(a, cmd, asJSON, func(st news.Store) ([]news.EntitySummary, error) {
				return st.Entities(cmd.Context(), f)
			}, printEntities)
		},
	}
	fl := c.Flags()
	fl.BoolVar(&asJSON, "json", false, "print JSON")
	fl.StringVar(&f.Type, "type", "", "only this type (person, country, igo, body, media, org, place, …)")
	fl.StringVar(&f.Country, "country", "", "only entities of this country (ISO 3166-1 alpha-3, e.g. NOR)")
	fl.StringVar(&f.Sector, "sector", "", "only this sector (GOV, MIL, JRN, …)")
	fl.IntVarP(&f.Limit, "limit", "n", 50, "how many (at most 1000)")
	fl.IntVar(&f.Offset, "offset", 0, "skip this many")
	return c
}

func isAlpha3(s string) bool {
	if len(s) != 3 {
		return false
	}
	for _, r := range s {
		if (r < 'A' || r > 'Z') && (r < 'a' || r > 'z') {
			return false
		}
	}
	return true
}

func printEntities(w io.Writer, list []news.EntitySummary) error {
	if len(list) == 0 {
		_, err := fmt.Fprintln(w, "no entities")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tTYPE\tACTOR\tARTICLES\tMENTIONS\tNAME\tTITLES")
	for _, e := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%s\t%s\n", clip(e.ID, 40), e.Type, dash(e.Actor),
			e.Articles, e.Mentions, clip(e.Name, 40), clip(strings.Join(e.Titles, "; "), 60))
	}
	return tw.Flush()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func newEntityCmd(a *app) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "entity ID",
		Short: "Show one entity: names, roles over time with their evidence, articles",
		Example: `  readout entity country:NOR
  readout entity per:halvard-brekke --json`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.openStore(cmd.Context())
			if err != nil {
				return err
			}
			d, err := st.Entity(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(a.stdout, d)
			}
			return printEntity(a.stdout, d)
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

func printEntity(w io.Writer, d *news.EntityDetail) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s  (%s)\n", d.Name, d.ID)
	kind := d.Type
	if d.Linked {
		kind += ", in the knowledge base"
	}
	fmt.Fprintf(&b, "type      %s\n", kind)
	fmt.Fprintf(&b, "actor     %s", dash(d.Actor))
	if d.Country != "" || d.Sector != "" {
		fmt.Fprintf(&b, "  (country %s, sector %s)", dash(d.Country), dash(d.Sector))
	}
	b.WriteByte('\n')
	fmt.Fprintf(&b, "seen      %d mention(s) in %d article(s)\n", d.Mentions, d.Articles)
	if len(d.Aliases) > 0 {
		fmt.Fprintf(&b, "aliases   %s\n", strings.Join(d.Aliases, "; "))
	}
	if len(d.Roles) > 0 {
		b.WriteString("\nroles\n")
		tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
		for _, r := range d.Roles {
			title := r.Title
			if r.Former {
				title = "former " + title
			}
			if r.Org != "" {
				title += " (" + r.Org + ")"
			}
			ev := "(knowledge base)"
			if r.Evidence != "" {
				ev = "“" + clip(oneLine(r.Evidence), 70) + "”"
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", dash(r.Date), clip(title, 50), ev, r.ArticleID)
		}
		tw.Flush()
	}
	if len(d.Appearances) > 0 {
		b.WriteString("\narticles\n")
		tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
		for _, ap := range d.Appearances {
			pub := "-"
			if !ap.Published.IsZero() {
				pub = ap.Published.UTC().Format("2006-01-02")
			}
			fmt.Fprintf(tw, "  %s\t%s\t%d\t%s\n", pub, ap.ArticleID, ap.Mentions, clip(ap.Title, 70))
		}
		tw.Flush()
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// oneLine folds white space, newlines included, to single spaces.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
