package jetstream

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/nats-io/nats.go"
	js "github.com/nats-io/nats.go/jetstream"

	"github.com/readout/readout/internal/news"
)

// Status is a snapshot of the queue.
type Status struct {
	Stream string `json:"stream"`
	// Documents is how many documents are in the work stream: waiting or
	// leased to a worker and not yet acknowledged.
	Documents uint64 `json:"documents"`
	Bytes     uint64 `json:"bytes"`
	// Pending is how many documents no worker has taken yet.
	Pending uint64 `json:"pending"`
	// InFlight is how many are leased to workers and not yet acknowledged.
	InFlight int `json:"in_flight"`
	// Redelivered is how many of those in flight are on a second or later
	// delivery.
	Redelivered int `json:"redelivered"`
	// Waiting is how many fetch requests (idle worker slots) are open.
	Waiting int `json:"waiting"`
	// Dead is how many documents are in the dead-letter stream.
	Dead uint64 `json:"dead"`
	// Stored is how many committed article IDs wait for the story
	// consumer.
	Stored uint64 `json:"stored"`
}

// Status reads the streams' and the workers' consumer's state. A queue
// that no worker has consumed yet has no consumer: Pending is then every
// document.
func (q *Queue) Status(ctx context.Context) (Status, error) {
	const op = "jetstream.Status"
	st := Status{Stream: q.opt.Prefix}
	info, err := q.docs.Info(ctx)
	if err != nil {
		return st, news.E(op, news.KindUnavailable, err)
	}
	st.Documents, st.Bytes, st.Pending = info.State.Msgs, info.State.Bytes, info.State.Msgs
	c, err := q.docs.Consumer(ctx, q.opt.Consumer)
	switch {
	case errors.Is(err, js.ErrConsumerNotFound):
	case err != nil:
		return st, news.E(op, news.KindUnavailable, err)
	default:
		ci, err := c.Info(ctx)
		if err != nil {
			return st, news.E(op, news.KindUnavailable, err)
		}
		st.Pending, st.InFlight, st.Redelivered, st.Waiting = ci.NumPending, ci.NumAckPending, ci.NumRedelivered, ci.NumWaiting
	}
	dinfo, err := q.dead.Info(ctx)
	if err != nil {
		return st, news.E(op, news.KindUnavailable, err)
	}
	st.Dead = dinfo.State.Msgs
	sinfo, err := q.stored.Info(ctx)
	if err != nil {
		return st, news.E(op, news.KindUnavailable, err)
	}
	st.Stored = sinfo.State.Msgs
	return st, nil
}

// DeadLetter is one document that failed every delivery.
type DeadLetter struct {
	Seq      uint64    `json:"seq"` // in the dead-letter stream
	MsgID    string    `json:"msg_id"`
	Origin   string    `json:"origin"`
	URL      string    `json:"url,omitempty"`
	Title    string    `json:"title,omitempty"`
	Error    string    `json:"error"`
	Attempts int       `json:"attempts"`
	FailedAt time.Time `json:"failed_at,omitzero"`
	Bytes    int       `json:"bytes"` // raw document body
}

// Dead lists up to limit dead-lettered documents (all when limit <= 0),
// oldest first.
func (q *Queue) Dead(ctx context.Context, limit int) ([]DeadLetter, error) {
	const op = "jetstream.Dead"
	var out []DeadLetter
	err := q.eachDead(ctx, func(seq uint64, raw *js.RawStreamMsg) error {
		dl := DeadLetter{Seq: seq, MsgID: raw.Header.Get("Readout-Msg-Id"), Origin: raw.Header.Get(hdrOrigin),
			Error: raw.Header.Get(hdrError), Attempts: atoi(raw.Header.Get(hdrAttempts))}
		dl.FailedAt, _ = time.Parse(time.RFC3339, raw.Header.Get(hdrFailedAt))
		if d, err := decode(raw.Header, raw.Data); err == nil {
			dl.Origin, dl.URL, dl.Title, dl.Bytes = d.Origin, d.URL, d.Title, len(d.Body)
		}
		out = append(out, dl)
		if limit > 0 && len(out) >= limit {
			return errStop
		}
		return nil
	})
	if err != nil {
		return out, news.E(op, news.KindUnavailable, err)
	}
	return out, nil
}

var errStop = errors.New("stop")

// eachDead calls fn for every message in the dead-letter stream.
func (q *Queue) eachDead(ctx context.Context, fn func(seq uint64, raw *js.RawStreamMsg) error) error {
	info, err := q.dead.Info(ctx)
	if err != nil {
		return err
	}
	if info.State.Msgs == 0 {
		return nil
	}
	for seq := info.State.FirstSeq; seq <= info.State.LastSeq; seq++ {
		raw, err := q.dead.GetMsg(ctx, seq)
		if errors.Is(err, js.ErrMsgNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		if err := fn(seq, raw); err != nil {
			if err == errStop {
				return nil
			}
			return err
		}
	}
	return nil
}

// Replay puts every dead-lettered document back on the work queue (with
// a fresh delivery count) and removes it from the dead-letter stream. It
// returns how many it moved.
func (q *Queue) Replay(ctx context.Context) (int, error) {
	const op = "jetstream.Replay"
	n := 0
	err := q.eachDead(ctx, func(seq uint64, raw *js.RawStreamMsg) error {
		m := nats.NewMsg(q.docsSubject)
		for _, k := range []string{hdrEncoding, hdrOrigin} {
			if v := raw.Header.Get(k); v != "" {
				m.Header.Set(k, v)
			}
		}
		id := raw.Header.Get("Readout-Msg-Id")
		m.Header.Set(nats.MsgIdHdr, id+"-replay-"+strconv.FormatUint(seq, 10))
		m.Data = raw.Data
		if _, err := q.js.PublishMsg(ctx, m); err != nil {
			return fmt.Errorf("republish dead letter %d: %w", seq, err)
		}
		if err := q.dead.DeleteMsg(ctx, seq); err != nil {
			return fmt.Errorf("remove dead letter %d: %w", seq, err)
		}
		n++
		return nil
	})
	if err != nil {
		return n, news.E(op, news.KindUnavailable, err)
	}
	return n, nil
}
