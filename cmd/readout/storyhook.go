package main

import (
	"context"
	"maps"
	"slices"
	"time"

	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/pipeline"
	"github.com/readout/readout/internal/story"
)

// putStoriesBatch is how many stories one PutStories call writes.
const putStoriesBatch = 500

// storyHook keeps the stories of a store up to date as a pipeline writes
// articles: on the first stored article it builds a story engine from
// every article already stored (EachArticle), then adds each article the
// pipeline stores and, at the end of the run, writes the stories that
// changed.
type storyHook struct {
	a       *app
	st      news.Store
	eng     *story.Engine
	off     bool // the store keeps no stories, or building failed
	changed map[string]bool
}

// attachStories is a pipelineHooks entry.
func attachStories(a *app, st news.Store, p *pipeline.Pipeline) error {
	h := &storyHook{a: a, st: st, changed: map[string]bool{}}
	p.AfterStore = append(p.AfterStore, h.afterStore)
	p.AfterRun = append(p.AfterRun, h.afterRun)
	return nil
}

// build loads the engine from the store. The article being stored is
// already in the store, so it is among those loaded: its story is marked
// changed here.
func (h *storyHook) build(ctx context.Context, current string) error {
	start := time.Now()
	eng := story.New(story.Options{})
	n := 0
	all := map[string]bool{}
	err := h.st.EachArticle(ctx, func(a *news.Article) error {
		n++
		for _, id := range eng.Add(a) {
			all[id] = true
			if a.ID == current {
				h.changed[id] = true
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	h.eng = eng
	// A store with articles but no stories (made by a readout without
	// them): write every story at the end of the run, as restory would.
	if n > 1 {
		l, err := h.st.Stories(ctx, news.StoryFilter{Limit: 1})
		if err != nil {
			return err
		}
		if len(l) == 0 {
			maps.Copy(h.changed, all)
		}
	}
	h.a.log.Info("stories loaded", "articles", n, "seconds", time.Since(start).Seconds())
	return nil
}

func (h *storyHook) afterStore(ctx context.Context, a *news.Article, res news.PutResult) error {
	if h.off || res == news.PutUnchanged {
		return nil
	}
	if h.eng == nil {
		if err := h.build(ctx, a.ID); err != nil {
			h.off = true
			if news.IsKind(err, news.KindUnavailable) {
				h.a.log.Warn("stories are not kept: the store cannot list articles for them", "err", err.Error())
				return nil
			}
			return err
		}
		return nil
	}
	ids := h.eng.Add(a)
	if len(ids) == 0 {
		// Already in the engine: it was loaded from the store before
		// this notice arrived (a story consumer behind the workers).
		// Its story must still be written.
		if id, ok := h.eng.StoryOf(a.ID); ok {
			ids = []string{id}
		}
	}
	for _, id := range ids {
		h.changed[id] = true
	}
	return nil
}

func (h *storyHook) afterRun(ctx context.Context) error {
	if h.off || h.eng == nil || len(h.changed) == 0 {
		return nil
	}
	var batch []news.StoryDetail
	n := 0
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := h.st.PutStories(ctx, batch)
		n += len(batch)
		batch = batch[:0]
		return err
	}
	ids := slices.Sorted(maps.Keys(h.changed))
	for _, id := range ids {
		d, ok := h.eng.Detail(id)
		if !ok {
			continue
		}
		batch = append(batch, d)
		if len(batch) == putStoriesBatch {
			if err := flush(); err != nil {
				return h.putFailed(err)
			}
		}
	}
	if err := flush(); err != nil {
		return h.putFailed(err)
	}
	clear(h.changed)
	h.a.log.Debug("stories written", "stories", n)
	return nil
}

func (h *storyHook) putFailed(err error) error {
	if news.IsKind(err, news.KindUnavailable) {
		h.off = true
		h.a.log.Warn("stories are not kept: the store cannot write them", "err", err.Error())
		return nil
	}
	return err
}
