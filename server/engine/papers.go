package engine

import (
	"math"
	"strings"

	"github.com/repetition-demarches/repetition/server/procedure"
)

// StartWithPapers begins an attempt where the learner looks answers up in
// the profile's papers: the answers printed on one of its documents (the
// fields with where) are left empty; the others are prefilled as by Start.
func (e *Engine) StartWithPapers(p *procedure.Procedure, profile string) *Attempt {
	a := e.Start(p, profile)
	pr := p.Profile(a.Profile)
	if pr == nil {
		return a
	}
	for _, s := range p.Steps {
		for _, f := range s.Fields {
			for i, k := range f.Keys() {
				if pr.DocumentFor(f.Where, i) != nil && f.Prefill == nil {
					delete(a.Answers, k)
				}
			}
		}
	}
	return a
}

// Box is one box of a document as drawn: its id, its French label and
// what is printed in it.
type Box struct {
	ID, Label, Value string
}

// DocumentBoxes renders a document's boxes in the order of its kind, those
// left empty by the author included (drawn blank, as on a real paper).
// Computed values (${ }) are rendered on the engine's clock, as profile
// answers are.
func (e *Engine) DocumentBoxes(p *procedure.Procedure, d *procedure.Document) []Box {
	k := procedure.DocumentKind(d.Kind)
	if k == nil {
		return nil
	}
	var ev *Eval
	out := make([]Box, 0, len(k.Boxes))
	for _, b := range k.Boxes {
		box := Box{ID: b.ID, Label: b.Label}
		if t := d.Boxes[b.ID]; t != nil {
			if len(t.Parts) == 0 {
				box.Value = t.Source
			} else {
				if ev == nil {
					ev = e.Eval(p, &Attempt{Answers: map[string]string{}, Steps: map[string]StepState{}})
				}
				box.Value = ev.Text(*t)
			}
		}
		out = append(out, box)
	}
	return out
}

// SameAnswer reports whether what a document prints in a box is the answer
// a learner would type in field f: numbers compare as numbers (to the euro
// when the field refuses cents), other answers without regard to case,
// spaces, dots and dashes; an option matches its value or its label.
func SameAnswer(f *procedure.Field, box, answer string) bool {
	switch f.Type {
	case "number", "money":
		clean := func(s string) string {
			return strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(strings.TrimSpace(s), "€"), "EUR"))
		}
		b, ok1 := parseNumber(clean(box))
		a, ok2 := parseNumber(clean(answer))
		if !ok1 || !ok2 {
			return false
		}
		if f.Type == "money" && !f.AllowsCents() {
			return math.Abs(b-a) < 1
		}
		return math.Abs(b-a) < 0.005
	}
	nb, na := squash(box), squash(answer)
	if nb == na {
		return true
	}
	for _, o := range f.Options {
		if squash(o.Value) == na && squash(o.Label) == nb {
			return true
		}
	}
	return false
}

// squash drops case, spaces, dots, dashes and commas.
func squash(s string) string {
	return strings.ToLower(strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "", ".", "", "-", "", ",", "").Replace(s))
}
