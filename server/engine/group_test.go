package engine_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/repetition-demarches/repetition/server/engine"
)

// groupSteps is a France Travail-like actualisation: a question, then one
// block of questions per employer.
const groupSteps = `values:
  total_brut: sum(employeurs.brut)
  total_heures: sum(employeurs.heures)
  nombre: len(employeurs)
steps:
  - id: situation
    title: Votre situation
    fields:
      - {id: travaille, type: yesno, label: "Avez-vous travaillé ?"}
  - id: employeurs
    title: Vos employeurs
    when: travaille
    fields:
      - id: employeurs
        type: group
        label: Pour quels employeurs avez-vous travaillé ?
        min: 1
        max: 3
        add_label: Ajouter un employeur
        item_label: Employeur ${n}
        messages: {group_min: Déclarez au moins un employeur.}
        fields:
          - {id: nom, type: text, label: Nom employeur}
          - {id: heures, type: number, label: Nombre d'heures}
          - {id: brut, type: money, label: Salaire brut, messages: {required: le salaire brut est obligatoire}}
`

func TestGroupPostAndValues(t *testing.T) {
	p := parseProc(t, groupSteps)
	e := testEngine()
	a := e.Start(p, "")
	if _, ev := e.Post(p, a, p.Step("situation"), map[string]string{"travaille": "true"}); ev.Items(p.Field("employeurs")) != 1 {
		t.Fatalf("a group starts with its min items, got %d", ev.Items(p.Field("employeurs")))
	}
	st := p.Step("employeurs")
	if n := e.AddItem(p, a, st, map[string]string{"employeurs.1.nom": "Boulangerie", "employeurs.1.heures": "42", "employeurs.1.brut": "525"}, "employeurs"); n != 1 {
		t.Fatalf("AddItem = %d, want item 1 (0-based)", n)
	}
	if a.Answers["employeurs.1.nom"] != "Boulangerie" || a.Steps["employeurs"].Failures != 0 {
		t.Errorf("adding an item must keep what was typed and judge nothing: %v, %+v", a.Answers, a.Steps["employeurs"])
	}
	form := map[string]string{
		"employeurs.1.nom": "Boulangerie", "employeurs.1.heures": "42", "employeurs.1.brut": "525",
		"employeurs.2.nom": "Propreté Horizon", "employeurs.2.heures": "18",
	}
	issues, _ := e.Post(p, a, st, form)
	want := []engine.Issue{{Field: "employeurs.2.brut", Key: "required", Text: "le salaire brut est obligatoire"}}
	if !reflect.DeepEqual(issues, want) {
		t.Fatalf("issues = %+v, want %+v", issues, want)
	}
	form["employeurs.2.brut"] = "214,20"
	issues, ev := e.Post(p, a, st, form)
	if len(issues) > 0 {
		t.Fatalf("issues = %+v", issues)
	}
	for name, want := range map[string]any{"total_brut": 739.2, "total_heures": 60.0, "nombre": 2} {
		if got := ev.Value(name); !sameValue(got, want) {
			t.Errorf("%s = %#v, want %#v", name, got, want)
		}
	}
	if got := ev.Value("employeurs.nom"); !reflect.DeepEqual(got, []string{"Boulangerie", "Propreté Horizon"}) {
		t.Errorf("employeurs.nom = %v", got)
	}
	rows := ev.Review()[1].Rows
	if len(rows) != 6 || rows[5].Label != "Employeur 2 — Salaire brut" || !strings.HasPrefix(rows[5].Value, "214,20") || rows[5].Key != "employeurs.2.brut" {
		t.Errorf("review rows = %+v", rows)
	}
}

func TestGroupRemoveRenumbers(t *testing.T) {
	p := parseProc(t, groupSteps)
	e := testEngine()
	a := e.Start(p, "")
	e.Post(p, a, p.Step("situation"), map[string]string{"travaille": "true"})
	st, f := p.Step("employeurs"), p.Field("employeurs")
	e.AddItem(p, a, st, nil, "employeurs")
	e.AddItem(p, a, st, nil, "employeurs")
	if n := e.AddItem(p, a, st, nil, "employeurs"); n != -1 {
		t.Errorf("AddItem beyond max = %d, want -1", n)
	}
	form := map[string]string{"employeurs.1.nom": "A", "employeurs.2.nom": "B", "employeurs.3.nom": "C", "employeurs.3.brut": "3"}
	if !e.RemoveItem(p, a, st, form, "employeurs", 1) {
		t.Fatal("RemoveItem refused")
	}
	ev := e.Eval(p, a)
	if ev.Items(f) != 2 || a.Answers["employeurs.2.nom"] != "C" || a.Answers["employeurs.2.brut"] != "3" || a.Answers["employeurs.3.nom"] != "" || a.Answers["employeurs.1.nom"] != "A" {
		t.Errorf("after removing item 2: %d items, answers %v", ev.Items(f), a.Answers)
	}
	e.RemoveItem(p, a, st, map[string]string{"employeurs.1.nom": "A", "employeurs.2.nom": "C"}, "employeurs", 0)
	if e.RemoveItem(p, a, st, map[string]string{"employeurs.1.nom": "C"}, "employeurs", 0) {
		t.Error("RemoveItem under min accepted")
	}
	if a.Answers["employeurs.1.nom"] != "C" {
		t.Errorf("answers = %v", a.Answers)
	}
}

func TestGroupMin(t *testing.T) {
	p := parseProc(t, strings.Replace(groupSteps, "min: 1", "min: 0", 1))
	e := testEngine()
	a := e.Start(p, "")
	e.Post(p, a, p.Step("situation"), map[string]string{"travaille": "true"})
	if issues, ev := e.Post(p, a, p.Step("employeurs"), nil); len(issues) > 0 || fmt.Sprint(ev.Value("total_brut")) != "0" {
		t.Errorf("min 0, no item: issues %+v, total %v", issues, ev.Value("total_brut"))
	}
	p = parseProc(t, strings.Replace(groupSteps, "min: 1", "min: 2", 1))
	a = e.Start(p, "")
	a.Answers["travaille"], a.Answers["employeurs"] = "true", "1" // a scenario may declare fewer items than min
	e.Post(p, a, p.Step("situation"), map[string]string{"travaille": "true"})
	issues, _ := e.Post(p, a, p.Step("employeurs"), map[string]string{"employeurs.1.nom": "A", "employeurs.1.heures": "1", "employeurs.1.brut": "1"})
	want := []engine.Issue{{Field: "employeurs", Key: "group_min", Text: "Déclarez au moins un employeur.", Args: map[string]any{"Min": 2, "Count": 2}}}
	if !reflect.DeepEqual(issues, want) {
		t.Errorf("issues = %+v, want %+v", issues, want)
	}
}

func TestGroupHiddenIsEmpty(t *testing.T) {
	p := parseProc(t, groupSteps)
	e := testEngine()
	a := e.Start(p, "")
	a.Answers["employeurs.1.brut"] = "100"
	_, ev := e.Post(p, a, p.Step("situation"), map[string]string{"travaille": "false"})
	if ev.Value("nombre") != 0 || fmt.Sprint(ev.Value("total_brut")) != "0" {
		t.Errorf("a hidden group has no items: nombre %v, total %v", ev.Value("nombre"), ev.Value("total_brut"))
	}
}

func TestGroupScenarioThreeEmployers(t *testing.T) {
	p := parseProc(t, groupSteps+`scenarios:
  - name: trois employeurs
    answers:
      travaille: oui
      employeurs:
        - {nom: Boulangerie, heures: 42, brut: 525}
        - {nom: Propreté Horizon, heures: 18, brut: 214.2}
        - {nom: Cantine, heures: 10, brut: 120}
    expect:
      reaches: receipt
      values: {total_brut: 859.2, total_heures: 70, nombre: 3}
  - name: un salaire oublié
    answers:
      travaille: oui
      employeurs:
        - {nom: Boulangerie, heures: 42, brut: 525}
        - {nom: Cantine, heures: 10}
    expect:
      stays_on: employeurs
      errors: {employeurs.2.brut: required}
`)
	e := testEngine()
	playAll(t, e, p)
}

func TestGroupProfilePrefills(t *testing.T) {
	p := parseProc(t, groupSteps+`profiles:
  - id: lea
    name: Léa
    story: Deux employeurs ce mois-ci.
    answers:
      travaille: oui
      employeurs:
        - {nom: Boulangerie, heures: 42, brut: 525}
        - {nom: Propreté Horizon, heures: 18, brut: 214.2}
scenarios:
  - name: Léa déclare ses deux employeurs
    profile: lea
    expect: {reaches: receipt, values: {total_brut: 739.2, nombre: 2}}
  - name: Léa oublie un salaire (la liste du scénario remplace celle du profil)
    profile: lea
    answers:
      employeurs:
        - {nom: Boulangerie, heures: 42}
    expect: {stays_on: employeurs, errors: {employeurs.1.brut: required}}
`)
	e := testEngine()
	a := e.Start(p, "lea")
	ev := e.Eval(p, a)
	if ev.Items(p.Field("employeurs")) != 2 || a.Answers["employeurs.2.nom"] != "Propreté Horizon" {
		t.Errorf("the profile's employers are not prefilled: %v", a.Answers)
	}
	playAll(t, e, p)
}
