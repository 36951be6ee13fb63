package web

import (
	"github.com/gofiber/fiber/v2"
)

// erasePath is "Effacer mes réponses": the question (GET) and the erasure (POST).
const erasePath = "/effacer-mes-reponses"

type erasePage struct {
	*Page
	// Back is the page the learner came from, where "Annuler" leads.
	Back string
	// Started names the procedures whose answers would be lost.
	Started []string
	// Dossiers is set when a submitted dossier is followed in Mon espace.
	Dossiers bool
	// ResumeCode is set when the session has a code to resume elsewhere.
	ResumeCode bool
	// Training is set when the learner is in a mediator's training: the
	// mediator would no longer see their progress.
	Training bool
}

// eraseAsk asks before erasing, saying what would be lost. Reading it
// erases and writes nothing; its form posts the confirmation.
func (s *server) eraseAsk(c *fiber.Ctx) error {
	page := s.newPage(c, nil)
	page.Title = page.T("erase.title")
	ep := &erasePage{Page: page, Back: localPath(c.Query("retour", "/"))}
	if id := sessionID(c); id != "" {
		// Peek: asking is not activity, and a GET writes nothing.
		sessions, err := s.Store.Peek(c.UserContext(), []string{id})
		if err != nil {
			return err
		}
		if sess := sessions[id]; sess != nil {
			for _, p := range s.a().list {
				if a := sess.Attempts[p.ID]; a != nil {
					ep.Started = append(ep.Started, p.Title)
					ep.Dossiers = ep.Dossiers || a.Receipt != nil
				}
			}
			ep.ResumeCode = sess.ResumeCode != ""
			ep.Training = s.trainingOf(c.UserContext(), sess) != nil
		}
	}
	return s.render(c, "erase", ep, nil)
}

// forget erases the learner's whole session at once, once confirmed on
// the page of eraseAsk; a post without the confirmation (a form of an
// older page) erases nothing and asks.
func (s *server) forget(c *fiber.Ctx) error {
	if c.FormValue("confirmer") != "oui" {
		return seeOther(c, erasePath)
	}
	if id := sessionID(c); id != "" {
		if err := s.Store.Delete(c.UserContext(), id); err != nil {
			return err
		}
	}
	clearCookie(c, sessionCookie)
	return seeOther(c, "/?efface=1")
}
