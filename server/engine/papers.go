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
	// Wide boxes take the sheet's whole width.
	Wide bool
}

// DocumentBoxes renders a document's boxes in the order of its kind, those
// left empty by the author included (drawn blank, as on a real paper).
// Computed values (${ }) are rendered on the engine's clock, as profile
// answers are.
func (e *Engine) DocumentBoxes(p *procedure.Procedure, d *procedure.Document) []Box {
	k := p.Kind(d.Kind)
	if k == nil {
		return nil
	}
	r := e.paperText(p, d.Household())
	out := make([]Box, 0, len(k.Boxes))
	for _, b := range k.Boxes {
		box := Box{ID: b.ID, Label: r(b.Label), Value: r(b.Value), Wide: b.Wide}
		if t := d.Boxes[b.ID]; t != nil {
			box.Value = r(*t)
		}
		out = append(out, box)
	}
	return out
}

// DocumentTitle is the title drawn on a document, computed like its boxes
// (the Caf payslips say which month they are for).
func (e *Engine) DocumentTitle(p *procedure.Procedure, d *procedure.Document) string {
	return e.paperText(p, d.Household())(p.DocumentTitle(d))
}

// paperText renders the texts of a paper: a plain text as written, one
// with ${ } on an empty attempt (a paper is printed before any answer),
// evaluated once for all the paper's texts, with the facts of the
// household h the paper belongs to (foyer.nir) when it has one.
func (e *Engine) paperText(p *procedure.Procedure, h *procedure.Household) func(procedure.Text) string {
	var ev *Eval
	return func(t procedure.Text) string {
		if len(t.Parts) == 0 {
			return t.Source
		}
		if ev == nil {
			ev = e.Eval(p, &Attempt{Answers: map[string]string{}, Steps: map[string]StepState{}})
			ev.withHousehold(h)
		}
		return ev.Text(t)
	}
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

// PaperText renders one text of a kind of paper (a box's label).
func (e *Engine) PaperText(p *procedure.Procedure, t procedure.Text) string {
	return e.paperText(p, nil)(t)
}

// withHousehold lets the texts the evaluator renders read the facts of
// household h as foyer.x, each computed on the engine's clock (a fact
// reads only the functions, never the procedure). A nil h changes nothing.
func (ev *Eval) withHousehold(h *procedure.Household) {
	if h == nil {
		return
	}
	facts := make(map[string]any, len(h.Facts))
	for name, t := range h.Facts {
		facts[name] = ev.Text(*t)
	}
	ev.env[procedure.HouseholdName] = facts
}
