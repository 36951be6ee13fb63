package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/store"
)

// occurrences counts marker in the raw bytes of every file of dir: the
// database, its -wal and -shm.
func occurrences(t *testing.T, dir, marker string) int {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		n += bytes.Count(data, []byte(marker))
	}
	return n
}

// onDisk fails unless each marker of gone is absent from dir and each of
// kept present.
func onDisk(t *testing.T, when, dir string, gone, kept []string) {
	t.Helper()
	for _, m := range gone {
		if n := occurrences(t, dir, m); n > 0 {
			t.Errorf("%s: %q is on disk %d time(s)", when, m, n)
		}
	}
	for _, m := range kept {
		if occurrences(t, dir, m) == 0 {
			t.Errorf("%s: %q, still in use, is not on disk: the test reads the wrong files", when, m)
		}
	}
}

// typeInto saves an attempt holding marker in a session, several times as
// a learner's pages do: a short answer, and one long enough to need
// overflow pages with the marker at its end.
func typeInto(t *testing.T, s *Store, id, marker string) {
	t.Helper()
	for i := range 5 {
		save := s.Update
		if _, err := s.Get(context.Background(), id); errors.Is(err, store.ErrNotFound) {
			save = s.Create
		}
		err := save(context.Background(), id, func(sess *store.Session) error {
			sess.Attempts["p"] = &engine.Attempt{Procedure: "p", Answers: map[string]string{
				"nir":   marker,
				"long":  strings.Repeat("x", 6000+i) + marker,
				"count": fmt.Sprint(i),
			}}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestErasingLeavesNoBytesOnDisk: what Delete, Expire, PurgeTrainings
// and PurgeFrictions erase is in no file of the database's folder
// afterwards, overflow pages and former versions of the rows included;
// what stays is still there.
func TestErasingLeavesNoBytesOnDisk(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	dir := t.TempDir()
	s, err := Open(filepath.Join(dir, "r.db"), WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// A session that stays, rewritten: its former value is erased too.
	typeInto(t, s, "kept", "Ancienne-valeur")
	typeInto(t, s, "kept", "Valeur-gardee")
	typeInto(t, s, "deleted", "Efface-par-Delete")
	typeInto(t, s, "idle", "Efface-par-Expire")
	tr := &store.Training{ID: "t1", Code: "ABC123", Created: now, Ends: now.Add(time.Hour),
		Learners: []store.Learner{{ID: "l1", Pseudonym: "Pseudo-purge", Session: "trained", Joined: now}}}
	if err := s.CreateTraining(ctx, tr); err != nil {
		t.Fatal(err)
	}
	typeInto(t, s, "trained", "Efface-par-PurgeTrainings")
	if err := s.Update(ctx, "trained", func(sess *store.Session) error { sess.Training, sess.Learner = "t1", "l1"; return nil }); err != nil {
		t.Fatal(err)
	}
	if err := s.AddComment(ctx, store.Comment{Procedure: "p", Step: "s", Rating: 2, Text: "Efface-par-PurgeFrictions"}); err != nil {
		t.Fatal(err)
	}
	all := []string{"Efface-par-Delete", "Efface-par-Expire", "Efface-par-PurgeTrainings", "Pseudo-purge", "Efface-par-PurgeFrictions"}
	onDisk(t, "before", dir, nil, all)

	if err := s.Delete(ctx, "deleted"); err != nil {
		t.Fatal(err)
	}
	onDisk(t, "after Delete", dir, []string{"Efface-par-Delete", "Ancienne-valeur"}, append([]string{"Valeur-gardee"}, all[1:]...))

	// Sessions seen since "kept" and "trained" stay; "idle" goes.
	now = now.Add(2 * time.Hour)
	if err := s.Update(ctx, "kept", func(*store.Session) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if n, err := s.Expire(ctx, now.Add(-time.Hour)); err != nil || n != 1 {
		t.Fatalf("Expire = %d, %v; want 1", n, err)
	}
	onDisk(t, "after Expire", dir, []string{"Efface-par-Expire"}, []string{"Valeur-gardee", "Efface-par-PurgeTrainings", "Efface-par-PurgeFrictions"})

	if n, err := s.PurgeTrainings(ctx, now); err != nil || n != 1 {
		t.Fatalf("PurgeTrainings = %d, %v; want 1", n, err)
	}
	onDisk(t, "after PurgeTrainings", dir, []string{"Efface-par-PurgeTrainings", "Pseudo-purge"}, []string{"Valeur-gardee"})

	if n, err := s.PurgeFrictions(ctx, now.Add(48*time.Hour)); err != nil || n != 1 {
		t.Fatalf("PurgeFrictions = %d, %v; want 1", n, err)
	}
	onDisk(t, "after PurgeFrictions", dir, []string{"Efface-par-PurgeFrictions"}, []string{"Valeur-gardee"})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	onDisk(t, "after Close", dir, append(all, "Ancienne-valeur"), []string{"Valeur-gardee"})
}

// readerHolding starts a read transaction on the reading connections, as a
// dashboard's query does, and keeps its snapshot until the returned
// function is called.
func readerHolding(t *testing.T, s *Store) func() {
	t.Helper()
	tx, err := s.reader.BeginTx(context.Background(), &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := tx.QueryRow(`SELECT count(*) FROM sessions`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return func() { _ = tx.Rollback() }
}

// TestErasingWaitsForAReader: a reader holding a snapshot from before the
// deletion holds the checkpoint back; once it is done, within the busy
// timeout, nothing erased is left.
func TestErasingWaitsForAReader(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(filepath.Join(dir, "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	typeInto(t, s, "gone", "Lu-pendant-l-effacement")
	typeInto(t, s, "kept", "Valeur-gardee")
	release := readerHolding(t, s)
	go func() { time.Sleep(300 * time.Millisecond); release() }()
	start := time.Now()
	if err := s.Delete(context.Background(), "gone"); err != nil {
		t.Fatal(err)
	}
	if waited := time.Since(start); waited < 250*time.Millisecond {
		t.Errorf("Delete returned after %s: it did not wait for the reader", waited)
	}
	onDisk(t, "after Delete", dir, []string{"Lu-pendant-l-effacement"}, []string{"Valeur-gardee"})
}

// TestErasingBlockedByAReaderIsFinishedLater: a reader holding its snapshot
// past the busy timeout leaves the erased bytes on disk for now; the
// next deleting call (the sweeper's Expire, every minute) finishes the
// job, even when it has nothing of its own to erase.
func TestErasingBlockedByAReaderIsFinishedLater(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(filepath.Join(dir, "r.db"), withBusyTimeout(100*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	typeInto(t, s, "gone", "Lu-trop-longtemps")
	typeInto(t, s, "kept", "Valeur-gardee")
	release := readerHolding(t, s)
	if err := s.Delete(context.Background(), "gone"); err != nil {
		t.Fatalf("Delete while a reader holds the WAL: %v (the session is erased, only its bytes wait)", err)
	}
	if occurrences(t, dir, "Lu-trop-longtemps") == 0 {
		t.Fatal("the reader did not hold the scrub back: the test proves nothing")
	}
	release()
	if n, err := s.Expire(context.Background(), time.Now().Add(-time.Hour)); err != nil || n != 0 {
		t.Fatalf("Expire = %d, %v; want 0, nil", n, err)
	}
	onDisk(t, "after the next Expire", dir, []string{"Lu-trop-longtemps"}, []string{"Valeur-gardee"})
}

// TestRewrittenAnswersLeaveTheDiskAtTheNextSweep: answers removed by
// rewriting a session ("Recommencer", a mediator's reset) leave no byte
// on disk once the sweeper's Expire has run, even when it expired nothing.
func TestRewrittenAnswersLeaveTheDiskAtTheNextSweep(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	dir := t.TempDir()
	s, err := Open(filepath.Join(dir, "r.db"), WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	typeInto(t, s, "a", "Retire-par-Recommencer")
	if err := s.Update(ctx, "a", func(sess *store.Session) error { delete(sess.Attempts, "p"); return nil }); err != nil {
		t.Fatal(err)
	}
	if n, err := s.Expire(ctx, now.Add(-time.Hour)); err != nil || n != 0 {
		t.Fatalf("Expire = %d, %v; want 0", n, err)
	}
	onDisk(t, "after the sweep", dir, []string{"Retire-par-Recommencer"}, nil)
}
