package web

import (
	"context"
	"errors"
	"io"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/limiter"

	"github.com/repetition-demarches/repetition/server/store"
)

// A resume code lets a learner go on with their exercises on another
// device, with no account: characters without the ones people confuse
// (0/O, 1/I/L), shown in groups of four.
const resumeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// resumeCodeLength is twelve characters, about 59 bits: ten thousand
// addresses guessing at the limit of resumeLimits for a month, while a
// thousand codes are live, have about one chance in 60,000 of finding
// one. With eight characters (40 bits) they would find some: the limiter,
// which counts by address, would be the only defence.
const resumeCodeLength = 12

func (s *server) newResumeCode() (string, error) {
	buf := make([]byte, resumeCodeLength)
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

// formatResumeCode shows a code in groups of four: XXXX-XXXX-XXXX.
func formatResumeCode(code string) string {
	var groups []string
	for len(code) > 4 {
		groups, code = append(groups, code[:4]), code[4:]
	}
	return strings.Join(append(groups, code), "-")
}

type resumePage struct {
	*Page
	Code       string // this device's code, shown as XXXX-XXXX-XXXX
	HasSession bool
	Unknown    bool
}

// resume shows this device's code, or asks for the code of another.
func (s *server) resume(c *fiber.Ctx) error {
	return s.renderResume(c, false, fiber.StatusOK)
}

// renderResume shows the page, with the code typed refused when unknown.
func (s *server) renderResume(c *fiber.Ctx, unknown bool, status int) error {
	page := s.newPage(c, nil)
	page.Title = page.T("resume.title")
	rp := &resumePage{Page: page, Unknown: unknown}
	page.ErrorPrefix = rp.Unknown
	if id := sessionID(c); id != "" {
		if sess, err := s.Store.Get(c.UserContext(), id); err == nil {
			rp.HasSession = true
			if code := sess.ResumeCode; len(code) == resumeCodeLength {
				rp.Code = formatResumeCode(code)
			}
		}
	}
	c.Status(status)
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
		if len(sess.ResumeCode) != resumeCodeLength { // none yet, or one of eight from before
			sess.ResumeCode = code
		}
		return nil
	})
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	return seeOther(c, "/reprendre")
}

// resumeWith opens the session of a code on this device. A refused code
// answers 422, which is what resumeLimits counts.
func (s *server) resumeWith(c *fiber.Ctx) error {
	id, err := s.sessionOfResumeCode(c.UserContext(), normalizeResumeCode(c.FormValue("code")))
	if errors.Is(err, store.ErrNotFound) {
		return s.renderResume(c, true, fiber.StatusUnprocessableEntity)
	}
	if err != nil {
		return err
	}
	// The session moves to this device under a new id: the id the other
	// device held, or anyone who saw it, opens nothing any more.
	if _, err := s.moveSession(c, id); errors.Is(err, errNoAttempt) {
		return s.renderResume(c, true, fiber.StatusUnprocessableEntity) // gone meanwhile
	} else if err != nil {
		return err
	}
	return seeOther(c, "/?repris=1")
}

// sessionOfResumeCode returns the id of the session a code opens. Returns
// store.ErrNotFound when no session holds the code, or when the session
// belongs to a training that has closed (by the mediator or at its end):
// its learners' codes stop working with it.
func (s *server) sessionOfResumeCode(ctx context.Context, code string) (string, error) {
	if len(code) != resumeCodeLength {
		return "", store.ErrNotFound
	}
	id, err := s.Store.ByResumeCode(ctx, code)
	if err != nil {
		return "", err
	}
	sess, err := s.Store.Get(ctx, id)
	if err != nil {
		return "", err
	}
	if sess.Training == "" {
		return id, nil
	}
	tr, err := s.Store.Training(ctx, sess.Training)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return "", store.ErrNotFound
	case err != nil:
		return "", err
	case !tr.Open(s.Engine.Now()):
		return "", store.ErrNotFound
	}
	return id, nil
}

// resumeLimits keep the resume form from being used to guess codes: 30
// refused codes a minute from one address, enough for a room of learners
// behind one address, some mistyping. A limited address is refused right
// codes too, so that the limit does not tell them from wrong ones.
func resumeLimits() []fiber.Handler {
	return []fiber.Handler{limiter.New(limiter.Config{
		Max: 30, Expiration: time.Minute, SkipSuccessfulRequests: true,
		LimitReached: tooMany,
	})}
}
