package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/readout/readout/internal/queue/jetstream"
	"github.com/readout/readout/internal/queue/jetstream/natstest"
)

// cliEnv runs readout in-process with the given environment.
func cliEnv(ctx context.Context, env map[string]string, args ...string) (stdout, stderr string, code int) {
	var out, errb bytes.Buffer
	code = run(ctx, args, strings.NewReader(""), &out, &errb, func(k string) string { return env[k] })
	return out.String(), errb.String(), code
}

func TestQueueArguments(t *testing.T) {
	dir := writeFiles(t, map[string]string{"a.txt": dumpText})
	cases := []struct {
		name string
		env  map[string]string
		args []string
		code int
		want string
	}{
		{"bad queue URL", nil, []string{"ingest", "--queue", "http://example.org", dir}, exitUsage, "nats://host:port"},
		{"bad env URL", map[string]string{"READOUT_QUEUE": "localhost:4222"}, []string{"ingest", dir}, exitUsage, "nats://host:port"},
		{"no server", nil, []string{"ingest", "--queue", "nats://127.0.0.1:1", dir}, exitUnavail, "connect nats://127.0.0.1:1"},
		{"worker without queue", nil, []string{"worker", "--db", filepath.Join(t.TempDir(), "w.db")}, exitUsage, "worker needs --queue"},
		{"status without queue", nil, []string{"queue", "status"}, exitUsage, "no queue"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, code := cliEnv(context.Background(), tc.env, tc.args...)
			if code != tc.code || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, want %d; stderr %q, want it to mention %q", code, tc.code, stderr, tc.want)
			}
		})
	}
}

// TestQueueInProcess publishes through READOUT_QUEUE, runs a worker in
// process until the queue is drained, stops it as SIGTERM would, and
// reads the results.
func TestQueueInProcess(t *testing.T) {
	srv := natstest.Start(t, 0)
	env := map[string]string{"READOUT_QUEUE": srv.URL()}
	dir := writeFiles(t, map[string]string{"page.html": pageHTML, "dump.txt": dumpText, "empty.txt": ""})
	db := filepath.Join(t.TempDir(), "q.db")
	ctx := context.Background()

	out, stderr, code := cliEnv(ctx, env, "ingest", "--json", dir)
	var pub publishSummary
	if code != 0 || json.Unmarshal([]byte(out), &pub) != nil {
		t.Fatalf("ingest --queue: exit %d %s %s", code, out, stderr)
	}
	if pub.Read != 3 || pub.Published != 2 || pub.Rejected != 1 {
		t.Errorf("publish summary %+v (the empty file is rejected at the source)", pub)
	}
	// --queue= overrides the environment: ingest runs in process.
	out, _, code = cliEnv(ctx, env, "ingest", "--queue=", "--db", filepath.Join(t.TempDir(), "local.db"), "--json", "--no-syntax", "--no-entities", "--no-quotes", "--no-events", dir)
	if code != 0 || !strings.Contains(out, `"stored": 2`) {
		t.Errorf("--queue= must ingest in process: exit %d %s", code, out)
	}

	out, _, code = cliEnv(ctx, env, "queue", "status", "--json")
	var st jetstream.Status
	if code != 0 || json.Unmarshal([]byte(out), &st) != nil || st.Documents != 2 || st.Pending != 2 {
		t.Fatalf("queue status: exit %d %s", code, out)
	}

	wctx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	var wout, werr string
	go func() {
		wout, werr, code = cliEnv(wctx, env, "worker", "--db", db, "--json", "--batch", "2", "--no-syntax", "--no-entities", "--no-quotes", "--no-events")
		close(done)
	}()
	q, err := jetstream.Open(ctx, jetstream.Options{URL: srv.URL()})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	deadline := time.Now().Add(30 * time.Second)
	for {
		s, err := q.Status(ctx)
		if err == nil && s.Documents == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("worker did not drain the queue: %+v %v", s, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	stop() // what SIGTERM does in main
	<-done
	var ws workerSummary
	if code != 0 || json.Unmarshal([]byte(wout), &ws) != nil {
		t.Fatalf("worker: exit %d %s %s", code, wout, werr)
	}
	if ws.Acked != 2 || ws.Stored != 2 || ws.Dead != 0 {
		t.Errorf("worker summary %+v", ws)
	}
	out, _, code = cliEnv(ctx, env, "articles", "--db", db, "--json")
	if code != 0 || strings.Count(out, `"id"`) != 2 {
		t.Errorf("articles after the worker: exit %d %s", code, out)
	}
	out, _, code = cliEnv(ctx, env, "queue", "status", "--json")
	if code != 0 || json.Unmarshal([]byte(out), &st) != nil || st.Stored != 2 || st.Dead != 0 {
		t.Errorf("status after the worker: %s", out)
	}
	out, _, code = cliEnv(ctx, env, "queue", "dead", "--json")
	if code != 0 || strings.TrimSpace(out) != "[]" {
		t.Errorf("queue dead: exit %d %q", code, out)
	}
	out, _, _ = cliEnv(ctx, env, "queue", "dead")
	if !strings.Contains(out, "no dead letters") {
		t.Errorf("queue dead: %q", out)
	}
}
