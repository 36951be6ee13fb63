-- The site's own keys (see Store.Secret), drawn once and kept, so that
-- what they sign stays valid across a restart. No learner's data: the
-- key of the practice passwords is never written (it lives in memory).
CREATE TABLE secrets (
	name  TEXT PRIMARY KEY,
	value BLOB NOT NULL
) WITHOUT ROWID;
