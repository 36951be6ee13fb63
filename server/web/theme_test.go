package web

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"

	repetition "github.com/repetition-demarches/repetition"
	"github.com/repetition-demarches/repetition/server/locale"
)

var templateKeyRE = regexp.MustCompile(`\.(?:P\.)?[ST] "([a-z0-9_.]+)"`)

// TestTemplatesUseKnownKeys fails when a template asks for a text that
// fr.yaml does not have: a missing key would show as its id on the page.
func TestTemplatesUseKnownKeys(t *testing.T) {
	locales, err := locale.Load(repetition.Files, "locales")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	err = fs.WalkDir(repetition.Files, "themes", func(p string, d fs.DirEntry, err error) error {
		if err != nil || !strings.HasSuffix(p, ".html") {
			return err
		}
		data, err := fs.ReadFile(repetition.Files, p)
		if err != nil {
			return err
		}
		for _, m := range templateKeyRE.FindAllStringSubmatch(string(data), -1) {
			checked++
			if !locales.Has(locale.Default, m[1]) {
				t.Errorf("%s uses %q, which locales/fr.yaml does not define", p, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 50 {
		t.Fatalf("only %d keys found in the templates: is the pattern still right?", checked)
	}
}

// TestEveryThemeRenders parses every theme, as the server does at start-up.
func TestEveryThemeRenders(t *testing.T) {
	th, err := loadThemes(repetition.Files, "themes")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"base", "caf", "ants", "anah", "anef"} {
		if th.theme(name) != name {
			t.Errorf("theme %s is missing", name)
		}
		if !strings.Contains(th.css[name], "/static/"+name+"/site.css?v=") {
			t.Errorf("theme %s has no stylesheet", name)
		}
	}
}

// TestStylesheetsBalanced: every rule block of every stylesheet is closed;
// an unclosed one silently swallows every rule after it.
func TestStylesheetsBalanced(t *testing.T) {
	err := fs.WalkDir(repetition.Files, "themes", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".css") {
			return err
		}
		data, err := fs.ReadFile(repetition.Files, p)
		if err != nil {
			return err
		}
		depth := 0
		for i, line := range strings.Split(string(data), "\n") {
			depth += strings.Count(line, "{") - strings.Count(line, "}")
			if depth < 0 {
				t.Errorf("%s:%d: a brace closes nothing", p, i+1)
				depth = 0
			}
		}
		if depth != 0 {
			t.Errorf("%s: %d rule block(s) never closed", p, depth)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
