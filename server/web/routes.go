package web

import (
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/compress"
	"github.com/gofiber/fiber/v2/middleware/csrf"
	"github.com/gofiber/fiber/v2/middleware/recover"

	"github.com/repetition-demarches/repetition/server/schema"
)

// routes is the one route table of the sandbox.
func (s *server) routes(app *fiber.App) {
	app.Use(recover.New())
	app.Use(securityHeaders)
	app.Use(limitBody)
	app.Use(compress.New(compress.Config{Level: compress.LevelBestSpeed}))
	app.Get("/healthz", s.healthz)
	app.Get(schema.ID, s.schema)
	app.Get("/static/:theme/:file", s.static)
	app.Use(s.language)
	app.Use(csrf.New(csrf.Config{
		KeyLookup:      "form:" + csrfField,
		CookieName:     csrfCookie,
		CookieSameSite: "Lax",
		CookieHTTPOnly: true,
		CookieSecure:   s.SecureCookies,
		Expiration:     s.SessionIdle + time.Hour,
		ContextKey:     csrfField,
		ErrorHandler:   s.csrfFailed,
	}))

	app.Get("/", s.home)
	app.Get("/langue/:lang", s.setLanguage)
	app.Post("/effacer-mes-reponses", s.forget)
	app.Post("/traduction", s.toggleTranslation)
	app.Get("/affichage", s.display)
	app.Post("/affichage", s.displaySave)
	app.Get("/accessibilite", s.accessibility)
	app.Get("/glossaire", s.glossaryList)
	app.Get("/reprendre", s.resume)
	app.Post("/reprendre", s.resumeWith)
	app.Post("/reprendre/code", s.resumeCode)
	app.Get("/mon-espace", s.space)

	d := app.Group("/demarches/:proc")
	d.Get("/", s.start)
	d.Get("/parcours", s.flowGraph)
	d.Get("/pour-de-vrai", s.forReal)
	d.Post("/commencer", s.begin)
	d.Get("/etapes/:step", s.stepShow)
	d.Post("/etapes/:step", s.stepSave)
	d.Get("/recapitulatif", s.review)
	d.Post("/valider", s.submit)
	d.Get("/indisponible", s.unavailable)
	d.Get("/session-expiree", s.sessionExpired)
	d.Get("/recepisse", s.receipt)
	d.Get("/recepisse.pdf", s.receiptPDF)
	d.Post("/recommencer", s.restart)
	d.Get("/suivi", s.dossier)
	d.Post("/suivi/avancer", s.dossierAdvance)
	d.Post("/suivi/piece", s.dossierAnswer)

	if s.Dev {
		app.Get("/apercu/:proc/:step?", s.preview)
	}

	app.Use(func(c *fiber.Ctx) error { return fiber.ErrNotFound })
}

const (
	csrfField  = "_csrf"
	csrfCookie = "repetition_csrf"
)
