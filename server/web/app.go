// Package web serves the sandbox: the home page, the simulated sites'
// steps, the review, the fake submission and the receipt. It is the only
// package that imports Fiber.
package web

import (
	"crypto/rand"
	"encoding/base64"
	"io"
	"io/fs"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/repetition-demarches/repetition/server/check"
	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/glossary"
	"github.com/repetition-demarches/repetition/server/locale"
	"github.com/repetition-demarches/repetition/server/procedure"
	"github.com/repetition-demarches/repetition/server/store"
)

// Config is what the web layer needs; main wires it.
type Config struct {
	Procedures []*procedure.Procedure
	Engine     *engine.Engine
	Store      store.Store
	Locales    *locale.Catalog
	// Themes is the folder holding themes/base and the organisations' themes.
	Themes fs.FS
	Logger *slog.Logger
	// SessionIdle is how long an untouched practice session is kept.
	SessionIdle time.Duration
	// Random makes session ids; crypto/rand when nil.
	Random io.Reader
	// TrustedProxies are the addresses (or CIDR ranges) of the reverse
	// proxies whose X-Forwarded-Proto and X-Forwarded-For are believed;
	// anyone else's are ignored.
	TrustedProxies []string
	// Dev reloads procedures, locales and themes from Themes (a folder on
	// disk) when they change, shows load problems in the browser and
	// enables the step preview.
	Dev bool
	// AuthoringLang is the language of the problems shown in development
	// mode ("fr" or "en"); French when empty.
	AuthoringLang string
	// OrganiserPassword, when set, is asked of whoever creates a training.
	OrganiserPassword string
	// Public is set when the server listens beyond this computer: creating
	// a training then needs OrganiserPassword.
	Public bool
	// PublicURL is the address learners use to join (for the QR code),
	// when the one the mediator's browser uses is not reachable by phones.
	PublicURL string
	// StreamRefresh is how often a dashboard's stream redraws every row
	// (and finds out that a dashboard has gone); 15 seconds when zero.
	StreamRefresh time.Duration
	// Retention is how long the friction pages' figures and comments are
	// kept (the sweeper purges them); 30 days when zero.
	Retention time.Duration
	// FormKey makes the forms' anti-forgery tokens (see csrf.go); drawn
	// at random when nil, so that a form loaded before a restart is then
	// refused after it. Keep it with the sessions to keep forms valid.
	FormKey []byte
}

// server is the state shared by the handlers. What authors write
// (procedures, locales, themes) sits behind an atomic pointer, so that
// development mode can swap it while requests are served.
type server struct {
	Config
	cur atomic.Pointer[assets]
	hub *hub
	// checker re-checks the files on each development-mode reload (by
	// New, then by the one watching goroutine), playing again only the
	// procedures whose files changed.
	checker check.Checker
}

// assets are the procedures, locales and themes in use, read-only once built.
type assets struct {
	procs    map[string]*procedure.Procedure
	list     []*procedure.Procedure
	locales  *locale.Catalog
	themes   *themes
	problems []string // load problems shown in development mode
	content  content
	glossary *glossary.Glossary
}

func (s *server) a() *assets { return s.cur.Load() }

func newAssets(procs []*procedure.Procedure, locales *locale.Catalog, th *themes) *assets {
	a := &assets{procs: map[string]*procedure.Procedure{}, list: procs, locales: locales, themes: th}
	for _, p := range procs {
		a.procs[p.ID] = p
	}
	return a
}

// New builds the Fiber app. It fails when a template does not parse.
func New(cfg Config) (*fiber.App, error) {
	_, app, err := newServer(cfg)
	return app, err
}

func newServer(cfg Config) (*server, *fiber.App, error) {
	if cfg.Random == nil {
		cfg.Random = rand.Reader
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.StreamRefresh == 0 {
		cfg.StreamRefresh = 15 * time.Second
	}
	if cfg.Retention == 0 {
		cfg.Retention = 30 * 24 * time.Hour
	}
	if cfg.SessionIdle == 0 {
		cfg.SessionIdle = 2 * time.Hour
	}
	if len(cfg.FormKey) == 0 {
		cfg.FormKey = make([]byte, 32)
		if _, err := io.ReadFull(cfg.Random, cfg.FormKey); err != nil {
			return nil, nil, err
		}
	}
	th, err := loadThemes(cfg.Themes, "themes")
	if err != nil {
		return nil, nil, err
	}
	pages, err := loadContent(cfg.Themes)
	if err != nil {
		return nil, nil, err
	}
	gloss, err := glossary.Load(cfg.Themes)
	if err != nil {
		return nil, nil, err
	}
	s := &server{Config: cfg, hub: newHub()}
	s.Store = liveStore{Store: cfg.Store, hub: s.hub, logger: cfg.Logger,
		procedure: func(id string) *procedure.Procedure { return s.a().procs[id] }}
	first := newAssets(cfg.Procedures, cfg.Locales, th)
	first.content, first.glossary = pages, gloss
	s.cur.Store(first)
	app := fiber.New(fiber.Config{
		AppName:               "repetition",
		DisableStartupMessage: true,
		ErrorHandler:          s.handleError,
		// Bodies come unread to checkBody, which refuses them from their
		// headers; multipart bodies are parsed only by the handlers that
		// take an upload.
		StreamRequestBody:            true,
		DisablePreParseMultipartForm: true,
		BodyLimit:                    serverBodyLimit,
		EnableTrustedProxyCheck:      true,
		TrustedProxies:               cfg.TrustedProxies,
		ProxyHeader:                  proxyHeader(cfg.TrustedProxies),
		ReadTimeout:                  10 * time.Second,
		WriteTimeout:                 10 * time.Second,
		IdleTimeout:                  60 * time.Second,
		ReadBufferSize:               8192,
	})
	s.routes(app)
	if cfg.Dev {
		last := fingerprint(cfg.Themes)
		s.reload()
		done := make(chan struct{})
		app.Hooks().OnShutdown(func() error { close(done); return nil })
		go s.watch(last, done)
	}
	return s, app, nil
}

// newSessionID is 256 random bits, URL-safe.
func (s *server) newSessionID() (string, error) {
	buf := make([]byte, 32)
	if _, err := io.ReadFull(s.Random, buf); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(buf), nil
}

// proxyHeader is where the learner's address is read behind trusted
// proxies (for the limits by address); none without them.
func proxyHeader(trusted []string) string {
	if len(trusted) == 0 {
		return ""
	}
	return fiber.HeaderXForwardedFor
}
