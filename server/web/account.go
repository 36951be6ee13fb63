package web

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/procedure"
)

type accountPage struct {
	gateForm
	PasswordField *gateField
}

type ruleView struct {
	Text string
	OK   bool
}

// account is the simulated "Créer mon compte" form: e-mail, password with
// its rules as a checklist, confirmation.
func (s *server) account(c *fiber.Ctx) error {
	p, a, err := s.withAttempt(c)
	if err != nil {
		return err
	}
	if a == nil || p.Traps.Account == nil {
		return c.Redirect(startURL(p), fiber.StatusSeeOther)
	}
	if a.GatePassed(p) {
		return c.Redirect(resumeURL(s.Engine.Eval(p, a)), fiber.StatusSeeOther)
	}
	page := s.newPage(c, p)
	page.simulated()
	page.Title = page.S("site.account.title")
	ap := &accountPage{gateForm: newGateForm(page, a, "account")}
	ap.Profile = s.gateProfile(c, p, page, a)
	pf := ap.Field(engine.LoginPassword, "site.login.password", "password", "new-password")
	pf.Help = page.S("site.account.rules")
	// After a password refused for its rules, the checklist says which
	// rule was not met (the engine keeps their names, not the password).
	failed := map[string]bool{}
	if l := a.Login; l != nil {
		ap.Values[engine.LoginEmail] = l.Email
		if l.IssuesOn == "account" {
			for _, is := range l.Issues {
				if f, ok := is.Args["failed"].(string); ok {
					pf.Checked = true
					for _, k := range strings.Split(f, ",") {
						failed[k] = true
					}
				}
			}
		}
	}
	for _, r := range engine.PasswordRules(p, "") {
		pf.Rules = append(pf.Rules, ruleView{Text: page.S("site.account.rule."+r.Key, "Min", r.Min), OK: !failed[r.Key]})
	}
	ap.PasswordField = pf
	return s.render(c, "account", ap, p)
}

// accountSave creates the account; the password is kept only as a keyed
// fingerprint, its confirmation not at all.
func (s *server) accountSave(c *fiber.Ctx) error {
	p, err := s.procedure(c)
	if err != nil {
		return err
	}
	if p.Traps.Account == nil {
		return fiber.ErrNotFound
	}
	email := strings.Clone(c.FormValue(engine.LoginEmail))
	password, confirm := c.FormValue(engine.LoginPassword), c.FormValue(engine.LoginConfirm)
	next := gateURL(p)
	err = s.updateAttempt(c, p, func(a *engine.Attempt) error {
		if a.GatePassed(p) {
			return errNotSaved
		}
		if s.Engine.CreateAccount(p, a, email, password, confirm) != nil {
			next = accountURL(p) + "#erreurs"
		}
		return nil
	})
	return s.afterGate(c, p, next, err)
}

func accountURL(p *procedure.Procedure) string { return "/demarches/" + p.ID + "/compte" }
