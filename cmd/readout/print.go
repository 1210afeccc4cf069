package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/readout/readout/internal/news"
)

// printArticle writes an article for people: metadata lines, then the
// body with headings marked "## " and list items "* ".
func printArticle(w io.Writer, a *news.Article) {
	line := func(k, v string) {
		if v != "" {
			fmt.Fprintf(w, "%-10s %s\n", k+":", v)
		}
	}
	line("id", a.ID)
	line("title", a.Title)
	line("byline", strings.Join(a.Bylines, "; "))
	if !a.Published.IsZero() {
		line("published", a.Published.UTC().Format("2006-01-02 15:04 MST"))
	}
	line("site", a.Site)
	line("dateline", a.Dateline)
	line("first pub", a.OriginalSource)
	line("url", a.URL)
	if a.Language != "" {
		line("language", fmt.Sprintf("%s (%.2f)", a.Language, a.LanguageConfidence))
	}
	line("dup of", a.DuplicateOf)
	fmt.Fprintln(w)
	if len(a.Blocks) == 0 {
		fmt.Fprintln(w, a.Text)
		return
	}
	for i, b := range a.Blocks {
		if b.Start < 0 || b.End > len(a.Text) || b.Start > b.End {
			continue
		}
		t := a.Text[b.Start:b.End]
		switch b.Kind {
		case news.BlockHeading:
			t = "## " + t
		case news.BlockListItem:
			t = "* " + t
		case news.BlockQuote:
			t = "> " + t
		}
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintln(w, t)
	}
}
