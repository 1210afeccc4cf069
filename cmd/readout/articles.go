package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/readout/readout/internal/news"
)

func newArticlesCmd(a *app) *cobra.Command {
	var (
		asJSON       bool
		f            news.ArticleFilter
		since, until string
	)
	c := &cobra.Command{
		Use:     "articles [WORDS...]",
		Aliases: []string{"search", "ls"},
		Short:   "List stored articles, or search them",
		Long: `List stored articles, newest first. With WORDS, search titles and text:
words must all appear, "a phrase" in quotes matches exactly, OR between
words matches either, -word excludes.`,
		Example: `  readout articles
  readout articles ceasefire talks --since 2025-01-01
  readout articles '"humanitarian corridor"' --json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			f.Query = strings.Join(args, " ")
			var err error
			if f.Since, err = parseDay(since); err != nil {
				return usageError{fmt.Errorf("--since: %w", err)}
			}
			if f.Until, err = parseDay(until); err != nil {
				return usageError{fmt.Errorf("--until: %w", err)}
			}
			return listing(a, cmd, asJSON, func(st news.Store) ([]news.ArticleSummary, error) {
				return st.Articles(cmd.Context(), f)
			}, printArticles)
		},
	}
	fl := c.Flags()
	fl.BoolVar(&asJSON, "json", false, "print JSON")
	fl.StringVar(&f.Site, "site", "", "only articles from this site")
	fl.StringVar(&f.Language, "lang", "", "only articles in this language (ISO 639-1, e.g. en)")
	fl.StringVar(&since, "since", "", "published on or after this day (YYYY-MM-DD)")
	fl.StringVar(&until, "until", "", "published before this day (YYYY-MM-DD)")
	fl.BoolVar(&f.IncludeDuplicates, "duplicates", false, "list duplicates too")
	fl.IntVarP(&f.Limit, "limit", "n", 50, "how many (at most 1000)")
	fl.IntVar(&f.Offset, "offset", 0, "skip this many")
	return c
}

func newShowCmd(a *app) *cobra.Command {
	var asJSON, raw bool
	c := &cobra.Command{
		Use:   "show ID",
		Short: "Show one stored article: metadata and cleaned text",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.openStore(cmd.Context())
			if err != nil {
				return err
			}
			if raw {
				r, err := st.Raw(cmd.Context(), args[0])
				if err != nil {
					return err
				}
				_, err = a.stdout.Write(r.Body)
				return err
			}
			art, err := st.Article(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(a.stdout, art)
			}
			printArticle(a.stdout, art)
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON (blocks and sentences included)")
	c.Flags().BoolVar(&raw, "raw", false, "print the raw input the article was cleaned from")
	return c
}

func parseDay(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return time.Time{}, fmt.Errorf("want YYYY-MM-DD, got %q", s)
	}
	return t, nil
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func writeJSON(w interface{ Write([]byte) (int, error) }, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// printArticles writes a listing of articles as a table.
func printArticles(w io.Writer, list []news.ArticleSummary) error {
	if len(list) == 0 {
		fmt.Fprintln(w, "no articles")
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tPUBLISHED\tSITE\tLANG\tWORDS\tTITLE")
	for _, s := range list {
		pub := ""
		if !s.Published.IsZero() {
			pub = s.Published.UTC().Format("2006-01-02")
		}
		title := s.Title
		if s.DuplicateOf != "" {
			title += "  (duplicate of " + s.DuplicateOf + ")"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\n", s.ID, pub, clip(s.Site, 24), s.Language, s.Words, clip(title, 80))
	}
	return tw.Flush()
}
