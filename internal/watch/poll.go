package watch

import (
	"context"
	"errors"
	"slices"
	"sync"
	"time"

	"github.com/readout/readout/internal/feed"
	"github.com/readout/readout/internal/fetch"
)

// pollDue polls the due sources, Workers at a time.
func (w *Watcher) pollDue(ctx context.Context) (Stats, error) {
	due, err := w.opt.State.DueSources(ctx, w.opt.Now())
	if err != nil {
		return Stats{}, err
	}
	var (
		mu    sync.Mutex
		st    Stats
		first error
		wg    sync.WaitGroup
		sem   = make(chan struct{}, w.opt.Workers)
	)
	for _, src := range due {
		if ctx.Err() != nil {
			break
		}
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			s, err := w.poll(ctx, src)
			mu.Lock()
			defer mu.Unlock()
			st.Add(s)
			if err != nil && first == nil {
				first = err
			}
		})
	}
	wg.Wait()
	return st, first
}

const feedAccept = "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"

// poll fetches one source and records what it found. Only a store failure
// is returned: a feed that cannot be fetched or read is counted against
// the source.
func (w *Watcher) poll(ctx context.Context, src Source) (Stats, error) {
	var st Stats
	now := w.opt.Now().UTC()
	interval := src.Interval
	if interval <= 0 {
		interval = w.opt.Interval
	}
	interval = min(max(interval, w.opt.MinInterval), w.opt.MaxInterval)
	firstPoll := src.LastPoll.IsZero()
	src.LastPoll = now
	save := context.WithoutCancel(ctx)

	resp, err := w.opt.Fetcher.Fetch(ctx, fetch.Request{URL: src.URL, ETag: src.ETag, LastModified: src.LastModified, Accept: feedAccept})
	var f *feed.Feed
	if err == nil && !resp.NotModified {
		f, err = feed.Parse(resp.Body, resp.URL)
	}
	if err != nil {
		if ctx.Err() != nil {
			return st, nil // not polled: still due
		}
		st.Polled, st.PollErrors = 1, 1
		src.Errors++
		src.LastError = oneLine(err)
		wait := min(interval<<min(src.Errors, 8), w.opt.MaxInterval)
		var se *fetch.StatusError
		if errors.As(err, &se) && se.RetryAfter > wait {
			wait = se.RetryAfter
		}
		src.NextPoll = now.Add(wait)
		w.opt.Log.Warn("poll failed", "source_id", src.ID, "source", src.Name, "err", src.LastError, "next_poll", wait.Round(time.Second).String())
		_, err := w.opt.State.RecordPoll(save, src, nil, nil, now)
		return st, err
	}
	st.Polled = 1
	src.Errors, src.LastError = 0, ""
	src.ETag, src.LastModified = resp.ETag, resp.LastModified
	var items, backlog []feed.Item
	if resp.NotModified {
		st.NotModified = 1
	} else {
		if src.Name == "" {
			src.Name = f.Title
		}
		items = f.Items
		if len(f.Sitemaps) > 0 {
			items = append(items, w.children(ctx, src, f.Sitemaps)...)
		}
		items, backlog = newest(items, w.opt.MaxItemsPerPoll)
		if !firstPoll {
			backlog = nil
		}
	}
	src.Interval = interval
	src.NextPoll = now.Add(interval)
	added, err := w.opt.State.RecordPoll(save, src, items, backlog, now)
	if err != nil {
		return st, err
	}
	st.NewItems = added
	if next := adapt(interval, added, w.opt.MinInterval, w.opt.MaxInterval); !firstPoll && next != interval {
		src.Interval, src.NextPoll = next, now.Add(next)
		if _, err := w.opt.State.RecordPoll(save, src, nil, nil, now); err != nil {
			return st, err
		}
	}
	w.opt.Log.Info("polled", "source_id", src.ID, "source", src.Name, "items", len(items), "new", added,
		"not_modified", resp.NotModified, "next_poll", src.Interval.Round(time.Second).String())
	return st, nil
}

// children reads the most recently modified child sitemaps of an index.
// A child that fails is logged and skipped; an index inside an index is
// not followed.
func (w *Watcher) children(ctx context.Context, src Source, maps []feed.Sitemap) []feed.Item {
	maps = slices.Clone(maps)
	slices.SortStableFunc(maps, func(a, b feed.Sitemap) int { return b.LastMod.Compare(a.LastMod) })
	var out []feed.Item
	for _, m := range maps[:min(len(maps), w.opt.MaxChildSitemaps)] {
		resp, err := w.opt.Fetcher.Fetch(ctx, fetch.Request{URL: m.URL, Accept: feedAccept})
		if err == nil {
			var f *feed.Feed
			if f, err = feed.Parse(resp.Body, resp.URL); err == nil {
				out = append(out, f.Items...)
				continue
			}
		}
		if ctx.Err() != nil {
			return out
		}
		w.opt.Log.Warn("child sitemap failed", "source_id", src.ID, "url", m.URL, "err", oneLine(err))
	}
	return out
}

// newest splits items into the n most recently published (undated ones
// after dated ones, in feed order) and the rest.
func newest(items []feed.Item, n int) (keep, rest []feed.Item) {
	if len(items) <= n {
		return items, nil
	}
	items = slices.Clone(items)
	slices.SortStableFunc(items, func(a, b feed.Item) int {
		switch {
		case a.Published.IsZero() != b.Published.IsZero():
			if a.Published.IsZero() {
				return 1
			}
			return -1
		}
		return b.Published.Compare(a.Published)
	})
	return items[:n], items[n:]
}

// adapt is the next poll interval after a poll that found added new
// items: a quiet source is polled half as often again, a busy one twice
// as often, within [lo, hi].
func adapt(cur time.Duration, added int, lo, hi time.Duration) time.Duration {
	switch {
	case added == 0:
		cur = cur * 3 / 2
	case added >= 10:
		cur /= 2
	case added >= 3:
		cur = cur * 3 / 4
	}
	return min(max(cur, lo), hi)
}
