// Package storetest is the conformance suite for news.Store: one set of
// named subtests that every implementation (internal/store/sqlite, later
// internal/store/postgres) runs from its own test:
//
//	func TestStore(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) news.Store { … open a fresh, empty store … })
//	}
//
// The suite pins down the behaviour news.Store documents and what callers
// rely on beyond it:
//
//   - PutArticle: a new ID is PutStored; the same article again is
//     PutUnchanged; a changed one is PutUpdated and replaces blocks,
//     sentences, the search index and (when given) the raw document; a nil
//     raw keeps the stored one. A different ID with the ContentHash of a
//     stored original is PutDuplicate with a.DuplicateOf set, is listed only
//     with IncludeDuplicates and never found by search; when an original
//     changes its body, its oldest duplicate takes its place. A zero
//     IngestedAt is set by the store and kept across re-puts. A failed put
//     (invalid offsets, cancelled context) changes nothing.
//   - Times round-trip to the microsecond (PostgreSQL's precision), in any
//     location. Every Article field round-trips, unicode included.
//   - Articles: newest first by published time, else ingest time; Limit
//     (default 50, capped at 1000), Offset; Site, Language, Since
//     (inclusive), Until (exclusive); search with words, "phrases", OR,
//     -exclusion, prefix*, case and diacritics folded; snippets mark hits
//     with news.HighlightStart/End; no query string makes it fail.
//   - Unknown IDs are KindNotFound, bad arguments KindInvalid.
//   - Raw bodies are byte-exact (binary, empty, large); EachRaw visits in
//     first-ingest order, may call PutArticle, and stops at fn's error.
//   - Stats.Articles counts all stored articles including duplicates;
//     Stats.Duplicates the duplicates; Stats.Sentences all their sentences.
//   - Entities: Article.Entities round-trip (mentions, roles, titles,
//     conflicts) and are replaced when an article is updated. Entities
//     lists entities by number of articles, then name, then ID, counting
//     only articles that are not duplicates (a promoted duplicate counts),
//     filtered by Query (case-insensitive substring of name or ID, no
//     wildcards), Type, Country, Sector, with Limit and Offset. Entity
//     gives aliases (name-like mention texts), roles oldest first with
//     their evidence text, and appearances newest first; an ID that no
//     counted article mentions is KindNotFound. Mention or role spans
//     outside the text, and entities without an ID, are KindInvalid.
//   - Events: Article.Events round-trip and are replaced on update; Events
//     lists mentions of non-duplicate articles by event date (resolved
//     Begin, else published/ingested), newest first, with ID
//     "<article>:<index>", SentenceText and StoryEventID, filtered by Type,
//     Mode, Status (unknown values match nothing), Actor/Recipient (entity
//     ID, code prefix, text substring), Country (actors, recipients, place),
//     Since/Until, ArticleID, Limit (default 50, max 1000), Offset.
//   - Stories: PutStories replaces stories wholesale (atomically: a batch
//     with an invalid story stores nothing); an article moves to the last
//     story that lists it, and its events' StoryEventID with it. Stories
//     by LastSeen then ID, filtered by Query, Entity, MinSources
//     (independent), Since, Until; Story of an unknown ID is KindNotFound;
//     StoryOf is "" for none; ResetStories; EachArticle visits in
//     first-ingest order with duplicates.
//   - Concurrent puts and reads are safe; Close may be called twice and
//     later calls fail.
//
// Run closes every store it opens; open may also register its own cleanup.
package storetest

import (
	"context"
	"testing"

	"github.com/readout/readout/internal/news"
)

// Run runs the whole suite against stores made by open, which must return
// a fresh, empty store each time (it may use t.TempDir and t.Cleanup).
func Run(t *testing.T, open func(t *testing.T) news.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s news.Store)
	}{
		{"PutGetRoundTrip", testRoundTrip},
		{"PutSetsIngestedAt", testIngestedAt},
		{"PutFillsContentHash", testFillsContentHash},
		{"PutIdempotent", testIdempotent},
		{"PutUpdate", testUpdate},
		{"PutUpdateKeepsIngestedAt", testUpdateKeepsIngestedAt},
		{"PutNilRawKeepsRaw", testNilRawKeepsRaw},
		{"PutInvalid", testInvalid},
		{"PutFailureKeepsStored", testFailureKeepsStored},
		{"PutCancelledContext", testCancelledContext},
		{"Duplicates", testDuplicates},
		{"DuplicatePromotedWhenOriginalChanges", testDuplicatePromoted},
		{"ArticleNotFound", testArticleNotFound},
		{"ListOrder", testListOrder},
		{"ListLimitOffset", testLimitOffset},
		{"ListFilters", testFilters},
		{"ListWords", testWords},
		{"ListInvalid", testListInvalid},
		{"ListEmptyStore", testListEmpty},
		{"Search", testSearch},
		{"SearchSnippet", testSnippet},
		{"SearchWithFilters", testSearchFilters},
		{"SearchUpdatedText", testSearchUpdated},
		{"SearchHostileQueries", testHostileQueries},
		{"RawRoundTrip", testRawRoundTrip},
		{"RawNotFound", testRawNotFound},
		{"EachRawOrder", testEachRawOrder},
		{"EachRawStops", testEachRawStops},
		{"EachRawReprocess", testEachRawReprocess},
		{"Stats", testStats},
		{"ConcurrentPuts", testConcurrentPuts},
		{"ConcurrentReadsDuringWrites", testConcurrentReads},
		{"Close", testClose},
		{"EntitiesRoundTrip", testEntitiesRoundTrip},
		{"EntitiesUpdateReplaces", testEntitiesUpdateReplaces},
		{"EntitiesCounts", testEntitiesCounts},
		{"EntitiesFilters", testEntitiesFilters},
		{"EntityNotFound", testEntityNotFound},
		{"EntitiesInvalid", testEntitiesInvalid},
		{"QuotesRoundTrip", testQuotesRoundTrip},
		{"QuotesUpdateReplaces", testQuotesUpdateReplaces},
		{"QuotesFilters", testQuotesFilters},
		{"QuotesDuplicatesExcluded", testQuotesDuplicatesExcluded},
		{"EventsRoundTrip", testEventsRoundTrip}, {"EventsUpdateReplaces", testEventsUpdateReplaces}, {"EventsFilters", testEventsFilters}, {"EventsLimits", testEventsLimits}, {"EventsDuplicatesExcluded", testEventsDuplicatesExcluded},
		// events subtests (events.go) here
		{"StoriesRoundTrip", testStoriesRoundTrip}, {"StoriesReplace", testStoriesReplace}, {"StoriesFilters", testStoriesFilters}, {"StoryNotFound", testStoryNotFound}, {"EachArticle", testEachArticle},
		// stories subtests (stories.go) here
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() { s.Close() })
			tc.fn(t, s)
		})
	}
}

// put stores a and fails t unless the result is want.
func put(t *testing.T, s news.Store, a *news.Article, raw *news.Raw, want news.PutResult) {
	t.Helper()
	got, err := s.PutArticle(context.Background(), a, raw)
	if err != nil {
		t.Fatalf("PutArticle(%s): %v", a.ID, err)
	}
	if got != want {
		t.Fatalf("PutArticle(%s) = %q, want %q", a.ID, got, want)
	}
}

func get(t *testing.T, s news.Store, id string) *news.Article {
	t.Helper()
	a, err := s.Article(context.Background(), id)
	if err != nil {
		t.Fatalf("Article(%s): %v", id, err)
	}
	return a
}

func list(t *testing.T, s news.Store, f news.ArticleFilter) []news.ArticleSummary {
	t.Helper()
	l, err := s.Articles(context.Background(), f)
	if err != nil {
		t.Fatalf("Articles(%+v): %v", f, err)
	}
	return l
}

func stats(t *testing.T, s news.Store) news.Stats {
	t.Helper()
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatalf("Stats: %v", err)
	}
	return st
}

func wantKind(t *testing.T, what string, err error, k news.Kind) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s: no error, want kind %v", what, k)
	}
	if !news.IsKind(err, k) {
		t.Fatalf("%s: error %v has kind %v, want %v", what, err, news.KindOf(err), k)
	}
}

func sameIDs(t *testing.T, what string, got []news.ArticleSummary, want ...string) {
	t.Helper()
	g := ids(got)
	if len(g) != len(want) {
		t.Fatalf("%s: got %q, want %q", what, g, want)
	}
	for i := range g {
		if g[i] != want[i] {
			t.Fatalf("%s: got %q, want %q", what, g, want)
		}
	}
}
