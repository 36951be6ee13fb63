-- Learners' practice sessions: one row per browser. The attempts are one
-- JSON document (see encode.go); times are Unix nanoseconds.
CREATE TABLE sessions (
	id          TEXT PRIMARY KEY,
	created     INTEGER NOT NULL,
	last_seen   INTEGER NOT NULL,
	resume_code TEXT,
	attempts    BLOB NOT NULL
) WITHOUT ROWID;

-- Expire scans by idleness.
CREATE INDEX sessions_last_seen ON sessions (last_seen);

-- ByResumeCode; most sessions have no code, which the index leaves out.
CREATE UNIQUE INDEX sessions_resume_code ON sessions (resume_code) WHERE resume_code IS NOT NULL;
