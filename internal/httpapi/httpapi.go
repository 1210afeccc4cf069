// Package httpapi serves readout's JSON API and its HTML pages over a
// news.Store. It maps error kinds to HTTP status codes (the only package
// that does). It is read-only unless an ingest function and a bearer token
// are configured (WithIngest), and even then it only adds documents.
//
// Pages (server-rendered, no script required):
//
//	GET /                         latest stories, top actors and event types, search box
//	GET /search                   articles, quotes and entities (q, site, lang, since, until, entity, event_type)
//	GET /articles/{id}            one article with entities, quotes and event triggers highlighted
//	GET /entities/{id}            aliases, roles, quotes, events timeline, co-actor graph
//	GET /stories/{id}             sources side by side, merged events, contradictions
//	GET /events                   events explorer: filters, timeline, table, downloads
//
// API (JSON; docs/api.md; OpenAPI 3 at /api/openapi.json):
//
//	GET /api/v1/articles, /api/v1/articles/{id}, /api/v1/articles/{id}/raw
//	GET /api/v1/entities, /api/v1/entities/{id}
//	GET /api/v1/quotes, /api/v1/events (format=json|csv|jsonl)
//	GET /api/v1/stories, /api/v1/stories/{id}, /api/v1/stats
//	POST /api/v1/ingest (bearer token; only when configured)
//
// The unversioned /api/... routes of the first release remain as aliases.
package httpapi

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/web"
)

// IngestFunc stores uploaded documents and returns a summary to report
// as JSON.
type IngestFunc func(ctx context.Context, docs []news.Document) (any, error)

// Option configures a Server.
type Option func(*Server)

// WithIngest enables POST /api/v1/ingest, guarded by the bearer token. An
// empty token leaves the endpoint disabled (403 for every request).
func WithIngest(token string, fn IngestFunc) Option {
	return func(s *Server) { s.token, s.ingestFn = token, fn }
}

// WithClock injects the clock used for "last day/week" on the home page.
func WithClock(now func() time.Time) Option {
	return func(s *Server) { s.now = now }
}

// Server is the HTTP handler.
type Server struct {
	store    news.Store
	log      *slog.Logger
	mux      *http.ServeMux
	pages    *web.Pages
	token    string
	ingestFn IngestFunc
	now      func() time.Time
}

// New builds the handler.
func New(store news.Store, log *slog.Logger, opts ...Option) (*Server, error) {
	pages, err := web.Load()
	if err != nil {
		return nil, err
	}
	if _, err := OpenAPI(); err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Server{store: store, log: log, mux: http.NewServeMux(), pages: pages, now: time.Now}
	for _, o := range opts {
		o(s)
	}
	m := s.mux
	// Pages.
	m.HandleFunc("GET /{$}", s.homePage)
	m.HandleFunc("GET /search", s.searchPage)
	m.HandleFunc("GET /articles/{id}", s.articlePage)
	m.HandleFunc("GET /entities/{id}", s.entityPage)
	m.HandleFunc("GET /stories/{id}", s.storyPage)
	m.HandleFunc("GET /events", s.eventsPage)
	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.failPage(w, r, news.E("page", news.KindNotFound, "no page at "+r.URL.Path))
	})
	m.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok\n")) })
	m.Handle("GET /static/", http.StripPrefix("/static/", web.Static()))
	// API, versioned, with the first release's paths as aliases.
	for _, p := range []string{"/api/v1", "/api"} {
		m.HandleFunc("GET "+p+"/articles", s.listArticles)
		m.HandleFunc("GET "+p+"/articles/{id}", s.getArticle)
		m.HandleFunc("GET "+p+"/articles/{id}/raw", s.getRaw)
		m.HandleFunc("GET "+p+"/entities", s.listEntities)
		m.HandleFunc("GET "+p+"/entities/{id}", s.getEntity)
		m.HandleFunc("GET "+p+"/quotes", s.listQuotes)
		m.HandleFunc("GET "+p+"/events", s.listEvents)
		m.HandleFunc("GET "+p+"/stories", s.listStories)
		m.HandleFunc("GET "+p+"/stories/{id}", s.getStory)
		m.HandleFunc("GET "+p+"/stats", s.stats)
	}
	m.HandleFunc("POST /api/v1/ingest", s.ingest)
	m.HandleFunc("GET /api/openapi.json", s.openAPI)
	m.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, news.E("api", news.KindNotFound, "no such endpoint: "+r.Method+" "+r.URL.Path))
	})
	return s, nil
}

// securityHeaders are set on every response. Pages load scripts and styles
// only from /static (no inline script, no inline style), and may not be
// framed.
var securityHeaders = map[string]string{
	"Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
		"connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
	"X-Content-Type-Options":     "nosniff",
	"Referrer-Policy":            "no-referrer",
	"X-Frame-Options":            "DENY",
	"Cross-Origin-Opener-Policy": "same-origin",
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	for k, v := range securityHeaders {
		h.Set(k, v)
	}
	s.mux.ServeHTTP(w, r)
}
