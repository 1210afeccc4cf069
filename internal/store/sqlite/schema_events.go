package sqlite

// eventsSchema is migration step 4: the coded events of every article.
//
// events has one row per news.Event keyed by (article_seq, idx), like
// quotes; data keeps the whole event as JSON so that Article returns it as
// it was put, and the columns are those listings filter, order and show.
// sort_at is the event's date as listings order it: the resolved begin of
// its date, else the article's sort_at (published, else ingested). It is
// denormalised so that one index serves "newest events first" with any
// Since/Until; it is rewritten whenever the article is.
//
// Participants (actors, recipients and the place) get one compact row each
// in event_participants so that the Actor, Recipient and Country filters
// are index look-ups: entity_id and code (prefix ranges) are indexed, and
// the participant's text is a reference into event_names, a dictionary of
// distinct lower-cased texts — far fewer rows than participants — that a
// substring search scans instead of every participant.
//
// Duplicates keep their events (EachArticle returns them) but listings
// leave them out by joining articles.
const eventsSchema = `
CREATE TABLE events (
	article_seq     INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
	idx             INTEGER NOT NULL,
	sort_at         INTEGER NOT NULL, -- Unix µs: date_begin, else the article's sort_at
	type            TEXT    NOT NULL DEFAULT '',
	mode            TEXT    NOT NULL DEFAULT '',
	cameo           TEXT    NOT NULL DEFAULT '',
	status          TEXT    NOT NULL DEFAULT '',
	intensity       REAL    NOT NULL DEFAULT 0,
	confidence      REAL    NOT NULL DEFAULT 0,
	sentence        INTEGER NOT NULL DEFAULT 0,
	sentence_start  INTEGER NOT NULL DEFAULT 0,
	sentence_end    INTEGER NOT NULL DEFAULT 0,
	trigger_text    TEXT    NOT NULL DEFAULT '',
	trigger_lemma   TEXT    NOT NULL DEFAULT '',
	trigger_start   INTEGER NOT NULL DEFAULT 0,
	trigger_end     INTEGER NOT NULL DEFAULT 0,
	date_text       TEXT    NOT NULL DEFAULT '',
	date_begin      INTEGER,          -- Unix µs, NULL when unresolved or no date
	date_until      INTEGER,
	date_precision  TEXT    NOT NULL DEFAULT '',
	date_unresolved TEXT    NOT NULL DEFAULT '',
	place_text      TEXT    NOT NULL DEFAULT '',
	place_country   TEXT    NOT NULL DEFAULT '',
	actors          TEXT,             -- JSON array of news.EventActor
	recipients      TEXT,             -- JSON array of news.EventActor
	data            TEXT    NOT NULL, -- JSON news.Event
	PRIMARY KEY (article_seq, idx)
) WITHOUT ROWID;
CREATE INDEX events_sort   ON events (sort_at DESC, article_seq, idx);
CREATE INDEX events_type   ON events (type, sort_at DESC);
CREATE INDEX events_status ON events (status, sort_at DESC);

CREATE TABLE event_names (
	seq    INTEGER PRIMARY KEY,
	folded TEXT    NOT NULL UNIQUE -- lower-cased participant text
);

CREATE TABLE event_participants (
	article_seq INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
	idx         INTEGER NOT NULL, -- events.idx
	role        INTEGER NOT NULL, -- 0 actor, 1 recipient, 2 place
	n           INTEGER NOT NULL, -- place in Actors/Recipients
	entity_id   TEXT    NOT NULL DEFAULT '',
	code        TEXT    NOT NULL DEFAULT '',
	country     TEXT    NOT NULL DEFAULT '',
	name_seq    INTEGER NOT NULL DEFAULT 0, -- event_names.seq, 0 for none
	PRIMARY KEY (article_seq, idx, role, n)
) WITHOUT ROWID;
CREATE INDEX event_participants_entity  ON event_participants (entity_id, role) WHERE entity_id <> '';
CREATE INDEX event_participants_code    ON event_participants (code, role) WHERE code <> '';
CREATE INDEX event_participants_name    ON event_participants (name_seq, role) WHERE name_seq <> 0;
CREATE INDEX event_participants_country ON event_participants (country) WHERE country <> '';
`
