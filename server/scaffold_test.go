package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	repetition "github.com/repetition-demarches/repetition"
	"github.com/repetition-demarches/repetition/server/check"
)

func TestScaffoldPassesTheCheck(t *testing.T) {
	text := scaffold("ma-demarche", time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC))
	r := check.Procedures(fstest.MapFS{"procedures/ma-demarche.yaml": {Data: []byte(text)}}, "procedures")
	if len(r.Problems) > 0 || len(r.Procedures) != 1 || r.Scenarios != 2 {
		t.Fatalf("the scaffold does not pass the check: %v (%d scenarios)", r.Problems, r.Scenarios)
	}
	if !strings.HasPrefix(text, "# yaml-language-server: $schema=") {
		t.Error("the scaffold lacks the schema comment")
	}
}

// noEnv is an environment without any language variable: French.
func noEnv(string) string { return "" }

func TestRunNew(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	var out strings.Builder
	for _, bad := range [][]string{{}, {"Essai"}, {"a b"}, {"../x"}} {
		if err := runNew(bad, &out, "./server", noEnv); err == nil {
			t.Errorf("new %v was accepted", bad)
		}
	}
	if err := runNew([]string{"essai"}, &out, "./server", noEnv); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "procedures", "essai.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := runNew([]string{"essai"}, &out, "./server", noEnv); err == nil || !strings.Contains(err.Error(), "existe déjà") {
		t.Fatalf("new overwrote a procedure: %v", err)
	}
	if err := runCheck([]string{dir}, repetition.Files, &out, noEnv); err != nil {
		t.Fatalf("the new procedure does not pass the check: %v\n%s", err, out.String())
	}
}

// TestNewCreatesTheFolderAndSaysWhatNext: in an empty folder, new makes
// procedures/ and prints the next commands, for the binary and for go run.
func TestNewCreatesTheFolderAndSaysWhatNext(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	var out strings.Builder
	if err := runNew([]string{"ma-demarche"}, &out, "./repetition", noEnv); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "procedures", "ma-demarche.yaml")); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"procedures/", "./repetition check", "go run ./server check", "/apercu/ma-demarche"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("new does not print %q:\n%s", want, out.String())
		}
	}
	// The printed command works: a bare check, in this folder.
	out.Reset()
	if err := runCheck(nil, repetition.Files, &out, noEnv); err != nil {
		t.Fatalf("check after new: %v\n%s", err, out.String())
	}
}

func TestBinaryName(t *testing.T) {
	for arg0, want := range map[string]string{
		"/tmp/go-build123/b001/exe/server": "./server",
		"repetition":                       "repetition",
		"./repetition":                     "./repetition",
		"/usr/local/bin/repetition":        "/usr/local/bin/repetition",
	} {
		if got := binaryName(arg0); got != want {
			t.Errorf("binaryName(%q) = %q, want %q", arg0, got, want)
		}
	}
}
