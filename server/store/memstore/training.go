package memstore

import (
	"context"
	"time"

	"github.com/repetition-demarches/repetition/server/store"
)

// Peek implements store.Store.
func (s *Store) Peek(_ context.Context, ids []string) (map[string]*store.Session, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]*store.Session, len(ids))
	for _, id := range ids {
		if sess, ok := s.sessions[id]; ok {
			out[id] = sess.Clone()
		}
	}
	return out, nil
}

// CreateTraining implements store.Trainings.
func (s *Store) CreateTraining(_ context.Context, t *store.Training) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, other := range s.trainings {
		if other.Code == t.Code {
			return store.ErrCodeTaken
		}
	}
	if s.trainings[t.ID] != nil {
		return store.ErrCodeTaken
	}
	s.trainings[t.ID] = t.Clone()
	return nil
}

// Training implements store.Trainings.
func (s *Store) Training(_ context.Context, id string) (*store.Training, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t := s.trainings[id]; t != nil {
		return t.Clone(), nil
	}
	return nil, store.ErrNotFound
}

// TrainingByCode implements store.Trainings. Trainings are few, so a scan
// is enough.
func (s *Store) TrainingByCode(_ context.Context, code string) (*store.Training, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.trainings {
		if code != "" && t.Code == code {
			return t.Clone(), nil
		}
	}
	return nil, store.ErrNotFound
}

// UpdateTraining implements store.Trainings.
func (s *Store) UpdateTraining(_ context.Context, id string, fn func(*store.Training) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.trainings[id]
	if t == nil {
		return store.ErrNotFound
	}
	c := t.Clone()
	if err := fn(c); err != nil {
		return err
	}
	s.trainings[id] = c
	return nil
}

// PurgeTrainings implements store.Trainings.
func (s *Store) PurgeTrainings(_ context.Context, closedBefore time.Time) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for id, t := range s.trainings {
		closed := t.ClosedAt(s.now())
		if closed.IsZero() || !closed.Before(closedBefore) {
			continue
		}
		for sid, sess := range s.sessions {
			if sess.Training == id {
				delete(s.sessions, sid)
			}
		}
		delete(s.trainings, id)
		n++
	}
	return n, nil
}
