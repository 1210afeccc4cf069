// Package feed parses the lists of article links that outlets publish:
// RSS 0.9x/1.0/2.0, Atom and JSON Feed (through mmcdole/gofeed), news
// sitemaps and sitemap indexes (sitemaps.org, with Google's news
// extension; parsed with encoding/xml as a stream, so an index or urlset
// of 50,000 entries costs one pass and no tree), and OPML subscription
// lists.
//
// Every parser takes bytes that came from the network or from a user and
// returns a one-line error for input it cannot read; none panics (fuzz
// tests hold them to it). Item URLs are resolved against the document's
// own URL and anything that is not an absolute http(s) URL is dropped.
//
// The package does no I/O: fetching is package fetch's job and deciding
// what to do with items is package watch's.
package feed
