package locale_test

import (
	"testing"
	"testing/fstest"

	repetition "github.com/repetition-demarches/repetition"
	"github.com/repetition-demarches/repetition/server/locale"
)

// TestEveryLanguageHasEveryKey fails when a locale lacks a key of fr.yaml
// or has one fr.yaml does not know.
func TestEveryLanguageHasEveryKey(t *testing.T) {
	c, err := locale.Load(repetition.Files, "locales")
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Languages()) < 2 {
		t.Fatalf("languages: %v", c.Languages())
	}
	for lang, problems := range c.Missing() {
		for _, p := range problems {
			t.Errorf("locales/%s.yaml: %s", lang, p)
		}
	}
}

func TestMissingDetectsGaps(t *testing.T) {
	fsys := fstest.MapFS{
		"l/fr.yaml": {Data: []byte("a: A\nb:\n  c: C\n")},
		"l/en.yaml": {Data: []byte("a: A\nd: D\n")},
	}
	c, err := locale.Load(fsys, "l")
	if err != nil {
		t.Fatal(err)
	}
	got := c.Missing()["en"]
	want := []string{"extra: d", "missing: b.c"}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("Missing() = %v, want %v", got, want)
	}
}

func TestMatch(t *testing.T) {
	c, err := locale.Load(repetition.Files, "locales")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct{ cookie, accept, want string }{
		{"", "fr-FR,fr;q=0.9,en;q=0.8", "fr"},
		{"", "en-US,en;q=0.9", "en"},
		{"", "en-GB", "en"},
		{"", "de-DE,de;q=0.9", "fr"},
		{"", "", "fr"},
		{"", "garbage;;;q=x", "fr"},
		{"en", "fr-FR", "en"},
		{"xx", "en", "en"},
	}
	for _, tc := range cases {
		if got := c.Match(tc.cookie, tc.accept); got != tc.want {
			t.Errorf("Match(%q, %q) = %q, want %q", tc.cookie, tc.accept, got, tc.want)
		}
	}
}

func TestTranslate(t *testing.T) {
	c, err := locale.Load(repetition.Files, "locales")
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Translator("en").T("site.step", "Number", 2, "Total", 5); got != "Step 2 of 5" {
		t.Errorf("T = %q", got)
	}
	if got := c.Translator("fr").T("site.step", "Number", 2, "Total", 5); got != "Étape 2 sur 5" {
		t.Errorf("T = %q", got)
	}
	if got := c.Translator("fr").T("no.such.key"); got != "no.such.key" {
		t.Errorf("an unknown key must come back as itself, got %q", got)
	}
	if c.Translator("zz").Lang != "fr" {
		t.Error("an unknown language must fall back to French")
	}
}
