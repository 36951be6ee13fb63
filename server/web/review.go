package web

import (
	"html/template"

	"github.com/gofiber/fiber/v2"

	"github.com/repetition-demarches/repetition/server/engine"
)

type reviewPage struct {
	*Page
	Heading  string
	Intro    string
	Sections []reviewSection
	Back     string
	// AttestationMissing is set when the learner validated without ticking the sworn statement.
	AttestationMissing bool
	Profile            *profileView
}

type reviewSection struct {
	Title string
	Rows  []reviewRow
}

type reviewRow struct {
	Label, Value, Change string
}

// review is "Vérifiez vos réponses": every answer with a link to change it.
func (s *server) review(c *fiber.Ctx) error {
	p, a, err := s.withAttempt(c)
	if err != nil {
		return err
	}
	if a == nil {
		return c.Redirect(startURL(p), fiber.StatusSeeOther)
	}
	if to := gate(p, a); to != "" {
		return c.Redirect(to, fiber.StatusSeeOther)
	}
	ev := s.Engine.Eval(p, a)
	if a.Receipt != nil || ev.FirstIncomplete() != nil {
		return c.Redirect(resumeURL(ev), fiber.StatusSeeOther)
	}
	page := s.newPage(c, p)
	page.simulated()
	g := s.guideFor(c, p, page)
	rp := &reviewPage{
		Page: page, Heading: p.Review.Title, Intro: ev.Text(p.Review.Intro),
		AttestationMissing: c.Query("erreur") == "attestation",
		Profile:            g.profile(p.Profile(a.Profile)),
	}
	rp.Profile.linkPapers(p, p.Profile(a.Profile))
	if rp.Heading == "" {
		rp.Heading = page.S("site.review.title")
	}
	page.Title, page.ErrorPrefix = rp.Heading, rp.AttestationMissing
	for _, sec := range ev.Review() {
		rs := reviewSection{Title: ev.Text(sec.Step.Title)}
		for _, row := range sec.Rows {
			value := row.Value
			if row.Word != "" {
				value = page.S("site." + row.Word)
			}
			rs.Rows = append(rs.Rows, reviewRow{Label: row.Label, Value: value, Change: stepURL(p, sec.Step) + "#" + fieldID(row.Key)})
		}
		rp.Sections = append(rp.Sections, rs)
	}
	if last := ev.LastVisible(); last != nil {
		rp.Back = stepURL(p, last)
	}
	if err := ev.Err(); err != nil {
		return err
	}
	return s.render(c, "review", rp, p)
}

// submit makes the fake submission, once the sworn statement is ticked.
func (s *server) submit(c *fiber.Ctx) error {
	p, a, err := s.withAttempt(c)
	if err != nil {
		return err
	}
	if a == nil {
		return seeOther(c, startURL(p))
	}
	if p.Submit.Attestation != "" && c.FormValue("attestation") != "true" {
		return seeOther(c, reviewURL(p)+"?erreur=attestation#attestation")
	}
	var next string
	err = s.updateAttempt(c, p, func(a *engine.Attempt) error {
		if !a.GatePassed(p) {
			next = gateURL(p)
			return errNotSaved
		}
		if p.Traps.Unavailable && !a.MetUnavailable && a.Receipt == nil && s.Engine.Eval(p, a).FirstIncomplete() == nil {
			// The trap: the first try fails, as real sites do when busy.
			a.MetUnavailable = true
			next = "/demarches/" + p.ID + "/indisponible"
			return nil
		}
		err := s.Engine.Submit(p, a)
		next = resumeURL(s.Engine.Eval(p, a))
		if err == engine.ErrIncomplete || err == engine.ErrSubmitted {
			return errNotSaved
		}
		return err
	})
	switch {
	case err == errNotSaved:
	case err == errNoAttempt:
		return seeOther(c, startURL(p))
	case err != nil:
		return err
	}
	return seeOther(c, next)
}

// unavailable is the simulated "service temporairement indisponible"
// page, with a way to try again and the guide's explanation.
func (s *server) unavailable(c *fiber.Ctx) error {
	p, a, err := s.withAttempt(c)
	if err != nil {
		return err
	}
	if a == nil || !a.MetUnavailable || a.Receipt != nil {
		return c.Redirect(startURL(p), fiber.StatusSeeOther)
	}
	page := s.newPage(c, p)
	page.simulated()
	page.Title = page.S("site.unavailable.title")
	// A 200: the page is a simulation; the sandbox itself is working.
	return s.render(c, "unavailable", page, p)
}

type expiredPage struct {
	*Page
	Minutes int
	Resume  string
}

// sessionExpired is the simulated "votre session a expiré" page, with the
// guide's explanation of what was lost and how to avoid it.
func (s *server) sessionExpired(c *fiber.Ctx) error {
	p, a, err := s.withAttempt(c)
	if err != nil {
		return err
	}
	if a == nil || p.Traps.SessionExpiry == 0 {
		return c.Redirect(startURL(p), fiber.StatusSeeOther)
	}
	page := s.newPage(c, p)
	page.simulated()
	page.Title = page.S("site.expired.title")
	return s.render(c, "expired", &expiredPage{Page: page, Minutes: p.Traps.SessionExpiry, Resume: resumeURL(s.Engine.Eval(p, a))}, p)
}

type receiptPage struct {
	*Page
	Heading string
	Number  string
	Date    string
	Time    string
	Next    string
	QR      template.HTML
	// Documents are what the procedure produces at submission (and later).
	Documents []producedLink
	// Result is the end of the exercise, step by step, and its verdict.
	Result *resultView
}

// receipt shows the fake acknowledgement: dossier number, date, what next.
func (s *server) receipt(c *fiber.Ctx) error {
	p, a, err := s.withAttempt(c)
	if err != nil {
		return err
	}
	if a == nil || a.Receipt == nil {
		return c.Redirect(startURL(p), fiber.StatusSeeOther)
	}
	ev := s.Engine.Eval(p, a)
	page := s.newPage(c, p)
	page.simulated()
	rp := &receiptPage{
		Page: page, Heading: ev.Text(p.Receipt.Title), Number: a.Receipt.Number,
		Date: a.Receipt.Submitted.Format("02/01/2006"), Time: a.Receipt.Submitted.Format("15:04"),
		Next: ev.Text(p.Receipt.Next),
	}
	page.Title = rp.Heading
	if p.Receipt.QR {
		if rp.QR, err = qrSVG(rp.Number, page.S("site.receipt.qr", "Number", rp.Number)); err != nil {
			return err
		}
	}
	if rp.Documents, err = s.producedLinks(p, a); err != nil {
		return err
	}
	result, err := s.Engine.Result(p, a)
	if err != nil {
		return err
	}
	rp.Result = resultFor(page, result)
	if err := ev.Err(); err != nil {
		return err
	}
	return s.render(c, "receipt", rp, p)
}
