package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/procedure"
)

// IdentiPass is the sandbox's fictional identity provider, in the manner of
// FranceConnect: a choice of fictional accounts, the chosen one's login
// page, then a consent screen. Its look is its own, marked "simulé".

// provider is one fictional account IdentiPass offers; its texts are the
// site keys site.idp.provider.<ID>.*.
type provider struct{ ID string }

// providers evoke the real ones (tax, health insurance, postal identity,
// an identity app) without their names or looks.
var providers = []provider{{"impots"}, {"sante"}, {"courrier"}, {"appli"}}

func providerByID(id string) *provider {
	for i := range providers {
		if providers[i].ID == id {
			return &providers[i]
		}
	}
	return nil
}

func identipassURL(p *procedure.Procedure) string { return "/demarches/" + p.ID + "/identipass" }

type identipassPage struct {
	gateForm
	Providers []provider
	Provider  *provider
	Cancel    string
}

// identipass withAttempt checks shared by the IdentiPass pages.
func (s *server) identipassAttempt(c *fiber.Ctx) (*procedure.Procedure, *engine.Attempt, string, error) {
	p, a, err := s.withAttempt(c)
	if err != nil {
		return nil, nil, "", err
	}
	switch {
	case a == nil || !p.Traps.IdentityProvider:
		return p, a, startURL(p), nil
	case a.GatePassed(p):
		return p, a, resumeURL(s.Engine.Eval(p, a)), nil
	}
	return p, a, "", nil
}

func (s *server) identipassPage(c *fiber.Ctx, p *procedure.Procedure, a *engine.Attempt, form, title string) *identipassPage {
	page := s.newPage(c, p)
	page.Title = title
	return &identipassPage{gateForm: newGateForm(page, a, form), Providers: providers, Cancel: gateURL(p)}
}

// identipass lists the fictional accounts to sign in with.
func (s *server) identipass(c *fiber.Ctx) error {
	p, a, away, err := s.identipassAttempt(c)
	if err != nil || away != "" {
		return redirectOr(c, away, err)
	}
	ip := s.identipassPage(c, p, a, "", "IdentiPass (simulé)")
	return s.render(c, "identipass", ip, nil)
}

// identipassProvider is the chosen provider's fictional login page.
func (s *server) identipassProvider(c *fiber.Ctx) error {
	p, a, away, err := s.identipassAttempt(c)
	if err != nil || away != "" {
		return redirectOr(c, away, err)
	}
	pr := providerByID(c.Params("provider"))
	if pr == nil {
		return fiber.ErrNotFound
	}
	ip := s.identipassPage(c, p, a, "provider", "")
	ip.Provider = pr
	ip.Title = ip.S("site.idp.provider." + pr.ID + ".name")
	return s.render(c, "identipass-login", ip, nil)
}

// identipassProviderSave accepts any identifier and password at the
// provider, keeping neither.
func (s *server) identipassProviderSave(c *fiber.Ctx) error {
	p, err := s.procedure(c)
	if err != nil {
		return err
	}
	pr := providerByID(c.Params("provider"))
	if pr == nil || !p.Traps.IdentityProvider {
		return fiber.ErrNotFound
	}
	id, password := c.FormValue("identifiant"), c.FormValue("mot_de_passe")
	next := identipassURL(p) + "/consentement"
	in := false
	err = s.updateAttempt(c, p, func(a *engine.Attempt) error {
		if a.GatePassed(p) {
			next = resumeURL(s.Engine.Eval(p, a))
			return errNotSaved
		}
		if a.ProviderSignIn(pr.ID, id, password) != nil {
			next = identipassURL(p) + "/" + pr.ID + "#erreurs"
		} else {
			in = true
		}
		return nil
	})
	return s.afterSignIn(c, p, next, err, in)
}

// consent is IdentiPass's "what will be passed on" screen.
func (s *server) consent(c *fiber.Ctx) error {
	p, a, away, err := s.identipassAttempt(c)
	if err != nil || away != "" {
		return redirectOr(c, away, err)
	}
	if a.Login == nil || !a.Login.ProviderOK {
		return c.Redirect(identipassURL(p), fiber.StatusSeeOther)
	}
	ip := s.identipassPage(c, p, a, "", "")
	ip.Provider = providerByID(a.Login.Provider)
	ip.Title = ip.S("site.idp.consent.title")
	return s.render(c, "identipass-consent", ip, nil)
}

// consentSave opens the gate: the procedure's first step comes next.
func (s *server) consentSave(c *fiber.Ctx) error {
	p, err := s.procedure(c)
	if err != nil {
		return err
	}
	if !p.Traps.IdentityProvider {
		return fiber.ErrNotFound
	}
	next := identipassURL(p)
	in := false
	err = s.updateAttempt(c, p, func(a *engine.Attempt) error {
		if a.Consent() {
			next, in = resumeURL(s.Engine.Eval(p, a)), true
		}
		return nil
	})
	return s.afterSignIn(c, p, next, err, in)
}

// redirectOr returns err, or a redirect to away.
func redirectOr(c *fiber.Ctx, away string, err error) error {
	if err != nil {
		return err
	}
	return c.Redirect(away, fiber.StatusSeeOther)
}
