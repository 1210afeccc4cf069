package sqlite

// Placeholders for the store methods whose tables are being built
// (events: migration 4, stories: migration 5). Each is replaced by its
// real implementation in events.go and stories.go.

import (
	"context"

	"github.com/readout/readout/internal/news"
)

func notYet(op string) error {
	return news.E(op, news.KindUnavailable, "not implemented yet in the SQLite store")
}

func (s *Store) Events(ctx context.Context, f news.EventFilter) ([]news.EventSummary, error) {
	return nil, notYet("sqlite.Events")
}

func (s *Store) EachArticle(ctx context.Context, fn func(*news.Article) error) error {
	return notYet("sqlite.EachArticle")
}

func (s *Store) PutStories(ctx context.Context, stories []news.StoryDetail) error {
	return notYet("sqlite.PutStories")
}

func (s *Store) ResetStories(ctx context.Context) error { return notYet("sqlite.ResetStories") }

func (s *Store) Stories(ctx context.Context, f news.StoryFilter) ([]news.Story, error) {
	return nil, notYet("sqlite.Stories")
}

func (s *Store) Story(ctx context.Context, id string) (*news.StoryDetail, error) {
	return nil, notYet("sqlite.Story")
}

func (s *Store) StoryOf(ctx context.Context, articleID string) (string, error) {
	return "", notYet("sqlite.StoryOf")
}
