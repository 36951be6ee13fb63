package web

import (
	"html/template"

	"github.com/gofiber/fiber/v2"

	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/flow"
)

type flowPage struct {
	*Page
	SVG     template.HTML
	Outline []flow.OutlineItem
}

// flowGraph draws a procedure's steps, branches and exits, for authors
// and mediators, with a text outline beside it for screen readers.
func (s *server) flowGraph(c *fiber.Ctx) error {
	p, err := s.procedure(c)
	if err != nil {
		return err
	}
	// Titles are computed on an empty attempt, as on a first visit.
	ev := s.Engine.Eval(p, &engine.Attempt{Answers: map[string]string{}, Steps: map[string]engine.StepState{}})
	g := flow.BuildTitled(p, ev.Text)
	page := s.newPage(c, p)
	page.Title = page.T("flow.title", "Title", p.Title)
	// The SVG is generated from the model with every text escaped.
	return s.render(c, "flow", &flowPage{Page: page, SVG: template.HTML(g.SVG()), Outline: g.Outline()}, nil)
}
