package engine

import (
	"maps"
	"slices"

	"github.com/repetition-demarches/repetition/server/procedure"
)

// PitfallOutcome is one of the procedure's pitfalls, and whether the
// attempt's answers fell into it.
type PitfallOutcome struct {
	*procedure.Pitfall
	Fell bool
}

// Pitfalls says, for each pitfall of the procedure in order, whether the
// answers fell into it. Conditions read what follow-up events read: the
// answers, the computed values, prefilled.ID, profil.x and refused.ID.
func (ev *Eval) Pitfalls() []PitfallOutcome {
	if len(ev.P.Pitfalls) == 0 {
		return nil
	}
	env := maps.Clone(ev.env)
	env[procedure.ProfileName] = ev.e.profileEnv(ev.P, ev.A, ev)
	env[procedure.RefusedName] = ev.refusedEnv()
	out := make([]PitfallOutcome, 0, len(ev.P.Pitfalls))
	for _, pf := range ev.P.Pitfalls {
		fell, _ := ev.run(pf.When, env).(bool)
		out = append(out, PitfallOutcome{Pitfall: pf, Fell: fell})
	}
	return out
}

// refusedEnv is refused in pitfall conditions: for each field, the
// failure key of its last refused answer on a step not yet accepted
// ("provisional"), "" otherwise.
func (ev *Eval) refusedEnv() map[string]any {
	out := map[string]any{}
	for _, s := range ev.P.Steps {
		for _, f := range s.Fields {
			out[f.ID] = ""
		}
		st := ev.A.Steps[s.ID]
		if st.Done {
			continue
		}
		for _, is := range st.Issues {
			if !is.Warn && is.Field != procedure.StepIssue {
				out[is.Field] = is.Key
			}
		}
	}
	return out
}

// fellInto lists, sorted, the ids of the pitfalls the answers fell into.
func fellInto(ev *Eval) []string {
	out := []string{}
	for _, o := range ev.Pitfalls() {
		if o.Fell {
			out = append(out, o.ID)
		}
	}
	slices.Sort(out)
	return out
}
