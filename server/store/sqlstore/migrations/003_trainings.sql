-- Mediators' trainings (see store.Training): the settings and learners are
-- one JSON document; code, ends and closed are columns for the look-ups
-- and the purge. Times are Unix nanoseconds, closed is 0 while open.
CREATE TABLE trainings (
	id     TEXT PRIMARY KEY,
	code   TEXT NOT NULL UNIQUE,
	ends   INTEGER NOT NULL,
	closed INTEGER NOT NULL DEFAULT 0,
	data   BLOB NOT NULL
) WITHOUT ROWID;

-- A learner's session may belong to a training: the purge erases it with
-- the training, and idle expiry leaves it for the report. inbox holds the
-- mediator's messages as JSON.
ALTER TABLE sessions ADD COLUMN training TEXT;
ALTER TABLE sessions ADD COLUMN learner TEXT;
ALTER TABLE sessions ADD COLUMN inbox BLOB;
CREATE INDEX sessions_training ON sessions (training) WHERE training IS NOT NULL;
