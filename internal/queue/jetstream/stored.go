package jetstream

import (
	"context"
	"errors"
	"time"

	"github.com/nats-io/nats.go"
	js "github.com/nats-io/nats.go/jetstream"

	"github.com/readout/readout/internal/news"
)

// Stored is one committed article, as the story consumer sees it.
type Stored struct {
	ArticleID string
	Result    news.PutResult
	Seq       uint64 // in the stored stream
}

// PublishStored records that an article was committed, for the one
// consumer that runs cross-article stages. key identifies the version
// stored (its content hash): a redelivered document stores nothing new
// and its second notice is dropped as a duplicate within the dedup
// window (later ones are harmless: the story engine ignores an article
// it has seen).
func (q *Queue) PublishStored(ctx context.Context, articleID, key string, res news.PutResult) error {
	m := nats.NewMsg(q.storedSubject)
	m.Header.Set(nats.MsgIdHdr, "s-"+articleID+"-"+key)
	m.Header.Set(hdrResult, string(res))
	m.Data = []byte(articleID)
	if _, err := q.js.PublishMsg(ctx, m, js.WithRetryAttempts(20), js.WithRetryWait(250*time.Millisecond)); err != nil {
		return news.E("jetstream.PublishStored", news.KindUnavailable, err)
	}
	return nil
}

// ConsumeStored hands committed article IDs to fn in commit order, up to
// batch at a time, until ctx is cancelled; a batch is acknowledged when
// fn returns nil and handed back (after a pause) when it fails. It must
// run in one process only: that is what makes the cross-article stages
// see one order. The lease is renewed while fn runs.
func (q *Queue) ConsumeStored(ctx context.Context, batch int, fn func(ctx context.Context, items []Stored) error) error {
	const op = "jetstream.ConsumeStored"
	if batch <= 0 {
		batch = 64
	}
	cons, err := q.stored.CreateOrUpdateConsumer(ctx, js.ConsumerConfig{
		Durable:       q.opt.Consumer + "_stories",
		Description:   "readout story consumer (one process)",
		AckPolicy:     js.AckExplicitPolicy,
		AckWait:       q.opt.AckWait,
		MaxAckPending: batch,
		FilterSubject: q.storedSubject,
	})
	if err != nil {
		return news.E(op, news.KindUnavailable, err)
	}
	wait := func(d time.Duration) {
		select {
		case <-ctx.Done():
		case <-time.After(d):
		}
	}
	hctx := context.WithoutCancel(ctx)
	for ctx.Err() == nil {
		b, err := cons.Fetch(batch, js.FetchMaxWait(time.Second))
		if err != nil {
			q.opt.Log.Warn("queue fetch stored", "err", err)
			wait(500 * time.Millisecond)
			continue
		}
		var msgs []js.Msg
		var items []Stored
		for m := range b.Messages() {
			md, err := m.Metadata()
			if err != nil {
				m.Term()
				continue
			}
			msgs = append(msgs, m)
			items = append(items, Stored{ArticleID: string(m.Data()), Result: news.PutResult(m.Headers().Get(hdrResult)), Seq: md.Sequence.Stream})
		}
		if e := b.Error(); e != nil && !isTimeout(e) && !errors.Is(e, nats.ErrConnectionClosed) {
			q.opt.Log.Warn("queue fetch stored", "err", e)
		}
		if len(msgs) == 0 {
			continue
		}
		done := make(chan struct{})
		go func() {
			t := time.NewTicker(q.opt.AckWait / 3)
			defer t.Stop()
			for {
				select {
				case <-done:
					return
				case <-t.C:
					for _, m := range msgs {
						m.InProgress()
					}
				}
			}
		}()
		err = fn(hctx, items)
		close(done)
		if err != nil {
			q.opt.Log.Warn("story consumer failed; retrying the batch", "err", err)
			for _, m := range msgs {
				m.NakWithDelay(2 * time.Second)
			}
			wait(2 * time.Second)
			continue
		}
		for _, m := range msgs {
			actx, cancel := context.WithTimeout(hctx, 10*time.Second)
			if err := m.DoubleAck(actx); err != nil {
				q.opt.Log.Warn("queue ack stored", "err", err)
			}
			cancel()
		}
	}
	return nil
}
