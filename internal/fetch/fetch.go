package fetch

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/readout/readout/internal/news"
)

// Defaults for the zero Options fields.
const (
	DefaultDelay        = 2 * time.Second
	DefaultTimeout      = 30 * time.Second
	DefaultMinRate      = 512 // bytes per second
	DefaultRateWindow   = 10 * time.Second
	DefaultMaxBytes     = 8 << 20
	DefaultMaxRedirects = 5
	DefaultRetries      = 3
	DefaultBackoff      = time.Second
	DefaultMaxBackoff   = 2 * time.Minute
	DefaultMaxCrawl     = 30 * time.Second
	DefaultRobotsTTL    = 24 * time.Hour
	DefaultContact      = "https://github.com/readout/readout"
	// Agent is the product token robots.txt groups are matched against.
	Agent = "readout"
)

// Options configure a Fetcher. The zero value is usable; tests shrink the
// delays.
type Options struct {
	// Contact is a URL (or mailto:) where site owners can reach whoever
	// runs readout; it goes into the User-Agent.
	Contact string
	// UserAgent replaces the whole User-Agent header when set.
	UserAgent string
	// Delay is the least time between two requests to one host. A longer
	// robots.txt Crawl-delay (up to MaxCrawlDelay) wins. Negative means none.
	Delay         time.Duration
	MaxCrawlDelay time.Duration
	// Timeout is the total deadline of one attempt: connecting, headers
	// and the whole body.
	Timeout time.Duration
	// MinRate is the slowest body transfer accepted, in bytes per second,
	// averaged over RateWindow: a server that trickles is cut off.
	MinRate    int64
	RateWindow time.Duration
	// MaxBytes is the largest body accepted, before and after decoding.
	MaxBytes     int64
	MaxRedirects int
	// Retries is how many times a transient failure is retried (negative
	// for none); Backoff the first wait, doubled each time with jitter,
	// and MaxBackoff the longest wait (also the longest Retry-After slept
	// through).
	Retries    int
	Backoff    time.Duration
	MaxBackoff time.Duration
	// AllowHosts are exempt from the SSRF check: host names
	// ("intranet.example", "*.corp.example"), IP addresses or CIDR ranges.
	AllowHosts []string
	// RobotsTTL is how long a host's robots.txt is trusted.
	RobotsTTL time.Duration

	Log *slog.Logger
	// Resolve looks up a host's addresses (default: the system resolver).
	Resolve func(ctx context.Context, host string) ([]netip.Addr, error)
	// Now and Sleep are the clock; Sleep must return early with ctx's
	// error when ctx is done.
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
}

func (o Options) withDefaults() Options {
	def := func(d *time.Duration, v time.Duration) {
		if *d == 0 {
			*d = v
		}
	}
	def(&o.Delay, DefaultDelay)
	def(&o.MaxCrawlDelay, DefaultMaxCrawl)
	def(&o.Timeout, DefaultTimeout)
	def(&o.RateWindow, DefaultRateWindow)
	def(&o.Backoff, DefaultBackoff)
	def(&o.MaxBackoff, DefaultMaxBackoff)
	def(&o.RobotsTTL, DefaultRobotsTTL)
	if o.Delay < 0 {
		o.Delay = 0
	}
	if o.MinRate == 0 {
		o.MinRate = DefaultMinRate
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.MaxRedirects == 0 {
		o.MaxRedirects = DefaultMaxRedirects
	}
	if o.Retries == 0 {
		o.Retries = DefaultRetries
	}
	if o.Retries < 0 {
		o.Retries = 0
	}
	if o.Contact == "" {
		o.Contact = DefaultContact
	}
	if o.UserAgent == "" {
		o.UserAgent = fmt.Sprintf("Mozilla/5.0 (compatible; %s/1.0; +%s)", Agent, o.Contact)
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Sleep == nil {
		o.Sleep = sleep
	}
	return o
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Request is one GET. ETag and LastModified, when set, make it
// conditional.
type Request struct {
	URL          string
	ETag         string
	LastModified string
	// Accept is the Accept header (default: HTML, XML feeds, JSON).
	Accept string
}

// Response is a successful fetch (2xx, or 304 when NotModified).
type Response struct {
	// URL is the final URL, after redirects.
	URL    string
	Status int
	// Header is the response's header as received (the body, though, is
	// decoded: Content-Encoding no longer applies to it).
	Header      http.Header
	Body        []byte
	ContentType string
	// ETag and LastModified are the validators for the next conditional
	// request (those of the request when a 304 gave none).
	ETag         string
	LastModified string
	NotModified  bool
	Fetched      time.Time
	Attempts     int
}

// StatusError is a response with a status readout cannot use.
type StatusError struct {
	URL        string
	Code       int
	RetryAfter time.Duration // from a 429 or 503, when given
}

func (e *StatusError) Error() string {
	s := fmt.Sprintf("GET %s: HTTP %d %s", e.URL, e.Code, http.StatusText(e.Code))
	if e.RetryAfter > 0 {
		s += fmt.Sprintf(" (retry after %s)", e.RetryAfter)
	}
	return s
}

// Sentinel causes, matched with errors.Is.
var (
	ErrDisallowed   = errors.New("disallowed by robots.txt")
	ErrTooLarge     = errors.New("body exceeds the size limit")
	ErrTooSlow      = errors.New("body transfer below the minimum rate")
	ErrDeadline     = errors.New("total deadline exceeded")
	ErrRedirects    = errors.New("too many redirects")
	ErrScheme       = errors.New("only http and https URLs are fetched")
	ErrBadEncoding  = errors.New("unsupported content encoding")
	errNotRetryable = errors.New("not retryable")
)

// Fetcher fetches URLs politely. It is safe for concurrent use; requests
// to one host are serialised.
type Fetcher struct {
	opt    Options
	client *http.Client
	mu     sync.Mutex
	hosts  map[string]*host
}

// host is the per-host state: a one-slot semaphore, when the next request
// may start, and the robots.txt rules.
type host struct {
	sem  chan struct{}
	next time.Time

	robotsMu    sync.Mutex
	robots      robotsRules
	robotsUntil time.Time
}

// New returns a Fetcher. An AllowHosts entry that cannot be parsed is an
// error of kind Invalid.
func New(opt Options) (*Fetcher, error) {
	opt = opt.withDefaults()
	allow, err := parseAllowList(opt.AllowHosts)
	if err != nil {
		return nil, news.E("fetch.New", news.KindInvalid, err)
	}
	d := newDialer(allow, opt.Resolve)
	tr := &http.Transport{
		Proxy:                 nil, // a proxy would bypass the address check
		DialContext:           d.DialContext,
		ForceAttemptHTTP2:     true,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: opt.Timeout + time.Second, // the per-attempt context deadline (ErrDeadline) fires first
		ExpectContinueTimeout: time.Second,
		MaxIdleConns:          64,
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       90 * time.Second,
		DisableCompression:    true, // decoded here, with limits
	}
	f := &Fetcher{opt: opt, hosts: map[string]*host{}}
	f.client = &http.Client{Transport: tr, CheckRedirect: f.checkRedirect}
	return f, nil
}

// UserAgent is the User-Agent header sent.
func (f *Fetcher) UserAgent() string { return f.opt.UserAgent }

func (f *Fetcher) host(u *url.URL) *host {
	key := strings.ToLower(u.Scheme + "://" + u.Host)
	f.mu.Lock()
	defer f.mu.Unlock()
	h := f.hosts[key]
	if h == nil {
		h = &host{sem: make(chan struct{}, 1)}
		f.hosts[key] = h
	}
	return h
}

// Fetch GETs req.URL politely (see the package comment). Errors are
// *news.Error values: KindInvalid for a URL that cannot be fetched (bad
// scheme, blocked address, disallowed by robots.txt), KindNotFound for
// 404 and 410, KindUnavailable for the rest; the cause can be matched
// with errors.Is (ErrBlocked, ErrDisallowed, ErrTooLarge, ErrTooSlow…)
// or errors.As (*StatusError, *BlockedError).
func (f *Fetcher) Fetch(ctx context.Context, req Request) (*Response, error) {
	const op = "fetch"
	u, err := url.Parse(req.URL)
	if err != nil {
		return nil, news.E(op, news.KindInvalid, fmt.Errorf("bad URL %q: %w", req.URL, err))
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return nil, news.E(op, news.KindInvalid, fmt.Errorf("%s: %w", req.URL, ErrScheme))
	}
	h := f.host(u)
	select {
	case h.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-h.sem }()

	if err := f.wait(ctx, h); err != nil {
		return nil, err
	}
	rules, fetched, err := f.robotsFor(ctx, u, h)
	if err != nil {
		return nil, classify(op, err)
	}
	if !rules.allows(u) {
		return nil, news.E(op, news.KindInvalid, fmt.Errorf("%s: %w", req.URL, ErrDisallowed))
	}
	delay := max(f.opt.Delay, min(rules.crawlDelay, f.opt.MaxCrawlDelay))
	if fetched {
		h.next = f.opt.Now().Add(delay) // robots.txt was a request too
	}

	var lastErr error
	for attempt := 0; ; attempt++ {
		if err := f.wait(ctx, h); err != nil {
			return nil, err
		}
		resp, err := f.attempt(ctx, u.String(), req)
		h.next = f.opt.Now().Add(delay)
		if err == nil {
			resp.Attempts = attempt + 1
			return resp, nil
		}
		lastErr = err
		wait, retry := f.retryAfter(err, attempt)
		if !retry || ctx.Err() != nil {
			break
		}
		f.opt.Log.Debug("fetch retry", "url", req.URL, "attempt", attempt+1, "wait", wait, "err", err)
		if err := f.opt.Sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	return nil, classify(op, lastErr)
}

// wait sleeps until the host may be asked again.
func (f *Fetcher) wait(ctx context.Context, h *host) error {
	if d := h.next.Sub(f.opt.Now()); d > 0 {
		return f.opt.Sleep(ctx, d)
	}
	return ctx.Err()
}

// retryAfter decides whether err is worth another attempt and how long
// to wait first.
func (f *Fetcher) retryAfter(err error, attempt int) (time.Duration, bool) {
	if attempt >= f.opt.Retries {
		return 0, false
	}
	var se *StatusError
	if errors.As(err, &se) {
		switch se.Code {
		case http.StatusRequestTimeout, http.StatusTooManyRequests, http.StatusInternalServerError,
			http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		default:
			return 0, false
		}
		if se.RetryAfter > 0 {
			if se.RetryAfter > f.opt.MaxBackoff {
				return 0, false // the caller reschedules
			}
			return se.RetryAfter, true
		}
	} else if errors.Is(err, errNotRetryable) || errors.Is(err, ErrBlocked) || errors.Is(err, ErrTooLarge) ||
		errors.Is(err, ErrTooSlow) || errors.Is(err, ErrRedirects) || errors.Is(err, ErrScheme) ||
		errors.Is(err, ErrDisallowed) || errors.Is(err, ErrBadEncoding) {
		return 0, false
	}
	d := f.opt.Backoff << attempt
	if d <= 0 || d > f.opt.MaxBackoff {
		d = f.opt.MaxBackoff
	}
	// Equal jitter: half fixed, half random, so that clients that failed
	// together do not come back together.
	d = d/2 + rand.N(d/2+1)
	return d, true
}

// classify wraps a fetch error with a kind.
func classify(op string, err error) error {
	var se *StatusError
	switch {
	case errors.As(err, &se) && (se.Code == http.StatusNotFound || se.Code == http.StatusGone):
		return news.E(op, news.KindNotFound, err)
	case errors.Is(err, ErrBlocked), errors.Is(err, ErrScheme), errors.Is(err, ErrDisallowed):
		return news.E(op, news.KindInvalid, err)
	}
	return news.E(op, news.KindUnavailable, err)
}

// parseRetryAfter reads a Retry-After value: seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0
		}
		return time.Duration(min(n, 7*24*3600)) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
	}
	return 0
}

// checkRedirect limits redirects, keeps them on http(s) and obeys the
// target's robots.txt. The address check happens when dialling.
func (f *Fetcher) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > f.opt.MaxRedirects {
		return fmt.Errorf("%w (more than %d)", ErrRedirects, f.opt.MaxRedirects)
	}
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
		return fmt.Errorf("redirect to %s: %w", req.URL, ErrScheme)
	}
	if req.Context().Value(robotsKey{}) != nil {
		return nil // robots.txt itself may redirect
	}
	rules, _, err := f.robotsFor(req.Context(), req.URL, f.host(req.URL))
	if err != nil {
		return err
	}
	if !rules.allows(req.URL) {
		return fmt.Errorf("redirect to %s: %w", req.URL, ErrDisallowed)
	}
	return nil
}
