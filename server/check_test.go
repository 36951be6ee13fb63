package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	repetition "github.com/repetition-demarches/repetition"
)

// authorFolder makes a temporary author's folder holding procedures/ with
// one broken procedure, and moves into it.
func authorFolder(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.Mkdir("procedures", 0o755); err != nil {
		t.Fatal(err)
	}
	// Two mistakes: a misspelt key and a date written the French way.
	broken := strings.Replace(scaffold("cassee", fixedDay), "label: Nom de naissance", "lable: Nom de naissance", 1)
	broken = strings.Replace(broken, "compared: "+fixedDay.Format(time.DateOnly), "compared: "+fixedDay.Format("02/01/2006"), 1)
	if err := os.WriteFile(filepath.Join("procedures", "cassee.yaml"), []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestBareCheckChecksTheAuthorsFolder: a bare check in an author's folder
// reports the broken file of ./procedures, names the folder on its first
// line, and counts in French ("1 problème"); it used to check the built-in
// procedures and print "0 problems".
func TestBareCheckChecksTheAuthorsFolder(t *testing.T) {
	authorFolder(t)
	var out strings.Builder
	err := runCheck(nil, repetition.Files, &out, noEnv)
	text := out.String()
	if err == nil {
		t.Fatalf("check passed on a broken file:\n%s", text)
	}
	first, _, _ := strings.Cut(text, "\n")
	if first != "Vérification du dossier ./procedures" {
		t.Errorf("first line %q does not name the folder checked", first)
	}
	if !strings.Contains(text, "procedures/cassee.yaml:") || !strings.Contains(text, "clé inconnue « lable »") {
		t.Errorf("the broken file is not reported:\n%s", text)
	}
	// "lable" (reported once, not also as "label" missing) and the date.
	if !strings.Contains(text, "2 problèmes") || strings.Contains(err.Error(), "problems") {
		t.Errorf("summary or error not in French: %v\n%s", err, text)
	}
}

// TestCheckCountsOneProblemInFrench: "1 problème", not "1 problems".
func TestCheckCountsOneProblemInFrench(t *testing.T) {
	authorFolder(t)
	broken := strings.Replace(scaffold("cassee", fixedDay), "duration: 10 min", "duration: 10 min\ncouleur: bleu", 1)
	if err := os.WriteFile(filepath.Join("procedures", "cassee.yaml"), []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	err := runCheck(nil, repetition.Files, &out, noEnv)
	if err == nil || !strings.Contains(out.String(), ", 1 problème (") || err.Error() != "check a trouvé 1 problème" {
		t.Errorf("one problem, in French: %v\n%s", err, out.String())
	}
}

// TestCheckWithoutFolderSaysWhatToDo: no ./procedures and no -bundled is
// not a silent success on the built-in procedures.
func TestCheckWithoutFolderSaysWhatToDo(t *testing.T) {
	t.Chdir(t.TempDir())
	var out strings.Builder
	err := runCheck(nil, repetition.Files, &out, noEnv)
	if err == nil || !strings.Contains(err.Error(), "-bundled") {
		t.Fatalf("check in a folder without procedures/: %v\n%s", err, out.String())
	}
}

// TestCheckBundled checks the built-in procedures only when asked, even
// in an author's folder with a broken file.
func TestCheckBundled(t *testing.T) {
	authorFolder(t)
	var out strings.Builder
	if err := runCheck([]string{"-bundled"}, repetition.Files, &out, noEnv); err != nil {
		t.Fatalf("the bundled procedures: %v\n%s", err, out.String())
	}
	text := out.String()
	if strings.Contains(text, "cassee") || !strings.HasPrefix(text, "Vérification des démarches intégrées") || !strings.Contains(text, "0 problème") {
		t.Errorf("-bundled:\n%s", text)
	}
}

// TestCheckSpeaksEnglishOnRequest: -lang en, or an English environment.
func TestCheckSpeaksEnglishOnRequest(t *testing.T) {
	authorFolder(t)
	envs := map[string]func(string) string{
		"-lang en": noEnv,
		"LANG=en_US.UTF-8": func(name string) string {
			if name == "LANG" {
				return "en_US.UTF-8"
			}
			return ""
		},
	}
	for name, env := range envs {
		var args []string
		if name == "-lang en" {
			args = []string{"-lang", "en"}
		}
		var out strings.Builder
		err := runCheck(args, repetition.Files, &out, env)
		text := out.String()
		if err == nil || !strings.HasPrefix(text, "Checking the folder ./procedures") ||
			!strings.Contains(text, `unknown key "lable"`) || !strings.Contains(text, "2 problems") || strings.Contains(text, "problème") {
			t.Errorf("%s: %v\n%s", name, err, text)
		}
	}
	// LC_ALL wins over LANG, as POSIX reads them.
	var out strings.Builder
	env := map[string]string{"LC_ALL": "fr_FR.UTF-8", "LANG": "en_GB.UTF-8"}
	_ = runCheck(nil, repetition.Files, &out, func(n string) string { return env[n] })
	if !strings.Contains(out.String(), "clé inconnue") {
		t.Errorf("LC_ALL=fr_FR with LANG=en_GB:\n%s", out.String())
	}
	if err := runCheck([]string{"-lang", "de"}, repetition.Files, &out, noEnv); err == nil {
		t.Error("-lang de was accepted")
	}
}

// TestHelpListsTheSubcommands: -h lists check, new and load, one line each.
func TestHelpListsTheSubcommands(t *testing.T) {
	t.Setenv("LANG", "fr_FR.UTF-8")
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	var out, errs strings.Builder
	_ = run([]string{"-h"}, &out, &errs)
	help := errs.String()
	for _, sub := range []string{"check", "new", "load"} {
		n := 0
		for _, line := range strings.Split(help, "\n") {
			if f := strings.Fields(line); len(f) > 1 && f[1] == sub {
				n++
			}
		}
		if n != 1 {
			t.Errorf("-h has %d lines for %s:\n%s", n, sub, help)
		}
	}
	if !strings.Contains(help, "-lang") || !strings.Contains(help, "vérifie") {
		t.Errorf("-h is not in French or lacks -lang:\n%s", help)
	}
}

// fixedDay is the day written in the procedures the tests make.
var fixedDay = time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
