package alert_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/readout/readout/internal/alert"
	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/store/sqlite"
)

// receiver is a webhook endpoint that fails the first `fail` requests
// with status `code`, and records every request.
type receiver struct {
	mu     sync.Mutex
	fail   int
	code   int
	header http.Header // extra response headers on failure
	got    []request
}

type request struct {
	body   []byte
	header http.Header
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.got = append(rc.got, request{body: b, header: r.Header.Clone()})
	if len(rc.got) <= rc.fail {
		for k, v := range rc.header {
			w.Header()[k] = v
		}
		w.WriteHeader(rc.code)
		return
	}
	w.WriteHeader(http.StatusAccepted)
}

func (rc *receiver) requests() []request {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]request(nil), rc.got...)
}

func openStore(t *testing.T, path string) *sqlite.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// storeArticle puts a fictional article with one quote and one event.
func storeArticle(t *testing.T, st *sqlite.Store, id string) *news.Article {
	t.Helper()
	text := "Mayor Ingrid Solheim said the ferry strike would end on Friday. “The harbour stays open,” Solheim said. Ref " + id + "."
	q := strings.Index(text, "The harbour stays open,")
	sp := strings.LastIndex(text, "Solheim")
	a := &news.Article{ID: id, URL: "https://courier.example/" + id, Title: "Ferry strike to end", Site: "Harbour Courier",
		Language: "en", Text: text, Blocks: []news.Block{{Kind: news.BlockParagraph, Start: 0, End: len(text)}},
		Sentences: []news.Sentence{{Start: 0, End: 63}, {Start: 64, End: len(text)}},
		Entities: []news.Entity{{ID: "per:ingrid-solheim", Name: "Ingrid Solheim", Type: "person", Confidence: 0.9,
			Mentions: []news.Mention{{Start: 6, End: 20, Text: "Ingrid Solheim", Kind: news.MentionName}}}},
		Quotes: []news.Quote{{Start: q, End: q + len("The harbour stays open,"), Kind: news.QuoteDirect, Sentence: 1, Confidence: 0.9,
			Speaker: &news.Speaker{Text: "Ingrid Solheim", Start: sp, End: sp + 7, EntityID: "per:ingrid-solheim"}}},
	}
	res, err := st.PutArticle(context.Background(), a, nil)
	if err != nil || res != news.PutStored {
		t.Fatalf("put: %v %v", res, err)
	}
	return a
}

const secret = "test-secret"

func rulesFor(t *testing.T, url string) *alert.Rules {
	t.Helper()
	rs, err := alert.Parse([]byte(`secret_env: HOOK_SECRET
rules:
  - name: solheim
    quote: {speaker: solheim}
    deliver:
      - webhook: `+url+`
      - log: stdout
`), "rules.yaml", func(k string) string {
		if k == "HOOK_SECRET" {
			return secret
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// fast gives tiny backoffs and records the waits.
func fast(waits *[]time.Duration, out io.Writer) alert.Options {
	return alert.Options{
		Backoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond, Stdout: out,
		Sleep: func(ctx context.Context, d time.Duration) error { *waits = append(*waits, d); return nil },
	}
}

func TestWebhookRetriesUntilAccepted(t *testing.T) {
	rc := &receiver{fail: 2, code: http.StatusServiceUnavailable}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	ctx := context.Background()
	st := openStore(t, filepath.Join(t.TempDir(), "r.db"))
	rules := rulesFor(t, srv.URL+"/hook")
	var waits []time.Duration
	var out bytes.Buffer
	w := alert.NewWatcher(rules, st, alert.NewSender(rules, st, fast(&waits, &out)), nil)

	a := storeArticle(t, st, "a0000000000000001")
	if err := w.AfterStore(ctx, a, news.PutStored); err != nil {
		t.Fatal(err)
	}
	// Reprocessing the article (updated) matches again but adds nothing.
	if err := w.AfterStore(ctx, a, news.PutUpdated); err != nil {
		t.Fatal(err)
	}
	if err := w.AfterRun(ctx); err != nil {
		t.Fatal(err)
	}

	reqs := rc.requests()
	if len(reqs) != 3 {
		t.Fatalf("receiver got %d requests, want 3 (two failures, then accepted)", len(reqs))
	}
	key := reqs[0].header.Get("X-Readout-Delivery")
	if key == "" {
		t.Fatal("no X-Readout-Delivery header")
	}
	for i, r := range reqs {
		if got := r.header.Get("X-Readout-Delivery"); got != key {
			t.Errorf("request %d: key %q, want the same %q", i, got, key)
		}
		if !alert.Verify(secret, r.body, r.header.Get("X-Readout-Signature")) {
			t.Errorf("request %d: signature %q does not verify", i, r.header.Get("X-Readout-Signature"))
		}
		if alert.Verify("wrong", r.body, r.header.Get("X-Readout-Signature")) {
			t.Error("signature verifies with the wrong secret")
		}
		if !bytes.Equal(r.body, reqs[0].body) {
			t.Errorf("request %d: body differs between retries", i)
		}
	}
	var body alert.Body
	if err := json.Unmarshal(reqs[0].body, &body); err != nil {
		t.Fatal(err)
	}
	m := body.Match
	if body.Delivery != key || body.Rule != "solheim" || m.Trigger != alert.KindQuote || m.Article.ID != a.ID ||
		m.Article.URL != a.URL || m.Quote == nil || m.Quote.Text != "The harbour stays open," || !strings.Contains(m.Sentence, "Solheim said") {
		t.Errorf("body = %s", reqs[0].body)
	}
	if len(waits) != 2 || waits[0] <= 0 || waits[1] < waits[0]/2 {
		t.Errorf("backoff waits = %v, want two growing waits", waits)
	}

	atts, err := st.AlertAttempts(ctx, news.AlertFilter{Key: key})
	if err != nil {
		t.Fatal(err)
	}
	if len(atts) != 3 {
		t.Fatalf("recorded %d attempts, want 3: %+v", len(atts), atts)
	}
	// Newest first.
	for i, want := range []struct {
		n, code int
		failed  bool
	}{{3, 202, false}, {2, 503, true}, {1, 503, true}} {
		at := atts[i]
		if at.Attempt != want.n || at.StatusCode != want.code || (at.Error != "") != want.failed || at.At.IsZero() || at.Rule != "solheim" {
			t.Errorf("attempt %d = %+v, want #%d status %d failed=%v", i, at, want.n, want.code, want.failed)
		}
	}
	ds, err := st.AlertDeliveries(ctx, news.AlertFilter{Rule: "solheim"})
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 2 {
		t.Fatalf("deliveries = %d, want 2 (webhook and stdout)", len(ds))
	}
	for _, d := range ds {
		if d.State != news.DeliveryDelivered || d.DeliveredAt.IsZero() {
			t.Errorf("delivery %s %s: state %s", d.Sink, d.Target, d.State)
		}
	}
	if !strings.Contains(out.String(), "alert solheim [quote] "+a.ID) || strings.Count(out.String(), "\n") != 1 {
		t.Errorf("stdout sink wrote %q", out.String())
	}

	// A later run with the same article sends nothing again.
	if err := w.AfterStore(ctx, a, news.PutUpdated); err != nil {
		t.Fatal(err)
	}
	if err := w.AfterRun(ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(rc.requests()); n != 3 {
		t.Errorf("re-run sent again: %d requests", n)
	}
}

func TestPendingSurvivesRestart(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "r.db")
	rc := &receiver{fail: 1000, code: http.StatusInternalServerError}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	rules := rulesFor(t, srv.URL)

	// First process: matches, persists, then fails to deliver the webhook.
	st := openStore(t, path)
	a := storeArticle(t, st, "a0000000000000002")
	var waits []time.Duration
	opt := fast(&waits, io.Discard)
	opt.MaxAttempts = 2
	w := alert.NewWatcher(rules, st, alert.NewSender(rules, st, opt), nil)
	if err := w.AfterStore(ctx, a, news.PutStored); err != nil {
		t.Fatal(err)
	}
	if err := w.AfterRun(ctx); err != nil {
		t.Fatal(err)
	}
	// A second match in the same process that crashes before flushing.
	b := storeArticle(t, st, "a0000000000000003")
	if err := w.AfterStore(ctx, b, news.PutStored); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if n := len(rc.requests()); n != 2 {
		t.Fatalf("first process sent %d requests, want 2", n)
	}

	// Second process: the receiver is back; `alerts run` sends both.
	rc.mu.Lock()
	rc.fail = 0
	rc.mu.Unlock()
	st2 := openStore(t, path)
	pend, err := st2.PendingAlerts(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(pend) != 3 { // a's webhook; b's webhook and stdout
		t.Fatalf("pending after restart = %d, want 3", len(pend))
	}
	rep, err := alert.NewSender(rules, st2, fast(&waits, io.Discard)).Flush(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Delivered != 3 || rep.Pending != 0 || rep.Attempts != 3 {
		t.Errorf("report = %+v, want 3 delivered in 3 attempts", rep)
	}
	reqs := rc.requests()
	if len(reqs) != 4 {
		t.Fatalf("requests = %d, want 4", len(reqs))
	}
	if reqs[2].header.Get("X-Readout-Delivery") != reqs[0].header.Get("X-Readout-Delivery") || reqs[2].header.Get("X-Readout-Attempt") != "3" {
		t.Errorf("resent delivery has key %q attempt %q; first had %q",
			reqs[2].header.Get("X-Readout-Delivery"), reqs[2].header.Get("X-Readout-Attempt"), reqs[0].header.Get("X-Readout-Delivery"))
	}
	if pend, _ := st2.PendingAlerts(ctx, 0); len(pend) != 0 {
		t.Errorf("still pending: %d", len(pend))
	}
}

func TestPermanentFailureAndRetryFailed(t *testing.T) {
	ctx := context.Background()
	rc := &receiver{fail: 1, code: http.StatusNotFound}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	st := openStore(t, ":memory:")
	rules := rulesFor(t, srv.URL)
	var waits []time.Duration
	s := alert.NewSender(rules, st, fast(&waits, io.Discard))
	a := storeArticle(t, st, "a0000000000000004")
	if _, err := s.Enqueue(ctx, rules.Match(a, nil)); err != nil {
		t.Fatal(err)
	}
	rep, err := s.Flush(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Failed != 1 || rep.Delivered != 1 || len(rc.requests()) != 1 || len(waits) != 0 {
		t.Errorf("404: report %+v, %d requests, waits %v; want failed at once without retry", rep, len(rc.requests()), waits)
	}
	if ds, _ := st.AlertDeliveries(ctx, news.AlertFilter{State: news.DeliveryFailed}); len(ds) != 1 || ds[0].LastStatus != 404 {
		t.Errorf("failed deliveries = %+v", ds)
	}
	n, err := st.RetryFailedAlerts(ctx, "solheim")
	if err != nil || n != 1 {
		t.Fatalf("RetryFailedAlerts = %d, %v", n, err)
	}
	if rep, err = s.Flush(ctx); err != nil || rep.Delivered != 1 {
		t.Errorf("after requeue: %+v %v", rep, err)
	}
}

func TestRetryAfterAndTargetDown(t *testing.T) {
	ctx := context.Background()
	rc := &receiver{fail: 1000, code: http.StatusTooManyRequests, header: http.Header{"Retry-After": {"3"}}}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	st := openStore(t, ":memory:")
	rs, err := alert.Parse([]byte("rules:\n  - name: m\n    mention: {entity: solheim}\n    deliver: [{webhook: '"+srv.URL+"'}]\n"), "r", nil)
	if err != nil {
		t.Fatal(err)
	}
	var waits []time.Duration
	opt := fast(&waits, io.Discard)
	opt.MaxAttempts, opt.MaxBackoff = 3, 2*time.Second
	s := alert.NewSender(rs, st, opt)
	for _, id := range []string{"a0000000000000005", "a0000000000000006"} {
		if _, err := s.Enqueue(ctx, rs.Match(storeArticle(t, st, id), nil)); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := s.Flush(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The first delivery is tried 3 times; the target is then down for
	// this flush and the second one is not tried at all.
	if rep.Attempts != 3 || rep.Pending != 2 || len(rc.requests()) != 3 {
		t.Errorf("report %+v, %d requests", rep, len(rc.requests()))
	}
	// Retry-After 3s, capped at MaxBackoff.
	if len(waits) != 2 || waits[0] != 2*time.Second {
		t.Errorf("waits = %v, want Retry-After capped to 2s", waits)
	}
}

func TestLogSinksAndUnknownRule(t *testing.T) {
	ctx := context.Background()
	st := openStore(t, ":memory:")
	rs, err := alert.Parse([]byte(`rules:
  - name: j
    mention: {entity: 'per:ingrid-solheim'}
    deliver: [{log: stdout, format: json}, {log: stderr}]
`), "r", nil)
	if err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	var waits []time.Duration
	opt := fast(&waits, &out)
	opt.Stderr = &errOut
	s := alert.NewSender(rs, st, opt)
	if _, err := s.Enqueue(ctx, rs.Match(storeArticle(t, st, "a0000000000000007"), nil)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	var b alert.Body
	if err := json.Unmarshal(out.Bytes(), &b); err != nil || b.Match.Entity == nil || b.Match.Entity.ID != "per:ingrid-solheim" {
		t.Errorf("json line %q: %v", out.String(), err)
	}
	if !strings.HasPrefix(errOut.String(), "alert j [mention] a0000000000000007 (Harbour Courier)") {
		t.Errorf("text line %q", errOut.String())
	}
	// Deliveries of a rule that is gone stay pending, untouched.
	if _, err := st.EnqueueAlert(ctx, news.AlertDelivery{Key: "k1", Rule: "gone", Sink: "log", Target: "stdout", Body: []byte("{}")}); err != nil {
		t.Fatal(err)
	}
	rep, err := s.Flush(ctx)
	if err != nil || rep.Skipped != 1 || rep.Attempts != 0 {
		t.Errorf("flush with unknown rule: %+v %v", rep, err)
	}
	if _, err := s.Enqueue(ctx, []alert.Match{{Rule: "nope"}}); !news.IsKind(err, news.KindInvalid) {
		t.Errorf("enqueue of unknown rule: %v", err)
	}
}

// stories is a fake story store that returns a story once the article
// is "in" it (as a story hook that runs at the end of a run would).
type stories struct {
	story *news.StoryDetail
	ready bool
}

func (s *stories) StoryOf(ctx context.Context, id string) (string, error) {
	if !s.ready {
		return "", nil
	}
	return s.story.ID, nil
}

func (s *stories) Story(ctx context.Context, id string) (*news.StoryDetail, error) {
	return s.story, nil
}

func TestStoryRulesRecheckedAfterRun(t *testing.T) {
	ctx := context.Background()
	st := openStore(t, ":memory:")
	rs, err := alert.Parse([]byte(`rules:
  - name: big
    story: {entity: solheim, min_sources: 3}
    deliver: [{log: stdout}]
`), "r", nil)
	if err != nil {
		t.Fatal(err)
	}
	a := storeArticle(t, st, "a0000000000000008")
	fake := &stories{story: &news.StoryDetail{Story: news.Story{ID: "st-9", Title: "Ferry strike", Independent: 3, Sources: 4, Articles: 5,
		KeyEntities: []news.StoryEntity{{ID: "per:ingrid-solheim", Name: "Ingrid Solheim"}}}}}
	var out bytes.Buffer
	var waits []time.Duration
	w := alert.NewWatcher(rs, fake, alert.NewSender(rs, st, fast(&waits, &out)), nil)
	if err := w.AfterStore(ctx, a, news.PutStored); err != nil {
		t.Fatal(err)
	}
	fake.ready = true // the story hook ran at the end of the run
	if err := w.AfterRun(ctx); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "story st-9") {
		t.Errorf("story rule did not fire: %q", out.String())
	}
	// Unavailable stories: no panic, nothing fires, min_sources counts 1.
	w2 := alert.NewWatcher(rs, unavailable{}, alert.NewSender(rs, st, fast(&waits, &out)), nil)
	if err := w2.AfterStore(ctx, storeArticle(t, st, "a0000000000000009"), news.PutStored); err != nil {
		t.Fatal(err)
	}
	if err := w2.AfterRun(ctx); err != nil {
		t.Fatal(err)
	}
}

type unavailable struct{}

func (unavailable) StoryOf(ctx context.Context, id string) (string, error) {
	return "", news.E("x.StoryOf", news.KindUnavailable, "no stories")
}
func (unavailable) Story(ctx context.Context, id string) (*news.StoryDetail, error) {
	return nil, news.E("x.Story", news.KindUnavailable, "no stories")
}
