package httpapi

import (
	"context"
	"net/http"
	"sort"

	"github.com/readout/readout/internal/news"
)

func (s *Server) listEntities(w http.ResponseWriter, r *http.Request) {
	p := newParams(r)
	f := news.EntityFilter{Query: p.str("q"), Type: p.str("type"), Country: p.str("country"), Sector: p.str("sector")}
	pg := p.page(defaultLimit)
	if p.err != nil {
		s.fail(w, r, p.err)
		return
	}
	f.Limit, f.Offset = pg.fetch(), pg.Offset
	list, err := s.store.Entities(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	list, next := trim(pg, list)
	writeJSON(w, http.StatusOK, listing("entities", list, pg, next))
}

// Bounds of the entity view: it shows the most recent of each.
const (
	entityQuotes = 20
	entityEvents = 200
)

// CoActor is an entity an entity acts with in events, with counts.
type CoActor struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// AsRecipient counts events where the entity acted on this one;
	// AsActor events where this one acted on the entity.
	AsRecipient int `json:"as_recipient"`
	AsActor     int `json:"as_actor"`
	Total       int `json:"total"`
}

// entityView is everything about one entity: the store's detail plus
// its quotes, its events and its co-actors. Sections the store cannot
// serve yet are listed in Unavailable.
type entityView struct {
	*news.EntityDetail
	Quotes      []news.QuoteSummary `json:"quotes"`
	AsActor     []news.EventSummary `json:"events_as_actor"`
	AsRecipient []news.EventSummary `json:"events_as_recipient"`
	CoActors    []CoActor           `json:"co_actors"`
	Unavailable []string            `json:"unavailable,omitempty"`
}

func (s *Server) entityView(ctx context.Context, id string) (*entityView, error) {
	d, err := s.store.Entity(ctx, id)
	if err != nil {
		return nil, err
	}
	v := &entityView{EntityDetail: d, Quotes: []news.QuoteSummary{}, AsActor: []news.EventSummary{},
		AsRecipient: []news.EventSummary{}, CoActors: []CoActor{}}
	soft := func(section string, err error) error {
		if unavailable(err) {
			v.Unavailable = append(v.Unavailable, section)
			return nil
		}
		return err
	}
	if q, err := s.store.Quotes(ctx, news.QuoteFilter{Speaker: d.ID, Limit: entityQuotes}); err != nil {
		if err := soft("quotes", err); err != nil {
			return nil, err
		}
	} else if q != nil {
		// The speaker filter also matches names by substring; keep the
		// quotes attributed to this entity.
		for _, x := range q {
			if x.SpeakerEntityID == d.ID {
				v.Quotes = append(v.Quotes, x)
			}
		}
	}
	if e, err := s.store.Events(ctx, news.EventFilter{Actor: d.ID, Limit: entityEvents}); err != nil {
		if err := soft("events", err); err != nil {
			return nil, err
		}
	} else if e != nil {
		v.AsActor = e
	}
	if e, err := s.store.Events(ctx, news.EventFilter{Recipient: d.ID, Limit: entityEvents}); err != nil {
		if err := soft("events", err); err != nil && !contains(v.Unavailable, "events") {
			return nil, err
		}
	} else if e != nil {
		v.AsRecipient = e
	}
	v.CoActors = coActors(d.ID, v.AsActor, v.AsRecipient)
	return v, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// coActors counts the other participants of an entity's events, most
// frequent first (at most 30).
func coActors(id string, asActor, asRecipient []news.EventSummary) []CoActor {
	by := map[string]*CoActor{}
	add := func(p news.EventActor, recipient bool) {
		key := p.EntityID
		if key == "" || key == id {
			return
		}
		c := by[key]
		if c == nil {
			c = &CoActor{ID: key, Name: p.Text}
			by[key] = c
		}
		if recipient {
			c.AsRecipient++
		} else {
			c.AsActor++
		}
		c.Total++
	}
	seen := map[string]bool{}
	for _, e := range asActor {
		seen[e.ID] = true
		for _, p := range e.Recipients {
			add(p, true)
		}
		for _, p := range e.Actors { // co-actors on the same side
			add(p, false)
		}
	}
	for _, e := range asRecipient {
		if seen[e.ID] {
			continue
		}
		for _, p := range e.Actors {
			add(p, false)
		}
	}
	out := make([]CoActor, 0, len(by))
	for _, c := range by {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Total != out[j].Total {
			return out[i].Total > out[j].Total
		}
		return out[i].ID < out[j].ID
	})
	if len(out) > 30 {
		out = out[:30]
	}
	return out
}

func (s *Server) getEntity(w http.ResponseWriter, r *http.Request) {
	v, err := s.entityView(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) listQuotes(w http.ResponseWriter, r *http.Request) {
	p := newParams(r)
	f := news.QuoteFilter{Speaker: p.str("speaker"), Search: p.str("q"),
		Kind: news.QuoteKind(p.oneOf("kind", "direct", "partial", "indirect", "term"))}
	pg := p.page(defaultLimit)
	if p.err != nil {
		s.fail(w, r, p.err)
		return
	}
	f.Limit, f.Offset = pg.fetch(), pg.Offset
	list, err := s.store.Quotes(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	list, next := trim(pg, list)
	writeJSON(w, http.StatusOK, listing("quotes", list, pg, next))
}
