package main

import (
	"io"
	"io/fs"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/gofiber/fiber/v2"

	repetition "github.com/repetition-demarches/repetition"
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
	_, err := build(config{files: files, idle: time.Hour, logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err == nil {
		t.Fatal("a broken procedure must stop the start-up")
	}
	for _, want := range []string{
		`procedures/cassee.yaml:2:1: unknown key "titel" in procedure (did you mean "title"?)`,
		`procedures/cassee.yaml:1:1: missing key "steps" in procedure`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the start-up error lacks %q:\n%v", want, err)
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
