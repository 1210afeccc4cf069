package main

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/readout/readout/internal/feed"
	"github.com/readout/readout/internal/fetch"
	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/watch"
)

func newSourcesCmd(a *app) *cobra.Command {
	c := &cobra.Command{
		Use:   "sources",
		Short: "Manage the feeds and sitemaps that 'readout watch' follows",
		Long: `Manage the sources 'readout watch' polls: RSS, Atom and JSON feeds, and
news sitemaps or sitemap indexes. They are kept in the database (--db).`,
		Example: `  readout sources add https://news.example/rss.xml
  readout sources import examples/feeds.opml
  readout sources list
  readout sources remove 3`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	c.AddCommand(newSourcesAddCmd(a), newSourcesImportCmd(a), newSourcesListCmd(a), newSourcesRemoveCmd(a))
	return c
}

// watchState opens the store and returns its watch state.
func (a *app) watchState(ctx context.Context) (news.Store, watch.State, error) {
	st, err := a.openStore(ctx)
	if err != nil {
		return nil, nil, err
	}
	ws, ok := st.(watch.State)
	if !ok {
		return nil, nil, news.E("sources", news.KindUnavailable, "this store does not keep sources")
	}
	return st, ws, nil
}

// checkSourceURL accepts absolute http(s) URLs only.
func checkSourceURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", usageError{fmt.Errorf("%q is not an http(s) URL", raw)}
	}
	return u.String(), nil
}

func newSourcesAddCmd(a *app) *cobra.Command {
	var name, kind string
	var allow []string
	var asJSON bool
	c := &cobra.Command{
		Use:   "add URL",
		Short: "Add a feed or sitemap",
		Long: `Add a feed (RSS, Atom, JSON Feed) or a news sitemap / sitemap index. Without
--kind the URL is fetched once, politely, and the kind sniffed from its
content; the feed's title becomes the name unless --name is given. With
--kind nothing is fetched.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			u, err := checkSourceURL(args[0])
			if err != nil {
				return err
			}
			src := watch.Source{URL: u, Name: strings.TrimSpace(name)}
			if kind != "" {
				k, err := feed.ParseKind(kind)
				if err != nil {
					return usageError{err}
				}
				src.Kind = k
			} else {
				f, err := a.newFetcher(allow, nil)
				if err != nil {
					return err
				}
				resp, err := f.Fetch(cmd.Context(), fetch.Request{URL: u})
				if err != nil {
					return news.E("sources add", news.KindOf(err), fmt.Errorf("cannot sniff the kind (give --kind rss or --kind sitemap): %w", err))
				}
				parsed, err := feed.Parse(resp.Body, resp.URL)
				if err != nil {
					return news.E("sources add", news.KindInvalid, fmt.Errorf("%s: %w", u, err))
				}
				src.Kind = parsed.Kind
				if src.Name == "" {
					src.Name = parsed.Title
				}
			}
			_, ws, err := a.watchState(cmd.Context())
			if err != nil {
				return err
			}
			added, err := ws.AddSource(cmd.Context(), src)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(a.stdout, added)
			}
			_, err = fmt.Fprintf(a.stdout, "added source %d: %s (%s) %s\n", added.ID, orDash(added.Name), added.Kind, added.URL)
			return err
		},
	}
	c.Flags().StringVar(&name, "name", "", "the source's name (default: the feed's title)")
	c.Flags().StringVar(&kind, "kind", "", "rss (RSS, Atom, JSON Feed) or sitemap; sniffed when omitted")
	c.Flags().StringArrayVar(&allow, "allow-host", nil, "host that may be fetched although it is private or loopback (repeatable)")
	c.Flags().BoolVar(&asJSON, "json", false, "print the added source as JSON")
	return c
}

func newSourcesImportCmd(a *app) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "import FILE.opml",
		Short: "Add every feed of an OPML subscription list",
		Long: `Add every feed an OPML file lists (at any depth; folders become categories).
Feeds already added are left as they are. Nothing is fetched: URLs whose
name mentions "sitemap" are added as sitemaps, the others as feeds.`,
		Example: `  readout sources import examples/feeds.opml`,
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			r, err := a.openInput("sources import", args[0])
			if err != nil {
				return err
			}
			defer r.Close()
			subs, err := feed.ParseOPML(io.LimitReader(r, 16<<20))
			if err != nil {
				return news.E("sources import", news.KindInvalid, fmt.Errorf("%s: %w", args[0], err))
			}
			_, ws, err := a.watchState(cmd.Context())
			if err != nil {
				return err
			}
			res := struct {
				Added   []watch.Source `json:"added"`
				Present []string       `json:"already_present"`
			}{Added: []watch.Source{}, Present: []string{}}
			for _, s := range subs {
				kind := feed.KindRSS
				if strings.Contains(strings.ToLower(s.URL), "sitemap") {
					kind = feed.KindSitemap
				}
				added, err := ws.AddSource(cmd.Context(), watch.Source{Name: s.Title, URL: s.URL, Kind: kind, Category: s.Category})
				switch {
				case news.IsKind(err, news.KindConflict):
					res.Present = append(res.Present, s.URL)
				case err != nil:
					return err
				default:
					res.Added = append(res.Added, added)
				}
			}
			if asJSON {
				return writeJSON(a.stdout, res)
			}
			_, err = fmt.Fprintf(a.stdout, "imported %d sources from %s (%d already present)\n", len(res.Added), args[0], len(res.Present))
			return err
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print the added sources as JSON")
	return c
}

func newSourcesListCmd(a *app) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "list",
		Short: "List the sources with their poll state",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			_, ws, err := a.watchState(cmd.Context())
			if err != nil {
				return err
			}
			list, err := ws.Sources(cmd.Context())
			if err != nil {
				return err
			}
			if list == nil {
				list = []watch.Source{}
			}
			if asJSON {
				return writeJSON(a.stdout, list)
			}
			return printSources(a.stdout, list, time.Now())
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print as JSON")
	return c
}

func printSources(w io.Writer, list []watch.Source, now time.Time) error {
	if len(list) == 0 {
		_, err := fmt.Fprintln(w, "no sources (add one with 'readout sources add URL' or 'readout sources import FILE.opml')")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tKIND\tNAME\tITEMS\tERRORS\tNEXT POLL\tURL")
	for _, s := range list {
		next := "due"
		if d := s.NextPoll.Sub(now); d > 0 {
			next = "in " + d.Round(time.Minute).String()
		}
		errs := strconv.Itoa(s.Errors)
		if s.LastError != "" {
			errs += " (" + clip(s.LastError, 40) + ")"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%s\t%s\t%s\n", s.ID, s.Kind, clip(orDash(s.Name), 32), s.Items, errs, next, s.URL)
	}
	return tw.Flush()
}

func newSourcesRemoveCmd(a *app) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "remove ID",
		Short: "Remove a source (articles already stored stay)",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil || id <= 0 {
				return usageError{fmt.Errorf("source ID must be a positive number, got %q", args[0])}
			}
			_, ws, err := a.watchState(cmd.Context())
			if err != nil {
				return err
			}
			if err := ws.RemoveSource(cmd.Context(), id); err != nil {
				return err
			}
			if asJSON {
				return writeJSON(a.stdout, map[string]int64{"removed": id})
			}
			_, err = fmt.Fprintf(a.stdout, "removed source %d\n", id)
			return err
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print the result as JSON")
	return c
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
