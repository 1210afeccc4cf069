package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/andybalholm/brotli"

	"github.com/readout/readout/internal/news"
)

// testOptions are fast settings that allow the test servers' address.
func testOptions() Options {
	return Options{
		Contact:    "https://ops.example/readout",
		Delay:      time.Millisecond,
		Timeout:    2 * time.Second,
		MinRate:    1000,
		RateWindow: 100 * time.Millisecond,
		Backoff:    time.Millisecond,
		MaxBackoff: 5 * time.Second,
		AllowHosts: []string{"127.0.0.1"},
	}
}

func newFetcher(t *testing.T, opt Options) *Fetcher {
	t.Helper()
	f, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// sleeps records the waits a Fetcher asks for instead of sleeping.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.d = append(s.d, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleeps) longest() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	var m time.Duration
	for _, d := range s.d {
		m = max(m, d)
	}
	return m
}

func TestFetchOK(t *testing.T) {
	var ua string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		ua = r.Header.Get("User-Agent")
		w.Header().Set("Content-Type", "text/html; charset=iso-8859-1")
		fmt.Fprint(w, "<html><body>hello</body></html>")
	}))
	defer srv.Close()
	f := newFetcher(t, testOptions())
	resp, err := f.Fetch(context.Background(), Request{URL: srv.URL + "/a"})
	if err != nil {
		t.Fatal(err)
	}
	if string(resp.Body) != "<html><body>hello</body></html>" || resp.ContentType != "text/html; charset=iso-8859-1" || resp.Status != 200 {
		t.Errorf("resp = %d %q %q", resp.Status, resp.ContentType, resp.Body)
	}
	if !strings.Contains(ua, "readout") || !strings.Contains(ua, "https://ops.example/readout") {
		t.Errorf("User-Agent %q does not name readout and the contact", ua)
	}
}

func TestSSRF(t *testing.T) {
	var secret atomic.Int32
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/secret" {
			secret.Add(1)
		}
		fmt.Fprint(w, "internal data")
	}))
	defer target.Close()
	tu, _ := url.Parse(target.URL)
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			http.NotFound(w, r)
		case "/to-loopback":
			http.Redirect(w, r, target.URL+"/secret", http.StatusFound)
		case "/to-localhost":
			http.Redirect(w, r, "http://localhost:"+tu.Port()+"/secret", http.StatusMovedPermanently)
		}
	}))
	defer front.Close()
	fu, _ := url.Parse(front.URL)
	// news.test is a public-looking name the test resolves to the front
	// server; evil.test resolves to a private address.
	resolve := func(ctx context.Context, host string) ([]netip.Addr, error) {
		switch host {
		case "news.test", "localhost":
			return []netip.Addr{netip.MustParseAddr("127.0.0.1")}, nil
		case "evil.test":
			return []netip.Addr{netip.MustParseAddr("10.1.2.3"), netip.MustParseAddr("::ffff:169.254.169.254")}, nil
		}
		return nil, fmt.Errorf("no such host %s", host)
	}
	frontURL := "http://news.test:" + fu.Port()
	tests := []struct {
		name    string
		allow   []string
		url     string
		blocked bool
	}{
		{"loopback literal, default", nil, target.URL + "/secret", true},
		{"redirect to 127.0.0.1, default", []string{"news.test"}, frontURL + "/to-loopback", true},
		{"redirect to localhost, default", []string{"news.test"}, frontURL + "/to-localhost", true},
		{"name resolving to private", []string{"news.test"}, "http://evil.test:" + tu.Port() + "/secret", true},
		{"ipv6 loopback literal", nil, "http://[::1]:" + tu.Port() + "/secret", true},
		{"redirect to 127.0.0.1, allowed by address", []string{"news.test", "127.0.0.1"}, frontURL + "/to-loopback", false},
		{"redirect to localhost, allowed by name", []string{"news.test", "localhost"}, frontURL + "/to-localhost", false},
		{"allowed by CIDR", []string{"127.0.0.0/8"}, target.URL + "/secret", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := testOptions()
			opt.AllowHosts = tt.allow
			opt.Resolve = resolve
			f := newFetcher(t, opt)
			before := secret.Load()
			resp, err := f.Fetch(context.Background(), Request{URL: tt.url})
			if tt.blocked {
				if !errors.Is(err, ErrBlocked) || !news.IsKind(err, news.KindInvalid) {
					t.Fatalf("err = %v, want a blocked address", err)
				}
				if secret.Load() != before {
					t.Fatal("the internal server was reached")
				}
				if strings.Contains(err.Error(), "\n") {
					t.Errorf("multi-line error %q", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(resp.Body) != "internal data" || secret.Load() != before+1 {
				t.Errorf("body %q, secret hits %d", resp.Body, secret.Load()-before)
			}
		})
	}
}

func TestBlocked(t *testing.T) {
	tests := map[string]string{
		"127.0.0.1": "loopback", "::1": "loopback", "10.0.0.8": "private", "172.16.3.4": "private",
		"192.168.1.1": "private", "fd00::1": "private", "169.254.169.254": "link-local", "fe80::1": "link-local",
		"0.0.0.0": "unspecified", "::": "unspecified", "224.0.0.1": "multicast", "ff02::1": "multicast",
		"100.64.0.1": "shared (CGNAT)", "::ffff:127.0.0.1": "loopback", "64:ff9b::a00:1": "private",
		"2002:c0a8:0101::1": "private", "240.0.0.1": "reserved", "198.18.0.1": "reserved",
		"93.184.215.14": "", "2606:4700::1111": "", "8.8.8.8": "",
	}
	for in, want := range tests {
		if got := Blocked(netip.MustParseAddr(in)); got != want {
			t.Errorf("Blocked(%s) = %q, want %q", in, got, want)
		}
	}
}

func TestConditionalGet(t *testing.T) {
	var hits, notModified atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		hits.Add(1)
		if r.Header.Get("If-None-Match") == `"v1"` || r.Header.Get("If-Modified-Since") == "Mon, 02 Mar 2026 10:00:00 GMT" {
			notModified.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Mon, 02 Mar 2026 10:00:00 GMT")
		fmt.Fprint(w, "<rss/>")
	}))
	defer srv.Close()
	f := newFetcher(t, testOptions())
	ctx := context.Background()
	r1, err := f.Fetch(ctx, Request{URL: srv.URL})
	if err != nil || r1.NotModified || r1.ETag != `"v1"` {
		t.Fatalf("first: %v %+v", err, r1)
	}
	r2, err := f.Fetch(ctx, Request{URL: srv.URL, ETag: r1.ETag})
	if err != nil || !r2.NotModified || r2.ETag != `"v1"` || len(r2.Body) != 0 {
		t.Fatalf("etag: %v %+v", err, r2)
	}
	r3, err := f.Fetch(ctx, Request{URL: srv.URL, LastModified: r1.LastModified})
	if err != nil || !r3.NotModified || r3.LastModified != r1.LastModified {
		t.Fatalf("last-modified: %v %+v", err, r3)
	}
	if hits.Load() != 3 || notModified.Load() != 2 {
		t.Errorf("hits %d, 304s %d", hits.Load(), notModified.Load())
	}
}

func TestRetry(t *testing.T) {
	tests := []struct {
		name       string
		fail       int    // failures before success
		code       int    // failure status
		retryAfter string // Retry-After header on failures
		wantErr    bool
		wantHits   int32
		minWait    time.Duration
	}{
		{"503 then ok", 2, 503, "", false, 3, 0},
		{"429 with Retry-After seconds", 1, 429, "3", false, 2, 3 * time.Second},
		{"503 with Retry-After date", 1, 503, "DATE", false, 2, time.Second},
		{"Retry-After beyond the limit", 1, 429, "3600", true, 1, 0},
		{"always 500", 100, 500, "", true, 4, 0},
		{"404 not retried", 100, 404, "", true, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/robots.txt" {
					http.NotFound(w, r)
					return
				}
				if n := hits.Add(1); int(n) <= tt.fail {
					ra := tt.retryAfter
					if ra == "DATE" {
						ra = time.Now().Add(3 * time.Second).UTC().Format(http.TimeFormat)
					}
					if ra != "" {
						w.Header().Set("Retry-After", ra)
					}
					w.WriteHeader(tt.code)
					return
				}
				fmt.Fprint(w, "ok")
			}))
			defer srv.Close()
			var sl sleeps
			opt := testOptions()
			opt.Sleep = sl.sleep
			f := newFetcher(t, opt)
			resp, err := f.Fetch(context.Background(), Request{URL: srv.URL})
			if tt.wantErr != (err != nil) {
				t.Fatalf("err = %v", err)
			}
			if hits.Load() != tt.wantHits {
				t.Errorf("hits = %d, want %d", hits.Load(), tt.wantHits)
			}
			if err == nil && resp.Attempts != int(tt.wantHits) {
				t.Errorf("attempts = %d", resp.Attempts)
			}
			if w := sl.longest(); w < tt.minWait || w > opt.MaxBackoff {
				t.Errorf("longest wait %s, want in [%s, %s]", w, tt.minWait, opt.MaxBackoff)
			}
			var se *StatusError
			if tt.name == "Retry-After beyond the limit" && (!errors.As(err, &se) || se.RetryAfter != time.Hour) {
				t.Errorf("err = %v, want a StatusError with RetryAfter 1h", err)
			}
			if tt.code == 404 && !news.IsKind(err, news.KindNotFound) {
				t.Errorf("404 kind = %v", news.KindOf(err))
			}
		})
	}
}

func TestSlowBodies(t *testing.T) {
	tests := []struct {
		name    string
		handler http.HandlerFunc
		want    error
	}{
		{"slow loris body", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", "100000")
			w.WriteHeader(200)
			for range 100 {
				w.Write([]byte("<"))
				w.(http.Flusher).Flush()
				select {
				case <-r.Context().Done():
					return
				case <-time.After(30 * time.Millisecond):
				}
			}
		}, ErrTooSlow},
		{"headers never come", func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		}, ErrDeadline},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/robots.txt" {
					http.NotFound(w, r)
					return
				}
				tt.handler(w, r)
			}))
			defer srv.Close()
			opt := testOptions()
			opt.Timeout = 400 * time.Millisecond
			opt.Retries = -1
			f := newFetcher(t, opt)
			start := time.Now()
			_, err := f.Fetch(context.Background(), Request{URL: srv.URL + "/page"})
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if d := time.Since(start); d > time.Second {
				t.Errorf("took %s", d)
			}
		})
	}
}

func TestLimitsAndEncodings(t *testing.T) {
	page := []byte("<html><body>" + strings.Repeat("The river rose overnight. ", 40) + "</body></html>")
	var gz, br bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(page)
	zw.Close()
	bw := brotli.NewWriter(&br)
	bw.Write(page)
	bw.Close()
	var bomb bytes.Buffer
	zw = gzip.NewWriter(&bomb)
	zw.Write(make([]byte, 1<<20))
	zw.Close()
	big := bytes.Repeat([]byte("x"), 5000)

	tests := []struct {
		name     string
		encoding string
		body     []byte
		chunked  bool
		want     []byte
		err      error
	}{
		{"gzip", "gzip", gz.Bytes(), false, page, nil},
		{"br", "br", br.Bytes(), false, page, nil},
		{"identity", "", page, false, page, nil},
		{"too large, Content-Length", "", big, false, nil, ErrTooLarge},
		{"too large, chunked", "", big, true, nil, ErrTooLarge},
		{"gzip bomb", "gzip", bomb.Bytes(), false, nil, ErrTooLarge},
		{"unknown encoding", "zstd", page, false, nil, ErrBadEncoding},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/robots.txt" {
					http.NotFound(w, r)
					return
				}
				if tt.encoding != "" {
					w.Header().Set("Content-Encoding", tt.encoding)
				}
				if tt.chunked {
					w.Write(tt.body[:10])
					w.(http.Flusher).Flush()
					w.Write(tt.body[10:])
					return
				}
				w.Header().Set("Content-Length", fmt.Sprint(len(tt.body)))
				w.Write(tt.body)
			}))
			defer srv.Close()
			opt := testOptions()
			opt.MaxBytes = 4096
			f := newFetcher(t, opt)
			resp, err := f.Fetch(context.Background(), Request{URL: srv.URL})
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("err = %v, want %v", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(resp.Body, tt.want) {
				t.Errorf("body = %.60q…", resp.Body)
			}
		})
	}
}

func TestRobots(t *testing.T) {
	var robots, pages atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			robots.Add(1)
			fmt.Fprint(w, "User-agent: *\nDisallow: /\n\nUser-agent: readout\nDisallow: /private\nAllow: /\n")
		case "/moved":
			http.Redirect(w, r, "/private/b", http.StatusFound)
		default:
			pages.Add(1)
			fmt.Fprint(w, "page")
		}
	}))
	defer srv.Close()
	f := newFetcher(t, testOptions())
	ctx := context.Background()
	if _, err := f.Fetch(ctx, Request{URL: srv.URL + "/public/a"}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/private/a", "/moved"} {
		_, err := f.Fetch(ctx, Request{URL: srv.URL + p})
		if !errors.Is(err, ErrDisallowed) {
			t.Errorf("%s: err = %v, want disallowed", p, err)
		}
	}
	if robots.Load() != 1 || pages.Load() != 1 {
		t.Errorf("robots.txt fetched %d times, pages %d", robots.Load(), pages.Load())
	}
}

func TestRedirectLimit(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			http.NotFound(w, r)
		case "/ok0":
			fmt.Fprint(w, "arrived")
		default:
			var n int
			fmt.Sscanf(r.URL.Path, "/ok%d", &n)
			http.Redirect(w, r, fmt.Sprintf("/ok%d", n-1), http.StatusFound)
		}
	}))
	defer srv.Close()
	opt := testOptions()
	opt.MaxRedirects = 3
	f := newFetcher(t, opt)
	resp, err := f.Fetch(context.Background(), Request{URL: srv.URL + "/ok3"})
	if err != nil || string(resp.Body) != "arrived" || !strings.HasSuffix(resp.URL, "/ok0") {
		t.Fatalf("3 redirects: %v %+v", err, resp)
	}
	if _, err := f.Fetch(context.Background(), Request{URL: srv.URL + "/ok5"}); !errors.Is(err, ErrRedirects) {
		t.Fatalf("5 redirects: err = %v", err)
	}
}

func TestPerHostPoliteness(t *testing.T) {
	var inFlight, most atomic.Int32
	var mu sync.Mutex
	var starts []time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for {
			m := most.Load()
			if n <= m || most.CompareAndSwap(m, n) {
				break
			}
		}
		mu.Lock()
		starts = append(starts, time.Now())
		mu.Unlock()
		time.Sleep(5 * time.Millisecond)
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()
	opt := testOptions()
	opt.Delay = 30 * time.Millisecond
	f := newFetcher(t, opt)
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			if _, err := f.Fetch(context.Background(), Request{URL: fmt.Sprintf("%s/%d", srv.URL, i)}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if most.Load() != 1 {
		t.Errorf("%d requests in flight at once", most.Load())
	}
	for i := 1; i < len(starts); i++ {
		if gap := starts[i].Sub(starts[i-1]); gap < 30*time.Millisecond {
			t.Errorf("requests %d and %d only %s apart", i-1, i, gap)
		}
	}
}

func TestBadURLs(t *testing.T) {
	f := newFetcher(t, testOptions())
	for _, u := range []string{"ftp://a.example/x", "file:///etc/passwd", "http://", "::"} {
		if _, err := f.Fetch(context.Background(), Request{URL: u}); !news.IsKind(err, news.KindInvalid) {
			t.Errorf("%q: err = %v", u, err)
		}
	}
	if _, err := New(Options{AllowHosts: []string{"10.0.0.0/99"}}); !news.IsKind(err, news.KindInvalid) {
		t.Errorf("bad CIDR: err = %v", err)
	}
}
