package engine

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/repetition-demarches/repetition/server/procedure"
)

// Outcome is where a scenario ended: a step id, procedure.StepReview or
// procedure.StepReceipt, with the issues shown there.
type Outcome struct {
	At     string
	Issues []Issue
	Eval   *Eval
	// Dossier is the follow-up once it has run, for scenarios that expect
	// a status or events.
	Dossier *Dossier
	// Warnings are the ids of the warnings confirmed on the way, in order.
	Warnings []string
	// Hints is, by field id, the most hints of the field the refusals
	// revealed; ShowMe the fields whose "Montrez-moi" appeared.
	Hints  map[string]int
	ShowMe []string
	// Accepted lists the mistakes the site accepted, as "step: n" (a
	// mistake is meant to be refused or warned about).
	Accepted []string
	// Documents are the ids of the produced documents received once the
	// whole follow-up has run, in the order of produces.
	Documents []string
}

// Play runs a scenario as a learner would: the profile's and the
// scenario's answers, posted step by step in order, stopping at the first
// refused step. It submits at the end only when the scenario expects the
// receipt.
func (e *Engine) Play(p *procedure.Procedure, sc *procedure.Scenario) (Outcome, error) {
	if !sc.Today.IsZero() {
		return e.on(sc.Today.Time).Play(p, withoutDay(sc))
	}
	a := e.Start(p, sc.Profile)
	if len(sc.OwnData.Map) > 0 {
		// Without a profile, the learner answers vos_donnees first.
		if issues := e.GiveOwn(p, a, e.Answers(p, sc.OwnData)); len(issues) > 0 {
			return Outcome{}, fmt.Errorf("vos_donnees: %s refused (%s)", issues[0].Field, issues[0].Key)
		}
	}
	answers := e.ScenarioAnswers(p, sc)
	for id, v := range a.Prefilled {
		if _, ok := answers[id]; !ok {
			answers[id] = v // the learner keeps what the site filled in
		}
	}
	tr := &trail{}
	tried := map[string]bool{}
	for range len(p.Steps) + 2 {
		ev := e.Eval(p, a)
		if err := ev.Err(); err != nil {
			return Outcome{}, err
		}
		s := ev.FirstIncomplete()
		if s == nil {
			break
		}
		ev.StepTexts(s)
		if err := ev.Err(); err != nil {
			return Outcome{At: s.ID, Eval: ev}, err
		}
		if s.Exit {
			return Outcome{At: s.ID, Eval: ev}, ev.Err()
		}
		if a.CodePending(p) && s.ID == p.Traps.SMSCodeAfter {
			// The learner reads the code on the simulated phone.
			if issues := e.CheckOwnLoginCode(p, a, a.Login.Code); len(issues) > 0 {
				return Outcome{At: s.ID, Issues: issues, Eval: ev}, nil
			}
			continue
		}
		for _, f := range s.Fields {
			if n, ok := answers[f.ID]; ok && f.IsGroup() {
				a.Answers[f.ID] = n // the learner adds or removes items until there are n
			}
		}
		if !tried[s.ID] {
			tried[s.ID] = true
			if e.playMistakes(p, sc, a, s, answers, tr) {
				continue // a mistake went through: the step is done
			}
		}
		form := stepForm(s, answers, nil)
		issues, ev := e.Post(p, a, s, form)
		if onlyWarnings(issues) {
			// The learner reads the warning and confirms.
			for _, is := range issues {
				tr.warnings = append(tr.warnings, is.Key)
			}
			issues, ev = e.Confirm(p, a, s, form)
		}
		tr.saw(p, a, s, issues)
		if len(issues) > 0 {
			return e.followOutcome(p, sc, a, tr.outcome(Outcome{At: s.ID, Issues: issues, Eval: ev}))
		}
	}
	at := procedure.StepReview
	if sc.Expect.Reaches == procedure.StepReceipt {
		if err := e.Submit(p, a); err != nil {
			return Outcome{}, err
		}
		at = procedure.StepReceipt
	}
	// Render every text of the end pages once, so that an expression that
	// fails at run time fails the scenario rather than a learner's page.
	ev := e.Eval(p, a)
	o := tr.outcome(Outcome{At: at, Eval: ev})
	ev.Review()
	ev.Text(p.Review.Intro)
	ev.Text(p.Receipt.Title)
	ev.Text(p.Receipt.Next)
	if err := ev.Err(); err != nil {
		return o, err
	}
	return e.followOutcome(p, sc, a, o)
}

// followOutcome runs the follow-up of a submitted attempt, rendering every
// message and every document produced so that a failing expression fails
// the scenario, and of a draft when the scenario expects events.
func (e *Engine) followOutcome(p *procedure.Procedure, sc *procedure.Scenario, a *Attempt, o Outcome) (Outcome, error) {
	if a.Receipt == nil && sc.Expect.Events == nil {
		return o, o.Eval.Err()
	}
	d, err := e.RunFollowUp(p, a)
	o.Dossier = d
	if err != nil {
		return o, err
	}
	// Every document received by the end is drawn once, for the same reason.
	given, err := e.Given(p, a)
	for _, g := range given {
		if err != nil {
			break
		}
		o.Documents = append(o.Documents, g.Doc.ID)
		_, err = e.Issue(p, a, g.Doc.ID)
	}
	return o, err
}

// StepTexts renders every text a step page shows, so that run-time
// failures of its expressions show up in Err.
func (ev *Eval) StepTexts(s *procedure.Step) {
	ev.Text(s.Title)
	ev.Text(s.Intro)
	for _, h := range s.Hints {
		ev.Text(h.Text)
	}
	for _, f := range ev.VisibleFields(s) {
		ev.Text(f.Label)
		ev.Text(f.Help)
		for _, h := range f.Hints {
			ev.Text(h.Text)
		}
		if f.Repeat != nil {
			for i := range f.Repeat.Count {
				ev.RepeatLabel(f, i)
			}
		}
		for i := range ev.Items(f) { // none unless f is a group
			ev.ItemLabel(f, i)
			for _, sub := range f.Fields {
				ev.Text(sub.Label)
				ev.Text(sub.Help)
			}
		}
	}
}

// ScenarioAnswers merges a scenario's answers over its profile's, password included.
func (e *Engine) ScenarioAnswers(p *procedure.Procedure, sc *procedure.Scenario) map[string]string {
	out := map[string]string{}
	if pr := p.Profile(sc.Profile); pr != nil {
		for k, v := range e.Answers(p, pr.Answers) {
			out[k] = v
		}
	}
	own := e.Answers(p, sc.Answers)
	// A group the scenario answers is its list as a whole: the profile's
	// items are dropped, not merged item by item (a scenario that forgets a
	// salary must not get the profile's).
	for _, s := range p.Steps {
		for _, f := range s.Fields {
			if _, ok := own[f.ID]; ok && f.Type == "group" {
				maps.DeleteFunc(out, func(k, _ string) bool { return strings.HasPrefix(k, f.ID+".") })
			}
		}
	}
	maps.Copy(out, own)
	return out
}

// Mismatch is one difference between a scenario's outcome and what it
// expects: a message key of the authoring catalogue ("scenario." + Key)
// with its arguments as name/value pairs, translated by whoever prints it
// (the engine speaks no language).
type Mismatch struct {
	Key  string
	Args []any
}

// String is the mismatch in a compact form, for tests' failure messages.
func (m Mismatch) String() string { return fmt.Sprint(m.Key, m.Args) }

// Mismatches compares an outcome with what the scenario expects; it
// returns one mismatch per difference, none when the scenario passes.
func Mismatches(sc *procedure.Scenario, o Outcome) []Mismatch {
	var out []Mismatch
	want := sc.Expect.Reaches
	if want == "" {
		want = sc.Expect.StaysOn
	}
	if o.At != want {
		out = append(out, Mismatch{"ended_on", []any{"Got", o.At, "Want", want, "Errors", describeIssues(o.Issues)}})
	}
	got := map[string]string{}
	for _, is := range o.Issues {
		got[is.Field] = is.Key
	}
	for _, k := range sortedKeys(sc.Expect.Errors) {
		if got[k] != sc.Expect.Errors[k] {
			out = append(out, mismatchError(k, got[k], sc.Expect.Errors[k]))
		}
	}
	for _, k := range sortedKeys(got) {
		// A scenario that stopped on the wrong step has its refusals listed
		// already: saying each is unexpected would only repeat them.
		if _, ok := sc.Expect.Errors[k]; !ok && o.At == want {
			out = append(out, Mismatch{"error_unexpected", []any{"Field", k, "Got", got[k]}})
		}
	}
	if sc.Expect.Status != "" || sc.Expect.Events != nil {
		var status string
		var ids []string
		if o.Dossier != nil {
			status, ids = o.Dossier.Status, o.Dossier.IDs()
		}
		if sc.Expect.Status != "" && status != sc.Expect.Status {
			out = append(out, Mismatch{"status_differs", []any{"Got", status, "Want", sc.Expect.Status}})
		}
		if sc.Expect.Events != nil && strings.Join(ids, ",") != strings.Join(sc.Expect.Events, ",") {
			out = append(out, Mismatch{"events_differ", []any{"Got", list(ids), "Want", list(sc.Expect.Events)}})
		}
	}
	if sc.Expect.Documents != nil && strings.Join(o.Documents, ",") != strings.Join(sc.Expect.Documents, ",") {
		out = append(out, Mismatch{"documents_differ", []any{"Got", list(o.Documents), "Want", list(sc.Expect.Documents)}})
	}
	out = append(out, trailMismatches(sc, o)...)
	if sc.Expect.Pitfalls != nil && o.Eval != nil {
		want := slices.Sorted(slices.Values(sc.Expect.Pitfalls))
		if got := fellInto(o.Eval); strings.Join(got, ",") != strings.Join(want, ",") {
			out = append(out, Mismatch{"pitfalls_differ", []any{"Got", list(got), "Want", list(sc.Expect.Pitfalls)}})
		}
	}
	if o.Eval != nil {
		for _, name := range sortedKeys(sc.Expect.Values) {
			want := sc.Expect.Values[name].Value
			if g := o.Eval.Value(name); !same(g, want) {
				out = append(out, Mismatch{"value_differs", []any{"Name", name, "Got", fmt.Sprint(g), "Want", fmt.Sprint(want)}})
			}
		}
	}
	return out
}

// describeIssues lists the refusals met, "employeurs.1.brut: required".
func describeIssues(issues []Issue) string {
	parts := make([]string, len(issues))
	for i, is := range issues {
		parts[i] = is.Field + ": " + is.Key
	}
	return strings.Join(parts, ", ")
}

// same compares a computed value with a scenario literal.
func same(got, want any) bool {
	switch w := want.(type) {
	case float64:
		switch g := got.(type) {
		case float64:
			return math.Abs(g-w) < 1e-9
		case int:
			return float64(g) == w
		}
		return false
	case string:
		switch g := got.(type) {
		case time.Time:
			return g.Format(time.DateOnly) == w || g.Format("02/01/2006") == w
		case []string:
			return strings.Join(g, ",") == w
		}
		return fmt.Sprint(got) == w
	}
	return got == want
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// mismatchError is a refusal other than the one expected, or none.
func mismatchError(field, got, want string) Mismatch {
	if got == "" {
		return Mismatch{"error_missing", []any{"Field", field, "Want", want}}
	}
	return Mismatch{"error_differs", []any{"Field", field, "Got", got, "Want", want}}
}

// on is an engine whose clock shows day, at the time of day of e's clock,
// drawing from the same random source.
func (e *Engine) on(day time.Time) *Engine {
	return &Engine{Random: e.Random, Now: func() time.Time {
		t := e.Now()
		return time.Date(day.Year(), day.Month(), day.Day(), t.Hour(), t.Minute(), t.Second(), 0, t.Location())
	}}
}

// withoutDay is sc with its day already applied.
func withoutDay(sc *procedure.Scenario) *procedure.Scenario {
	c := *sc
	c.Today = procedure.Date{}
	return &c
}
