package memstore

import (
	"context"
	"slices"
	"time"

	"github.com/repetition-demarches/repetition/server/store"
)

// counter is the key of one day's counter.
type counter struct {
	day, procedure, step, kind, key string
}

// AddCounts implements store.Frictions.
func (s *Store) AddCounts(_ context.Context, counts []store.Count) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	day := store.Day(s.now())
	for _, c := range counts {
		s.counters[counter{day, c.Procedure, c.Step, c.Kind, c.Key}] += c.N
	}
	return nil
}

// Counts implements store.Frictions.
func (s *Store) Counts(_ context.Context, procedure string, since time.Time) ([]store.Count, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	from := store.Day(since.In(s.now().Location()))
	sums := map[counter]int{}
	for k, n := range s.counters {
		if k.procedure == procedure && k.day >= from {
			k.day = ""
			sums[k] += n
		}
	}
	out := make([]store.Count, 0, len(sums))
	for k, n := range sums {
		out = append(out, store.Count{Procedure: k.procedure, Step: k.step, Kind: k.kind, Key: k.key, N: n})
	}
	return out, nil
}

// AddComment implements store.Frictions.
func (s *Store) AddComment(_ context.Context, c store.Comment) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	c.Day = time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())
	s.comments = append(s.comments, c)
	return nil
}

// Comments implements store.Frictions.
func (s *Store) Comments(_ context.Context, procedure string, limit int) ([]store.Comment, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []store.Comment
	for i := len(s.comments) - 1; i >= 0 && len(out) < limit; i-- {
		if s.comments[i].Procedure == procedure {
			out = append(out, s.comments[i])
		}
	}
	return out, nil
}

// PurgeFrictions implements store.Frictions.
func (s *Store) PurgeFrictions(_ context.Context, before time.Time) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	day, n := store.Day(before.In(s.now().Location())), 0
	for k := range s.counters {
		if k.day < day {
			delete(s.counters, k)
			n++
		}
	}
	kept := len(s.comments)
	s.comments = slices.DeleteFunc(s.comments, func(c store.Comment) bool { return store.Day(c.Day) < day })
	return n + kept - len(s.comments), nil
}
