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

func TestRunNew(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	var out strings.Builder
	if err := runNew([]string{"essai"}, &out); err == nil {
		t.Fatal("new must refuse to run outside a project folder")
	}
	if err := os.Mkdir("procedures", 0o755); err != nil {
		t.Fatal(err)
	}
	for _, bad := range [][]string{{}, {"Essai"}, {"a b"}, {"../x"}} {
		if err := runNew(bad, &out); err == nil {
			t.Errorf("new %v was accepted", bad)
		}
	}
	if err := runNew([]string{"essai"}, &out); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "procedures", "essai.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := runNew([]string{"essai"}, &out); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("new overwrote a procedure: %v", err)
	}
	if err := runCheck([]string{dir}, repetition.Files, &out); err != nil {
		t.Fatalf("the new procedure does not pass the check: %v\n%s", err, out.String())
	}
}
