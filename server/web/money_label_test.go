package web

import (
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
