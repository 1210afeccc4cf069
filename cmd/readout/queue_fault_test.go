package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	mrand "math/rand/v2"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/readout/readout/internal/config"
	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/queue/jetstream"
	"github.com/readout/readout/internal/queue/jetstream/natstest"
)

// Fictional people, outlets and bodies; real cities and countries.
var (
	fxPeople  = []string{"Maren Holt", "Tobias Wrenfield", "Ilse Varga", "Kofi Mensah-Lund", "Sara Okonjo", "Piet Almquist", "Dana Ruscoe", "Amara Teller"}
	fxRoles   = []string{"trade minister", "harbour commissioner", "opposition leader", "union spokeswoman", "defence minister", "mayor"}
	fxCities  = []string{"Oslo", "Nairobi", "Lima", "Hanoi", "Tunis", "Quito", "Riga", "Accra", "Lisbon", "Manila"}
	fxOutlets = []string{"Harbour Ledger", "Northgate Courier", "Valley Dispatch", "Coastline Review"}
	fxTopics  = []string{"port fees", "grain exports", "a fishing treaty", "border crossings", "rail freight", "water rights"}
)

// fictionalArticles writes n distinct small articles as JSON Lines.
func fictionalArticles(t testing.TB, path string, n int) {
	t.Helper()
	r := mrand.New(mrand.NewPCG(7, uint64(n)))
	pick := func(l []string) string { return l[r.IntN(len(l))] }
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	for i := range n {
		p, q, city, outlet, topic := pick(fxPeople), pick(fxPeople), pick(fxCities), pick(fxOutlets), pick(fxTopics)
		if q == p {
			q = fxPeople[(r.IntN(len(fxPeople)-1)+1+indexOf(fxPeople, p))%len(fxPeople)]
		}
		var text string
		switch i % 3 {
		case 0:
			text = fmt.Sprintf("%s (%s) — %s, the %s, met %s in %s on Tuesday to discuss %s, the %d-th round of talks this year.\n\n"+
				"\"We agreed to reopen the talks next month,\" %s told reporters after the meeting.\n\n"+
				"Protesters gathered outside the hall, and police said %d people were detained.",
				strings.ToUpper(city), outlet, p, pick(fxRoles), q, city, topic, i+1, p, i%9+2)
		case 1:
			text = fmt.Sprintf("%s accused %s of blocking a deal on %s, in a statement issued in %s on Monday (item %d).\n\n"+
				"\"This delay hurts every family in the region,\" said %s, the %s.\n\n"+
				"%s rejected the claim and called for an independent review.",
				p, q, topic, city, i, p, pick(fxRoles), q)
		default:
			text = fmt.Sprintf("Officials in %s announced new rules on %s on Friday, bulletin number %d.\n\n"+
				"The %s, %s, said the measures would take effect in %d weeks.\n\n"+
				"Critics, including %s, warned that the rules could raise prices.",
				city, topic, i, pick(fxRoles), p, i%5+1, q)
		}
		enc.Encode(map[string]string{
			"url":       fmt.Sprintf("https://%s.example/news/%05d", strings.ToLower(strings.ReplaceAll(outlet, " ", "-")), i),
			"title":     fmt.Sprintf("%s: talks on %s, report %d", city, topic, i),
			"published": time.Date(2026, 3, 1+i%28, 8+i%10, i%60, 0, 0, time.UTC).Format(time.RFC3339),
			"source":    outlet,
			"text":      text,
		})
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func indexOf(l []string, s string) int {
	for i, v := range l {
		if v == s {
			return i
		}
	}
	return 0
}

// buildReadout builds the binary once per test binary run.
func buildReadout(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "readout")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Env = append(os.Environ(), "GOTOOLCHAIN=local")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// pgSchemaURL creates a fresh schema on READOUT_TEST_POSTGRES, dropped at
// the end, and returns a URL that selects it; "" when no server is given
// (a failure under CI=true).
func pgSchemaURL(t *testing.T) string {
	base := os.Getenv("READOUT_TEST_POSTGRES")
	if base == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("READOUT_TEST_POSTGRES is not set (CI=true: the queue must be tested on PostgreSQL; scripts/deps/postgres.sh starts one)")
		}
		t.Skip("READOUT_TEST_POSTGRES not set")
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connect to READOUT_TEST_POSTGRES: %v", err)
	}
	defer conn.Close(ctx)
	conn.Exec(ctx, `CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public`)
	var b [6]byte
	rand.Read(b[:])
	schema := "readout_queue_" + hex.EncodeToString(b[:])
	if _, err := conn.Exec(ctx, `CREATE SCHEMA `+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), base)
		if err == nil {
			c.Exec(context.Background(), `DROP SCHEMA `+schema+` CASCADE`)
			c.Close(context.Background())
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	v := u.Query()
	v.Set("search_path", schema)
	u.RawQuery = v.Encode()
	return u.String()
}

// TestQueueFault: 3 worker processes, 2,000 articles, one worker killed
// (SIGKILL) and restarted, the NATS server restarted once; every article
// is stored exactly once, with the same analysis as one `readout ingest`.
// Analysis runs with --no-syntax (entities, quotes and events still run)
// to keep the test within CI time on two cores.
func TestQueueFault(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs worker processes")
	}
	bin := buildReadout(t)
	dir := t.TempDir()
	data := filepath.Join(dir, "articles.jsonl")
	const n = 2000
	fictionalArticles(t, data, n)
	analysis := []string{"--no-syntax"}

	// The reference: one process, the embedded default store.
	ref := filepath.Join(dir, "ref.db")
	out, err := exec.Command(bin, append([]string{"ingest", "--db", ref, "--json", data}, analysis...)...).Output()
	if err != nil {
		t.Fatalf("reference ingest: %v\n%s", err, out)
	}
	want := articleRows(t, ref)
	if len(want) != n {
		t.Fatalf("reference stored %d articles, want %d", len(want), n)
	}

	t.Run("sqlite", func(t *testing.T) {
		got := faultRun(t, bin, filepath.Join(t.TempDir(), "work.db"), data, n, analysis)
		compareRows(t, want, got)
	})
	t.Run("postgres", func(t *testing.T) {
		db := pgSchemaURL(t)
		got := faultRun(t, bin, db, data, n, analysis)
		compareRows(t, want, got)
	})
}

// faultRun publishes data, runs three workers into db through a kill and
// a server restart, and returns the stored rows.
func faultRun(t *testing.T, bin, db, data string, n int, analysis []string) map[string]articleRow {
	srv := natstest.Start(t, 0)
	qurl := srv.URL()
	logs := t.TempDir()
	// Create the schema once, before several processes race to.
	if out, err := exec.Command(bin, "articles", "--db", db, "--json").CombinedOutput(); err != nil {
		t.Fatalf("migrate: %v\n%s", err, out)
	}
	var pub publishSummary
	out, err := exec.Command(bin, "ingest", "--queue", qurl, "--json", data).Output()
	if err != nil || json.Unmarshal(out, &pub) != nil || pub.Published != n {
		t.Fatalf("publish: %v %+v\n%s", err, pub, out)
	}
	out, _ = exec.Command(bin, "ingest", "--queue", qurl, "--json", data).Output()
	if json.Unmarshal(out, &pub) != nil || pub.Duplicates != n || pub.Published != 0 {
		t.Fatalf("second publish must find only duplicates: %+v", pub)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	q, err := jetstream.Open(ctx, jetstream.Options{URL: qurl})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()

	type proc struct {
		cmd *exec.Cmd
		out *bytes.Buffer
	}
	start := func(name string) proc {
		f, err := os.Create(filepath.Join(logs, name+".log"))
		if err != nil {
			t.Fatal(err)
		}
		args := append([]string{"worker", "--queue", qurl, "--db", db, "--batch", "2", "--ack-wait", "3s", "--json", "--log-level", "warn"}, analysis...)
		c := exec.Command(bin, args...)
		var b bytes.Buffer
		c.Stdout, c.Stderr = &b, f
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		return proc{c, &b}
	}
	procs := []proc{start("w0"), start("w1"), start("w2")}
	defer func() {
		for _, p := range procs {
			p.cmd.Process.Kill()
			p.cmd.Wait()
		}
		if t.Failed() {
			for _, name := range []string{"w0", "w1", "w2", "w0b"} {
				b, _ := os.ReadFile(filepath.Join(logs, name+".log"))
				t.Logf("%s log (tail):\n%s", name, tail(string(b), 1500))
			}
		}
	}()
	remaining := func() uint64 {
		st, err := q.Status(ctx)
		if err != nil {
			return ^uint64(0)
		}
		return st.Documents
	}
	waitBelow := func(what string, k uint64) {
		for remaining() > k {
			if ctx.Err() != nil {
				t.Fatalf("timed out waiting for %s (%d documents left)", what, remaining())
			}
			time.Sleep(20 * time.Millisecond)
		}
	}

	waitBelow("a quarter done", uint64(n*3/4))
	procs[0].cmd.Process.Signal(syscall.SIGKILL) // mid-article: no ack
	procs[0].cmd.Wait()
	procs[0] = start("w0b")
	t.Logf("worker killed and restarted with %d documents left", remaining())

	waitBelow("half done", uint64(n/2))
	srv.Stop()
	time.Sleep(500 * time.Millisecond)
	if err := srv.Restart(); err != nil {
		t.Fatal(err)
	}
	t.Logf("NATS server restarted with %d documents left", remaining())

	waitBelow("all acknowledged", 0)
	var total workerSummary
	for i, p := range procs {
		p.cmd.Process.Signal(syscall.SIGTERM)
		if err := p.cmd.Wait(); err != nil {
			t.Errorf("worker %d did not exit 0 on SIGTERM: %v", i, err)
		}
		var s workerSummary
		if err := json.Unmarshal(p.out.Bytes(), &s); err != nil {
			t.Errorf("worker %d summary: %v: %q", i, err, p.out.String())
		}
		total.Acked += s.Acked
		total.Stored += s.Stored
		total.Unchanged += s.Unchanged
		total.Dead += s.Dead
	}
	t.Logf("surviving workers: %+v", total)
	st, err := q.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Dead != 0 || total.Dead != 0 {
		t.Errorf("dead letters: %+v", st)
	}
	// Each article's ID was published once for the story consumer, however
	// many times its document was delivered.
	if st.Stored != uint64(n) {
		t.Errorf("stored-ID stream holds %d notices, want %d", st.Stored, n)
	}
	// The story consumer sees each committed article once.
	sc := exec.Command(bin, "worker", "--stories", "--queue", qurl, "--db", db, "--log-level", "error")
	var sout bytes.Buffer
	sc.Stdout = &sout
	if err := sc.Start(); err != nil {
		t.Fatal(err)
	}
	for {
		s, err := q.Status(ctx)
		if err == nil && s.Stored == 0 {
			break
		}
		if ctx.Err() != nil {
			t.Fatal("story consumer did not drain the stored IDs")
		}
		time.Sleep(50 * time.Millisecond)
	}
	sc.Process.Signal(syscall.SIGTERM)
	if err := sc.Wait(); err != nil || !strings.Contains(sout.String(), fmt.Sprintf("story consumer: %d articles", n)) {
		t.Errorf("story consumer: %v %q", err, sout.String())
	}
	return articleRows(t, db)
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// articleRow is what must match between runs.
type articleRow struct {
	ContentHash, DuplicateOf                  string
	Sentences, Entities, Quotes, Events, Mens int
}

// articleRows reads every article of a store (a SQLite path or a
// postgres:// URL) through the CLI's own store wiring.
func articleRows(t *testing.T, db string) map[string]articleRow {
	t.Helper()
	a := &app{cfg: config.Default(), log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	a.cfg.DB = db
	ctx := context.Background()
	st, err := a.openStore(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer a.closer()
	rows := map[string]articleRow{}
	for off := 0; ; off += 1000 {
		list, err := st.Articles(ctx, news.ArticleFilter{IncludeDuplicates: true, Limit: 1000, Offset: off})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range list {
			art, err := st.Article(ctx, s.ID)
			if err != nil {
				t.Fatal(err)
			}
			if _, dup := rows[art.ID]; dup {
				t.Errorf("article %s listed twice", art.ID)
			}
			r := articleRow{ContentHash: art.ContentHash, DuplicateOf: art.DuplicateOf, Sentences: len(art.Sentences),
				Entities: len(art.Entities), Quotes: len(art.Quotes), Events: len(art.Events)}
			for _, e := range art.Entities {
				r.Mens += len(e.Mentions)
			}
			rows[art.ID] = r
		}
		if len(list) < 1000 {
			break
		}
	}
	stats, err := st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Articles+stats.Duplicates != len(rows) {
		t.Errorf("stats count %d+%d articles, listing %d", stats.Articles, stats.Duplicates, len(rows))
	}
	return rows
}

func compareRows(t *testing.T, want, got map[string]articleRow) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("stored %d articles, want %d", len(got), len(want))
	}
	var bad []string
	for id, w := range want {
		g, ok := got[id]
		switch {
		case !ok:
			bad = append(bad, id+": missing")
		case g != w:
			bad = append(bad, fmt.Sprintf("%s: got %+v, want %+v", id, g, w))
		}
	}
	sort.Strings(bad)
	if len(bad) > 0 {
		t.Errorf("%d articles differ from the single-process run; first: %v", len(bad), bad[:min(5, len(bad))])
	}
	// Events are compared too, but need the parser: under --no-syntax
	// there are none to compare.
	var ents, quotes int
	for _, w := range want {
		ents, quotes = ents+w.Entities, quotes+w.Quotes
	}
	if ents == 0 || quotes == 0 {
		t.Errorf("the fixture must exercise the analysis: %d entities, %d quotes", ents, quotes)
	}
}
