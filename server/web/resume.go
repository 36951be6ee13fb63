package web

import (
	"errors"
	"io"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/repetition-demarches/repetition/server/store"
)

// A resume code lets a learner go on with their exercises on another
// device, with no account: eight characters without the ones people
// confuse (0/O, 1/I/L).
const resumeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

func (s *server) newResumeCode() (string, error) {
	buf := make([]byte, 8)
	if _, err := io.ReadFull(s.Random, buf); err != nil {
		return "", err
	}
	for i, b := range buf {
		buf[i] = resumeAlphabet[int(b)%len(resumeAlphabet)]
	}
	return string(buf), nil
}

// normalizeResumeCode accepts the code as people type it: lowercase,
// spaces and a dash in the middle do not matter.
func normalizeResumeCode(raw string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(raw) {
		if strings.ContainsRune(resumeAlphabet, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

type resumePage struct {
	*Page
	Code       string // this device's code, shown as XXXX-XXXX
	HasSession bool
	Unknown    bool
}

// resume shows this device's code, or asks for the code of another.
func (s *server) resume(c *fiber.Ctx) error {
	page := s.newPage(c, nil)
	page.Title = page.T("resume.title")
	rp := &resumePage{Page: page, Unknown: c.Query("erreur") == "1"}
	page.ErrorPrefix = rp.Unknown
	if id := sessionID(c); id != "" {
		if sess, err := s.Store.Get(c.UserContext(), id); err == nil {
			rp.HasSession = true
			if code := sess.ResumeCode; code != "" {
				rp.Code = code[:4] + "-" + code[4:]
			}
		}
	}
	return s.render(c, "resume", rp, nil)
}

// resumeCode gives this device's session a resume code.
func (s *server) resumeCode(c *fiber.Ctx) error {
	id := sessionID(c)
	if id == "" {
		return seeOther(c, "/reprendre")
	}
	code, err := s.newResumeCode()
	if err != nil {
		return err
	}
	err = s.Store.Update(c.UserContext(), id, func(sess *store.Session) error {
		if sess.ResumeCode == "" {
			sess.ResumeCode = code
		}
		return nil
	})
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	return seeOther(c, "/reprendre")
}

// resumeWith opens the session of a code on this device.
func (s *server) resumeWith(c *fiber.Ctx) error {
	code := normalizeResumeCode(c.FormValue("code"))
	id, err := s.Store.ByResumeCode(c.UserContext(), code)
	if errors.Is(err, store.ErrNotFound) || len(code) != 8 {
		return seeOther(c, "/reprendre?erreur=1#code")
	}
	if err != nil {
		return err
	}
	// The session moves to this device under a new id: the id the other
	// device held, or anyone who saw it, opens nothing any more.
	if _, err := s.moveSession(c, id); errors.Is(err, errNoAttempt) {
		return seeOther(c, "/reprendre?erreur=1#code")
	} else if err != nil {
		return err
	}
	return seeOther(c, "/?repris=1")
}
