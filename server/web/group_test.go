package web

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/repetition-demarches/repetition/server/procedure"
)

// groupProc is an actualisation with a group of one or two employers.
const groupProc = `id: essai-groupe
title: Actualisation d'essai
organisation: test
summary: Une actualisation d'essai.
duration: 5 min
level: débutant
real: {url: "https://example.fr/", compared: 2026-01-01}
steps:
  - id: employeurs
    title: Vos employeurs
    fields:
      - id: employeurs
        type: group
        label: Pour quels employeurs avez-vous travaillé ?
        min: 1
        max: 2
        add_label: Ajouter un employeur
        item_label: Employeur ${n}
        fields:
          - {id: nom, type: text, label: Nom employeur}
          - {id: brut, type: money, label: Salaire brut, messages: {required: le salaire brut est obligatoire}}
review:
  intro: "Salaire brut déclaré : ${ euros(sum(employeurs.brut)) } pour ${ len(employeurs) } employeurs."
receipt: {title: Enregistré, number: "A-${ digits(4) }", next: Fin.}
`

func groupApp(t *testing.T) (*testApp, *procedure.Procedure, *client) {
	t.Helper()
	p, problems := procedure.Parse("essai-groupe.yaml", []byte(groupProc))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	ta := newTestAppWith(t, p)
	c := ta.client(t)
	c.begin(p, "")
	return ta, p, c
}

var actionRE = regexp.MustCompile(`name="action" value="([^"]*)"`)

// actions lists the values of the group buttons of a page.
func actions(body string) []string {
	var out []string
	for _, m := range actionRE.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestGroupAddAndRemoveWithoutJavaScript(t *testing.T) {
	_, p, c := groupApp(t)
	step := stepURL(p, p.Step("employeurs"))
	page := c.get(step)
	if got := strings.Join(actions(page.body), " "); got != "ajouter:employeurs" {
		t.Errorf("with one item (the min): buttons %q, want only the add button", got)
	}
	if !strings.Contains(page.body, "Employeur 1") || !strings.Contains(page.body, `id="f-employeurs-1-nom"`) || strings.Contains(page.body, "Employeur 2") {
		t.Errorf("the group should start with its one item:\n%s", page.body)
	}
	if !strings.Contains(page.body, ">Ajouter un employeur</button>") {
		t.Error("no Ajouter un employeur button")
	}
	// Enter in a field presses the form's first button: "Continuer", hidden, not "Supprimer".
	first := regexp.MustCompile(`<button[^>]*type="submit"[^>]*>`).FindString(page.body[strings.Index(page.body, `id="formulaire-etape"`):])
	if strings.Contains(first, `name="action"`) {
		t.Errorf("the form's first button is a group button: %s", first)
	}

	res := c.post(step, url.Values{"action": {"ajouter:employeurs"}, "employeurs.1.nom": {"Boulangerie"}})
	if res.status != 303 || res.location != step+"#f-employeurs-2" {
		t.Fatalf("add: %d to %q, want 303 to the new item", res.status, res.location)
	}
	page = c.get(step)
	if strings.Contains(page.body, "error-summary") || strings.Contains(page.body, "obligatoire") {
		t.Error("adding an item must not validate the page")
	}
	if !strings.Contains(page.body, `value="Boulangerie"`) || !strings.Contains(page.body, "Employeur 2") {
		t.Errorf("what was typed is lost, or no second item:\n%s", page.body)
	}
	if got := strings.Join(actions(page.body), " "); got != "supprimer:employeurs:1 supprimer:employeurs:2" {
		t.Errorf("at the max: buttons %q, want the two remove buttons and no add", got)
	}
	res = c.post(step, url.Values{"action": {"ajouter:employeurs"}})
	if c.attempt(p).Answers["employeurs"] != "2" {
		t.Errorf("an add beyond max was accepted: %v", c.attempt(p).Answers)
	}

	res = c.post(step, url.Values{"action": {"supprimer:employeurs:1"}, "employeurs.1.nom": {"Boulangerie"}, "employeurs.2.nom": {"Cantine"}})
	if res.status != 303 || res.location != step+"#f-employeurs" {
		t.Fatalf("remove: %d to %q", res.status, res.location)
	}
	page = c.get(step)
	if !strings.Contains(page.body, `value="Cantine"`) || strings.Contains(page.body, "Boulangerie") || strings.Contains(page.body, "Employeur 2") {
		t.Errorf("after removing item 1, item 2 should be item 1:\n%s", page.body)
	}
	res = c.post(step, url.Values{"action": {"ajouter:inconnu%0d%0aX: y"}})
	if res.status != 303 || res.location != step {
		t.Errorf("an unknown group: %d to %q, want back to the step without anchor", res.status, res.location)
	}
	c.post(step, url.Values{"action": {"supprimer:employeurs:1"}, "employeurs.1.nom": {"Cantine"}})
	if a := c.attempt(p); a.Answers["employeurs"] != "1" || a.Answers["employeurs.1.nom"] != "Cantine" {
		t.Errorf("a remove under min was accepted: %v", a.Answers)
	}
}

func TestGroupErrorNamesTheItem(t *testing.T) {
	_, p, c := groupApp(t)
	step := stepURL(p, p.Step("employeurs"))
	c.post(step, url.Values{"action": {"ajouter:employeurs"}})
	res := c.post(step, url.Values{"employeurs.1.nom": {"Boulangerie"}, "employeurs.1.brut": {"525"}, "employeurs.2.nom": {"Cantine"}})
	if res.location != step {
		t.Fatalf("a missing salary went to %q", res.location)
	}
	page := c.get(step)
	for _, want := range []string{
		`href="#f-employeurs-2-brut"`,
		"Employeur 2\u00a0: le salaire brut est obligatoire",
		`id="f-employeurs-2-brut-erreur"`,
	} {
		if !strings.Contains(page.body, want) {
			t.Errorf("the page lacks %s:\n%s", want, page.body)
		}
	}
	if strings.Contains(page.body, `href="#f-employeurs-1-brut"`) {
		t.Error("item 1 is complete but has an error")
	}
}

func TestGroupReviewAndSum(t *testing.T) {
	_, p, c := groupApp(t)
	step := stepURL(p, p.Step("employeurs"))
	c.post(step, url.Values{"action": {"ajouter:employeurs"}})
	res := c.post(step, url.Values{"employeurs.1.nom": {"Boulangerie"}, "employeurs.1.brut": {"525"}, "employeurs.2.nom": {"Propreté Horizon"}, "employeurs.2.brut": {"214,20"}})
	if res.location != reviewURL(p) {
		t.Fatalf("a complete group went to %q", res.location)
	}
	page := c.get(reviewURL(p))
	for _, want := range []string{
		"Employeur 1 — Nom employeur", "Boulangerie",
		"Employeur 2 — Salaire brut", "214,20",
		`href="` + step + `#f-employeurs-2-brut"`,
		"739,20", "pour 2 employeurs",
	} {
		if !strings.Contains(page.body, want) {
			t.Errorf("the review lacks %s:\n%s", want, page.body)
		}
	}
}
