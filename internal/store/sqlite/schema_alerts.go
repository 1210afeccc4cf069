package sqlite

// alertsSchema is migration step 7: alert deliveries and their attempts
// (package alert). A delivery is written, pending, before it is sent, so
// that it survives a restart; its key is the idempotency key, so a match
// is delivered once however often it is found. Rules live in a YAML file,
// not here. Times are Unix microseconds.
const alertsSchema = `
CREATE TABLE alert_deliveries (
	seq          INTEGER PRIMARY KEY,
	key          TEXT    NOT NULL UNIQUE,
	rule         TEXT    NOT NULL,
	trigger_kind TEXT    NOT NULL DEFAULT '',
	sink         TEXT    NOT NULL,
	target       TEXT    NOT NULL,
	article_id   TEXT    NOT NULL DEFAULT '', -- no foreign key: the log outlives articles
	state        TEXT    NOT NULL DEFAULT 'pending',
	attempts     INTEGER NOT NULL DEFAULT 0,
	created_at   INTEGER NOT NULL,
	last_attempt INTEGER,
	delivered_at INTEGER,
	last_status  INTEGER NOT NULL DEFAULT 0,
	last_error   TEXT    NOT NULL DEFAULT '',
	body         BLOB    NOT NULL -- the JSON sent and signed
);
CREATE INDEX alert_deliveries_pending ON alert_deliveries (seq) WHERE state = 'pending';
CREATE INDEX alert_deliveries_rule    ON alert_deliveries (rule, seq);

CREATE TABLE alert_attempts (
	seq          INTEGER PRIMARY KEY,
	delivery_seq INTEGER NOT NULL REFERENCES alert_deliveries(seq) ON DELETE CASCADE,
	attempt      INTEGER NOT NULL,
	at           INTEGER NOT NULL,
	duration_us  INTEGER NOT NULL DEFAULT 0,
	status_code  INTEGER NOT NULL DEFAULT 0,
	error        TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX alert_attempts_delivery ON alert_attempts (delivery_seq, seq);
`
