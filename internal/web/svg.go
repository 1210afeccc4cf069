package web

import (
	"fmt"
	"html/template"
	"math"
	"sort"
	"strings"
	"time"
)

// The timeline and the network graph are drawn here as SVG on the server:
// they need no script, work offline and inherit the page's escaping. Every
// mark is a link to the evidence, with a <title> tooltip.

// TimePoint is one dated item on a timeline.
type TimePoint struct {
	Date  time.Time
	Lane  string // the row: an event type, "as actor", …
	Label string // the tooltip
	Href  string
	// Tone is the sign of the event's intensity: -1, 0 or +1.
	Tone int
}

// Timeline draws points in lanes over their date range. It returns ""
// when there are no dated points.
func Timeline(points []TimePoint) template.HTML {
	var pts []TimePoint
	for _, p := range points {
		if !p.Date.IsZero() {
			pts = append(pts, p)
		}
	}
	if len(pts) == 0 {
		return ""
	}
	sort.SliceStable(pts, func(i, j int) bool { return pts[i].Date.Before(pts[j].Date) })
	var lanes []string
	laneIdx := map[string]int{}
	for _, p := range pts {
		if _, ok := laneIdx[p.Lane]; !ok {
			laneIdx[p.Lane] = len(lanes)
			lanes = append(lanes, p.Lane)
		}
	}
	sort.Strings(lanes)
	for i, l := range lanes {
		laneIdx[l] = i
	}
	lo, hi := pts[0].Date, pts[len(pts)-1].Date
	if !hi.After(lo) {
		lo, hi = lo.Add(-12*time.Hour), hi.Add(12*time.Hour)
	}
	const left, right, top, laneH, width = 130.0, 45.0, 10.0, 26.0, 900.0
	height := top + laneH*float64(len(lanes)) + 30
	x := func(t time.Time) float64 {
		return left + (width-left-right)*float64(t.Sub(lo))/float64(hi.Sub(lo))
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="timeline" viewBox="0 0 %.0f %.0f" role="img" aria-label="timeline of %d items">`, width, height, len(pts))
	for i, l := range lanes {
		y := top + laneH*float64(i) + laneH/2
		fmt.Fprintf(&b, `<text class="lane" x="%.0f" y="%.1f" text-anchor="end" dominant-baseline="middle">%s</text>`, left-8, y, esc(l))
		fmt.Fprintf(&b, `<line class="lane-line" x1="%.0f" x2="%.0f" y1="%.1f" y2="%.1f"/>`, left, width-right, y, y)
	}
	axisY := top + laneH*float64(len(lanes)) + 14
	for _, t := range ticks(lo, hi) {
		fmt.Fprintf(&b, `<text class="tick" x="%.1f" y="%.1f" text-anchor="middle">%s</text>`, x(t), axisY, t.Format("2 Jan 2006"))
	}
	// Points on the same day and lane are spread a little.
	stack := map[string]int{}
	for _, p := range pts {
		key := p.Lane + p.Date.Format("2006-01-02")
		off := float64(stack[key]%5-2) * 3
		stack[key]++
		y := top + laneH*float64(laneIdx[p.Lane]) + laneH/2 + off
		tone := "neutral"
		if p.Tone > 0 {
			tone = "coop"
		} else if p.Tone < 0 {
			tone = "conf"
		}
		label := esc(p.Label + " · " + p.Date.Format("2 Jan 2006"))
		if p.Href != "" {
			fmt.Fprintf(&b, `<a href="%s">`, esc(p.Href))
		}
		fmt.Fprintf(&b, `<circle class="pt %s" cx="%.1f" cy="%.1f" r="5"><title>%s</title></circle>`, tone, x(p.Date), y, label)
		if p.Href != "" {
			b.WriteString(`</a>`)
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// ticks picks up to five dates for the axis.
func ticks(lo, hi time.Time) []time.Time {
	var out []time.Time
	for i := 0; i <= 4; i++ {
		out = append(out, lo.Add(time.Duration(float64(hi.Sub(lo))*float64(i)/4)))
	}
	return out
}

// Node is a neighbour in a network graph.
type Node struct {
	Label string
	Href  string
	// In counts edges toward the centre, Out edges from it.
	In, Out int
}

// Network draws the centre with its neighbours on a circle, edge width
// by the number of interactions. It returns "" without neighbours.
func Network(centre string, nodes []Node) template.HTML {
	if len(nodes) == 0 {
		return ""
	}
	const w, h, r = 640.0, 440.0, 160.0
	cx, cy := w/2, h/2
	most := 1
	for _, n := range nodes {
		most = max(most, n.In+n.Out)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="network" viewBox="0 0 %.0f %.0f" role="img" aria-label="co-actors of %s">`, w, h, esc(centre))
	type pos struct{ x, y float64 }
	at := make([]pos, len(nodes))
	for i := range nodes {
		a := 2*math.Pi*float64(i)/float64(len(nodes)) - math.Pi/2
		at[i] = pos{cx + r*math.Cos(a), cy + r*math.Sin(a)}
	}
	for i, n := range nodes {
		width := 1 + 7*float64(n.In+n.Out)/float64(most)
		cls := "edge"
		switch {
		case n.Out > 0 && n.In == 0:
			cls += " out"
		case n.In > 0 && n.Out == 0:
			cls += " in"
		}
		fmt.Fprintf(&b, `<line class="%s" x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke-width="%.1f"><title>%s</title></line>`,
			cls, cx, cy, at[i].x, at[i].y, width, esc(fmt.Sprintf("%s: %d as recipient, %d as actor", n.Label, n.Out, n.In)))
	}
	fmt.Fprintf(&b, `<circle class="node centre" cx="%.1f" cy="%.1f" r="12"/><text class="node-label centre" x="%.1f" y="%.1f" text-anchor="middle">%s</text>`,
		cx, cy, cx, cy+28, esc(shorten(centre, 30)))
	for i, n := range nodes {
		anchor := "start"
		dx, dy := 12.0, 0.0
		if at[i].x < cx-1 {
			anchor, dx = "end", -12
		} else if math.Abs(at[i].x-cx) < 1 {
			anchor, dx, dy = "middle", 0, -18
			if at[i].y > cy {
				dy = 20
			}
		}
		if n.Href != "" {
			fmt.Fprintf(&b, `<a href="%s">`, esc(n.Href))
		}
		fmt.Fprintf(&b, `<circle class="node" cx="%.1f" cy="%.1f" r="8"><title>%s</title></circle><text class="node-label" x="%.1f" y="%.1f" text-anchor="%s" dominant-baseline="middle">%s</text>`,
			at[i].x, at[i].y, esc(n.Label), at[i].x+dx, at[i].y+dy, anchor, esc(shorten(n.Label, 26)))
		if n.Href != "" {
			b.WriteString(`</a>`)
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
