package web

import (
	"maps"
	"time"

	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/procedure"
	"github.com/repetition-demarches/repetition/server/store"
)

// mark is what the friction counters compare in an attempt, before and
// after a change. Steps is a shallow copy: a StepState's Errors map is
// replaced, never changed in place.
type mark struct {
	started   time.Time
	current   string
	submitted bool
	steps     map[string]engine.StepState
}

func marks(sess *store.Session) map[string]mark {
	out := make(map[string]mark, len(sess.Attempts))
	for id, a := range sess.Attempts {
		if a != nil {
			out[id] = mark{started: a.Started, current: a.Current, submitted: a.Receipt != nil, steps: maps.Clone(a.Steps)}
		}
	}
	return out
}

// frictionCounts derives the anonymous counters of a change to a session:
// steps reached (once per attempt: a step already recorded, or the step
// the learner was on, does not count again), refusals by field, help
// asked, hints revealed by escalation, warnings shown and confirmed,
// submissions. Nothing of the
// session goes into them but the procedure and step ids.
func frictionCounts(before map[string]mark, sess *store.Session, find func(string) *procedure.Procedure) []store.Count {
	var out []store.Count
	add := func(proc, step, kind, key string, n int) {
		out = append(out, store.Count{Procedure: proc, Step: step, Kind: kind, Key: key, N: n})
	}
	for id, a := range sess.Attempts {
		if a == nil {
			continue
		}
		b, ok := before[id]
		if !ok || !b.started.Equal(a.Started) {
			b = mark{} // a new attempt: everything in it is new
			if a.Current != "" {
				add(a.Procedure, a.Current, store.CountReached, "", 1)
			}
		} else if _, seen := b.steps[a.Current]; a.Current != "" && a.Current != b.current && !seen {
			add(a.Procedure, a.Current, store.CountReached, "", 1)
		}
		if a.Receipt != nil && !b.submitted {
			add(a.Procedure, "", store.CountSubmitted, "", 1)
		}
		for sid, st := range a.Steps {
			was := b.steps[sid]
			for f, n := range st.Errors {
				if d := n - was.Errors[f]; d > 0 {
					add(a.Procedure, sid, store.CountRefused, f, d)
				}
			}
			for id, w := range st.Warnings {
				if d := w.Shown - was.Warnings[id].Shown; d > 0 {
					add(a.Procedure, sid, store.CountWarned, id, d)
				}
				if d := w.Confirmed - was.Warnings[id].Confirmed; d > 0 {
					add(a.Procedure, sid, store.CountConfirmed, id, d)
				}
			}
			if st.Help && !was.Help {
				add(a.Procedure, sid, store.CountHelp, "", 1)
			}
			if st.Failures > was.Failures && a.Mode != engine.ModeExam && (a.Mode != engine.ModeAutonomous || st.Help) {
				if n := escalated(find(a.Procedure), sid, was.Failures, st.Failures); n > 0 {
					add(a.Procedure, sid, store.CountHint, "", n)
				}
			}
		}
	}
	return out
}

// escalated counts the hints of step sid (its own and its fields') that
// appear once the refusals go from before to after.
func escalated(p *procedure.Procedure, sid string, before, after int) int {
	if p == nil {
		return 0
	}
	st := p.Step(sid)
	if st == nil {
		return 0
	}
	n := 0
	count := func(hs []procedure.Hint) {
		for _, h := range hs {
			if h.After > before && h.After <= after {
				n++
			}
		}
	}
	count(st.Hints)
	for _, f := range st.Fields {
		count(f.Hints)
	}
	return n
}
