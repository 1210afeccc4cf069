package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/readout/readout/internal/feed"
	"github.com/readout/readout/internal/watch"
	"github.com/readout/readout/internal/watch/watchtest"
)

func TestWatchState(t *testing.T) {
	watchtest.Run(t, func(t *testing.T) watch.State {
		st, err := Open(context.Background(), ":memory:", nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	})
}

// BenchmarkRecordPoll records a poll of 100 items, half of them new.
func BenchmarkRecordPoll(b *testing.B) {
	st, err := Open(context.Background(), filepath.Join(b.TempDir(), "w.db"), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	src, err := st.AddSource(ctx, watch.Source{URL: "https://courier.example/rss", Kind: feed.KindRSS})
	if err != nil {
		b.Fatal(err)
	}
	now := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	n := 0
	for b.Loop() {
		items := make([]feed.Item, 100)
		for i := range items {
			items[i] = feed.Item{URL: fmt.Sprintf("https://courier.example/story/%d", n+i), Title: "A story", Published: now}
		}
		n += 50
		if _, err := st.RecordPoll(ctx, src, items, nil, now); err != nil {
			b.Fatal(err)
		}
	}
}
