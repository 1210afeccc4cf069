package sqlite

// storiesSchema is migration step 5: stories, as package story computes
// them and PutStories stores them wholesale.
//
// stories has one row per story with the listing columns (news.Story) and
// the contradictions as JSON. story_members lists its articles by ID (not
// seq: a story may name an article before it is stored, and a member row
// needs no join to be shown); article_id is UNIQUE because an article
// belongs to at most one story. story_events keeps each merged event as
// JSON; story_evidence indexes its mentions by (article_id, idx) so that
// an event listing can give each mention its merged event's ID.
// story_entities serves StoryFilter.Entity.
const storiesSchema = `
CREATE TABLE stories (
	seq            INTEGER PRIMARY KEY,
	id             TEXT    NOT NULL UNIQUE,
	title          TEXT    NOT NULL DEFAULT '',
	folded         TEXT    NOT NULL DEFAULT '', -- lower-cased title, for Query
	first_seen     INTEGER,                     -- Unix µs
	last_seen      INTEGER,                     -- Unix µs
	articles       INTEGER NOT NULL DEFAULT 0,
	sources        INTEGER NOT NULL DEFAULT 0,
	independent    INTEGER NOT NULL DEFAULT 0,
	events         INTEGER NOT NULL DEFAULT 0,
	key_entities   TEXT,                        -- JSON array of news.StoryEntity
	contradictions TEXT                         -- JSON array of news.Contradiction
);
CREATE INDEX stories_recent      ON stories (last_seen DESC, id);
CREATE INDEX stories_independent ON stories (independent, last_seen DESC);

CREATE TABLE story_members (
	story_seq         INTEGER NOT NULL REFERENCES stories(seq) ON DELETE CASCADE,
	idx               INTEGER NOT NULL,
	article_id        TEXT    NOT NULL UNIQUE,
	title             TEXT    NOT NULL DEFAULT '',
	site              TEXT    NOT NULL DEFAULT '',
	url               TEXT    NOT NULL DEFAULT '',
	published         INTEGER,
	near_duplicate_of TEXT    NOT NULL DEFAULT '',
	similarity        REAL    NOT NULL DEFAULT 0,
	PRIMARY KEY (story_seq, idx)
) WITHOUT ROWID;

CREATE TABLE story_events (
	story_seq INTEGER NOT NULL REFERENCES stories(seq) ON DELETE CASCADE,
	idx       INTEGER NOT NULL,
	id        TEXT    NOT NULL,
	data      TEXT    NOT NULL, -- JSON news.StoryEvent
	PRIMARY KEY (story_seq, idx)
) WITHOUT ROWID;

CREATE TABLE story_evidence (
	story_seq  INTEGER NOT NULL REFERENCES stories(seq) ON DELETE CASCADE,
	article_id TEXT    NOT NULL,
	idx        INTEGER NOT NULL, -- in Article.Events
	event_id   TEXT    NOT NULL, -- story_events.id
	PRIMARY KEY (article_id, idx, story_seq)
) WITHOUT ROWID;
CREATE INDEX story_evidence_story ON story_evidence (story_seq);

CREATE TABLE story_entities (
	entity_id TEXT    NOT NULL,
	story_seq INTEGER NOT NULL REFERENCES stories(seq) ON DELETE CASCADE,
	PRIMARY KEY (entity_id, story_seq)
) WITHOUT ROWID;
CREATE INDEX story_entities_story ON story_entities (story_seq);
`
