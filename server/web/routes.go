package web

import (
	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/compress"
	"github.com/gofiber/fiber/v2/middleware/recover"

	"github.com/repetition-demarches/repetition/server/schema"
)

// routes is the one route table of the sandbox.
func (s *server) routes(app *fiber.App) {
	app.Use(recover.New())
	app.Use(securityHeaders)
	app.Use(s.checkBody)
	app.Use(compress.New(compress.Config{Level: compress.LevelBestSpeed, Next: streamPath}))
	app.Get("/healthz", s.healthz)
	app.Get(schema.ID, s.schema)
	app.Get("/static/:theme/:file", s.static)
	app.Use(s.language)
	app.Use(s.checkForm)

	app.Get("/", s.home)
	app.Get("/langue/:lang", s.setLanguage)
	app.Get(erasePath, s.eraseAsk)
	app.Post(erasePath, s.forget)
	app.Post("/traduction", s.toggleTranslation)
	app.Get("/affichage", s.display)
	app.Post("/affichage", s.displaySave)
	app.Get("/accessibilite", s.accessibility)
	app.Get("/glossaire", s.glossaryList)
	app.Get("/reprendre", s.resume)
	app.Post("/reprendre", append(resumeLimits(), s.resumeWith)...)
	app.Post("/reprendre/code", s.resumeCode)
	app.Get("/mon-espace", s.space)
	app.Post("/avis", append(feedbackLimits(), s.feedbackSave)...)

	// Training sessions: the mediator's side, behind the dashboard's secret
	// address, and the learners' side.
	app.Get("/animer", s.trainingNew)
	app.Post("/animer", append(s.organiserLimits(), s.trainingCreate)...)
	t := app.Group("/animer/s/:id")
	t.Get("/", s.dashboard)
	t.Get("/flux", s.dashboardStream)
	t.Get("/rapport", s.trainingReport)
	t.Get("/rapport.csv", s.trainingReportCSV)
	t.Post("/cloturer", s.trainingClose)
	t.Post("/message", s.trainingMessage)
	t.Get("/apprenants/:learner", s.learnerDetail)
	t.Post("/apprenants/:learner/message", s.learnerMessage)
	t.Post("/apprenants/:learner/reinitialiser", s.learnerReset)
	app.Get("/projection/:code", s.projector)
	app.Get("/rejoindre", s.join)
	app.Post("/rejoindre", append(joinLimits(), s.joinWith)...)
	app.Get("/seance", s.trainingHomePage)
	app.Post("/seance/quitter", s.trainingLeave)

	d := app.Group("/demarches/:proc")
	d.Get("/", s.start)
	d.Get("/parcours", s.flowGraph)
	d.Get("/frictions", s.frictions)
	d.Get("/pour-de-vrai", s.forReal)
	d.Get("/papiers", s.papers)
	d.Get("/papiers/:doc", s.paper)
	d.Post("/commencer", s.begin)
	d.Get("/vos-donnees", s.ownShow)
	d.Post("/vos-donnees", s.ownSave)
	d.Get("/etapes/:step", s.stepShow)
	d.Post("/etapes/:step", s.stepSave)
	d.Get("/recapitulatif", s.review)
	d.Post("/valider", s.submit)
	d.Get("/indisponible", s.unavailable)
	d.Get("/session-expiree", s.sessionExpired)
	d.Get("/connexion", s.login)
	d.Post("/connexion", s.loginSave)
	d.Get("/connexion/code", s.code)
	d.Post("/connexion/code", s.codeSave)
	d.Get("/telephone", s.phone)
	d.Get("/compte", s.account)
	d.Post("/compte", s.accountSave)
	d.Get("/compte/activer", s.activate)
	d.Get("/messagerie", s.mailbox)
	d.Get("/identipass", s.identipass)
	d.Get("/identipass/consentement", s.consent)
	d.Post("/identipass/consentement", s.consentSave)
	d.Get("/identipass/:provider", s.identipassProvider)
	d.Post("/identipass/:provider", s.identipassProviderSave)
	d.Get("/recepisse", s.receipt)
	d.Get("/recepisse.pdf", s.receiptPDF)
	d.Get("/documents/:doc", s.producedPDF)
	d.Post("/recommencer", s.restart)
	d.Get("/suivi", s.dossier)
	d.Post("/suivi/avancer", s.dossierAdvance)
	d.Post("/suivi/piece", s.dossierAnswer)

	if s.Dev {
		app.Get("/apercu/:proc/:step?", s.preview)
	}

	app.Use(func(c *fiber.Ctx) error { return fiber.ErrNotFound })
}
