// Package memstore keeps practice sessions in memory: the default store,
// for one instance. Everything is lost when the process stops, which suits
// a practice sandbox.
package memstore

import (
	"context"
	"sync"
	"time"

	"github.com/repetition-demarches/repetition/server/store"
)

// Store is an in-memory store.Store guarded by a mutex.
type Store struct {
	now       func() time.Time
	mu        sync.Mutex
	sessions  map[string]*store.Session
	trainings map[string]*store.Training
	counters  map[counter]int
	comments  []store.Comment
}

// New returns an empty store using now as its clock.
func New(now func() time.Time) *Store {
	return &Store{now: now, sessions: map[string]*store.Session{}, trainings: map[string]*store.Training{}, counters: map[counter]int{}}
}

// Get implements store.Store.
func (s *Store) Get(_ context.Context, id string) (*store.Session, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sess, ok := s.sessions[id]
	if !ok {
		return nil, store.ErrNotFound
	}
	if now := s.now(); now.Sub(sess.LastSeen) >= store.SeenEvery {
		sess.LastSeen = now
	}
	return sess.Clone(), nil
}

// Create implements store.Store.
func (s *Store) Create(_ context.Context, id string, fn func(*store.Session) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.sessions[id]; ok {
		return store.ErrExists
	}
	return s.save(store.NewSession(id, s.now()), fn)
}

// Update implements store.Store.
func (s *Store) Update(_ context.Context, id string, fn func(*store.Session) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	sess, ok := s.sessions[id]
	if !ok {
		return store.ErrNotFound
	}
	return s.save(sess.Clone(), fn)
}

// save runs fn on sess, a copy, and keeps the result; s.mu is held.
func (s *Store) save(sess *store.Session, fn func(*store.Session) error) error {
	if err := fn(sess); err != nil {
		return err
	}
	sess.LastSeen = s.now()
	// A copy again: fn may have kept the session it was given.
	s.sessions[sess.ID] = sess.Clone()
	return nil
}

// Rotate implements store.Store.
func (s *Store) Rotate(_ context.Context, old, newID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	sess, ok := s.sessions[old]
	if !ok {
		return store.ErrNotFound
	}
	if _, taken := s.sessions[newID]; taken {
		return store.ErrExists
	}
	delete(s.sessions, old)
	sess.ID, sess.LastSeen = newID, s.now()
	s.sessions[newID] = sess
	if t := s.trainings[sess.Training]; t != nil {
		for i := range t.Learners {
			if t.Learners[i].Session == old {
				t.Learners[i].Session = newID
			}
		}
	}
	return nil
}

// Delete implements store.Store.
func (s *Store) Delete(_ context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.sessions, id)
	return nil
}

// Expire implements store.Store.
func (s *Store) Expire(_ context.Context, before time.Time) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for id, sess := range s.sessions {
		if sess.LastSeen.Before(before) && sess.Training == "" {
			delete(s.sessions, id)
			n++
		}
	}
	return n, nil
}

// ByResumeCode implements store.Store. Codes are few (a learner asks for
// one to change devices), so a scan is enough.
func (s *Store) ByResumeCode(_ context.Context, code string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, sess := range s.sessions {
		if code != "" && sess.ResumeCode == code {
			return id, nil
		}
	}
	return "", store.ErrNotFound
}

// Len is the number of sessions held.
func (s *Store) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sessions)
}
