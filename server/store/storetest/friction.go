package storetest

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/repetition-demarches/repetition/server/store"
)

// runFrictions tests the anonymous counters and comments.
func runFrictions(t *testing.T, newStore func(now func() time.Time) store.Store, now func() time.Time, advance func(time.Duration)) {
	ctx := context.Background()
	sum := func(cs []store.Count) string {
		var out []string
		for _, c := range cs {
			out = append(out, c.Step+"/"+c.Kind+"/"+c.Key+"="+itoa(c.N))
		}
		slices.Sort(out)
		return strings.Join(out, " ")
	}
	t.Run("counts add up by step, kind and key, per procedure", func(t *testing.T) {
		s := newStore(now)
		if err := s.AddCounts(ctx, nil); err != nil {
			t.Fatal(err)
		}
		start := now()
		err := s.AddCounts(ctx, []store.Count{
			{Procedure: "caf", Step: "a", Kind: store.CountReached, N: 1},
			{Procedure: "caf", Step: "a", Kind: store.CountRefused, Key: "nir", N: 2},
			{Procedure: "ants", Step: "a", Kind: store.CountReached, N: 1},
		})
		if err != nil {
			t.Fatal(err)
		}
		advance(30 * time.Hour) // another day: the sum spans days
		_ = s.AddCounts(ctx, []store.Count{
			{Procedure: "caf", Step: "a", Kind: store.CountReached, N: 1},
			{Procedure: "caf", Step: "a", Kind: store.CountRefused, Key: "nir", N: 1},
			{Procedure: "caf", Step: "a", Kind: store.CountRefused, Key: "", N: 1},
		})
		got, err := s.Counts(ctx, "caf", start)
		if want := "a/reached/=2 a/refused/=1 a/refused/nir=3"; err != nil || sum(got) != want {
			t.Fatalf("Counts = %q, %v; want %q", sum(got), err, want)
		}
		got, _ = s.Counts(ctx, "caf", now())
		if want := "a/reached/=1 a/refused/=1 a/refused/nir=1"; sum(got) != want {
			t.Fatalf("Counts since today = %q; want %q", sum(got), want)
		}
		if got, _ := s.Counts(ctx, "nope", start); len(got) != 0 {
			t.Fatalf("Counts of an unknown procedure = %v", got)
		}
	})
	t.Run("warnings shown and confirmed are kept by check id", func(t *testing.T) {
		s := newStore(now)
		start := now()
		err := s.AddCounts(ctx, []store.Count{
			{Procedure: "caf", Step: "a", Kind: store.CountWarned, Key: "montant_modifie", N: 2},
			{Procedure: "caf", Step: "a", Kind: store.CountConfirmed, Key: "montant_modifie", N: 1},
		})
		if err != nil {
			t.Fatal(err)
		}
		_ = s.AddCounts(ctx, []store.Count{{Procedure: "caf", Step: "a", Kind: store.CountWarned, Key: "montant_modifie", N: 1}})
		got, err := s.Counts(ctx, "caf", start)
		if want := "a/confirmed/montant_modifie=1 a/warned/montant_modifie=3"; err != nil || sum(got) != want {
			t.Fatalf("Counts = %q, %v; want %q", sum(got), err, want)
		}
	})
	t.Run("comments newest first, per procedure, limited", func(t *testing.T) {
		s := newStore(now)
		for i, text := range []string{"un", "deux", "trois"} {
			err := s.AddComment(ctx, store.Comment{Procedure: "caf", Step: "s" + itoa(i), Rating: i + 1, GaveUp: i == 1, Text: text})
			if err != nil {
				t.Fatal(err)
			}
		}
		_ = s.AddComment(ctx, store.Comment{Procedure: "ants", Text: "ailleurs"})
		got, err := s.Comments(ctx, "caf", 2)
		if err != nil || len(got) != 2 {
			t.Fatalf("Comments = %+v, %v", got, err)
		}
		n := now()
		today := time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, n.Location())
		want := store.Comment{Procedure: "caf", Step: "s2", Rating: 3, Text: "trois", Day: today}
		if got[0] != want || got[1].Text != "deux" || !got[1].GaveUp {
			t.Fatalf("Comments = %+v; want first %+v", got, want)
		}
		if got[0].Day.Location().String() != n.Location().String() {
			t.Fatalf("a comment's day is in %s, not the clock's zone", got[0].Day.Location())
		}
	})
	t.Run("purge erases the days before, keeps the rest", func(t *testing.T) {
		s := newStore(now)
		_ = s.AddCounts(ctx, []store.Count{{Procedure: "caf", Step: "a", Kind: store.CountReached, N: 1}})
		_ = s.AddComment(ctx, store.Comment{Procedure: "caf", Text: "ancien"})
		advance(48 * time.Hour)
		_ = s.AddCounts(ctx, []store.Count{{Procedure: "caf", Step: "b", Kind: store.CountReached, N: 1}})
		_ = s.AddComment(ctx, store.Comment{Procedure: "caf", Text: "récent"})
		n, err := s.PurgeFrictions(ctx, now().Add(-24*time.Hour))
		if err != nil || n != 2 {
			t.Fatalf("PurgeFrictions = %d, %v; want 2", n, err)
		}
		got, _ := s.Counts(ctx, "caf", now().Add(-30*24*time.Hour))
		if sum(got) != "b/reached/=1" {
			t.Fatalf("Counts after the purge = %q", sum(got))
		}
		cs, _ := s.Comments(ctx, "caf", 10)
		if len(cs) != 1 || cs[0].Text != "récent" {
			t.Fatalf("Comments after the purge = %+v", cs)
		}
	})
}

func itoa(n int) string { return strconv.Itoa(n) }
