package engine

import (
	"maps"
	"slices"

	"github.com/repetition-demarches/repetition/server/procedure"
)

// Result is what an attempt comes to at its end, step by step: the
// answers the site refused, the warnings the learner went on despite,
// the follow-up the answers bring about and the known pitfalls fallen
// into or avoided, with a verdict. The exam shows it as its result; the
// guided and autonomous modes end with it too, in gentler words.
type Result struct {
	Mode  string
	Score Score
	// Steps are the steps with something to report, in the procedure's order.
	Steps []StepResult
	// Consequences are the follow-up events the answers bring about that
	// right answers would not (see consequences).
	Consequences []Consequence
	// Pitfalls are the procedure's pitfalls that name no step, fallen
	// into or avoided; those of a step are in its StepResult.
	Pitfalls []PitfallOutcome
	// Mistakes counts what the verdict holds against the learner: each
	// post the site refused, each warning confirmed wrongly, each
	// consequence and each pitfall fallen into.
	Mistakes int
	// Verdict is VerdictReady, VerdictPractise or VerdictNextMode.
	Verdict string
}

// Verdicts of a result.
const (
	// VerdictReady: no mistake, without help: ready to do it for real.
	VerdictReady = "ready"
	// VerdictPractise: mistakes were made; Result.Practise says where.
	VerdictPractise = "practise"
	// VerdictNextMode: no mistake, but with the hints at hand (guided
	// mode, or hints asked for): the next try is without them.
	VerdictNextMode = "next_mode"
)

// StepResult is what happened on one step.
type StepResult struct {
	Step *procedure.Step
	// Title is the step's rendered title.
	Title string
	// Failures counts the posts of the step that were refused (one post
	// may refuse several answers), as Score.Errors does.
	Failures int
	Refused  []Refusal
	Warnings []ConfirmedWarning
	Pitfalls []PitfallOutcome
}

// Mistakes counts the step's mistakes, as Result.Mistakes does.
func (s *StepResult) Mistakes() int {
	n := s.Failures
	for _, w := range s.Warnings {
		if !w.Right {
			n += w.Times
		}
	}
	for _, pf := range s.Pitfalls {
		if pf.Fell {
			n++
		}
	}
	return n
}

// Refusal is an answer the site refused, how many times, and the last
// refusal as the site worded it.
type Refusal struct {
	// Key is the field's key (id, id.N, group.N.sub), or
	// procedure.StepIssue for a refusal of the step as a whole.
	Key string
	// Label is the question's rendered label; "" for the step as a whole.
	Label string
	Times int
	// Issue is the last refusal: the web layer words it as the site does.
	Issue Issue
}

// ConfirmedWarning is a warning the learner confirmed ("Confirmer").
type ConfirmedWarning struct {
	Check *procedure.Check
	// Label is the rendered label of the question it points at, if any.
	Label string
	// Text is the warning as the site words it.
	Text  string
	Times int
	// Right is set when the profile's own answers meet the same warning:
	// going on was the right answer. Without a profile it is never set,
	// so that a warning confirmed always counts.
	Right bool
}

// Consequence is a follow-up event the answers bring about.
type Consequence struct {
	Event *procedure.Event
	// Title is the rendered title of the letter or message, if any.
	Title string
}

// Result sums up the attempt: see Result. It reads the attempt and
// changes nothing.
func (e *Engine) Result(p *procedure.Procedure, a *Attempt) (*Result, error) {
	ev := e.Eval(p, a)
	truth := e.truth(p, a)
	r := &Result{Mode: a.Mode, Score: a.Score()}
	pitfalls := ev.Pitfalls()
	for _, s := range p.Steps {
		st := a.Steps[s.ID]
		sr := StepResult{Step: s, Title: ev.Text(s.Title), Failures: st.Failures}
		for _, key := range stepOrder(s, sortedKeys(st.Errors)) {
			if st.Errors[key] == 0 {
				continue
			}
			sr.Refused = append(sr.Refused, Refusal{Key: key, Label: ev.keyLabel(key), Times: st.Errors[key], Issue: st.Refusals[key]})
		}
		for _, c := range s.Checks {
			w := st.Warnings[c.ID]
			if !c.Warn || w.Confirmed == 0 {
				continue
			}
			right := truth != nil && !truth.test(&c.Rule)
			sr.Warnings = append(sr.Warnings, ConfirmedWarning{Check: c, Label: ev.keyLabel(c.Field), Text: ev.Text(c.Message), Times: w.Confirmed, Right: right})
		}
		for _, pf := range pitfalls {
			if pf.Step == s.ID {
				sr.Pitfalls = append(sr.Pitfalls, pf)
			}
		}
		if len(sr.Refused)+len(sr.Warnings)+len(sr.Pitfalls) > 0 {
			r.Steps = append(r.Steps, sr)
			r.Mistakes += sr.Mistakes()
		}
	}
	for _, pf := range pitfalls {
		if pf.Step == "" || p.Step(pf.Step) == nil {
			r.Pitfalls = append(r.Pitfalls, pf)
			if pf.Fell {
				r.Mistakes++
			}
		}
	}
	r.Consequences = e.consequences(p, a, ev, truth)
	r.Mistakes += len(r.Consequences)
	switch {
	case r.Mistakes > 0:
		r.Verdict = VerdictPractise
	case a.Mode == ModeGuided || a.Mode == ModeAutonomous && a.HintsUsed > 0:
		r.Verdict = VerdictNextMode
	default:
		r.Verdict = VerdictReady
	}
	return r, ev.Err()
}

// Practise lists the steps to practise again: those with a mistake.
func (r *Result) Practise() []StepResult {
	var out []StepResult
	for _, s := range r.Steps {
		if s.Mistakes() > 0 {
			out = append(out, s)
		}
	}
	return out
}

// truth is the attempt as the chosen profile would fill it, with the
// site's prefilled answers: what right answers are. Nil without a profile.
func (e *Engine) truth(p *procedure.Procedure, a *Attempt) *Eval {
	pr := p.Profile(a.Profile)
	if pr == nil {
		return nil
	}
	t := &Attempt{Profile: pr.ID, Answers: e.Answers(p, pr.Answers), Steps: map[string]StepState{}}
	e.prefill(p, t)
	return e.Eval(p, t)
}

// consequences are the follow-up events that these answers bring about
// and that are a consequence of a mistake. There is no marker for that in
// the YAML; the rule, from what events already say:
//   - the event has a when (it depends on the answers) and it holds for
//     these answers, whatever the simulated time;
//   - it is a refusal, a request for a document, or a letter (a title);
//   - with a profile, it would not happen for the profile's own answers
//     (right answers): the Caf's overpayment letter comes from a salary
//     left out, while a request every mover gets is no mistake. Without a
//     profile there is nothing to compare with, and only a refusal counts.
func (e *Engine) consequences(p *procedure.Procedure, a *Attempt, ev, truth *Eval) []Consequence {
	if p.FollowUp == nil {
		return nil
	}
	env := maps.Clone(ev.env)
	env[procedure.ProfileName] = e.profileEnv(p, a, ev)
	var truthEnv map[string]any
	if truth != nil {
		truthEnv = maps.Clone(truth.env)
		truthEnv[procedure.ProfileName] = e.profileEnv(p, truth.A, truth)
	}
	var out []Consequence
	for _, event := range p.FollowUp.Events {
		if event.When == nil {
			continue
		}
		if ok, _ := ev.run(event.When, env).(bool); !ok {
			continue
		}
		letter := event.Status == procedure.StatusRefused || event.Status == procedure.StatusDocumentRequested || !event.Title.IsZero()
		switch {
		case !letter:
			continue
		case truth == nil && event.Status != procedure.StatusRefused:
			continue
		case truth != nil:
			if right, _ := truth.run(event.When, truthEnv).(bool); right {
				continue
			}
		}
		out = append(out, Consequence{Event: event, Title: ev.textWith(event.Title, env)})
	}
	return out
}

// keyLabel is the label of the question of an answer key, as the review
// names it; "" for the step as a whole.
func (ev *Eval) keyLabel(key string) string {
	if f, i, sub, ok := ev.GroupItem(key); ok {
		return ev.ItemLabel(f, i) + "\u00a0: " + ev.Text(sub.Label)
	}
	id, i := RepeatIndex(key)
	f := ev.P.Field(id)
	switch {
	case f == nil:
		return ""
	case i >= 0 && f.Repeat != nil:
		return ev.Text(f.Label) + " — " + ev.RepeatLabel(f, i)
	}
	return ev.Text(f.Label)
}

// stepOrder sorts answer keys in the order of their questions on s; a
// refusal of the step as a whole comes last.
func stepOrder(s *procedure.Step, keys []string) []string {
	rank := func(key string) int {
		id := fieldID(key)
		for i, f := range s.Fields {
			if f.ID == id {
				return i
			}
		}
		return len(s.Fields)
	}
	slices.SortStableFunc(keys, func(a, b string) int { return rank(a) - rank(b) })
	return keys
}
