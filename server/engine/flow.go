package engine

import (
	"crypto/subtle"
	"errors"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/repetition-demarches/repetition/server/procedure"
	"github.com/repetition-demarches/repetition/server/validate"
)

// Issue is one validation failure, on a field key (id, or id.N for a
// repeated field). Text is the author's wording when the procedure gives
// one; otherwise the web layer translates Key with Args.
type Issue struct {
	Field string
	Key   string
	Args  map[string]any
	Text  string
	// Warn marks a warning that does not block (a check with warn): the
	// learner may confirm it and go on.
	Warn bool `json:",omitzero"`
}

// ErrIncomplete is returned when submitting with steps left to do.
var ErrIncomplete = errors.New("engine: the procedure has incomplete steps")

// ErrSubmitted is returned when changing an attempt already submitted.
var ErrSubmitted = errors.New("engine: the attempt is already submitted")

func fieldID(key string) string {
	id, _, _ := strings.Cut(key, ".")
	return id
}

// Validate checks the visible fields of s against the stored answers, plus
// what the current post sent that is never stored (unkept): its passwords
// and its refused uploads. Cross-field checks run only once every field is
// valid, as on the real sites.
func (ev *Eval) Validate(s *procedure.Step, unkept map[string]string) []Issue {
	var issues []Issue
	for _, f := range ev.VisibleFields(s) {
		if f.IsGroup() {
			issues = append(issues, ev.validateGroup(f)...)
			continue
		}
		for _, key := range f.Keys() {
			raw := ev.A.Answers[key]
			if r, ok := unkept[key]; ok || f.Type == "password" {
				raw = r
			}
			k := ev.check(f, raw)
			if k == "" && f.Type == "password" && raw != "" && !ev.profilePassword(key, raw) {
				k = "incorrect"
			}
			if k != "" {
				issues = append(issues, ev.issue(f, key, k))
			}
		}
	}
	if len(issues) > 0 {
		return issues
	}
	for _, c := range s.Checks {
		if !c.Warn && !ev.test(&c.Rule) {
			issues = append(issues, ev.checkIssue(c))
		}
	}
	if len(issues) > 0 {
		return issues
	}
	return ev.warnings(s)
}

// profilePassword reports whether typed is the password the learner's
// fictional profile gives for key, exactly, case included, as the real
// sites compare it. Without a profile, or a profile without a password,
// any password will do: the learner invents one.
func (ev *Eval) profilePassword(key, typed string) bool {
	pr := ev.P.Profile(ev.A.Profile)
	if pr == nil {
		return true
	}
	want, ok := ev.e.Answers(ev.P, pr.Answers)[key]
	if !ok || strings.TrimSpace(want) == "" {
		return true
	}
	return subtle.ConstantTimeCompare([]byte(typed), []byte(strings.TrimSpace(want))) == 1
}

// checkIssue is the issue of a check whose rule is false.
func (ev *Eval) checkIssue(c *procedure.Check) Issue {
	field := c.Field
	if field == "" {
		field = procedure.StepIssue
	}
	return Issue{Field: field, Key: c.ID, Text: ev.Text(c.Message), Warn: c.Warn}
}

func (ev *Eval) check(f *procedure.Field, raw string) string {
	v, key := parse(f, raw, ev.today())
	if key != "" {
		return key
	}
	if f.Type == "commune" && v != nil {
		code, _ := validate.PostalCode(ev.A.Answers[f.PostalCode])
		if _, key := validate.Commune(code, raw); key != "" {
			return key
		}
	}
	if f.IsRequired() && (v == nil || (f.Type == "checkbox" && v == false)) {
		return "required"
	}
	return ""
}

func (ev *Eval) issue(f *procedure.Field, key, problem string) Issue {
	is := Issue{Field: key, Key: problem, Text: f.Messages[problem]}
	switch problem {
	case "min":
		is.Args = map[string]any{"Min": format(deref(f.Min))}
	case "max":
		is.Args = map[string]any{"Max": format(deref(f.Max))}
	case "min_length":
		is.Args = map[string]any{"Min": f.MinLength}
	case "max_length":
		is.Args = map[string]any{"Max": f.MaxLength}
	case "min_age":
		is.Args = map[string]any{"Min": f.MinAge}
	case "commune":
		code, _ := validate.PostalCode(ev.A.Answers[f.PostalCode])
		is.Args = map[string]any{"Communes": strings.Join(validate.Communes(code), ", ")}
	}
	return is
}

func deref(p *float64) float64 {
	if p == nil {
		return 0
	}
	return *p
}

// Complete reports whether s was confirmed and still holds with the current
// answers (an earlier change may have made new questions appear).
func (ev *Eval) Complete(s *procedure.Step) bool {
	if !s.Exit && ev.A.SignedInByProvider() && LoginStep(s) {
		return true
	}
	if s.Exit || !ev.A.Steps[s.ID].Done || ev.A.CodePending(ev.P) && s.ID == ev.P.Traps.SMSCodeAfter {
		return false
	}
	for _, is := range ev.Validate(s, nil) {
		if f := ev.P.Field(fieldID(is.Field)); f == nil || f.Type != "password" || is.Key != "required" {
			return false
		}
	}
	return true
}

// FirstIncomplete is the first visible step still to do, or nil when the
// learner may review and submit. Steps cannot be skipped: every page sends
// the learner here when they try to go further.
func (ev *Eval) FirstIncomplete() *procedure.Step {
	for _, s := range ev.P.Steps {
		if ev.StepVisible(s) && !ev.Complete(s) {
			return s
		}
	}
	return nil
}

// MayOpen reports whether s can be shown: it is visible and every visible
// step before it is complete.
func (ev *Eval) MayOpen(s *procedure.Step) bool {
	if !ev.StepVisible(s) {
		return false
	}
	first := ev.FirstIncomplete()
	for _, t := range ev.P.Steps {
		if t == s {
			return true
		}
		if t == first {
			return false
		}
	}
	return false
}

// Previous is the visible step before s, or nil for the first one.
func (ev *Eval) Previous(s *procedure.Step) *procedure.Step {
	var prev *procedure.Step
	for _, t := range ev.P.Steps {
		if t == s {
			return prev
		}
		if ev.StepVisible(t) {
			prev = t
		}
	}
	return prev
}

// LastVisible is the last visible step, the one before the review.
func (ev *Eval) LastVisible() *procedure.Step {
	return ev.Previous(nil)
}

// Keep records the answers sent for step s without judging them: the
// learner asked for help before finishing the page, and finds what they
// typed when it comes back. Passwords are not kept.
func (e *Engine) Keep(p *procedure.Procedure, a *Attempt, s *procedure.Step, form map[string]string) {
	e.record(e.Eval(p, a), a, s, form, nil)
}

// Post records the answers a learner sent for step s and validates them.
// Answers of the fields drawn on the page but not sent are cleared (an
// unticked box sends nothing); passwords are checked, then forgotten; a
// refused upload is reported and the file sent before it stays. It
// returns the issues, if any, and the evaluation after the change.
func (e *Engine) Post(p *procedure.Procedure, a *Attempt, s *procedure.Step, form map[string]string) ([]Issue, *Eval) {
	unkept := map[string]string{}
	e.record(e.Eval(p, a), a, s, form, unkept)
	ev := e.Eval(p, a)
	if s.Exit {
		return nil, ev
	}
	return e.judge(p, a, s, ev, unkept)
}

// judge validates the recorded answers of s and moves on when they hold:
// refusals count as failures, warnings as warnings shown.
func (e *Engine) judge(p *procedure.Procedure, a *Attempt, s *procedure.Step, ev *Eval, unkept map[string]string) ([]Issue, *Eval) {
	issues := ev.Validate(s, unkept)
	st := a.Steps[s.ID]
	st.Done, st.Issues = len(issues) == 0, issues
	switch {
	case st.Done:
	case onlyWarnings(issues):
		st.Warnings = ev.warned(s, st.Warnings, issues)
	default:
		st.Failures++
		st.Errors = countErrors(st.Errors, issues)
		st.Refusals = lastRefusals(st.Refusals, issues)
	}
	a.Steps[s.ID] = st
	if st.Done {
		e.CodeAfterOwnLogin(p, a, s)
	}
	after := e.Eval(p, a)
	if st.Done {
		e.progress(a, s, after)
	}
	return issues, after
}

// countErrors returns a copy of counts with one more refusal for each field
// that has an issue; issues on the step as a whole count under "".
func countErrors(counts map[string]int, issues []Issue) map[string]int {
	out := make(map[string]int, len(counts)+len(issues))
	maps.Copy(out, counts)
	seen := map[string]bool{}
	for _, is := range issues {
		if !seen[is.Field] {
			seen[is.Field] = true
			out[is.Field]++
		}
	}
	return out
}

// lastRefusals returns a copy of last with the first issue of each key of
// issues: the refusal as the site worded it this time.
func lastRefusals(last map[string]Issue, issues []Issue) map[string]Issue {
	out := make(map[string]Issue, len(last)+len(issues))
	maps.Copy(out, last)
	seen := map[string]bool{}
	for _, is := range issues {
		if !seen[is.Field] {
			seen[is.Field] = true
			out[is.Field] = is
		}
	}
	return out
}

// progress records that step s was accepted: the time spent on it when it
// was the learner's current step, and the step to do next.
func (e *Engine) progress(a *Attempt, s *procedure.Step, after *Eval) {
	now := e.Now()
	if a.Current == s.ID && !a.Since.IsZero() {
		st := a.Steps[s.ID]
		st.Spent += now.Sub(a.Since)
		a.Steps[s.ID] = st
	}
	next := ""
	if n := after.FirstIncomplete(); n != nil {
		next = n.ID
	}
	if next != a.Current {
		a.Current, a.Since = next, now
	}
}

// record stores the posted answers of the fields drawn on the page of s;
// passwords and refused uploads go to the unkept map when there is one,
// never to the attempt: a refused file does not replace the one before.
func (e *Engine) record(ev *Eval, a *Attempt, s *procedure.Step, form map[string]string, unkept map[string]string) {
	for _, f := range ev.ShownFields(s) {
		for _, key := range ev.Keys(f) {
			raw, sent := form[key]
			v := strings.TrimSpace(raw)
			if f.Type == "password" {
				if unkept != nil {
					unkept[key] = v
				}
				continue
			}
			if f.Type == "file" && !sent {
				continue // no new file chosen: the one sent before stays
			}
			if _, refused := parseFile(f, v); f.Type == "file" && v != "" && refused != "" {
				if unkept != nil {
					unkept[key] = v
				}
				continue // refused: the one sent before stays
			}
			if len(v) > maxAnswer {
				v = strings.ToValidUTF8(v[:maxAnswer], "")
			}
			if v == "" {
				delete(a.Answers, key)
			} else {
				a.Answers[key] = v
			}
		}
	}
}

// maxAnswer bounds what one answer may hold, so that an attempt stays small.
const maxAnswer = 2000

// Submit makes the fake submission: every step must be complete. It
// sets a.Receipt: the dossier number, from the receipt's pattern, and the
// attempt's Result in short (Receipt.Summary).
func (e *Engine) Submit(p *procedure.Procedure, a *Attempt) error {
	if a.Receipt != nil {
		return ErrSubmitted
	}
	ev := e.Eval(p, a)
	if ev.FirstIncomplete() != nil {
		return ErrIncomplete
	}
	number := ev.Text(p.Receipt.Number)
	if err := ev.Err(); err != nil {
		return err
	}
	a.Receipt = &Receipt{Number: number, Submitted: e.Now()}
	// Kept rather than worked out again: a dashboard redraws every row
	// often, and a result reads the whole attempt twice.
	r, err := e.Result(p, a)
	if err != nil {
		a.Receipt = nil
		return err
	}
	a.Receipt.Summary = r.Summary()
	return nil
}

// Failures is how many posts of s were refused.
func (a *Attempt) Failures(s *procedure.Step) int { return a.Steps[s.ID].Failures }

// RepeatIndex splits a field key "id.N" into id and the 0-based index (-1 when not repeated).
func RepeatIndex(key string) (string, int) {
	id, n, ok := strings.Cut(key, ".")
	if !ok {
		return id, -1
	}
	i, err := strconv.Atoi(n)
	if err != nil {
		return id, -1
	}
	return id, i - 1
}

// StepCount is what "Étape n sur total" says on the page of s. The total
// counts the steps that apply given the answers so far, plus those after s
// that may still apply: their condition reads an answer of s or of a step
// after it, not final yet. Walking forward, n goes up by one at each page
// and the total never grows; it shrinks only when an answer rules a step
// out. Exit steps end the procedure and are not counted.
func (ev *Eval) StepCount(s *procedure.Step) (n, total int) {
	stepOf := map[string]int{}
	for i, t := range ev.P.Steps {
		for _, f := range t.Fields {
			stepOf[f.ID] = i
		}
	}
	at := slices.Index(ev.P.Steps, s)
	for i, t := range ev.P.Steps {
		if t.Exit {
			continue
		}
		counts := ev.StepVisible(t)
		if !counts && i > at {
			for _, id := range ev.P.FieldsRead(t.When) {
				if j, ok := stepOf[id]; ok && j >= at {
					counts = true
					break
				}
			}
		}
		if counts {
			total++
			if t == s {
				n = total
			}
		}
	}
	return n, total
}
