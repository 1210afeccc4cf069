package jetstream

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	js "github.com/nats-io/nats.go/jetstream"

	"github.com/readout/readout/internal/news"
)

// Delivery is one document handed to a Handler.
type Delivery struct {
	Doc     news.Document
	MsgID   string // the document's deduplication ID
	Seq     uint64 // stream sequence
	Attempt int    // 1 on the first delivery
}

// Handler processes one document and returns nil only once its results
// are committed: the message is acknowledged after it returns. An error of
// KindUnavailable (the store is down or slow) is retried in place with
// back-off, then handed back to the server with a delay; an error of
// KindInvalid (the document itself is unusable) sends it to the
// dead-letter stream at once; any other error counts as a failed attempt,
// and the last allowed attempt's error goes to the dead-letter stream
// with the document. A Handler may be called
// concurrently, and again for a document it already committed (after a
// crash): it must be idempotent.
type Handler func(ctx context.Context, d Delivery) error

// WorkOptions tune Work.
type WorkOptions struct {
	// Batch is how many messages are fetched (and leased) at once; it is
	// also how many are handled at once. Default 4.
	Batch int
	// Heartbeat is how often a document still being handled renews its
	// lease. Default AckWait/3.
	Heartbeat time.Duration
	// RetryFor is how long an unavailable store is retried in place
	// before the document is handed back with a delay. Default 30s.
	RetryFor time.Duration
	// Pause is how long a worker waits before fetching again after it
	// handed a document back because the store was unavailable. Default 5s.
	Pause time.Duration
}

// WorkStats count what Work did.
type WorkStats struct {
	Acked   int64 `json:"acked"`   // handled and acknowledged
	Retried int64 `json:"retried"` // handed back for a later attempt
	Dead    int64 `json:"dead"`    // sent to the dead-letter stream
}

// Work consumes documents with the shared durable consumer and calls h
// for each until ctx is cancelled. Then it stops fetching, lets the
// handlers that have started finish and acknowledges them, hands back
// what it leased but did not start, and returns nil. It returns an error
// only when the consumer cannot be set up.
func (q *Queue) Work(ctx context.Context, opt WorkOptions, h Handler) (WorkStats, error) {
	const op = "jetstream.Work"
	if opt.Batch <= 0 {
		opt.Batch = 4
	}
	if opt.Heartbeat <= 0 {
		opt.Heartbeat = q.opt.AckWait / 3
	}
	if opt.RetryFor <= 0 {
		opt.RetryFor = 30 * time.Second
	}
	if opt.Pause <= 0 {
		opt.Pause = 5 * time.Second
	}
	cons, err := q.consumer(ctx)
	if err != nil {
		return WorkStats{}, news.E(op, news.KindUnavailable, err)
	}
	// A document whose last delivery was never acknowledged (its worker
	// died, or ran past AckWait) is reported by the server in an advisory:
	// one worker of the group dead-letters it.
	adv := fmt.Sprintf("$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.%s.%s", q.opt.Prefix, q.opt.Consumer)
	sub, err := q.nc.QueueSubscribe(adv, q.opt.Prefix+"-dead", func(m *nats.Msg) { q.onMaxDeliveries(m) })
	if err != nil {
		return WorkStats{}, news.E(op, news.KindUnavailable, err)
	}
	defer sub.Unsubscribe()

	w := &worker{q: q, opt: opt, h: h, stopping: ctx}
	hctx := context.WithoutCancel(ctx) // started documents are finished
	slots := make(chan struct{}, opt.Batch)
	var wg sync.WaitGroup
	wait := func(d time.Duration) {
		select {
		case <-ctx.Done():
		case <-time.After(d):
		}
	}
	for ctx.Err() == nil {
		if until := w.pauseUntil.Load(); until > 0 {
			if d := time.Until(time.Unix(0, until)); d > 0 {
				wait(d)
				continue
			}
		}
		// Take one free slot (blocking), then any others free now.
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			continue
		}
		n := 1
	more:
		for n < opt.Batch {
			select {
			case slots <- struct{}{}:
				n++
			default:
				break more
			}
		}
		release := func(k int) {
			for range k {
				<-slots
			}
		}
		batch, err := cons.Fetch(n, js.FetchMaxWait(2*time.Second))
		if err != nil {
			release(n)
			if errors.Is(err, js.ErrConsumerNotFound) || errors.Is(err, js.ErrConsumerDeleted) {
				if c, e := q.consumer(ctx); e == nil {
					cons = c
				}
			}
			q.opt.Log.Warn("queue fetch", "err", err)
			wait(500 * time.Millisecond)
			continue
		}
		got := 0
		for m := range batch.Messages() {
			got++
			if ctx.Err() != nil {
				m.Nak() // not started: hand it back at once
				<-slots
				continue
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer func() { <-slots }()
				w.handle(hctx, m)
			}()
		}
		release(n - got)
		if err := batch.Error(); err != nil && !isTimeout(err) && !errors.Is(err, nats.ErrConnectionClosed) {
			q.opt.Log.Warn("queue fetch", "err", err)
			wait(500 * time.Millisecond)
		}
	}
	wg.Wait()
	return w.stats(), nil
}

// consumer creates or updates the workers' durable pull consumer.
func (q *Queue) consumer(ctx context.Context) (js.Consumer, error) {
	return q.docs.CreateOrUpdateConsumer(ctx, js.ConsumerConfig{
		Durable:       q.opt.Consumer,
		Description:   "readout workers",
		AckPolicy:     js.AckExplicitPolicy,
		AckWait:       q.opt.AckWait,
		MaxDeliver:    q.opt.MaxDeliver,
		FilterSubject: q.docsSubject,
	})
}

type worker struct {
	q          *Queue
	opt        WorkOptions
	stopping   context.Context // cancelled when Work is asked to stop
	h          Handler
	pauseUntil atomic.Int64
	acked      atomic.Int64
	retried    atomic.Int64
	dead       atomic.Int64
}

func (w *worker) stats() WorkStats {
	return WorkStats{Acked: w.acked.Load(), Retried: w.retried.Load(), Dead: w.dead.Load()}
}

// handle runs the handler on one message and settles it: ack, delayed
// nak, or dead letter.
func (w *worker) handle(ctx context.Context, m js.Msg) {
	q := w.q
	log := q.opt.Log
	md, err := m.Metadata()
	if err != nil {
		log.Warn("queue message without metadata", "err", err)
		m.Nak()
		return
	}
	attempt := int(md.NumDelivered)
	msgID := m.Headers().Get(nats.MsgIdHdr)
	doc, err := decode(m.Headers(), m.Data())
	if err != nil {
		// Nothing will ever read it: dead-letter at once.
		w.deadLetter(ctx, m, md.Sequence.Stream, attempt, news.E("jetstream.decode", news.KindInvalid, err))
		return
	}
	stop := w.heartbeat(m)
	d := Delivery{Doc: doc, MsgID: msgID, Seq: md.Sequence.Stream, Attempt: attempt}
	err = w.call(ctx, d)
	last := attempt >= q.opt.MaxDeliver
	if news.IsKind(err, news.KindUnavailable) {
		// The store is down or slow: retry in place, holding the lease,
		// rather than spin through deliveries. On the last attempt never
		// give up (a database outage is not a poison document).
		start, delay := time.Now(), 250*time.Millisecond
		for news.IsKind(err, news.KindUnavailable) && w.stopping.Err() == nil && (last || time.Since(start) < w.opt.RetryFor) {
			log.Warn("store unavailable; retrying", "origin", doc.Origin, "retry_in", delay, "err", err)
			select {
			case <-w.stopping.Done():
				continue
			case <-time.After(delay):
			}
			delay = min(2*delay, 5*time.Second)
			err = w.call(ctx, d)
		}
	}
	stop()
	switch {
	case err == nil:
		actx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		if e := m.DoubleAck(actx); e != nil {
			// The article is committed; the server will redeliver and
			// the store will answer PutUnchanged.
			log.Warn("queue ack failed; the document will be redelivered", "origin", doc.Origin, "err", e)
		}
		w.acked.Add(1)
	case news.IsKind(err, news.KindUnavailable):
		w.pauseUntil.Store(time.Now().Add(w.opt.Pause).UnixNano())
		m.NakWithDelay(w.opt.Pause)
		w.retried.Add(1)
	case last || news.IsKind(err, news.KindInvalid):
		// KindInvalid is the document's fault: another try gives the same
		// answer, so it goes to the dead letters at once.
		w.deadLetter(ctx, m, md.Sequence.Stream, attempt, err)
	default:
		log.Warn("document failed; will retry", "origin", doc.Origin, "attempt", attempt, "err", err)
		m.NakWithDelay(time.Duration(attempt) * time.Second)
		w.retried.Add(1)
	}
}

// call runs the handler, turning a panic into an error.
func (w *worker) call(ctx context.Context, d Delivery) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = news.E("jetstream.Handler", news.KindInternal, fmt.Sprintf("panic: %v", v))
		}
	}()
	return w.h(ctx, d)
}

// heartbeat renews m's lease until the returned func is called.
func (w *worker) heartbeat(m js.Msg) func() {
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(w.opt.Heartbeat)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				m.InProgress()
			}
		}
	}()
	return func() { close(done) }
}

// deadLetter copies m to the dead-letter stream with err and acknowledges
// it. If the copy cannot be written, m is handed back instead.
func (w *worker) deadLetter(ctx context.Context, m js.Msg, seq uint64, attempt int, cause error) {
	if err := w.q.publishDead(ctx, m.Headers(), m.Data(), seq, attempt, cause); err != nil {
		w.q.opt.Log.Error("dead letter failed; handing the document back", "seq", seq, "err", err)
		m.NakWithDelay(w.opt.Pause)
		w.retried.Add(1)
		return
	}
	actx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := m.DoubleAck(actx); err != nil {
		w.q.opt.Log.Warn("queue ack of dead letter failed", "seq", seq, "err", err)
	}
	w.dead.Add(1)
}

// publishDead writes a document's message to the dead-letter stream with
// the failure in its headers. Its ID makes a second copy (two workers
// racing, a retried publish) a duplicate.
func (q *Queue) publishDead(ctx context.Context, h nats.Header, data []byte, seq uint64, attempt int, cause error) error {
	m := nats.NewMsg(q.deadSubject)
	for _, k := range []string{hdrEncoding, hdrOrigin} {
		if v := h.Get(k); v != "" {
			m.Header.Set(k, v)
		}
	}
	id := h.Get(nats.MsgIdHdr)
	m.Header.Set(nats.MsgIdHdr, "dead-"+id+"-"+strconv.FormatUint(seq, 10))
	m.Header.Set("Readout-Msg-Id", id)
	m.Header.Set(hdrError, headerSafe(cause.Error()))
	m.Header.Set(hdrAttempts, strconv.Itoa(attempt))
	m.Header.Set(hdrFailedAt, time.Now().UTC().Format(time.RFC3339))
	m.Data = data
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if _, err := q.js.PublishMsg(pctx, m); err != nil {
		return err
	}
	q.opt.Log.Warn("document dead-lettered", "origin", h.Get(hdrOrigin), "attempts", attempt, "err", cause)
	return nil
}

// onMaxDeliveries dead-letters a document the server will not deliver
// again because its last delivery was never settled.
func (q *Queue) onMaxDeliveries(m *nats.Msg) {
	var adv struct {
		StreamSeq  uint64 `json:"stream_seq"`
		Deliveries int    `json:"deliveries"`
	}
	if err := json.Unmarshal(m.Data, &adv); err != nil || adv.StreamSeq == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	raw, err := q.docs.GetMsg(ctx, adv.StreamSeq)
	if err != nil {
		return // already settled or removed
	}
	cause := fmt.Errorf("no result after %d deliveries: the worker stopped, crashed or ran past the ack wait each time", adv.Deliveries)
	if err := q.publishDead(ctx, raw.Header, raw.Data, adv.StreamSeq, adv.Deliveries, cause); err != nil {
		q.opt.Log.Error("dead letter failed", "seq", adv.StreamSeq, "err", err)
		return
	}
	if err := q.docs.DeleteMsg(ctx, adv.StreamSeq); err != nil {
		q.opt.Log.Warn("delete dead-lettered document", "seq", adv.StreamSeq, "err", err)
	}
}
