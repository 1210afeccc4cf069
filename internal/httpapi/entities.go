package httpapi

import (
	"net/http"
	"strings"

	"github.com/readout/readout/internal/news"
)

// entityFilterFrom reads an EntityFilter from query parameters: q, type,
// country, sector, limit, offset.
func entityFilterFrom(r *http.Request) (news.EntityFilter, error) {
	q := r.URL.Query()
	f := news.EntityFilter{
		Query:   strings.TrimSpace(q.Get("q")),
		Type:    q.Get("type"),
		Country: q.Get("country"),
		Sector:  q.Get("sector"),
	}
	var err error
	if f.Limit, err = intParam(q.Get("limit"), 50, 1, 1000); err != nil {
		return f, news.E("limit", news.KindInvalid, err)
	}
	if f.Offset, err = intParam(q.Get("offset"), 0, 0, 1_000_000); err != nil {
		return f, news.E("offset", news.KindInvalid, err)
	}
	return f, nil
}

func (s *Server) listEntities(w http.ResponseWriter, r *http.Request) {
	f, err := entityFilterFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	list, err := s.store.Entities(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if list == nil {
		list = []news.EntitySummary{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"entities": list, "limit": f.Limit, "offset": f.Offset})
}

func (s *Server) getEntity(w http.ResponseWriter, r *http.Request) {
	d, err := s.store.Entity(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}
