package web

import (
	"errors"
	"net/url"

	"github.com/gofiber/fiber/v2"

	"github.com/repetition-demarches/repetition/server/locale"
	"github.com/repetition-demarches/repetition/server/procedure"
	"github.com/repetition-demarches/repetition/server/store"
)

// Page is what every page's view model embeds: the learner's language,
// the simulated site's language, the CSRF token and the links of the
// sandbox bar. Templates translate through T (the learner's language) and
// S (the simulated site's words, always French).
type Page struct {
	Lang, Dir         string // the learner's language, for the sandbox's own texts
	HTMLLang, HTMLDir string // the page's main language
	Title             string
	CSRF              string
	CSS               string
	JS                string // the optional read-aloud script
	Live              string // the optional script of a live dashboard
	Path              string
	Languages         []langLink
	Proc              *procedure.Procedure
	// Simulated is true on the pages of a simulated site, written in French.
	Simulated bool
	// ErrorPrefix marks the title of a page showing errors, for screen readers.
	ErrorPrefix bool
	// DevProblems are the load problems shown to authors in development mode.
	DevProblems []string
	// Display holds the classes of the display options (larger text…).
	Display string
	// Inbox holds the mediator's messages shown on this page, once.
	Inbox []store.Message
	// Translatable is set on simulated pages when the learner's language
	// is not French: the sandbox bar then offers "afficher la traduction".
	Translatable, ShowTranslation bool
	// Feedback is the "Donner mon avis" box, on the pages of a procedure.
	Feedback *feedbackView

	t, site *locale.Translator
}

type langLink struct {
	Code, Name, URL string
	Current         bool
}

// T translates a sandbox text into the learner's language.
func (p *Page) T(id string, args ...any) string { return p.t.T(id, args...) }

// S gives a word of the simulated site, in French like the real sites.
func (p *Page) S(id string, args ...any) string { return p.site.T(id, args...) }

func (s *server) newPage(c *fiber.Ctx, proc *procedure.Procedure) *Page {
	a := s.a()
	lang, _ := c.Locals(langKey).(string)
	t := a.locales.Translator(lang)
	p := &Page{
		Lang: t.Lang, Dir: t.Dir, HTMLLang: t.Lang, HTMLDir: t.Dir,
		Path: string(c.Request().URI().RequestURI()),
		Proc: proc,
		t:    t, site: a.locales.Translator(locale.Default),
		DevProblems: a.problems,
		Feedback:    feedbackFor(c, proc),
	}
	p.Display, _ = displayClasses(cookie(c, displayCookie))
	// Pages hold forms (the sandbox bar's "Afficher la traduction", the steps…).
	token, err := s.formToken(c)
	if err != nil {
		s.Logger.Error("drawing a form token", "err", err)
	}
	p.CSRF = token
	theme := baseTheme
	if proc != nil {
		theme = a.themes.theme(proc.Organisation)
	}
	p.CSS, p.JS = a.themes.css[theme], a.themes.js[theme]
	for _, code := range a.locales.Languages() {
		p.Languages = append(p.Languages, langLink{
			Code: code, Name: a.locales.Translator(code).T("language.name"),
			URL:     "/langue/" + code + "?retour=" + url.QueryEscape(p.Path),
			Current: code == t.Lang,
		})
	}
	s.deliverInbox(c, p)
	return p
}

// deliverInbox puts the mediator's unread messages on the page and marks
// them read, when a handler has read the learner's session.
func (s *server) deliverInbox(c *fiber.Ctx, p *Page) {
	sess, _ := c.Locals(sessionKey).(*store.Session)
	if sess == nil || sess.Training == "" || c.Method() != fiber.MethodGet {
		return
	}
	for _, m := range sess.Inbox {
		if !m.Read {
			p.Inbox = append(p.Inbox, m)
		}
	}
	if len(p.Inbox) == 0 {
		return
	}
	err := s.Store.Update(c.UserContext(), sess.ID, func(sess *store.Session) error {
		for i := range sess.Inbox {
			sess.Inbox[i].Read = true
		}
		return nil
	})
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		s.Logger.Error("marking messages read", "err", err)
	}
}

// simulated marks a page as part of the French simulated site.
func (p *Page) simulated() {
	p.Simulated, p.HTMLLang, p.HTMLDir = true, locale.Default, "ltr"
}

// render writes a page with the procedure's theme (base when proc is nil).
func (s *server) render(c *fiber.Ctx, page string, data any, proc *procedure.Procedure) error {
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	// Answers must not linger in a shared computer's cache.
	c.Set(fiber.HeaderCacheControl, "no-store")
	theme := baseTheme
	if proc != nil {
		theme = proc.Organisation
	}
	return s.a().themes.render(c.Response().BodyWriter(), theme, page, data)
}
