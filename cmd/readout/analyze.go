package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/readout/readout/internal/clean"
	"github.com/readout/readout/internal/event"
	"github.com/readout/readout/internal/kb"
	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/quote"
	"github.com/readout/readout/internal/resolve"
	"github.com/readout/readout/internal/source"
	"github.com/readout/readout/internal/story"
	"github.com/readout/readout/internal/syntax"
	"github.com/readout/readout/internal/text"
)

// analyzeJSON is the --json output of 'readout analyze'
// (docs/analyze-json.md). Later stages add fields to analyzedArticle.
type analyzeJSON struct {
	Articles []analyzedArticle `json:"articles"`
	Errors   []string          `json:"errors"`
	// Stories are the stories of the articles (package story), when
	// several files are given.
	Stories []news.StoryDetail `json:"stories,omitempty"`
}

type analyzedArticle struct {
	ID        string        `json:"id"`
	Origin    string        `json:"origin"`
	URL       string        `json:"url"`
	Title     string        `json:"title"`
	Published string        `json:"published"`
	Site      string        `json:"site"`
	Language  string        `json:"language"`
	Text      string        `json:"text"`
	Entities  []news.Entity `json:"entities"`
	Quotes    []news.Quote  `json:"quotes"`
	Events    []news.Event  `json:"events"`
}

func newAnalyzeCmd(a *app) *cobra.Command {
	var (
		asJSON, lines bool
		kbFiles       []string
		modelPath     string
	)
	c := &cobra.Command{
		Use:   "analyze [--json] [--lines] FILE|- ...",
		Short: "Clean articles and extract their entities, quotes and events (no database)",
		Long: `Analyze articles without a database: each input is read like 'readout ingest'
reads it (HTML, text, JSON, JSON Lines or WARC, sniffed from content), cleaned,
split into sentences, tagged for named entities and resolved to entities with
canonical IDs, types, actor codes (country + sector), titles and the byte
span of every mention; and every quotation or reported statement with its
kind, speaker, cue verb and the media it passed through; and the political
events in the PLOVER ontology with actors, recipients, place, date and
status (occurred, planned, negated…), each with its trigger and sentence. With --lines every line of the input is one
plain-text document (no cleaning). --json prints the schema in
docs/analyze-json.md.`,
		Args: minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			k, err := kb.Open(kbFiles...)
			if err != nil {
				return err
			}
			m, err := loadNERModel(modelPath)
			if err != nil {
				return err
			}
			res := resolve.New(k, m)
			var sm *syntax.Model
			if !a.noSyntax {
				if sm, err = syntax.Default(); err != nil {
					return err
				}
			}
			out := analyzeJSON{Articles: []analyzedArticle{}, Errors: []string{}}
			var stories *story.Engine // several files: group the articles into stories
			firstByHash := map[string]string{}
			if asJSON && len(args) > 1 {
				stories = story.New(story.Options{})
			}
			emit := func(art *news.Article) error {
				if art.Sentences == nil {
					art.Sentences = text.Sentences(art.Text, art.Blocks)
				}
				if sm != nil {
					sm.AnnotateArticle(art)
				}
				ents := res.Article(art)
				if ents == nil {
					ents = []news.Entity{}
				}
				qs := quote.Extract(art, k)
				if qs == nil {
					qs = []news.Quote{}
				}
				art.Entities = ents
				art.Quotes = qs // events inside quotations are reported claims
				var evs []news.Event
				if sm != nil { // events are read off the parse
					evs = event.Code(art, k)
				}
				if evs == nil {
					evs = []news.Event{}
				}
				if stories != nil {
					art.Events = evs
					if first, ok := firstByHash[art.ContentHash]; ok && art.ContentHash != "" && first != art.ID {
						art.DuplicateOf = first
					} else if !ok {
						firstByHash[art.ContentHash] = art.ID
					}
					stories.Add(art)
				}
				x := analyzedArticle{ID: art.ID, Origin: art.Origin, URL: art.URL, Title: art.Title,
					Site: art.Site, Language: art.Language, Text: art.Text, Entities: ents, Quotes: qs, Events: evs}
				if !art.Published.IsZero() {
					x.Published = art.Published.Format(time.RFC3339)
				}
				if asJSON {
					out.Articles = append(out.Articles, x)
					return nil
				}
				return writeAnalyzeText(a.stdout, x)
			}
			fail := func(err error) {
				out.Errors = append(out.Errors, err.Error())
				if !asJSON {
					fmt.Fprintf(a.stderr, "readout analyze: %v\n", err)
				}
			}
			for _, name := range args {
				if err := analyzeInput(cmd.Context(), a, name, lines, emit, fail); err != nil {
					return err
				}
			}
			if stories != nil {
				out.Stories = stories.All()
			}
			if asJSON {
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				if err := enc.Encode(out); err != nil {
					return err
				}
			}
			if len(out.Articles) == 0 && len(out.Errors) > 0 && asJSON {
				return news.E("analyze", news.KindInvalid, "no article could be analyzed")
			}
			if len(out.Errors) > 0 && !asJSON && len(args) == 1 {
				return news.E("analyze", news.KindInvalid, out.Errors[len(out.Errors)-1])
			}
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON (schema in docs/analyze-json.md)")
	c.Flags().BoolVar(&lines, "lines", false, "every input line is a plain-text document")
	c.Flags().StringArrayVar(&kbFiles, "kb", nil, "user knowledge-base file merged over the embedded data; repeatable")
	c.Flags().BoolVar(&a.noSyntax, "no-syntax", false, "skip tagging and parsing (quotes then rely on word patterns alone)")
	c.Flags().StringVar(&modelPath, "model", "", "NER model file (default: the embedded model)")
	return c
}

func minArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < n {
			return usageError{fmt.Errorf("%s needs at least %d argument(s)", cmd.Name(), n)}
		}
		return nil
	}
}

// analyzeInput reads one input and calls emit for every article in it
// and fail for every rejected document. It returns only errors that
// stop the command (an unreadable file, a write error).
func analyzeInput(ctx context.Context, a *app, name string, lines bool, emit func(*news.Article) error, fail func(error)) error {
	if ctx == nil {
		ctx = context.Background()
	}
	r, err := a.openInput("analyze", name)
	if err != nil {
		return err
	}
	defer r.Close()
	if lines {
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 64<<10), int(min(a.cfg.MaxDocBytes, 16<<20)+1))
		n := 0
		for sc.Scan() {
			n++
			line := strings.TrimSpace(sc.Text())
			if line == "" {
				continue
			}
			art := &news.Article{Text: line, Origin: fmt.Sprintf("%s#line %d", name, n), Format: news.FormatText,
				ContentHash: news.BodyHash(line)}
			art.ID = news.ArticleID("", art.ContentHash)
			if err := emit(art); err != nil {
				return err
			}
		}
		if err := sc.Err(); err != nil {
			if errors.Is(err, bufio.ErrTooLong) {
				return news.E("analyze", news.KindInvalid, fmt.Sprintf("%s#line %d: line too long", name, n+1))
			}
			return news.E("analyze", news.KindUnavailable, err)
		}
		return nil
	}
	opt := clean.Options{MaxBytes: a.cfg.MaxDocBytes}
	return source.Read(ctx, name, r, source.Options{MaxBytes: a.cfg.MaxDocBytes}, func(it source.Item) error {
		if it.Err != nil {
			if !it.Skipped {
				fail(it.Err)
			}
			return nil
		}
		art, err := clean.Document(it.Doc, opt)
		if err != nil {
			fail(fmt.Errorf("%s: %w", it.Doc.Origin, err))
			return nil
		}
		if art.Origin == "" {
			art.Origin = it.Doc.Origin
		}
		return emit(art)
	})
}

// writeAnalyzeText prints an article and a table of its entities.
func writeAnalyzeText(w io.Writer, x analyzedArticle) error {
	var sb strings.Builder
	fmt.Fprintf(&sb, "== %s", x.Origin)
	if x.Title != "" {
		fmt.Fprintf(&sb, " — %s", x.Title)
	}
	sb.WriteString("\n")
	if x.Published != "" {
		fmt.Fprintf(&sb, "published: %s\n", x.Published)
	}
	fmt.Fprintf(&sb, "id: %s\n\n%s\n\n", x.ID, x.Text)
	tw := tabwriter.NewWriter(&sb, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tTYPE\tACTOR\tTITLES\tCONF\tMENTIONS")
	for _, e := range x.Entities {
		var ms []string
		for _, m := range e.Mentions {
			s := fmt.Sprintf("%d-%d", m.Start, m.End)
			if m.Kind != news.MentionName {
				s += ":" + m.Kind
			}
			ms = append(ms, s)
		}
		actor := e.Actor
		if actor == "" {
			actor = "-"
		}
		titles := strings.Join(e.Titles, "; ")
		if titles == "" {
			titles = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%.2f\t%s\n", e.ID, e.Name, e.Type, actor, titles, e.Confidence, strings.Join(ms, " "))
	}
	tw.Flush()
	for _, e := range x.Entities {
		for _, c := range e.Conflicts {
			fmt.Fprintf(&sb, "conflict: %s: %s\n", e.ID, c)
		}
	}
	if len(x.Events) > 0 {
		sb.WriteString("\n")
		tw := tabwriter.NewWriter(&sb, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "TRIGGER\tEVENT\tSTATUS\tACTORS\tRECIPIENTS\tWHERE\tWHEN")
		for _, e := range x.Events {
			typ := string(e.Type)
			if e.Mode != "" {
				typ += "/" + e.Mode
			}
			where, when := "-", "-"
			if e.Location != nil {
				where = e.Location.Text
				if e.Location.Country != "" {
					where += " (" + e.Location.Country + ")"
				}
			}
			if e.Date != nil {
				when = e.Date.Text
				if !e.Date.Begin.IsZero() {
					when += " = " + e.Date.Begin.Format("2006-01-02")
				}
			}
			fmt.Fprintf(tw, "%d-%d %s\t%s\t%s\t%s\t%s\t%s\t%s\n", e.Trigger.Start, e.Trigger.End, e.Trigger.Text, typ, e.Status,
				clip(eventActors(e.Actors), 40), clip(eventActors(e.Recipients), 40), clip(where, 30), when)
		}
		tw.Flush()
	}
	if len(x.Quotes) > 0 {
		sb.WriteString("\n")
		tw := tabwriter.NewWriter(&sb, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "SPAN\tKIND\tSPEAKER\tCUE\tVIA\tQUOTE")
		for _, q := range x.Quotes {
			speaker := "-"
			if q.Speaker != nil {
				speaker = q.Speaker.Text
				if q.Speaker.Country != "" || q.Speaker.Sector != "" {
					speaker += " [" + q.Speaker.Country + q.Speaker.Sector + "]"
				}
			}
			var via []string
			for _, m := range q.Via {
				via = append(via, m.Name)
			}
			v := strings.Join(via, " > ")
			if v == "" {
				v = "-"
			}
			cue := q.Cue
			if cue == "" {
				cue = "-"
			}
			body := ""
			if q.Start >= 0 && q.End <= len(x.Text) && q.Start <= q.End {
				body = clip(strings.Join(strings.Fields(x.Text[q.Start:q.End]), " "), 70)
			}
			fmt.Fprintf(tw, "%d-%d\t%s\t%s\t%s\t%s\t%s\n", q.Start, q.End, q.Kind, clip(speaker, 40), cue, clip(v, 30), body)
		}
		tw.Flush()
	}
	sb.WriteString("\n")
	_, err := io.WriteString(w, sb.String())
	return err
}

// eventActors lists actors as "text [CODE]".
func eventActors(as []news.EventActor) string {
	if len(as) == 0 {
		return "-"
	}
	parts := make([]string, len(as))
	for i, x := range as {
		parts[i] = x.Text
		if x.Code != "" {
			parts[i] += " [" + x.Code + "]"
		} else if x.Country != "" {
			parts[i] += " [" + x.Country + "]"
		}
	}
	return strings.Join(parts, ", ")
}
