package httpapi

import (
	"encoding/json"
	"net/http"

	"github.com/readout/readout/internal/news"
)

// apiError is the body of every error response:
//
//	{"error": {"code": "not_found", "message": "…"}}
type apiError struct {
	Error errorBody `json:"error"`
}

type errorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// errUnauthorized marks a missing or wrong bearer token.
var errUnauthorized = news.E("auth", news.KindInvalid, "missing or wrong bearer token")

// status maps an error kind to an HTTP status and an error code.
func status(err error) (int, string) {
	if err == errUnauthorized {
		return http.StatusUnauthorized, "unauthorized"
	}
	switch news.KindOf(err) {
	case news.KindInvalid:
		return http.StatusBadRequest, "invalid"
	case news.KindNotFound:
		return http.StatusNotFound, "not_found"
	case news.KindConflict:
		return http.StatusConflict, "conflict"
	case news.KindUnavailable:
		return http.StatusServiceUnavailable, "unavailable"
	}
	return http.StatusInternalServerError, "internal"
}

// message is what a client may see of err: internal errors are logged
// and hidden.
func (s *Server) message(r *http.Request, code int, err error) string {
	if code == http.StatusInternalServerError {
		s.log.Error("request failed", "path", r.URL.Path, "err", err)
		return "internal error"
	}
	return err.Error()
}

func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	code, name := status(err)
	if code == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="readout"`)
	}
	writeJSON(w, code, apiError{errorBody{Code: name, Message: s.message(r, code, err)}})
}

func (s *Server) failPage(w http.ResponseWriter, r *http.Request, err error) {
	code, _ := status(err)
	s.render(w, r, code, "error", map[string]any{"Status": code, "Message": s.message(r, code, err)})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

func (s *Server) render(w http.ResponseWriter, r *http.Request, code int, name string, data any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	if err := s.pages.Render(w, name, data); err != nil {
		s.log.Error("render page", "page", name, "path", r.URL.Path, "err", err)
	}
}

// unavailable reports whether err only says a store feature is not
// there (yet): pages show a note instead of failing.
func unavailable(err error) bool { return news.IsKind(err, news.KindUnavailable) }
