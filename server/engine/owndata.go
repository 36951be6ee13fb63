package engine

import (
	"maps"
	"strings"

	"github.com/repetition-demarches/repetition/server/procedure"
)

// The page of vos_donnees (procedure.OwnData) asks a learner without a
// profile what the administration knows of them. Its answers, kept in
// Attempt.Own, are the attempt's stand-in profile: the site's pre-fill is
// computed from them, and profil.x reads them.

// GiveOwn records the answers of the page of vos_donnees (form values by
// key) as the stand-in profile of an attempt without a profile. When
// every question asked is answered validly, what the site pre-fills is
// computed from them, as from a profile's answers at Start, and it
// returns nil; otherwise it returns the issues, also kept in OwnIssues
// for the page to show. Given again, the answers replace the previous
// ones, and so does the pre-fill, except where the learner changed it.
// It does nothing for a procedure without vos_donnees, an attempt with a
// profile, or one already submitted.
func (e *Engine) GiveOwn(p *procedure.Procedure, a *Attempt, form map[string]string) []Issue {
	o := p.OwnData
	if o == nil || a.Profile != "" || a.Receipt != nil {
		return nil
	}
	own := map[string]string{}
	for _, f := range o.Fields {
		for _, key := range f.Keys() {
			v := strings.TrimSpace(form[key])
			if len(v) > maxAnswer {
				v = strings.ToValidUTF8(v[:maxAnswer], "")
			}
			if v != "" {
				own[key] = v
			}
		}
	}
	a.Own = own
	ev := e.ownEval(p, a)
	var issues []Issue
	for _, f := range o.Fields {
		if !ev.FieldVisible(f) {
			continue
		}
		for _, key := range f.Keys() {
			if k := ev.check(f, own[key]); k != "" {
				issues = append(issues, ev.issue(f, key, k))
			}
		}
	}
	a.OwnIssues = issues
	if len(issues) > 0 {
		return issues
	}
	e.refill(p, a, ev)
	return nil
}

// refill replaces what the site pre-filled by what it pre-fills from
// the stand-in profile ev; an answer the learner changed stays.
func (e *Engine) refill(p *procedure.Procedure, a *Attempt, ev *Eval) {
	for k, v := range a.Prefilled {
		if a.Answers[k] == v {
			delete(a.Answers, k)
		}
	}
	a.Prefilled = nil
	filled := &Attempt{Answers: map[string]string{}}
	prefillFrom(ev, filled)
	for k, v := range filled.Prefilled {
		if a.Prefilled == nil {
			a.Prefilled = map[string]string{}
		}
		a.Prefilled[k] = v
		if a.Answers[k] == "" {
			a.Answers[k] = v
		}
	}
}

// ownEval is the stand-in profile of an attempt whose learner answered
// vos_donnees, or nil: the learner's own answers, with those of
// vos_donnees in place of theirs for the fields it asks. A field it asks
// is shown when its condition in vos_donnees holds, whatever the steps'
// conditions say: the administration knows a salary whether or not the
// learner ticked "Salaires".
func (e *Engine) ownEval(p *procedure.Procedure, a *Attempt) *Eval {
	o := p.OwnData
	if o == nil || a.Own == nil || a.Profile != "" {
		return nil
	}
	answers := maps.Clone(a.Answers)
	if answers == nil {
		answers = map[string]string{}
	}
	facts := map[string]*procedure.Field{}
	for _, f := range o.Fields {
		facts[f.ID] = f
		for _, key := range f.Keys() {
			delete(answers, key)
		}
	}
	maps.Copy(answers, a.Own)
	return e.eval(p, &Attempt{Procedure: p.ID, Answers: answers, Steps: map[string]StepState{}}, facts)
}

// OwnEval is the page of vos_donnees seen through the stand-in profile:
// which of its questions are asked, the answers given. Nil when the
// procedure has no vos_donnees or the attempt has a profile.
func (e *Engine) OwnEval(p *procedure.Procedure, a *Attempt) *Eval {
	if p.OwnData == nil || a.Profile != "" {
		return nil
	}
	if a.Own != nil {
		return e.ownEval(p, a)
	}
	b := *a
	b.Own = map[string]string{}
	return e.ownEval(p, &b)
}
