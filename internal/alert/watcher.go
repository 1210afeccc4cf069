package alert

import (
	"context"
	"log/slog"

	"github.com/readout/readout/internal/news"
)

// Stories is what a Watcher reads of the story engine's results: the
// story an article belongs to. news.Store satisfies it.
type Stories interface {
	StoryOf(ctx context.Context, articleID string) (string, error)
	Story(ctx context.Context, id string) (*news.StoryDetail, error)
}

// maxRecheck bounds how many articles a Watcher remembers for matching
// story rules again at the end of a run.
const maxRecheck = 5000

// Watcher matches articles as a pipeline stores them and delivers at the
// end of the run. Its AfterStore and AfterRun methods have the shape of
// the pipeline's hooks. It is not safe for concurrent use (the pipeline
// calls hooks from its one writer goroutine).
type Watcher struct {
	rules   *Rules
	stories Stories
	sender  *Sender
	log     *slog.Logger

	needStories bool
	storiesOff  bool            // the store has no stories: stop asking
	recheck     []*news.Article // trimmed copies, for story rules
	seen        map[string]bool
	dropped     int
}

// NewWatcher returns a Watcher. stories may be nil (no story engine):
// then every event counts as one source and story rules never fire.
func NewWatcher(rules *Rules, stories Stories, sender *Sender, log *slog.Logger) *Watcher {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	w := &Watcher{rules: rules, stories: stories, sender: sender, log: log,
		needStories: rules.NeedsStories(), seen: map[string]bool{}}
	if stories == nil && w.needStories {
		w.storiesOff = true
		log.Warn("alerts: no story store: min_sources counts every event as 1 source and story rules cannot fire")
	}
	return w
}

// AfterStore matches a newly stored or updated article and records its
// deliveries as pending (duplicates and unchanged articles have nothing
// new). Rules that need stories are matched again in AfterRun, when the
// story engine has caught up.
func (w *Watcher) AfterStore(ctx context.Context, a *news.Article, res news.PutResult) error {
	if a == nil || (res != news.PutStored && res != news.PutUpdated) {
		return nil
	}
	story := w.storyOf(ctx, a.ID)
	matches := w.rules.Match(a, story)
	if len(matches) > 0 {
		n, err := w.sender.Enqueue(ctx, matches)
		if err != nil {
			return err
		}
		if n > 0 {
			w.log.Debug("alerts matched", "article_id", a.ID, "new_deliveries", n)
		}
	}
	if w.needStories && !w.storiesOff && !w.seen[a.ID] {
		if len(w.recheck) >= maxRecheck {
			w.dropped++
			return nil
		}
		w.seen[a.ID] = true
		w.recheck = append(w.recheck, trim(a))
	}
	return nil
}

// AfterRun matches the story rules again for the articles of the run
// (stories may have been computed since), then sends every pending
// delivery, those of earlier runs too.
func (w *Watcher) AfterRun(ctx context.Context) error {
	if w.dropped > 0 {
		w.log.Warn("alerts: too many articles in one run to re-check story rules for all", "unchecked", w.dropped)
	}
	for _, a := range w.recheck {
		s := w.storyOf(ctx, a.ID)
		if s == nil {
			continue
		}
		if _, err := w.sender.Enqueue(ctx, w.rules.match(a, s, true)); err != nil {
			return err
		}
	}
	w.recheck, w.seen, w.dropped = nil, map[string]bool{}, 0
	rep, err := w.sender.Flush(ctx)
	if rep.Attempts > 0 || rep.Skipped > 0 {
		w.log.Info("alerts delivered", "delivered", rep.Delivered, "failed", rep.Failed, "pending", rep.Pending,
			"skipped", rep.Skipped, "attempts", rep.Attempts)
	}
	return err
}

// storyOf returns the story of an article, or nil.
func (w *Watcher) storyOf(ctx context.Context, id string) *news.StoryDetail {
	if !w.needStories || w.storiesOff {
		return nil
	}
	sid, err := w.stories.StoryOf(ctx, id)
	if err == nil && sid != "" {
		var s *news.StoryDetail
		if s, err = w.stories.Story(ctx, sid); err == nil {
			return s
		}
	}
	if err != nil {
		if news.IsKind(err, news.KindUnavailable) {
			w.storiesOff = true
			w.log.Warn("alerts: stories are not available: min_sources counts every event as 1 source and story rules cannot fire", "err", err)
		} else {
			w.log.Warn("alerts: story lookup failed", "article_id", id, "err", err)
		}
	}
	return nil
}

// trim copies what story rules need of an article: metadata, the text
// (for evidence sentences), events and entities without mentions.
func trim(a *news.Article) *news.Article {
	t := &news.Article{ID: a.ID, URL: a.URL, Title: a.Title, Site: a.Site, Published: a.Published, Text: a.Text}
	t.Events = append([]news.Event(nil), a.Events...)
	for _, e := range a.Entities {
		t.Entities = append(t.Entities, news.Entity{ID: e.ID, Name: e.Name, Type: e.Type, Country: e.Country})
	}
	return t
}
