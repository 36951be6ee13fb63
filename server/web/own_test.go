package web

import (
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/repetition-demarches/repetition/server/procedure"
)

// ownWebProc pre-fills two monthly salaries from what the administration
// knows; a learner without a profile gives them on vos_donnees.
const ownWebProc = `id: essai-vos-donnees
title: Essai vos données
organisation: test
summary: Une démarche d'essai avec des salaires pré-remplis.
duration: 5 min
level: débutant
real: {url: "https://example.fr/", compared: 2026-01-01}
steps:
  - id: revenus
    title: Vos revenus
    fields:
      - id: salaires
        type: money
        cents: false
        label: Salaires perçus
        prefill: "sum(salaires) > 0 ? salaires : nil"
        repeat: {count: 2, label: "Mois ${ i + 1 }"}
vos_donnees:
  intro: Ce que l'administration sait de vos salaires.
  fields:
    - id: salaires
      type: money
      cents: false
      label: Salaire versé sur votre compte
      repeat: {count: 2, label: "Mois ${ i + 1 }"}
      messages: {format: "Écrivez un montant en chiffres."}
receipt:
  title: Enregistré
  number: T-${ digits(4) }
  next: Fin.
`

func TestOwnDataPage(t *testing.T) {
	p, problems := procedure.Parse("essai-vos-donnees.yaml", []byte(ownWebProc))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	ta := newTestAppWith(t, p)
	c := ta.client(t)
	c.get(startURL(p))
	res := c.post(startURL(p)+"commencer", url.Values{"profil": {""}})
	if res.location != ownURL(p) {
		t.Fatalf("without a profile, begin goes to %q, want %q", res.location, ownURL(p))
	}
	before := ta.attemptOf(t, c, p.ID)

	// GET: the form, on the sandbox's page, writes nothing.
	page := c.get(ownURL(p))
	for _, want := range []string{
		`<h1>Ce que l&#39;administration sait déjà de vous</h1>`,
		`<form id="vos-donnees" method="post" action="/demarches/essai-vos-donnees/vos-donnees"`,
		`name="_csrf"`,
		`<label for="f-salaires-1">Mois 1`, `name="salaires.2"`,
		`href="/demarches/essai-vos-donnees/etapes/revenus">Passer cette page : le faux site ne saura rien de votre situation</a>`,
	} {
		if !strings.Contains(page.body, want) {
			t.Errorf("vos_donnees page lacks %q:\n%s", want, page.body)
		}
	}
	if strings.Contains(page.body, `<body class="simulated"`) {
		t.Errorf("vos_donnees drawn as the simulated site")
	}
	if after := ta.attemptOf(t, c, p.ID); !reflect.DeepEqual(after, before) {
		t.Errorf("GET changed the attempt: %+v, was %+v", after, before)
	}

	// Without the form's token, nothing is recorded.
	if res := c.do(http.MethodPost, ownURL(p), url.Values{"salaires.1": {"1000"}, "salaires.2": {"1100"}}); res.status != http.StatusForbidden {
		t.Errorf("POST without a token: status %d, want 403", res.status)
	}

	// Bad input: back to the page, with the error in the summary and at the field.
	res = c.post(ownURL(p), url.Values{"salaires.1": {"mille"}, "salaires.2": {"1100"}})
	if res.location != ownURL(p) {
		t.Fatalf("refused vos_donnees: redirected to %q", res.location)
	}
	page = c.follow(res)
	for _, want := range []string{`class="error-summary"`, `<a href="#f-salaires-1">Écrivez un montant en chiffres.</a>`, `id="f-salaires-1-erreur"`, `value="mille"`} {
		if !strings.Contains(page.body, want) {
			t.Errorf("refused page lacks %q:\n%s", want, page.body)
		}
	}
	if a := ta.attemptOf(t, c, p.ID); len(a.Prefilled) > 0 {
		t.Errorf("pre-filled from refused answers: %v", a.Prefilled)
	}

	// Given: the first step shows the salaries pre-filled from them.
	res = c.post(ownURL(p), url.Values{"salaires.1": {"1000"}, "salaires.2": {"1100"}})
	if want := stepURL(p, p.Steps[0]); res.location != want {
		t.Fatalf("given vos_donnees: redirected to %q, want %q", res.location, want)
	}
	page = c.follow(res)
	for _, want := range []string{`class="prefilled-value" id="f-salaires-1">1`, `<input type="hidden" name="salaires.2" value="1100">`} {
		if !strings.Contains(page.body, want) {
			t.Errorf("first step lacks the pre-filled salary %q:\n%s", want, page.body)
		}
	}
}

// In English, the page's own texts are the guide's; the questions stay
// the author's French.
func TestOwnDataPageInEnglish(t *testing.T) {
	p, problems := procedure.Parse("essai-vos-donnees.yaml", []byte(ownWebProc))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	ta := newTestAppWith(t, p)
	c := ta.client(t)
	c.get("/langue/en")
	c.get(startURL(p))
	c.post(startURL(p)+"commencer", url.Values{"profil": {""}})
	page := c.get(ownURL(p))
	for _, want := range []string{`What the administration already knows about you`, `Skip this page: the practice site will know nothing of your situation`, `<p class="intro" lang="fr" dir="ltr">Ce que l&#39;administration sait de vos salaires.`} {
		if !strings.Contains(page.body, want) {
			t.Errorf("English vos_donnees page lacks %q:\n%s", want, page.body)
		}
	}
}

// With a profile, or for a procedure without vos_donnees, the page sends
// the learner on.
func TestOwnDataPageOnlyWithoutProfile(t *testing.T) {
	p, problems := procedure.Parse("essai-vos-donnees.yaml", []byte(ownWebProc+"profiles:\n  - {id: lea, name: Léa, story: Salariée., answers: {salaires: [1000, 1100]}}\n"))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	ta := newTestAppWith(t, p)
	c := ta.client(t)
	c.begin(p, "lea")
	if res := c.get(ownURL(p)); res.status != http.StatusSeeOther || res.location != stepURL(p, p.Steps[0]) {
		t.Errorf("vos_donnees with a profile: status %d to %q", res.status, res.location)
	}
}

// ownCoupleProc asks, on vos_donnees, the partner's salary only of a
// learner in couple: a question whose when reads another question of the
// page.
const ownCoupleProc = `id: essai-vos-donnees-couple
title: Essai vos données en couple
organisation: test
summary: Une démarche d'essai avec les salaires du conjoint pré-remplis.
duration: 5 min
level: débutant
real: {url: "https://example.fr/", compared: 2026-01-01}
steps:
  - id: foyer
    title: Votre foyer
    fields:
      - {id: en_couple, type: yesno, label: "Vivez-vous en couple ?"}
      - id: salaire_conjoint
        type: money
        when: en_couple
        label: Salaire de votre conjoint
        prefill: "salaire_conjoint > 0 ? salaire_conjoint : nil"
vos_donnees:
  intro: Ce que l'administration sait de votre foyer.
  fields:
    - {id: en_couple, type: yesno, label: "Vivez-vous en couple ?"}
    - id: salaire_conjoint
      type: money
      required: false
      when: en_couple
      label: Si oui, salaire versé à votre conjoint
receipt:
  title: Enregistré
  number: T-${ digits(4) }
  next: Fin.
`

// Without JavaScript, a question of vos_donnees that depends on another
// one of the page is drawn from the start, under it, as on a step: the
// learner who answers "Oui" can give it at once.
func TestOwnDataPageDrawsDependentQuestion(t *testing.T) {
	p, problems := procedure.Parse("essai-vos-donnees-couple.yaml", []byte(ownCoupleProc))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	ta := newTestAppWith(t, p)
	c := ta.client(t)
	c.get(startURL(p))
	c.post(startURL(p)+"commencer", url.Values{"profil": {""}})
	page := c.get(ownURL(p))
	for _, want := range []string{`class="field field-conditional`, `for="f-salaire_conjoint">Si oui, salaire versé à votre`, `name="salaire_conjoint"`} {
		if !strings.Contains(page.body, want) {
			t.Errorf("vos_donnees page lacks %q:\n%s", want, page.body)
		}
	}
	res := c.post(ownURL(p), url.Values{"en_couple": {"true"}, "salaire_conjoint": {"1450"}})
	if want := stepURL(p, p.Steps[0]); res.location != want {
		t.Fatalf("given vos_donnees: redirected to %q, want %q", res.location, want)
	}
	if got := ta.attemptOf(t, c, p.ID).Prefilled["salaire_conjoint"]; got != "1450" {
		t.Errorf("partner's salary pre-filled as %q, want 1450", got)
	}
}
