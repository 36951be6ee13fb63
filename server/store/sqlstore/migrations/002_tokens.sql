-- The forms' anti-forgery tokens (see Tokens), kept so that a page loaded
-- before a restart can still be sent after it. expires is in Unix
-- nanoseconds.
CREATE TABLE tokens (
	key     TEXT PRIMARY KEY,
	value   BLOB NOT NULL,
	expires INTEGER NOT NULL
) WITHOUT ROWID;

CREATE INDEX tokens_expires ON tokens (expires);
