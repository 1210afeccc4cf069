package watch

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/readout/readout/internal/fetch"
	"github.com/readout/readout/internal/news"
)

// fetched is one item's fetch outcome, sent to the processing loop.
type fetched struct {
	item Item
	resp *fetch.Response
	err  error
}

// fetchItems fetches items, one worker per host (Workers at a time), and
// processes the pages in the calling goroutine in small batches.
func (w *Watcher) fetchItems(ctx context.Context, items []Item) (Stats, error) {
	byHost := map[string][]Item{}
	var hosts []string
	for _, it := range items {
		h := ""
		if u, err := url.Parse(it.URL); err == nil {
			h = strings.ToLower(u.Host)
		}
		if _, ok := byHost[h]; !ok {
			hosts = append(hosts, h)
		}
		byHost[h] = append(byHost[h], it)
	}
	fctx, stop := context.WithCancel(ctx)
	defer stop()
	results := make(chan fetched, w.opt.Workers)
	queue := make(chan []Item)
	var wg sync.WaitGroup
	for range min(w.opt.Workers, len(hosts)) {
		wg.Go(func() {
			for list := range queue {
				for _, it := range list {
					if fctx.Err() != nil {
						break
					}
					resp, err := w.opt.Fetcher.Fetch(fctx, fetch.Request{URL: it.URL})
					// Always delivered: a page fetched before a stop
					// request is still processed.
					results <- fetched{it, resp, err}
				}
			}
		})
	}
	go func() {
		defer close(queue)
		for _, h := range hosts {
			select {
			case queue <- byHost[h]:
			case <-fctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()

	var st Stats
	var firstErr error
	for r := range results {
		if firstErr != nil {
			continue // drain
		}
		batch := []fetched{r}
	more:
		for len(batch) < 16 {
			select {
			case r, ok := <-results:
				if !ok {
					break more
				}
				batch = append(batch, r)
			default:
				break more
			}
		}
		if err := w.handle(ctx, batch, &st); err != nil {
			firstErr = err
			stop()
		}
	}
	return st, firstErr
}

// handle saves a batch of fetch outcomes: failures are scheduled for
// another try or given up, pages are kept, processed, and their items
// marked stored. It works on with a context that is not cancelled, so
// that a stop request lets the pages already fetched be stored.
func (w *Watcher) handle(ctx context.Context, batch []fetched, st *Stats) error {
	save := context.WithoutCancel(ctx)
	now := w.opt.Now().UTC()
	var (
		docs  []news.Document
		owner []Item
	)
	for _, f := range batch {
		it := f.item
		if f.err != nil {
			if ctx.Err() != nil && errors.Is(f.err, ctx.Err()) {
				continue // interrupted: still pending
			}
			w.failed(&it, f.err, now, st)
			if err := w.opt.State.FinishItem(save, it); err != nil {
				return err
			}
			continue
		}
		st.Fetched++
		if reason := notHTML(f.resp.ContentType); reason != "" {
			it.Status, it.LastError = ItemSkipped, reason
			st.Skipped++
			w.opt.Log.Info("skipped", "url", it.URL, "reason", reason)
			if err := w.opt.State.FinishItem(save, it); err != nil {
				return err
			}
			continue
		}
		page := &Page{URL: it.URL, FinalURL: f.resp.URL, Status: f.resp.Status, Header: f.resp.Header,
			ContentType: f.resp.ContentType, Body: f.resp.Body, Fetched: f.resp.Fetched}
		if err := w.opt.State.PutPage(save, page); err != nil {
			return err
		}
		docs = append(docs, news.Document{
			Origin: it.URL, URL: f.resp.URL, Title: it.Title, Published: it.Published, Source: it.Source,
			Body: f.resp.Body, ContentType: f.resp.ContentType, Fetched: f.resp.Fetched,
		})
		owner = append(owner, it)
	}
	if len(docs) == 0 {
		return nil
	}
	res, err := w.opt.Process(save, docs)
	if err != nil {
		return err
	}
	if len(res) != len(docs) {
		return news.E("watch", news.KindInternal, fmt.Sprintf("processor returned %d results for %d documents", len(res), len(docs)))
	}
	for i, r := range res {
		it := owner[i]
		switch {
		case r.Reason != nil && r.Skipped:
			it.Status, it.LastError = ItemSkipped, oneLine(r.Reason)
			st.Skipped++
		case r.Reason != nil:
			it.Status, it.LastError = ItemFailed, oneLine(r.Reason)
			st.Rejected++
		default:
			it.Status, it.ArticleID, it.LastError = ItemStored, r.ArticleID, ""
			st.Stored++
		}
		if err := w.opt.State.FinishItem(save, it); err != nil {
			return err
		}
		w.opt.Log.Info("article", "status", string(it.Status), "result", string(r.Put), "article_id", r.ArticleID, "url", it.URL, "reason", it.LastError)
	}
	return nil
}

// failed decides what a fetch error means for an item.
func (w *Watcher) failed(it *Item, err error, now time.Time, st *Stats) {
	it.LastError = oneLine(err)
	it.Attempts++
	switch {
	case errors.Is(err, fetch.ErrBlocked), errors.Is(err, fetch.ErrDisallowed), errors.Is(err, fetch.ErrScheme):
		it.Status = ItemSkipped
		st.Skipped++
	case news.IsKind(err, news.KindNotFound), news.IsKind(err, news.KindInvalid),
		errors.Is(err, fetch.ErrTooLarge), errors.Is(err, fetch.ErrBadEncoding), errors.Is(err, fetch.ErrRedirects):
		it.Status = ItemFailed
		st.Failed++
	case it.Attempts >= w.opt.MaxAttempts:
		it.Status = ItemFailed
		st.Failed++
	default:
		wait := w.opt.RetryDelay << (it.Attempts - 1)
		var se *fetch.StatusError
		if errors.As(err, &se) && se.RetryAfter > wait {
			wait = se.RetryAfter
		}
		it.Status, it.NextTry = ItemPending, now.Add(wait)
		st.Retried++
	}
	w.opt.Log.Warn("fetch failed", "url", it.URL, "status", string(it.Status), "attempts", it.Attempts, "err", it.LastError)
}

// notHTML says why a page with this Content-Type is not an article, or "".
func notHTML(ctype string) string {
	if strings.TrimSpace(ctype) == "" {
		return ""
	}
	mt, _, err := mime.ParseMediaType(ctype)
	if err != nil {
		return ""
	}
	switch mt {
	case "text/html", "application/xhtml+xml", "text/plain", "application/octet-stream":
		return ""
	}
	return "media type " + mt + " is not an article page"
}
