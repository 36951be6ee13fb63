package store

import (
	"context"
	"time"
)

// Kinds of anonymous counters (Count.Kind).
const (
	// CountReached: learners who reached a step, once per attempt.
	CountReached = "reached"
	// CountRefused: refusals of a field (Key is the field id, "" for the
	// step as a whole).
	CountRefused = "refused"
	// CountHelp: "Besoin d'aide ?" asked on a step, in autonomous mode.
	CountHelp = "help"
	// CountHint: hints revealed by escalation after refused posts.
	CountHint = "hint"
	// CountWarned: warnings shown on a step ("êtes-vous sûr ?"; Key is
	// the check id).
	CountWarned = "warned"
	// CountConfirmed: warnings the learner confirmed to go on (Key is
	// the check id).
	CountConfirmed = "confirmed"
	// CountSubmitted: attempts submitted (Step is "").
	CountSubmitted = "submitted"
	// CountRating: opinions given, by rating (Key is "1" to "4").
	CountRating = "rating"
	// CountGaveUp: learners who said "I am stopping here" on a page.
	CountGaveUp = "gave_up"
)

// Count is one anonymous counter of a procedure: no session, no learner,
// no time finer than the day it is added to.
type Count struct {
	Procedure string
	// Step is a step id, or the name of another page of the procedure
	// ("recapitulatif"…); "" for the procedure as a whole.
	Step string
	Kind string
	Key  string
	N    int
}

// Comment is an opinion left with "Donner mon avis": anonymous, erased
// after the retention (PurgeFrictions).
type Comment struct {
	Procedure, Step string
	// Rating is 1 (very hard) to 4 (easy), 0 when not given.
	Rating int
	GaveUp bool
	Text   string
	// Day is the day it was left, at midnight in the store's clock zone.
	Day time.Time
}

// Frictions keeps the anonymous figures of the friction pages. Counters
// and comments are kept by day, and both go after the retention.
type Frictions interface {
	// AddCounts adds each count to today's counters, in one write.
	AddCounts(ctx context.Context, counts []Count) error
	// Counts returns the counters of a procedure summed over the days
	// since that time's day, one Count per step, kind and key.
	Counts(ctx context.Context, procedure string, since time.Time) ([]Count, error)
	// AddComment keeps a comment under today's date.
	AddComment(ctx context.Context, c Comment) error
	// Comments returns the latest comments of a procedure, newest first,
	// at most limit.
	Comments(ctx context.Context, procedure string, limit int) ([]Comment, error)
	// PurgeFrictions erases the counters and comments of the days before
	// that time's day, and returns how many rows went.
	PurgeFrictions(ctx context.Context, before time.Time) (int, error)
}

// Day is the date of t in its zone, as the day counters are kept under.
func Day(t time.Time) string { return t.Format(time.DateOnly) }
