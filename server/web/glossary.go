package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/repetition-demarches/repetition/server/glossary"
)

type glossaryPage struct {
	*Page
	Entries []glossary.View
}

// glossaryList shows every term, in French, with its definition in plain
// French and in the learner's language.
func (s *server) glossaryList(c *fiber.Ctx) error {
	page := s.newPage(c, nil)
	page.Title = page.T("glossary.title")
	return s.render(c, "glossary", &glossaryPage{Page: page, Entries: s.a().glossary.Entries(page.Lang, nil)}, nil)
}
