package web

import (
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/procedure"
	"github.com/repetition-demarches/repetition/server/store"
)

// procedure returns the procedure named in the URL, or a 404.
func (s *server) procedure(c *fiber.Ctx) (*procedure.Procedure, error) {
	p, ok := s.a().procs[c.Params("proc")]
	if !ok {
		return nil, fiber.ErrNotFound
	}
	return p, nil
}

// sessionID is the learner's session cookie, copied out of Fiber's buffers.
func sessionID(c *fiber.Ctx) string {
	id := c.Cookies(sessionCookie)
	if len(id) != 43 {
		return ""
	}
	return utils.CopyString(id)
}

// attempt returns the learner's attempt at p, or nil when there is none.
func (s *server) attempt(c *fiber.Ctx, p *procedure.Procedure) (*engine.Attempt, error) {
	id := sessionID(c)
	if id == "" {
		return nil, nil
	}
	sess, err := s.Store.Get(c.UserContext(), id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	c.Locals(sessionKey, sess)
	return sess.Attempts[p.ID], nil
}

// errNoAttempt stops an update when the attempt has gone (expired, erased).
var errNoAttempt = errors.New("web: no attempt")

// updateAttempt changes the learner's attempt at p under the store's lock.
func (s *server) updateAttempt(c *fiber.Ctx, p *procedure.Procedure, fn func(*engine.Attempt) error) error {
	id := sessionID(c)
	if id == "" {
		return errNoAttempt
	}
	return s.Store.Update(c.UserContext(), id, func(sess *store.Session) error {
		a := sess.Attempts[p.ID]
		if a == nil {
			return errNoAttempt
		}
		return fn(a)
	})
}

func (s *server) setSessionCookie(c *fiber.Ctx, id string) {
	c.Cookie(&fiber.Cookie{
		Name:        sessionCookie,
		Value:       id,
		Path:        "/",
		HTTPOnly:    true,
		SameSite:    fiber.CookieSameSiteLaxMode,
		Secure:      s.SecureCookies || c.Protocol() == "https",
		SessionOnly: true,
	})
}

func clearCookie(c *fiber.Ctx, name string) {
	c.Cookie(&fiber.Cookie{Name: name, Value: "", Path: "/", Expires: time.Unix(1, 0), HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode})
}

// URLs of a procedure's pages.
func startURL(p *procedure.Procedure) string { return "/demarches/" + p.ID + "/" }
func stepURL(p *procedure.Procedure, st *procedure.Step) string {
	return "/demarches/" + p.ID + "/etapes/" + st.ID
}
func reviewURL(p *procedure.Procedure) string  { return "/demarches/" + p.ID + "/recapitulatif" }
func receiptURL(p *procedure.Procedure) string { return "/demarches/" + p.ID + "/recepisse" }

// resumeURL is where an attempt goes on: the first step to do, or the review.
func resumeURL(ev *engine.Eval) string {
	if ev.A.Receipt != nil {
		return receiptURL(ev.P)
	}
	if st := ev.FirstIncomplete(); st != nil {
		if st.ID == ev.P.Traps.SMSCodeAfter && ev.A.CodePending(ev.P) {
			return codeURL(ev.P) // the code after the site's own login
		}
		return stepURL(ev.P, st)
	}
	return reviewURL(ev.P)
}

// seeOther redirects after a POST, so that reloading never posts again.
func seeOther(c *fiber.Ctx, to string) error {
	return c.Redirect(to, fiber.StatusSeeOther)
}
