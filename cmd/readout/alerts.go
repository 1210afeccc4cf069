package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/readout/readout/internal/alert"
	"github.com/readout/readout/internal/news"
)

func newAlertsCmd(a *app) *cobra.Command {
	c := &cobra.Command{
		Use:   "alerts",
		Short: "Check watch rules, re-send pending alerts and show the delivery log",
		Long: `Watch rules (a YAML file, see docs/alerts.md) fire on new events, quotes,
mentions of entities and stories. When a rules file is configured
(READOUT_ALERTS, or "alerts" in the config file), every command that stores
articles (ingest, reprocess, watch) matches the rules and delivers the
alerts at the end of its run; each delivery is kept in the store and sent
at least once.`,
	}
	c.AddCommand(newAlertsTestCmd(a), newAlertsRunCmd(a), newAlertsLogCmd(a))
	return c
}

func newAlertsTestCmd(a *app) *cobra.Command {
	var (
		asJSON bool
		limit  int
	)
	c := &cobra.Command{
		Use:   "test RULES.yaml",
		Short: "Validate a rules file and show what it would match in the store",
		Long: `Validate a rules file, then match it against every stored article and show
the matches (at most --limit), each with the state of its delivery: new
(would be sent), pending, delivered or failed. Nothing is sent or
recorded.`,
		Example: `  readout alerts test examples/alerts.yaml
  readout alerts test rules.yaml --json`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if limit < 0 {
				return usageError{fmt.Errorf("-n/--limit %d: want 0 or more", limit)}
			}
			rules, err := alert.Load(args[0], a.getenv)
			if err != nil {
				return err
			}
			st, err := a.openStore(cmd.Context())
			if err != nil {
				return err
			}
			res, err := testRules(cmd.Context(), st, rules, limit)
			if err != nil {
				return err
			}
			res.File = args[0]
			if asJSON {
				return writeJSON(a.stdout, res)
			}
			return printRulesTest(a.stdout, res)
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	c.Flags().IntVarP(&limit, "limit", "n", 100, "how many matches to show (all are counted)")
	return c
}

// rulesTest is the result of `alerts test`.
type rulesTest struct {
	File     string       `json:"file"`
	Rules    []ruleInfo   `json:"rules"`
	Articles int          `json:"articles"`
	Stories  bool         `json:"stories"` // whether story data was available
	Total    int          `json:"total"`   // matches, all counted
	New      int          `json:"new"`     // matches never delivered
	Matches  []testResult `json:"matches"` // at most the limit
}

type ruleInfo struct {
	Name       string `json:"name"`
	Trigger    string `json:"trigger"`
	Deliveries int    `json:"deliveries"`
	Disabled   bool   `json:"disabled,omitempty"`
	Matches    int    `json:"matches"`
}

type testResult struct {
	// State is "new" or the state of the match's first delivery.
	State string      `json:"state"`
	Match alert.Match `json:"match"`
}

func testRules(ctx context.Context, st news.Store, rules *alert.Rules, limit int) (*rulesTest, error) {
	log, err := alertLog(st)
	if err != nil {
		return nil, err
	}
	res := &rulesTest{Matches: []testResult{}, Stories: rules.NeedsStories()}
	count := map[string]int{}
	seen := map[string]bool{} // rule and match identity: a story matches once, not once per article
	each := func(art *news.Article) error {
		if art.DuplicateOf != "" {
			return nil
		}
		res.Articles++
		var s *news.StoryDetail
		if res.Stories {
			if s, err = storyFor(ctx, st, art.ID); err != nil {
				if !news.IsKind(err, news.KindUnavailable) {
					return err
				}
				res.Stories = false
			}
		}
		for _, m := range rules.Match(art, s) {
			if seen[m.Rule+"\x00"+m.ID] {
				continue
			}
			seen[m.Rule+"\x00"+m.ID] = true
			res.Total++
			count[m.Rule]++
			r := rules.Rule(m.Rule)
			state := "new"
			ds, err := log.AlertDeliveries(ctx, news.AlertFilter{Key: alert.Key(&m, r.Deliver[0]), Limit: 1})
			if err != nil {
				return err
			}
			if len(ds) > 0 {
				state = string(ds[0].State)
			} else {
				res.New++
			}
			if len(res.Matches) < limit {
				res.Matches = append(res.Matches, testResult{State: state, Match: m})
			}
		}
		return nil
	}
	if err := eachArticle(ctx, st, each); err != nil {
		return nil, err
	}
	for _, r := range rules.Rules {
		res.Rules = append(res.Rules, ruleInfo{Name: r.Name, Trigger: string(r.Kind()), Deliveries: len(r.Deliver),
			Disabled: r.Disabled, Matches: count[r.Name]})
	}
	return res, nil
}

// storyFor is the story of an article, nil when it has none.
func storyFor(ctx context.Context, st news.Store, id string) (*news.StoryDetail, error) {
	sid, err := st.StoryOf(ctx, id)
	if err != nil || sid == "" {
		return nil, err
	}
	return st.Story(ctx, sid)
}

// eachArticle calls fn for every stored article with its entities,
// quotes and events; with a store that cannot walk them yet, it pages
// through the listing instead.
func eachArticle(ctx context.Context, st news.Store, fn func(*news.Article) error) error {
	err := st.EachArticle(ctx, fn)
	if !news.IsKind(err, news.KindUnavailable) {
		return err
	}
	for off := 0; ; off += 1000 {
		list, err := st.Articles(ctx, news.ArticleFilter{Limit: 1000, Offset: off})
		if err != nil {
			return err
		}
		for _, s := range list {
			art, err := st.Article(ctx, s.ID)
			if err != nil {
				return err
			}
			if err := fn(art); err != nil {
				return err
			}
		}
		if len(list) < 1000 {
			return nil
		}
	}
}

func printRulesTest(w io.Writer, res *rulesTest) error {
	fmt.Fprintf(w, "%s: %d rule(s), valid\n", res.File, len(res.Rules))
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "RULE\tTRIGGER\tDELIVERIES\tMATCHES")
	for _, r := range res.Rules {
		name := r.Name
		if r.Disabled {
			name += " (disabled)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\n", name, r.Trigger, r.Deliveries, r.Matches)
	}
	tw.Flush()
	if !res.Stories {
		fmt.Fprintln(w, "note: no story data: every event counts as 1 source; story rules cannot fire")
	}
	fmt.Fprintf(w, "\n%d match(es) in %d article(s), %d never delivered\n", res.Total, res.Articles, res.New)
	if len(res.Matches) == 0 {
		return nil
	}
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "STATE\tRULE\tARTICLE\tMATCH")
	for _, m := range res.Matches {
		line := alert.TextLine(&m.Match)
		line = strings.TrimPrefix(line, fmt.Sprintf("alert %s [%s] %s", m.Match.Rule, m.Match.Trigger, m.Match.Article.ID))
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", m.State, m.Match.Rule, m.Match.Article.ID, clip(strings.TrimSpace(line), 140))
	}
	if len(res.Matches) < res.Total {
		fmt.Fprintf(tw, "…\t%d more\t\t\n", res.Total-len(res.Matches))
	}
	return tw.Flush()
}

func newAlertsRunCmd(a *app) *cobra.Command {
	var asJSON, retryFailed bool
	c := &cobra.Command{
		Use:   "run RULES.yaml",
		Short: "Send the pending alert deliveries",
		Long: `Send every pending delivery in the store (those a run could not deliver,
or that a crash interrupted), with the secrets and targets of RULES.yaml.
Deliveries of rules no longer in the file stay pending. --retry-failed
makes deliveries that were given up pending again first.`,
		Example: `  readout alerts run alerts.yaml
  readout alerts run alerts.yaml --retry-failed --json`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			rules, err := alert.Load(args[0], a.getenv)
			if err != nil {
				return err
			}
			st, err := a.openStore(cmd.Context())
			if err != nil {
				return err
			}
			s, err := a.alertSender(rules, st, 5)
			if err != nil {
				return err
			}
			requeued := 0
			if retryFailed {
				l, _ := alertLog(st)
				if requeued, err = l.RetryFailedAlerts(cmd.Context(), ""); err != nil {
					return err
				}
			}
			rep, err := s.Flush(cmd.Context())
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(a.stdout, struct {
					alert.Report
					Requeued int `json:"requeued"`
				}{rep, requeued})
			}
			if requeued > 0 {
				fmt.Fprintf(a.stdout, "requeued %d failed deliveries\n", requeued)
			}
			_, err = fmt.Fprintf(a.stdout, "delivered %d · failed %d · still pending %d · skipped %d  (%d attempts)\n",
				rep.Delivered, rep.Failed, rep.Pending, rep.Skipped, rep.Attempts)
			return err
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	c.Flags().BoolVar(&retryFailed, "retry-failed", false, "make failed deliveries pending again first")
	return c
}

func newAlertsLogCmd(a *app) *cobra.Command {
	var (
		asJSON, deliveries bool
		state              string
		f                  news.AlertFilter
	)
	c := &cobra.Command{
		Use:   "log",
		Short: "Show the delivery attempts (or, with --deliveries, the deliveries)",
		Long: `Show every attempt to deliver an alert, newest first: when, which rule and
target, the attempt number, the HTTP status and the error. --deliveries
lists the deliveries instead, with their state (pending, delivered,
failed).`,
		Example: `  readout alerts log
  readout alerts log --rule strikes --json
  readout alerts log --deliveries --state pending`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if f.Limit < 1 || f.Limit > 1000 {
				return usageError{fmt.Errorf("-n/--limit %d: want 1 to 1000", f.Limit)}
			}
			if f.Offset < 0 {
				return usageError{fmt.Errorf("--offset %d: want 0 or more", f.Offset)}
			}
			switch s := news.DeliveryState(state); s {
			case "", news.DeliveryPending, news.DeliveryDelivered, news.DeliveryFailed:
				f.State = s
			default:
				return usageError{fmt.Errorf("--state %q: want pending, delivered or failed", state)}
			}
			if f.State != "" && !deliveries {
				return usageError{fmt.Errorf("--state needs --deliveries")}
			}
			if deliveries {
				return listing(a, cmd, asJSON, func(st news.Store) ([]news.AlertDelivery, error) {
					l, err := alertLog(st)
					if err != nil {
						return nil, err
					}
					return l.AlertDeliveries(cmd.Context(), f)
				}, printDeliveries)
			}
			return listing(a, cmd, asJSON, func(st news.Store) ([]news.AlertAttempt, error) {
				l, err := alertLog(st)
				if err != nil {
					return nil, err
				}
				return l.AlertAttempts(cmd.Context(), f)
			}, printAttempts)
		},
	}
	fl := c.Flags()
	fl.BoolVar(&asJSON, "json", false, "print JSON")
	fl.BoolVar(&deliveries, "deliveries", false, "list deliveries instead of attempts")
	fl.StringVar(&f.Rule, "rule", "", "only this rule")
	fl.StringVar(&f.Key, "key", "", "only this delivery (its idempotency key)")
	fl.StringVar(&state, "state", "", "with --deliveries: only pending, delivered or failed")
	fl.IntVarP(&f.Limit, "limit", "n", 50, "how many (at most 1000)")
	fl.IntVar(&f.Offset, "offset", 0, "skip this many")
	return c
}

func printAttempts(w io.Writer, list []news.AlertAttempt) error {
	if len(list) == 0 {
		_, err := fmt.Fprintln(w, "no delivery attempts")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TIME\tRULE\tTARGET\tTRY\tSTATUS\tTOOK\tERROR\tKEY")
	for _, t := range list {
		status := "-"
		if t.StatusCode != 0 {
			status = fmt.Sprint(t.StatusCode)
		}
		if t.Error == "" {
			status += " ok"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\t%s\t%s\n", t.At.UTC().Format(time.DateTime), t.Rule,
			clip(t.Target, 50), t.Attempt, status, t.Duration.Round(time.Millisecond), clip(dash(t.Error), 60), t.Key)
	}
	return tw.Flush()
}

func printDeliveries(w io.Writer, list []news.AlertDelivery) error {
	if len(list) == 0 {
		_, err := fmt.Fprintln(w, "no deliveries")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CREATED\tRULE\tTRIGGER\tARTICLE\tTARGET\tSTATE\tTRIES\tLAST ERROR\tKEY")
	for _, d := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\n", d.CreatedAt.UTC().Format(time.DateTime), d.Rule, d.Trigger,
			dash(d.ArticleID), clip(d.Target, 50), d.State, d.Attempts, clip(dash(d.LastError), 50), d.Key)
	}
	return tw.Flush()
}
