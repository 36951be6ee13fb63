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
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
	_ "time/tzdata" // the clock is French time on any machine
	"unicode/utf8"

	repetition "github.com/repetition-demarches/repetition"
	"github.com/repetition-demarches/repetition/server/authoring"
	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/locale"
	"github.com/repetition-demarches/repetition/server/procedure"
	"github.com/repetition-demarches/repetition/server/store"
	"github.com/repetition-demarches/repetition/server/store/memstore"
	"github.com/repetition-demarches/repetition/server/store/sqlstore"
	"github.com/repetition-demarches/repetition/server/web"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, err)
		if len(os.Args) == 1 && isTerminal(os.Stdout) {
			// Started by a double-click: the window would close before
			// the error could be read.
			waitForEnter(os.Stdin, os.Stdout, authoring.Lang("", os.Getenv))
		}
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	return runOn(context.Background(), args, stdout, stderr, systemDesktop(stdout))
}

// runOn is run on a given desktop (see desktop.go); the server stops when
// ctx is cancelled or on an interrupt signal.
func runOn(ctx context.Context, args []string, stdout, stderr io.Writer, desk desktop) error {
	if len(args) > 0 {
		switch args[0] {
		case "check":
			return runCheck(args[1:], repetition.Files, stdout, os.Getenv)
		case "new":
			return runNew(args[1:], stdout, binaryName(os.Args[0]), os.Getenv)
		case "load":
			return runLoad(args[1:], stdout, stderr)
		}
	}
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	fs.SetOutput(stderr)
	helpLang := authoring.Lang(langArg(args), os.Getenv)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), authoring.Bundled().Text(helpLang, "cmd.help", "Binary", binaryName(os.Args[0])))
		fs.PrintDefaults()
	}
	defaultAddr := ":8080"
	if port := os.Getenv("PORT"); port != "" {
		defaultAddr = ":" + port
	}
	addr := fs.String("addr", defaultAddr, "address to listen on (the PORT environment variable sets the default)")
	idle := fs.Duration("session-idle", 2*time.Hour, "erase a practice session after this long without activity")
	certFile := fs.String("tls-cert", "", "serve HTTPS with this certificate (cookies are then marked Secure)")
	keyFile := fs.String("tls-key", "", "private key of -tls-cert")
	public := fs.Bool("public", false, "a public deployment: creating a training then needs the organiser password (REPETITION_ORGANISER_PASSWORD, at least 12 characters); implied by -tls-cert and by the PORT variable")
	publicURL := fs.String("public-url", "", "the address learners open to join a training (for its QR code), when it differs from the mediator's")
	data := fs.String("data", "repetition-data", "folder of the sessions database (created if missing), so that a restart loses nothing")
	memory := fs.Bool("memory", false, "keep sessions in memory only, instead of -data: everything is lost when the server stops")
	retention := fs.Duration("retention", maxRetention, "erase what is closed this long after it closes (at most 720h, 30 days)")
	proxies := fs.String("trusted-proxy", "", "comma-separated addresses or CIDR ranges of the reverse proxies whose X-Forwarded-Proto and X-Forwarded-For are believed (for HTTPS cookies and limits by address); nobody else's are")
	dev := fs.Bool("dev", false, "development mode: read procedures, themes and locales from the current folder and reload them when they change")
	langFlag := fs.String("lang", "", authoring.Bundled().Text(helpLang, "cmd.lang_flag"))
	noBrowser := fs.Bool("no-browser", false, "do not open the browser on the home page (it opens only when the server runs in a terminal window, outside CI and a public deployment)")
	showVersion := fs.Bool("version", false, "print the version and stop")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *showVersion {
		fmt.Fprintln(stdout, "Répétition", versionString())
		return nil
	}
	lang, err := pickLang(*langFlag, os.Getenv)
	if err != nil {
		return err
	}
	if err := checkRetention(*retention, *idle); err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	cfg := config{files: repetition.Files, idle: *idle, retention: *retention, proxies: splitList(*proxies), logger: logger,
		organiserPassword: os.Getenv("REPETITION_ORGANISER_PASSWORD"), publicURL: *publicURL,
		public: *public || *certFile != "" || os.Getenv("PORT") != "", lang: lang}
	if err := checkOrganiserPassword(cfg.public, cfg.organiserPassword); err != nil {
		return err
	}
	if !*memory {
		cfg.data = *data
	}
	if *dev {
		files, err := devFiles(".", lang)
		if err != nil {
			return err
		}
		cfg.files, cfg.dev = files, true
		fmt.Fprintln(stdout, authoring.Bundled().Text(lang, "cmd.dev_started"))
	}
	app, err := build(cfg)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		_ = app.shutdown()
	}()
	fmt.Fprintf(stdout, "Répétition %s: %d procedures on %s\n", versionString(), app.procedures, *addr)
	if *certFile != "" {
		err = app.fiber.ListenTLS(*addr, *certFile, *keyFile)
	} else {
		err = listenAndServe(ctx, app, *addr, func(ln net.Listener) {
			if !cfg.public { // a public server runs on a machine nobody sits at
				desk.welcome(stdout, ln.Addr(), !*noBrowser, lang)
			}
		})
	}
	// Listen returns once the signal handler has shut the app down, or
	// when it could not start: either way the store is closed here.
	errStop := app.shutdown()
	if err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return errStop
}

// devFiles is what -dev serves: the folder dir, which must hold
// procedures/. An author's folder may hold procedures/ alone: the themes,
// locales and content it lacks are the built-in ones.
func devFiles(dir, lang string) (fs.FS, error) {
	if st, err := os.Stat(filepath.Join(dir, "procedures")); err != nil || !st.IsDir() {
		return nil, errors.New(authoring.Bundled().Text(lang, "cmd.dev_no_folder"))
	}
	return overlay{os.DirFS(dir), repetition.Files}, nil
}

// maxRetention is the longest anything closed is kept: 30 days.
const maxRetention = 30 * 24 * time.Hour

// checkRetention refuses a retention over 30 days, and an idle time that
// would keep a learner's session longer than the retention.
func checkRetention(retention, idle time.Duration) error {
	switch {
	case retention <= 0:
		return fmt.Errorf("-retention %s: it must be positive", retention)
	case retention > maxRetention:
		return fmt.Errorf("-retention %s: at most %s (30 days); nothing is kept longer than that", retention, maxRetention)
	case idle > retention:
		return fmt.Errorf("-session-idle %s is longer than -retention %s: a session would be kept longer than the retention", idle, retention)
	}
	return nil
}

// minOrganiserPassword is the shortest organiser password a public server
// accepts: guesses are limited (see the web package's organiserLimits),
// but a short password could still be found in a dictionary.
const minOrganiserPassword = 12

// checkOrganiserPassword refuses a public server whose organiser password
// is set but short. Without a password, a public server opens no training.
func checkOrganiserPassword(public bool, password string) error {
	if n := utf8.RuneCountInString(password); public && password != "" && n < minOrganiserPassword {
		return fmt.Errorf("REPETITION_ORGANISER_PASSWORD has %d characters: a public server (-public, -tls-cert or the PORT variable) needs at least %d, "+
			"so that nobody on the network can guess it and open trainings; choose a longer one, for example four words", n, minOrganiserPassword)
	}
	return nil
}

type config struct {
	files fs.FS // procedures/, themes/, locales/: embedded, or the folder on disk in development mode
	dev   bool
	idle  time.Duration
	// retention is how long closed things are kept (see purger).
	retention time.Duration
	// data is the folder of the SQLite database; empty keeps sessions in memory.
	data string
	// proxies are the trusted reverse proxies (-trusted-proxy).
	proxies []string
	logger  *slog.Logger
	// A public deployment asks organiserPassword of whoever creates a training.
	public            bool
	organiserPassword string
	publicURL         string
	// lang is the language of the authoring tools' messages (-lang).
	lang string
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
		return nil, fmt.Errorf("%s\n%s", authoring.Bundled().Count(cfg.lang, "cmd.load_failed", len(problems)), problems.In(cfg.lang))
	}
	locales, err := locale.Load(cfg.files, "locales")
	if err != nil {
		return nil, err
	}
	loc := paris()
	now := func() time.Time { return time.Now().In(loc) }
	st, closer, formKey, err := openStore(cfg, now)
	if err != nil {
		return nil, err
	}
	eng := engine.New()
	eng.Now = now
	app, err := web.New(web.Config{
		Procedures: procs, Engine: eng, Store: st, Locales: locales,
		Themes: cfg.files, Logger: cfg.logger, SessionIdle: cfg.idle, TrustedProxies: cfg.proxies, Dev: cfg.dev,
		Public: cfg.public, OrganiserPassword: cfg.organiserPassword, PublicURL: cfg.publicURL, AuthoringLang: cfg.lang,
		FormKey: formKey, Retention: cfg.retention,
	})
	if err != nil {
		if closer != nil {
			_ = closer.Close()
		}
		return nil, err
	}
	sb := &sandbox{fiber: app, procedures: len(procs), done: make(chan struct{}), store: closer}
	sb.sweeping.Add(1)
	go func() {
		defer sb.sweeping.Done()
		sweep(st, cfg, now, sb.done, time.Minute)
	}()
	return sb, nil
}

// openStore opens the SQLite database in cfg.data, or a memory store when
// it is empty; closer and formKey (the key of the forms' tokens, kept in
// the database) are nil for the memory store.
func openStore(cfg config, now func() time.Time) (store.Store, io.Closer, []byte, error) {
	if cfg.data == "" {
		cfg.logger.Info("sessions kept in memory: everything is lost when the server stops")
		return memstore.New(now), nil, nil, nil
	}
	if err := os.MkdirAll(cfg.data, 0o700); err != nil {
		return nil, nil, nil, fmt.Errorf("the data folder: %w", err)
	}
	path := filepath.Join(cfg.data, "repetition.db")
	st, err := sqlstore.Open(path, sqlstore.WithClock(now))
	if err != nil {
		return nil, nil, nil, err
	}
	formKey, err := st.Secret(context.Background(), "forms")
	if err != nil {
		_ = st.Close()
		return nil, nil, nil, err
	}
	cfg.logger.Info("sessions kept in a SQLite database", "file", path, "retention", cfg.retention, "idle", cfg.idle)
	return st, st, formKey, nil
}

// listenAndServe opens addr (IPv4, as Fiber does by default), calls
// listening once connections can be accepted, then serves until ctx ends.
// The listener is also closed here: a shutdown that comes before the app
// has taken the listener would not close it, and serving would never end.
func listenAndServe(ctx context.Context, app *sandbox, addr string, listening func(net.Listener)) error {
	l, err := net.Listen("tcp4", addr)
	if err != nil {
		return fmt.Errorf("failed to listen: %w", err)
	}
	ln := &closeOnce{Listener: l}
	stopped := context.AfterFunc(ctx, func() { _ = ln.Close() })
	defer stopped()
	listening(ln)
	return app.fiber.Listener(ln)
}

// closeOnce is a listener that the shutdown and listenAndServe may both
// close: the second Close returns what the first did, and the app's
// shutdown does not fail on an already closed listener.
type closeOnce struct {
	net.Listener
	once sync.Once
	err  error
}

func (l *closeOnce) Close() error {
	l.once.Do(func() { l.err = l.Listener.Close() })
	return l.err
}

// listener is what main needs of the web app.
type listener interface {
	Listener(ln net.Listener) error
	ListenTLS(addr, certFile, keyFile string) error
	ShutdownWithTimeout(time.Duration) error
}

type sandbox struct {
	fiber      listener
	procedures int
	done       chan struct{}
	sweeping   sync.WaitGroup
	store      io.Closer // nil for the memory store
	stopOnce   sync.Once
	stopErr    error
}

// shutdown stops the app (requests under way get 5 seconds), then the
// sweeper, then closes the store. It may be called more than once.
func (s *sandbox) shutdown() error {
	s.stopOnce.Do(func() {
		close(s.done)
		err := s.fiber.ShutdownWithTimeout(5 * time.Second)
		s.sweeping.Wait()
		if s.store != nil {
			err = errors.Join(err, s.store.Close())
		}
		s.stopErr = err
	})
	return s.stopErr
}

// sweep erases idle sessions, and what closed longer than the retention
// ago, at every tick: nothing is kept that need not be.
func sweep(st store.Store, cfg config, now func() time.Time, done <-chan struct{}, every time.Duration) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-done:
			return
		case <-tick.C:
		}
		sweepOnce(context.Background(), st, cfg, now())
	}
}

// sweepOnce is one pass of the sweeper at time now; problems are logged,
// and the next pass tries again.
func sweepOnce(ctx context.Context, st store.Store, cfg config, now time.Time) {
	if n, err := st.Expire(ctx, now.Add(-cfg.idle)); err != nil {
		cfg.logger.Error("expiring sessions", "err", err)
	} else if n > 0 {
		cfg.logger.Info("expired idle sessions", "count", n)
	}
	if n, err := st.PurgeTrainings(ctx, now.Add(-cfg.retention)); err != nil {
		cfg.logger.Error("purging closed trainings", "err", err)
	} else if n > 0 {
		cfg.logger.Info("purged closed trainings and their learners' attempts", "count", n)
	}
	if n, err := st.PurgeFrictions(ctx, now.Add(-cfg.retention)); err != nil {
		cfg.logger.Error("purging old feedback", "err", err)
	} else if n > 0 {
		cfg.logger.Info("purged feedback comments and counters older than the retention", "count", n)
	}
}

// splitList splits a comma-separated flag value, dropping blanks.
func splitList(v string) []string {
	var out []string
	for _, part := range strings.Split(v, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}
