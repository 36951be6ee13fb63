package engine

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/expr-lang/expr"

	"github.com/repetition-demarches/repetition/server/procedure"
)

// Eval is one attempt seen through its procedure: the answers as typed
// values, the computed values and what is visible. Build it with
// Engine.Eval; it is not safe for concurrent use.
type Eval struct {
	P *procedure.Procedure
	A *Attempt

	e   *Engine
	env map[string]any
	// facts are the fields of vos_donnees in a stand-in profile: each is
	// shown when its own condition holds (see ownEval).
	facts  map[string]*procedure.Field
	hidden map[string]bool // step and field ids whose when is false
	err    error
}

// Eval evaluates the attempt. Visibility and values depend on each other (a
// hidden field counts as unanswered, a value may hide a step), so both are
// computed again until they no longer change.
func (e *Engine) Eval(p *procedure.Procedure, a *Attempt) *Eval {
	return e.eval(p, a, nil)
}

func (e *Engine) eval(p *procedure.Procedure, a *Attempt, facts map[string]*procedure.Field) *Eval {
	ev := &Eval{P: p, A: a, e: e, facts: facts}
	ev.hidden = map[string]bool{}
	for range len(p.Steps) + 2 {
		ev.buildEnv()
		changed := false
		for _, s := range p.Steps {
			h := !ev.test(s.When)
			for _, f := range s.Fields {
				fh := h || !ev.test(f.When)
				if g := ev.facts[f.ID]; g != nil {
					fh = !ev.test(g.When)
				}
				changed = changed || fh != ev.hidden[f.ID]
				ev.hidden[f.ID] = fh
			}
			changed = changed || h != ev.hidden["step:"+s.ID]
			ev.hidden["step:"+s.ID] = h
		}
		if !changed {
			break
		}
	}
	return ev
}

// Err is the first expression that failed while evaluating, if any.
func (ev *Eval) Err() error { return ev.err }

func (ev *Eval) fail(e *procedure.Expr, err error) {
	if ev.err == nil {
		ev.err = fmt.Errorf("%s: expression %q: %w", ev.P.File, e.Source, err)
	}
}

func (ev *Eval) buildEnv() {
	today := func() time.Time {
		t := ev.e.Now()
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
	}
	ev.env = procedure.Functions(today, ev.e.digits)
	for _, s := range ev.P.Steps {
		for _, f := range s.Fields {
			if f.Type == "password" {
				continue
			}
			if f.IsGroup() {
				ev.groupValues(ev.env, f, ev.hidden[f.ID])
				continue
			}
			if ev.hidden[f.ID] {
				ev.env[f.ID] = zero(f)
				continue
			}
			ev.env[f.ID] = ev.typed(f)
		}
	}
	ev.env[procedure.PrefilledName] = ev.prefilledEnv()
	for _, v := range ev.P.Values {
		ev.env[v.Name] = ev.run(&v.Expr, ev.env)
	}
}

// typed is the answer of f as the type expressions see, or its zero value
// when unanswered or invalid.
func (ev *Eval) typed(f *procedure.Field) any {
	if f.Repeat == nil {
		v, key := parse(f, ev.A.Answers[f.ID], ev.today())
		if key != "" || v == nil {
			return zero(f)
		}
		return v
	}
	return ev.repeated(f, ev.A.Answers)
}

// repeated is the typed list of a repeated field's answers in answers
// (form values by key), an unanswered or invalid item being zero.
func (ev *Eval) repeated(f *procedure.Field, answers map[string]string) any {
	n := f.Repeat.Count
	switch zero(f).(type) {
	case []float64:
		out := make([]float64, n)
		for i := range out {
			if v, key := parse(f, answers[procedure.RepeatKey(f.ID, i)], ev.today()); key == "" && v != nil {
				out[i] = v.(float64)
			}
		}
		return out
	case []time.Time:
		out := make([]time.Time, n)
		for i := range out {
			if v, key := parse(f, answers[procedure.RepeatKey(f.ID, i)], ev.today()); key == "" && v != nil {
				out[i] = v.(time.Time)
			}
		}
		return out
	default:
		out := make([]string, n)
		for i := range out {
			if v, key := parse(f, answers[procedure.RepeatKey(f.ID, i)], ev.today()); key == "" && v != nil {
				out[i] = v.(string)
			}
		}
		return out
	}
}

func (ev *Eval) today() time.Time {
	t := ev.e.Now()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
}

func (ev *Eval) run(e *procedure.Expr, env map[string]any) any {
	prog := e.Program()
	if prog == nil {
		return nil
	}
	out, err := expr.Run(prog, env)
	if err != nil {
		ev.fail(e, err)
		return nil
	}
	return out
}

// test evaluates a condition; no condition means true.
func (ev *Eval) test(e *procedure.Expr) bool {
	if e == nil {
		return true
	}
	b, _ := ev.run(e, ev.env).(bool)
	return b
}

// StepVisible reports whether a step's when condition holds.
func (ev *Eval) StepVisible(s *procedure.Step) bool { return !ev.hidden["step:"+s.ID] }

// FieldVisible reports whether a field is shown (its step and its own condition hold).
func (ev *Eval) FieldVisible(f *procedure.Field) bool { return !ev.hidden[f.ID] }

// Shown reports whether a field is drawn on its step's page: visible, or
// revealed by an answer on the same page (procedure.Field.Reveal).
func (ev *Eval) Shown(s *procedure.Step, f *procedure.Field) bool {
	return ev.FieldVisible(f) || (f.Reveal && ev.StepVisible(s))
}

// ShownFields returns the fields drawn on the page of s.
func (ev *Eval) ShownFields(s *procedure.Step) []*procedure.Field {
	var out []*procedure.Field
	for _, f := range s.Fields {
		if ev.Shown(s, f) {
			out = append(out, f)
		}
	}
	return out
}

// VisibleFields returns the fields of s that are asked.
func (ev *Eval) VisibleFields(s *procedure.Step) []*procedure.Field {
	var out []*procedure.Field
	for _, f := range s.Fields {
		if ev.FieldVisible(f) {
			out = append(out, f)
		}
	}
	return out
}

// Value is a computed value or a field's typed answer.
func (ev *Eval) Value(name string) any { return ev.env[name] }

// Text renders a text, printing embedded expressions.
func (ev *Eval) Text(t procedure.Text) string { return ev.textWith(t, ev.env) }

// RepeatLabel renders the label of answer i (0-based) of a repeated field.
func (ev *Eval) RepeatLabel(f *procedure.Field, i int) string {
	env := make(map[string]any, len(ev.env)+1)
	for k, v := range ev.env {
		env[k] = v
	}
	env["i"] = i
	return ev.textWith(f.Repeat.Label, env)
}

func (ev *Eval) textWith(t procedure.Text, env map[string]any) string {
	if t.IsStatic() {
		return t.Source
	}
	var b strings.Builder
	for _, part := range t.Parts {
		if part.Expr == nil {
			b.WriteString(part.Literal)
			continue
		}
		b.WriteString(format(ev.run(part.Expr, env)))
	}
	return b.String()
}

// format prints an expression's result in French conventions.
func format(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		return strings.Replace(strconv.FormatFloat(x, 'f', -1, 64), ".", ",", 1)
	case time.Time:
		return x.Format("02/01/2006")
	case bool:
		if x {
			return "oui"
		}
		return "non"
	}
	return fmt.Sprint(v)
}
