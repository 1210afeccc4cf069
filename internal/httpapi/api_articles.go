package httpapi

import (
	"context"
	"mime"
	"net/http"
	"time"

	"github.com/readout/readout/internal/news"
)

// articleQuery is an article listing request: the store's filter plus the
// two cross-table filters (entity, event type) that are served here from
// the entity's appearances and the event listing.
type articleQuery struct {
	news.ArticleFilter
	Entity    string
	EventType news.EventType
	Page      page
}

func articleQueryFrom(r *http.Request) (articleQuery, error) {
	p := newParams(r)
	q := articleQuery{ArticleFilter: news.ArticleFilter{
		Query: p.str("q"), Site: p.str("site"), Language: p.str("lang"),
		Since: p.date("since"), Until: p.date("until"),
	}}
	switch p.str("duplicates") {
	case "", "0", "false":
	default:
		q.IncludeDuplicates = true
	}
	q.Entity = p.str("entity")
	q.EventType = news.EventType(p.oneOf("event_type", eventTypes...))
	q.Page = p.page(defaultLimit)
	return q, p.err
}

// eventTypes are the PLOVER types, for validation and the pages' menus.
var eventTypes = []string{"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
	"ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}

var eventStatuses = []string{"occurred", "ongoing", "planned", "hypothetical", "negated", "reported"}

// maxScan bounds the articles read to combine a text or site filter with
// an entity or event-type filter.
const maxScan = 2000

// articles runs an article query and returns one page and the next cursor.
func (s *Server) articles(ctx context.Context, q articleQuery) ([]news.ArticleSummary, string, error) {
	if q.Entity == "" && q.EventType == "" {
		f := q.ArticleFilter
		f.Limit, f.Offset = q.Page.fetch(), q.Page.Offset
		list, err := s.store.Articles(ctx, f)
		if err != nil {
			return nil, "", err
		}
		list, next := trim(q.Page, list)
		return list, next, nil
	}
	// Candidates, newest first: the entity's appearances, or the articles
	// of the most recent events of the type.
	var cands []news.ArticleSummary
	if q.Entity != "" {
		d, err := s.store.Entity(ctx, q.Entity)
		if err != nil {
			return nil, "", err
		}
		for _, a := range d.Appearances {
			cands = append(cands, news.ArticleSummary{ID: a.ArticleID, Title: a.Title, Published: a.Published})
		}
	}
	if q.EventType != "" {
		// Read the type's most recent events, widening the window until
		// enough distinct articles are found (or the bound is reached).
		need := q.Page.Offset + q.Page.Limit + 1
		if q.Entity != "" || q.Query != "" || q.Site != "" || q.Language != "" || !q.Since.IsZero() || !q.Until.IsZero() {
			need = maxLimit // the other filters will drop some
		}
		var byEvent []news.ArticleSummary
		seen := map[string]bool{}
		for n := min(maxLimit, max(100, 2*need)); ; n = maxLimit {
			evs, err := s.store.Events(ctx, news.EventFilter{Type: q.EventType, Limit: n})
			if err != nil {
				return nil, "", err
			}
			byEvent, seen = byEvent[:0], map[string]bool{}
			for _, e := range evs {
				if !seen[e.ArticleID] {
					seen[e.ArticleID] = true
					byEvent = append(byEvent, news.ArticleSummary{ID: e.ArticleID, Title: e.ArticleTitle, Site: e.Site, URL: e.URL, Published: e.Published})
				}
			}
			if len(byEvent) >= need || len(evs) < n || n == maxLimit {
				break
			}
		}
		if q.Entity == "" {
			cands = byEvent
		} else {
			cands = keep(cands, seen)
		}
	}
	cands = inRange(cands, q.Since, q.Until)
	if q.Query != "" || q.Site != "" || q.Language != "" {
		// Narrow by the store's own filter, read in bounded chunks.
		ids := map[string]bool{}
		for _, c := range cands {
			ids[c.ID] = true
		}
		var out []news.ArticleSummary
		f := q.ArticleFilter
		for f.Offset = 0; f.Offset < maxScan; f.Offset += maxLimit {
			f.Limit = maxLimit
			list, err := s.store.Articles(ctx, f)
			if err != nil {
				return nil, "", err
			}
			for _, a := range list {
				if ids[a.ID] {
					out = append(out, a)
				}
			}
			if len(list) < maxLimit {
				break
			}
		}
		cands = out
	}
	if q.Page.Offset >= len(cands) {
		return []news.ArticleSummary{}, "", nil
	}
	list, next := trim(q.Page, cands[q.Page.Offset:min(len(cands), q.Page.Offset+q.Page.fetch())])
	return list, next, nil
}

func keep(list []news.ArticleSummary, ids map[string]bool) []news.ArticleSummary {
	var out []news.ArticleSummary
	for _, a := range list {
		if ids[a.ID] {
			out = append(out, a)
		}
	}
	return out
}

func inRange(list []news.ArticleSummary, since, until time.Time) []news.ArticleSummary {
	if since.IsZero() && until.IsZero() {
		return list
	}
	var out []news.ArticleSummary
	for _, a := range list {
		if (!since.IsZero() && a.Published.Before(since)) || (!until.IsZero() && !a.Published.Before(until)) {
			continue
		}
		out = append(out, a)
	}
	return out
}

func (s *Server) listArticles(w http.ResponseWriter, r *http.Request) {
	q, err := articleQueryFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	list, next, err := s.articles(r.Context(), q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listing("articles", list, q.Page, next))
}

// articleView is an article as the API returns it: with its story, when
// stories are known.
type articleView struct {
	*news.Article
	StoryID string `json:"story_id,omitempty"`
}

func (s *Server) getArticle(w http.ResponseWriter, r *http.Request) {
	a, err := s.store.Article(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	story, err := s.store.StoryOf(r.Context(), a.ID)
	if err != nil && !unavailable(err) && !news.IsKind(err, news.KindNotFound) {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, articleView{Article: a, StoryID: story})
}

func (s *Server) getRaw(w http.ResponseWriter, r *http.Request) {
	raw, err := s.store.Raw(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ct := "text/plain; charset=utf-8"
	if _, params, err := mime.ParseMediaType(raw.ContentType); err == nil && params["charset"] != "" {
		ct = mime.FormatMediaType("text/plain", map[string]string{"charset": params["charset"]})
	}
	// Raw HTML is served as text, sandboxed, so that a stored page never
	// runs in our origin.
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Security-Policy", "sandbox; default-src 'none'")
	w.Write(raw.Body)
}

func (s *Server) stats(w http.ResponseWriter, r *http.Request) {
	st, err := s.store.Stats(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, st)
}
