package httpapi

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/store/sqlite"
)

// newEntityServer stores two invented stories with entities.
func newEntityServer(t *testing.T) *httptest.Server {
	t.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "api.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	mention := func(text, m string) news.Mention {
		i := strings.Index(text, m)
		return news.Mention{Start: i, End: i + len(m), Text: m, Kind: news.MentionName}
	}
	for i, body := range []string{
		"Envoy Liv Aarset arrived in Kenya on Monday.",
		"Liv Aarset met officials from Kenya and Norway.",
	} {
		a := &news.Article{Title: "Envoy story " + string(rune('A'+i)), Text: body, Language: "en",
			Published: time.Date(2025, 5, 1+i, 0, 0, 0, 0, time.UTC), Format: news.FormatText}
		a.ContentHash = news.BodyHash(body)
		a.ID = news.ArticleID("", a.ContentHash)
		a.Entities = []news.Entity{
			{ID: "per:liv-aarset", Name: "Liv Aarset", Type: "person", Country: "NOR", Sector: "GOV", Actor: "NORGOV",
				Mentions: []news.Mention{mention(body, "Liv Aarset")}},
			{ID: "country:KEN", Name: "Kenya", Type: "country", Linked: true, Country: "KEN", Actor: "KEN",
				Mentions: []news.Mention{mention(body, "Kenya")}},
		}
		if i == 0 {
			a.Entities[0].Roles = []news.RoleAssertion{{Title: "Envoy", Date: "2025-05-01", Start: 0, End: len("Envoy Liv Aarset")}}
		} else {
			a.Entities = append(a.Entities, news.Entity{ID: "country:NOR", Name: "Norway", Type: "country",
				Country: "NOR", Actor: "NOR", Mentions: []news.Mention{mention(body, "Norway")}})
		}
		if _, err := st.PutArticle(context.Background(), a, nil); err != nil {
			t.Fatal(err)
		}
	}
	h, err := New(st, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func TestEntitiesAPI(t *testing.T) {
	srv := newEntityServer(t)
	cases := []struct {
		name, path string
		status     int
		contains   []string
		ids        []string // the listing's IDs, in order
	}{
		{"list", "/api/entities", 200, []string{`"limit": 50`}, []string{"country:KEN", "per:liv-aarset", "country:NOR"}},
		{"query", "/api/entities?q=AARSET", 200, nil, []string{"per:liv-aarset"}},
		{"type and country", "/api/entities?type=country&country=NOR", 200, nil, []string{"country:NOR"}},
		{"sector", "/api/entities?sector=GOV", 200, nil, []string{"per:liv-aarset"}},
		{"page", "/api/entities?limit=1&offset=1", 200, []string{`"offset": 1`}, []string{"per:liv-aarset"}},
		{"no match", "/api/entities?q=nobody", 200, []string{`"entities": []`}, []string{}},
		{"bad limit", "/api/entities?limit=5000", 400, []string{"limit"}, nil},
		{"bad offset", "/api/entities?offset=x", 400, []string{"offset"}, nil},
		{"one entity", "/api/entities/per:liv-aarset", 200, []string{`"name": "Liv Aarset"`, `"aliases"`,
			`"evidence": "Envoy Liv Aarset"`, `"appearances"`, `"articles": 2`}, nil},
		{"escaped id", "/api/entities/country%3AKEN", 200, []string{`"name": "Kenya"`}, nil},
		{"unknown entity", "/api/entities/per:nobody", 404, []string{`"status": 404`, "not found"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, body, hdr := get(t, srv.URL+tc.path)
			if code != tc.status {
				t.Fatalf("status %d, want %d: %s", code, tc.status, body)
			}
			if ct := hdr.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Fatalf("Content-Type %q", ct)
			}
			for _, want := range tc.contains {
				if !strings.Contains(body, want) {
					t.Fatalf("body lacks %q:\n%s", want, body)
				}
			}
			if tc.ids == nil {
				return
			}
			var resp struct{ Entities []news.EntitySummary }
			if err := json.Unmarshal([]byte(body), &resp); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range resp.Entities {
				got = append(got, e.ID)
			}
			if strings.Join(got, " ") != strings.Join(tc.ids, " ") {
				t.Fatalf("ids %q, want %q", got, tc.ids)
			}
		})
	}
}
