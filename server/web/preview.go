package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/repetition-demarches/repetition/server/procedure"
)

// previewPage lets an author open any step of a procedure with a fictional
// profile's answers, without going through the steps before it.
type previewPage struct {
	*stepPage           // the layout reads the page's fields through it
	View      *stepPage // the step itself, drawn by pages/step
	Profiles  []*procedure.Profile
	Chosen    string
	Steps     []previewLink
}

type previewLink struct {
	Title, URL string
	Current    bool
}

// preview draws a step in development mode. Nothing is stored: the attempt
// is made for this request from the profile's answers.
func (s *server) preview(c *fiber.Ctx) error {
	p, err := s.procedure(c)
	if err != nil {
		return err
	}
	st := p.Step(c.Params("step"))
	if st == nil {
		st = p.Steps[0]
	}
	profile := c.Query("profil")
	if profile != "" && p.Profile(profile) == nil {
		return fiber.ErrNotFound
	}
	a := s.Engine.Start(p, profile)
	ev := s.Engine.Eval(p, a)
	page := s.newPage(c, p)
	page.simulated()
	g := s.guideFor(c, p, page)
	page.Title = page.T("dev.preview.title", "Title", ev.Text(st.Title))
	sp := &stepPage{
		Page: page, Step: st, Preview: true,
		Heading: ev.Text(st.Title), Intro: ev.Text(st.Intro),
		Fields: s.fieldViews(page, g, ev, st, nil),
		Button: st.Button, Profile: g.profile(p.Profile(profile)),
		Back: "/apercu/" + p.ID + "/" + p.Steps[0].ID,
	}
	sp.Hints = g.stepHints(ev, st, 0)
	sp.Terms = g.terms(page.Lang)
	pp := &previewPage{stepPage: sp, View: sp, Profiles: p.Profiles, Chosen: profile}
	for _, t := range p.Steps {
		url := "/apercu/" + p.ID + "/" + t.ID
		if profile != "" {
			url += "?profil=" + profile
		}
		pp.Steps = append(pp.Steps, previewLink{Title: ev.Text(t.Title), URL: url, Current: t == st})
		if ev.StepVisible(t) {
			sp.Total++
			if t == st {
				sp.Number = sp.Total
			}
		}
	}
	if err := ev.Err(); err != nil {
		return err
	}
	return s.render(c, "preview", pp, p)
}
