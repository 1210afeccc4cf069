package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/readout/readout/internal/news"
)

// migration is one numbered schema step. Steps are never edited once
// released: a change to the schema is a new step appended to migrations.
type migration struct {
	Version int
	Name    string
	SQL     string
}

// migrations is the schema history, oldest first, numbered 1, 2, 3…
//
// Design notes for the steps to come: every table that refers to an article
// uses articles.seq (an INTEGER alias of the rowid, stable for the life of
// the article, also the FTS rowid) rather than the 17-byte text ID, so
// mentions, quotes and events stay compact at millions of rows; sentences
// are addressed by (article_seq, idx).
var migrations = []migration{
	{Version: 1, Name: "articles, raw documents, sentences, full-text index", SQL: `
CREATE TABLE articles (
	seq                 INTEGER PRIMARY KEY,
	id                  TEXT    NOT NULL UNIQUE,
	title               TEXT    NOT NULL DEFAULT '',
	url                 TEXT    NOT NULL DEFAULT '',
	site                TEXT    NOT NULL DEFAULT '',
	language            TEXT    NOT NULL DEFAULT '',
	published           INTEGER,          -- Unix microseconds, NULL when unknown
	ingested_at         INTEGER NOT NULL, -- Unix microseconds
	sort_at             INTEGER NOT NULL, -- COALESCE(published, ingested_at): listing order
	words               INTEGER NOT NULL DEFAULT 0,
	duplicate_of        TEXT REFERENCES articles(id) ON DELETE SET NULL,
	content_hash        TEXT    NOT NULL,
	canonical_url       TEXT    NOT NULL DEFAULT '',
	bylines             TEXT,             -- JSON array of strings
	dateline            TEXT    NOT NULL DEFAULT '',
	original_source     TEXT    NOT NULL DEFAULT '',
	language_confidence REAL    NOT NULL DEFAULT 0,
	description         TEXT    NOT NULL DEFAULT '',
	format              TEXT    NOT NULL DEFAULT '',
	origin              TEXT    NOT NULL DEFAULT '',
	fingerprint         BLOB    NOT NULL, -- hash of everything stored, for PutUnchanged
	-- the large columns last, so that listings read no overflow pages
	removed             TEXT,             -- JSON array of strings
	blocks              TEXT,             -- JSON array of news.Block
	text                TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX articles_sort      ON articles (sort_at DESC, id);
CREATE INDEX articles_site      ON articles (site, sort_at DESC, id);
CREATE INDEX articles_language  ON articles (language, sort_at DESC, id);
CREATE INDEX articles_hash      ON articles (content_hash);
CREATE INDEX articles_duplicate ON articles (duplicate_of) WHERE duplicate_of IS NOT NULL;

CREATE TABLE raw_documents (
	article_seq  INTEGER PRIMARY KEY REFERENCES articles(seq) ON DELETE CASCADE,
	origin       TEXT    NOT NULL DEFAULT '',
	format       TEXT    NOT NULL DEFAULT '',
	content_type TEXT    NOT NULL DEFAULT '',
	url          TEXT    NOT NULL DEFAULT '',
	title        TEXT    NOT NULL DEFAULT '',
	published    INTEGER,
	source       TEXT    NOT NULL DEFAULT '',
	encoding     TEXT    NOT NULL, -- 'gzip' or 'identity'
	size         INTEGER NOT NULL, -- uncompressed length of body
	fingerprint  BLOB    NOT NULL,
	body         BLOB
);

CREATE TABLE sentences (
	article_seq INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
	idx         INTEGER NOT NULL,
	start_byte  INTEGER NOT NULL,
	end_byte    INTEGER NOT NULL,
	tokens      BLOB, -- see codec.go
	PRIMARY KEY (article_seq, idx)
) WITHOUT ROWID;

-- External-content index: the text lives once, in articles. Its content
-- is the view of the articles that are not duplicates, so that FTS5's
-- 'rebuild' and 'integrity-check' agree with what PutArticle indexes. Rows
-- are added and removed by the Go code in the article's transaction.
CREATE VIEW articles_indexed AS
	SELECT seq, title, text FROM articles WHERE duplicate_of IS NULL;
CREATE VIRTUAL TABLE articles_fts USING fts5 (
	title, text,
	content = 'articles_indexed', content_rowid = 'seq',
	tokenize = 'unicode61 remove_diacritics 2'
);

-- Running totals for Stats (COUNT(*) is linear in SQLite).
CREATE TABLE counters (
	name TEXT PRIMARY KEY,
	n    INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO counters (name, n) VALUES ('articles', 0), ('duplicates', 0), ('sentences', 0);
`},
	{Version: 2, Name: "entities, their mentions and roles", SQL: `
-- One row per cross-document entity ID. name … linked are those of the
-- latest article that mentions it; articles and mentions are running
-- totals over the articles that are not duplicates, kept by PutArticle.
-- A row whose counts fall to zero stays (hidden from listings) so that
-- its seq never changes.
CREATE TABLE entities (
	seq      INTEGER PRIMARY KEY,
	id       TEXT    NOT NULL UNIQUE,
	name     TEXT    NOT NULL DEFAULT '',
	folded   TEXT    NOT NULL DEFAULT '', -- lower-cased name and ID, for Query
	type     TEXT    NOT NULL DEFAULT '',
	country  TEXT    NOT NULL DEFAULT '',
	sector   TEXT    NOT NULL DEFAULT '',
	actor    TEXT    NOT NULL DEFAULT '',
	linked   INTEGER NOT NULL DEFAULT 0,
	articles INTEGER NOT NULL DEFAULT 0,
	mentions INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX entities_rank    ON entities (articles DESC, name, id) WHERE articles > 0;
CREATE INDEX entities_type    ON entities (type, articles DESC, name, id) WHERE articles > 0;
CREATE INDEX entities_country ON entities (country, articles DESC, name, id) WHERE articles > 0;

-- An entity as one article gives it (news.Entity without mentions and
-- roles), in the article's order (idx).
CREATE TABLE entity_articles (
	article_seq INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
	idx         INTEGER NOT NULL,
	entity_seq  INTEGER NOT NULL REFERENCES entities(seq),
	name        TEXT    NOT NULL DEFAULT '',
	type        TEXT    NOT NULL DEFAULT '',
	country     TEXT    NOT NULL DEFAULT '',
	sector      TEXT    NOT NULL DEFAULT '',
	actor       TEXT    NOT NULL DEFAULT '',
	linked      INTEGER NOT NULL DEFAULT 0,
	confidence  REAL    NOT NULL DEFAULT 0,
	mentions    INTEGER NOT NULL DEFAULT 0, -- number of entity_mentions rows
	titles      TEXT,                       -- JSON array of strings
	conflicts   TEXT,                       -- JSON array of strings
	aliases     TEXT,                       -- distinct name-like mention texts, U+001F-separated
	PRIMARY KEY (article_seq, idx)
) WITHOUT ROWID;
CREATE INDEX entity_articles_entity ON entity_articles (entity_seq, article_seq);

-- No index on entity_seq: per-entity views read entity_articles.
CREATE TABLE entity_mentions (
	article_seq INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
	idx         INTEGER NOT NULL, -- entity_articles.idx
	n           INTEGER NOT NULL, -- the mention's place in news.Entity.Mentions
	entity_seq  INTEGER NOT NULL,
	start_byte  INTEGER NOT NULL,
	end_byte    INTEGER NOT NULL,
	sentence    INTEGER NOT NULL,
	kind        TEXT    NOT NULL DEFAULT '',
	confidence  REAL    NOT NULL DEFAULT 0,
	text        TEXT    NOT NULL DEFAULT '',
	PRIMARY KEY (article_seq, idx, n)
) WITHOUT ROWID;

CREATE TABLE entity_roles (
	article_seq INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
	idx         INTEGER NOT NULL, -- entity_articles.idx
	n           INTEGER NOT NULL, -- the role's place in news.Entity.Roles
	entity_seq  INTEGER NOT NULL,
	title       TEXT    NOT NULL DEFAULT '',
	org         TEXT    NOT NULL DEFAULT '',
	country     TEXT    NOT NULL DEFAULT '',
	sector      TEXT    NOT NULL DEFAULT '',
	former      INTEGER NOT NULL DEFAULT 0,
	date        TEXT    NOT NULL DEFAULT '', -- YYYY-MM-DD or empty
	pattern     TEXT    NOT NULL DEFAULT '',
	ev_start    INTEGER NOT NULL DEFAULT 0,
	ev_end      INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (article_seq, idx, n)
) WITHOUT ROWID;
CREATE INDEX entity_roles_entity ON entity_roles (entity_seq, date);
`},
	{Version: 3, Name: "quotes", SQL: `
-- One row per news.Quote, in the article's order (idx). The columns are
-- those listings filter and show; data is the whole quote as JSON, so
-- that Article returns it exactly as it was put.
CREATE TABLE quotes (
	article_seq       INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
	idx               INTEGER NOT NULL,
	start_byte        INTEGER NOT NULL,
	end_byte          INTEGER NOT NULL,
	kind              TEXT    NOT NULL DEFAULT '',
	speaker_text      TEXT    NOT NULL DEFAULT '',
	speaker_folded    TEXT    NOT NULL DEFAULT '', -- lower-cased speaker_text
	speaker_type      TEXT    NOT NULL DEFAULT '',
	speaker_entity_id TEXT    NOT NULL DEFAULT '',
	speaker_country   TEXT    NOT NULL DEFAULT '',
	speaker_sector    TEXT    NOT NULL DEFAULT '',
	cue               TEXT    NOT NULL DEFAULT '',
	via               TEXT,                       -- JSON array of names
	confidence        REAL    NOT NULL DEFAULT 0,
	sentence          INTEGER NOT NULL DEFAULT 0,
	text              TEXT    NOT NULL DEFAULT '', -- the quoted content
	data              TEXT    NOT NULL,            -- JSON news.Quote
	PRIMARY KEY (article_seq, idx)
) WITHOUT ROWID;
CREATE INDEX quotes_speaker ON quotes (speaker_folded);
CREATE INDEX quotes_entity  ON quotes (speaker_entity_id) WHERE speaker_entity_id <> '';
`},
	{Version: 4, Name: "events", SQL: eventsSchema},                     // schema_events.go
	{Version: 5, Name: "stories", SQL: storiesSchema},                   // schema_stories.go
	{Version: 6, Name: "sources and fetch state", SQL: watchSchema},     // schema_watch.go
	{Version: 7, Name: "alert rules and deliveries", SQL: alertsSchema}, // schema_alerts.go
}

// migrate brings db up to the last step of steps. Each step runs in its own
// transaction together with its schema_migrations row and user_version, so
// a failing step leaves the database at the previous version. Running it
// again on an up-to-date database does nothing; a database from a newer
// readout (a version past the last step) is refused.
func migrate(ctx context.Context, db *sql.DB, steps []migration) error {
	for i, m := range steps {
		if m.Version != i+1 {
			return news.E("sqlite.migrate", news.KindInternal, fmt.Sprintf("migration %d has version %d", i+1, m.Version))
		}
	}
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT    NOT NULL,
		applied_at INTEGER NOT NULL
	)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	current, err := schemaVersion(ctx, db)
	if err != nil {
		return err
	}
	if current > len(steps) {
		return news.E("sqlite.migrate", news.KindConflict,
			fmt.Sprintf("database schema version %d is newer than this readout supports (%d)", current, len(steps)))
	}
	for _, m := range steps[current:] {
		if err := apply(ctx, db, m); err != nil {
			return fmt.Errorf("migration %d (%s): %w", m.Version, m.Name, err)
		}
	}
	return nil
}

// schemaVersion is the highest applied step.
func schemaVersion(ctx context.Context, db *sql.DB) (int, error) {
	var v sql.NullInt64
	if err := db.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	return int(v.Int64), nil
}

func apply(ctx context.Context, db *sql.DB, m migration) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// Another process may have applied it since we looked.
	var done int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = ?`, m.Version).Scan(&done); err != nil {
		return err
	}
	if done > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
		m.Version, m.Name, time.Now().UnixMicro()); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.Version)); err != nil {
		return err
	}
	return tx.Commit()
}
