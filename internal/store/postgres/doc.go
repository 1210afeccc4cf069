// Package postgres implements news.Store on PostgreSQL (jackc/pgx v5, a
// pgxpool connection pool), for deployments where several workers write
// to one database. It passes the same conformance suite
// (internal/store/storetest) as the embedded SQLite store and keeps the
// same semantics; what differs is how it gets them with concurrent
// writers in several processes.
//
// Opening: Open(ctx, "postgres://user:pass@host:5432/db?…", log). The
// schema lives in the URL's search_path (…&search_path=readout), else the
// database's default (public).
//
// Connection pool: every pgxpool setting can be given in the URL
// (pool_max_conns, pool_min_conns, pool_max_conn_lifetime,
// pool_max_conn_idle_time, pool_health_check_period); readout's defaults
// for those not given are pool_max_conns = max(4, 2×GOMAXPROCS) — a
// PutArticle holds one connection for its transaction, a listing one per
// query — pool_max_conn_idle_time 5m, pool_health_check_period 30s,
// connect_timeout 10s and application_name=readout. With W worker
// processes the server needs max_connections ≥ W × pool_max_conns plus
// headroom; put PgBouncer (transaction mode) in front beyond a few
// hundred connections.
//
// Schema (schema.go) is versioned in numbered steps recorded in
// schema_migrations. Open (and `readout migrate`, via Migrate) applies the
// pending ones, each in its own transaction, while holding a session
// advisory lock, so that several workers starting at once migrate once; a
// database newer than this readout is refused.
//
// Writes are idempotent: PutArticle keyed by article ID re-puts an
// unchanged article (a redelivered queue message) in one round trip that
// writes nothing. A put is three pipelined round trips (see PutArticle). Concurrent puts of one article ID, or of two texts with
// one content hash, are serialised by transaction-scoped advisory locks;
// shared rows (entity totals, the Stats counters) are updated last, in a
// fixed order, so transactions hold them only until commit and do not
// deadlock; a transaction that loses a deadlock or serialization conflict
// anyway is retried. Stats reads 16 counter rows (a writer updates one,
// picked by article ID) rather than counting millions of rows.
//
// Search: a tsvector column (title weight A, text weight B; NULL for
// duplicates, which are never search results) with a GIN index, under the
// text search configuration readout_search: English stemming, with
// diacritics folded by the unaccent dictionary when the extension exists
// or can be created (it is trusted since PostgreSQL 13), else folded by
// the store in Go before indexing and querying, with snippets cut from the
// folded text and mapped back onto the original (fold.go; the whole
// conformance suite passes on that path too). ArticleFilter.Query has
// the SQLite store's syntax (words, "phrases", OR, -exclusion, prefix*);
// it is parsed in Go and every term is a bound parameter of
// phraseto_tsquery (or of to_tsquery as one quoted operand with :*), so
// no user input is read as SQL or tsquery syntax and no query errors.
// Unlike SQLite's FTS5, words are stemmed ("ferries" finds "ferry") and
// English stop words are ignored. Results are ranked by ts_rank among the
// 20,000 most recently stored matches; snippets come from ts_headline with
// news.HighlightStart/End and are otherwise plain text (ts_headline drops
// HTML-like tags from the snippet).
//
// Storage: times are timestamptz (microseconds); raw documents are
// gzip-compressed by the store and kept out of line without TOAST
// compression; an article's sentences and tokens are one binary row (the
// SQLite store's token codec); an entity's mentions in an article are one
// JSON value in its entity_articles row. See README.md for sizes,
// throughput and the list of indexes.
package postgres
