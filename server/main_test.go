package main

import (
	"context"
	"io"
	"io/fs"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/gofiber/fiber/v2"

	repetition "github.com/repetition-demarches/repetition"
	"github.com/repetition-demarches/repetition/server/store"
	"github.com/repetition-demarches/repetition/server/store/memstore"
)

func TestBuildServesTheBundledProcedures(t *testing.T) {
	sb, err := build(config{files: repetition.Files, idle: time.Hour, logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.shutdown()
	app := sb.fiber.(*fiber.App)
	for _, target := range []string{"/healthz", "/", "/demarches/caf-declaration-trimestrielle/"} {
		res, err := app.Test(httptest.NewRequest("GET", target, nil), -1)
		if err != nil || res.StatusCode != 200 {
			t.Fatalf("GET %s: %v %v", target, res.StatusCode, err)
		}
	}
}

func TestBuildRefusesABrokenProcedure(t *testing.T) {
	files := fstest.MapFS{}
	_ = fs.WalkDir(repetition.Files, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := fs.ReadFile(repetition.Files, p)
			files[p] = &fstest.MapFile{Data: data}
		}
		return err
	})
	files["procedures/cassee.yaml"] = &fstest.MapFile{Data: []byte("id: cassee\ntitel: Oups\n")}
	wants := map[string][]string{
		"": { // French, the authors' language, by default
			"les démarches ont 8 problèmes :",
			`procedures/cassee.yaml:2:1: clé inconnue « titel » dans cette démarche (vouliez-vous dire « title » ?)`,
			`procedures/cassee.yaml:1:1: il manque la clé « steps » dans cette démarche`,
		},
		"en": {
			"the procedures have 8 problems:",
			`procedures/cassee.yaml:2:1: unknown key "titel" in procedure (did you mean "title"?)`,
			`procedures/cassee.yaml:1:1: missing key "steps" in procedure`,
		},
	}
	for lang, want := range wants {
		_, err := build(config{files: files, idle: time.Hour, logger: slog.New(slog.NewTextHandler(io.Discard, nil)), lang: lang})
		if err == nil {
			t.Fatal("a broken procedure must stop the start-up")
		}
		for _, w := range want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("lang %q: the start-up error lacks %q:\n%v", lang, w, err)
			}
		}
	}
}

func TestRunRefusesBadFlags(t *testing.T) {
	var out, errs strings.Builder
	if err := run([]string{"-no-such-flag"}, &out, &errs); err == nil {
		t.Fatal("an unknown flag must stop the server")
	}
}

// BenchmarkStartup is the start-up work: load and check every procedure,
// the locales and the templates, then answer a first request.
func BenchmarkStartup(b *testing.B) {
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	for b.Loop() {
		sb, err := build(config{files: repetition.Files, idle: time.Hour, logger: logger})
		if err != nil {
			b.Fatal(err)
		}
		res, err := sb.fiber.(*fiber.App).Test(httptest.NewRequest("GET", "/", nil), -1)
		if err != nil || res.StatusCode != 200 {
			b.Fatalf("first request: %v %v", res.StatusCode, err)
		}
		_ = sb.shutdown()
	}
}

func TestRunRefusesABadRetention(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-retention", "721h"}, "-retention 721h0m0s: at most 720h0m0s (30 days)"},
		{[]string{"-retention", "0s"}, "it must be positive"},
		{[]string{"-retention", "24h", "-session-idle", "25h"}, "-session-idle 25h0m0s is longer than -retention 24h0m0s"},
	} {
		var out, errs strings.Builder
		err := run(append(tc.args, "-memory", "-addr", "127.0.0.1:0"), &out, &errs)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("run(%q) = %v, want %q", tc.args, err, tc.want)
		}
	}
}

// TestRunRefusesAShortOrganiserPassword: a public server whose organiser
// password is shorter than 12 characters does not start, whichever way it
// is public (-public, -tls-cert, the PORT variable).
func TestRunRefusesAShortOrganiserPassword(t *testing.T) {
	for _, tc := range []struct {
		args []string
		port string
	}{
		{args: []string{"-public"}},
		{args: []string{"-tls-cert", "absent.pem", "-tls-key", "absent.key"}},
		{port: "0"},
	} {
		t.Run(strings.Join(tc.args, " ")+" PORT="+tc.port, func(t *testing.T) {
			t.Setenv("PORT", tc.port)
			t.Setenv("REPETITION_ORGANISER_PASSWORD", "lampe-verte") // 11 characters
			done := make(chan error, 1)
			go func() {
				var out, errs strings.Builder
				done <- run(append(tc.args, "-memory", "-addr", "127.0.0.1:0"), &out, &errs)
			}()
			var err error
			select {
			case err = <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("the server started with an 11-character organiser password")
			}
			if err == nil || !strings.Contains(err.Error(), "REPETITION_ORGANISER_PASSWORD has 11 characters") ||
				!strings.Contains(err.Error(), "at least 12") {
				t.Errorf("run = %v, want a refusal of the 11-character password", err)
			}
		})
	}
}

func TestBuildOpensTheDataFolder(t *testing.T) {
	data := filepath.Join(t.TempDir(), "new", "data")
	var logs strings.Builder
	sb, err := build(config{files: repetition.Files, idle: time.Hour, retention: maxRetention, data: data, logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(data, "repetition.db")); err != nil {
		t.Errorf("no database in the data folder: %v", err)
	}
	if !strings.Contains(logs.String(), "SQLite") {
		t.Errorf("the log does not say which store is used:\n%s", logs.String())
	}
	if err := sb.shutdown(); err != nil {
		t.Fatal(err)
	}
	if err := sb.shutdown(); err != nil {
		t.Fatalf("a second shutdown: %v", err)
	}
}

// purging is a store whose sweeps are recorded.
type purging struct {
	store.Store
	mu              sync.Mutex
	expired, purged []time.Time
	frictions       []time.Time
}

func (p *purging) Expire(_ context.Context, before time.Time) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.expired = append(p.expired, before)
	return 0, nil
}

func (p *purging) PurgeTrainings(_ context.Context, before time.Time) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.purged = append(p.purged, before)
	return 0, nil
}

func (p *purging) PurgeFrictions(_ context.Context, before time.Time) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.frictions = append(p.frictions, before)
	return 0, nil
}

func TestSweepExpiresIdleSessionsAndPurgesClosedOnes(t *testing.T) {
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	st := &purging{Store: memstore.New(func() time.Time { return now })}
	done := make(chan struct{})
	stopped := make(chan struct{})
	cfg := config{idle: 2 * time.Hour, retention: 72 * time.Hour, logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	go func() { sweep(st, cfg, func() time.Time { return now }, done, time.Millisecond); close(stopped) }()
	for {
		st.mu.Lock()
		n := len(st.frictions)
		st.mu.Unlock()
		if n > 0 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	close(done)
	<-stopped
	if got, want := st.expired[0], now.Add(-2*time.Hour); !got.Equal(want) {
		t.Errorf("expired before %s, want %s", got, want)
	}
	if got, want := st.purged[0], now.Add(-72*time.Hour); !got.Equal(want) {
		t.Errorf("purged before %s, want %s", got, want)
	}
	if got, want := st.frictions[0], now.Add(-72*time.Hour); !got.Equal(want) {
		t.Errorf("feedback purged before %s, want %s", got, want)
	}
}

// BenchmarkStartupSQLite is BenchmarkStartup with the sessions database
// opened (and migrated the first time).
func BenchmarkStartupSQLite(b *testing.B) {
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	data := b.TempDir()
	for b.Loop() {
		sb, err := build(config{files: repetition.Files, idle: time.Hour, retention: maxRetention, data: data, logger: logger})
		if err != nil {
			b.Fatal(err)
		}
		res, err := sb.fiber.(*fiber.App).Test(httptest.NewRequest("GET", "/", nil), -1)
		if err != nil || res.StatusCode != 200 {
			b.Fatalf("first request: %v %v", res.StatusCode, err)
		}
		_ = sb.shutdown()
	}
}

// TestDevRunsInAnAuthorsFolder: -dev serves a folder holding procedures/
// alone (as new leaves it), with the built-in themes and locales, and its
// box shows the folder's problems in French, or in English with -lang en.
func TestDevRunsInAnAuthorsFolder(t *testing.T) {
	dir := t.TempDir()
	if _, err := devFiles(dir, "fr"); err == nil || !strings.Contains(err.Error(), "procedures/") {
		t.Fatalf("-dev without procedures/: %v", err)
	}
	if err := os.Mkdir(filepath.Join(dir, "procedures"), 0o755); err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(scaffold("essai", fixedDay), "label: Nom de naissance", "lable: Nom de naissance", 1)
	if err := os.WriteFile(filepath.Join(dir, "procedures", "essai.yaml"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	files, err := devFiles(dir, "fr")
	if err != nil {
		t.Fatal(err)
	}
	for lang, want := range map[string]string{"": "clé inconnue « lable »", "en": "unknown key &#34;lable&#34;"} {
		sb, err := build(config{files: files, dev: true, idle: time.Hour, retention: time.Hour, lang: lang, logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatalf("-dev in an author's folder: %v", err)
		}
		res, err := sb.fiber.(*fiber.App).Test(httptest.NewRequest("GET", "/", nil), -1)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		_ = sb.shutdown()
		if !strings.Contains(string(body), "procedures/essai.yaml:") || !strings.Contains(string(body), want) {
			t.Errorf("lang %q: the box lacks %q:\n%s", lang, want, body)
		}
	}
}
