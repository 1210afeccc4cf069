package feed

import (
	"bytes"
	"compress/gzip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"golang.org/x/net/html/charset"

	"github.com/readout/readout/internal/news"
)

// MaxSitemapEntries is the most entries read from one sitemap or index:
// the sitemaps.org limit. Entries past it are ignored and Feed.Truncated
// is set.
const MaxSitemapEntries = 50000

// maxGunzip bounds a gzip-compressed sitemap (sitemap.xml.gz) once
// decompressed: the protocol's 50 MB plus room.
const maxGunzip = 64 << 20

// sitemapURL is one <url> of a urlset, with the news extension's fields.
// encoding/xml matches elements by local name, so news:title and title
// both land in Title.
type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod"`
	News    struct {
		Publication struct {
			Name string `xml:"name"`
		} `xml:"publication"`
		Date  string `xml:"publication_date"`
		Title string `xml:"title"`
	} `xml:"news"`
}

// ParseSitemap reads a sitemaps.org urlset or sitemap index from r as a
// stream, one entry at a time. A gzip-compressed sitemap is decompressed.
// base resolves relative locations (the protocol wants absolute ones;
// some sites do not comply).
func ParseSitemap(r io.Reader, base string) (*Feed, error) {
	const op = "feed.ParseSitemap"
	br := bufioReader(r)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, news.E(op, news.KindInvalid, "bad gzip sitemap: "+err.Error())
		}
		defer zr.Close()
		r = io.LimitReader(zr, maxGunzip)
	} else {
		r = br
	}
	baseURL, _ := url.Parse(base)
	dec := xml.NewDecoder(r)
	dec.Strict = false
	dec.CharsetReader = charset.NewReaderLabel
	out := &Feed{Kind: KindSitemap}
	root := ""
	seen := make(map[string]bool)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, news.E(op, news.KindInvalid, "malformed sitemap XML: "+xmlError(err))
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		name := strings.ToLower(se.Name.Local)
		if root == "" {
			root = name
			if root != "urlset" && root != "sitemapindex" {
				return nil, news.E(op, news.KindInvalid, fmt.Sprintf("not a sitemap: root element is <%s>", se.Name.Local))
			}
			continue
		}
		if len(out.Items)+len(out.Sitemaps) >= MaxSitemapEntries {
			out.Truncated = true
			break
		}
		switch {
		case root == "urlset" && name == "url":
			var e sitemapURL
			if err := dec.DecodeElement(&e, &se); err != nil {
				return nil, news.E(op, news.KindInvalid, "malformed sitemap XML: "+xmlError(err))
			}
			u := resolve(baseURL, e.Loc)
			if u == "" || seen[u] {
				continue
			}
			seen[u] = true
			it := Item{URL: u, Title: clean(e.News.Title), Source: clean(e.News.Publication.Name)}
			if t, ok := parseW3CDate(e.News.Date); ok {
				it.Published = t
			} else if t, ok := parseW3CDate(e.LastMod); ok {
				it.Published = t
			}
			if out.Title == "" {
				out.Title = it.Source
			}
			out.Items = append(out.Items, it)
		case root == "sitemapindex" && name == "sitemap":
			var e struct {
				Loc     string `xml:"loc"`
				LastMod string `xml:"lastmod"`
			}
			if err := dec.DecodeElement(&e, &se); err != nil {
				return nil, news.E(op, news.KindInvalid, "malformed sitemap XML: "+xmlError(err))
			}
			if u := resolve(baseURL, e.Loc); u != "" && !seen[u] {
				seen[u] = true
				sm := Sitemap{URL: u}
				sm.LastMod, _ = parseW3CDate(e.LastMod)
				out.Sitemaps = append(out.Sitemaps, sm)
			}
		default:
			if err := dec.Skip(); err != nil {
				return nil, news.E(op, news.KindInvalid, "malformed sitemap XML: "+xmlError(err))
			}
		}
	}
	if root == "" {
		return nil, news.E(op, news.KindInvalid, "not a sitemap: no XML element")
	}
	return out, nil
}

// parseW3CDate reads the W3C datetime profile sitemaps use (a date, or a
// date and time with an optional zone and fraction).
func parseW3CDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04Z07:00", "2006-01-02T15:04:05", "2006-01-02", "2006-01", "2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// xmlRoot returns the lower-cased local name of body's first element, or
// "" when the first few kilobytes hold none.
func xmlRoot(body []byte) string {
	if len(body) > 8192 {
		body = body[:8192]
	}
	b := bytes.TrimSpace(body)
	if len(b) >= 2 && b[0] == 0x1f && b[1] == 0x8b {
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return ""
		}
		head := make([]byte, 8192)
		n, _ := io.ReadFull(zr, head)
		b = head[:n]
	}
	dec := xml.NewDecoder(bytes.NewReader(b))
	dec.Strict = false
	dec.CharsetReader = charset.NewReaderLabel
	for range 64 {
		tok, err := dec.Token()
		if err != nil {
			return ""
		}
		if se, ok := tok.(xml.StartElement); ok {
			return strings.ToLower(se.Name.Local)
		}
	}
	return ""
}

// xmlError shortens an encoding/xml error to one line.
func xmlError(err error) string {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("line %d: %s", se.Line, oneLine(se.Msg))
	}
	return oneLine(err.Error())
}
