package main

import (
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
)

func TestBuildServesTheBundledProcedures(t *testing.T) {
	sb, err := build(config{idle: time.Hour, logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
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
		sb, err := build(config{idle: time.Hour, logger: logger})
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
