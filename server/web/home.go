package web

import (
	"sort"

	"github.com/gofiber/fiber/v2"

	"github.com/repetition-demarches/repetition/server/procedure"
)

type homePage struct {
	*Page
	Procedures []*procedure.Procedure
	Erased     bool
}

func (s *server) home(c *fiber.Ctx) error {
	page := s.newPage(c, nil)
	page.Title = page.T("home.title")
	procs := append([]*procedure.Procedure(nil), s.Procedures...)
	sort.Slice(procs, func(i, j int) bool { return procs[i].Title < procs[j].Title })
	return s.render(c, "home", &homePage{Page: page, Procedures: procs, Erased: c.Query("efface") == "1"}, nil)
}

// forget erases the learner's whole session at once.
func (s *server) forget(c *fiber.Ctx) error {
	if id := sessionID(c); id != "" {
		if err := s.Store.Delete(c.UserContext(), id); err != nil {
			return err
		}
	}
	clearCookie(c, sessionCookie)
	return seeOther(c, "/?efface=1")
}

func (s *server) setLanguage(c *fiber.Ctx) error {
	lang := c.Params("lang")
	found := false
	for _, l := range s.Locales.Languages() {
		found = found || l == lang
	}
	if !found {
		return fiber.ErrNotFound
	}
	c.Cookie(&fiber.Cookie{Name: langCookie, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600, SameSite: fiber.CookieSameSiteLaxMode, Secure: s.SecureCookies})
	return c.Redirect(localPath(c.Query("retour", "/")), fiber.StatusSeeOther)
}
