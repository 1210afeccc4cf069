package httpapi

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/readout/readout/internal/news"
)

// eventQuery is an event listing request.
type eventQuery struct {
	news.EventFilter
	Format string
	Page   page
}

func eventQueryFrom(r *http.Request) (eventQuery, error) {
	p := newParams(r)
	q := eventQuery{EventFilter: news.EventFilter{
		Type:      news.EventType(p.oneOf("type", eventTypes...)),
		Mode:      p.str("mode"),
		Actor:     p.str("actor"),
		Recipient: p.str("recipient"),
		Country:   strings.ToUpper(p.str("country")),
		Status:    news.EventStatus(p.oneOf("status", eventStatuses...)),
		Since:     p.date("since"),
		Until:     p.date("until"),
		ArticleID: p.str("article"),
	}}
	q.Format = p.oneOf("format", "json", "csv", "jsonl")
	q.Page = p.page(defaultLimit)
	return q, p.err
}

// values are the filter's query parameters (for links with the same
// filters).
func (q eventQuery) values() map[string]string {
	m := map[string]string{"type": string(q.Type), "mode": q.Mode, "actor": q.Actor, "recipient": q.Recipient,
		"country": q.Country, "status": string(q.Status), "article": q.ArticleID}
	if !q.Since.IsZero() {
		m["since"] = q.Since.Format("2006-01-02")
	}
	if !q.Until.IsZero() {
		m["until"] = q.Until.Format("2006-01-02")
	}
	return m
}

func (s *Server) listEvents(w http.ResponseWriter, r *http.Request) {
	q, err := eventQueryFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if q.Format == "csv" || q.Format == "jsonl" {
		s.exportEvents(w, r, q)
		return
	}
	f := q.EventFilter
	f.Limit, f.Offset = q.Page.fetch(), q.Page.Offset
	list, err := s.store.Events(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	list, next := trim(q.Page, list)
	writeJSON(w, http.StatusOK, listing("events", list, q.Page, next))
}

// csvHeader are the columns of the CSV download.
var csvHeader = []string{"id", "article_id", "published", "date", "type", "mode", "cameo", "status",
	"actors", "actor_codes", "recipients", "recipient_codes", "place", "country", "trigger",
	"intensity", "confidence", "sentence", "site", "url"}

// exportEvents streams every event matching the filter from the cursor
// on (at most maxExport), reading the store a page at a time.
func (s *Server) exportEvents(w http.ResponseWriter, r *http.Request, q eventQuery) {
	f := q.EventFilter
	f.Limit, f.Offset = maxLimit, q.Page.Offset
	first, err := s.store.Events(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	name := "events." + q.Format
	if q.Format == "csv" {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	} else {
		w.Header().Set("Content-Type", "application/x-ndjson")
	}
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	bw := bufio.NewWriterSize(w, 64<<10)
	defer bw.Flush()
	cw := csv.NewWriter(bw)
	enc := json.NewEncoder(bw)
	if q.Format == "csv" {
		cw.Write(csvHeader)
	}
	list, n := first, 0
	for {
		for _, e := range list {
			if q.Format == "csv" {
				cw.Write(csvRow(e))
			} else {
				enc.Encode(e)
			}
		}
		n += len(list)
		if len(list) < maxLimit || n >= maxExport || r.Context().Err() != nil {
			break
		}
		f.Offset += maxLimit
		if list, err = s.store.Events(r.Context(), f); err != nil {
			// The status is sent; the truncated file is the signal, and
			// the log says why.
			s.log.Error("export events", "err", err)
			break
		}
	}
	cw.Flush()
}

func csvRow(e news.EventSummary) []string {
	parts := func(ps []news.EventActor, code bool) string {
		var out []string
		for _, p := range ps {
			if code {
				out = append(out, p.Code)
			} else {
				out = append(out, p.Text)
			}
		}
		return strings.Join(out, "; ")
	}
	date, place, country := "", "", ""
	if e.Date != nil {
		if !e.Date.Begin.IsZero() {
			date = e.Date.Begin.Format("2006-01-02")
		} else {
			date = e.Date.Text
		}
	}
	if e.Location != nil {
		place, country = e.Location.Text, e.Location.Country
	}
	published := ""
	if !e.Published.IsZero() {
		published = e.Published.UTC().Format(time.RFC3339)
	}
	row := []string{e.ID, e.ArticleID, published, date, string(e.Type), e.Mode, e.CAMEO, string(e.Status),
		parts(e.Actors, false), parts(e.Actors, true), parts(e.Recipients, false), parts(e.Recipients, true),
		place, country, e.Trigger.Text, strconv.FormatFloat(e.Intensity, 'f', -1, 64),
		strconv.FormatFloat(e.Confidence, 'f', 2, 64), e.SentenceText, e.Site, e.URL}
	for i := range row {
		row[i] = csvSafe(row[i])
	}
	return row
}

// csvSafe defuses cells a spreadsheet would run as a formula.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) && !isNumber(s) {
		return "'" + s
	}
	return s
}

func (s *Server) listStories(w http.ResponseWriter, r *http.Request) {
	p := newParams(r)
	f := news.StoryFilter{Query: p.str("q"), Entity: p.str("entity"),
		MinSources: p.int("min_sources", 0, 0, 10000), Since: p.date("since"), Until: p.date("until")}
	pg := p.page(defaultLimit)
	if p.err != nil {
		s.fail(w, r, p.err)
		return
	}
	f.Limit, f.Offset = pg.fetch(), pg.Offset
	list, err := s.store.Stories(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	list, next := trim(pg, list)
	writeJSON(w, http.StatusOK, listing("stories", list, pg, next))
}

func (s *Server) getStory(w http.ResponseWriter, r *http.Request) {
	d, err := s.store.Story(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

func isNumber(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}
