package httpapi

import (
	"crypto/subtle"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/readout/readout/internal/news"
)

// maxUpload bounds an uploaded document.
const maxUpload = 10 << 20

// authorized checks the bearer token in constant time. No configured
// token means no one is.
func (s *Server) authorized(r *http.Request) bool {
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return ok && s.token != "" && subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), []byte(s.token)) == 1
}

// ingest stores one uploaded document: the request body (text/html or
// text/plain), with url, title, source and published as query
// parameters.
func (s *Server) ingest(w http.ResponseWriter, r *http.Request) {
	if s.ingestFn == nil || s.token == "" {
		writeJSON(w, http.StatusForbidden, apiError{errorBody{Code: "forbidden",
			Message: "ingest is disabled: start serve with READOUT_API_TOKEN set"}})
		return
	}
	if !s.authorized(r) {
		s.fail(w, r, errUnauthorized)
		return
	}
	p := newParams(r)
	doc := news.Document{Origin: "upload", URL: p.str("url"), Title: p.str("title"), Source: p.str("source"),
		Published: p.date("published"), Fetched: s.now().UTC()}
	if p.err != nil {
		s.fail(w, r, p.err)
		return
	}
	ct := r.Header.Get("Content-Type")
	mt, _, _ := mime.ParseMediaType(ct)
	switch mt {
	case "text/html", "application/xhtml+xml":
		doc.Format = news.FormatHTML
	case "text/plain":
		doc.Format = news.FormatText
	default:
		s.fail(w, r, news.E("ingest", news.KindInvalid, "Content-Type must be text/html or text/plain"))
		return
	}
	doc.ContentType = ct
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxUpload))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			s.fail(w, r, news.E("ingest", news.KindInvalid, "document larger than 10 MiB"))
			return
		}
		s.fail(w, r, news.E("ingest", news.KindInvalid, err))
		return
	}
	if len(strings.TrimSpace(string(body))) == 0 {
		s.fail(w, r, news.E("ingest", news.KindInvalid, "empty document"))
		return
	}
	doc.Body = body
	sum, err := s.ingestFn(r.Context(), []news.Document{doc})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, sum)
}
