// Command server runs the Répétition practice sandbox: it loads and checks
// every bundled procedure, then serves them. A procedure with problems
// stops the start-up and every problem is printed with its file and line.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"
	_ "time/tzdata" // the clock is French time on any machine

	repetition "github.com/repetition-demarches/repetition"
	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/locale"
	"github.com/repetition-demarches/repetition/server/procedure"
	"github.com/repetition-demarches/repetition/server/store/memstore"
	"github.com/repetition-demarches/repetition/server/web"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		switch args[0] {
		case "check":
			return runCheck(args[1:], repetition.Files, stdout)
		case "new":
			return runNew(args[1:], stdout)
		}
	}
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	fs.SetOutput(stderr)
	defaultAddr := ":8080"
	if port := os.Getenv("PORT"); port != "" {
		defaultAddr = ":" + port
	}
	addr := fs.String("addr", defaultAddr, "address to listen on (the PORT environment variable sets the default)")
	idle := fs.Duration("session-idle", 2*time.Hour, "erase a practice session after this long without activity")
	certFile := fs.String("tls-cert", "", "serve HTTPS with this certificate (cookies are then marked Secure)")
	keyFile := fs.String("tls-key", "", "private key of -tls-cert")
	public := fs.Bool("public", false, "a public deployment: creating a training then needs the organiser password (REPETITION_ORGANISER_PASSWORD); implied by -tls-cert and by the PORT variable")
	publicURL := fs.String("public-url", "", "the address learners open to join a training (for its QR code), when it differs from the mediator's")
	dev := fs.Bool("dev", false, "development mode: read procedures, themes and locales from the current folder and reload them when they change")
	if err := fs.Parse(args); err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	cfg := config{files: repetition.Files, idle: *idle, secure: *certFile != "", logger: logger,
		organiserPassword: os.Getenv("REPETITION_ORGANISER_PASSWORD"), publicURL: *publicURL,
		public: *public || *certFile != "" || os.Getenv("PORT") != ""}
	if *dev {
		if st, err := os.Stat("procedures"); err != nil || !st.IsDir() {
			return errors.New("-dev reads the project's folders: run it from the folder that holds procedures/")
		}
		cfg.files, cfg.dev = os.DirFS("."), true
		fmt.Fprintln(stdout, "development mode: changes to procedures/, themes/ and locales/ are reloaded; previews at /apercu/ID")
	}
	app, err := build(cfg)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		_ = app.shutdown()
	}()
	fmt.Fprintf(stdout, "Répétition: %d procedures on %s\n", app.procedures, *addr)
	if *certFile != "" {
		err = app.fiber.ListenTLS(*addr, *certFile, *keyFile)
	} else {
		err = app.fiber.Listen(*addr)
	}
	if err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}

type config struct {
	files  fs.FS // procedures/, themes/, locales/: embedded, or the folder on disk in development mode
	dev    bool
	idle   time.Duration
	secure bool
	logger *slog.Logger
	// A public deployment asks organiserPassword of whoever creates a training.
	public            bool
	organiserPassword string
	publicURL         string
}

// paris is the sandbox's clock zone: dates on receipts are French dates.
func paris() *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		return time.UTC
	}
	return loc
}

// build loads and checks every procedure, locale and template, then wires
// the app. Any problem stops here, before anything is served.
func build(cfg config) (*sandbox, error) {
	procs, problems := procedure.Load(cfg.files, "procedures")
	if len(problems) > 0 && !cfg.dev { // in development mode they are shown in the browser
		return nil, fmt.Errorf("the procedures have %d problem(s):\n%w", len(problems), problems)
	}
	locales, err := locale.Load(cfg.files, "locales")
	if err != nil {
		return nil, err
	}
	loc := paris()
	now := func() time.Time { return time.Now().In(loc) }
	st := memstore.New(now)
	eng := engine.New()
	eng.Now = now
	app, err := web.New(web.Config{
		Procedures: procs, Engine: eng, Store: st, Locales: locales,
		Themes: cfg.files, Logger: cfg.logger, SessionIdle: cfg.idle, SecureCookies: cfg.secure, Dev: cfg.dev,
		Public: cfg.public, OrganiserPassword: cfg.organiserPassword, PublicURL: cfg.publicURL,
	})
	if err != nil {
		return nil, err
	}
	sb := &sandbox{fiber: app, procedures: len(procs), done: make(chan struct{})}
	go sweep(st, cfg.idle, now, sb.done, cfg.logger)
	return sb, nil
}

// listener is what main needs of the web app.
type listener interface {
	Listen(addr string) error
	ListenTLS(addr, certFile, keyFile string) error
	ShutdownWithTimeout(time.Duration) error
}

type sandbox struct {
	fiber      listener
	procedures int
	done       chan struct{}
}

func (s *sandbox) shutdown() error {
	close(s.done)
	return s.fiber.ShutdownWithTimeout(5 * time.Second)
}

// sweep erases idle sessions every minute: nothing is kept that need not be.
// trainingRetention is how long a closed training and its learners'
// attempts are kept, for the mediator's report.
const trainingRetention = 30 * 24 * time.Hour

func sweep(st *memstore.Store, idle time.Duration, now func() time.Time, done <-chan struct{}, logger *slog.Logger) {
	tick := time.NewTicker(time.Minute)
	defer tick.Stop()
	for {
		select {
		case <-done:
			return
		case <-tick.C:
			if n, err := st.Expire(context.Background(), now().Add(-idle)); err != nil {
				logger.Error("expiring sessions", "err", err)
			} else if n > 0 {
				logger.Info("expired idle sessions", "count", n)
			}
			if n, err := st.PurgeTrainings(context.Background(), now().Add(-trainingRetention)); err != nil {
				logger.Error("purging trainings", "err", err)
			} else if n > 0 {
				logger.Info("purged closed trainings", "count", n)
			}
		}
	}
}
