// Package sqlite implements news.Store on an embedded SQLite database
// (modernc.org/sqlite: pure Go, no cgo, FTS5 built in).
//
// One file holds everything: articles with their blocks and sentences, the
// raw documents they were cleaned from (gzip-compressed), and an FTS5 index
// over title and text. The database runs in WAL mode; all writes go through
// a single connection (SQLite allows one writer at a time anyway, and doing
// the queueing in Go avoids "database is locked" inside one process) while
// reads use a small pool and never wait for writers.
//
// The schema is versioned in code (migrations.go): numbered steps applied in
// a transaction at Open and recorded in schema_migrations and
// PRAGMA user_version, so an older database file is upgraded in place and a
// newer one is refused.
//
// Search: ArticleFilter.Query accepts words, "quoted phrases", OR between
// terms, -exclusions and trailing-* prefixes. User text is never passed to
// FTS5 MATCH as is: every term is quoted (see query.go). Results are ranked
// by bm25 with the title weighted above the body, among at most the 20,000
// most recently stored matches that pass the filters (ranking is linear in
// the number of matches; the cap keeps a common word over millions of
// articles to a fraction of a second); the snippet marks matched
// terms with news.HighlightStart and news.HighlightEnd ("<mark>", "</mark>")
// and is otherwise plain, unescaped text.
//
// Duplicates (same ContentHash as an article already stored) are kept as
// rows with duplicate_of set but are not indexed for search, so a search
// never returns them, even with IncludeDuplicates.
//
// Entities (schema step 2, see entities.go): each article's news.Entity
// values are stored with it, replaced on update, in entity_articles,
// entity_mentions and entity_roles; the entities table holds one row per
// cross-document ID with running article and mention counts that leave out
// duplicates, so that listing entities by prominence reads one index.
// Entities no longer mentioned by any counted article keep their row but
// are neither listed nor found by Entity.
//
// Quotes (schema step 3, see quotes.go): each article's news.Quote values
// are stored with it, replaced on update, one row each in quotes, with the
// columns listings filter on (speaker text and entity ID, kind, quoted
// text) and the whole quote as JSON; listings leave out duplicates.
//
// The package does not decide what an article is or how it is cleaned; it
// stores what it is given, after checking that offsets lie inside the text.
package sqlite
