package httpapi

import (
	"context"
	"net/http"
	"sort"
	"time"

	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/web"
)

// Count is a value with how often it occurs, for the home page's tops.
type Count struct {
	Key   string
	Label string
	N     int
}

// homeWindow is how many recent events the home page counts.
const homeWindow = 500

func (s *Server) homePage(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Has("q") {
		s.searchPage(w, r)
		return
	}
	ctx := r.Context()
	st, err := s.store.Stats(ctx)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	latest, err := s.store.Articles(ctx, news.ArticleFilter{Limit: 10})
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	data := map[string]any{"Stats": st, "Latest": latest, "EventTypes": eventTypes}
	var notes []string
	stories, err := s.store.Stories(ctx, news.StoryFilter{Limit: 12})
	switch {
	case unavailable(err):
		notes = append(notes, "Stories are not available in this store yet.")
	case err != nil:
		s.failPage(w, r, err)
		return
	}
	data["Stories"] = stories
	// "The last day/week" ends at the newest article, so that an archive
	// shows its own last week rather than an empty present.
	// Articles without a publication date list first (by ingest time), so
	// the anchor is the newest publication date among the latest.
	end, newest := s.now().UTC(), time.Time{}
	for _, a := range latest {
		if a.Published.After(newest) && a.Published.Before(end) {
			newest = a.Published
		}
	}
	if !newest.IsZero() {
		end = newest.UTC()
	}
	data["WeekEnd"] = end
	evs, err := s.store.Events(ctx, news.EventFilter{Since: end.AddDate(0, 0, -7), Until: end.Add(24 * time.Hour), Limit: homeWindow})
	switch {
	case unavailable(err):
		notes = append(notes, "Events are not available in this store yet.")
	case err != nil:
		s.failPage(w, r, err)
		return
	default:
		day := end.Add(-24 * time.Hour)
		var lastDay []news.EventSummary
		for _, e := range evs {
			if !eventTime(e).Before(day) {
				lastDay = append(lastDay, e)
			}
		}
		data["WeekActors"], data["WeekTypes"] = topActors(evs, 10), topTypes(evs)
		data["DayActors"], data["DayTypes"] = topActors(lastDay, 10), topTypes(lastDay)
		data["WeekEvents"], data["DayEvents"] = len(evs), len(lastDay)
	}
	data["Notes"] = notes
	s.render(w, r, http.StatusOK, "home", data)
}

// eventTime is an event's date: its resolved begin, else its article's
// publication.
func eventTime(e news.EventSummary) time.Time {
	if e.Date != nil && !e.Date.Begin.IsZero() {
		return e.Date.Begin
	}
	return e.Published
}

func topActors(evs []news.EventSummary, n int) []Count {
	by := map[string]*Count{}
	for _, e := range evs {
		for _, a := range e.Actors {
			key := a.EntityID
			if key == "" {
				continue
			}
			c := by[key]
			if c == nil {
				c = &Count{Key: key, Label: a.Text}
				by[key] = c
			}
			c.N++
		}
	}
	return top(by, n)
}

func topTypes(evs []news.EventSummary) []Count {
	by := map[string]*Count{}
	for _, e := range evs {
		k := string(e.Type)
		if by[k] == nil {
			by[k] = &Count{Key: k, Label: k}
		}
		by[k].N++
	}
	return top(by, len(by))
}

func top(by map[string]*Count, n int) []Count {
	out := make([]Count, 0, len(by))
	for _, c := range by {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].N != out[j].N {
			return out[i].N > out[j].N
		}
		return out[i].Key < out[j].Key
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// searchSide is how many quotes and entities a search page shows next
// to the articles.
const searchSide = 10

func (s *Server) searchPage(w http.ResponseWriter, r *http.Request) {
	q, err := articleQueryFrom(r)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	ctx := r.Context()
	data := map[string]any{"Q": q, "EventTypes": eventTypes, "Filters": articleValues(q)}
	var notes []string
	list, next, err := s.articles(ctx, q)
	if err != nil {
		if !unavailable(err) {
			s.failPage(w, r, err)
			return
		}
		notes = append(notes, "Filtering by event type needs events, which this store does not serve yet.")
	}
	data["Articles"], data["Next"] = list, next
	if q.Page.Offset > 0 {
		data["Prev"] = encodeCursor(max(q.Page.Offset-q.Page.Limit, 0))
	}
	if q.Query != "" && q.Page.Offset == 0 {
		quotes, err := s.store.Quotes(ctx, news.QuoteFilter{Search: q.Query, Limit: searchSide})
		if err != nil && !unavailable(err) {
			s.failPage(w, r, err)
			return
		}
		ents, err := s.store.Entities(ctx, news.EntityFilter{Query: q.Query, Limit: searchSide})
		if err != nil && !unavailable(err) {
			s.failPage(w, r, err)
			return
		}
		data["Quotes"], data["Entities"] = quotes, ents
	}
	data["Notes"] = notes
	s.render(w, r, http.StatusOK, "search", data)
}

// articleValues are an article query's filters as query parameters.
func articleValues(q articleQuery) map[string]string {
	m := map[string]string{"q": q.Query, "site": q.Site, "lang": q.Language, "entity": q.Entity, "event_type": string(q.EventType)}
	if !q.Since.IsZero() {
		m["since"] = q.Since.Format("2006-01-02")
	}
	if !q.Until.IsZero() {
		m["until"] = q.Until.Format("2006-01-02")
	}
	return m
}

func (s *Server) articlePage(w http.ResponseWriter, r *http.Request) {
	a, err := s.store.Article(r.Context(), r.PathValue("id"))
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	data := map[string]any{"Article": a, "Annotated": web.Annotate(a), "Furniture": r.URL.Query().Get("furniture") == "1"}
	story, err := s.store.StoryOf(r.Context(), a.ID)
	if err != nil && !unavailable(err) && !news.IsKind(err, news.KindNotFound) {
		s.failPage(w, r, err)
		return
	}
	data["StoryID"] = story
	s.render(w, r, http.StatusOK, "article", data)
}

func (s *Server) entityPage(w http.ResponseWriter, r *http.Request) {
	v, err := s.entityView(r.Context(), r.PathValue("id"))
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	var points []web.TimePoint
	for _, e := range v.AsActor {
		points = append(points, eventPoint(e, "as actor"))
	}
	for _, e := range v.AsRecipient {
		points = append(points, eventPoint(e, "as recipient"))
	}
	var nodes []web.Node
	for _, c := range v.CoActors {
		nodes = append(nodes, web.Node{Label: c.Name, Href: web.EntityURL(c.ID), In: c.AsActor, Out: c.AsRecipient})
	}
	s.render(w, r, http.StatusOK, "entity", map[string]any{
		"E": v, "Timeline": web.Timeline(points), "Network": web.Network(v.Name, nodes),
		"EventsUnavailable": contains(v.Unavailable, "events"),
		"AsActor":           v.AsActor[:min(len(v.AsActor), 20)], "AsRecipient": v.AsRecipient[:min(len(v.AsRecipient), 20)],
		"Appearances": v.Appearances[:min(len(v.Appearances), entityArticles)],
	})
}

// entityArticles is how many of its articles the entity page lists; the
// rest are a paged search away.
const entityArticles = 30

func eventPoint(e news.EventSummary, lane string) web.TimePoint {
	tone := 0
	if e.Intensity > 0 {
		tone = 1
	} else if e.Intensity < 0 {
		tone = -1
	}
	label := string(e.Type)
	if e.Mode != "" {
		label += "/" + e.Mode
	}
	label += " (" + string(e.Status) + "): " + e.Trigger.Text + " — " + e.ArticleTitle
	return web.TimePoint{Date: eventTime(e), Lane: lane, Label: label, Tone: tone,
		Href: web.EventHref(e)}
}

// storyLead is how many member articles the story page shows side by
// side, with their first paragraph.
const storyLead = 6

// storyMember is one source of a story with its opening text.
type storyMember struct {
	news.StoryArticle
	Lead string
}

func (s *Server) storyPage(w http.ResponseWriter, r *http.Request) {
	d, err := s.store.Story(r.Context(), r.PathValue("id"))
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	var side []storyMember
	for _, m := range d.Members {
		if len(side) == storyLead {
			break
		}
		side = append(side, storyMember{StoryArticle: m, Lead: s.lead(r.Context(), m.ArticleID)})
	}
	s.render(w, r, http.StatusOK, "story", map[string]any{"S": d, "Side": side, "More": len(d.Members) - len(side)})
}

// lead is the first paragraph of an article (at most ~600 bytes), or ""
// when it cannot be read.
func (s *Server) lead(ctx context.Context, id string) string {
	a, err := s.store.Article(ctx, id)
	if err != nil {
		return ""
	}
	for _, b := range web.BlocksOf(a) {
		if b.Kind == news.BlockParagraph && len(b.Text) > 40 {
			if len(b.Text) > 600 {
				cut := 600
				for cut > 0 && (b.Text[cut]&0xC0) == 0x80 {
					cut--
				}
				return b.Text[:cut] + "…"
			}
			return b.Text
		}
	}
	return ""
}

// eventsTimeline is how many of the matching events the explorer's
// timeline shows.
const eventsTimeline = 300

func (s *Server) eventsPage(w http.ResponseWriter, r *http.Request) {
	q, err := eventQueryFrom(r)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	ctx := r.Context()
	data := map[string]any{"Q": q, "Filters": q.values(), "EventTypes": eventTypes, "Statuses": eventStatuses}
	f := q.EventFilter
	f.Limit, f.Offset = q.Page.fetch(), q.Page.Offset
	list, err := s.store.Events(ctx, f)
	if unavailable(err) {
		data["Unavailable"] = true
		s.render(w, r, http.StatusOK, "events", data)
		return
	}
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	list, next := trim(q.Page, list)
	data["Events"], data["Next"] = list, next
	if q.Page.Offset > 0 {
		data["Prev"] = encodeCursor(max(q.Page.Offset-q.Page.Limit, 0))
	}
	tf := q.EventFilter
	tf.Limit = eventsTimeline
	recent, err := s.store.Events(ctx, tf)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	var points []web.TimePoint
	for _, e := range recent {
		points = append(points, eventPoint(e, string(e.Type)))
	}
	data["Timeline"], data["TimelineN"] = web.Timeline(points), len(recent)
	s.render(w, r, http.StatusOK, "events", data)
}
