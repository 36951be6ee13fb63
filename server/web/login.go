package web

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/procedure"
)

// The login traps (procedure.Traps.Gate) stand before the first step: a
// simulated "Se connecter" page, where the learner creates an account
// (account.go, with the practice mailbox), signs in, types the code read on
// the simulated phone, or goes through the fictional identity provider
// (identipass.go).

func gateURL(p *procedure.Procedure) string { return "/demarches/" + p.ID + "/connexion" }
func codeURL(p *procedure.Procedure) string { return gateURL(p) + "/code" }

// gate returns where a learner who has not passed the login trap of p must
// go, or "" when the steps are open.
func gate(p *procedure.Procedure, a *engine.Attempt) string {
	if a.GatePassed(p) {
		return ""
	}
	return gateURL(p)
}

// gateForm is what the pages of the gate share: the form's problems and
// the errors next to each field.
type gateForm struct {
	*Page
	Issues []issueView
	Errors map[string]string
	// Values are the answers shown again in the fields (never a password).
	Values map[string]string
	// Profile is the learner's fictional person: its story gives the
	// e-mail address and the password to use.
	Profile *profileView
}

// gateProfile is the profile box of the gate's pages, as on the steps.
func (s *server) gateProfile(c *fiber.Ctx, p *procedure.Procedure, page *Page, a *engine.Attempt) *profileView {
	pr := p.Profile(a.Profile)
	v := s.guideFor(c, p, page).profile(pr)
	v.linkPapers(p, pr)
	return v
}

// newGateForm shows the problems of the last refused form when it is
// form (the engine's Login.IssuesOn).
func newGateForm(page *Page, a *engine.Attempt, form string) gateForm {
	lf := gateForm{Page: page, Errors: map[string]string{}, Values: map[string]string{}}
	l := a.Login
	if l == nil || l.IssuesOn != form {
		return lf
	}
	for _, is := range l.Issues {
		text := page.S("site.login.error." + is.Key)
		if _, dup := lf.Errors[is.Field]; !dup {
			lf.Errors[is.Field] = text
		}
		lf.Issues = append(lf.Issues, issueView{Anchor: fieldID(is.Field), Text: text})
	}
	page.ErrorPrefix = len(lf.Issues) > 0
	return lf
}

type loginPage struct {
	gateForm
	Account  *procedure.Account
	Provider bool
	// Sent is set when an activation message waits in the mailbox;
	// Activated when the account may sign in.
	Sent, Activated bool
	Email           string
	// Unverifiable: the server restarted since the account was made, and
	// its password cannot be checked (engine.PasswordUnverifiable); the
	// guide says so.
	Unverifiable bool
}

// login is the simulated "Se connecter" page: the identity provider's
// button, the sign-in form, the link to create an account.
func (s *server) login(c *fiber.Ctx) error {
	p, a, err := s.withAttempt(c)
	if err != nil {
		return err
	}
	if a == nil || !p.Traps.Gate() {
		return c.Redirect(startURL(p), fiber.StatusSeeOther)
	}
	if a.GatePassed(p) {
		return c.Redirect(resumeURL(s.Engine.Eval(p, a)), fiber.StatusSeeOther)
	}
	if l := a.Login; l != nil && l.SignedIn && l.Code != "" {
		return c.Redirect(codeURL(p), fiber.StatusSeeOther)
	}
	page := s.newPage(c, p)
	page.simulated()
	page.Title = page.S("site.login.title")
	lp := &loginPage{gateForm: newGateForm(page, a, "signin"), Account: p.Traps.Account, Provider: p.Traps.IdentityProvider}
	lp.Profile = s.gateProfile(c, p, page, a)
	if l := a.Login; l != nil && l.Created {
		lp.Sent, lp.Activated, lp.Email = !l.Activated, l.Activated, l.Email
		lp.Values[engine.LoginEmail] = l.Email
		lp.Unverifiable = s.Engine.PasswordUnverifiable(a)
	}
	return s.render(c, "login", lp, p)
}

// loginSave checks the sign-in form; the password is compared with the
// account's keyed fingerprint and forgotten (see engine.SignIn for a
// fingerprint made before a restart).
func (s *server) loginSave(c *fiber.Ctx) error {
	p, err := s.procedure(c)
	if err != nil {
		return err
	}
	if p.Traps.Account == nil {
		return s.ownLogin(c, p)
	}
	email, password := c.FormValue(engine.LoginEmail), c.FormValue(engine.LoginPassword)
	next := gateURL(p)
	in := false
	err = s.updateAttempt(c, p, func(a *engine.Attempt) error {
		if a.GatePassed(p) {
			return errNotSaved
		}
		if s.Engine.SignIn(p, a, strings.Clone(email), password) == nil {
			next, in = codeURL(p), true
			if a.GatePassed(p) {
				next = resumeURL(s.Engine.Eval(p, a))
			}
		} else {
			next += "#erreurs"
		}
		return nil
	})
	return s.afterSignIn(c, p, next, err, in)
}

// ownLogin is the choice of the site's own login, on a procedure that
// offers the identity provider and starts with its own login step.
func (s *server) ownLogin(c *fiber.Ctx, p *procedure.Procedure) error {
	if !p.Traps.IdentityProvider || c.FormValue("choix") != "site" {
		return fiber.ErrBadRequest
	}
	next := gateURL(p)
	err := s.updateAttempt(c, p, func(a *engine.Attempt) error {
		if a.GatePassed(p) || a.OwnLogin(p) {
			next = resumeURL(s.Engine.Eval(p, a))
		}
		return nil
	})
	return s.afterGate(c, p, next, err)
}

// afterGate ends a post of the gate: a redirect, or the start page when
// there is no attempt.
func (s *server) afterGate(c *fiber.Ctx, p *procedure.Procedure, next string, err error) error {
	switch err {
	case nil, errNotSaved:
		return seeOther(c, next)
	case errNoAttempt:
		return seeOther(c, startURL(p))
	}
	return err
}

// afterSignIn ends a post of a simulated login: when it let the learner
// in (in), the session first gets a new id, as real sites do, so that an
// id seen before the login opens nothing after it.
func (s *server) afterSignIn(c *fiber.Ctx, p *procedure.Procedure, next string, err error, in bool) error {
	if err == nil && in {
		_, err = s.rotateSession(c)
	}
	return s.afterGate(c, p, next, err)
}

type codePage struct {
	gateForm
	Minutes   int
	Resent    bool
	CodeField *gateField
	// Back is the page of the password: the sign-in page, or the
	// procedure's own login step.
	Back string
}

// codeAwaited reports whether the code page has a code to ask for: after
// the account's password, or after the procedure's own login step
// (traps.sms_code_after).
func codeAwaited(p *procedure.Procedure, a *engine.Attempt) bool {
	if a.CodePending(p) {
		return true
	}
	l := a.Login
	return p.Traps.Account != nil && !a.GatePassed(p) && l != nil && l.SignedIn
}

// passwordURL is where the password of p is typed, and where the code
// page sends back a learner who has no code to type.
func (s *server) passwordURL(p *procedure.Procedure, a *engine.Attempt) string {
	if id := p.Traps.SMSCodeAfter; id != "" {
		if a.CodePending(p) {
			return stepURL(p, p.Step(id))
		}
		return resumeURL(s.Engine.Eval(p, a))
	}
	return gateURL(p)
}

// code asks for the 6-digit code "sent by SMS" after the password.
func (s *server) code(c *fiber.Ctx) error {
	p, a, err := s.withAttempt(c)
	if err != nil {
		return err
	}
	if a == nil || !p.Traps.SMS() {
		return c.Redirect(startURL(p), fiber.StatusSeeOther)
	}
	if !codeAwaited(p, a) {
		return c.Redirect(s.passwordURL(p, a), fiber.StatusSeeOther)
	}
	page := s.newPage(c, p)
	page.simulated()
	page.Title = page.S("site.login.code.title")
	cp := &codePage{gateForm: newGateForm(page, a, "code"), Minutes: int(engine.CodeValidity.Minutes()), Resent: c.Query("renvoye") == "1", Back: s.passwordURL(p, a)}
	cp.CodeField = cp.Field(engine.LoginCode, "site.login.code.label", "text", "one-time-code")
	cp.CodeField.InputMode, cp.CodeField.Help = "numeric", page.S("site.login.code.help")
	return s.render(c, "login-code", cp, p)
}

// codeSave checks the code typed, or sends a new one ("renvoyer").
func (s *server) codeSave(c *fiber.Ctx) error {
	p, err := s.procedure(c)
	if err != nil {
		return err
	}
	if !p.Traps.SMS() {
		return fiber.ErrNotFound
	}
	typed := strings.ReplaceAll(c.FormValue(engine.LoginCode), " ", "")
	resend := c.FormValue("renvoyer") == "1"
	next := codeURL(p)
	in := false
	err = s.updateAttempt(c, p, func(a *engine.Attempt) error {
		if !codeAwaited(p, a) {
			next = s.passwordURL(p, a)
			return errNotSaved
		}
		if resend {
			if a.CodePending(p) {
				s.Engine.CodeAfterOwnLogin(p, a, p.Step(p.Traps.SMSCodeAfter))
			} else {
				s.Engine.SendCode(a)
			}
			a.Login.Issues, a.Login.IssuesOn = nil, ""
			next = codeURL(p) + "?renvoye=1"
			return nil
		}
		check := s.Engine.CheckCode
		if a.CodePending(p) {
			check = func(a *engine.Attempt, code string) []engine.Issue { return s.Engine.CheckOwnLoginCode(p, a, code) }
		}
		if check(a, typed) == nil {
			next, in = resumeURL(s.Engine.Eval(p, a)), true
		} else {
			next += "#erreurs"
		}
		return nil
	})
	return s.afterSignIn(c, p, next, err, in)
}

type phonePage struct {
	*Page
	Code, Time string
	Back       string
}

// phone draws the simulated phone with the last code "sent by SMS".
func (s *server) phone(c *fiber.Ctx) error {
	p, a, err := s.withAttempt(c)
	if err != nil {
		return err
	}
	if a == nil || (p.Traps.Account == nil && !p.Traps.SMS()) {
		return c.Redirect(startURL(p), fiber.StatusSeeOther)
	}
	page := s.newPage(c, p)
	page.Title = page.T("trap.phone.title")
	pp := &phonePage{Page: page, Back: s.passwordURL(p, a)}
	if l := a.Login; l != nil && l.Code != "" {
		pp.Code, pp.Time, pp.Back = l.Code, l.CodeSent.Format("15:04"), codeURL(p)
	}
	return s.render(c, "phone", pp, nil)
}

// gateField is one input of a form of the gate, drawn by partials/gate-field.
type gateField struct {
	P                                          *Page
	ID, Name, Label, Type, Autocomplete, Value string
	InputMode, Error, Help                     string
	// Rules is the password checklist; Checked once a password was refused for them.
	Rules   []ruleView
	Checked bool
}

// DescribedBy lists the ids of the help, the checklist and the error.
func (f *gateField) DescribedBy() string {
	var ids []string
	if f.Help != "" {
		ids = append(ids, f.ID+"-aide")
	}
	if len(f.Rules) > 0 {
		ids = append(ids, f.ID+"-regles")
	}
	if f.Error != "" {
		ids = append(ids, f.ID+"-erreur")
	}
	return strings.Join(ids, " ")
}

// Field returns the input name of a gate form, labelled with the site's
// word label, of HTML type typ, with its error if the last post had one.
func (lf gateForm) Field(name, label, typ, autocomplete string) *gateField {
	return &gateField{
		P: lf.Page, ID: fieldID(name), Name: name, Label: lf.S(label), Type: typ,
		Autocomplete: autocomplete, Error: lf.Errors[name], Value: lf.Values[name],
	}
}
