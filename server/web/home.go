package web

import (
	"sort"
	"strings"
	"unicode"

	"github.com/gofiber/fiber/v2"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/repetition-demarches/repetition/server/procedure"
)

type homePage struct {
	*Page
	Groups []homeGroup
	Query  string
	Found  int
	Erased bool
	// Resumed is set after a resume code opened this device's session.
	Resumed bool
}

// homeGroup is one organisation's procedures.
type homeGroup struct {
	Name       string
	Procedures []*procedure.Procedure
}

// home lists the catalogue by organisation. The keyword filter is a plain
// GET form, so it works without JavaScript.
func (s *server) home(c *fiber.Ctx) error {
	page := s.newPage(c, nil)
	page.Title = page.T("home.title")
	hp := &homePage{Page: page, Query: strings.TrimSpace(c.Query("q")), Erased: c.Query("efface") == "1", Resumed: c.Query("repris") == "1"}
	if len(hp.Query) > 100 {
		hp.Query = hp.Query[:100]
	}
	words := strings.Fields(fold(hp.Query))
	byOrg := map[string]*homeGroup{}
	for _, p := range s.a().list {
		org := page.T("organisation." + p.Organisation)
		if !matches(words, p, org) {
			continue
		}
		g := byOrg[p.Organisation]
		if g == nil {
			g = &homeGroup{Name: org}
			byOrg[p.Organisation] = g
		}
		g.Procedures = append(g.Procedures, p)
		hp.Found++
	}
	for _, g := range byOrg {
		sort.Slice(g.Procedures, func(i, j int) bool { return g.Procedures[i].Title < g.Procedures[j].Title })
		hp.Groups = append(hp.Groups, *g)
	}
	sort.Slice(hp.Groups, func(i, j int) bool { return hp.Groups[i].Name < hp.Groups[j].Name })
	return s.render(c, "home", hp, nil)
}

// matches reports whether every word appears in what describes p.
func matches(words []string, p *procedure.Procedure, org string) bool {
	if len(words) == 0 {
		return true
	}
	text := fold(strings.Join(append([]string{p.Title, p.Summary, p.Site, p.Organisation, org}, p.Prepare...), " "))
	for _, w := range words {
		if !strings.Contains(text, w) {
			return false
		}
	}
	return true
}

// fold lowers case and drops accents, so "demarche" finds "Démarche".
func fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, strings.ToLower(s))
	if err != nil {
		return strings.ToLower(s)
	}
	return out
}

func (s *server) setLanguage(c *fiber.Ctx) error {
	lang := c.Params("lang")
	found := false
	for _, l := range s.a().locales.Languages() {
		found = found || l == lang
	}
	if !found {
		return fiber.ErrNotFound
	}
	setCookie(c, langCookie, lang, yearLong)
	return c.Redirect(localPath(c.Query("retour", "/")), fiber.StatusSeeOther)
}
