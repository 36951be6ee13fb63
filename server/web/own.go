package web

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/procedure"
)

// The page of vos_donnees (procedure.OwnData) is the sandbox's, not the
// simulated site's: before the first step, a learner without a profile
// gives what the administration knows of them, which stands in for a
// profile (engine.GiveOwn). Its texts are in the learner's language; the
// questions are the author's French, translated beside them when the
// procedure's translation has them.

func ownURL(p *procedure.Procedure) string { return "/demarches/" + p.ID + "/vos-donnees" }

type ownPage struct {
	*Page
	Intro, IntroTranslation string
	Fields                  []*fieldView
	Issues                  []issueView
	Action                  string
	// Next is where the learner goes without giving anything: "passer".
	Next string
}

// asksOwn reports whether the learner's attempt may give vos_donnees: a
// procedure with the block, an attempt without a profile, not submitted.
func asksOwn(p *procedure.Procedure, a *engine.Attempt) bool {
	return p.OwnData != nil && a != nil && a.Profile == "" && a.Receipt == nil
}

// afterOwn is where the learner goes once vos_donnees is given or
// skipped: the login trap, or the first step still to do.
func (s *server) afterOwn(p *procedure.Procedure, a *engine.Attempt) string {
	if to := gate(p, a); to != "" {
		return to
	}
	return resumeURL(s.Engine.Eval(p, a))
}

// ownShow draws the page of vos_donnees, with the problems of the
// answers last given.
func (s *server) ownShow(c *fiber.Ctx) error {
	p, a, err := s.withAttempt(c)
	if err != nil {
		return err
	}
	if a == nil {
		return seeOther(c, startURL(p))
	}
	if !asksOwn(p, a) {
		return seeOther(c, s.afterOwn(p, a))
	}
	page := s.newPage(c, p)
	page.Title = page.T("own.title")
	g := s.guideFor(c, p, page)
	g.show = g.tr != nil // the sandbox's page: translations beside the French
	ev := s.Engine.OwnEval(p, a)
	st := p.OwnData.Step()
	op := &ownPage{
		Page:   page,
		Intro:  ev.Text(p.OwnData.Intro),
		Fields: s.fieldViews(page, g, ev, st, a.OwnIssues),
		Action: ownURL(p),
		Next:   s.afterOwn(p, a),
	}
	if str := g.step(procedure.OwnDataStep); str != nil {
		op.IntroTranslation = g.translated(ev, &str.Intro)
	}
	for _, is := range a.OwnIssues {
		op.Issues = append(op.Issues, issueView{Anchor: fieldID(is.Field), Text: issueLabel(page, ev, is)})
	}
	page.ErrorPrefix = len(op.Issues) > 0
	if err := ev.Err(); err != nil {
		return err
	}
	return s.render(c, "own", op, p)
}

// ownSave records the answers of vos_donnees: the site's pre-fill is
// computed from them and the learner goes on to the procedure, or comes
// back to the page to correct them.
func (s *server) ownSave(c *fiber.Ctx) error {
	p, err := s.procedure(c)
	if err != nil {
		return err
	}
	if p.OwnData == nil {
		return fiber.ErrNotFound
	}
	form, err := formValues(c, p.OwnData.Step())
	if err != nil {
		return err
	}
	var next string
	err = s.updateAttempt(c, p, func(a *engine.Attempt) error {
		if !asksOwn(p, a) {
			next = s.afterOwn(p, a)
			return errNotSaved
		}
		if issues := s.Engine.GiveOwn(p, a, form); len(issues) > 0 {
			next = ownURL(p)
			return nil
		}
		next = s.afterOwn(p, a)
		return nil
	})
	switch {
	case errors.Is(err, errNotSaved):
	case errors.Is(err, errNoAttempt):
		return seeOther(c, startURL(p))
	case err != nil:
		return err
	}
	return seeOther(c, next)
}
