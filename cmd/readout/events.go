package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/readout/readout/internal/news"
)

// eventTypes and eventStatuses are the values --type and --status accept.
var (
	eventTypes = []news.EventType{news.EventAgree, news.EventConsult, news.EventSupport, news.EventConcede,
		news.EventCooperate, news.EventAid, news.EventRetreat, news.EventRequest, news.EventAccuse,
		news.EventReject, news.EventThreaten, news.EventProtest, news.EventSanction, news.EventMobilize,
		news.EventCoerce, news.EventAssault}
	eventStatuses = []news.EventStatus{news.StatusOccurred, news.StatusOngoing, news.StatusPlanned,
		news.StatusHypothetical, news.StatusNegated, news.StatusReported}
)

// exportPage is how many events --all fetches at a time (a variable for
// tests).
var exportPage = 1000

func joinValues[T ~string](vs []T) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}

func newEventsCmd(a *app) *cobra.Command {
	var (
		asJSON, all               bool
		typ, status, since, until string
		format                    string
		f                         news.EventFilter
	)
	c := &cobra.Command{
		Use:   "events",
		Short: "List or export the political events coded from the stored articles",
		Long: `List the PLOVER events coded from the stored articles (one row per mention
in an article), the most recent event date first: the event's resolved date,
else the article's publication date. Duplicate articles are left out.

--actor and --recipient take an entity ID (per:…), an actor code (ISRGOV)
or country code (ISR) as a prefix of the participant's code, or part of the
participant's words (any case). --country matches any actor, recipient or
the place.

--format csv, tsv and jsonl are for export; with --all they page through
every matching event. The TSV layout is GDELT-like: see docs/events-export.md.`,
		Example: `  readout events
  readout events --type ASSAULT --country UKR --since 2025-01-01
  readout events --actor per:halvard-brekke --json
  readout events --all --format tsv > events.tsv`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if f.Limit < 1 || f.Limit > 1000 {
				return usageError{fmt.Errorf("-n/--limit %d: want 1 to 1000", f.Limit)}
			}
			if f.Offset < 0 {
				return usageError{fmt.Errorf("--offset %d: want 0 or more", f.Offset)}
			}
			if typ != "" {
				f.Type = news.EventType(strings.ToUpper(typ))
				if !slices.Contains(eventTypes, f.Type) {
					return usageError{fmt.Errorf("--type %q: want one of %s", typ, joinValues(eventTypes))}
				}
			}
			if status != "" {
				f.Status = news.EventStatus(strings.ToLower(status))
				if !slices.Contains(eventStatuses, f.Status) {
					return usageError{fmt.Errorf("--status %q: want one of %s", status, joinValues(eventStatuses))}
				}
			}
			var err error
			if f.Since, err = parseDay(since); err != nil {
				return usageError{fmt.Errorf("--since: %w", err)}
			}
			if f.Until, err = parseDay(until); err != nil {
				return usageError{fmt.Errorf("--until: %w", err)}
			}
			if asJSON {
				if cmd.Flags().Changed("format") && format != "json" {
					return usageError{fmt.Errorf("--json and --format %s: choose one", format)}
				}
				format = "json"
			}
			w, err := newEventWriter(format, a.stdout)
			if err != nil {
				return usageError{err}
			}
			st, err := a.openStore(cmd.Context())
			if err != nil {
				return err
			}
			if err := w.begin(); err != nil {
				return err
			}
			if err := eachEvent(cmd.Context(), st, f, all, w.row); err != nil {
				return err
			}
			return w.end()
		},
	}
	fl := c.Flags()
	fl.BoolVar(&asJSON, "json", false, "print JSON (same as --format json)")
	fl.StringVar(&format, "format", "table", "output format: table, json, jsonl, csv, tsv")
	fl.BoolVar(&all, "all", false, "every matching event, fetched page by page (ignores --limit)")
	fl.StringVar(&typ, "type", "", "only this PLOVER type ("+joinValues(eventTypes)+")")
	fl.StringVar(&f.Mode, "mode", "", "only this mode (visit, phone, aerial …)")
	fl.StringVar(&f.Actor, "actor", "", "only events by this actor: entity ID, code prefix or part of the name")
	fl.StringVar(&f.Recipient, "recipient", "", "only events with this recipient: entity ID, code prefix or part of the name")
	fl.StringVar(&f.Country, "country", "", "only events with an actor, recipient or place in this country (ISO alpha-3)")
	fl.StringVar(&status, "status", "", "only this status ("+joinValues(eventStatuses)+")")
	fl.StringVar(&since, "since", "", "event date on or after this day (YYYY-MM-DD)")
	fl.StringVar(&until, "until", "", "event date before this day (YYYY-MM-DD)")
	fl.StringVar(&f.ArticleID, "article", "", "only the events of this article")
	fl.IntVarP(&f.Limit, "limit", "n", 50, "how many (at most 1000)")
	fl.IntVar(&f.Offset, "offset", 0, "skip this many")
	return c
}

// eventDate is the date listings order an event by: its resolved begin,
// else the article's publication time (zero when neither is known).
func eventDate(e *news.EventSummary) time.Time {
	if e.Date != nil && !e.Date.Begin.IsZero() {
		return e.Date.Begin
	}
	return e.Published
}

// eachEvent calls fn for one page of events, or with all for every event
// matching f from f.Offset on. Pages after the first are keyed on the
// last event date seen when a page spans a change of date (Until moves
// down, Offset skips the events of that date already given), so a long
// export does not rescan what it already gave; pages of one date, and
// events without a known date, fall back to plain offsets.
func eachEvent(ctx context.Context, st news.Store, f news.EventFilter, all bool, fn func(*news.EventSummary) error) error {
	if all {
		f.Limit = exportPage
	}
	for {
		list, err := st.Events(ctx, f)
		if err != nil {
			return err
		}
		for i := range list {
			if err := fn(&list[i]); err != nil {
				return err
			}
		}
		if !all || len(list) < f.Limit {
			return nil
		}
		d := eventDate(&list[len(list)-1]).Truncate(time.Microsecond)
		if d.IsZero() || eventDate(&list[0]).Truncate(time.Microsecond).Equal(d) {
			// No date to key on, or the whole page has the date (and
			// what was skipped before it may too): plain offsets.
			f.Offset += len(list)
			continue
		}
		// The page runs over a change of date, so the events of date d
		// already given are those at its end.
		same := 0
		for i := len(list) - 1; i >= 0 && eventDate(&list[i]).Truncate(time.Microsecond).Equal(d); i-- {
			same++
		}
		f.Until, f.Offset = d.Add(time.Microsecond), same
	}
}

// eventWriter writes events in one output format.
type eventWriter struct {
	begin func() error
	row   func(*news.EventSummary) error
	end   func() error
}

func newEventWriter(format string, w io.Writer) (*eventWriter, error) {
	switch format {
	case "table":
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		n := 0
		return &eventWriter{
			begin: func() error {
				_, err := fmt.Fprintln(tw, "DATE\tTYPE/MODE\tSTATUS\tACTORS → RECIPIENTS\tPLACE\tARTICLE")
				return err
			},
			row: func(e *news.EventSummary) error {
				n++
				_, err := fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", tableDate(e), typeMode(e), e.Status,
					clip(participants(e.Actors)+" → "+participants(e.Recipients), 60), clip(placeName(e), 30), e.ArticleID)
				return err
			},
			end: func() error {
				if n == 0 {
					_, err := fmt.Fprintln(w, "no events")
					return err
				}
				return tw.Flush()
			},
		}, nil
	case "json":
		n := 0
		return &eventWriter{
			begin: func() error { return nil },
			row: func(e *news.EventSummary) error {
				b, err := json.MarshalIndent(e, "  ", "  ")
				if err != nil {
					return err
				}
				sep := ",\n  "
				if n == 0 {
					sep = "[\n  "
				}
				n++
				_, err = fmt.Fprintf(w, "%s%s", sep, b)
				return err
			},
			end: func() error {
				if n == 0 {
					_, err := io.WriteString(w, "[]\n")
					return err
				}
				_, err := io.WriteString(w, "\n]\n")
				return err
			},
		}, nil
	case "jsonl":
		enc := json.NewEncoder(w)
		return &eventWriter{
			begin: func() error { return nil },
			row:   func(e *news.EventSummary) error { return enc.Encode(e) },
			end:   func() error { return nil },
		}, nil
	case "csv":
		cw := csv.NewWriter(w)
		return &eventWriter{
			begin: func() error { return cw.Write(exportHeader) },
			row:   func(e *news.EventSummary) error { return cw.Write(exportRow(e)) },
			end:   func() error { cw.Flush(); return cw.Error() },
		}, nil
	case "tsv":
		return &eventWriter{
			begin: func() error { return writeTSV(w, exportHeader) },
			row:   func(e *news.EventSummary) error { return writeTSV(w, exportRow(e)) },
			end:   func() error { return nil },
		}, nil
	}
	return nil, fmt.Errorf("--format %q: want table, json, jsonl, csv or tsv", format)
}

func tableDate(e *news.EventSummary) string {
	if e.Date != nil && !e.Date.Begin.IsZero() {
		return e.Date.Begin.UTC().Format("2006-01-02")
	}
	if !e.Published.IsZero() {
		return "~" + e.Published.UTC().Format("2006-01-02") // the article's date
	}
	return "-"
}

func typeMode(e *news.EventSummary) string {
	if e.Mode == "" {
		return string(e.Type)
	}
	return string(e.Type) + "/" + e.Mode
}

// participants shows actors as "words (CODE)", separated by "; ".
func participants(l []news.EventActor) string {
	if len(l) == 0 {
		return "-"
	}
	s := make([]string, len(l))
	for i, p := range l {
		s[i] = oneLine(p.Text)
		if p.Code != "" {
			s[i] += " (" + p.Code + ")"
		}
	}
	return strings.Join(s, "; ")
}

func placeName(e *news.EventSummary) string {
	if e.Location == nil || e.Location.Text == "" {
		return "-"
	}
	s := oneLine(e.Location.Text)
	if e.Location.Country != "" {
		s += " (" + e.Location.Country + ")"
	}
	return s
}

// exportHeader is the column layout of csv and tsv exports, documented in
// docs/events-export.md. Several actors or recipients are joined with ";"
// in each of their columns, position by position.
var exportHeader = []string{
	"GLOBALEVENTID", "SQLDATE", "DateText", "DatePrecision",
	"Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1EntityID",
	"Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2EntityID",
	"EventType", "EventMode", "EventCode", "EventRootCode", "Status", "GoldsteinScale",
	"ActionGeo_FullName", "ActionGeo_CountryCode", "Confidence", "StoryEventID",
	"SOURCEURL", "Site", "ArticleID", "Trigger", "SentenceText",
}

func exportRow(e *news.EventSummary) []string {
	day := ""
	if d := eventDate(e); !d.IsZero() {
		day = d.UTC().Format("20060102")
	}
	// DatePrecision is the resolved date's precision, or "article" when
	// SQLDATE is the article's date because the event's is unresolved.
	dateText, precision := "", "article"
	if e.Date != nil {
		dateText = e.Date.Text
		if !e.Date.Begin.IsZero() {
			precision = e.Date.Precision
		}
	}
	if day == "" {
		precision = ""
	}
	col := func(l []news.EventActor, get func(news.EventActor) string) string {
		s := make([]string, len(l))
		for i, p := range l {
			s[i] = get(p)
		}
		return strings.Join(s, ";")
	}
	code := func(p news.EventActor) string { return p.Code }
	name := func(p news.EventActor) string { return p.Text }
	country := func(p news.EventActor) string { return p.Country }
	entity := func(p news.EventActor) string { return p.EntityID }
	root := e.CAMEO
	if len(root) > 2 {
		root = root[:2]
	}
	var place, placeCountry string
	if e.Location != nil {
		place, placeCountry = e.Location.Text, e.Location.Country
	}
	return []string{
		e.ID, day, dateText, precision,
		col(e.Actors, code), col(e.Actors, name), col(e.Actors, country), col(e.Actors, entity),
		col(e.Recipients, code), col(e.Recipients, name), col(e.Recipients, country), col(e.Recipients, entity),
		string(e.Type), e.Mode, e.CAMEO, root, string(e.Status), strconv.FormatFloat(e.Intensity, 'f', -1, 64),
		place, placeCountry, strconv.FormatFloat(e.Confidence, 'f', 3, 64), e.StoryEventID,
		e.URL, e.Site, e.ArticleID, e.Trigger.Text, e.SentenceText,
	}
}

// tsvEscaper keeps every field on one line and in one column: backslash,
// tab, line feed and carriage return become \\, \t, \n and \r.
var tsvEscaper = strings.NewReplacer(`\`, `\\`, "\t", `\t`, "\n", `\n`, "\r", `\r`)

func writeTSV(w io.Writer, fields []string) error {
	var b strings.Builder
	for i, f := range fields {
		if i > 0 {
			b.WriteByte('\t')
		}
		b.WriteString(tsvEscaper.Replace(f))
	}
	b.WriteByte('\n')
	_, err := io.WriteString(w, b.String())
	return err
}
