package engine

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/repetition-demarches/repetition/server/procedure"
)

// trail is what a played scenario met on the way: warnings confirmed,
// hints revealed, "Montrez-moi" shown, mistakes accepted.
type trail struct {
	warnings []string
	hints    map[string]int
	showMe   []string
	accepted []string
}

// stepForm is the form a learner sends on s: the answers, with the
// mistake's over them when there is one.
func stepForm(s *procedure.Step, answers, mistake map[string]string) map[string]string {
	form := map[string]string{}
	for _, f := range s.Fields {
		for _, k := range formKeys(f) {
			if v, ok := mistake[k]; ok {
				form[k] = v
			} else if v, ok := answers[k]; ok {
				form[k] = v
			}
		}
	}
	return form
}

// playMistakes posts s once with each of the scenario's mistakes that
// names one of its fields, as a learner who gets it wrong first. A warning
// met is corrected, not confirmed. It reports whether a mistake was
// accepted, which leaves the step done.
func (e *Engine) playMistakes(p *procedure.Procedure, sc *procedure.Scenario, a *Attempt, s *procedure.Step, answers map[string]string, tr *trail) bool {
	for i := range sc.Mistakes {
		m := e.Answers(p, sc.Mistakes[i])
		if !slices.ContainsFunc(s.Fields, func(f *procedure.Field) bool {
			return slices.ContainsFunc(formKeys(f), func(k string) bool { _, ok := m[k]; return ok })
		}) {
			continue
		}
		issues, _ := e.Post(p, a, s, stepForm(s, answers, m))
		tr.saw(p, a, s, issues)
		if len(issues) == 0 {
			tr.accepted = append(tr.accepted, s.ID+": "+strconv.Itoa(i+1))
			return true
		}
	}
	return false
}

// saw records the hints and "Montrez-moi" that the page of s shows after
// a post with these issues, in guided mode: a field's hints appear once
// the step was refused as often as their after says; "Montrez-moi" once
// it was refused three times, on a field still refused whose box the
// profile's papers print.
func (tr *trail) saw(p *procedure.Procedure, a *Attempt, s *procedure.Step, issues []Issue) {
	failures := a.Failures(s)
	refused := map[string]bool{}
	for _, is := range issues {
		if !is.Warn {
			refused[fieldID(is.Field)] = true
		}
	}
	pr := p.Profile(a.Profile)
	for _, f := range s.Fields {
		n := 0
		for _, h := range f.Hints {
			if h.After > 0 && h.After <= failures {
				n++
			}
		}
		if n > tr.hints[f.ID] {
			if tr.hints == nil {
				tr.hints = map[string]int{}
			}
			tr.hints[f.ID] = n
		}
		if failures >= 3 && refused[f.ID] && pr != nil && f.Where != nil && pr.DocumentFor(f.Where, 0) != nil && !slices.Contains(tr.showMe, f.ID) {
			tr.showMe = append(tr.showMe, f.ID)
		}
	}
}

func (tr *trail) outcome(o Outcome) Outcome {
	o.Warnings, o.Hints, o.ShowMe, o.Accepted = tr.warnings, tr.hints, tr.showMe, tr.accepted
	return o
}

// trailMismatches compares what the scenario met on the way with what it
// expects: the warnings confirmed, the hints revealed and "Montrez-moi",
// and no mistake accepted. Each message is built in one place.
func trailMismatches(sc *procedure.Scenario, o Outcome) []string {
	var out []string
	for _, m := range o.Accepted {
		out = append(out, mistakeAccepted(m))
	}
	if strings.Join(o.Warnings, ",") != strings.Join(sc.Expect.Warnings, ",") {
		out = append(out, warningsDiffer(o.Warnings, sc.Expect.Warnings))
	}
	for _, id := range sortedKeys(sc.Expect.Hints) {
		if got := o.Hints[id]; got != sc.Expect.Hints[id] {
			out = append(out, hintsDiffer(id, got, sc.Expect.Hints[id]))
		}
	}
	if sc.Expect.ShowMe != nil && strings.Join(o.ShowMe, ",") != strings.Join(sc.Expect.ShowMe, ",") {
		out = append(out, showMeDiffer(o.ShowMe, sc.Expect.ShowMe))
	}
	return out
}

func mistakeAccepted(m string) string {
	return fmt.Sprintf("erreur acceptée à l'étape %s (une erreur de mistakes doit être refusée ou avertie)", m)
}

func warningsDiffer(got, want []string) string {
	return fmt.Sprintf("avertissements confirmés : [%s], attendus : [%s]", strings.Join(got, ", "), strings.Join(want, ", "))
}

func hintsDiffer(id string, got, want int) string {
	return fmt.Sprintf("aides révélées sur %s : %d, attendues : %d", id, got, want)
}

func showMeDiffer(got, want []string) string {
	return fmt.Sprintf("« Montrez-moi » affiché sur [%s], attendu sur [%s]", strings.Join(got, ", "), strings.Join(want, ", "))
}
