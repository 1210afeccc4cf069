package fetch

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/andybalholm/brotli"
)

// attempt makes one request (following redirects) and reads its body.
func (f *Fetcher) attempt(ctx context.Context, rawURL string, r Request) (*Response, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	ctx, stop := context.WithTimeoutCause(ctx, f.opt.Timeout, ErrDeadline)
	defer stop()

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errNotRetryable, err)
	}
	req.Header.Set("User-Agent", f.opt.UserAgent)
	accept := r.Accept
	if accept == "" {
		accept = "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/feed+json,application/json;q=0.9,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.5"
	}
	req.Header.Set("Accept", accept)
	req.Header.Set("Accept-Encoding", "gzip, br, deflate")
	if r.ETag != "" {
		req.Header.Set("If-None-Match", r.ETag)
	}
	if r.LastModified != "" {
		req.Header.Set("If-Modified-Since", r.LastModified)
	}
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, describe(ctx, err)
	}
	defer resp.Body.Close()
	out := &Response{
		URL:          resp.Request.URL.String(),
		Status:       resp.StatusCode,
		Header:       resp.Header.Clone(),
		ContentType:  resp.Header.Get("Content-Type"),
		ETag:         resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
		Fetched:      f.opt.Now().UTC(),
	}
	switch {
	case resp.StatusCode == http.StatusNotModified && (r.ETag != "" || r.LastModified != ""):
		out.NotModified = true
		if out.ETag == "" {
			out.ETag = r.ETag
		}
		if out.LastModified == "" {
			out.LastModified = r.LastModified
		}
		return out, nil
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		se := &StatusError{URL: out.URL, Code: resp.StatusCode}
		if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
			se.RetryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), f.opt.Now())
		}
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // let the connection be reused
		return nil, se
	}
	if resp.ContentLength > f.opt.MaxBytes {
		return nil, fmt.Errorf("GET %s: %w (Content-Length %d > %d)", out.URL, ErrTooLarge, resp.ContentLength, f.opt.MaxBytes)
	}
	raw, err := f.readBody(ctx, cancel, resp.Body, f.opt.MaxBytes)
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", out.URL, err)
	}
	out.Body, err = decode(raw, resp.Header.Get("Content-Encoding"), f.opt.MaxBytes)
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", out.URL, err)
	}
	return out, nil
}

// describe turns a client error into its most telling cause.
func describe(ctx context.Context, err error) error {
	if c := context.Cause(ctx); c != nil && !errors.Is(c, context.Canceled) {
		return c
	}
	var be *BlockedError
	if errors.As(err, &be) {
		return be
	}
	for _, e := range []error{ErrRedirects, ErrScheme, ErrDisallowed} {
		if errors.Is(err, e) {
			return errors.Unwrap(err) // drop net/url's "Get "…": " prefix
		}
	}
	return err
}

// readBody reads at most limit bytes, cancelling the request when the
// transfer falls below MinRate over a RateWindow.
func (f *Fetcher) readBody(ctx context.Context, cancel context.CancelCauseFunc, body io.Reader, limit int64) ([]byte, error) {
	var n atomic.Int64
	done := make(chan struct{})
	defer close(done)
	if f.opt.MinRate > 0 {
		go func() {
			t := time.NewTicker(f.opt.RateWindow)
			defer t.Stop()
			last := int64(0)
			need := int64(float64(f.opt.MinRate) * f.opt.RateWindow.Seconds())
			for {
				select {
				case <-done:
					return
				case <-ctx.Done():
					return
				case <-t.C:
					cur := n.Load()
					if cur-last < need {
						cancel(fmt.Errorf("%w (%d bytes in %s, want %d B/s)", ErrTooSlow, cur-last, f.opt.RateWindow, f.opt.MinRate))
						return
					}
					last = cur
				}
			}
		}()
	}
	var buf bytes.Buffer
	chunk := make([]byte, 32<<10)
	for {
		k, err := body.Read(chunk)
		if k > 0 {
			if int64(buf.Len()+k) > limit {
				return nil, fmt.Errorf("%w (more than %d bytes)", ErrTooLarge, limit)
			}
			buf.Write(chunk[:k])
			n.Add(int64(k))
		}
		if err == io.EOF {
			return buf.Bytes(), nil
		}
		if err != nil {
			if c := context.Cause(ctx); c != nil && !errors.Is(c, context.Canceled) {
				return nil, c
			}
			return nil, err
		}
	}
}

// decode undoes a Content-Encoding (a list is undone last first), never
// producing more than max bytes.
func decode(b []byte, encoding string, max int64) ([]byte, error) {
	if strings.TrimSpace(encoding) == "" {
		return b, nil
	}
	codings := strings.Split(strings.ToLower(encoding), ",")
	for i := len(codings) - 1; i >= 0; i-- {
		var r io.Reader
		switch c := strings.TrimSpace(codings[i]); c {
		case "", "identity":
			continue
		case "gzip", "x-gzip":
			zr, err := gzip.NewReader(bytes.NewReader(b))
			if err != nil {
				return nil, fmt.Errorf("gzip body: %w", err)
			}
			r = zr
		case "br":
			r = brotli.NewReader(bytes.NewReader(b))
		case "deflate":
			if len(b) >= 2 && b[0]&0x0f == 8 && (uint16(b[0])<<8|uint16(b[1]))%31 == 0 {
				zr, err := zlib.NewReader(bytes.NewReader(b))
				if err != nil {
					return nil, fmt.Errorf("deflate body: %w", err)
				}
				r = zr
			} else {
				r = flate.NewReader(bytes.NewReader(b))
			}
		default:
			return nil, fmt.Errorf("%w %q", ErrBadEncoding, c)
		}
		out, err := io.ReadAll(io.LimitReader(r, max+1))
		if err != nil {
			return nil, fmt.Errorf("%s body: %w", strings.TrimSpace(codings[i]), err)
		}
		if int64(len(out)) > max {
			return nil, fmt.Errorf("%w (more than %d bytes once decoded)", ErrTooLarge, max)
		}
		b = out
	}
	return b, nil
}
