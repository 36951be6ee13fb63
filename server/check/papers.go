package check

import (
	"fmt"

	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/procedure"
)

// papers verifies that a profile's documents never contradict its
// answers: the box a field's where points to must print the answer the
// profile gives. A profile that answers such a field without carrying the
// document gets a note: the learner who looks for it finds nothing.
func (r *Report) papers(p *procedure.Procedure) {
	e := Engine()
	for _, pr := range p.Profiles {
		answers := e.Answers(p, pr.Answers)
		for _, st := range p.Steps {
			for _, f := range st.Fields {
				if f.Where == nil {
					continue
				}
				for i, key := range f.Keys() {
					answer, answered := answers[key]
					d := pr.DocumentFor(f.Where, i)
					switch {
					case d == nil && answered && len(pr.Documents) > 0:
						r.Notes = append(r.Notes, fmt.Sprintf("%s:%d:%d: note: profile %q answers %s but carries no %s to read it on", p.File, pr.Pos.Line, pr.Pos.Column, pr.ID, key, f.Where.Document))
					case d == nil:
					case d.Boxes[f.Where.Box] == nil && answered:
						r.add(p, d.Pos, "profile %q: document %s has nothing in box %s, where field %s is read", pr.ID, d.Key(), f.Where.Box, key)
					case d.Boxes[f.Where.Box] != nil && answered:
						value := boxValue(e, p, d, f.Where.Box)
						if !engine.SameAnswer(f, value, answer) {
							r.add(p, d.Boxes[f.Where.Box].Position(d.Pos), "profile %q: box %s of document %s prints %q but the profile answers %q to %s: the paper contradicts the story", pr.ID, f.Where.Box, d.Key(), value, answer, key)
						}
					}
				}
			}
		}
	}
}

func boxValue(e *engine.Engine, p *procedure.Procedure, d *procedure.Document, box string) string {
	for _, b := range e.DocumentBoxes(p, d) {
		if b.ID == box {
			return b.Value
		}
	}
	return ""
}
