// Package httpapi serves readout's JSON API and its HTML pages over a
// news.Store. It maps error kinds to HTTP status codes (the only package
// that does) and never writes to the store.
//
// Routes:
//
//	GET /                      page: latest articles and a search box (?q=)
//	GET /articles/{id}         page: one article, cleaned text and metadata
//	GET /api/articles          JSON: list or search (q, site, lang, since, until, duplicates, limit, offset)
//	GET /api/articles/{id}     JSON: one article with blocks and sentences
//	GET /api/articles/{id}/raw the raw input the article was cleaned from
//	GET /api/stats             JSON: counts
//	GET /api/entities          JSON: entities by number of articles (q, type, country, sector, limit, offset)
//	GET /api/entities/{id}     JSON: one entity with aliases, roles and articles
//	GET /healthz               200 "ok"
package httpapi

import (
	"encoding/json"
	"errors"
	"log/slog"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/web"
)

// Server is the HTTP handler.
type Server struct {
	store news.Store
	log   *slog.Logger
	mux   *http.ServeMux
	pages *web.Pages
}

// New builds the handler.
func New(store news.Store, log *slog.Logger) (*Server, error) {
	pages, err := web.Load()
	if err != nil {
		return nil, err
	}
	s := &Server{store: store, log: log, mux: http.NewServeMux(), pages: pages}
	s.mux.HandleFunc("GET /{$}", s.home)
	s.mux.HandleFunc("GET /articles/{id}", s.articlePage)
	s.mux.HandleFunc("GET /api/articles", s.listArticles)
	s.mux.HandleFunc("GET /api/articles/{id}", s.getArticle)
	s.mux.HandleFunc("GET /api/articles/{id}/raw", s.getRaw)
	s.mux.HandleFunc("GET /api/stats", s.stats)
	s.mux.HandleFunc("GET /api/entities", s.listEntities)
	s.mux.HandleFunc("GET /api/entities/{id}", s.getEntity)
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok\n")) })
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", web.Static()))
	return s, nil
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	s.mux.ServeHTTP(w, r)
}

// filterFrom reads an ArticleFilter from query parameters.
func filterFrom(r *http.Request) (news.ArticleFilter, error) {
	q := r.URL.Query()
	f := news.ArticleFilter{
		Query:    strings.TrimSpace(q.Get("q")),
		Site:     q.Get("site"),
		Language: q.Get("lang"),
	}
	var err error
	if f.Limit, err = intParam(q.Get("limit"), 50, 1, 1000); err != nil {
		return f, news.E("limit", news.KindInvalid, err)
	}
	if f.Offset, err = intParam(q.Get("offset"), 0, 0, 1_000_000); err != nil {
		return f, news.E("offset", news.KindInvalid, err)
	}
	if f.Since, err = dateParam(q.Get("since")); err != nil {
		return f, news.E("since", news.KindInvalid, err)
	}
	if f.Until, err = dateParam(q.Get("until")); err != nil {
		return f, news.E("until", news.KindInvalid, err)
	}
	switch q.Get("duplicates") {
	case "", "0", "false":
	default:
		f.IncludeDuplicates = true
	}
	return f, nil
}

func intParam(v string, def, min, max int) (int, error) {
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, errors.New("not a whole number")
	}
	if n < min || n > max {
		return 0, errors.New("out of range " + strconv.Itoa(min) + ".." + strconv.Itoa(max))
	}
	return n, nil
}

// dateParam accepts 2006-01-02 or RFC 3339.
func dateParam(v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse("2006-01-02", v); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return time.Time{}, errors.New("want YYYY-MM-DD or RFC 3339")
	}
	return t, nil
}

func (s *Server) listArticles(w http.ResponseWriter, r *http.Request) {
	f, err := filterFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	list, err := s.store.Articles(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if list == nil {
		list = []news.ArticleSummary{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"articles": list, "limit": f.Limit, "offset": f.Offset})
}

func (s *Server) getArticle(w http.ResponseWriter, r *http.Request) {
	a, err := s.store.Article(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, a)
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
	// Raw HTML is served as text so that a stored page never runs in our
	// origin.
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Security-Policy", "sandbox")
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

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	f, err := filterFrom(r)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	list, err := s.store.Articles(r.Context(), f)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	st, err := s.store.Stats(r.Context())
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	next := 0
	if len(list) == f.Limit {
		next = f.Offset + f.Limit
	}
	s.render(w, r, http.StatusOK, "home", map[string]any{
		"Filter": f, "Articles": list, "Stats": st, "Next": next,
		"Prev": max(f.Offset-f.Limit, 0), "HasPrev": f.Offset > 0,
	})
}

func (s *Server) articlePage(w http.ResponseWriter, r *http.Request) {
	a, err := s.store.Article(r.Context(), r.PathValue("id"))
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "article", map[string]any{"Article": a, "Blocks": web.BlocksOf(a)})
}

func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	if err := s.pages.Render(w, name, data); err != nil && s.log != nil {
		s.log.Error("render page", "page", name, "path", r.URL.Path, "err", err)
	}
}

// status maps an error kind to an HTTP status.
func status(err error) int {
	switch news.KindOf(err) {
	case news.KindInvalid:
		return http.StatusBadRequest
	case news.KindNotFound:
		return http.StatusNotFound
	case news.KindConflict:
		return http.StatusConflict
	case news.KindUnavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	code := status(err)
	msg := err.Error()
	if code == http.StatusInternalServerError {
		if s.log != nil {
			s.log.Error("request failed", "path", r.URL.Path, "err", err)
		}
		msg = "internal error"
	}
	writeJSON(w, code, map[string]any{"error": msg, "status": code})
}

func (s *Server) failPage(w http.ResponseWriter, r *http.Request, err error) {
	code := status(err)
	msg := err.Error()
	if code == http.StatusInternalServerError {
		if s.log != nil {
			s.log.Error("page failed", "path", r.URL.Path, "err", err)
		}
		msg = "internal error"
	}
	s.render(w, r, code, "error", map[string]any{"Status": code, "Message": msg})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}
