-- Anonymous figures of the friction pages: counters summed by day, and
-- the comments of "Donner mon avis". No session, no learner, no time finer
-- than the day (YYYY-MM-DD in the server's zone); both are purged after
-- the retention.
CREATE TABLE friction_counts (
	day       TEXT NOT NULL,
	procedure TEXT NOT NULL,
	step      TEXT NOT NULL,
	kind      TEXT NOT NULL,
	key       TEXT NOT NULL,
	n         INTEGER NOT NULL,
	PRIMARY KEY (procedure, day, step, kind, key)
) WITHOUT ROWID;
CREATE INDEX friction_counts_day ON friction_counts (day);

CREATE TABLE friction_comments (
	seq       INTEGER PRIMARY KEY AUTOINCREMENT,
	day       TEXT NOT NULL,
	procedure TEXT NOT NULL,
	step      TEXT NOT NULL,
	rating    INTEGER NOT NULL,
	gave_up   INTEGER NOT NULL,
	text      TEXT NOT NULL
);
CREATE INDEX friction_comments_procedure ON friction_comments (procedure, seq);
CREATE INDEX friction_comments_day ON friction_comments (day);
