package pipeline

import (
	"log/slog"

	"github.com/readout/readout/internal/clean"
	"github.com/readout/readout/internal/event"
	"github.com/readout/readout/internal/kb"
	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/quote"
	"github.com/readout/readout/internal/resolve"
	"github.com/readout/readout/internal/source"
	"github.com/readout/readout/internal/syntax"
	"github.com/readout/readout/internal/text"
)

// Options configures the standard pipeline.
type Options struct {
	Workers      int
	MaxDocBytes  int64
	MaxHTMLDepth int
	Log          *slog.Logger
	// Syntax, when set, tags, lemmatises and parses every sentence.
	Syntax *syntax.Model
	// Resolver, when set, fills Article.Entities (after syntax).
	Resolver *resolve.Resolver
	// Quotes, when set, fills Article.Quotes with this knowledge base
	// (after syntax and entities, so that cues are tagged and speakers
	// can be linked).
	Quotes *kb.KB
	// Events, when set, fills Article.Events with this knowledge base
	// (after quotes).
	Events *kb.KB
}

// New returns the standard pipeline over store: clean, then sentences and
// tokens, then (with Options.Syntax) tags, lemmas and dependencies, then
// (with Options.Resolver) entities, then (with Options.Quotes) quotes.
// Later stages (events) are appended to Enrich as they are wired in.
func New(store news.Store, opt Options) *Pipeline {
	copt := clean.Options{MaxBytes: opt.MaxDocBytes, MaxDepth: opt.MaxHTMLDepth}
	enrich := []EnrichFunc{Split}
	if m := opt.Syntax; m != nil {
		enrich = append(enrich, func(a *news.Article) error {
			m.AnnotateArticle(a)
			return nil
		})
	}
	if r := opt.Resolver; r != nil {
		enrich = append(enrich, Entities(r))
	}
	if k := opt.Quotes; k != nil {
		enrich = append(enrich, Quotes(k))
	}
	if k := opt.Events; k != nil {
		enrich = append(enrich, Events(k))
	}
	return &Pipeline{
		Store:   store,
		Workers: opt.Workers,
		Log:     opt.Log,
		Source:  source.Options{MaxBytes: opt.MaxDocBytes},
		Clean: func(d news.Document) (*news.Article, error) {
			return clean.Document(d, copt)
		},
		Enrich: enrich,
	}
}

// Split fills an article's sentences and tokens.
func Split(a *news.Article) error {
	a.Sentences = text.Sentences(a.Text, a.Blocks)
	return nil
}

// Entities returns the stage that fills an article's entities with r.
func Entities(r *resolve.Resolver) EnrichFunc {
	return func(a *news.Article) error {
		a.Entities = r.Article(a)
		return nil
	}
}

// Quotes returns the stage that fills an article's quotations using the
// knowledge base k.
func Quotes(k *kb.KB) EnrichFunc {
	return func(a *news.Article) error {
		a.Quotes = quote.Extract(a, k)
		return nil
	}
}

// Events returns the stage that codes an article's PLOVER events using
// the knowledge base k.
func Events(k *kb.KB) EnrichFunc {
	return func(a *news.Article) error {
		a.Events = event.Code(a, k)
		return nil
	}
}
