package store

import (
	"context"
	"errors"
	"slices"
	"time"
)

// ErrCodeTaken is returned when creating a training whose join code is
// already used by a training that has not been purged.
var ErrCodeTaken = errors.New("store: join code already in use")

// Training is a group session run by a mediator: learners join it with a
// short code and a pseudonym, and its settings apply to their attempts.
// It holds no real name: a pseudonym is all a learner gives.
type Training struct {
	// ID is the secret of the mediator's dashboard address (a capability:
	// whoever has it runs the session), at least 128 random bits.
	ID string
	// Code is the short code learners type to join.
	Code string
	// Procedures the learners rehearse, by id.
	Procedures []string
	// Mode is the guidance mode of every attempt (engine.ModeGuided…).
	Mode string
	// Profiles are the fictional profiles offered, as "procedure/profile";
	// empty means the learners choose freely on the start page.
	Profiles []string
	// Assign gives each learner one of Profiles in turn instead of a choice.
	Assign bool
	// StuckAfter flags a learner who has not progressed for that long.
	StuckAfter time.Duration
	Created    time.Time
	// Ends is when the session stops taking learners; Closed is set when
	// the mediator closes it (zero while open).
	Ends     time.Time
	Closed   time.Time
	Learners []Learner
}

// Learner is one participant of a training.
type Learner struct {
	// ID names the learner in the dashboard's addresses.
	ID        string
	Pseudonym string
	// Session is the learner's browser session (see Session.Training).
	Session string
	Joined  time.Time
}

// Message is a word from the mediator to one learner, shown on their next page.
type Message struct {
	Text string
	// Hint marks a message given as a hint rather than a general word.
	Hint bool
	Sent time.Time
	// Read is set once the message was shown to the learner.
	Read bool
}

// Open reports whether learners may still join at time now.
func (t *Training) Open(now time.Time) bool {
	return t.Closed.IsZero() && now.Before(t.Ends)
}

// ClosedAt is when the training closed, by the mediator or by its end
// time; zero while it is open.
func (t *Training) ClosedAt(now time.Time) time.Time {
	switch {
	case !t.Closed.IsZero():
		return t.Closed
	case !now.Before(t.Ends):
		return t.Ends
	}
	return time.Time{}
}

// Learner returns the learner with this id, or nil.
func (t *Training) Learner(id string) *Learner {
	for i := range t.Learners {
		if t.Learners[i].ID == id {
			return &t.Learners[i]
		}
	}
	return nil
}

// Clone returns a deep copy.
func (t *Training) Clone() *Training {
	c := *t
	c.Procedures = slices.Clone(t.Procedures)
	c.Profiles = slices.Clone(t.Profiles)
	c.Learners = slices.Clone(t.Learners)
	return &c
}

// Trainings keeps the mediators' training sessions. Implementations must be
// safe for concurrent use and hand out copies.
type Trainings interface {
	// CreateTraining saves a new training; ErrCodeTaken when its code is in use.
	CreateTraining(ctx context.Context, t *Training) error
	// Training returns a copy of the training with this id.
	Training(ctx context.Context, id string) (*Training, error)
	// TrainingByCode returns a copy of the training with this join code.
	TrainingByCode(ctx context.Context, code string) (*Training, error)
	// UpdateTraining runs fn on the training under a lock and saves the
	// result unless fn returns an error.
	UpdateTraining(ctx context.Context, id string, fn func(*Training) error) error
	// PurgeTrainings erases the trainings closed before that time (by the
	// mediator or by their end time) and the sessions of their learners,
	// and returns how many trainings went.
	PurgeTrainings(ctx context.Context, closedBefore time.Time) (int, error)
}
