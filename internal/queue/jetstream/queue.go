package jetstream

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	js "github.com/nats-io/nats.go/jetstream"

	"github.com/readout/readout/internal/news"
)

// Options configure a Queue. The zero value (with URL) is ready to use;
// every worker and publisher of one deployment must agree on the names.
type Options struct {
	// URL is the NATS server, nats://host:port (several separated by
	// commas for a cluster).
	URL string
	// Prefix names the streams (Prefix, Prefix_DEAD, Prefix_STORED) and,
	// lower-cased, their subjects (readout.docs, readout.dead,
	// readout.stored). Default "READOUT".
	Prefix string
	// Consumer is the workers' durable consumer. Default "workers".
	Consumer string
	// MaxDeliver is how many times a document is tried before it is
	// dead-lettered. Default 5.
	MaxDeliver int
	// AckWait is how long the server waits for an ack (or an in-progress
	// heartbeat) before redelivering. Default 60s.
	AckWait time.Duration
	// DedupWindow is how long a published document's ID is remembered to
	// drop a second copy. Default 1h.
	DedupWindow time.Duration
	// Replicas of each stream on a JetStream cluster. Default 1.
	Replicas int
	// Log receives warnings (reconnects, dead letters). Default: discard.
	Log *slog.Logger
	// Name identifies this client to the server (monitoring).
	Name string
}

func (o Options) withDefaults() Options {
	if o.Prefix == "" {
		o.Prefix = "READOUT"
	}
	if o.Consumer == "" {
		o.Consumer = "workers"
	}
	if o.MaxDeliver <= 0 {
		o.MaxDeliver = 5
	}
	if o.AckWait <= 0 {
		o.AckWait = 60 * time.Second
	}
	if o.DedupWindow <= 0 {
		o.DedupWindow = time.Hour
	}
	if o.Replicas <= 0 {
		o.Replicas = 1
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Name == "" {
		o.Name = "readout"
	}
	return o
}

// Queue is a connection to the readout streams. It is safe for
// concurrent use.
type Queue struct {
	opt    Options
	nc     *nats.Conn
	js     js.JetStream
	docs   js.Stream
	dead   js.Stream
	stored js.Stream

	docsSubject, deadSubject, storedSubject string
}

// ValidateURL checks a queue URL: one or more nats:// (or tls://, ws://,
// wss://) URLs separated by commas.
func ValidateURL(raw string) error {
	if strings.TrimSpace(raw) == "" {
		return fmt.Errorf("empty queue URL")
	}
	for _, part := range strings.Split(raw, ",") {
		u, err := url.Parse(strings.TrimSpace(part))
		if err != nil {
			return fmt.Errorf("queue URL %q: %v", part, err)
		}
		switch u.Scheme {
		case "nats", "tls", "ws", "wss":
		default:
			return fmt.Errorf("queue URL %q: want nats://host:port", part)
		}
		if u.Host == "" {
			return fmt.Errorf("queue URL %q: no host", part)
		}
	}
	return nil
}

// Open connects to the server and creates (or updates) the streams.
// Errors are KindInvalid for a bad URL and KindUnavailable when the
// server cannot be reached or has no JetStream.
func Open(ctx context.Context, opt Options) (*Queue, error) {
	const op = "jetstream.Open"
	opt = opt.withDefaults()
	if err := ValidateURL(opt.URL); err != nil {
		return nil, news.E(op, news.KindInvalid, err)
	}
	log := opt.Log
	nc, err := nats.Connect(opt.URL,
		nats.Name(opt.Name),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(250*time.Millisecond),
		nats.RetryOnFailedConnect(false),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			if err != nil {
				log.Warn("queue disconnected", "err", err)
			}
		}),
		nats.ReconnectHandler(func(c *nats.Conn) { log.Info("queue reconnected", "url", c.ConnectedUrlRedacted()) }),
	)
	if err != nil {
		return nil, news.E(op, news.KindUnavailable, fmt.Errorf("connect %s: %w", redact(opt.URL), err))
	}
	j, err := js.New(nc)
	if err != nil {
		nc.Close()
		return nil, news.E(op, news.KindUnavailable, err)
	}
	lower := strings.ToLower(opt.Prefix)
	q := &Queue{opt: opt, nc: nc, js: j,
		docsSubject: lower + ".docs", deadSubject: lower + ".dead", storedSubject: lower + ".stored"}
	if err := q.ensure(ctx); err != nil {
		nc.Close()
		return nil, news.E(op, news.KindUnavailable, err)
	}
	return q, nil
}

// ensure creates or updates the three streams.
func (q *Queue) ensure(ctx context.Context) error {
	var err error
	q.docs, err = q.js.CreateOrUpdateStream(ctx, js.StreamConfig{
		Name:        q.opt.Prefix,
		Description: "readout: raw documents waiting for analysis",
		Subjects:    []string{q.docsSubject},
		Retention:   js.WorkQueuePolicy,
		Storage:     js.FileStorage,
		Duplicates:  q.opt.DedupWindow,
		Replicas:    q.opt.Replicas,
		Discard:     js.DiscardOld,
	})
	if err != nil {
		return fmt.Errorf("stream %s: %w", q.opt.Prefix, err)
	}
	q.dead, err = q.js.CreateOrUpdateStream(ctx, js.StreamConfig{
		Name:        q.opt.Prefix + "_DEAD",
		Description: "readout: documents that failed every delivery, with the last error",
		Subjects:    []string{q.deadSubject},
		Retention:   js.LimitsPolicy,
		Storage:     js.FileStorage,
		Duplicates:  q.opt.DedupWindow,
		Replicas:    q.opt.Replicas,
	})
	if err != nil {
		return fmt.Errorf("stream %s_DEAD: %w", q.opt.Prefix, err)
	}
	q.stored, err = q.js.CreateOrUpdateStream(ctx, js.StreamConfig{
		Name:        q.opt.Prefix + "_STORED",
		Description: "readout: IDs of committed articles, in commit order, for the story consumer",
		Subjects:    []string{q.storedSubject},
		Retention:   js.WorkQueuePolicy,
		Storage:     js.FileStorage,
		Duplicates:  q.opt.DedupWindow,
		Replicas:    q.opt.Replicas,
		MaxAge:      30 * 24 * time.Hour,
	})
	if err != nil {
		return fmt.Errorf("stream %s_STORED: %w", q.opt.Prefix, err)
	}
	return nil
}

// Close drains and closes the connection.
func (q *Queue) Close() error {
	if q == nil || q.nc == nil {
		return nil
	}
	err := q.nc.Drain()
	// Drain returns at once; wait for it so that acks are flushed.
	for i := 0; i < 50 && !q.nc.IsClosed(); i++ {
		time.Sleep(20 * time.Millisecond)
	}
	q.nc.Close()
	return err
}

// Published says what Publish did with a document.
type Published string

const (
	Enqueued  Published = "published"
	Duplicate Published = "duplicate" // the same document is already queued (dedup window)
)

// MaxPayload is the largest message the server accepts, in bytes.
func (q *Queue) MaxPayload() int64 { return q.nc.MaxPayload() }

// Publish enqueues d. It returns Duplicate when the same document was
// published within the dedup window. A document whose encoded (and
// compressed) form is over the server's max_payload is rejected with a
// KindInvalid error; a server that does not answer is KindUnavailable.
func (q *Queue) Publish(ctx context.Context, d news.Document) (Published, error) {
	const op = "jetstream.Publish"
	m, err := encode(q.docsSubject, d)
	if err != nil {
		return "", news.E(op, news.KindInvalid, fmt.Errorf("%s: %w", d.Origin, err))
	}
	if limit := q.nc.MaxPayload(); int64(len(m.Data)+headerSize(m.Header)) > limit {
		return "", news.E(op, news.KindInvalid, fmt.Errorf("%s: document is %d bytes encoded (%d raw), over the queue's limit of %d bytes (server max_payload); ingest it without --queue or raise max_payload",
			d.Origin, len(m.Data), len(d.Body), limit))
	}
	ack, err := q.js.PublishMsg(ctx, m, js.WithRetryAttempts(20), js.WithRetryWait(250*time.Millisecond))
	if err != nil {
		return "", news.E(op, news.KindUnavailable, fmt.Errorf("%s: %w", d.Origin, err))
	}
	if ack.Duplicate {
		return Duplicate, nil
	}
	return Enqueued, nil
}

func headerSize(h nats.Header) int {
	n := 12
	for k, vs := range h {
		for _, v := range vs {
			n += len(k) + len(v) + 4
		}
	}
	return n
}

// redact hides a password in a URL list for messages.
func redact(raw string) string {
	parts := strings.Split(raw, ",")
	for i, p := range parts {
		if u, err := url.Parse(strings.TrimSpace(p)); err == nil && u.User != nil {
			parts[i] = u.Redacted()
		}
	}
	return strings.Join(parts, ",")
}

// isTimeout reports a fetch that simply found nothing.
func isTimeout(err error) bool {
	return errors.Is(err, nats.ErrTimeout) || errors.Is(err, context.DeadlineExceeded)
}
