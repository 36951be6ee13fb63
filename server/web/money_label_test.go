package web

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/repetition-demarches/repetition/server/procedure"
)

const moneyProc = `id: essai-montant
title: Essai de montants
organisation: caf
summary: Des montants.
duration: 5 min
level: débutant
real: {url: "https://example.fr/", compared: 2026-01-01}
steps:
  - id: montants
    title: Vos montants
    fields:
      - {id: rfr, type: money, label: Revenu fiscal de référence, help: "En euros, tel qu'il est écrit sur votre avis."}
      - {id: loyer, type: money, label: Loyer}
      - {id: aide, type: money, label: Aide reçue (en euros)}
receipt:
  title: Enregistré
  number: T-${ digits(4) }
  next: Fin.
`

// TestMoneyUnitSaidOnce: a screen reader hears "en euros" once per money
// field: from the label's hidden text, or from the label or the help
// (aria-describedby) when they already say it.
func TestMoneyUnitSaidOnce(t *testing.T) {
	p, problems := procedure.Parse("essai-montant.yaml", []byte(moneyProc))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	ta := newTestAppWith(t, p)
	c := ta.client(t)
	page := c.begin(p, "")
	tags := regexp.MustCompile(`<[^>]+>`)
	for _, id := range []string{"rfr", "loyer", "aide"} {
		label := regexp.MustCompile(`(?s)<label for="f-` + id + `">(.*?)</label>`).FindStringSubmatch(page.body)
		if label == nil {
			t.Fatalf("no label for %s", id)
		}
		heard := tags.ReplaceAllString(label[1], "")
		if help := regexp.MustCompile(`(?s)<p class="help" id="f-` + id + `-aide">(.*?)</p>`).FindStringSubmatch(page.body); help != nil {
			heard += " " + tags.ReplaceAllString(help[1], "")
		}
		if n := strings.Count(strings.ToLower(heard), "en euros"); n != 1 {
			t.Errorf("%s: %q says \"en euros\" %d times", id, heard, n)
		}
	}
}

// TestTranslationButtonSaysHide: once the translation is shown, the button
// of the sandbox bar offers to hide it, in the learner's language.
func TestTranslationButtonSaysHide(t *testing.T) {
	ta := newTestApp(t)
	p := caf(t, ta)
	for lang, want := range map[string][2]string{
		"en": {"Show the translation", "Hide the translation"},
		"ar": {"اعرض الترجمة", "أخفِ الترجمة"},
	} {
		c := ta.client(t)
		c.get("/langue/" + lang + "?retour=/")
		step := c.begin(p, "kevin")
		button := regexp.MustCompile(`(?s)<form class="translate".*?<button[^>]*>(.*?)</button>`)
		if m := button.FindStringSubmatch(step.body); m == nil || m[1] != want[0] {
			t.Errorf("%s: the button before showing says %v, want %q", lang, m, want[0])
		}
		step = c.follow(c.post("/traduction", url.Values{"retour": {stepURL(p, p.Steps[0])}}))
		if !strings.Contains(step.body, `class="translation"`) {
			t.Fatalf("%s: no translation shown", lang)
		}
		if m := button.FindStringSubmatch(step.body); m == nil || m[1] != want[1] {
			t.Errorf("%s: the button once shown says %v, want %q", lang, m, want[1])
		}
	}
}
