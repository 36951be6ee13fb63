package web

import (
	"html/template"

	"github.com/gofiber/fiber/v2"
)

type forRealPage struct {
	*Page
	Body template.HTML
	Lang string // the language of Body
}

// forReal is the "pour de vrai" page: before doing the procedure for real,
// its real address, what to have at hand, the learner's rights and where
// people help.
func (s *server) forReal(c *fiber.Ctx) error {
	p, err := s.procedure(c)
	if err != nil {
		return err
	}
	page := s.newPage(c, p)
	page.Title = page.T("for_real.title")
	body, lang, _ := s.a().content.page("pour-de-vrai", page.Lang)
	return s.render(c, "for-real", &forRealPage{Page: page, Body: body, Lang: lang}, nil)
}
