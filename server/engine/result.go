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
	Pitfalls []PitfallResult
	// Mistakes counts what the verdict holds against the learner: each
	// post the site refused, each warning confirmed wrongly, each
	// consequence that is a mistake and each pitfall fallen into that
	// the profile's own answers avoid.
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
	Pitfalls []PitfallResult
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
		if pf.Mistake() {
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
	// Mistake is set when the profile's own answers would not bring it:
	// it comes from a wrong answer. Without a profile nothing tells a
	// mistake from the learner's own situation, and it is not set.
	Mistake bool
}

// PitfallResult is a pitfall of the procedure for this attempt.
type PitfallResult struct {
	PitfallOutcome
	// Situation is set when the profile's own answers fall into it too:
	// it belongs to the person's story (a title that expired, say), and
	// is no mistake of the learner's.
	Situation bool
}

// Mistake reports whether falling into the pitfall is held against the learner.
func (pf PitfallResult) Mistake() bool { return pf.Fell && !pf.Situation }

// Result sums up the attempt: see Result. It reads the attempt and
// changes nothing.
func (e *Engine) Result(p *procedure.Procedure, a *Attempt) (*Result, error) {
	ev := e.Eval(p, a)
	truth := e.truth(p, a)
	r := &Result{Mode: a.Mode, Score: a.Score()}
	pitfalls := pitfallResults(ev, truth)
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
			if pf.Mistake() {
				r.Mistakes++
			}
		}
	}
	r.Consequences = e.consequences(p, a, ev, truth)
	for _, c := range r.Consequences {
		if c.Mistake {
			r.Mistakes++
		}
	}
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

// ResultSummary is a Result in a few bytes, kept with the receipt (see
// Receipt.Summary): the verdict, the count of mistakes and the pitfalls
// fallen into by mistake.
type ResultSummary struct {
	Verdict  string `json:",omitzero"`
	Mistakes int    `json:",omitzero"`
	// Fell are the ids of the pitfalls held against the learner
	// (PitfallResult.Mistake), by step, then those that name no step.
	Fell []string `json:",omitzero"`
}

// Summary sums the result up in short.
func (r *Result) Summary() ResultSummary {
	rs := ResultSummary{Verdict: r.Verdict, Mistakes: r.Mistakes}
	fell := func(pfs []PitfallResult) {
		for _, pf := range pfs {
			if pf.Mistake() {
				rs.Fell = append(rs.Fell, pf.ID)
			}
		}
	}
	for _, s := range r.Steps {
		fell(s.Pitfalls)
	}
	fell(r.Pitfalls)
	return rs
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

// consequences are the follow-up events that these answers bring about,
// whatever the simulated time, and that depend on them (a when). There is
// no marker for a consequence in the YAML; the rule, from what events
// already say:
//   - with a profile, an event is a consequence when it would not happen
//     for the profile's own answers (right answers): the Caf's
//     overpayment letter from a salary left out, a licence sent back for
//     an address without the flat number; a request every mover gets, or
//     a late filing that is the person's story, is none;
//   - without a profile, the learner's answers are their own situation:
//     the refusals, requests for a document and letters (a title) that
//     depend on them are listed, and held against nobody (Mistake unset).
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
		c := Consequence{Event: event, Title: ev.textWith(event.Title, env)}
		if truth != nil {
			if right, _ := truth.run(event.When, truthEnv).(bool); right {
				continue
			}
			c.Mistake = true
		} else if event.Status != procedure.StatusRefused && event.Status != procedure.StatusDocumentRequested && event.Title.IsZero() {
			continue
		}
		out = append(out, c)
	}
	return out
}

// pitfallResults are the procedure's pitfalls for ev, each marked as the
// person's situation when the right answers (truth) fall into it too.
func pitfallResults(ev, truth *Eval) []PitfallResult {
	story := map[string]bool{}
	if truth != nil {
		for _, o := range truth.Pitfalls() {
			story[o.ID] = o.Fell
		}
	}
	var out []PitfallResult
	for _, o := range ev.Pitfalls() {
		out = append(out, PitfallResult{PitfallOutcome: o, Situation: o.Fell && story[o.ID]})
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
