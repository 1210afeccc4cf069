package alert

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/readout/readout/internal/news"
)

// Log is where deliveries and their attempts are kept: the store. The
// SQLite store implements it.
type Log interface {
	// EnqueueAlert records a pending delivery unless one with the same
	// Key exists, and reports whether it was new.
	EnqueueAlert(ctx context.Context, d news.AlertDelivery) (bool, error)
	// PendingAlerts lists the pending deliveries, oldest first (limit
	// <= 0: all).
	PendingAlerts(ctx context.Context, limit int) ([]news.AlertDelivery, error)
	// RecordAlertAttempt adds an attempt and moves its delivery to state
	// (its Attempts, LastAttempt, LastStatus, LastError and, when
	// delivered, DeliveredAt follow). An unknown key is KindNotFound.
	RecordAlertAttempt(ctx context.Context, at news.AlertAttempt, state news.DeliveryState) error
	// AlertDeliveries lists deliveries, newest first.
	AlertDeliveries(ctx context.Context, f news.AlertFilter) ([]news.AlertDelivery, error)
	// AlertAttempts lists attempts, newest first (State is ignored).
	AlertAttempts(ctx context.Context, f news.AlertFilter) ([]news.AlertAttempt, error)
	// RetryFailedAlerts makes failed deliveries (of one rule, or all for
	// "") pending again and returns how many.
	RetryFailedAlerts(ctx context.Context, rule string) (int, error)
}

// Signature is the X-Readout-Signature value of body under secret:
// "sha256=" and the hex HMAC-SHA256.
func Signature(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Verify reports whether sig is body's signature under secret (for
// receivers, and tests), in constant time.
func Verify(secret string, body []byte, sig string) bool {
	return hmac.Equal([]byte(Signature(secret, body)), []byte(sig))
}

// Body is the JSON document a delivery sends.
type Body struct {
	// Delivery is the idempotency key (also X-Readout-Delivery).
	Delivery string    `json:"delivery"`
	Rule     string    `json:"rule"`
	Trigger  Kind      `json:"trigger"`
	Created  time.Time `json:"created"`
	Match    Match     `json:"match"`
}

// Options tune a Sender. The zero value gives the defaults.
type Options struct {
	// Client sends webhooks (default: an http.Client that does not follow
	// redirects; each request is bounded by the delivery's timeout).
	Client *http.Client
	// Stdout and Stderr receive log deliveries to "stdout"/"stderr".
	Stdout, Stderr io.Writer
	// Logger receives "log" deliveries and the Sender's own messages.
	Logger *slog.Logger
	// MaxAttempts is how many times one flush tries a delivery (default 5).
	MaxAttempts int
	// GiveUpAfter is the total number of attempts after which a delivery
	// is marked failed (default 20).
	GiveUpAfter int
	// Backoff is the wait before the second attempt, doubled for each
	// further one up to MaxBackoff (defaults 1s and 1m), with jitter:
	// the wait is drawn from [d/2, d).
	Backoff, MaxBackoff time.Duration
	// Timeout bounds one webhook request when the delivery sets none
	// (default 10s).
	Timeout   time.Duration
	UserAgent string
	Now       func() time.Time
	// Sleep waits (default: a timer, cut short by ctx).
	Sleep func(ctx context.Context, d time.Duration) error
}

func (o *Options) defaults() {
	if o.Client == nil {
		o.Client = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	if o.Stdout == nil {
		o.Stdout = io.Discard
	}
	if o.Stderr == nil {
		o.Stderr = io.Discard
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 5
	}
	if o.GiveUpAfter <= 0 {
		o.GiveUpAfter = 20
	}
	if o.Backoff <= 0 {
		o.Backoff = time.Second
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = time.Minute
	}
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Second
	}
	if o.UserAgent == "" {
		o.UserAgent = "readout-alerts/1 (+https://github.com/readout/readout)"
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Sleep == nil {
		o.Sleep = func(ctx context.Context, d time.Duration) error {
			t := time.NewTimer(d)
			defer t.Stop()
			select {
			case <-t.C:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	}
}

// Sender turns matches into persisted deliveries and sends them.
type Sender struct {
	rules *Rules
	log   Log
	opt   Options
}

// NewSender returns a Sender for rules that keeps deliveries in log.
func NewSender(rules *Rules, log Log, opt Options) *Sender {
	opt.defaults()
	return &Sender{rules: rules, log: log, opt: opt}
}

// Enqueue records one pending delivery per match and per delivery of its
// rule, unless it exists already (same key), and returns how many were
// new. Nothing is sent: Flush sends.
func (s *Sender) Enqueue(ctx context.Context, matches []Match) (int, error) {
	n := 0
	for i := range matches {
		m := &matches[i]
		r := s.rules.Rule(m.Rule)
		if r == nil {
			return n, news.E("alert.Enqueue", news.KindInvalid, fmt.Sprintf("match of unknown rule %q", m.Rule))
		}
		now := s.opt.Now().UTC()
		for _, d := range r.Deliver {
			key := Key(m, d)
			body, err := json.Marshal(Body{Delivery: key, Rule: r.Name, Trigger: m.Trigger, Created: now, Match: *m})
			if err != nil {
				return n, news.E("alert.Enqueue", news.KindInternal, err)
			}
			isNew, err := s.log.EnqueueAlert(ctx, news.AlertDelivery{
				Key: key, Rule: r.Name, Trigger: string(m.Trigger), Sink: d.Sink(), Target: d.Target(),
				ArticleID: m.Article.ID, Body: body, State: news.DeliveryPending, CreatedAt: now,
			})
			if err != nil {
				return n, err
			}
			if isNew {
				n++
			}
		}
	}
	return n, nil
}

// Report totals a flush.
type Report struct {
	Delivered int `json:"delivered"`
	Failed    int `json:"failed"`  // given up
	Pending   int `json:"pending"` // still pending: to retry later
	// Skipped are pending deliveries whose rule or target is not in the
	// rules any more; they stay pending.
	Skipped  int `json:"skipped"`
	Attempts int `json:"attempts"`
}

// Flush sends every pending delivery (those of earlier runs too), each up
// to MaxAttempts times with exponential backoff and jitter. A target that
// fails all of them is not tried again in this flush: its other
// deliveries stay pending. The error is for a failing store or a
// cancelled context; failed sends are in the report and the log.
func (s *Sender) Flush(ctx context.Context) (Report, error) {
	var rep Report
	pending, err := s.log.PendingAlerts(ctx, 0)
	if err != nil {
		return rep, err
	}
	down := map[string]bool{} // targets that failed every attempt
	for i := range pending {
		d := &pending[i]
		r := s.rules.Rule(d.Rule)
		var dl *Delivery
		if r != nil {
			for j := range r.Deliver {
				if r.Deliver[j].Sink() == d.Sink && r.Deliver[j].Target() == d.Target {
					dl = &r.Deliver[j]
				}
			}
		}
		if dl == nil {
			rep.Skipped++
			s.opt.Logger.Warn("alert delivery skipped: rule or target no longer configured", "rule", d.Rule, "target", d.Target, "key", d.Key)
			continue
		}
		if down[d.Sink+" "+d.Target] {
			rep.Pending++
			continue
		}
		state, err := s.deliver(ctx, r, dl, d, &rep)
		if err != nil {
			return rep, err
		}
		switch state {
		case news.DeliveryDelivered:
			rep.Delivered++
		case news.DeliveryFailed:
			rep.Failed++
		default:
			rep.Pending++
			down[d.Sink+" "+d.Target] = true
			s.opt.Logger.Warn("alert target failing: its deliveries stay pending for the next run or 'readout alerts run'",
				"rule", d.Rule, "target", d.Target, "attempts", d.Attempts, "err", d.LastError)
		}
	}
	return rep, nil
}

// deliver tries one delivery up to MaxAttempts times.
func (s *Sender) deliver(ctx context.Context, r *Rule, dl *Delivery, d *news.AlertDelivery, rep *Report) (news.DeliveryState, error) {
	for try := 1; ; try++ {
		d.Attempts++
		start := s.opt.Now()
		status, retryAfter, sendErr := s.send(ctx, r, dl, d)
		at := news.AlertAttempt{Key: d.Key, Rule: d.Rule, Sink: d.Sink, Target: d.Target, Attempt: d.Attempts,
			At: start.UTC(), Duration: s.opt.Now().Sub(start), StatusCode: status}
		state := news.DeliveryDelivered
		if sendErr != nil {
			at.Error = oneLine(sendErr.Error())
			state = news.DeliveryPending
			if permanent(status) || d.Attempts >= s.opt.GiveUpAfter {
				state = news.DeliveryFailed
			}
		}
		rep.Attempts++
		d.LastError, d.LastStatus = at.Error, status
		if ctx.Err() != nil && sendErr != nil {
			// Interrupted: the attempt did not really happen.
			return news.DeliveryPending, ctx.Err()
		}
		if err := s.log.RecordAlertAttempt(context.WithoutCancel(ctx), at, state); err != nil {
			return state, err
		}
		switch state {
		case news.DeliveryDelivered:
			return state, nil
		case news.DeliveryFailed:
			s.opt.Logger.Warn("alert delivery failed", "rule", d.Rule, "target", d.Target, "key", d.Key, "attempts", d.Attempts, "err", at.Error)
			return state, nil
		}
		s.opt.Logger.Debug("alert delivery attempt failed", "rule", d.Rule, "target", d.Target, "key", d.Key, "attempt", d.Attempts, "err", at.Error)
		if try >= s.opt.MaxAttempts {
			return state, nil
		}
		wait := s.backoff(try)
		if retryAfter > 0 {
			wait = min(max(wait, retryAfter), s.opt.MaxBackoff)
		}
		if err := s.opt.Sleep(ctx, wait); err != nil {
			return news.DeliveryPending, err
		}
	}
}

// backoff is the jittered wait after the try-th failed attempt.
func (s *Sender) backoff(try int) time.Duration {
	d := s.opt.Backoff
	for i := 1; i < try && d < s.opt.MaxBackoff; i++ {
		d *= 2
	}
	d = min(d, s.opt.MaxBackoff)
	half := d / 2
	if half <= 0 {
		return d
	}
	return half + rand.N(d-half)
}

// permanent says whether an HTTP status means retrying cannot help.
func permanent(status int) bool {
	switch {
	case status >= 300 && status < 400:
		return true // redirects are not followed
	case status == http.StatusRequestTimeout, status == http.StatusTooEarly, status == http.StatusTooManyRequests:
		return false
	case status >= 400 && status < 500:
		return true
	}
	return false
}

// send makes one attempt: the status (0 without an answer), the wait the
// receiver asked for, and an error unless it was accepted.
func (s *Sender) send(ctx context.Context, r *Rule, dl *Delivery, d *news.AlertDelivery) (int, time.Duration, error) {
	if dl.Webhook == "" {
		return 0, 0, s.writeLog(dl, d)
	}
	timeout := dl.Timeout
	if timeout <= 0 {
		timeout = s.opt.Timeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, dl.Webhook, bytes.NewReader(d.Body))
	if err != nil {
		return 0, 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", s.opt.UserAgent)
	req.Header.Set("X-Readout-Delivery", d.Key)
	req.Header.Set("X-Readout-Attempt", strconv.Itoa(d.Attempts))
	req.Header.Set("X-Readout-Rule", d.Rule)
	if secret := s.rules.secretFor(r); secret != "" {
		req.Header.Set("X-Readout-Signature", Signature(secret, d.Body))
	}
	resp, err := s.opt.Client.Do(req)
	if err != nil {
		var ue interface{ Unwrap() error }
		if errors.As(err, &ue) && ue.Unwrap() != nil {
			err = ue.Unwrap() // drop the repeated method and URL
		}
		return 0, 0, fmt.Errorf("post: %w", err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return resp.StatusCode, 0, nil
	}
	return resp.StatusCode, retryAfter(resp.Header.Get("Retry-After"), s.opt.Now()), fmt.Errorf("receiver answered %s", resp.Status)
}

// retryAfter parses a Retry-After header (seconds or an HTTP date).
func retryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// writeLog delivers to a log stream.
func (s *Sender) writeLog(dl *Delivery, d *news.AlertDelivery) error {
	var b Body
	if err := json.Unmarshal(d.Body, &b); err != nil {
		return fmt.Errorf("decode stored body: %w", err)
	}
	if dl.Log == "log" {
		s.opt.Logger.Info("alert", "rule", b.Rule, "trigger", string(b.Trigger), "article_id", b.Match.Article.ID,
			"title", b.Match.Article.Title, "url", b.Match.Article.URL, "match", b.Match.ID, "evidence", oneLine(b.Match.Sentence), "key", d.Key)
		return nil
	}
	w := s.opt.Stdout
	if dl.Log == "stderr" {
		w = s.opt.Stderr
	}
	var line []byte
	if dl.Format == "json" {
		line = append(append([]byte{}, d.Body...), '\n')
	} else {
		line = []byte(TextLine(&b.Match) + "\n")
	}
	_, err := w.Write(line)
	return err
}

// TextLine is a match as one line for people.
func TextLine(m *Match) string {
	var b strings.Builder
	fmt.Fprintf(&b, "alert %s [%s] %s", m.Rule, m.Trigger, m.Article.ID)
	if m.Article.Site != "" {
		fmt.Fprintf(&b, " (%s)", m.Article.Site)
	}
	if m.Article.Title != "" {
		fmt.Fprintf(&b, " %q", clip(m.Article.Title, 80))
	}
	switch {
	case m.Event != nil:
		fmt.Fprintf(&b, ": %s", m.Event.Type)
		if m.Event.Mode != "" {
			fmt.Fprintf(&b, "/%s", m.Event.Mode)
		}
		fmt.Fprintf(&b, " %s, %d source(s)", m.Event.Status, m.Sources)
	case m.Quote != nil && m.Quote.Speaker != nil:
		fmt.Fprintf(&b, ": %s: %q", m.Quote.Speaker.Text, clip(oneLine(m.Quote.Text), 120))
	case m.Entity != nil:
		fmt.Fprintf(&b, ": %s (%s) ×%d", m.Entity.Name, m.Entity.ID, m.Entity.Mentions)
	case m.Story != nil:
		fmt.Fprintf(&b, ": story %s %q, %d independent source(s)", m.Story.ID, clip(m.Story.Title, 80), m.Story.Independent)
	}
	if m.Sentence != "" && m.Quote == nil {
		fmt.Fprintf(&b, " — %s", clip(oneLine(m.Sentence), 160))
	}
	return b.String()
}
