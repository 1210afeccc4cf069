package httpapi

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/store/sqlite"
)

func newServer(t *testing.T) (*httptest.Server, []string) {
	t.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "api.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var ids []string
	for i, body := range []string{
		"Mediators from Oslo opened talks with both delegations in Nairobi on Monday.",
		"The harbour authority in Bergen reopened the northern quay after repairs.",
		"Les ministres se sont entretenus par téléphone mardi soir.",
	} {
		a := &news.Article{Title: "Story " + string(rune('A'+i)), Text: body, Language: "en",
			Blocks:    []news.Block{{Kind: news.BlockParagraph, Start: 0, End: len(body)}},
			Published: time.Date(2025, 5, 1+i, 0, 0, 0, 0, time.UTC), Site: "Fjord Post", Format: news.FormatText}
		if i == 2 {
			a.Language = "fr"
		}
		a.ContentHash = news.BodyHash(body)
		a.ID = news.ArticleID("", a.ContentHash)
		if _, err := st.PutArticle(context.Background(), a, &news.Raw{Format: news.FormatText, Body: []byte("<b>raw</b> " + body)}); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.ID)
	}
	h, err := New(st, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv, ids
}

func get(t *testing.T, url string) (int, string, http.Header) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

func TestAPI(t *testing.T) {
	srv, ids := newServer(t)
	cases := []struct {
		name, path string
		status     int
		contains   []string
	}{
		{"list newest first", "/api/articles", 200, []string{`"Story C"`, `"limit": 50`}},
		{"search with highlight", "/api/articles?q=harbour", 200, []string{`"Story B"`, `\u003cmark\u003eharbour`}},
		{"language filter", "/api/articles?lang=fr", 200, []string{`"Story C"`}},
		{"one article", "/api/articles/" + ids[0], 200, []string{`"text": "Mediators`, `"blocks"`}},
		{"unknown article", "/api/articles/a0000000000000000", 404, []string{`"error"`, `"status": 404`}},
		{"bad limit", "/api/articles?limit=0", 400, []string{`limit`}},
		{"bad date", "/api/articles?since=last+week", 400, []string{`since`}},
		{"stats", "/api/stats", 200, []string{`"articles": 3`}},
		{"health", "/healthz", 200, []string{"ok"}},
		{"home page", "/", 200, []string{"Story A", "3 articles"}},
		{"search page", "/?q=Nairobi", 200, []string{"<mark>Nairobi</mark>"}},
		{"article page", "/articles/" + ids[1], 200, []string{"<h1>Story B</h1>", "Fjord Post", "Bergen"}},
		{"missing page", "/articles/nope", 404, []string{"Not found"}},
		{"css", "/static/readout.css", 200, []string{"--accent"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, body, _ := get(t, srv.URL+tc.path)
			if code != tc.status {
				t.Fatalf("status %d, want %d: %s", code, tc.status, body)
			}
			for _, c := range tc.contains {
				if !strings.Contains(body, c) {
					t.Errorf("body lacks %q:\n%s", c, body)
				}
			}
		})
	}
	// The list is JSON with articles newest first.
	_, body, _ := get(t, srv.URL+"/api/articles")
	var list struct{ Articles []news.ArticleSummary }
	if err := json.Unmarshal([]byte(body), &list); err != nil || len(list.Articles) != 3 || list.Articles[0].Title != "Story C" {
		t.Errorf("list: %v %+v", err, list)
	}
	// Raw input is served as inert text.
	code, body, hdr := get(t, srv.URL+"/api/articles/"+ids[0]+"/raw")
	if code != 200 || !strings.HasPrefix(body, "<b>raw</b>") || !strings.HasPrefix(hdr.Get("Content-Type"), "text/plain") || hdr.Get("Content-Security-Policy") != "sandbox" {
		t.Errorf("raw: %d %q %v", code, body, hdr)
	}
}
