package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/readout/readout/internal/alert"
	"github.com/readout/readout/internal/config"
	"github.com/readout/readout/internal/news"
)

// TestAlertsEndToEnd ingests with a rules file configured through
// READOUT_ALERTS: the quote rule fires, its webhook is retried past two
// failures, and the alerts commands show the log.
func TestAlertsEndToEnd(t *testing.T) {
	defer func(d time.Duration) { alertBackoff = d }(alertBackoff)
	alertBackoff = time.Millisecond

	var mu sync.Mutex
	var bodies [][]byte
	var sigs, keys []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		bodies = append(bodies, b)
		sigs = append(sigs, r.Header.Get("X-Readout-Signature"))
		keys = append(keys, r.Header.Get("X-Readout-Delivery"))
		if len(bodies) <= 2 {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()

	dir := t.TempDir()
	rulesPath := filepath.Join(dir, "alerts.yaml")
	if err := os.WriteFile(rulesPath, []byte(`secret_env: HOOK_SECRET
rules:
  - name: port-director
    quote: {speaker: aasheim, kind: direct}
    deliver:
      - webhook: `+srv.URL+`/hook
      - log: stdout
`), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"READOUT_ALERTS": rulesPath, "HOOK_SECRET": "s3cret"}
	cliEnv := func(args ...string) (string, string, int) {
		var out, errb bytes.Buffer
		code := run(context.Background(), args, strings.NewReader(""), &out, &errb, func(k string) string { return env[k] })
		return out.String(), errb.String(), code
	}
	in := writeFiles(t, map[string]string{"feed.jsonl": harbourStory})
	db := filepath.Join(dir, "r.db")

	out, errOut, code := cliEnv("ingest", "--db", db, "-q", in)
	if code != 0 {
		t.Fatalf("ingest exit %d: %s %s", code, out, errOut)
	}
	if !strings.Contains(out, "alert port-director [quote]") || !strings.Contains(out, "The new pier is finally ready") {
		t.Errorf("stdout sink: %q", out)
	}
	mu.Lock()
	if len(bodies) != 3 || keys[0] == "" || keys[0] != keys[2] {
		t.Fatalf("webhook got %d requests, keys %v; want 3 with one key", len(bodies), keys)
	}
	for i := range bodies {
		if !alert.Verify("s3cret", bodies[i], sigs[i]) {
			t.Errorf("request %d: bad signature %q", i, sigs[i])
		}
	}
	mu.Unlock()

	out, errOut, code = cliEnv("alerts", "log", "--db", db, "--json")
	if code != 0 {
		t.Fatalf("alerts log exit %d: %s", code, errOut)
	}
	atts := decodeJSON[[]news.AlertAttempt](t, "alerts log --json", out)
	var hook []news.AlertAttempt
	for _, a := range atts {
		if a.Sink == "webhook" {
			hook = append(hook, a)
		}
	}
	if len(atts) != 4 || len(hook) != 3 || hook[0].StatusCode != 204 || hook[2].StatusCode != 503 || hook[2].Attempt != 1 {
		t.Fatalf("attempts = %+v", atts)
	}
	out, _, code = cliEnv("alerts", "log", "--db", db, "--rule", "port-director")
	if code != 0 || !strings.Contains(out, "503") || !strings.Contains(out, "204 ok") {
		t.Errorf("alerts log table:\n%s", out)
	}
	out, _, code = cliEnv("alerts", "log", "--db", db, "--deliveries", "--state", "delivered", "--json")
	if ds := decodeJSON[[]news.AlertDelivery](t, "deliveries", out); code != 0 || len(ds) != 2 {
		t.Errorf("delivered deliveries = %+v", ds)
	}

	// The same input again: unchanged, nothing new is sent.
	if _, errOut, code := cliEnv("ingest", "--db", db, "-q", in); code != 0 {
		t.Fatalf("re-ingest exit %d: %s", code, errOut)
	}
	mu.Lock()
	if len(bodies) != 3 {
		t.Errorf("re-ingest sent again: %d requests", len(bodies))
	}
	mu.Unlock()

	out, errOut, code = cliEnv("alerts", "test", "--db", db, rulesPath, "--json")
	if code != 0 {
		t.Fatalf("alerts test exit %d: %s", code, errOut)
	}
	res := decodeJSON[rulesTest](t, "alerts test --json", out)
	if res.Total != 1 || res.New != 0 || len(res.Matches) != 1 || res.Matches[0].State != "delivered" ||
		len(res.Rules) != 1 || res.Rules[0].Matches != 1 {
		t.Errorf("alerts test = %+v", res)
	}
	out, _, code = cliEnv("alerts", "test", "--db", db, rulesPath)
	if code != 0 || !strings.Contains(out, "1 rule(s), valid") || !strings.Contains(out, "delivered") {
		t.Errorf("alerts test table:\n%s", out)
	}
	out, _, code = cliEnv("alerts", "run", "--db", db, rulesPath)
	if code != 0 || !strings.HasPrefix(out, "delivered 0 · failed 0 · still pending 0") {
		t.Errorf("alerts run: exit %d %q", code, out)
	}

	// Bad rules: one line naming the file, the rule and the field.
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("rules:\n  - name: x\n    event: {type: BOMB}\n    deliver: [{log: stdout}]\n"), 0o644)
	_, errOut, code = cliEnv("alerts", "test", "--db", db, bad)
	if code != 2 || !strings.Contains(errOut, `bad.yaml:2: rule "x": event.type: "BOMB"`) {
		t.Errorf("bad rules: exit %d %q", code, errOut)
	}
	env["READOUT_ALERTS"] = bad
	if _, errOut, code := cliEnv("ingest", "--db", db, "-q", in); code != 2 || !strings.Contains(errOut, "event.type") {
		t.Errorf("ingest with bad rules: exit %d %q", code, errOut)
	}
	for _, args := range [][]string{{"log", "--state", "pending"}, {"log", "--deliveries", "--state", "lost"}, {"log", "-n", "0"}, {"test"}, {"run"}} {
		if _, errOut, code := cliEnv(append(append([]string{"alerts"}, args...), "--db", db)...); code != 2 {
			t.Errorf("alerts %v: exit %d (%q), want 2", args, code, errOut)
		}
	}
}

// The rules file comes from the config file's "alerts", overridden by
// READOUT_ALERTS.
func TestAlertsConfigPrecedence(t *testing.T) {
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "readout.json")
	os.WriteFile(cfgPath, []byte(`{"alerts": "from-file.yaml"}`), 0o644)
	cfg := config.Default()
	if err := cfg.LoadFile(cfgPath, true); err != nil || cfg.Alerts != "from-file.yaml" {
		t.Fatalf("file: %q %v", cfg.Alerts, err)
	}
	if err := cfg.LoadEnv(func(k string) string {
		if k == "READOUT_ALERTS" {
			return "from-env.yaml"
		}
		return ""
	}); err != nil || cfg.Alerts != "from-env.yaml" {
		t.Fatalf("env: %q %v", cfg.Alerts, err)
	}
	// A configured file that does not exist stops the run with a clear error.
	in := writeFiles(t, map[string]string{"a.txt": dumpText})
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"ingest", "--config", cfgPath, "--db", filepath.Join(dir, "r.db"), "-q", in},
		strings.NewReader(""), &out, &errb, func(string) string { return "" })
	if code != 2 || !strings.Contains(errb.String(), "from-file.yaml") {
		t.Errorf("missing rules file: exit %d %q", code, errb.String())
	}
}
