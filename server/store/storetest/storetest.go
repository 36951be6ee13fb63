// Package storetest is the conformance suite every store.Store passes.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"
	_ "time/tzdata" // the suite's clock is in Paris on any machine

	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/store"
)

// Run tests a store made by newStore, whose clock is *now.
func Run(t *testing.T, newStore func(now func() time.Time) store.Store) {
	ctx := context.Background()
	// The clock is French time, as in the server: a store must give
	// times back in their zone, not only at the same instant.
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	clock := time.Date(2026, 11, 22, 10, 0, 0, 0, paris)
	var mu sync.Mutex
	now := func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
	advance := func(d time.Duration) { mu.Lock(); clock = clock.Add(d); mu.Unlock() }

	t.Run("missing", func(t *testing.T) {
		s := newStore(now)
		if _, err := s.Get(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("Get of a missing session: %v", err)
		}
	})
	t.Run("create, get copies", func(t *testing.T) {
		s := newStore(now)
		err := s.Create(ctx, "a", func(sess *store.Session) error {
			sess.Attempts["p"] = &engine.Attempt{Procedure: "p", Answers: map[string]string{"x": "1"}, Steps: map[string]engine.StepState{}}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Get(ctx, "a")
		if err != nil || got.Attempts["p"].Answers["x"] != "1" {
			t.Fatalf("Get = %+v, %v", got, err)
		}
		got.Attempts["p"].Answers["x"] = "changed"
		again, _ := s.Get(ctx, "a")
		if again.Attempts["p"].Answers["x"] != "1" {
			t.Fatal("changing a copy changed the stored session")
		}
	})
	t.Run("failed update changes nothing", func(t *testing.T) {
		s := newStore(now)
		_ = s.Create(ctx, "a", func(sess *store.Session) error { sess.Attempts["p"] = &engine.Attempt{}; return nil })
		boom := errors.New("boom")
		err := s.Update(ctx, "a", func(sess *store.Session) error { delete(sess.Attempts, "p"); return boom })
		if !errors.Is(err, boom) {
			t.Fatalf("Update error = %v", err)
		}
		if got, _ := s.Get(ctx, "a"); got.Attempts["p"] == nil {
			t.Fatal("a failed update was saved")
		}
	})
	t.Run("delete", func(t *testing.T) {
		s := newStore(now)
		_ = s.Create(ctx, "a", func(*store.Session) error { return nil })
		if err := s.Delete(ctx, "a"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Get(ctx, "a"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("Get after Delete: %v", err)
		}
	})
	t.Run("expire idle sessions only", func(t *testing.T) {
		s := newStore(now)
		_ = s.Create(ctx, "old", func(*store.Session) error { return nil })
		advance(90 * time.Minute)
		_ = s.Create(ctx, "new", func(*store.Session) error { return nil })
		n, err := s.Expire(ctx, now().Add(-time.Hour))
		if err != nil || n != 1 {
			t.Fatalf("Expire = %d, %v; want 1", n, err)
		}
		if _, err := s.Get(ctx, "old"); !errors.Is(err, store.ErrNotFound) {
			t.Error("the idle session survived")
		}
		if _, err := s.Get(ctx, "new"); err != nil {
			t.Error("the active session was erased")
		}
	})
	t.Run("reading keeps a session alive", func(t *testing.T) {
		s := newStore(now)
		_ = s.Create(ctx, "a", func(*store.Session) error { return nil })
		advance(50 * time.Minute)
		_, _ = s.Get(ctx, "a")
		advance(50 * time.Minute)
		if n, _ := s.Expire(ctx, now().Add(-time.Hour)); n != 0 {
			t.Fatal("a session read 50 minutes ago expired")
		}
	})
	t.Run("resume code", func(t *testing.T) {
		s := newStore(now)
		_ = s.Create(ctx, "a", func(sess *store.Session) error { sess.ResumeCode = "K7MP3XQD"; return nil })
		_ = s.Create(ctx, "b", func(*store.Session) error { return nil })
		if id, err := s.ByResumeCode(ctx, "K7MP3XQD"); err != nil || id != "a" {
			t.Fatalf("ByResumeCode = %q, %v", id, err)
		}
		for _, code := range []string{"", "AAAAAAAA"} {
			if _, err := s.ByResumeCode(ctx, code); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("ByResumeCode(%q): %v", code, err)
			}
		}
		_ = s.Delete(ctx, "a")
		if _, err := s.ByResumeCode(ctx, "K7MP3XQD"); !errors.Is(err, store.ErrNotFound) {
			t.Error("the code of an erased session still works")
		}
	})
	t.Run("concurrent updates", func(t *testing.T) {
		s := newStore(now)
		_ = s.Create(ctx, "shared", func(*store.Session) error { return nil })
		var wg sync.WaitGroup
		for i := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := range 50 {
					_ = s.Update(ctx, "shared", func(sess *store.Session) error {
						a := sess.Attempts["p"]
						if a == nil {
							a = &engine.Attempt{Answers: map[string]string{}, Steps: map[string]engine.StepState{}}
							sess.Attempts["p"] = a
						}
						a.Answers[fmt.Sprint(i, "-", j)] = "x"
						return nil
					})
					_, _ = s.Get(ctx, "shared")
				}
			}()
		}
		wg.Wait()
		got, _ := s.Get(ctx, "shared")
		if n := len(got.Attempts["p"].Answers); n != 400 {
			t.Fatalf("%d answers after 400 concurrent updates", n)
		}
	})
	t.Run("every field of an attempt comes back", func(t *testing.T) {
		s := newStore(now)
		want := FullAttempt(t, paris)
		err := s.Create(ctx, "a", func(sess *store.Session) error {
			sess.Attempts["p"] = want.Clone()
			sess.ResumeCode = "K7MP3XQD"
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Get(ctx, "a")
		if err != nil {
			t.Fatal(err)
		}
		if d := Diff(want, got.Attempts["p"]); d != "" {
			t.Fatalf("the attempt changed in the store: %s", d)
		}
		if got.ID != "a" || got.ResumeCode != "K7MP3XQD" || !got.Created.Equal(now()) || got.Created.Location().String() != "Europe/Paris" {
			t.Fatalf("session = %q %q %s", got.ID, got.ResumeCode, got.Created)
		}
	})
	t.Run("copies are deep", func(t *testing.T) {
		s := newStore(now)
		var kept *store.Session
		_ = s.Create(ctx, "a", func(sess *store.Session) error {
			sess.Attempts["p"] = FullAttempt(t, paris)
			kept = sess
			return nil
		})
		want, _ := s.Get(ctx, "a")
		want = want.Clone()
		mutate := func(sess *store.Session) {
			a := sess.Attempts["p"]
			a.Answers["new"] = "x"
			for k := range a.Answers {
				a.Answers[k] = "changed"
			}
			for k, st := range a.Steps {
				st.Failures = 99
				a.Steps[k] = st
			}
			a.Steps["new"] = engine.StepState{Done: true}
			a.Receipt.Number = "changed"
			a.HintsUsed = 99
			sess.Attempts["other"] = &engine.Attempt{}
			sess.ResumeCode = "changed"
		}
		mutate(kept) // the session handed to fn, kept after Update returned
		got, _ := s.Get(ctx, "a")
		mutate(got) // a session returned by Get
		again, _ := s.Get(ctx, "a")
		if d := Diff(want.Attempts, again.Attempts); d != "" || again.ResumeCode != want.ResumeCode {
			t.Fatalf("changing a session outside the store changed the store: %s", d)
		}
	})
	t.Run("created stays, last seen moves", func(t *testing.T) {
		s := newStore(now)
		created := now()
		_ = s.Create(ctx, "a", func(*store.Session) error { return nil })
		advance(10 * time.Minute)
		_ = s.Update(ctx, "a", func(*store.Session) error { return nil })
		advance(10 * time.Minute)
		got, _ := s.Get(ctx, "a")
		if !got.Created.Equal(created) || !got.LastSeen.Equal(now()) {
			t.Fatalf("created %s, last seen %s; want %s and %s", got.Created, got.LastSeen, created, now())
		}
	})
	t.Run("a failed create creates nothing", func(t *testing.T) {
		s := newStore(now)
		_ = s.Create(ctx, "a", func(*store.Session) error { return errors.New("boom") })
		if _, err := s.Get(ctx, "a"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("Get after a failed first update: %v", err)
		}
	})
	t.Run("concurrent sessions, reads, deletions and expiry", func(t *testing.T) {
		s := newStore(now)
		var wg sync.WaitGroup
		for i := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				id := fmt.Sprint("learner-", i)
				if err := s.Create(ctx, id, func(*store.Session) error { return nil }); err != nil {
					t.Error(err)
					return
				}
				for j := range 30 {
					err := s.Update(ctx, id, func(sess *store.Session) error {
						if sess.Attempts["p"] == nil {
							sess.Attempts["p"] = &engine.Attempt{Answers: map[string]string{}}
						}
						sess.Attempts["p"].Answers[fmt.Sprint(j)] = "x"
						return nil
					})
					if err != nil {
						t.Error(err)
						return
					}
					if _, err := s.Get(ctx, id); err != nil {
						t.Error(err)
						return
					}
					_, _ = s.ByResumeCode(ctx, "K7MP3XQD")
					_ = s.Delete(ctx, "gone")
					_, _ = s.Expire(ctx, now().Add(-time.Hour))
				}
			}()
		}
		wg.Wait()
		for i := range 8 {
			got, err := s.Get(ctx, fmt.Sprint("learner-", i))
			if err != nil || len(got.Attempts["p"].Answers) != 30 {
				t.Fatalf("learner %d: %v", i, err)
			}
		}
	})
	t.Run("update never creates", func(t *testing.T) {
		s := newStore(now)
		called := false
		err := s.Update(ctx, "planted", func(*store.Session) error { called = true; return nil })
		if !errors.Is(err, store.ErrNotFound) || called {
			t.Fatalf("Update of an id no session has = %v (fn called: %v); want ErrNotFound", err, called)
		}
		if _, err := s.Get(ctx, "planted"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("Update made a session of a client's id: %v", err)
		}
		_ = s.Create(ctx, "a", func(*store.Session) error { return nil })
		_ = s.Delete(ctx, "a")
		if err := s.Update(ctx, "a", func(*store.Session) error { return nil }); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("an erased id came back to life: %v", err)
		}
	})
	t.Run("create refuses an id in use", func(t *testing.T) {
		s := newStore(now)
		_ = s.Create(ctx, "a", func(sess *store.Session) error { sess.ResumeCode = "K7MP3XQD"; return nil })
		if err := s.Create(ctx, "a", func(sess *store.Session) error { sess.ResumeCode = ""; return nil }); !errors.Is(err, store.ErrExists) {
			t.Fatalf("Create of an id in use = %v; want ErrExists", err)
		}
		if got, _ := s.Get(ctx, "a"); got.ResumeCode != "K7MP3XQD" {
			t.Fatal("a refused Create changed the session")
		}
	})
	t.Run("rotate", func(t *testing.T) {
		s := newStore(now)
		tr := &store.Training{ID: "t1", Code: "ROT123", Procedures: []string{"p"}, Created: now(), Ends: now().Add(time.Hour),
			Learners: []store.Learner{{ID: "l1", Pseudonym: "Étoile", Session: "old", Joined: now()}}}
		if err := s.CreateTraining(ctx, tr); err != nil {
			t.Fatal(err)
		}
		_ = s.Create(ctx, "old", func(sess *store.Session) error {
			sess.Training, sess.Learner, sess.ResumeCode = "t1", "l1", "K7MP3XQD"
			sess.Attempts["p"] = &engine.Attempt{Procedure: "p", Answers: map[string]string{"x": "1"}}
			return nil
		})
		if err := s.Rotate(ctx, "old", "new"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Get(ctx, "old"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("the old id still opens the session: %v", err)
		}
		if err := s.Update(ctx, "old", func(*store.Session) error { return nil }); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("the old id can still change the session: %v", err)
		}
		got, err := s.Get(ctx, "new")
		if err != nil || got.ID != "new" || got.Attempts["p"].Answers["x"] != "1" || got.Training != "t1" || got.ResumeCode != "K7MP3XQD" {
			t.Fatalf("rotated session = %+v, %v", got, err)
		}
		if id, _ := s.ByResumeCode(ctx, "K7MP3XQD"); id != "new" {
			t.Fatalf("the resume code opens %q", id)
		}
		if trGot, _ := s.Training(ctx, "t1"); trGot.Learner("l1").Session != "new" {
			t.Fatalf("the training still knows the learner by %q", trGot.Learner("l1").Session)
		}
		if err := s.Rotate(ctx, "old", "other"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("Rotate of a dead id = %v; want ErrNotFound", err)
		}
		_ = s.Create(ctx, "taken", func(*store.Session) error { return nil })
		if err := s.Rotate(ctx, "new", "taken"); !errors.Is(err, store.ErrExists) {
			t.Fatalf("Rotate onto an id in use = %v; want ErrExists", err)
		}
	})
	t.Run("reading marks as seen at most once a minute", func(t *testing.T) {
		s := newStore(now)
		_ = s.Create(ctx, "a", func(*store.Session) error { return nil })
		created := now()
		advance(store.SeenEvery / 2)
		if got, _ := s.Get(ctx, "a"); !got.LastSeen.Equal(created) {
			t.Fatalf("a read %s after a write moved last seen to %s", store.SeenEvery/2, got.LastSeen)
		}
		advance(store.SeenEvery)
		if got, _ := s.Get(ctx, "a"); !got.LastSeen.Equal(now()) {
			t.Fatalf("a read %s after the last mark left last seen at %s", store.SeenEvery*3/2, got.LastSeen)
		}
		if peek, _ := s.Peek(ctx, []string{"a"}); !peek["a"].LastSeen.Equal(now()) {
			t.Fatalf("the mark was not kept: %s", peek["a"].LastSeen)
		}
	})
	runTrainings(t, newStore, now, advance)
	runFrictions(t, newStore, now, advance)
}
