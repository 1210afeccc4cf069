package main

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/readout/readout/internal/event"
	"github.com/readout/readout/internal/kb"
	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/quote"
	"github.com/readout/readout/internal/resolve"
	"github.com/readout/readout/internal/syntax"
	"github.com/readout/readout/internal/text"
)

func newEvalEventsCmd(a *app) *cobra.Command {
	var (
		asJSON, classes, conflibert bool
		errs                        int
	)
	c := &cobra.Command{
		Use:   "events GOLD",
		Short: "Score the event coder on a JSONL gold file",
		Long: `Score the PLOVER event coder against a gold file: one JSON object per line,
{"id":…, "text":…, "published":"YYYY-MM-DD", "events":[{"type","mode","status"}]}
(see internal/event/README.md). Each text runs through the real analysis
(sentences, syntax, entities, events). Events are matched within an item by
type: precision, recall and F1 of types, per type, and status accuracy over
matched events that have a gold status.

With --classes, GOLD is instead "sentence<TAB>class" lines with the five
classes 0 statement/none, 1 verbal cooperation, 2 material cooperation,
3 verbal conflict, 4 material conflict (the ConfliBERT / Multi-CoPED
layout). Each sentence's class is that of its strongest coded event
(event.SentenceQuad); the command prints accuracy, per-class P/R/F1 and the
confusion matrix.

With --conflibert, GOLD is actor-labelled sentences in CoNLL BIO layout
("token TAG" lines, blank line between sentences; tags S source, T target,
R reciprocal), e.g. ConfliBERT's actors-train.txt. Each sentence is
detokenised and coded; the participants of its main event are compared
with the labelled spans by token overlap: source recall (sentences with an
S span whose S our actors overlap) and precision (sentences where we give
an actor span that overlaps S or R), the same for recipients and T, the
share of R spans covered, and actor/target swaps.`,
		Example: `  readout eval events internal/event/testdata/gold.jsonl
  readout eval events --json --errors 0 gold.jsonl
  readout eval events --classes class-train.tsv
  readout eval events --conflibert actors-train.txt`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			r, err := a.openInput("eval.events", args[0])
			if err != nil {
				return err
			}
			defer r.Close()
			if classes && conflibert {
				return usageError{news.E("eval.events", news.KindInvalid, "--classes and --conflibert exclude each other")}
			}
			if classes {
				return a.evalEventClasses(r, asJSON, errs)
			}
			if conflibert {
				return a.evalEventActors(r, asJSON, errs)
			}
			gold, err := event.ReadGold(r)
			if err != nil {
				return err
			}
			if len(gold) == 0 {
				return news.E("eval.events", news.KindInvalid, "no items in "+args[0])
			}
			prepare, k, err := eventAnalysis()
			if err != nil {
				return err
			}
			s := event.Evaluate(gold, prepare, k)
			if errs >= 0 && len(s.Errors) > errs {
				s.Errors = s.Errors[:errs]
			}
			if asJSON {
				return writeJSON(a.stdout, s)
			}
			w := a.stdout
			fmt.Fprintf(w, "items %d\ntypes      P %.3f  R %.3f  F1 %.3f  (tp %d, fp %d, fn %d)\nstatus     %.3f (%d/%d)\n",
				s.Items, s.Precision, s.Recall, s.F1, s.TP, s.FP, s.FN, s.StatusAccuracy, s.StatusCorrect, s.StatusTotal)
			for _, x := range []struct {
				name string
				r    event.Ratio
			}{{"mode", s.Mode}, {"actors", s.Actors}, {"recipients", s.Recipients}, {"location", s.Location}, {"date", s.Date}} {
				fmt.Fprintf(w, "%-10s %.3f (%d/%d)\n", x.name, x.r.Accuracy, x.r.Correct, x.r.Total)
			}
			types := make([]string, 0, len(s.ByType))
			for t := range s.ByType {
				types = append(types, t)
			}
			sort.Strings(types)
			for _, t := range types {
				c := s.ByType[t]
				fmt.Fprintf(w, "  %-10s tp %3d  fp %3d  fn %3d\n", t, c[0], c[1], c[2])
			}
			for _, e := range s.Errors {
				fmt.Fprintln(w, "error:", e)
			}
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	c.Flags().BoolVar(&classes, "classes", false, "GOLD is sentence<TAB>class lines (five quad classes)")
	c.Flags().BoolVar(&conflibert, "conflibert", false, "GOLD is BIO actor-labelled sentences (S/T/R spans): actor agreement")
	c.Flags().IntVar(&errs, "errors", 20, "list at most this many mismatches (-1: all)")
	return c
}

// eventAnalysis returns what runs before the event coder: sentences,
// syntax and entities.
func eventAnalysis() (func(*news.Article), *kb.KB, error) {
	sm, err := syntax.Default()
	if err != nil {
		return nil, nil, err
	}
	nm, err := loadNERModel("")
	if err != nil {
		return nil, nil, err
	}
	k := kb.Default()
	res := resolve.New(k, nm)
	return func(art *news.Article) {
		art.Sentences = text.Sentences(art.Text, nil)
		sm.AnnotateArticle(art)
		art.Entities = res.Article(art)
		art.Quotes = quote.Extract(art, k)
	}, k, nil
}

// classScores are the figures of --classes.
type classScores struct {
	Sentences int         `json:"sentences"`
	Accuracy  float64     `json:"accuracy"`
	Classes   [5]classPRF `json:"classes"`
	Confusion [5][5]int   `json:"confusion"` // [gold][predicted]
	Errors    []string    `json:"errors,omitempty"`
}

type classPRF struct {
	Gold      int     `json:"gold"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

func (a *app) evalEventClasses(r io.Reader, asJSON bool, errs int) error {
	prepare, k, err := eventAnalysis()
	if err != nil {
		return err
	}
	var s classScores
	br := bufio.NewReader(r)
	for n := 1; ; n++ {
		line, rerr := br.ReadString('\n')
		line = strings.TrimRight(line, "\r\n")
		if line != "" {
			i := strings.LastIndexByte(line, '\t')
			c, err := strconv.Atoi(strings.TrimSpace(line[i+1:]))
			if i < 0 || err != nil || c < 0 || c > 4 {
				return news.E("eval.events", news.KindInvalid, fmt.Sprintf("line %d: want sentence<TAB>class 0-4", n))
			}
			art := &news.Article{Text: line[:i]}
			prepare(art)
			evs := event.Code(art, k)
			p := event.SentenceClass(evs)
			s.Confusion[c][p]++
			if p != c && (errs < 0 || len(s.Errors) < errs) {
				var ts []string
				for _, e := range evs {
					ts = append(ts, fmt.Sprintf("%s/%s(%s)", e.Type, e.Mode, e.Trigger.Text))
				}
				s.Errors = append(s.Errors, fmt.Sprintf("line %d: gold %d, got %d %v: %s", n, c, p, ts, art.Text))
			}
			s.Sentences++
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return news.E("eval.events", news.KindInvalid, rerr)
		}
	}
	if s.Sentences == 0 {
		return news.E("eval.events", news.KindInvalid, "no sentences")
	}
	right := 0
	for c := range 5 {
		tp, gold, pred := s.Confusion[c][c], 0, 0
		for o := range 5 {
			gold += s.Confusion[c][o]
			pred += s.Confusion[o][c]
		}
		right += tp
		m := classPRF{Gold: gold}
		if pred > 0 {
			m.Precision = float64(tp) / float64(pred)
		}
		if gold > 0 {
			m.Recall = float64(tp) / float64(gold)
		}
		if m.Precision+m.Recall > 0 {
			m.F1 = 2 * m.Precision * m.Recall / (m.Precision + m.Recall)
		}
		s.Classes[c] = m
	}
	s.Accuracy = float64(right) / float64(s.Sentences)
	if asJSON {
		return writeJSON(a.stdout, s)
	}
	names := [5]string{"none/statement", "verbal coop", "material coop", "verbal conflict", "material conflict"}
	fmt.Fprintf(a.stdout, "sentences %d, accuracy %.3f\n", s.Sentences, s.Accuracy)
	for c, m := range s.Classes {
		fmt.Fprintf(a.stdout, "  %d %-18s n %4d  P %.2f  R %.2f  F1 %.2f\n", c, names[c], m.Gold, m.Precision, m.Recall, m.F1)
	}
	fmt.Fprintln(a.stdout, "confusion (rows gold, columns predicted):")
	for c := range 5 {
		fmt.Fprintf(a.stdout, "  %d %5d %5d %5d %5d %5d\n", c, s.Confusion[c][0], s.Confusion[c][1], s.Confusion[c][2], s.Confusion[c][3], s.Confusion[c][4])
	}
	for _, e := range s.Errors {
		fmt.Fprintln(a.stdout, "error:", e)
	}
	return nil
}

func (a *app) evalEventActors(r io.Reader, asJSON bool, errs int) error {
	sents, err := event.ReadBIO(r)
	if err != nil {
		return usageError{err}
	}
	if len(sents) == 0 {
		return usageError{news.E("eval.events", news.KindInvalid, "no sentences")}
	}
	prepare, k, err := eventAnalysis()
	if err != nil {
		return err
	}
	s := event.EvaluateActors(sents, prepare, k)
	if errs >= 0 && len(s.Errors) > errs {
		s.Errors = s.Errors[:errs]
	}
	if asJSON {
		return writeJSON(a.stdout, s)
	}
	w := a.stdout
	fmt.Fprintf(w, "sentences %d, with an event %d\n", s.Sentences, s.Coded)
	fmt.Fprintf(w, "source      recall %.3f (%d/%d)  precision %.3f (%d/%d)\n", s.Source.Recall, s.Source.Hits, s.Source.Gold, s.Source.Precision, s.Source.Correct, s.Source.Predicted)
	fmt.Fprintf(w, "target      recall %.3f (%d/%d)  precision %.3f (%d/%d)\n", s.Target.Recall, s.Target.Hits, s.Target.Gold, s.Target.Precision, s.Target.Correct, s.Target.Predicted)
	fmt.Fprintf(w, "reciprocal  recall %.3f (%d/%d)\n", s.Reciprocal.Recall, s.Reciprocal.Hits, s.Reciprocal.Gold)
	fmt.Fprintf(w, "swapped     %d\n", s.Swapped)
	for _, e := range s.Errors {
		fmt.Fprintln(w, "error:", e)
	}
	return nil
}
