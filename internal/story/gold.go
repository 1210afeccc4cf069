package story

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/readout/readout/internal/news"
)

// GoldArticle is one line of a labelled story set (testdata/gold.jsonl):
// an article with the story it belongs to and, for a copy, the article
// it copies.
type GoldArticle struct {
	ID          string    `json:"id"`
	Site        string    `json:"site"`
	URL         string    `json:"url"`
	Published   time.Time `json:"published"`
	Title       string    `json:"title"`
	Text        string    `json:"text"`
	Story       string    `json:"story"`
	DuplicateOf string    `json:"duplicate_of,omitempty"`
}

// maxGoldLine bounds one line of a gold file.
const maxGoldLine = 4 << 20

// ReadGold reads a labelled story set: one JSON object per line, blank
// lines ignored. Every article needs an id (unique), a text and a story
// label; duplicate_of, when set, must name an earlier article.
func ReadGold(r io.Reader) ([]GoldArticle, error) {
	br := bufio.NewReader(r)
	var out []GoldArticle
	seen := map[string]bool{}
	for n := 1; ; n++ {
		line, err := readLine(br)
		if err != nil && err != io.EOF {
			return nil, news.E("story.gold", news.KindInvalid, fmt.Errorf("line %d: %w", n, err))
		}
		if s := strings.TrimSpace(line); s != "" {
			var g GoldArticle
			dec := json.NewDecoder(strings.NewReader(s))
			dec.DisallowUnknownFields()
			if derr := dec.Decode(&g); derr != nil {
				return nil, news.E("story.gold", news.KindInvalid, fmt.Errorf("line %d: %v", n, derr))
			}
			if dec.More() {
				return nil, news.E("story.gold", news.KindInvalid, fmt.Sprintf("line %d: data after the JSON object", n))
			}
			switch {
			case g.ID == "":
				return nil, news.E("story.gold", news.KindInvalid, fmt.Sprintf("line %d: no id", n))
			case seen[g.ID]:
				return nil, news.E("story.gold", news.KindInvalid, fmt.Sprintf("line %d: id %q repeated", n, g.ID))
			case g.Story == "":
				return nil, news.E("story.gold", news.KindInvalid, fmt.Sprintf("line %d: no story label", n))
			case strings.TrimSpace(g.Text) == "":
				return nil, news.E("story.gold", news.KindInvalid, fmt.Sprintf("line %d: no text", n))
			case g.DuplicateOf != "" && !seen[g.DuplicateOf]:
				return nil, news.E("story.gold", news.KindInvalid, fmt.Sprintf("line %d: duplicate_of %q is not an earlier id", n, g.DuplicateOf))
			}
			seen[g.ID] = true
			out = append(out, g)
		}
		if err == io.EOF {
			return out, nil
		}
	}
}

// readLine reads one line of at most maxGoldLine bytes.
func readLine(br *bufio.Reader) (string, error) {
	var sb strings.Builder
	for {
		chunk, isPrefix, err := br.ReadLine()
		if err != nil {
			if err == io.EOF && sb.Len() > 0 {
				return sb.String(), nil
			}
			return sb.String(), err
		}
		if sb.Len()+len(chunk) > maxGoldLine {
			return "", fmt.Errorf("line longer than %d bytes", maxGoldLine)
		}
		sb.Write(chunk)
		if !isPrefix {
			return sb.String(), nil
		}
	}
}

// Article returns the gold item as an article to analyse: ID, site, URL,
// title, published date, text and content hash.
func (g GoldArticle) Article() *news.Article {
	return &news.Article{ID: g.ID, Site: g.Site, URL: g.URL, Title: g.Title, Published: g.Published,
		Text: g.Text, Language: "en", Format: news.FormatText, ContentHash: news.BodyHash(g.Text)}
}
