package web

import (
	"fmt"
	"html/template"
	"net/url"
	"sort"
	"strings"

	"github.com/readout/readout/internal/news"
)

// Annotated is an article ready to render with what was extracted from
// it marked in its text: entity mentions link to the entity's page,
// quotations and event triggers link to a note that says what was
// extracted (speaker, actors, date, status).
type Annotated struct {
	Blocks []AnnotatedBlock
	Quotes []QuoteNote
	Events []EventNote
}

// AnnotatedBlock is one block of the text as safe HTML.
type AnnotatedBlock struct {
	Kind news.BlockKind
	HTML template.HTML
}

// QuoteNote is what was extracted for one quotation.
type QuoteNote struct {
	N               int
	Kind            news.QuoteKind
	Text            string
	Speaker         string
	SpeakerEntityID string
	Cue             string
	Via             []string
	Confidence      float64
}

// EventNote is what was extracted for one event.
type EventNote struct {
	N          int
	Type       news.EventType
	Mode       string
	Status     news.EventStatus
	Actors     []news.EventActor
	Recipients []news.EventActor
	Date       string
	Place      string
	Trigger    string
	Confidence float64
}

// EntityURL is the page of an entity.
func EntityURL(id string) string { return "/entities/" + url.PathEscape(id) }

// span is one marked range of text. Layer orders nesting: quotations
// outside, then mentions, then triggers.
type span struct {
	start, end int
	layer      int
	anchor     bool
	open       string
}

const (
	layerQuote = iota
	layerMention
	layerTrigger
)

// Annotate marks an article's extractions in its text. Spans outside the
// text or inside-out are ignored; overlapping spans are split so that
// the HTML nests, and a link is never put inside another.
func Annotate(a *news.Article) Annotated {
	var out Annotated
	n := len(a.Text)
	valid := func(s, e int) bool { return s >= 0 && e <= n && s < e }
	var spans []span
	inserts := map[int][]string{}
	for _, e := range a.Entities {
		title := e.Name
		if e.Type != "" {
			title += " · " + e.Type
		}
		if e.Actor != "" {
			title += " · " + e.Actor
		}
		open := fmt.Sprintf(`<a class="ent ent-%s" href="%s" title="%s">`, className(e.Type),
			esc(EntityURL(e.ID)), esc(title))
		for _, m := range e.Mentions {
			if valid(m.Start, m.End) {
				spans = append(spans, span{m.Start, m.End, layerMention, true, open})
			}
		}
	}
	for i, q := range a.Quotes {
		note := QuoteNote{N: i + 1, Kind: q.Kind, Cue: q.Cue, Confidence: q.Confidence}
		if valid(q.Start, q.End) {
			note.Text = a.Text[q.Start:q.End]
		}
		if q.Speaker != nil {
			note.Speaker, note.SpeakerEntityID = q.Speaker.Text, q.Speaker.EntityID
		}
		for _, v := range q.Via {
			note.Via = append(note.Via, v.Name)
		}
		out.Quotes = append(out.Quotes, note)
		title := string(q.Kind) + " quotation"
		if note.Speaker != "" {
			title += " by " + note.Speaker
		}
		open := fmt.Sprintf(`<span class="quote q-%s" title="%s">`, className(string(q.Kind)), esc(title))
		parts := q.Parts
		if len(parts) == 0 {
			parts = []news.Span{{Start: q.Start, End: q.End}}
		}
		last := -1
		for _, p := range parts {
			if valid(p.Start, p.End) {
				spans = append(spans, span{p.Start, p.End, layerQuote, false, open})
				last = max(last, p.End)
			}
		}
		if last >= 0 {
			inserts[last] = append(inserts[last], fmt.Sprintf(`<a class="qref" href="#quote-%d" title="%s">q%d</a>`, i+1, esc(title), i+1))
		}
	}
	for i, e := range a.Events {
		note := EventNote{N: i + 1, Type: e.Type, Mode: e.Mode, Status: e.Status, Actors: e.Actors,
			Recipients: e.Recipients, Trigger: e.Trigger.Text, Confidence: e.Confidence}
		if e.Date != nil {
			note.Date = e.Date.Text
			if !e.Date.Begin.IsZero() {
				note.Date += " (" + e.Date.Begin.Format("2006-01-02") + ")"
			}
		}
		if e.Location != nil {
			note.Place = e.Location.Text
		}
		out.Events = append(out.Events, note)
		if valid(e.Trigger.Start, e.Trigger.End) {
			title := fmt.Sprintf("%s (%s): %s → %s", eventLabel(e.Type, e.Mode), e.Status,
				actorNames(e.Actors), actorNames(e.Recipients))
			open := fmt.Sprintf(`<a class="trig trig-%s" href="#event-%d" title="%s">`, className(string(e.Type)), i+1, esc(title))
			spans = append(spans, span{e.Trigger.Start, e.Trigger.End, layerTrigger, true, open})
		}
	}
	for _, b := range BlocksOf(a) {
		out.Blocks = append(out.Blocks, AnnotatedBlock{Kind: b.Kind, HTML: markup(a.Text, b.Start, b.End, spans, inserts)})
	}
	return out
}

func eventLabel(t news.EventType, mode string) string {
	if mode != "" {
		return string(t) + "/" + mode
	}
	return string(t)
}

func actorNames(ps []news.EventActor) string {
	if len(ps) == 0 {
		return "—"
	}
	var names []string
	for _, p := range ps {
		names = append(names, p.Text)
	}
	return strings.Join(names, ", ")
}

// markup renders text[start:end] with the spans that touch it.
func markup(text string, start, end int, all []span, inserts map[int][]string) template.HTML {
	var spans []span
	bounds := map[int]bool{start: true, end: true}
	for _, s := range all {
		if s.end <= start || s.start >= end {
			continue
		}
		s.start, s.end = max(s.start, start), min(s.end, end)
		spans = append(spans, s)
		bounds[s.start], bounds[s.end] = true, true
	}
	for p := range inserts {
		if p > start && p <= end {
			bounds[p] = true
		}
	}
	cuts := make([]int, 0, len(bounds))
	for p := range bounds {
		cuts = append(cuts, p)
	}
	sort.Ints(cuts)
	sort.SliceStable(spans, func(i, j int) bool {
		if spans[i].layer != spans[j].layer {
			return spans[i].layer < spans[j].layer
		}
		if spans[i].start != spans[j].start {
			return spans[i].start < spans[j].start
		}
		return spans[i].end > spans[j].end
	})
	var b strings.Builder
	var stack []span
	closeTo := func(k int) {
		for len(stack) > k {
			if stack[len(stack)-1].anchor {
				b.WriteString("</a>")
			} else {
				b.WriteString("</span>")
			}
			stack = stack[:len(stack)-1]
		}
	}
	for i := 0; i+1 < len(cuts); i++ {
		x, y := cuts[i], cuts[i+1]
		if ins := inserts[x]; len(ins) > 0 && x > start {
			closeTo(0)
			for _, h := range ins {
				b.WriteString(h)
			}
		}
		// The spans covering [x, y), one per layer (the widest), no
		// anchor inside another.
		var want []span
		anchored := false
		layers := map[int]bool{}
		for _, s := range spans {
			if s.start <= x && s.end >= y && !layers[s.layer] && !(s.anchor && anchored) {
				want = append(want, s)
				layers[s.layer] = true
				anchored = anchored || s.anchor
			}
		}
		k := 0
		for k < len(stack) && k < len(want) && stack[k] == want[k] {
			k++
		}
		closeTo(k)
		for _, s := range want[k:] {
			b.WriteString(s.open)
			stack = append(stack, s)
		}
		b.WriteString(template.HTMLEscapeString(text[x:y]))
	}
	closeTo(0)
	if ins := inserts[end]; len(ins) > 0 && end > start {
		for _, h := range ins {
			b.WriteString(h)
		}
	}
	return template.HTML(b.String())
}

// className keeps letters, digits and hyphens of s, lower-cased, for a
// CSS class.
func className(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || r == '-' {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "x"
	}
	return b.String()
}

func esc(s string) string { return template.HTMLEscapeString(s) }
