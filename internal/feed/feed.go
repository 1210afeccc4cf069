package feed

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/readout/readout/internal/news"
)

// Kind is what a source publishes its links as.
type Kind string

const (
	// KindRSS covers every syndication format gofeed reads: RSS, Atom and
	// JSON Feed.
	KindRSS Kind = "rss"
	// KindSitemap is a sitemaps.org urlset or sitemap index, news sitemaps
	// included.
	KindSitemap Kind = "sitemap"
)

// ParseKind reads a kind name given by a user ("" is not a kind).
func ParseKind(s string) (Kind, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "rss", "atom", "json", "feed":
		return KindRSS, nil
	case "sitemap", "news-sitemap":
		return KindSitemap, nil
	}
	return "", news.E("feed.ParseKind", news.KindInvalid, fmt.Sprintf("unknown source kind %q (want rss or sitemap)", s))
}

// Item is one link a feed or sitemap announces.
type Item struct {
	URL       string    `json:"url"`
	Title     string    `json:"title,omitempty"`
	Published time.Time `json:"published,omitzero"`
	// Source is the outlet's name as the feed gives it (the channel title,
	// or a news sitemap's publication name).
	Source string `json:"source,omitempty"`
}

// Sitemap is one child of a sitemap index.
type Sitemap struct {
	URL     string    `json:"url"`
	LastMod time.Time `json:"lastmod,omitzero"`
}

// Feed is a parsed feed or sitemap.
type Feed struct {
	Kind  Kind   `json:"kind"`
	Title string `json:"title,omitempty"`
	Items []Item `json:"items"`
	// Sitemaps lists the child sitemaps of a sitemap index, in document
	// order. Items is empty for an index.
	Sitemaps []Sitemap `json:"sitemaps,omitempty"`
	// Truncated is set when a sitemap held more than MaxSitemapEntries
	// entries; the rest were not read.
	Truncated bool `json:"truncated,omitempty"`
}

// Sniff says what kind of document body looks like: a sitemap when its
// root element is urlset or sitemapindex, a feed when gofeed recognises
// RSS, Atom or JSON Feed, "" otherwise.
func Sniff(body []byte) Kind {
	if root := xmlRoot(body); root == "urlset" || root == "sitemapindex" {
		return KindSitemap
	}
	if gofeed.DetectFeedType(bytes.NewReader(body)) != gofeed.FeedTypeUnknown {
		return KindRSS
	}
	return ""
}

// Parse reads a feed or sitemap fetched from base (used to resolve
// relative links and, for sitemaps, the maximum number of entries).
// Whatever the body is — RSS, Atom, JSON Feed, urlset, sitemap index — is
// sniffed from its content.
func Parse(body []byte, base string) (*Feed, error) {
	switch Sniff(body) {
	case KindSitemap:
		return ParseSitemap(bytes.NewReader(body), base)
	case KindRSS:
		return ParseFeed(body, base)
	}
	return nil, news.E("feed.Parse", news.KindInvalid, "not an RSS, Atom or JSON feed nor a sitemap"+describeStart(body))
}

// ParseFeed reads RSS, Atom or JSON Feed.
func ParseFeed(body []byte, base string) (*Feed, error) {
	const op = "feed.ParseFeed"
	f, err := parseGofeed(body)
	if err != nil {
		if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
			return nil, news.E(op, news.KindInvalid, "not an RSS, Atom or JSON feed"+describeStart(body))
		}
		return nil, news.E(op, news.KindInvalid, "malformed feed: "+oneLine(err.Error()))
	}
	baseURL, _ := url.Parse(base)
	if f.Link != "" {
		if u := resolve(baseURL, f.Link); u != "" {
			baseURL, _ = url.Parse(u)
		}
	}
	out := &Feed{Kind: KindRSS, Title: clean(f.Title)}
	seen := make(map[string]bool, len(f.Items))
	for _, it := range f.Items {
		if it == nil {
			continue
		}
		link := it.Link
		if link == "" && len(it.Links) > 0 {
			link = it.Links[0]
		}
		if link == "" && strings.HasPrefix(it.GUID, "http") {
			link = it.GUID
		}
		u := resolve(baseURL, link)
		if u == "" || seen[u] {
			continue
		}
		seen[u] = true
		item := Item{URL: u, Title: clean(it.Title), Source: out.Title}
		switch {
		case it.PublishedParsed != nil:
			item.Published = it.PublishedParsed.UTC()
		case it.UpdatedParsed != nil:
			item.Published = it.UpdatedParsed.UTC()
		}
		out.Items = append(out.Items, item)
	}
	return out, nil
}

// parseGofeed runs gofeed, turning a panic inside it (it has had some on
// hostile input) into an error.
func parseGofeed(body []byte) (f *gofeed.Feed, err error) {
	defer func() {
		if v := recover(); v != nil {
			f, err = nil, fmt.Errorf("parser failed: %v", v)
		}
	}()
	return gofeed.NewParser().Parse(bytes.NewReader(body))
}

// resolve makes ref absolute against base and returns it if it is an
// http(s) URL with a host, else "".
func resolve(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" || len(ref) > 4096 || strings.ContainsAny(ref, " \t\r\n") {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil && !u.IsAbs() {
		u = base.ResolveReference(u)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	u.Fragment = ""
	return u.String()
}

// clean collapses white space in a title.
func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

func oneLine(s string) string {
	s = clean(s)
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

// describeStart quotes the first bytes of body for an error message.
func describeStart(body []byte) string {
	b := bytes.TrimSpace(body)
	if len(b) == 0 {
		return " (empty document)"
	}
	if len(b) > 40 {
		b = b[:40]
	}
	return fmt.Sprintf(" (starts with %q)", b)
}
