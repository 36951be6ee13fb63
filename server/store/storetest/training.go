package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/store"
)

// runTrainings tests the trainings and the sessions linked to them.
func runTrainings(t *testing.T, newStore func(now func() time.Time) store.Store, now func() time.Time, advance func(time.Duration)) {
	ctx := context.Background()
	newTraining := func(id, code string) *store.Training {
		return &store.Training{
			ID: id, Code: code, Procedures: []string{"caf"}, Mode: engine.ModeAutonomous,
			Profiles: []string{"caf/kevin"}, Assign: true, StuckAfter: 5 * time.Minute,
			Created: now(), Ends: now().Add(2 * time.Hour),
		}
	}
	t.Run("training create, read, copies", func(t *testing.T) {
		s := newStore(now)
		if _, err := s.Training(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("Training of a missing id: %v", err)
		}
		if _, err := s.TrainingByCode(ctx, ""); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("TrainingByCode of an empty code: %v", err)
		}
		tr := newTraining("t1", "ABC234")
		if err := s.CreateTraining(ctx, tr); err != nil {
			t.Fatal(err)
		}
		tr.Procedures[0] = "changed"
		if err := s.CreateTraining(ctx, newTraining("t2", "ABC234")); !errors.Is(err, store.ErrCodeTaken) {
			t.Fatalf("a second training with the same code: %v", err)
		}
		got, err := s.Training(ctx, "t1")
		if err != nil || got.Procedures[0] != "caf" || got.Mode != engine.ModeAutonomous || !got.Assign ||
			got.StuckAfter != 5*time.Minute || !got.Ends.Equal(now().Add(2*time.Hour)) {
			t.Fatalf("Training = %+v, %v", got, err)
		}
		got.Profiles[0] = "changed"
		byCode, err := s.TrainingByCode(ctx, "ABC234")
		if err != nil || byCode.ID != "t1" || byCode.Profiles[0] != "caf/kevin" {
			t.Fatalf("TrainingByCode = %+v, %v", byCode, err)
		}
	})
	t.Run("training update", func(t *testing.T) {
		s := newStore(now)
		_ = s.CreateTraining(ctx, newTraining("t1", "ABC234"))
		err := s.UpdateTraining(ctx, "t1", func(tr *store.Training) error {
			tr.Learners = append(tr.Learners, store.Learner{ID: "l1", Pseudonym: "Étoile", Session: "s1", Joined: now()})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		boom := errors.New("boom")
		err = s.UpdateTraining(ctx, "t1", func(tr *store.Training) error {
			tr.Learners = nil
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("UpdateTraining error = %v", err)
		}
		got, _ := s.Training(ctx, "t1")
		if len(got.Learners) != 1 || got.Learner("l1").Pseudonym != "Étoile" {
			t.Fatalf("learners = %+v", got.Learners)
		}
		if err := s.UpdateTraining(ctx, "nope", func(*store.Training) error { return nil }); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("UpdateTraining of a missing id: %v", err)
		}
	})
	t.Run("session links, inbox and peek", func(t *testing.T) {
		s := newStore(now)
		_ = s.Create(ctx, "s1", func(sess *store.Session) error {
			sess.Training, sess.Learner = "t1", "l1"
			sess.Inbox = append(sess.Inbox, store.Message{Text: "Regardez la case 1AJ", Hint: true, Sent: now()})
			sess.Attempts["p"] = &engine.Attempt{Procedure: "p", Current: "etape", Since: now(),
				Answers: map[string]string{}, Steps: map[string]engine.StepState{"etape": {Errors: map[string]int{"nir": 2}}}}
			return nil
		})
		seen := now()
		advance(time.Minute)
		got, err := s.Peek(ctx, []string{"s1", "missing"})
		if err != nil || len(got) != 1 {
			t.Fatalf("Peek = %v, %v", got, err)
		}
		p := got["s1"]
		if p.Training != "t1" || p.Learner != "l1" || len(p.Inbox) != 1 || !p.Inbox[0].Hint ||
			p.Attempts["p"].Current != "etape" || p.Attempts["p"].Steps["etape"].Errors["nir"] != 2 {
			t.Fatalf("peeked session = %+v", p)
		}
		if !p.LastSeen.Equal(seen) {
			t.Fatalf("Peek marked the session as seen: %v, want %v", p.LastSeen, seen)
		}
		p.Inbox[0].Text = "changed"
		again, _ := s.Peek(ctx, []string{"s1"})
		if again["s1"].Inbox[0].Text != "Regardez la case 1AJ" {
			t.Fatal("changing a peeked copy changed the store")
		}
	})
	t.Run("purge closed trainings and their learners", func(t *testing.T) {
		s := newStore(now)
		closed, ended, open := newTraining("closed", "AAA222"), newTraining("ended", "BBB333"), newTraining("open", "CCC444")
		ended.Ends = now().Add(time.Hour)
		open.Ends = now().Add(48 * time.Hour)
		closed.Learners = []store.Learner{{ID: "l1", Session: "s-closed"}}
		open.Learners = []store.Learner{{ID: "l2", Session: "s-open"}}
		for _, tr := range []*store.Training{closed, ended, open} {
			if err := s.CreateTraining(ctx, tr); err != nil {
				t.Fatal(err)
			}
		}
		for _, id := range []string{"s-closed", "s-open", "s-alone"} {
			_ = s.Create(ctx, id, func(*store.Session) error { return nil })
		}
		_ = s.UpdateTraining(ctx, "closed", func(tr *store.Training) error { tr.Closed = now(); return nil })
		advance(2 * time.Hour)
		_ = s.Update(ctx, "s-closed", func(sess *store.Session) error { sess.Training = "closed"; return nil })
		_ = s.Update(ctx, "s-open", func(sess *store.Session) error { sess.Training = "open"; return nil })
		if n, err := s.Expire(ctx, now().Add(-time.Minute)); err != nil || n != 1 {
			t.Fatalf("Expire = %d, %v; want only the session outside a training", n, err)
		}
		if n, err := s.PurgeTrainings(ctx, now().Add(-90*time.Minute)); err != nil || n != 1 {
			t.Fatalf("purge = %d, %v; want only the training closed 2 h ago", n, err)
		}
		if _, err := s.Training(ctx, "closed"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("purged training still there: %v", err)
		}
		if got, _ := s.Peek(ctx, []string{"s-closed", "s-open", "s-alone"}); len(got) != 1 || got["s-open"] == nil {
			t.Fatalf("sessions after purge = %v", got)
		}
		if n, _ := s.PurgeTrainings(ctx, now()); n != 1 {
			t.Fatalf("second purge = %d; want the training that ended an hour ago", n)
		}
		if _, err := s.Training(ctx, "open"); err != nil {
			t.Fatalf("open training purged: %v", err)
		}
		if _, err := s.TrainingByCode(ctx, "AAA222"); !errors.Is(err, store.ErrNotFound) {
			t.Fatal("a purged training's code still answers")
		}
	})
}
