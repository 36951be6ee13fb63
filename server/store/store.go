// Package store defines where learners' practice sessions live. The
// adapters (memstore, later SQL ones) implement Store; the web layer uses
// only this interface.
package store

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/repetition-demarches/repetition/server/engine"
)

// ErrNotFound is returned for a session that does not exist or has expired.
var ErrNotFound = errors.New("store: session not found")

// ErrExists is returned by Create for an id that a session already has.
var ErrExists = errors.New("store: session id taken")

// SeenEvery is how often reading a session records it as seen: a learner
// reading pages keeps their session alive without a write per page.
const SeenEvery = time.Minute

// Session is one learner's browser: their attempts, one per procedure.
// It holds no password and nothing that identifies the learner.
type Session struct {
	ID       string
	Attempts map[string]*engine.Attempt
	Created  time.Time
	LastSeen time.Time
	// ResumeCode, when set, lets the learner open this session on another
	// device (see ByResumeCode).
	ResumeCode string
	// Training and Learner link the session to a mediator's training, when
	// the learner joined one; Inbox holds the mediator's messages not yet shown.
	Training string
	Learner  string
	Inbox    []Message
}

// Clone returns a deep copy.
func (s *Session) Clone() *Session {
	c := *s
	c.Inbox = slices.Clone(s.Inbox)
	c.Attempts = make(map[string]*engine.Attempt, len(s.Attempts))
	for k, a := range s.Attempts {
		c.Attempts[k] = a.Clone()
	}
	return &c
}

// Store keeps sessions. Implementations must be safe for concurrent use
// and must never hand out a session that another request may change.
type Store interface {
	// Get returns a copy of the session, or ErrNotFound. It records the
	// session as seen only when it was last seen SeenEvery ago or more, so
	// that reading pages does not write at every page.
	Get(ctx context.Context, id string) (*Session, error)
	// Create saves a new session with this id, as fn makes it from an
	// empty one (unless fn returns an error). Ids are drawn by the server,
	// never taken from a client: ErrExists when a session has this id.
	Create(ctx context.Context, id string, fn func(*Session) error) error
	// Update runs fn on the session under a lock and saves the result
	// unless fn returns an error. It never creates a session: ErrNotFound
	// when none has this id (erased, expired, or never issued).
	Update(ctx context.Context, id string, fn func(*Session) error) error
	// Rotate gives the session old the new id newID, which must be fresh,
	// and moves the training's record of its learner with it: the old id
	// stops working at once. ErrNotFound when no session has old.
	Rotate(ctx context.Context, old, newID string) error
	// Delete erases the session at once. Erasing means from the disk
	// too: a store that keeps files leaves no byte of what it erased in
	// them, as do Expire, PurgeTrainings and PurgeFrictions.
	Delete(ctx context.Context, id string) error
	// Expire erases the sessions not seen since before, and returns how
	// many. Sessions linked to a training stay for its report: they go
	// with it (PurgeTrainings).
	Expire(ctx context.Context, before time.Time) (int, error)
	// ByResumeCode returns the id of the session holding this resume code.
	ByResumeCode(ctx context.Context, code string) (string, error)
	// Peek returns copies of the sessions with these ids that exist, without
	// marking them as seen (a mediator watching is not a learner's activity).
	Peek(ctx context.Context, ids []string) (map[string]*Session, error)
	Trainings
	Frictions
}

// NewSession is an empty session.
func NewSession(id string, now time.Time) *Session {
	return &Session{ID: id, Attempts: map[string]*engine.Attempt{}, Created: now, LastSeen: now}
}
