package sqlstore_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	repetition "github.com/repetition-demarches/repetition"
	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/procedure"
	"github.com/repetition-demarches/repetition/server/store"
	"github.com/repetition-demarches/repetition/server/store/sqlstore"
)

// halfwayCAF is a learner half-way through the CAF declaration, with the
// answers of its first scenario.
func halfwayCAF(t testing.TB) *engine.Attempt {
	t.Helper()
	procs, problems := procedure.Load(repetition.Files, "procedures")
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	var p *procedure.Procedure
	for _, q := range procs {
		if q.ID == "caf-declaration-trimestrielle" {
			p = q
		}
	}
	if p == nil || len(p.Scenarios) == 0 {
		t.Fatal("the CAF declaration and its scenarios are needed")
	}
	eng := engine.New()
	sc := p.Scenarios[0]
	a := eng.Start(p, sc.Profile)
	answers := eng.ScenarioAnswers(p, sc)
	for range len(p.Steps) / 2 {
		s := eng.Eval(p, a).FirstIncomplete()
		if a.CodePending(p) {
			// The code read on the simulated phone after the login.
			if issues := eng.CheckCode(a, a.Login.Code); len(issues) > 0 {
				t.Fatalf("code refused: %v", issues)
			}
			s = eng.Eval(p, a).FirstIncomplete()
		}
		form := map[string]string{}
		for _, f := range s.Fields {
			for _, k := range f.Keys() {
				if v, ok := answers[k]; ok {
					form[k] = v
				}
			}
		}
		if issues, _ := eng.Post(p, a, s, form); len(issues) > 0 {
			t.Fatalf("step %s refused: %v", s.ID, issues)
		}
	}
	return a
}

func fileSize(t testing.TB, path string) int64 {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}

// TestBytesPerLearner measures how much the database file grows for each
// learner half-way through the CAF declaration, once the WAL is folded
// back into it.
func TestBytesPerLearner(t *testing.T) {
	const learners = 500
	ctx := context.Background()
	a := halfwayCAF(t)
	path := filepath.Join(t.TempDir(), "size.db")
	s, err := sqlstore.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	_ = s.Close()
	empty := fileSize(t, path)
	s, err = sqlstore.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := range learners {
		err := s.Create(ctx, fmt.Sprintf("%032x", i), func(sess *store.Session) error {
			sess.Attempts[a.Procedure] = a.Clone()
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	_ = s.Close() // checkpoints the WAL into the file
	per := (fileSize(t, path) - empty) / learners
	t.Logf("%d bytes per learner half-way through the CAF declaration (%d answers, %d steps done)", per, len(a.Answers), len(a.Steps))
	if per > 4096 {
		t.Errorf("%d bytes per learner, want at most 4 KB", per)
	}
}

// BenchmarkUpdate is one learner's page post: read, change and write the
// session of a learner half-way through the CAF declaration.
func BenchmarkUpdate(b *testing.B) {
	ctx := context.Background()
	a := halfwayCAF(b)
	s := openBench(b)
	ids := make([]string, 200)
	for i := range ids {
		ids[i] = fmt.Sprintf("%032x", i)
		_ = s.Create(ctx, ids[i], func(sess *store.Session) error { sess.Attempts[a.Procedure] = a.Clone(); return nil })
	}
	i := 0
	for b.Loop() {
		i++
		err := s.Update(ctx, ids[i%len(ids)], func(sess *store.Session) error {
			sess.Attempts[a.Procedure].Answers["bench"] = fmt.Sprint(i)
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGet is one page view: the session read and marked as seen.
func BenchmarkGet(b *testing.B) {
	ctx := context.Background()
	a := halfwayCAF(b)
	s := openBench(b)
	_ = s.Create(ctx, "a", func(sess *store.Session) error { sess.Attempts[a.Procedure] = a.Clone(); return nil })
	for b.Loop() {
		if _, err := s.Get(ctx, "a"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUpdateParallel is many learners posting at once.
func BenchmarkUpdateParallel(b *testing.B) {
	ctx := context.Background()
	a := halfwayCAF(b)
	s := openBench(b)
	b.RunParallel(func(pb *testing.PB) {
		id := fmt.Sprintf("%p", pb)
		if err := s.Create(ctx, id, func(*store.Session) error { return nil }); err != nil {
			b.Error(err)
			return
		}
		for pb.Next() {
			err := s.Update(ctx, id, func(sess *store.Session) error {
				if sess.Attempts[a.Procedure] == nil {
					sess.Attempts[a.Procedure] = a.Clone()
				}
				sess.Attempts[a.Procedure].HintsUsed++
				return nil
			})
			if err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// openBench opens a fresh database for a benchmark, closed at its end.
func openBench(b *testing.B) *sqlstore.Store {
	s, err := sqlstore.Open(filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}
