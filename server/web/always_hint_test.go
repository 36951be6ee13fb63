package web

import (
	"net/url"
	"strings"
	"testing"

	"github.com/repetition-demarches/repetition/server/procedure"
)

// A hint with always: true is shown in exam mode too, once its refusals
// have happened; the other hints stay hidden.
func TestAlwaysHintShownInExamMode(t *testing.T) {
	p, problems := procedure.Parse("essai-impasse.yaml", []byte(`id: essai-impasse
title: Essai impasse
organisation: caf
summary: Une démarche d'essai avec un numéro provisoire refusé.
duration: 5 min
level: débutant
real: {url: "https://example.fr/", compared: 2026-01-01}
steps:
  - id: connexion
    title: Connexion
    fields:
      - id: nir
        type: nir
        label: Numéro de sécurité sociale
        provisional: refuse
        hints:
          - Recopiez la carte Vitale.
          - {after: 2, always: true, text: Appelez le 32 30.}
receipt:
  title: Enregistré
  number: T-${ digits(4) }
  next: Fin.
`))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	ta := newTestAppWith(t, p)
	c := ta.client(t)
	c.get(startURL(p))
	c.follow(c.post(startURL(p)+"commencer", url.Values{"mode": {"examen"}}))
	at := stepURL(p, p.Step("connexion"))
	page := c.follow(c.post(at, url.Values{"nir": {"7 98 04 99 352 014"}}))
	if strings.Contains(page.body, "32 30") || strings.Contains(page.body, "Recopiez") {
		t.Errorf("exam mode, one refusal: a hint is shown:\n%s", page.body)
	}
	page = c.follow(c.post(at, url.Values{"nir": {"7 98 04 99 352 014"}}))
	if !strings.Contains(page.body, "Appelez le 32") || strings.Contains(page.body, "Recopiez") {
		t.Errorf("exam mode, two refusals: want the always hint alone:\n%s", page.body)
	}
}
