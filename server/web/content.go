package web

import (
	"html/template"
	"io/fs"
	"path"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/repetition-demarches/repetition/server/locale"
)

// content holds the help pages of content/, written as HTML fragments by
// the project (trusted), one file per language: NAME.LANG.html.
type content map[string]map[string]template.HTML

func loadContent(fsys fs.FS) (content, error) {
	names, err := fs.Glob(fsys, "content/*.html")
	if err != nil {
		return nil, err
	}
	out := content{}
	for _, name := range names {
		base := strings.TrimSuffix(path.Base(name), ".html")
		page, lang, ok := strings.Cut(base, ".")
		if !ok {
			continue
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		if out[page] == nil {
			out[page] = map[string]template.HTML{}
		}
		out[page][lang] = template.HTML(data)
	}
	return out, nil
}

// page returns a help page in lang, or in French, and the language it is in.
func (c content) page(name, lang string) (template.HTML, string, bool) {
	if html, ok := c[name][lang]; ok {
		return html, lang, true
	}
	html, ok := c[name][locale.Default]
	return html, locale.Default, ok
}

type contentPage struct {
	*Page
	Body template.HTML
}

func (s *server) accessibility(c *fiber.Ctx) error {
	body, lang, ok := s.a().content.page("accessibilite", s.newPage(c, nil).Lang)
	if !ok {
		return fiber.ErrNotFound
	}
	page := s.newPage(c, nil)
	page.Title = page.T("footer.accessibility")
	if lang != page.Lang {
		page.HTMLLang, page.HTMLDir = lang, "ltr"
	}
	return s.render(c, "content", &contentPage{Page: page, Body: body}, nil)
}
