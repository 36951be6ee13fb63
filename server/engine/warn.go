package engine

import (
	"maps"
	"reflect"
	"strings"

	"github.com/repetition-demarches/repetition/server/procedure"
)

// Warning is what happened to one warn check of a step: how many times it
// was shown and confirmed, and the answers it read when it was last shown
// (Pending) and last confirmed (Accepted). A confirmed warning is not
// asked again while the answers it reads stay the same.
type Warning struct {
	Shown, Confirmed  int
	Pending, Accepted string `json:",omitzero"`
}

// warnings returns the warnings of s that are not confirmed for the
// current answers.
func (ev *Eval) warnings(s *procedure.Step) []Issue {
	var out []Issue
	for _, c := range s.Checks {
		if c.Warn && !ev.test(&c.Rule) && ev.A.Steps[s.ID].Warnings[c.ID].Accepted != ev.readBy(c) {
			out = append(out, ev.checkIssue(c))
		}
	}
	return out
}

// readBy sums up the answers a check reads, so that a confirmation holds
// only for them.
func (ev *Eval) readBy(c *procedure.Check) string {
	var b strings.Builder
	for _, id := range ev.P.FieldsRead(&c.Rule) {
		f := ev.P.Field(id)
		if f == nil {
			continue
		}
		for _, k := range f.Keys() {
			b.WriteString(k)
			b.WriteByte('=')
			b.WriteString(ev.A.Answers[k])
			b.WriteByte(0)
		}
	}
	if b.Len() == 0 {
		return "-" // a rule reading no answer: confirmed once for all
	}
	return b.String()
}

func onlyWarnings(issues []Issue) bool {
	for _, is := range issues {
		if !is.Warn {
			return false
		}
	}
	return len(issues) > 0
}

// warned returns a copy of ws counting the warnings just shown, each
// remembering the answers it was shown for.
func (ev *Eval) warned(s *procedure.Step, ws map[string]Warning, issues []Issue) map[string]Warning {
	out := maps.Clone(ws)
	if out == nil {
		out = map[string]Warning{}
	}
	for _, c := range s.Checks {
		for _, is := range issues {
			if is.Warn && is.Key == c.ID {
				w := out[c.ID]
				w.Shown++
				w.Pending = ev.readBy(c)
				out[c.ID] = w
				break
			}
		}
	}
	return out
}

// Confirm is "Confirmer" under the warnings of step s: the answers sent
// are recorded (a nil form keeps the recorded ones), each warning shown for exactly these answers is confirmed,
// and the step is judged again (a warning for answers changed meanwhile
// is shown anew). It returns what Post returns.
func (e *Engine) Confirm(p *procedure.Procedure, a *Attempt, s *procedure.Step, form map[string]string) ([]Issue, *Eval) {
	passwords := map[string]string{}
	if form != nil {
		e.record(e.Eval(p, a), a, s, form, passwords)
	}
	ev := e.Eval(p, a)
	st := a.Steps[s.ID]
	ws := maps.Clone(st.Warnings)
	for _, c := range s.Checks {
		w, ok := ws[c.ID]
		if !c.Warn || !ok || w.Pending == "" || w.Pending != ev.readBy(c) {
			continue
		}
		w.Confirmed++
		w.Accepted, w.Pending = w.Pending, ""
		ws[c.ID] = w
	}
	st.Warnings = ws
	a.Steps[s.ID] = st
	if s.Exit {
		return nil, ev
	}
	return e.judge(p, a, s, ev, passwords)
}

// Warned reports whether the last post of s met warnings only: the page
// offers "Confirmer" and "Corriger".
func (a *Attempt) Warned(s *procedure.Step) bool {
	st := a.Steps[s.ID]
	return !st.Done && onlyWarnings(st.Issues)
}

// prefill fills in the answers the site pre-fills (fields with prefill),
// computed from the answers already there (the profile's), and remembers
// them: the page draws them as text with "Modifier".
func (e *Engine) prefill(p *procedure.Procedure, a *Attempt) {
	prefillFrom(e.Eval(p, a), a)
}

// prefillFrom fills in a the answers the site pre-fills, computed from
// the answers of ev (a profile's, or a stand-in profile's).
func prefillFrom(ev *Eval, a *Attempt) {
	for _, s := range ev.P.Steps {
		for _, f := range s.Fields {
			if f.Prefill == nil {
				continue
			}
			filled := map[string]string{}
			got := ev.run(f.Prefill, ev.env)
			if f.Repeat == nil {
				filled[f.ID] = format(got)
			} else if l := reflect.ValueOf(got); got != nil && (l.Kind() == reflect.Slice || l.Kind() == reflect.Array) {
				// A repeated field is pre-filled from a list, one
				// answer per item; items past the list stay empty.
				for i, k := range f.Keys() {
					if i < l.Len() {
						filled[k] = format(l.Index(i).Interface())
					}
				}
			}
			for k, v := range filled {
				if v == "" {
					continue
				}
				if a.Prefilled == nil {
					a.Prefilled = map[string]string{}
				}
				a.Prefilled[k] = v
				a.Answers[k] = v
			}
		}
	}
}

// prefilledEnv is prefilled in expressions: the typed value the site
// filled in for each field with prefill, the zero value when it filled
// nothing (a list for a repeated field, an item it left empty being
// zero).
func (ev *Eval) prefilledEnv() map[string]any {
	out := map[string]any{}
	for _, s := range ev.P.Steps {
		for _, f := range s.Fields {
			if f.Prefill == nil {
				continue
			}
			if f.Repeat != nil {
				out[f.ID] = ev.repeated(f, ev.A.Prefilled)
				continue
			}
			out[f.ID] = zero(f)
			if v, key := parse(f, ev.A.Prefilled[f.ID], ev.today()); key == "" && v != nil {
				out[f.ID] = v
			}
		}
	}
	return out
}
