package web

import (
	"strings"

	"github.com/gofiber/fiber/v2"
)

// Display options, kept in a cookie so that they work without JavaScript:
// larger text, high contrast and wider spacing (WCAG 1.4.12).

var displayOptions = []string{"grand", "contraste", "espace"}

// displayClasses turns the cookie into the classes of the <html> element.
func displayClasses(cookie string) (classes string, chosen map[string]bool) {
	chosen = map[string]bool{}
	var out []string
	for _, o := range strings.Split(cookie, ".") {
		for _, known := range displayOptions {
			if o == known && !chosen[o] {
				chosen[o] = true
				out = append(out, "opt-"+o)
			}
		}
	}
	return strings.Join(out, " "), chosen
}

type displayPage struct {
	*Page
	Options []displayOption
	Back    string
}

type displayOption struct {
	Value   string
	Checked bool
}

// display shows the display options.
func (s *server) display(c *fiber.Ctx) error {
	page := s.newPage(c, nil)
	page.Title = page.T("display.title")
	_, chosen := displayClasses(cookie(c, displayCookie))
	dp := &displayPage{Page: page, Back: localPath(c.Query("retour", "/"))}
	for _, o := range displayOptions {
		dp.Options = append(dp.Options, displayOption{Value: o, Checked: chosen[o]})
	}
	return s.render(c, "display", dp, nil)
}

// displaySave keeps the chosen options and goes back to the page the
// learner came from.
func (s *server) displaySave(c *fiber.Ctx) error {
	var chosen []string
	for _, o := range displayOptions {
		if c.FormValue(o) == "true" {
			chosen = append(chosen, o)
		}
	}
	setCookie(c, displayCookie, strings.Join(chosen, "."), yearLong)
	return seeOther(c, localPath(c.FormValue("retour", "/")))
}
