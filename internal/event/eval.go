package event

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/readout/readout/internal/kb"
	"github.com/readout/readout/internal/news"
)

// Gold is one annotated sentence (or short passage) of a gold file: one
// JSON object per line.
type Gold struct {
	ID        string      `json:"id"`
	Text      string      `json:"text"`
	Published string      `json:"published,omitempty"` // YYYY-MM-DD
	Dateline  string      `json:"dateline,omitempty"`  // e.g. "NAIROBI"
	Events    []GoldEvent `json:"events"`
}

// GoldEvent is an expected event: its type, and optionally mode, status,
// participants, place and date. Actors and Recipients are actor codes
// matched as prefixes of the coded actor's code or country ("ISR"
// matches ISRMIL; "IGO" the UN); Location is the place's country;
// Date is the first day of the resolved date (YYYY-MM-DD). Empty fields
// are not scored.
type GoldEvent struct {
	Type       news.EventType   `json:"type"`
	Mode       string           `json:"mode,omitempty"`
	Status     news.EventStatus `json:"status,omitempty"`
	Actors     []string         `json:"actors,omitempty"`
	Recipients []string         `json:"recipients,omitempty"`
	Location   string           `json:"location,omitempty"`
	Date       string           `json:"date,omitempty"`
}

// Scores are the figures of Evaluate. Events are matched within an item
// by type (the same mode preferred); status, mode, actor, recipient,
// location and date accuracy are over matched pairs whose gold event
// gives that field.
type Scores struct {
	Items          int                `json:"items"`
	TP, FP, FN     int                `json:"-"`
	Precision      float64            `json:"precision"`
	Recall         float64            `json:"recall"`
	F1             float64            `json:"f1"`
	StatusCorrect  int                `json:"status_correct"`
	StatusTotal    int                `json:"status_total"`
	StatusAccuracy float64            `json:"status_accuracy"`
	Mode           Ratio              `json:"mode"`
	Actors         Ratio              `json:"actors"`
	Recipients     Ratio              `json:"recipients"`
	Location       Ratio              `json:"location"`
	Date           Ratio              `json:"date"`
	ByType         map[string][3]int  `json:"by_type"` // tp, fp, fn
	Errors         []string           `json:"errors,omitempty"`
	Extra          map[string]float64 `json:"extra,omitempty"`
}

// Ratio is an accuracy over the matched events that have a gold value.
type Ratio struct {
	Correct  int     `json:"correct"`
	Total    int     `json:"total"`
	Accuracy float64 `json:"accuracy"`
}

func (r *Ratio) add(ok bool) {
	r.Total++
	if ok {
		r.Correct++
	}
	r.Accuracy = float64(r.Correct) / float64(r.Total)
}

// codeMatches reports whether a coded participant has gold code g: g is
// a prefix of its actor code, or its country.
func codeMatches(a news.EventActor, g string) bool {
	g = strings.ToUpper(strings.TrimSpace(g))
	return g != "" && (strings.HasPrefix(a.Code, g) || a.Country == g)
}

// actorsMatch reports whether the coded participants are the gold ones:
// every gold code is found, and every coded participant with a code or
// country is one of them (uncoded text-only participants are ignored).
func actorsMatch(gold []string, got []news.EventActor) bool {
	for _, g := range gold {
		found := false
		for _, a := range got {
			if codeMatches(a, g) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	for _, a := range got {
		if a.Code == "" && a.Country == "" {
			continue
		}
		ok := false
		for _, g := range gold {
			if codeMatches(a, g) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

func codes(as []news.EventActor) string {
	var out []string
	for _, a := range as {
		c := a.Code
		if c == "" {
			c = a.Country
		}
		if c == "" {
			c = "?" + a.Text
		}
		out = append(out, c)
	}
	return "[" + strings.Join(out, " ") + "]"
}

// ReadGold reads a gold JSONL file.
func ReadGold(r io.Reader) ([]Gold, error) {
	var out []Gold
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "//") {
			continue
		}
		var g Gold
		if err := json.Unmarshal([]byte(line), &g); err != nil {
			return nil, news.E("event.ReadGold", news.KindInvalid, fmt.Errorf("line %d: %w", n, err))
		}
		out = append(out, g)
	}
	if err := sc.Err(); err != nil {
		return nil, news.E("event.ReadGold", news.KindInvalid, err)
	}
	return out, nil
}

// Evaluate codes every gold item and scores event types (precision,
// recall, F1) and status accuracy. prepare fills an article's sentences,
// syntax and entities (the upstream pipeline); k is passed to Code.
func Evaluate(gold []Gold, prepare func(*news.Article), k *kb.KB) Scores {
	sc := Scores{ByType: map[string][3]int{}}
	for _, g := range gold {
		sc.Items++
		a := &news.Article{ID: g.ID, Text: g.Text, Dateline: g.Dateline}
		if t, err := time.Parse("2006-01-02", g.Published); err == nil {
			a.Published = t
		}
		prepare(a)
		got := Code(a, k)
		used := make([]bool, len(got))
		for _, ge := range g.Events {
			found := -1
			for j, e := range got {
				if !used[j] && e.Type == ge.Type && (found < 0 || ge.Mode != "" && e.Mode == ge.Mode && got[found].Mode != ge.Mode) {
					found = j
				}
			}
			bt := sc.ByType[string(ge.Type)]
			if found < 0 {
				sc.FN++
				bt[2]++
				sc.ByType[string(ge.Type)] = bt
				sc.Errors = append(sc.Errors, fmt.Sprintf("%s: missed %s", g.ID, ge.Type))
				continue
			}
			used[found] = true
			sc.TP++
			bt[0]++
			sc.ByType[string(ge.Type)] = bt
			e := got[found]
			bad := func(what, got, want string) {
				sc.Errors = append(sc.Errors, fmt.Sprintf("%s: %s %s %s, want %s", g.ID, ge.Type, what, got, want))
			}
			if ge.Status != "" {
				sc.StatusTotal++
				if e.Status == ge.Status {
					sc.StatusCorrect++
				} else {
					bad("status", string(e.Status), string(ge.Status))
				}
			}
			if ge.Mode != "" {
				sc.Mode.add(e.Mode == ge.Mode)
				if e.Mode != ge.Mode {
					bad("mode", e.Mode, ge.Mode)
				}
			}
			if len(ge.Actors) > 0 {
				ok := actorsMatch(ge.Actors, e.Actors)
				sc.Actors.add(ok)
				if !ok {
					bad("actors", codes(e.Actors), strings.Join(ge.Actors, " "))
				}
			}
			if len(ge.Recipients) > 0 {
				ok := actorsMatch(ge.Recipients, e.Recipients)
				sc.Recipients.add(ok)
				if !ok {
					bad("recipients", codes(e.Recipients), strings.Join(ge.Recipients, " "))
				}
			}
			if ge.Location != "" {
				loc := ""
				if e.Location != nil {
					loc = e.Location.Country
				}
				sc.Location.add(loc == ge.Location)
				if loc != ge.Location {
					bad("location", loc, ge.Location)
				}
			}
			if ge.Date != "" {
				d := ""
				if e.Date != nil && !e.Date.Begin.IsZero() {
					d = e.Date.Begin.Format("2006-01-02")
				}
				sc.Date.add(d == ge.Date)
				if d != ge.Date {
					bad("date", d, ge.Date)
				}
			}
		}
		for j, e := range got {
			if !used[j] {
				sc.FP++
				bt := sc.ByType[string(e.Type)]
				bt[1]++
				sc.ByType[string(e.Type)] = bt
				sc.Errors = append(sc.Errors, fmt.Sprintf("%s: spurious %s (%q)", g.ID, e.Type, e.Trigger.Text))
			}
		}
	}
	if sc.TP+sc.FP > 0 {
		sc.Precision = float64(sc.TP) / float64(sc.TP+sc.FP)
	}
	if sc.TP+sc.FN > 0 {
		sc.Recall = float64(sc.TP) / float64(sc.TP+sc.FN)
	}
	if sc.Precision+sc.Recall > 0 {
		sc.F1 = 2 * sc.Precision * sc.Recall / (sc.Precision + sc.Recall)
	}
	if sc.StatusTotal > 0 {
		sc.StatusAccuracy = float64(sc.StatusCorrect) / float64(sc.StatusTotal)
	}
	sort.Strings(sc.Errors)
	return sc
}
