package httpapi

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/readout/readout/internal/news"
)

func TestAPI(t *testing.T) {
	f := newFixture(t, nil)
	a1, a2, a3 := f.ids[0], f.ids[1], f.ids[2]
	cases := []struct {
		name, path string
		status     int
		contains   []string
		lacks      []string
	}{
		{"list newest first", "/api/v1/articles", 200, []string{`"Les ministres se parlent"`, `"limit": 50`}, []string{"next_cursor"}},
		{"old path alias", "/api/articles", 200, []string{`"Envoy visits Nairobi"`}, nil},
		{"search with highlight", "/api/v1/articles?q=corridor", 200, []string{`\u003cmark\u003ecorridor`}, []string{"ministres"}},
		{"language filter", "/api/v1/articles?lang=fr", 200, []string{a3}, []string{a1}},
		{"entity filter", "/api/v1/articles?entity=per:liv-aarset", 200, []string{a1, a2}, []string{a3}},
		{"event type filter", "/api/v1/articles?event_type=ACCUSE", 200, []string{a2}, []string{a1, a3}},
		{"entity and words", "/api/v1/articles?entity=per:liv-aarset&q=rains", 200, []string{a1}, []string{a2}},
		{"unknown entity filter", "/api/v1/articles?entity=per:nobody", 404, []string{`"code": "not_found"`}, nil},
		{"one article", "/api/v1/articles/" + a1, 200, []string{`"text": "Envoy`, `"blocks"`, `"quotes"`, `"events"`, `"entities"`, `"story_id": "s-nairobi"`}, nil},
		{"unknown article", "/api/v1/articles/a0000000000000000", 404, []string{`"code": "not_found"`, `"message"`}, nil},
		{"bad limit", "/api/v1/articles?limit=0", 400, []string{`"code": "invalid"`, "limit"}, nil},
		{"bad date", "/api/v1/articles?since=last+week", 400, []string{"since"}, nil},
		{"bad cursor", "/api/v1/articles?cursor=xyz", 400, []string{"cursor"}, nil},
		{"bad event type", "/api/v1/articles?event_type=HUG", 400, []string{"event_type"}, nil},
		{"stats", "/api/v1/stats", 200, []string{`"articles": 3`}, nil},
		{"entities", "/api/v1/entities", 200, []string{`"per:liv-aarset"`, `"country:KEN"`}, nil},
		{"entities by type", "/api/v1/entities?type=person", 200, []string{`"per:liv-aarset"`}, []string{`"country:KEN"`}},
		{"entity", "/api/v1/entities/per:liv-aarset", 200, []string{`"aliases"`, `"evidence": "Envoy Liv Aarset"`,
			`"quotes": [`, `"The corridor must open before the rains,"`, `"events_as_actor"`, `"co_actors"`, `"as_recipient": 2`}, []string{`"unavailable"`}},
		{"entity as recipient", "/api/v1/entities/country:KEN", 200, []string{`"events_as_recipient": [`, `"id": "per:liv-aarset"`}, nil},
		{"unknown entity", "/api/v1/entities/per:nobody", 404, []string{`"not_found"`}, nil},
		{"quotes", "/api/v1/quotes", 200, []string{`"speaker_entity_id": "per:liv-aarset"`}, nil},
		{"quotes by words", "/api/v1/quotes?q=rains", 200, []string{"corridor must open"}, nil},
		{"quotes by nobody", "/api/v1/quotes?speaker=nobody", 200, []string{`"quotes": []`}, nil},
		{"bad quote kind", "/api/v1/quotes?kind=shouted", 400, []string{"kind"}, nil},
		{"events", "/api/v1/events", 200, []string{`"ACCUSE"`, `"CONSULT"`, `"sentence_text"`}, nil},
		{"events by type", "/api/v1/events?type=ACCUSE", 200, []string{`"accused"`}, []string{`"CONSULT"`}},
		{"events by actor", "/api/v1/events?actor=per:liv-aarset", 200, []string{`"CONSULT"`}, []string{`"ACCUSE"`}},
		{"events by recipient", "/api/v1/events?recipient=KEN", 200, []string{`"CONSULT"`}, []string{`"ACCUSE"`}},
		{"events by article", "/api/v1/events?article=" + a1, 200, []string{`"visit"`}, []string{`"ACCUSE"`}},
		{"events since", "/api/v1/events?since=2025-05-06", 200, []string{`"resumed talks"`}, []string{`"visit"`}},
		{"bad status", "/api/v1/events?status=maybe", 400, []string{"status"}, nil},
		{"stories", "/api/v1/stories", 200, []string{`"s-nairobi"`, `"sources": 2`}, nil},
		{"story", "/api/v1/stories/s-nairobi", 200, []string{`"merged_events"`, `"contradictions"`, `"2025-05-06"`}, nil},
		{"unknown story", "/api/v1/stories/nope", 404, []string{`"not_found"`}, nil},
		{"unknown endpoint", "/api/v1/nothing", 404, []string{`"not_found"`, "no such endpoint"}, nil},
		{"openapi", "/api/openapi.json", 200, []string{`"openapi": "3.0.3"`, `"/api/v1/events"`}, nil},
		{"health", "/healthz", 200, []string{"ok"}, nil},
		{"css", "/static/readout.css", 200, []string{"--accent"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, body, hdr := get(t, f.srv.URL+tc.path)
			if code != tc.status {
				t.Fatalf("status %d, want %d: %s", code, tc.status, body)
			}
			if strings.HasPrefix(tc.path, "/api/") && !strings.HasPrefix(hdr.Get("Content-Type"), "application/json") {
				t.Errorf("Content-Type %q", hdr.Get("Content-Type"))
			}
			for _, c := range tc.contains {
				if !strings.Contains(body, c) {
					t.Errorf("body lacks %q:\n%s", c, body)
				}
			}
			for _, c := range tc.lacks {
				if strings.Contains(body, c) {
					t.Errorf("body has %q:\n%s", c, body)
				}
			}
			if code >= 400 && strings.HasPrefix(tc.path, "/api/") {
				var e apiError
				if err := json.Unmarshal([]byte(body), &e); err != nil || e.Error.Code == "" || e.Error.Message == "" {
					t.Errorf("error body %q is not {error:{code,message}}", body)
				}
			}
		})
	}
	// Raw input is served as inert text.
	code, body, hdr := get(t, f.srv.URL+"/api/v1/articles/"+a1+"/raw")
	if code != 200 || !strings.HasPrefix(body, "<b>raw</b>") || !strings.HasPrefix(hdr.Get("Content-Type"), "text/plain") ||
		!strings.HasPrefix(hdr.Get("Content-Security-Policy"), "sandbox") {
		t.Errorf("raw: %d %q %v", code, body, hdr)
	}
}

// TestCursorPagination walks every listing one row at a time and checks
// that the pages join up to the unpaged listing.
func TestCursorPagination(t *testing.T) {
	f := newFixture(t, nil)
	for _, ep := range []struct{ path, key string }{
		{"/api/v1/articles", "articles"}, {"/api/v1/entities", "entities"}, {"/api/v1/events", "events"},
		{"/api/v1/quotes", "quotes"}, {"/api/v1/stories", "stories"}, {"/api/v1/articles?entity=per:liv-aarset", "articles"},
	} {
		t.Run(ep.path, func(t *testing.T) {
			all := fetchPage(t, f.srv.URL+ep.path, ep.key)
			var walked []json.RawMessage
			next, pages := "", 0
			for {
				u, _ := url.Parse(f.srv.URL + ep.path)
				q := u.Query()
				q.Set("limit", "1")
				if next != "" {
					q.Set("cursor", next)
				}
				u.RawQuery = q.Encode()
				_, body, _ := get(t, u.String())
				var resp map[string]json.RawMessage
				if err := json.Unmarshal([]byte(body), &resp); err != nil {
					t.Fatal(err)
				}
				var items []json.RawMessage
				json.Unmarshal(resp[ep.key], &items)
				walked = append(walked, items...)
				next = ""
				json.Unmarshal(resp["next_cursor"], &next)
				if pages++; next == "" || pages > 20 {
					break
				}
			}
			if len(all.items) == 0 || len(walked) != len(all.items) {
				t.Fatalf("walked %d items in %d pages, listing has %d", len(walked), pages, len(all.items))
			}
			for i := range walked {
				if string(walked[i]) != string(all.items[i]) {
					t.Errorf("item %d differs:\n%s\n%s", i, walked[i], all.items[i])
				}
			}
		})
	}
}

type pageOf struct{ items []json.RawMessage }

func fetchPage(t *testing.T, u, key string) pageOf {
	t.Helper()
	_, body, _ := get(t, u)
	var resp map[string]json.RawMessage
	if err := json.Unmarshal([]byte(body), &resp); err != nil {
		t.Fatal(err)
	}
	var p pageOf
	json.Unmarshal(resp[key], &p.items)
	return p
}

func TestCursorRoundTrip(t *testing.T) {
	for _, n := range []int{0, 1, 50, maxOffset} {
		got, err := decodeCursor(encodeCursor(n))
		if err != nil || got != n {
			t.Errorf("cursor %d: %d %v", n, got, err)
		}
	}
	for _, bad := range []string{"", "c1.", "c1.!!", "c2.bzo1", encodeCursor(0)[:3] + "bzotMQ", "o:5"} {
		if _, err := decodeCursor(bad); err == nil {
			t.Errorf("cursor %q accepted", bad)
		}
	}
}

func TestEventDownloads(t *testing.T) {
	f := newFixture(t, nil)
	code, body, hdr := get(t, f.srv.URL+"/api/v1/events?format=csv&type=CONSULT")
	if code != 200 || !strings.HasPrefix(hdr.Get("Content-Type"), "text/csv") || !strings.Contains(hdr.Get("Content-Disposition"), "events.csv") {
		t.Fatalf("csv: %d %v", code, hdr)
	}
	lines := strings.Split(strings.TrimSpace(body), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "id,article_id,published,date,type") {
		t.Fatalf("csv has %d lines:\n%s", len(lines), body)
	}
	if !strings.Contains(body, "CONSULT,visit") || !strings.Contains(body, "Liv Aarset") || strings.Contains(body, "ACCUSE") {
		t.Errorf("csv rows:\n%s", body)
	}
	code, body, hdr = get(t, f.srv.URL+"/api/v1/events?format=jsonl")
	if code != 200 || hdr.Get("Content-Type") != "application/x-ndjson" {
		t.Fatalf("jsonl: %d %v", code, hdr)
	}
	n := 0
	for _, l := range strings.Split(strings.TrimSpace(body), "\n") {
		var e news.EventSummary
		if err := json.Unmarshal([]byte(l), &e); err != nil || e.ID == "" {
			t.Errorf("jsonl line %q: %v", l, err)
		}
		n++
	}
	if n != 3 {
		t.Errorf("jsonl has %d events, want 3", n)
	}
	if got := csvSafe("=HYPERLINK(\"x\")"); got[0] != '\'' {
		t.Errorf("formula cell not defused: %q", got)
	}
	if got := csvSafe("-2"); got != "-2" {
		t.Errorf("number changed: %q", got)
	}
}

func TestSecurityHeaders(t *testing.T) {
	f := newFixture(t, nil)
	for _, p := range []string{"/", "/api/v1/stats", "/articles/" + f.ids[0], "/api/v1/nothing"} {
		_, _, hdr := get(t, f.srv.URL+p)
		csp := hdr.Get("Content-Security-Policy")
		for _, want := range []string{"frame-ancestors 'none'", "script-src 'self'", "default-src 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", p, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP allows inline code: %q", p, csp)
		}
		if hdr.Get("X-Content-Type-Options") != "nosniff" || hdr.Get("Referrer-Policy") != "no-referrer" {
			t.Errorf("%s: headers %v", p, hdr)
		}
	}
}

// TestUnavailable serves a store without events and stories: the API
// says 503 with an error object, the pages still render with a note.
func TestUnavailable(t *testing.T) {
	f := newFixture(t, func(s news.Store) news.Store { return noEventsStore{s} })
	for _, p := range []string{"/api/v1/events", "/api/v1/stories", "/api/v1/stories/s-nairobi", "/api/v1/articles?event_type=AID"} {
		code, body, _ := get(t, f.srv.URL+p)
		if code != 503 || !strings.Contains(body, `"code": "unavailable"`) {
			t.Errorf("%s: %d %s", p, code, body)
		}
	}
	for _, c := range []struct{ path, want string }{
		{"/", "Events are not available"},
		{"/", "Stories are not available"},
		{"/events", "Events are not available"},
		{"/entities/per:liv-aarset", "Events are not available"},
		{"/search?event_type=AID", "needs events"},
		{"/articles/" + f.ids[0], "Envoy visits Nairobi"},
	} {
		code, body, _ := get(t, f.srv.URL+c.path)
		if code != 200 || !strings.Contains(body, c.want) {
			t.Errorf("%s: %d, lacks %q", c.path, code, c.want)
		}
	}
	code, body, _ := get(t, f.srv.URL+"/api/v1/entities/per:liv-aarset")
	if code != 200 || !strings.Contains(body, `"unavailable": [`) {
		t.Errorf("entity without events: %d %s", code, body)
	}
}
