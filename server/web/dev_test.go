package web

import (
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	repetition "github.com/repetition-demarches/repetition"
	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/locale"
	"github.com/repetition-demarches/repetition/server/procedure"
	"github.com/repetition-demarches/repetition/server/store/memstore"
)

// copyTree writes the embedded folders to dir, as an author's checkout.
func copyTree(t *testing.T, dir string) {
	t.Helper()
	err := fs.WalkDir(repetition.Files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(repetition.Files, p)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(p)), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, p), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// skipUnderRace: a development-mode reload loads and checks the changed
// files again, which under the race detector, beside CI's real-browser
// pass on the same two cores, took longer than the tests' waits (they
// failed at 10 and 15 s while every reload was still running). These
// tests run in the pass without -race (CI's browser pass), where a
// reload after one edit takes a few hundred milliseconds.
func skipUnderRace(t *testing.T) {
	t.Helper()
	if raceDetector {
		t.Skip("timed waits for a reload: played in the pass without -race")
	}
}

func TestDevModeReloadsAndShowsProblems(t *testing.T) {
	skipUnderRace(t)
	dir := t.TempDir()
	copyTree(t, dir)
	files := os.DirFS(dir)
	procs, _ := procedure.Load(files, "procedures")
	locales, err := locale.Load(files, "locales")
	if err != nil {
		t.Fatal(err)
	}
	app, err := New(Config{
		Procedures: procs, Engine: engine.New(), Store: memstore.New(time.Now), Locales: locales,
		Themes: files, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Dev: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer app.Shutdown()
	get := func(target string) string {
		res, err := app.Test(httptest.NewRequest(http.MethodGet, target, nil), -1)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		return string(body)
	}
	// A broken file appears; a working procedure changes its title.
	if err := os.WriteFile(filepath.Join(dir, "procedures", "cassee.yaml"), []byte("id: cassee\ntitel: Oups\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cafFile := filepath.Join(dir, "procedures", "caf-declaration-trimestrielle.yaml")
	data, _ := os.ReadFile(cafFile)
	changed := strings.Replace(string(data), "title: Déclarer mes ressources", "title: Déclarer (modifié) mes ressources", 1)
	if err := os.WriteFile(cafFile, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	// The two writes may land in two reloads: wait for both.
	wants := []string{`procedures/cassee.yaml:2:1: clé inconnue « titel »`, "Déclarer (modifié) mes ressources"}
	var home string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if home = get("/"); strings.Contains(home, wants[0]) && strings.Contains(home, wants[1]) {
			break
		}
	}
	for _, want := range wants {
		if !strings.Contains(home, want) {
			t.Errorf("after the change, the home page lacks %q", want)
		}
	}
	// The preview draws any step with a profile's answers, without a session.
	preview := get("/apercu/caf-declaration-trimestrielle/montants_vous?profil=kevin")
	if !strings.Contains(preview, `value="1240"`) || strings.Contains(preview, `type="submit" class="button">Continuer`) {
		t.Error("the preview does not show the profile's answers, or lets the form be sent")
	}
}

func TestPreviewIsOnlyInDevMode(t *testing.T) {
	ta := newTestApp(t)
	if res := ta.client(t).get("/apercu/caf-declaration-trimestrielle/connexion"); res.status != http.StatusNotFound {
		t.Fatalf("preview outside development mode: %d", res.status)
	}
}

// TestDevBoxShowsWhatCheckReports: the box shows everything check
// reports, not only loading problems: a failing scenario and a missing
// translation appear, and go away on the next reload once fixed.
func TestDevBoxShowsWhatCheckReports(t *testing.T) {
	skipUnderRace(t)
	dir := t.TempDir()
	copyTree(t, dir)
	files := os.DirFS(dir)
	procs, _ := procedure.Load(files, "procedures")
	locales, err := locale.Load(files, "locales")
	if err != nil {
		t.Fatal(err)
	}
	app, err := New(Config{
		Procedures: procs, Engine: engine.New(), Store: memstore.New(time.Now), Locales: locales,
		Themes: files, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Dev: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer app.Shutdown()
	home := func() string {
		res, err := app.Test(httptest.NewRequest(http.MethodGet, "/", nil), -1)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		return string(body)
	}
	edit := func(name, from, to string) {
		t.Helper()
		file := filepath.Join(dir, name)
		data, err := os.ReadFile(file)
		if err != nil || !strings.Contains(string(data), from) {
			t.Fatalf("%s lacks %q (%v)", name, from, err)
		}
		if err := os.WriteFile(file, []byte(strings.Replace(string(data), from, to, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	wait := func(done func(string) bool) string {
		var page string
		for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			if page = home(); done(page) {
				break
			}
		}
		return page
	}
	scenario := "scénario « Kévin déclare ses trois salaires et valide »"
	missing := "locales/en.yaml:1:1: il manque la clé « dev.problems.text »"
	if page := home(); strings.Contains(page, "dev-problems") {
		t.Fatal("the bundled files have problems before any change")
	}
	edit("procedures/caf-declaration-trimestrielle.yaml", "values: {total_vous: 3325, total_foyer: 3325}", "values: {total_vous: 9999, total_foyer: 3325}")
	edit("locales/en.yaml", "    text: What loads keeps working.\n", "")
	page := wait(func(p string) bool { return strings.Contains(p, scenario) && strings.Contains(p, missing) })
	for _, want := range []string{scenario, missing} {
		if !strings.Contains(page, want) {
			t.Errorf("the box lacks %q", want)
		}
	}
	// Fixed: the next reload empties the box.
	edit("procedures/caf-declaration-trimestrielle.yaml", "total_vous: 9999", "total_vous: 3325")
	edit("locales/en.yaml", "    title: \"Development mode: the files have problems.\"\n", "    title: \"Development mode: the files have problems.\"\n    text: What loads keeps working.\n")
	if page := wait(func(p string) bool { return !strings.Contains(p, "dev-problems") }); strings.Contains(page, "dev-problems") {
		t.Error("the box stays after the files are fixed")
	}
}
