package main

import (
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/readout/readout/internal/kb"
	"github.com/readout/readout/internal/text"
)

func newKBCmd(a *app) *cobra.Command {
	var files []string
	c := &cobra.Command{
		Use:   "kb",
		Short: "Query the knowledge base of actors (countries, organisations, groups, bodies, media, people)",
		Long: `Query the knowledge base readout uses to tell what actor a name is: the
embedded data (countries and territories, international organisations,
armed and political groups, government bodies, media outlets, people with
dated roles) merged with user files given with --kb (JSON; later files
override earlier ones; see internal/kb/README.md for the format).`,
	}
	c.PersistentFlags().StringArrayVar(&files, "kb", nil, "user knowledge-base file (JSON) merged over the embedded data; repeatable, later wins")
	open := func() (*kb.KB, error) { return kb.Open(files...) }
	c.AddCommand(newKBLookupCmd(a, open), newKBListCmd(a, open), newKBMatchCmd(a, open))
	return c
}

// kbHit is one lookup answer.
type kbHit struct {
	Via    string     `json:"via"` // name, demonym, capital
	Entity *kb.Entity `json:"entity"`
}

func newKBLookupCmd(a *app, open func() (*kb.KB, error)) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:     "lookup NAME...",
		Short:   "Show the entities a name, demonym or capital refers to",
		Example: "  readout kb lookup U.S.\n  readout kb lookup Israeli --json\n  readout kb lookup the State Department",
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError{fmt.Errorf("lookup needs a NAME")}
			}
			k, err := open()
			if err != nil {
				return err
			}
			name := strings.Join(args, " ")
			hits := []kbHit{}
			for _, e := range k.Lookup(name) {
				hits = append(hits, kbHit{"name", e})
			}
			if e := k.Demonym(name); e != nil {
				hits = append(hits, kbHit{"demonym", e})
			}
			if e := k.Capital(name); e != nil {
				hits = append(hits, kbHit{"capital", e})
			}
			if asJSON {
				return writeJSON(a.stdout, hits)
			}
			if len(hits) == 0 {
				fmt.Fprintf(a.stdout, "no entity named %q\n", name)
				return nil
			}
			for i, h := range hits {
				if i > 0 {
					fmt.Fprintln(a.stdout)
				}
				printKBEntity(a, h.Via, h.Entity)
			}
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

func printKBEntity(a *app, via string, e *kb.Entity) {
	w := a.stdout
	line := func(k, v string) {
		if v != "" {
			fmt.Fprintf(w, "%-9s %s\n", k+":", v)
		}
	}
	line("id", e.ID)
	line("via", via)
	line("type", e.Type)
	line("name", e.Name)
	line("country", e.Country)
	line("sector", e.Sector)
	line("aliases", strings.Join(e.Aliases, "; "))
	line("demonyms", strings.Join(e.Demonyms, "; "))
	line("metonyms", strings.Join(e.Metonyms, "; "))
	for _, r := range e.Roles {
		from, to := r.From, r.To
		if from == "" {
			from = "?"
		}
		if to == "" {
			to = "now"
		}
		line("role", fmt.Sprintf("%s, %s (%s) %s – %s", r.Title, r.Org, r.Sector, from, to))
	}
	line("source", e.Source)
}

func newKBListCmd(a *app, open func() (*kb.KB, error)) *cobra.Command {
	var (
		asJSON bool
		typ    string
	)
	c := &cobra.Command{
		Use:     "list",
		Short:   "List the entities of the knowledge base",
		Example: "  readout kb list --type media\n  readout kb list --type person --json",
		RunE: func(cmd *cobra.Command, args []string) error {
			if typ != "" && !slices.Contains(kb.Types(), typ) {
				return usageError{fmt.Errorf("--type %q: want one of %s", typ, strings.Join(kb.Types(), ", "))}
			}
			k, err := open()
			if err != nil {
				return err
			}
			list := k.List(typ)
			if asJSON {
				return writeJSON(a.stdout, list)
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tTYPE\tCOUNTRY\tSECTOR\tNAME")
			for _, e := range list {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", e.ID, e.Type, e.Country, e.Sector, e.Name)
			}
			return tw.Flush()
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	c.Flags().StringVar(&typ, "type", "", "only this type: "+strings.Join(kb.Types(), ", "))
	return c
}

// kbMatch is one match in JSON output.
type kbMatch struct {
	Text   string `json:"text"`
	Start  int    `json:"start"` // byte offsets in the input
	End    int    `json:"end"`
	Kind   string `json:"kind"`
	ID     string `json:"id"`
	Name   string `json:"name"`
	Type   string `json:"type"`
	Nation string `json:"country,omitempty"`
	Sector string `json:"sector,omitempty"`
}

func newKBMatchCmd(a *app, open func() (*kb.KB, error)) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:     "match TEXT...",
		Short:   "Show the knowledge-base names found in a text",
		Example: `  readout kb match "Egypt's foreign ministry told the U.S. State Department"`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError{fmt.Errorf("match needs TEXT")}
			}
			k, err := open()
			if err != nil {
				return err
			}
			s := strings.Join(args, " ")
			toks := text.Tokenize(s, 0)
			words := make([]string, len(toks))
			for i, t := range toks {
				words[i] = t.Text
			}
			out := []kbMatch{}
			for _, m := range k.Match(words) {
				st, en := toks[m.Start].Start, toks[m.End-1].End
				e := m.Entity
				out = append(out, kbMatch{s[st:en], st, en, m.Kind, e.ID, e.Name, e.Type, e.Country, e.Sector})
			}
			if asJSON {
				return writeJSON(a.stdout, out)
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "TEXT\tKIND\tID\tCOUNTRY\tSECTOR")
			for _, m := range out {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", m.Text, m.Kind, m.ID, m.Nation, m.Sector)
			}
			return tw.Flush()
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}
