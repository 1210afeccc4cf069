package jetstream

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/queue/jetstream/natstest"
)

func testDoc(i int) news.Document {
	return news.Document{
		Origin: fmt.Sprintf("wire/%03d.txt", i),
		Format: news.FormatText,
		URL:    fmt.Sprintf("https://harbour-ledger.example/story/%d", i),
		Title:  fmt.Sprintf("Port council vote %d", i),
		Source: "Harbour Ledger",
		Body:   []byte(fmt.Sprintf("The port council of Tallinn voted %d times on Tuesday, its chair Ilse Varga said.", i)),
	}
}

func open(t *testing.T, srv *natstest.Server, opt Options) *Queue {
	t.Helper()
	opt.URL = srv.URL()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	q, err := Open(ctx, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { q.Close() })
	return q
}

// collect runs Work until want documents were handled (or the timeout).
type collector struct {
	mu   sync.Mutex
	seen map[string]int // origin → deliveries handled
	docs []news.Document
}

func (c *collector) handler(fail func(Delivery) error) Handler {
	return func(ctx context.Context, d Delivery) error {
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.seen == nil {
			c.seen = map[string]int{}
		}
		c.seen[d.Doc.Origin]++
		if fail != nil {
			if err := fail(d); err != nil {
				return err
			}
		}
		c.docs = append(c.docs, d.Doc)
		return nil
	}
}

func (c *collector) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.docs)
}

func waitFor(t *testing.T, what string, d time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func status(t *testing.T, q *Queue) Status {
	t.Helper()
	st, err := q.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestPublishConsumeAck(t *testing.T) {
	srv := natstest.Start(t, 0)
	q := open(t, srv, Options{})
	ctx := context.Background()
	big := testDoc(99)
	big.Body = bytes.Repeat([]byte("The harbour master of Riga counted ships again. "), 400) // compressed on the wire
	docs := []news.Document{testDoc(1), testDoc(2), testDoc(3), big}
	for _, d := range docs {
		if res, err := q.Publish(ctx, d); err != nil || res != Enqueued {
			t.Fatalf("publish %s: %v %v", d.Origin, res, err)
		}
	}
	if st := status(t, q); st.Documents != 4 || st.Pending != 4 {
		t.Fatalf("status before work: %+v", st)
	}
	var c collector
	wctx, stop := context.WithCancel(ctx)
	done := make(chan WorkStats)
	go func() { s, _ := q.Work(wctx, WorkOptions{Batch: 2}, c.handler(nil)); done <- s }()
	waitFor(t, "four documents", 10*time.Second, func() bool { return c.count() == 4 })
	stop()
	stats := <-done
	if stats.Acked != 4 || stats.Dead != 0 {
		t.Errorf("stats %+v", stats)
	}
	got := map[string]news.Document{}
	for _, d := range c.docs {
		got[d.Origin] = d
	}
	for _, d := range docs {
		g := got[d.Origin]
		if g.URL != d.URL || g.Title != d.Title || g.Source != d.Source || g.Format != d.Format || !bytes.Equal(g.Body, d.Body) {
			t.Errorf("%s came back as %+v", d.Origin, g)
		}
	}
	// Acknowledged documents leave the work-queue stream.
	waitFor(t, "empty stream", 5*time.Second, func() bool { return status(t, q).Documents == 0 })
}

func TestDedup(t *testing.T) {
	srv := natstest.Start(t, 0)
	q := open(t, srv, Options{})
	ctx := context.Background()
	for i, want := range []Published{Enqueued, Duplicate, Duplicate} {
		res, err := q.Publish(ctx, testDoc(1))
		if err != nil || res != want {
			t.Fatalf("publish #%d: %v %v, want %v", i, res, err, want)
		}
	}
	// The same file reached by another directory is the same document …
	d := testDoc(1)
	d.Origin = "/elsewhere/" + d.Origin
	if res, _ := q.Publish(ctx, d); res != Duplicate {
		t.Errorf("same file under another directory: %v", res)
	}
	// … a changed body is not.
	d.Body = append(d.Body, " Updated."...)
	if res, _ := q.Publish(ctx, d); res != Enqueued {
		t.Errorf("changed body: %v", res)
	}
	if st := status(t, q); st.Documents != 2 {
		t.Errorf("stream holds %d documents, want 2", st.Documents)
	}
}

func TestRejectTooLarge(t *testing.T) {
	srv := natstest.Start(t, 64<<10)
	q := open(t, srv, Options{})
	d := testDoc(1)
	// Random-looking text does not compress below the limit.
	var b strings.Builder
	for i := 0; b.Len() < 200<<10; i++ {
		fmt.Fprintf(&b, "%x ", uint64(i)*0x9E3779B97F4A7C15)
	}
	d.Body = []byte(b.String())
	_, err := q.Publish(context.Background(), d)
	if !news.IsKind(err, news.KindInvalid) || !strings.Contains(err.Error(), "max_payload") {
		t.Fatalf("want a clear KindInvalid error, got %v", err)
	}
}

// A consumer that dies before acknowledging loses nothing: another one
// gets the document after AckWait.
func TestRedeliveryAfterCrash(t *testing.T) {
	srv := natstest.Start(t, 0)
	opt := Options{AckWait: time.Second}
	q1 := open(t, srv, opt)
	if _, err := q1.Publish(context.Background(), testDoc(7)); err != nil {
		t.Fatal(err)
	}
	started := make(chan struct{})
	block := make(chan struct{})
	defer close(block)
	go q1.Work(context.Background(), WorkOptions{Batch: 1, Heartbeat: 200 * time.Millisecond}, func(ctx context.Context, d Delivery) error {
		close(started)
		<-block // the worker "hangs" and then dies
		return nil
	})
	<-started
	q1.nc.Close() // the process is gone: no ack, no heartbeats

	q2 := open(t, srv, opt)
	var c collector
	var attempt int
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	go q2.Work(ctx, WorkOptions{Batch: 1}, c.handler(func(d Delivery) error { attempt = d.Attempt; return nil }))
	waitFor(t, "redelivery", 10*time.Second, func() bool { return c.count() == 1 })
	if attempt != 2 {
		t.Errorf("redelivered document's attempt = %d, want 2", attempt)
	}
}

// Heartbeats keep a slow document's lease: it is not redelivered while
// its handler is still working.
func TestHeartbeatKeepsLease(t *testing.T) {
	srv := natstest.Start(t, 0)
	q := open(t, srv, Options{AckWait: 500 * time.Millisecond})
	q.Publish(context.Background(), testDoc(1))
	var c collector
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		q.Work(ctx, WorkOptions{Batch: 2, Heartbeat: 100 * time.Millisecond}, c.handler(func(d Delivery) error {
			time.Sleep(2 * time.Second) // four times AckWait
			return nil
		}))
		close(done)
	}()
	waitFor(t, "slow document", 10*time.Second, func() bool { return c.count() == 1 })
	stop()
	<-done
	if n := c.seen["wire/001.txt"]; n != 1 {
		t.Errorf("slow document handled %d times, want 1", n)
	}
}

func TestDeadLetterAfterMaxDeliver(t *testing.T) {
	srv := natstest.Start(t, 0)
	q := open(t, srv, Options{MaxDeliver: 3})
	ctx := context.Background()
	q.Publish(ctx, testDoc(1)) // fails every time
	q.Publish(ctx, testDoc(2))
	q.Publish(ctx, testDoc(3)) // bad input: no retry
	var c collector
	wctx, stop := context.WithCancel(ctx)
	done := make(chan WorkStats)
	go func() {
		s, _ := q.Work(wctx, WorkOptions{Batch: 2}, c.handler(func(d Delivery) error {
			if d.Doc.Origin == "wire/001.txt" {
				return news.E("sqlite.PutArticle", news.KindInternal, fmt.Sprintf("attempt %d: constraint failed", d.Attempt))
			}
			if d.Doc.Origin == "wire/003.txt" {
				return news.E("clean.Document", news.KindInvalid, "no text")
			}
			return nil
		}))
		done <- s
	}()
	waitFor(t, "dead letters", 20*time.Second, func() bool { return status(t, q).Dead == 2 })
	stop()
	stats := <-done
	if stats.Dead != 2 || stats.Acked != 1 || stats.Retried != 2 {
		t.Errorf("stats %+v", stats)
	}
	if n := c.seen["wire/001.txt"]; n != 3 {
		t.Errorf("failing document tried %d times, want 3", n)
	}
	if n := c.seen["wire/003.txt"]; n != 1 {
		t.Errorf("bad document tried %d times, want 1", n)
	}
	dead, err := q.Dead(ctx, 0)
	if err != nil || len(dead) != 2 {
		t.Fatalf("dead: %v %v", dead, err)
	}
	byOrigin := map[string]DeadLetter{}
	for _, dl := range dead {
		byOrigin[dl.Origin] = dl
	}
	dl := byOrigin["wire/001.txt"]
	if dl.Attempts != 3 || !strings.Contains(dl.Error, "attempt 3: constraint failed") || dl.Title != "Port council vote 1" {
		t.Errorf("dead letter %+v", dl)
	}
	if dl := byOrigin["wire/003.txt"]; dl.Attempts != 1 || !strings.Contains(dl.Error, "no text") {
		t.Errorf("dead letter %+v", dl)
	}
	if st := status(t, q); st.Documents != 0 {
		t.Errorf("dead-lettered document still queued: %+v", st)
	}
	// Replay puts it back with a fresh count.
	if n, err := q.Replay(ctx); n != 2 || err != nil {
		t.Fatalf("replay: %d %v", n, err)
	}
	if st := status(t, q); st.Documents != 2 || st.Dead != 0 {
		t.Errorf("after replay: %+v", st)
	}
}

// A document whose every delivery crashed its worker (no error was ever
// reported) is dead-lettered from the server's max-deliveries advisory.
func TestDeadLetterAfterCrashes(t *testing.T) {
	srv := natstest.Start(t, 0)
	opt := Options{MaxDeliver: 2, AckWait: 500 * time.Millisecond}
	q := open(t, srv, opt)
	q.Publish(context.Background(), testDoc(5))
	// A worker that never finishes (each delivery runs past AckWait
	// without heartbeats) …
	block := make(chan struct{})
	defer close(block)
	go q.Work(context.Background(), WorkOptions{Batch: 1, Heartbeat: time.Hour}, func(ctx context.Context, d Delivery) error {
		<-block
		return nil
	})
	// … and another with a free slot left: its open fetch is what makes
	// the server notice the exhausted document and send the advisory.
	q2 := open(t, srv, opt)
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	go q2.Work(ctx, WorkOptions{Batch: 3, Heartbeat: time.Hour}, func(ctx context.Context, d Delivery) error {
		<-block
		return nil
	})
	waitFor(t, "dead letter", 20*time.Second, func() bool { return status(t, q).Dead == 1 })
	dead, _ := q.Dead(context.Background(), 0)
	if len(dead) != 1 || !strings.Contains(dead[0].Error, "no result after 2 deliveries") || dead[0].Origin != "wire/005.txt" {
		t.Errorf("dead %+v", dead)
	}
	waitFor(t, "work stream empty", 5*time.Second, func() bool { return status(t, q).Documents == 0 })
}

// An unavailable store is retried in place and the document is not
// dead-lettered for it.
func TestUnavailableIsRetried(t *testing.T) {
	srv := natstest.Start(t, 0)
	q := open(t, srv, Options{MaxDeliver: 1})
	q.Publish(context.Background(), testDoc(1))
	var c collector
	fails := 3
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	go q.Work(ctx, WorkOptions{Batch: 1}, c.handler(func(d Delivery) error {
		if fails > 0 {
			fails--
			return news.E("sqlite.PutArticle", news.KindUnavailable, "database is locked")
		}
		return nil
	}))
	waitFor(t, "stored after outage", 20*time.Second, func() bool { return c.count() == 1 })
	if st := status(t, q); st.Dead != 0 {
		t.Errorf("an outage dead-lettered a document: %+v", st)
	}
}

func TestStoredInOrder(t *testing.T) {
	srv := natstest.Start(t, 0)
	q := open(t, srv, Options{})
	ctx := context.Background()
	ids := []string{"a1", "a2", "a3", "a2", "a4"} // a2 twice: a redelivered document
	for _, id := range ids {
		if err := q.PublishStored(ctx, id, "h"+id, news.PutStored); err != nil {
			t.Fatal(err)
		}
	}
	var mu sync.Mutex
	var got []string
	cctx, stop := context.WithCancel(ctx)
	defer stop()
	go q.ConsumeStored(cctx, 2, func(ctx context.Context, items []Stored) error {
		mu.Lock()
		defer mu.Unlock()
		for _, it := range items {
			got = append(got, it.ArticleID)
		}
		return nil
	})
	waitFor(t, "stored IDs", 10*time.Second, func() bool { mu.Lock(); defer mu.Unlock(); return len(got) == 4 })
	if strings.Join(got, ",") != "a1,a2,a3,a4" {
		t.Errorf("stored order %v", got)
	}
}

func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	for _, u := range []string{"", "http://x:1", "nats://", "postgres://x"} {
		if _, err := Open(ctx, Options{URL: u}); !news.IsKind(err, news.KindInvalid) {
			t.Errorf("Open(%q): %v, want KindInvalid", u, err)
		}
	}
	if _, err := Open(ctx, Options{URL: "nats://127.0.0.1:1"}); !news.IsKind(err, news.KindUnavailable) {
		t.Errorf("no server: %v, want KindUnavailable", err)
	}
}

func TestMain(m *testing.M) {
	os.Exit(m.Run())
}

// BenchmarkPublishWork measures the queue's own cost per document:
// publish (with dedup ID), fetch, a no-op handler, and a confirmed ack.
func BenchmarkPublishWork(b *testing.B) {
	srv := natstest.Start(b, 0)
	q, err := Open(context.Background(), Options{URL: srv.URL()})
	if err != nil {
		b.Fatal(err)
	}
	defer q.Close()
	ctx := context.Background()
	var done atomicCounter
	wctx, stop := context.WithCancel(ctx)
	finished := make(chan struct{})
	go func() {
		q.Work(wctx, WorkOptions{Batch: 8}, func(ctx context.Context, d Delivery) error { done.add(); return nil })
		close(finished)
	}()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d := testDoc(i)
		d.Body = append(d.Body, fmt.Sprintf(" Run %d.", time.Now().UnixNano())...)
		if _, err := q.Publish(ctx, d); err != nil {
			b.Fatal(err)
		}
	}
	for done.get() < int64(b.N) {
		time.Sleep(time.Millisecond)
	}
	b.StopTimer()
	stop()
	<-finished
}

type atomicCounter struct {
	mu sync.Mutex
	n  int64
}

func (c *atomicCounter) add() { c.mu.Lock(); c.n++; c.mu.Unlock() }
func (c *atomicCounter) get() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}
