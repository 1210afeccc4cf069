package sqlite

// watchSchema is migration step 6: the state of `readout watch` (see
// watch.go and internal/watch.State). Times are Unix microseconds like
// everywhere else; intervals are microseconds too.
const watchSchema = `
-- Feeds and sitemaps that are polled.
CREATE TABLE sources (
	id            INTEGER PRIMARY KEY,
	name          TEXT    NOT NULL DEFAULT '',
	url           TEXT    NOT NULL UNIQUE,
	kind          TEXT    NOT NULL,
	category      TEXT    NOT NULL DEFAULT '',
	added         INTEGER NOT NULL,
	next_poll     INTEGER NOT NULL,
	last_poll     INTEGER,
	interval_us   INTEGER NOT NULL DEFAULT 0, -- 0: the watcher's base interval
	etag          TEXT    NOT NULL DEFAULT '',
	last_modified TEXT    NOT NULL DEFAULT '',
	errors        INTEGER NOT NULL DEFAULT 0, -- consecutive failed polls
	last_error    TEXT    NOT NULL DEFAULT '',
	items         INTEGER NOT NULL DEFAULT 0  -- new items found so far
);
CREATE INDEX sources_due ON sources (next_poll);

-- Every article URL a source announced, keyed by the hash of its
-- canonical URL. An item is 'pending' until its article is stored (or it
-- is given up), so a crash between fetching and storing refetches it once.
CREATE TABLE seen_items (
	url_hash    TEXT    PRIMARY KEY,
	url         TEXT    NOT NULL,
	source_id   INTEGER REFERENCES sources(id) ON DELETE SET NULL,
	source_name TEXT    NOT NULL DEFAULT '',
	title       TEXT    NOT NULL DEFAULT '',
	published   INTEGER,
	first_seen  INTEGER NOT NULL,
	status      TEXT    NOT NULL, -- pending, stored, failed, skipped
	attempts    INTEGER NOT NULL DEFAULT 0,
	next_try    INTEGER,          -- when pending
	last_error  TEXT    NOT NULL DEFAULT '',
	article_id  TEXT    NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX seen_items_pending ON seen_items (next_try) WHERE status = 'pending';

-- Fetched pages with their HTTP headers, for WARC export. The body is
-- decoded (no Content-Encoding) and stored gzip-compressed when that
-- makes it smaller.
CREATE TABLE fetched_pages (
	seq          INTEGER PRIMARY KEY,
	url          TEXT    NOT NULL UNIQUE,
	final_url    TEXT    NOT NULL DEFAULT '',
	status       INTEGER NOT NULL,
	headers      TEXT    NOT NULL DEFAULT '{}', -- JSON object: name → values
	content_type TEXT    NOT NULL DEFAULT '',
	fetched_at   INTEGER NOT NULL,
	encoding     TEXT    NOT NULL, -- 'gzip' or 'identity'
	size         INTEGER NOT NULL, -- uncompressed length of body
	body         BLOB
);
CREATE INDEX fetched_pages_time ON fetched_pages (fetched_at, seq);
`
