package httpapi

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/pipeline"
)

// schemaChecker validates JSON values against the subset of OpenAPI 3.0
// schemas that openapi.yaml uses: $ref, type, nullable, required,
// properties, additionalProperties: false, items, enum, format date-time.
type schemaChecker struct{ doc map[string]any }

func (c schemaChecker) resolve(s map[string]any) map[string]any {
	for i := 0; i < 10; i++ {
		ref, ok := s["$ref"].(string)
		if !ok {
			return s
		}
		cur := any(c.doc)
		for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
			cur = cur.(map[string]any)[part]
		}
		s = cur.(map[string]any)
	}
	return s
}

func (c schemaChecker) check(s map[string]any, v any, path string) []string {
	s = c.resolve(s)
	if v == nil {
		if s["nullable"] == true {
			return nil
		}
		return []string{path + ": null"}
	}
	var errs []string
	bad := func(f string, a ...any) []string { return append(errs, path+": "+fmt.Sprintf(f, a...)) }
	if enum, ok := s["enum"].([]any); ok {
		found := false
		for _, e := range enum {
			if e == v {
				found = true
			}
		}
		if !found {
			return bad("%v not in %v", v, enum)
		}
	}
	switch s["type"] {
	case "object":
		m, ok := v.(map[string]any)
		if !ok {
			return bad("want object, got %T", v)
		}
		props, _ := s["properties"].(map[string]any)
		for _, r := range asList(s["required"]) {
			if _, ok := m[r]; !ok {
				errs = bad("missing required %q", r)
			}
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			ps, ok := props[k].(map[string]any)
			if !ok {
				if s["additionalProperties"] == false {
					errs = bad("undocumented property %q", k)
				}
				continue
			}
			errs = append(errs, c.check(ps, m[k], path+"."+k)...)
		}
	case "array":
		a, ok := v.([]any)
		if !ok {
			return bad("want array, got %T", v)
		}
		items, _ := s["items"].(map[string]any)
		for i, x := range a {
			if items != nil {
				errs = append(errs, c.check(items, x, path+"["+strconv.Itoa(i)+"]")...)
			}
		}
	case "string":
		str, ok := v.(string)
		if !ok {
			return bad("want string, got %T", v)
		}
		if s["format"] == "date-time" {
			if _, err := time.Parse(time.RFC3339Nano, str); err != nil {
				return bad("not a date-time: %q", str)
			}
		}
	case "integer":
		f, ok := v.(float64)
		if !ok || f != math.Trunc(f) {
			return bad("want integer, got %v", v)
		}
	case "number":
		if _, ok := v.(float64); !ok {
			return bad("want number, got %T", v)
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			return bad("want boolean, got %T", v)
		}
	}
	return errs
}

func asList(v any) []string {
	var out []string
	l, _ := v.([]any)
	for _, x := range l {
		out = append(out, x.(string))
	}
	return out
}

// TestCheckerFails makes sure the checker can fail.
func TestCheckerFails(t *testing.T) {
	doc := loadOpenAPI(t)
	c := schemaChecker{doc}
	stats := map[string]any{"$ref": "#/components/schemas/Stats"}
	for _, bad := range []string{`{"articles":1,"duplicates":0}`, `{"articles":1.5,"duplicates":0,"sentences":1}`,
		`{"articles":1,"duplicates":0,"sentences":1,"extra":2}`, `[]`, `null`} {
		var v any
		json.Unmarshal([]byte(bad), &v)
		if len(c.check(stats, v, "$")) == 0 {
			t.Errorf("%s passed", bad)
		}
	}
	var v any
	json.Unmarshal([]byte(`{"articles":1,"duplicates":0,"sentences":1}`), &v)
	if errs := c.check(stats, v, "$"); len(errs) > 0 {
		t.Errorf("good stats failed: %v", errs)
	}
}

func loadOpenAPI(t *testing.T) map[string]any {
	t.Helper()
	b, err := OpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// testIngest stores uploaded documents through the real pipeline
// (cleaning and sentences only).
func testIngest(st news.Store) IngestFunc {
	return func(ctx context.Context, docs []news.Document) (any, error) {
		return pipeline.New(st, pipeline.Options{Workers: 1}).Documents(ctx, docs)
	}
}

const testToken = "s3cret-token"

// TestOpenAPIResponses calls every documented operation and validates
// the real responses (status and body) against openapi.yaml.
func TestOpenAPIResponses(t *testing.T) {
	doc := loadOpenAPI(t)
	c := schemaChecker{doc}
	var f *fixture
	f = newFixture(t, nil, WithIngest(testToken, func(ctx context.Context, d []news.Document) (any, error) {
		return testIngest(f.store)(ctx, d)
	}))
	a1 := f.ids[0]
	type call struct {
		method, path string
		status       int
		body         string
		auth         string
	}
	calls := []call{
		{"GET", "/api/v1/articles", 200, "", ""},
		{"GET", "/api/v1/articles?limit=1", 200, "", ""},
		{"GET", "/api/v1/articles?q=corridor", 200, "", ""},
		{"GET", "/api/v1/articles?entity=per:liv-aarset", 200, "", ""},
		{"GET", "/api/v1/articles?limit=x", 400, "", ""},
		{"GET", "/api/v1/articles?event_type=AID", 200, "", ""},
		{"GET", "/api/v1/articles/" + a1, 200, "", ""},
		{"GET", "/api/v1/articles/nope", 404, "", ""},
		{"GET", "/api/v1/articles/" + a1 + "/raw", 200, "", ""},
		{"GET", "/api/v1/articles/nope/raw", 404, "", ""},
		{"GET", "/api/v1/entities", 200, "", ""},
		{"GET", "/api/v1/entities?limit=1", 200, "", ""},
		{"GET", "/api/v1/entities?cursor=bad", 400, "", ""},
		{"GET", "/api/v1/entities/per:liv-aarset", 200, "", ""},
		{"GET", "/api/v1/entities/country:KEN", 200, "", ""},
		{"GET", "/api/v1/entities/nobody", 404, "", ""},
		{"GET", "/api/v1/quotes", 200, "", ""},
		{"GET", "/api/v1/quotes?kind=x", 400, "", ""},
		{"GET", "/api/v1/events", 200, "", ""},
		{"GET", "/api/v1/events?limit=1", 200, "", ""},
		{"GET", "/api/v1/events?format=csv", 200, "", ""},
		{"GET", "/api/v1/events?format=jsonl", 200, "", ""},
		{"GET", "/api/v1/events?type=x", 400, "", ""},
		{"GET", "/api/v1/stories", 200, "", ""},
		{"GET", "/api/v1/stories?min_sources=x", 400, "", ""},
		{"GET", "/api/v1/stories/s-nairobi", 200, "", ""},
		{"GET", "/api/v1/stories/nope", 404, "", ""},
		{"GET", "/api/v1/stats", 200, "", ""},
		{"POST", "/api/v1/ingest?title=Upload", 401, "A short note about a ferry.", ""},
		{"POST", "/api/v1/ingest?title=Upload", 401, "A short note about a ferry.", "wrong"},
		{"POST", "/api/v1/ingest?title=Upload", 400, "", testToken},
		{"POST", "/api/v1/ingest?title=Upload+note", 200, "The ferry to Mombasa left at noon on Friday with forty passengers aboard.", testToken},
	}
	covered := map[string]bool{}
	paths := doc["paths"].(map[string]any)
	for _, cl := range calls {
		t.Run(cl.method+" "+cl.path, func(t *testing.T) {
			req, _ := http.NewRequest(cl.method, f.srv.URL+cl.path, strings.NewReader(cl.body))
			if cl.method == "POST" {
				req.Header.Set("Content-Type", "text/plain; charset=utf-8")
			}
			if cl.auth != "" {
				req.Header.Set("Authorization", "Bearer "+cl.auth)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != cl.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, cl.status, body)
			}
			tmpl := templateFor(paths, strings.SplitN(cl.path, "?", 2)[0])
			if tmpl == "" {
				t.Fatalf("no documented path matches %s", cl.path)
			}
			op, ok := paths[tmpl].(map[string]any)[strings.ToLower(cl.method)].(map[string]any)
			if !ok {
				t.Fatalf("%s %s is not documented", cl.method, tmpl)
			}
			covered[cl.method+" "+tmpl] = true
			r, ok := op["responses"].(map[string]any)[strconv.Itoa(cl.status)].(map[string]any)
			if !ok {
				t.Fatalf("status %d of %s %s is not documented", cl.status, cl.method, tmpl)
			}
			r = c.resolve(r)
			mt, _, _ := strings.Cut(resp.Header.Get("Content-Type"), ";")
			content, ok := r["content"].(map[string]any)[mt].(map[string]any)
			if !ok {
				t.Fatalf("content type %q of %s %s %d is not documented", mt, cl.method, tmpl, cl.status)
			}
			schema := content["schema"].(map[string]any)
			var values []any
			switch mt {
			case "application/json":
				var v any
				if err := json.Unmarshal(body, &v); err != nil {
					t.Fatalf("not JSON: %v", err)
				}
				values = append(values, v)
			case "application/x-ndjson":
				for _, l := range strings.Split(strings.TrimSpace(string(body)), "\n") {
					var v any
					if err := json.Unmarshal([]byte(l), &v); err != nil {
						t.Fatalf("not JSON lines: %v", err)
					}
					values = append(values, v)
				}
			default:
				values = append(values, string(body))
			}
			for _, v := range values {
				if errs := c.check(schema, v, "$"); len(errs) > 0 {
					t.Errorf("response does not match the OpenAPI document:\n%s\n%s", strings.Join(errs, "\n"), body)
				}
			}
		})
	}
	for p, ops := range paths {
		for m := range ops.(map[string]any) {
			if !covered[strings.ToUpper(m)+" "+p] {
				t.Errorf("%s %s is documented but not exercised", strings.ToUpper(m), p)
			}
		}
	}
}

// templateFor finds the documented path template matching a path.
func templateFor(paths map[string]any, p string) string {
	for tmpl := range paths {
		re := "^" + regexp.MustCompile(`\\\{[a-z_]+\\\}`).ReplaceAllString(regexp.QuoteMeta(tmpl), `[^/]+`) + "$"
		if regexp.MustCompile(re).MatchString(p) {
			return tmpl
		}
	}
	return ""
}
