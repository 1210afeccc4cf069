package sqlite

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/store/storetest"
)

func openTest(t testing.TB) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "readout.db"), nil)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) news.Store { return openTest(t) })
}

func TestStoreInMemory(t *testing.T) {
	storetest.Run(t, func(t *testing.T) news.Store {
		s, err := Open(context.Background(), ":memory:", nil)
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		return s
	})
}

func longArticle() *news.Article { return storetest.LongArticle(1, 700) }

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
