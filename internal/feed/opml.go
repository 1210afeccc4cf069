package feed

import (
	"bufio"
	"encoding/xml"
	"io"
	"strings"

	"golang.org/x/net/html/charset"

	"github.com/readout/readout/internal/news"
)

// Subscription is one feed an OPML file lists.
type Subscription struct {
	Title string `json:"title"`
	URL   string `json:"url"`            // xmlUrl
	Site  string `json:"site,omitempty"` // htmlUrl
	// Category is the title of the outline the subscription is nested in,
	// if any ("World", "Business").
	Category string `json:"category,omitempty"`
}

// maxOPMLDepth bounds outline nesting.
const maxOPMLDepth = 32

// ParseOPML reads an OPML subscription list: every outline with an
// xmlUrl attribute, at any depth, in document order. Outlines without one
// are folders. A URL listed twice is returned once.
func ParseOPML(r io.Reader) ([]Subscription, error) {
	const op = "feed.ParseOPML"
	dec := xml.NewDecoder(r)
	dec.Strict = false
	dec.CharsetReader = charset.NewReaderLabel
	var (
		subs    []Subscription
		folders []string // titles of the open outlines
		root    string
		seen    = map[string]bool{}
	)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, news.E(op, news.KindInvalid, "malformed OPML: "+xmlError(err))
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := strings.ToLower(t.Name.Local)
			if root == "" {
				root = name
				if root != "opml" {
					return nil, news.E(op, news.KindInvalid, "not an OPML file: root element is <"+t.Name.Local+">")
				}
				continue
			}
			if name != "outline" {
				continue
			}
			if len(folders) >= maxOPMLDepth {
				return nil, news.E(op, news.KindInvalid, "malformed OPML: outlines nested too deep")
			}
			var title, text, xmlURL, htmlURL string
			for _, a := range t.Attr {
				switch strings.ToLower(a.Name.Local) {
				case "title":
					title = a.Value
				case "text":
					text = a.Value
				case "xmlurl":
					xmlURL = a.Value
				case "htmlurl":
					htmlURL = a.Value
				}
			}
			if title == "" {
				title = text
			}
			title = clean(title)
			if u := resolve(nil, xmlURL); u != "" && !seen[u] {
				seen[u] = true
				s := Subscription{Title: title, URL: u, Site: resolve(nil, htmlURL)}
				for i := len(folders) - 1; i >= 0; i-- {
					if folders[i] != "" {
						s.Category = folders[i]
						break
					}
				}
				subs = append(subs, s)
				title = "" // a feed is not a folder
			}
			folders = append(folders, title)
		case xml.EndElement:
			if strings.EqualFold(t.Name.Local, "outline") && len(folders) > 0 {
				folders = folders[:len(folders)-1]
			}
		}
	}
	if root == "" {
		return nil, news.E(op, news.KindInvalid, "not an OPML file: no XML element")
	}
	return subs, nil
}

func bufioReader(r io.Reader) *bufio.Reader {
	if br, ok := r.(*bufio.Reader); ok {
		return br
	}
	return bufio.NewReader(r)
}
