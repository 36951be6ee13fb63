package check

import (
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
						r.note(p, pr.Pos, "check.note_no_paper", "Profile", q(pr.ID), "Field", key, "Document", f.Where.Document)
					case d == nil:
					case d.Boxes[f.Where.Box] == nil && answered:
						r.add(p, d.Pos, "check.paper_empty_box", "Profile", q(pr.ID), "Document", d.Key(), "Box", f.Where.Box, "Field", key)
					case d.Boxes[f.Where.Box] != nil && answered:
						value := boxValue(e, p, d, f.Where.Box)
						if !engine.SameAnswer(f, value, answer) {
							r.add(p, d.Boxes[f.Where.Box].Position(d.Pos), "check.paper_contradicts", "Profile", q(pr.ID), "Box", f.Where.Box, "Document", d.Key(), "Value", q(value), "Answer", q(answer), "Field", key)
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
