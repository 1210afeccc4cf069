package fetch

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/temoto/robotstxt"
)

// robotsKey marks the context of a robots.txt request.
type robotsKey struct{}

// maxRobotsBytes bounds robots.txt (Google reads 500 KiB).
const maxRobotsBytes = 512 << 10

// robotsRules is what readout needs from a robots.txt.
type robotsRules struct {
	data       *robotstxt.RobotsData // nil: everything allowed
	crawlDelay time.Duration
}

func (r robotsRules) allows(u *url.URL) bool {
	if r.data == nil {
		return true
	}
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return r.data.TestAgent(p, Agent)
}

// robotsFor returns the robots.txt rules of u's host, fetching them when
// not cached. A robots.txt that is missing (4xx) or unparsable allows
// everything; a 5xx disallows everything for an hour (the server is in
// trouble); a network failure allows, for ten minutes — the page fetch
// will fail anyway if the host is down. A blocked address is an error.
func (f *Fetcher) robotsFor(ctx context.Context, u *url.URL, h *host) (_ robotsRules, fetched bool, _ error) {
	h.robotsMu.Lock()
	defer h.robotsMu.Unlock()
	now := f.opt.Now()
	if now.Before(h.robotsUntil) {
		return h.robots, false, nil
	}
	ru := url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}
	rctx := context.WithValue(ctx, robotsKey{}, true)
	resp, err := f.robotsAttempt(rctx, ru.String())
	ttl := f.opt.RobotsTTL
	var rules robotsRules
	switch {
	case err == nil:
		data, perr := robotstxt.FromStatusAndBytes(resp.code, resp.body)
		if perr == nil {
			rules.data = data
			if g := data.FindGroup(Agent); g != nil {
				rules.crawlDelay = g.CrawlDelay
			}
		}
		if resp.code >= 500 {
			ttl = time.Hour
		}
	case errors.Is(err, ErrBlocked):
		return rules, true, err
	case ctx.Err() != nil:
		return rules, true, ctx.Err()
	default:
		f.opt.Log.Debug("robots.txt unavailable", "url", ru.String(), "err", err)
		ttl = 10 * time.Minute
	}
	h.robots, h.robotsUntil = rules, now.Add(ttl)
	return rules, true, nil
}

type robotsResponse struct {
	code int
	body []byte
}

// robotsAttempt fetches robots.txt once, whatever its status.
func (f *Fetcher) robotsAttempt(ctx context.Context, rawURL string) (robotsResponse, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	ctx, stop := context.WithTimeoutCause(ctx, f.opt.Timeout, ErrDeadline)
	defer stop()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return robotsResponse{}, err
	}
	req.Header.Set("User-Agent", f.opt.UserAgent)
	req.Header.Set("Accept-Encoding", "gzip, br, deflate")
	resp, err := f.client.Do(req)
	if err != nil {
		return robotsResponse{}, describe(ctx, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return robotsResponse{code: resp.StatusCode}, nil
	}
	raw, err := f.readBody(ctx, cancel, resp.Body, maxRobotsBytes)
	if err != nil {
		return robotsResponse{}, err
	}
	body, err := decode(raw, resp.Header.Get("Content-Encoding"), maxRobotsBytes)
	if err != nil {
		return robotsResponse{}, err
	}
	return robotsResponse{code: resp.StatusCode, body: body}, nil
}
