package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/readout/readout/internal/clean"
	"github.com/readout/readout/internal/news"
)

// extractJSON is the stable --json schema of 'readout extract'
// (docs/extract-json.md).
type extractJSON struct {
	ID                 string       `json:"id"`
	Origin             string       `json:"origin"`
	Format             news.Format  `json:"format"`
	URL                string       `json:"url"`
	CanonicalURL       string       `json:"canonical_url"`
	Title              string       `json:"title"`
	Bylines            []string     `json:"bylines"`
	Published          string       `json:"published"`
	Site               string       `json:"site"`
	Dateline           string       `json:"dateline"`
	OriginalSource     string       `json:"original_source"`
	Language           string       `json:"language"`
	LanguageConfidence float64      `json:"language_confidence"`
	Description        string       `json:"description"`
	ContentHash        string       `json:"content_hash"`
	Text               string       `json:"text"`
	Blocks             []news.Block `json:"blocks"`
	Removed            []string     `json:"removed"`
}

func newExtractCmd(a *app) *cobra.Command {
	var (
		asJSON    bool
		format    string
		pageURL   string
		extractor string
	)
	c := &cobra.Command{
		Use:   "extract [--json] FILE|-",
		Short: "Clean one document (HTML or scraped text) and print its metadata and body",
		Long: `Clean one document without a database and print what the clean stage found:
title, bylines, published date, site, dateline, original source, language and
the cleaned body, headings marked "## " and list items "* ". The format is
sniffed from the content (leading tags, <html, <!doctype or a high density of
tags mean HTML) unless --format is given. --json prints the schema described
in docs/extract-json.md.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var f news.Format
			switch format {
			case "":
			case "html", "text":
				f = news.Format(format)
			default:
				return usageError{fmt.Errorf("--format must be html or text, got %q", format)}
			}
			body, err := readInput(a, args[0])
			if err != nil {
				return err
			}
			if f == "" {
				f = clean.Sniff(body)
			}
			opt := clean.Options{MaxBytes: a.cfg.MaxDocBytes, Extractor: clean.Extractor(extractor)}
			art, err := clean.Document(news.Document{Origin: args[0], Format: f, Body: body, URL: pageURL}, opt)
			if err != nil {
				return err
			}
			if asJSON {
				return writeExtractJSON(a.stdout, art)
			}
			return writeExtractText(a.stdout, art)
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON (schema in docs/extract-json.md)")
	c.Flags().StringVar(&format, "format", "", "input format: html or text (default: sniffed from content)")
	c.Flags().StringVar(&pageURL, "url", "", "the page's URL (resolves links, kept as the article URL)")
	c.Flags().StringVar(&extractor, "extractor", string(clean.ExtractCombined), "HTML extractor: combined, trafilatura or readability")
	return c
}

// readInput reads a file, or standard input for "-", bounded by the
// configured document size limit (plus one byte, so clean can say it is
// too large).
func readInput(a *app, name string) ([]byte, error) {
	limit := a.cfg.MaxDocBytes
	if limit <= 0 {
		limit = clean.DefaultMaxBytes
	}
	r, err := a.openInput("extract", name)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, news.E("extract", news.KindUnavailable, err)
	}
	return b, nil
}

func writeExtractJSON(w io.Writer, art *news.Article) error {
	out := extractJSON{
		ID: art.ID, Origin: art.Origin, Format: art.Format, URL: art.URL, CanonicalURL: art.CanonicalURL,
		Title: art.Title, Bylines: art.Bylines, Site: art.Site, Dateline: art.Dateline,
		OriginalSource: art.OriginalSource, Language: art.Language, LanguageConfidence: art.LanguageConfidence,
		Description: art.Description, ContentHash: art.ContentHash, Text: art.Text, Blocks: art.Blocks,
		Removed: art.Removed,
	}
	if !art.Published.IsZero() {
		out.Published = art.Published.Format(time.RFC3339)
	}
	if out.Bylines == nil {
		out.Bylines = []string{}
	}
	if out.Blocks == nil {
		out.Blocks = []news.Block{}
	}
	if out.Removed == nil {
		out.Removed = []string{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func writeExtractText(w io.Writer, art *news.Article) error {
	var sb strings.Builder
	field := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&sb, "%-16s %s\n", k+":", v)
		}
	}
	field("title", art.Title)
	field("bylines", strings.Join(art.Bylines, "; "))
	if !art.Published.IsZero() {
		field("published", art.Published.Format(time.RFC3339))
	}
	field("site", art.Site)
	field("dateline", art.Dateline)
	field("original source", art.OriginalSource)
	field("language", fmt.Sprintf("%s (%.2f)", art.Language, art.LanguageConfidence))
	field("url", art.URL)
	field("canonical url", art.CanonicalURL)
	field("description", art.Description)
	field("format", string(art.Format))
	field("id", art.ID)
	fmt.Fprintf(&sb, "%-16s %d blocks, %d removed\n\n", "body:", len(art.Blocks), len(art.Removed))
	for i, b := range art.Blocks {
		if i > 0 {
			sb.WriteString("\n")
		}
		t := art.Text[b.Start:b.End]
		switch b.Kind {
		case news.BlockHeading:
			sb.WriteString("## " + t + "\n")
		case news.BlockListItem:
			sb.WriteString("* " + t + "\n")
		case news.BlockQuote:
			sb.WriteString("> " + t + "\n")
		default:
			sb.WriteString(t + "\n")
		}
	}
	_, err := io.WriteString(w, sb.String())
	return err
}
