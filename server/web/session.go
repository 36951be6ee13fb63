package web

import (
	"errors"

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

// sessionID is the id the learner's browser claims, copied out of Fiber's
// buffers: a session of the server only if the store holds it. The store
// never makes a session of an id it is given (Update answers ErrNotFound),
// so a cookie planted by someone else opens nothing and is never adopted.
// Within a request that issued a new id, it is that id.
func sessionID(c *fiber.Ctx) string {
	if id, ok := c.Locals(issuedKey).(string); ok {
		return id
	}
	id := c.Cookies(cookieName(c, sessionCookie))
	if len(id) != 43 {
		return ""
	}
	return utils.CopyString(id)
}

// changeSession runs fn on the learner's session, or on a new one, with an
// id drawn here, when the browser has none the server holds. With rotate,
// a session that already existed then gets a fresh id, so that an id seen
// before this moment (planted, read over a shoulder) opens nothing after it.
// It returns the session's id, which the browser now holds.
func (s *server) changeSession(c *fiber.Ctx, rotate bool, fn func(*store.Session) error) (string, error) {
	if id := sessionID(c); id != "" {
		err := s.Store.Update(c.UserContext(), id, fn)
		if err == nil && rotate {
			return s.rotateSession(c)
		}
		if !errors.Is(err, store.ErrNotFound) {
			return id, err
		}
	}
	id, err := s.newSessionID()
	if err != nil {
		return "", err
	}
	if err := s.Store.Create(c.UserContext(), id, fn); err != nil {
		return "", err
	}
	s.issueSession(c, id)
	return id, nil
}

// rotateSession gives the learner's session a fresh id (store.Rotate):
// when an attempt begins, a training is joined, a resume code is used, and
// after the simulated logins. errNoAttempt when the session has gone.
func (s *server) rotateSession(c *fiber.Ctx) (string, error) {
	old := sessionID(c)
	if old == "" {
		return "", errNoAttempt
	}
	return s.moveSession(c, old)
}

// moveSession gives the session old a fresh id, held by this browser.
func (s *server) moveSession(c *fiber.Ctx, old string) (string, error) {
	id, err := s.newSessionID()
	if err != nil {
		return "", err
	}
	err = s.Store.Rotate(c.UserContext(), old, id)
	if errors.Is(err, store.ErrNotFound) {
		return "", errNoAttempt
	}
	if err != nil {
		return "", err
	}
	s.issueSession(c, id)
	return id, nil
}

// issueSession gives the browser the session id, and makes it the one of
// the rest of this request.
func (s *server) issueSession(c *fiber.Ctx, id string) {
	c.Locals(issuedKey, id)
	setCookie(c, sessionCookie, id)
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
	err := s.Store.Update(c.UserContext(), id, func(sess *store.Session) error {
		a := sess.Attempts[p.ID]
		if a == nil {
			return errNoAttempt
		}
		return fn(a)
	})
	if errors.Is(err, store.ErrNotFound) {
		return errNoAttempt
	}
	return err
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
