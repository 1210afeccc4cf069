package story

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/timex"
)

// Event merging: the event mentions of a story's articles, in article
// order, are grouped greedily. A mention joins the first group with the
// same type, a compatible mode (equal, or one empty), the same status
// class (planned/hypothetical apart from occurred/ongoing/reported;
// negated apart from both), overlapping actors and recipients (when both
// sides name some), compatible dates (timex.Value.Compatible, which
// respects precision) or resolved dates at most maxDateSlip apart (kept as
// a conflict), and compatible places (same text or country, or one
// unknown). A planned group is then linked to the first later occurred
// group it is compatible with (FulfilledBy).

const maxDateSlip = 3 * 24 * time.Hour

type mention struct {
	m  *member
	ev evFact
}

type group struct {
	ms      []mention
	typ     news.EventType
	mode    string
	class   int
	actors  map[string]bool
	recips  map[string]bool
	dates   []*news.EventDate
	places  []*news.EventPlace
	slipped bool
}

func statusClass(s news.EventStatus) int {
	switch s {
	case news.StatusPlanned, news.StatusHypothetical:
		return 1
	case news.StatusNegated:
		return 2
	}
	return 0
}

func keys(ps []news.EventActor) map[string]bool {
	out := map[string]bool{}
	for _, p := range ps {
		for _, k := range []string{p.EntityID, p.Code, p.Country} {
			if k != "" {
				out[k] = true
			}
		}
	}
	return out
}

// overlap is true when either side is unknown or they share a key.
func overlap(a, b map[string]bool) bool {
	if len(a) == 0 || len(b) == 0 {
		return true
	}
	for k := range a {
		if b[k] {
			return true
		}
	}
	return false
}

func dateValue(d *news.EventDate) timex.Value {
	if d == nil || d.Begin.IsZero() {
		return timex.Value{}
	}
	v := timex.Value{Kind: timex.KindDate, Begin: d.Begin, Until: d.Until}
	for p := timex.Day; p <= timex.Decade; p++ {
		if p.String() == d.Precision {
			v.Precision = p
		}
	}
	if v.Until.IsZero() {
		v.Until = v.Begin.Add(24 * time.Hour)
	}
	return v
}

// datesFit reports whether a date fits the group's dates, and whether it
// only fits by a slip (a conflict).
func (g *group) datesFit(d *news.EventDate) (ok, slip bool) {
	v := dateValue(d)
	if !v.Resolved() {
		return true, false
	}
	for _, o := range g.dates {
		w := dateValue(o)
		if !w.Resolved() || v.Compatible(w) {
			continue
		}
		if v.Precision == timex.Day && w.Precision == timex.Day && absDur(v.Begin.Sub(w.Begin)) <= maxDateSlip {
			slip = true
			continue
		}
		return false, false
	}
	return true, slip
}

func absDur(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

func placeFits(g *group, p *news.EventPlace) bool {
	if p == nil || p.FromDateline {
		return true
	}
	for _, o := range g.places {
		if o == nil || o.FromDateline {
			continue
		}
		if strings.EqualFold(o.Text, p.Text) {
			continue
		}
		if o.Country != "" && p.Country != "" && o.Country != p.Country {
			return false
		}
	}
	return true
}

func (g *group) fits(ev news.Event, strict bool) (ok, slip bool) {
	if ev.Type != g.typ || statusClass(ev.Status) != g.class {
		return false, false
	}
	if ev.Mode != "" && g.mode != "" && ev.Mode != g.mode {
		return false, false
	}
	if !overlap(keys(ev.Actors), g.actors) || !overlap(keys(ev.Recipients), g.recips) {
		return false, false
	}
	if !placeFits(g, ev.Location) {
		return false, false
	}
	ok, slip = g.datesFit(ev.Date)
	if slip && strict {
		// a slipped date merges only when the participants really match
		if len(keys(ev.Actors)) == 0 || len(g.actors) == 0 {
			return false, false
		}
	}
	return ok, slip
}

func (g *group) add(x mention) {
	g.ms = append(g.ms, x)
	if g.mode == "" {
		g.mode = x.ev.ev.Mode
	}
	for k := range keys(x.ev.ev.Actors) {
		g.actors[k] = true
	}
	for k := range keys(x.ev.ev.Recipients) {
		g.recips[k] = true
	}
	if x.ev.ev.Date != nil {
		g.dates = append(g.dates, x.ev.ev.Date)
	}
	if x.ev.ev.Location != nil {
		g.places = append(g.places, x.ev.ev.Location)
	}
}

// mergeEvents groups the event mentions of a story's members.
func mergeEvents(storyID string, members []*member) []news.StoryEvent {
	var groups []*group
	for _, m := range members {
		if m.facts == nil {
			continue
		}
		for _, ef := range m.facts.events {
			x := mention{m: m, ev: ef}
			var into *group
			for _, g := range groups {
				if ok, slip := g.fits(ef.ev, true); ok {
					into = g
					g.slipped = g.slipped || slip
					break
				}
			}
			if into == nil {
				into = &group{typ: ef.ev.Type, class: statusClass(ef.ev.Status), actors: map[string]bool{}, recips: map[string]bool{}}
				groups = append(groups, into)
			}
			into.add(x)
		}
	}
	out := make([]news.StoryEvent, len(groups))
	for i, g := range groups {
		out[i] = g.storyEvent()
	}
	// planned → occurred
	for i, g := range groups {
		if g.class != 1 {
			continue
		}
		for j, h := range groups {
			if h.class != 0 || h.typ != g.typ || j == i {
				continue
			}
			if g.mode != "" && h.mode != "" && g.mode != h.mode {
				continue
			}
			if !overlap(g.actors, h.actors) || !overlap(g.recips, h.recips) {
				continue
			}
			if h.ms[0].m.t < g.ms[0].m.t {
				continue // the occurred report must not precede the plan
			}
			fit := true
			for _, d := range g.dates {
				if ok, _ := h.datesFit(d); !ok {
					fit = false
				}
			}
			if fit {
				out[i].FulfilledBy = out[j].ID
				break
			}
		}
	}
	return out
}

func (g *group) storyEvent() news.StoryEvent {
	first := g.ms[0]
	e := news.StoryEvent{ID: "e" + strings.TrimPrefix(first.m.sa.ArticleID, "a") + fmt.Sprintf(".%d", first.ev.index),
		Type: g.typ, Mode: g.mode, Mentions: len(g.ms)}
	arts, indep := map[string]bool{}, map[string]bool{}
	status := map[news.EventStatus]int{}
	places := map[string]string{}
	dates := map[string]string{}
	var placeOrder, dateOrder []string
	for _, x := range g.ms {
		ev := x.ev.ev
		arts[x.m.sa.ArticleID] = true
		indep[x.m.indep] = true
		status[ev.Status]++
		e.Evidence = append(e.Evidence, news.EventEvidence{ArticleID: x.m.sa.ArticleID, Site: x.m.sa.Site, Index: x.ev.index,
			SentenceStart: ev.SentenceStart, SentenceEnd: ev.SentenceEnd,
			Trigger: news.Span{Start: ev.Trigger.Start, End: ev.Trigger.End}, Text: x.ev.sentence, Status: ev.Status, Date: ev.Date})
		if ev.Location != nil && !ev.Location.FromDateline && ev.Location.Text != "" {
			k := strings.ToLower(ev.Location.Text)
			if _, ok := places[k]; !ok {
				places[k] = x.m.sa.Site
				placeOrder = append(placeOrder, ev.Location.Text)
			}
			if e.Place == "" {
				e.Place, e.Country = ev.Location.Text, ev.Location.Country
			}
		}
		if ev.Date != nil && !ev.Date.Begin.IsZero() {
			k := ev.Date.Begin.Format("2006-01-02")
			if ev.Date.Precision != "" && ev.Date.Precision != "day" {
				k += "/" + ev.Date.Precision
			}
			if _, ok := dates[k]; !ok {
				dates[k] = x.m.sa.Site
				dateOrder = append(dateOrder, k)
			}
			if e.Date == nil || finer(ev.Date, e.Date) {
				e.Date = ev.Date
			}
		}
	}
	e.Articles, e.Independent = len(arts), len(indep)
	best := 0
	for _, s := range []news.EventStatus{news.StatusOccurred, news.StatusOngoing, news.StatusReported,
		news.StatusPlanned, news.StatusHypothetical, news.StatusNegated} {
		if status[s] > best {
			best, e.Status = status[s], s
		}
	}
	e.Actors = sortedKeys(g.actors)
	e.Recipients = sortedKeys(g.recips)
	if len(placeOrder) > 1 {
		e.Conflicts = append(e.Conflicts, "place: "+strings.Join(placeOrder, " vs "))
	}
	var dayDates []string
	for _, k := range dateOrder {
		if !strings.Contains(k, "/") {
			dayDates = append(dayDates, k)
		}
	}
	if len(dayDates) > 1 {
		e.Conflicts = append(e.Conflicts, "date: "+strings.Join(dayDates, " vs "))
	}
	return e
}

// finer reports whether a is a more precise date than b.
func finer(a, b *news.EventDate) bool {
	return dateValue(a).Precision != timex.None && (dateValue(b).Precision == timex.None || dateValue(a).Precision < dateValue(b).Precision)
}

func sortedKeys(m map[string]bool) []string {
	if len(m) == 0 {
		return nil
	}
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
