package storetest

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/readout/readout/internal/news"
)

// The fixtures are invented: the outlets, people and events do not exist.

// day is a fixed reference time; fixtures are placed relative to it.
var day = time.Date(2025, 3, 14, 9, 30, 0, 0, time.UTC)

// Article builds a fictional article with blocks (one per paragraph,
// paragraphs separated by blank lines) and sentences with tokens, ready to
// store. Its ID and ContentHash derive from url and text as the pipeline's
// do. Exported for benchmarks and other packages' tests.
func Article(url, title, text string) *news.Article {
	hash := news.BodyHash(text)
	a := &news.Article{
		ID:          news.ArticleID(url, hash),
		URL:         url,
		Title:       title,
		Language:    "en",
		Text:        text,
		Format:      news.FormatHTML,
		ContentHash: hash,
	}
	if u := news.CanonicalURL(url); u != "" {
		a.CanonicalURL = u
	}
	a.Blocks = Blocks(text)
	a.Sentences = Sentences(text)
	return a
}

// Blocks splits text into paragraph blocks at blank lines.
func Blocks(text string) []news.Block {
	var out []news.Block
	start := 0
	for start < len(text) {
		end := strings.Index(text[start:], "\n\n")
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		if end > start {
			out = append(out, news.Block{Kind: news.BlockParagraph, Start: start, End: end})
		}
		start = end + 2
	}
	return out
}

// Sentences is a naive sentence splitter and tokenizer (sentences end at
// '.', '!' or '?'; tokens are runs of letters and digits or single other
// characters) that fills every Token field, so that round trips exercise
// the whole structure.
func Sentences(text string) []news.Sentence {
	var out []news.Sentence
	var cur *news.Sentence
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if unicode.IsSpace(r) {
			i += size
			continue
		}
		j := i + size
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			for j < len(text) {
				r2, s2 := utf8.DecodeRuneInString(text[j:])
				if !unicode.IsLetter(r2) && !unicode.IsDigit(r2) && r2 != '\'' {
					break
				}
				j += s2
			}
		}
		if cur == nil {
			out = append(out, news.Sentence{Start: i})
			cur = &out[len(out)-1]
		}
		n := len(cur.Tokens)
		tok := news.Token{Start: i, End: j, Text: text[i:j], Lemma: strings.ToLower(text[i:j]), Head: n - 1, Rel: "dep"}
		switch {
		case unicode.IsDigit(r):
			tok.UPOS, tok.XPOS = "NUM", "CD"
		case unicode.IsLetter(r):
			tok.UPOS, tok.XPOS = "NOUN", "NN"
		default:
			tok.UPOS, tok.XPOS = "PUNCT", "."
		}
		if n == 0 {
			tok.Rel = "root"
		}
		cur.Tokens = append(cur.Tokens, tok)
		cur.End = j
		if r == '.' || r == '!' || r == '?' {
			cur = nil
		}
		i = j
	}
	return out
}

// LongArticle builds a fictional article of about words words in
// paragraphs of five sentences, varied by seed.
func LongArticle(seed, words int) *news.Article {
	vocab := strings.Fields(`the council harbour ferry lighthouse budget minister river valley
		school election mayor bridge tunnel market festival weather storm coast village city
		report committee plan vote tax road train station hospital doctor nurse teacher farmer
		fisherman port ship cargo wind solar energy water supply court judge lawyer police
		officer museum library archive garden park forest mountain lake island north south
		east west spring summer autumn winter morning evening week month year said announced
		agreed rejected proposed opened closed visited warned promised expected reported`)
	var b strings.Builder
	state := uint64(seed)*2654435761 + 1
	next := func() int {
		state ^= state << 13
		state ^= state >> 7
		state ^= state << 17
		return int(state % uint64(len(vocab)))
	}
	for w := 0; w < words; w++ {
		switch {
		case w > 0 && w%100 == 0:
			b.WriteString(".\n\n")
		case w > 0 && w%20 == 0:
			b.WriteString(". ")
		case w > 0:
			b.WriteByte(' ')
		}
		word := vocab[next()]
		if w%20 == 0 {
			word = strings.ToUpper(word[:1]) + word[1:]
		}
		b.WriteString(word)
	}
	fmt.Fprintf(&b, " (%d).", seed)
	a := Article(fmt.Sprintf("https://northfield-courier.example/news/%d", seed),
		fmt.Sprintf("Northfield report number %d", seed), b.String())
	a.Site = "Northfield Courier"
	a.Published = day.Add(time.Duration(seed) * time.Minute)
	return a
}

// normalise makes two articles comparable with reflect.DeepEqual: empty
// slices become nil and times are compared separately (stores may return
// them in another location).
func normalise(a news.Article) news.Article {
	if len(a.Bylines) == 0 {
		a.Bylines = nil
	}
	if len(a.Removed) == 0 {
		a.Removed = nil
	}
	if len(a.Blocks) == 0 {
		a.Blocks = nil
	}
	if len(a.Sentences) == 0 {
		a.Sentences = nil
	} else {
		s := make([]news.Sentence, len(a.Sentences))
		copy(s, a.Sentences)
		for i := range s {
			if len(s[i].Tokens) == 0 {
				s[i].Tokens = nil
			}
		}
		a.Sentences = s
	}
	if len(a.Entities) == 0 {
		a.Entities = nil
	}
	a.Published, a.IngestedAt = time.Time{}, time.Time{}
	return a
}

// sameArticle fails t unless got and want hold the same values.
func sameArticle(t *testing.T, got, want *news.Article) {
	t.Helper()
	if got == nil {
		t.Fatal("got nil article")
	}
	if !got.Published.Equal(want.Published) {
		t.Errorf("Published = %v, want %v", got.Published, want.Published)
	}
	if !got.IngestedAt.Equal(want.IngestedAt) {
		t.Errorf("IngestedAt = %v, want %v", got.IngestedAt, want.IngestedAt)
	}
	g, w := normalise(*got), normalise(*want)
	if reflect.DeepEqual(g, w) {
		return
	}
	gv, wv := reflect.ValueOf(g), reflect.ValueOf(w)
	for i := range gv.NumField() {
		if !reflect.DeepEqual(gv.Field(i).Interface(), wv.Field(i).Interface()) {
			t.Errorf("field %s differs:\n got  %#v\n want %#v", gv.Type().Field(i).Name,
				gv.Field(i).Interface(), wv.Field(i).Interface())
		}
	}
}

// clone deep-copies an article so that a test can keep the value it put.
func clone(a *news.Article) *news.Article {
	c := *a
	c.Bylines = append([]string(nil), a.Bylines...)
	c.Removed = append([]string(nil), a.Removed...)
	c.Blocks = append([]news.Block(nil), a.Blocks...)
	c.Sentences = make([]news.Sentence, len(a.Sentences))
	for i, s := range a.Sentences {
		s.Tokens = append([]news.Token(nil), s.Tokens...)
		c.Sentences[i] = s
	}
	c.Entities = nil
	for _, e := range a.Entities {
		e.Titles = append([]string(nil), e.Titles...)
		e.Conflicts = append([]string(nil), e.Conflicts...)
		e.Roles = append([]news.RoleAssertion(nil), e.Roles...)
		e.Mentions = append([]news.Mention(nil), e.Mentions...)
		c.Entities = append(c.Entities, e)
	}
	return &c
}

func ids(list []news.ArticleSummary) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = s.ID
	}
	return out
}
