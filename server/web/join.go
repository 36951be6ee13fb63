package web

import (
	"encoding/base64"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/limiter"
	"github.com/gofiber/fiber/v2/utils"

	"github.com/repetition-demarches/repetition/server/procedure"
	"github.com/repetition-demarches/repetition/server/store"
)

const maxPseudonym = 30

type joinPage struct {
	*Page
	Code, Pseudonym string
	Errors          map[string]string
}

// join asks for the session's code and a pseudonym, never a real name.
func (s *server) join(c *fiber.Ctx) error {
	code := normalizeResumeCode(c.Query("code"))
	if len(code) != 6 {
		code = ""
	}
	return s.renderJoin(c, &joinPage{Code: formatCode(code)}, fiber.StatusOK)
}

func (s *server) renderJoin(c *fiber.Ctx, jp *joinPage, status int) error {
	jp.Page = s.newPage(c, nil)
	jp.Title = jp.T("training.join.title")
	jp.ErrorPrefix = len(jp.Errors) > 0
	c.Status(status)
	return s.render(c, "training-join", jp, nil)
}

// joinWith adds the learner to the training and sends them to its page.
// Refused posts answer 422, which is what the join limiter counts.
func (s *server) joinWith(c *fiber.Ctx) error {
	t := s.a().locales.Translator(c.Locals(langKey).(string))
	jp := &joinPage{Code: utils.CopyString(strings.TrimSpace(c.FormValue("code"))), Pseudonym: utils.CopyString(strings.TrimSpace(c.FormValue("pseudo"))), Errors: map[string]string{}}
	code := normalizeResumeCode(jp.Code)
	var tr *store.Training
	switch tt, err := s.Store.TrainingByCode(c.UserContext(), code); {
	case len(code) != 6 || errors.Is(err, store.ErrNotFound):
		jp.Errors["code"] = t.T("training.join.unknown_code")
	case err != nil:
		return err
	case !tt.Open(s.Engine.Now()):
		jp.Errors["code"] = t.T("training.join.closed")
	case len(tt.Learners) >= maxTrainingLearners:
		jp.Errors["code"] = t.T("training.join.full")
	default:
		tr = tt
	}
	if msg := checkPseudonym(jp.Pseudonym); msg != "" {
		jp.Errors["pseudo"] = t.T(msg, "Max", maxPseudonym)
	}
	if len(jp.Errors) > 0 {
		return s.renderJoin(c, jp, fiber.StatusUnprocessableEntity)
	}
	// Joining gives the browser's session a new id (or a new session): an
	// id known before opens nothing of what the learner does here.
	id, err := s.changeSession(c, true, func(*store.Session) error { return nil })
	if err != nil {
		return err
	}
	learner, err := s.newLearnerID()
	if err != nil {
		return err
	}
	now := s.Engine.Now()
	err = s.Store.UpdateTraining(c.UserContext(), tr.ID, func(t *store.Training) error {
		for _, l := range t.Learners {
			if l.Session == id {
				learner = l.ID // joining twice from one browser: same learner
				return nil
			}
		}
		t.Learners = append(t.Learners, store.Learner{ID: learner, Pseudonym: uniquePseudonym(t, jp.Pseudonym), Session: id, Joined: now})
		return nil
	})
	if err != nil {
		return err
	}
	err = s.Store.Update(c.UserContext(), id, func(sess *store.Session) error {
		if sess.Training != tr.ID {
			// A browser joining a new training starts afresh on its procedures.
			for _, p := range tr.Procedures {
				delete(sess.Attempts, p)
			}
			sess.Inbox = nil
		}
		sess.Training, sess.Learner = tr.ID, learner
		return nil
	})
	if err != nil {
		return err
	}
	return seeOther(c, "/seance")
}

// checkPseudonym returns the message key of what is wrong with a pseudonym:
// it shows what it is (nothing invisible, only letters, marks, digits,
// punctuation, symbols and spaces) and holds a letter or a digit.
func checkPseudonym(p string) string {
	switch {
	case p == "":
		return "training.join.pseudo_missing"
	case utf8.RuneCountInString(p) > maxPseudonym:
		return "training.join.pseudo_long"
	case strings.ContainsFunc(p, invisible):
		return "training.join.pseudo_invisible"
	case strings.ContainsFunc(p, func(r rune) bool { return !unicode.IsGraphic(r) || r == utf8.RuneError }):
		return "training.join.pseudo_invalid"
	case !strings.ContainsFunc(p, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }):
		return "training.join.pseudo_no_letter"
	}
	return ""
}

// uniquePseudonym adds a number to a pseudonym already taken in t.
func uniquePseudonym(t *store.Training, p string) string {
	taken := map[string]bool{}
	for _, l := range t.Learners {
		taken[strings.ToLower(l.Pseudonym)] = true
	}
	out := p
	for n := 2; taken[strings.ToLower(out)]; n++ {
		out = p + " " + strconv.Itoa(n)
	}
	return out
}

func (s *server) newLearnerID() (string, error) {
	buf := make([]byte, 8)
	if _, err := io.ReadFull(s.Random, buf); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(buf), nil
}

// joinLimits keep the join form from being used to guess codes, while a
// whole room behind one address (30 learners, some mistyping) gets in:
// 90 refused joins a minute from one address. Nothing is counted by code
// alone: whoever reads the projected code could then lock the room, by
// joining again and again (the same browser is the same learner, and a
// room holds maxTrainingLearners) or by sending refused joins.
func joinLimits() []fiber.Handler {
	return []fiber.Handler{limiter.New(limiter.Config{
		Max: 90, Expiration: time.Minute, SkipSuccessfulRequests: true,
		LimitReached: tooMany,
		Next:         func(c *fiber.Ctx) bool { return c.Method() != fiber.MethodPost },
	})}
}

type trainingHome struct {
	*Page
	Pseudonym string
	Closed    bool
	Mode      string
	Items     []trainingItem
	Messages  []store.Message
}

type trainingItem struct {
	Proc    *procedure.Procedure
	Profile string // the assigned profile's name, if any
	Started bool
	Done    bool
}

// trainingHomePage is the learner's page of the training: its procedures,
// their profile, the mediator's messages.
func (s *server) trainingHomePage(c *fiber.Ctx) error {
	sess, tr, err := s.learnerTraining(c)
	if err != nil {
		return err
	}
	if tr == nil {
		return seeOther(c, "/rejoindre")
	}
	page := s.newPage(c, nil)
	page.Title = page.T("training.home.title")
	th := &trainingHome{Page: page, Closed: !tr.ClosedAt(s.Engine.Now()).IsZero(), Mode: tr.Mode, Messages: sess.Inbox}
	if l := tr.Learner(sess.Learner); l != nil {
		th.Pseudonym = l.Pseudonym
	}
	for _, id := range tr.Procedures {
		p := s.a().procs[id]
		if p == nil {
			continue
		}
		it := trainingItem{Proc: p}
		if pr := assignedProfile(tr, sess.Learner, p); pr != nil {
			it.Profile = pr.Name
		}
		if a := sess.Attempts[id]; a != nil {
			it.Started, it.Done = true, a.Receipt != nil
		}
		th.Items = append(th.Items, it)
	}
	return s.render(c, "training-home", th, nil)
}

// trainingLeave unlinks the learner's browser from the training.
func (s *server) trainingLeave(c *fiber.Ctx) error {
	if id := sessionID(c); id != "" {
		err := s.Store.Update(c.UserContext(), id, func(sess *store.Session) error {
			sess.Training, sess.Learner, sess.Inbox = "", "", nil
			return nil
		})
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
	}
	return seeOther(c, "/")
}

// learnerTraining returns the learner's session and training, or nils.
func (s *server) learnerTraining(c *fiber.Ctx) (*store.Session, *store.Training, error) {
	id := sessionID(c)
	if id == "" {
		return nil, nil, nil
	}
	sess, err := s.Store.Get(c.UserContext(), id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	c.Locals(sessionKey, sess)
	return sess, s.trainingOf(c.UserContext(), sess), nil
}

// assignedProfile is the profile the training gives this learner for p:
// the training's profiles of p, dealt in turn in the order learners joined.
func assignedProfile(tr *store.Training, learner string, p *procedure.Procedure) *procedure.Profile {
	if tr == nil || !tr.Assign {
		return nil
	}
	candidates := offeredProfiles(tr, p)
	if len(candidates) == 0 {
		return nil
	}
	n := 0
	for i, l := range tr.Learners {
		if l.ID == learner {
			n = i
		}
	}
	return candidates[n%len(candidates)]
}

// offeredProfiles are the profiles a training's learner may choose for p:
// nil when the training leaves every profile open.
func offeredProfiles(tr *store.Training, p *procedure.Procedure) []*procedure.Profile {
	var out []*procedure.Profile
	for _, key := range tr.Profiles {
		if proc, prof, _ := strings.Cut(key, "/"); proc == p.ID {
			if pr := p.Profile(prof); pr != nil {
				out = append(out, pr)
			}
		}
	}
	return out
}

// trainingRules gives the mode and the profile a training imposes on an
// attempt at p, and whether the profile asked for is allowed.
func trainingRules(tr *store.Training, learner string, p *procedure.Procedure, asked string) (mode, profile string, ok bool) {
	if tr == nil || !slices.Contains(tr.Procedures, p.ID) {
		return "", asked, true
	}
	if pr := assignedProfile(tr, learner, p); pr != nil {
		return tr.Mode, pr.ID, true
	}
	offered := offeredProfiles(tr, p)
	if len(offered) == 0 {
		return tr.Mode, asked, true
	}
	for _, pr := range offered {
		if pr.ID == asked {
			return tr.Mode, asked, true
		}
	}
	return tr.Mode, "", false
}
