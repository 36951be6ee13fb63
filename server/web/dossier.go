package web

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/procedure"
)

func dossierURL(p *procedure.Procedure) string { return "/demarches/" + p.ID + "/suivi" }

type dossierPage struct {
	*Page
	Number, Submitted string
	Draft             bool
	Resume            string
	Status            string
	Messages          []messageView
	History           []historyView
	Missed            *messageView
	// Request is the document asked for, when one waits for its answer.
	Request *requestView
	// Error is the refusal of the last upload, in the site's words.
	Error string
	// CanAdvance is set when something is to come and nothing waits.
	CanAdvance bool
	// Day is how long a simulated day lasts, in the learner's language.
	Day string
	// Documents are the documents the dossier has received so far.
	Documents []producedLink
	// RealFrom and RealTo are the real delays in days or weeks (Weeks).
	RealFrom, RealTo int
	Weeks            bool
}

type messageView struct {
	Date, Title, Text string
	Unread            bool
	Reply             string
}

type historyView struct {
	Date, Status string
}

type requestView struct {
	Label, Accept, Formats string
	MaxSize                string
}

// dossier is the follow-up of one procedure: the status, the history, the
// messages of the instructing service (new ones marked, then read), the
// answer to a document request, and the sandbox's "Avancer le temps".
func (s *server) dossier(c *fiber.Ctx) error {
	p, a, err := s.withAttempt(c)
	if err != nil {
		return err
	}
	if a == nil || p.FollowUp == nil {
		return c.Redirect(startURL(p), fiber.StatusSeeOther)
	}
	d, err := s.Engine.Dossier(p, a)
	if err != nil {
		return err
	}
	page := s.newPage(c, p)
	page.simulated()
	page.Title = page.S("site.follow.title")
	dp := &dossierPage{Page: page, Draft: a.Receipt == nil, Status: statusLabel(page, d), CanAdvance: d.Pending == nil && !d.Next.IsZero()}
	day := p.FollowUp.DayLength()
	sim := func(at time.Time) string { return simulatedDate(a, at, day) }
	if dp.Draft {
		dp.Resume = resumeURL(s.Engine.Eval(p, a))
		if m := d.Missed; m != nil {
			dp.Missed = &messageView{Date: sim(m.At), Title: m.Title, Text: m.Message, Unread: d.Unread > 0}
		}
	} else {
		dp.Number, dp.Submitted = a.Receipt.Number, a.Receipt.Submitted.Format("02/01/2006")
		if dp.Documents, err = s.producedLinks(p, a); err != nil {
			return err
		}
	}
	unreadFrom := d.Messages() - d.Unread
	n := 0
	for _, h := range d.Events {
		if h.Event.Status != "" {
			hv := historyView{Date: sim(h.At), Status: page.S("site.follow.status." + h.Event.Status)}
			if h.Event.Label != "" {
				hv.Status = h.Event.Label
			}
			dp.History = append(dp.History, hv)
		}
		if h.Title == "" && h.Message == "" {
			continue
		}
		mv := messageView{Date: sim(h.At), Title: h.Title, Text: h.Message, Unread: n >= unreadFrom}
		if h.Reply != "" {
			mv.Reply, _, _ = strings.Cut(h.Reply, "|")
		}
		n++
		dp.Messages = append(dp.Messages, mv)
	}
	slices.Reverse(dp.Messages) // the newest first, as in a mailbox
	if h := d.Pending; h != nil {
		r := h.Event.Request
		rv := &requestView{Label: h.Request, Accept: "." + strings.Join(r.Accept, ",."), MaxSize: strings.Replace(strconv.FormatFloat(r.MaxSize, 'f', -1, 64), ".", ",", 1)}
		rv.Formats = strings.ToUpper(strings.Join(r.Accept, ", "))
		dp.Request = rv
		if key := c.Query("erreur"); slices.Contains([]string{"required", "file_type", "file_size"}, key) {
			dp.Error = page.S("site.follow.error."+key, "Formats", rv.Formats, "Size", rv.MaxSize)
		}
	}
	page.ErrorPrefix = dp.Error != ""
	dp.Day = dayLength(page, day)
	if rd := p.FollowUp.RealDays; len(rd) == 2 {
		dp.RealFrom, dp.RealTo = rd[0], rd[1]
		if rd[0] >= 14 {
			dp.Weeks, dp.RealFrom, dp.RealTo = true, rd[0]/7, (rd[1]+6)/7
		}
	}
	if d.Unread > 0 {
		err := s.updateAttempt(c, p, func(a *engine.Attempt) error {
			d, err := s.Engine.Dossier(p, a)
			a.MarkRead(d)
			return err
		})
		if err != nil && !errors.Is(err, errNoAttempt) {
			return err
		}
	}
	return s.render(c, "dossier", dp, p)
}

// dossierAdvance is the sandbox's "Avancer le temps": the simulated clock
// jumps to the next event of the follow-up.
func (s *server) dossierAdvance(c *fiber.Ctx) error {
	p, err := s.procedure(c)
	if err != nil {
		return err
	}
	if p.FollowUp == nil {
		return fiber.ErrNotFound
	}
	err = s.updateAttempt(c, p, func(a *engine.Attempt) error {
		ok, err := s.Engine.Advance(p, a)
		if err == nil && !ok {
			return errNotSaved
		}
		return err
	})
	switch {
	case errors.Is(err, errNoAttempt):
		return seeOther(c, startURL(p))
	case err != nil && !errors.Is(err, errNotSaved):
		return err
	}
	return seeOther(c, dossierURL(p))
}

// dossierAnswer answers the document request with an upload: only the
// file's name and size are kept, never its content.
func (s *server) dossierAnswer(c *fiber.Ctx) error {
	p, err := s.procedure(c)
	if err != nil {
		return err
	}
	if p.FollowUp == nil {
		return fiber.ErrNotFound
	}
	file := ""
	if strings.HasPrefix(c.Get(fiber.HeaderContentType), fiber.MIMEMultipartForm) {
		form, err := c.MultipartForm()
		if err != nil {
			return fiber.ErrBadRequest
		}
		if fhs := form.File["piece"]; len(fhs) > 0 && fhs[0].Filename != "" {
			file = engine.FileAnswer(fhs[0].Filename, fhs[0].Size)
		}
	}
	var key string
	err = s.updateAttempt(c, p, func(a *engine.Attempt) error {
		var err error
		key, err = s.Engine.Answer(p, a, file)
		if err == nil && key != "" {
			return errNotSaved
		}
		return err
	})
	switch {
	case errors.Is(err, errNoAttempt):
		return seeOther(c, startURL(p))
	case errors.Is(err, engine.ErrNothingRequested):
		return seeOther(c, dossierURL(p))
	case key != "":
		return seeOther(c, dossierURL(p)+"?erreur="+key+"#piece")
	case err != nil:
		return err
	}
	return seeOther(c, dossierURL(p)+"#messages")
}

// statusLabel is the dossier's status in the simulated site's words.
func statusLabel(page *Page, d *engine.Dossier) string {
	switch {
	case d.Label != "":
		return d.Label
	case d.Status != "":
		return page.S("site.follow.status." + d.Status)
	case d.Missed != nil:
		return page.S("site.follow.not_received")
	}
	return page.S("site.follow.draft")
}

// simulatedDate is the calendar day of a follow-up moment on the
// simulated calendar, where each day lasts day.
func simulatedDate(a *engine.Attempt, at time.Time, day time.Duration) string {
	from := a.Started
	if a.Receipt != nil {
		from = a.Receipt.Submitted
	}
	days := int(at.Sub(from) / day)
	return from.AddDate(0, 0, days).Format("02/01/2006")
}

// dayLength says how long a simulated day lasts, in the learner's language.
func dayLength(page *Page, d time.Duration) string {
	if d%time.Minute == 0 {
		return page.T("follow.minutes", "Count", int(d/time.Minute))
	}
	return page.T("follow.seconds", "Count", int(d/time.Second))
}
