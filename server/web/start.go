package web

import (
	"errors"
	"slices"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/procedure"
	"github.com/repetition-demarches/repetition/server/store"
)

type startPage struct {
	*Page
	Resume string // where an attempt in progress goes on, if any
	Modes  []string
	// Profiles offered; in a training, only those its mediator chose.
	Profiles []*procedure.Profile
	// InTraining is set when a mediator's training sets the mode (and
	// maybe the profile) of this attempt.
	InTraining bool
	Assigned   *procedure.Profile
	Restricted bool // only the mediator's profiles may be chosen
	// Papers offers to look the answers up in the profiles' papers: for
	// the guided and autonomous modes only, since the exam always does.
	Papers bool
	// ExamOffered is set when the exam is one of the modes offered: the
	// answers' choice then says it does not count for the exam.
	ExamOffered bool
}

// start presents a procedure: what it is, what to have at hand, the
// fictional profiles, and the button to begin.
func (s *server) start(c *fiber.Ctx) error {
	p, err := s.procedure(c)
	if err != nil {
		return err
	}
	a, err := s.attempt(c, p)
	if err != nil {
		return err
	}
	page := s.newPage(c, p)
	page.Title = p.Title
	sp := &startPage{Page: page, Modes: engine.Modes(), Profiles: p.Profiles}
	sess, _ := c.Locals(sessionKey).(*store.Session)
	if tr := s.trainingOf(c.UserContext(), sess); tr != nil && slices.Contains(tr.Procedures, p.ID) {
		sp.InTraining = true
		sp.Modes = []string{tr.Mode}
		sp.Assigned = assignedProfile(tr, sess.Learner, p)
		if offered := offeredProfiles(tr, p); len(offered) > 0 {
			sp.Profiles, sp.Restricted = offered, true
		}
	}
	for _, pr := range sp.Profiles {
		sp.Papers = sp.Papers || len(pr.Documents) > 0
	}
	sp.ExamOffered = slices.Contains(sp.Modes, engine.ModeExam)
	if sp.ExamOffered && len(sp.Modes) == 1 {
		sp.Papers = false // a training in exam mode: nothing to choose
	}
	if a != nil {
		sp.Resume = resumeURL(s.Engine.Eval(p, a))
	}
	return s.render(c, "start", sp, nil)
}

// begin starts a new attempt, with the chosen profile's answers.
func (s *server) begin(c *fiber.Ctx) error {
	p, err := s.procedure(c)
	if err != nil {
		return err
	}
	profile := c.FormValue("profil")
	if profile != "" && p.Profile(profile) == nil {
		return fiber.ErrBadRequest
	}
	// Copied: the attempt keeps it after Fiber reuses the request's buffer.
	mode := utils.CopyString(c.FormValue("mode", engine.ModeGuided))
	if !slices.Contains(engine.Modes(), mode) {
		return fiber.ErrBadRequest
	}
	sess, tr, err := s.learnerTraining(c)
	if err != nil {
		return err
	}
	if tr != nil {
		forced, chosen, ok := trainingRules(tr, sess.Learner, p, profile)
		if !ok {
			return fiber.ErrBadRequest
		}
		profile = chosen
		if forced != "" {
			mode = forced
		}
	}
	var a *engine.Attempt
	switch {
	case mode == engine.ModeExam:
		// Every answer is looked up in the papers, as for real.
		a = s.Engine.StartExam(p, profile)
	case c.FormValue("reponses") == "papiers":
		a = s.Engine.StartWithPapers(p, profile)
	default:
		a = s.Engine.Start(p, profile)
	}
	a.Mode = mode
	// A new attempt, under a new id: an id known before (planted on a
	// shared computer, say) opens nothing of it.
	_, err = s.changeSession(c, true, func(sess *store.Session) error {
		sess.Attempts[p.ID] = a
		return nil
	})
	if err != nil {
		return err
	}
	if asksOwn(p, a) {
		// Without a profile, what the administration knows comes first.
		return seeOther(c, ownURL(p))
	}
	if to := gate(p, a); to != "" {
		// The login trap comes before the first step.
		return seeOther(c, to)
	}
	return seeOther(c, stepURL(p, p.Steps[0]))
}

// restart erases the attempt at this procedure and goes back to its start.
func (s *server) restart(c *fiber.Ctx) error {
	p, err := s.procedure(c)
	if err != nil {
		return err
	}
	if id := sessionID(c); id != "" {
		err := s.Store.Update(c.UserContext(), id, func(sess *store.Session) error {
			delete(sess.Attempts, p.ID)
			return nil
		})
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
	}
	return seeOther(c, startURL(p))
}

// withAttempt loads the procedure and the learner's attempt, sending the
// learner to the start page when there is none.
func (s *server) withAttempt(c *fiber.Ctx) (*procedure.Procedure, *engine.Attempt, error) {
	p, err := s.procedure(c)
	if err != nil {
		return nil, nil, err
	}
	a, err := s.attempt(c, p)
	if err != nil {
		return nil, nil, err
	}
	return p, a, nil
}
