package main

import (
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/story"
)

func newStoriesCmd(a *app) *cobra.Command {
	var (
		asJSON       bool
		since, until string
		f            news.StoryFilter
	)
	c := &cobra.Command{
		Use:   "stories",
		Short: "List stories: happenings as covered by many articles",
		Long: `List the stories the stored articles group into, the most recently
updated first. Stories are computed as articles are ingested (and all over
again by 'readout restory'). --search matches words of the title, --entity
keeps stories about an entity, --min-sources those with at least that many
independent outlets (copies of one wire text count once).`,
		Example: `  readout stories
  readout stories --min-sources 3 --since 2025-01-01
  readout stories --entity per:halvard-brekke --json`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if f.Limit < 1 || f.Limit > 1000 {
				return usageError{fmt.Errorf("-n/--limit %d: want 1 to 1000", f.Limit)}
			}
			if f.Offset < 0 {
				return usageError{fmt.Errorf("--offset %d: want 0 or more", f.Offset)}
			}
			if f.MinSources < 0 {
				return usageError{fmt.Errorf("--min-sources %d: want 0 or more", f.MinSources)}
			}
			var err error
			if f.Since, err = parseDay(since); err != nil {
				return usageError{fmt.Errorf("--since: %w", err)}
			}
			if f.Until, err = parseDay(until); err != nil {
				return usageError{fmt.Errorf("--until: %w", err)}
			}
			return listing(a, cmd, asJSON, func(st news.Store) ([]news.Story, error) {
				return st.Stories(cmd.Context(), f)
			}, printStories)
		},
	}
	fl := c.Flags()
	fl.BoolVar(&asJSON, "json", false, "print JSON")
	fl.StringVar(&f.Query, "search", "", "only stories whose title contains these words (any case)")
	fl.StringVar(&f.Entity, "entity", "", "only stories with this key entity ID")
	fl.IntVar(&f.MinSources, "min-sources", 0, "only stories with at least this many independent sources")
	fl.StringVar(&since, "since", "", "last updated on or after this day (YYYY-MM-DD)")
	fl.StringVar(&until, "until", "", "first seen before this day (YYYY-MM-DD)")
	fl.IntVarP(&f.Limit, "limit", "n", 50, "how many (at most 1000)")
	fl.IntVar(&f.Offset, "offset", 0, "skip this many")
	return c
}

func printStories(w io.Writer, list []news.Story) error {
	if len(list) == 0 {
		_, err := fmt.Fprintln(w, "no stories")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tLAST SEEN\tARTICLES\tSOURCES\tINDEPENDENT\tEVENTS\tTITLE")
	for _, s := range list {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%s\n", s.ID, storyDay(s.LastSeen), s.Articles, s.Sources,
			s.Independent, s.Events, clip(oneLine(s.Title), 70))
	}
	return tw.Flush()
}

func storyDay(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02")
}

func newStoryCmd(a *app) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "story ID",
		Short: "Show one story: its sources side by side, merged events with evidence, contradictions",
		Example: `  readout story s3f2a…
  readout story s3f2a… --json`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.openStore(cmd.Context())
			if err != nil {
				return err
			}
			d, err := st.Story(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(a.stdout, d)
			}
			return printStory(a.stdout, d)
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON (see docs/stories-json.md)")
	return c
}

// printStory writes a story for people.
func printStory(w io.Writer, d *news.StoryDetail) error {
	fmt.Fprintf(w, "%s\n%s\n", oneLine(d.Title), strings.Repeat("=", min(len([]rune(oneLine(d.Title))), 78)))
	fmt.Fprintf(w, "id %s · %s to %s · %d articles, %d sources (%d independent) · %d events\n",
		d.ID, storyDay(d.FirstSeen), storyDay(d.LastSeen), d.Articles, d.Sources, d.Independent, d.Events)
	if len(d.KeyEntities) > 0 {
		var ks []string
		for _, k := range d.KeyEntities {
			ks = append(ks, fmt.Sprintf("%s (%s, %d)", k.Name, k.ID, k.Articles))
		}
		fmt.Fprintf(w, "about: %s\n", strings.Join(ks, "; "))
	}

	fmt.Fprintln(w, "\nSources")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  OUTLET\tDATE\tTITLE\tARTICLE\tCOPY")
	for _, m := range d.Members {
		cp := "-"
		if m.NearDuplicateOf != "" {
			cp = fmt.Sprintf("≈ %s (%.2f)", m.NearDuplicateOf, m.Similarity)
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", clip(dash(oneLine(m.Site)), 28), storyDay(m.Published),
			clip(oneLine(m.Title), 60), m.ArticleID, cp)
	}
	tw.Flush()

	if len(d.MergedEvents) > 0 {
		fmt.Fprintln(w, "\nEvents")
	}
	for _, e := range d.MergedEvents {
		head := string(e.Type)
		if e.Mode != "" {
			head += "/" + e.Mode
		}
		who := strings.Join(e.Actors, "; ")
		if len(e.Recipients) > 0 {
			who += " → " + strings.Join(e.Recipients, "; ")
		}
		fmt.Fprintf(w, "  %s %s  %s", head, e.Status, dash(who))
		if e.Place != "" {
			fmt.Fprintf(w, "  in %s", oneLine(e.Place))
		}
		if e.Date != nil {
			if !e.Date.Begin.IsZero() {
				fmt.Fprintf(w, "  on %s", storyDay(e.Date.Begin))
			} else if e.Date.Text != "" {
				fmt.Fprintf(w, "  %q", oneLine(e.Date.Text))
			}
		}
		fmt.Fprintf(w, "\n    %s in %s (%d independent)  [%s]\n", plural(e.Mentions, "mention"), plural(e.Articles, "article"),
			e.Independent, e.ID)
		if e.FulfilledBy != "" {
			fmt.Fprintf(w, "    fulfilled by %s\n", e.FulfilledBy)
		}
		if len(e.Conflicts) > 0 {
			fmt.Fprintf(w, "    sources disagree on: %s\n", strings.Join(e.Conflicts, ", "))
		}
		for _, v := range e.Evidence {
			fmt.Fprintf(w, "    - %s: %s\n", dash(oneLine(v.Site)), clip(oneLine(v.Text), 150))
		}
	}

	if len(d.Contradictions) > 0 {
		fmt.Fprintln(w, "\nContradictions")
	}
	for _, c := range d.Contradictions {
		fmt.Fprintf(w, "  %s: %s\n", c.Kind, oneLine(c.Subject))
		for _, e := range []news.Evidence{c.A, c.B} {
			fmt.Fprintf(w, "    %s says %q: %q [%s %d-%d]\n", dash(oneLine(e.Site)), oneLine(e.Value),
				clip(oneLine(e.Text), 120), e.ArticleID, e.Start, e.End)
		}
	}
	return nil
}

func newRestoryCmd(a *app) *cobra.Command {
	var asJSON, quiet bool
	c := &cobra.Command{
		Use:   "restory",
		Short: "Compute every story again from the stored articles",
		Long: `Delete the stored stories and compute them again from every stored article,
in the order they were first ingested. The result is the same however often
it runs; use it after upgrading readout or after ingesting with an older one.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			st, err := a.openStore(ctx)
			if err != nil {
				return err
			}
			start := time.Now()
			var progress func()
			finish := func() {}
			if f, ok := a.stderr.(*os.File); ok && !quiet && !asJSON && term.IsTerminal(int(f.Fd())) {
				total := -1
				if s, err := st.Stats(ctx); err == nil {
					total = s.Articles
				}
				bar := progressbar.NewOptions(total, progressbar.OptionSetWriter(a.stderr),
					progressbar.OptionSetDescription("restory"), progressbar.OptionShowCount(),
					progressbar.OptionShowIts(), progressbar.OptionSetItsString("articles"),
					progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())
				progress = func() { bar.Add(1) }
				finish = func() { bar.Finish() }
			}
			if err := st.ResetStories(ctx); err != nil {
				return err
			}
			eng := story.New(story.Options{})
			n := 0
			ids := map[string]bool{}
			err = st.EachArticle(ctx, func(art *news.Article) error {
				for _, id := range eng.Add(art) {
					ids[id] = true
				}
				n++
				if progress != nil {
					progress()
				}
				return nil
			})
			finish()
			if err != nil {
				return err
			}
			// Story by story in ID order (as Engine.All gives them), a
			// batch at a time, so that a large store's stories are never
			// all in memory at once.
			stories, events := 0, 0
			var batch []news.StoryDetail
			flush := func() error {
				if len(batch) == 0 {
					return nil
				}
				err := st.PutStories(ctx, batch)
				batch = batch[:0]
				return err
			}
			for _, id := range slices.Sorted(maps.Keys(ids)) {
				d, ok := eng.Detail(id)
				if !ok {
					continue // merged into another
				}
				stories++
				events += len(d.MergedEvents)
				batch = append(batch, d)
				if len(batch) == putStoriesBatch {
					if err := flush(); err != nil {
						return err
					}
				}
			}
			if err := flush(); err != nil {
				return err
			}
			el := time.Since(start).Seconds()
			if asJSON {
				return writeJSON(a.stdout, map[string]any{"articles": n, "stories": stories,
					"merged_events": events, "seconds": el})
			}
			_, err = fmt.Fprintf(a.stdout, "restory: %d articles · %d stories · %d merged events  (%.2fs)\n",
				n, stories, events, el)
			return err
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print the summary as JSON")
	c.Flags().BoolVarP(&quiet, "quiet", "q", false, "no progress bar")
	return c
}

// plural is "1 article", "2 articles".
func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
