package engine_test

import (
	"maps"
	"reflect"
	"slices"
	"testing"

	"github.com/repetition-demarches/repetition/server/engine"
)

// ownProc pre-fills the salaries the employer declared, and knows the
// pension: a learner without a profile gives both on vos_donnees.
const ownProc = `values:
  double: sum(salaires) * 2
steps:
  - id: revenus
    title: Vos revenus
    fields:
      - id: types
        type: checkbox
        label: Vous avez reçu
        options:
          - {value: salaires, label: Des salaires}
          - {value: pension, label: Une pension}
      - id: salaires
        type: money
        when: '"salaires" in types'
        label: Salaires
        prefill: "sum(salaires) > 0 ? salaires : nil"
        repeat: {count: 2, label: "Mois ${ i + 1 }"}
      - id: pension
        type: money
        when: '"pension" in types'
        label: Pension
        repeat: {count: 2, label: "Mois ${ i + 1 }"}
pitfalls:
  - {id: pension_oubliee, title: Pension oubliée, when: sum(pension) < sum(profil.pension)}
  - {id: salaire_modifie, title: Salaire modifié, when: "sum(prefilled.salaires) > 0 and any(0..1, salaires[#] != prefilled.salaires[#])"}
  - {id: double_connu, title: Valeur calculée du profil, when: profil.double == 4200}
vos_donnees:
  intro: Ce que l'administration sait de vous.
  fields:
    - id: salaires
      type: money
      label: Salaire versé sur votre compte
      repeat: {count: 2, label: "Mois ${ i + 1 }"}
    - id: pension
      type: money
      required: false
      label: Pension reçue
      repeat: {count: 2, label: "Mois ${ i + 1 }"}
scenarios:
  - name: Sans profil, la pension oubliée et un salaire changé
    vos_donnees: {salaires: [1000, 1100], pension: [150, 150]}
    answers: {types: [salaires], salaires: [1000, 900]}
    expect:
      reaches: receipt
      pitfalls: [double_connu, pension_oubliee, salaire_modifie]
  - name: Sans profil, tout déclaré comme l'administration le sait
    vos_donnees: {salaires: [1000, 1100], pension: [150, 150]}
    answers: {types: [salaires, pension], pension: [150, 150]}
    expect:
      reaches: receipt
      pitfalls: [double_connu]
`

var ownGiven = map[string]string{"salaires.1": "1000", "salaires.2": "1100", "pension.1": "150", "pension.2": "150"}

func fell(ev *engine.Eval) []string {
	var out []string
	for _, o := range ev.Pitfalls() {
		if o.Fell {
			out = append(out, o.ID)
		}
	}
	return out
}

func TestOwnDataFeedsPrefillAndProfil(t *testing.T) {
	p := parseProc(t, ownProc)
	e := testEngine()
	a := e.Start(p, "")
	if len(a.Prefilled) > 0 || a.Own != nil {
		t.Fatalf("before vos_donnees: prefilled %v, own %v", a.Prefilled, a.Own)
	}

	// A refused answer: nothing is pre-filled, the issue is kept for the page.
	bad := maps.Clone(ownGiven)
	bad["salaires.2"] = "mille"
	issues := e.GiveOwn(p, a, bad)
	if len(issues) != 1 || issues[0].Field != "salaires.2" || issues[0].Key != "format" || !reflect.DeepEqual(a.OwnIssues, issues) {
		t.Fatalf("refused vos_donnees: issues %v, kept %v", issues, a.OwnIssues)
	}
	if len(a.Prefilled) > 0 {
		t.Errorf("pre-filled from refused answers: %v", a.Prefilled)
	}

	if issues := e.GiveOwn(p, a, ownGiven); issues != nil || a.OwnIssues != nil {
		t.Fatalf("valid vos_donnees refused: %v", issues)
	}
	want := map[string]string{"salaires.1": "1000", "salaires.2": "1100"}
	if !reflect.DeepEqual(a.Prefilled, want) || !reflect.DeepEqual(a.Answers, want) {
		t.Fatalf("prefill from vos_donnees: prefilled %v, answers %v; want %v", a.Prefilled, a.Answers, want)
	}
	if !reflect.DeepEqual(a.Own, ownGiven) {
		t.Errorf("own = %v, want %v", a.Own, ownGiven)
	}
	c := a.Clone()
	c.Own["pension.1"] = "0"
	if a.Own["pension.1"] != "150" {
		t.Errorf("Clone shares Own")
	}

	// The salaries kept, the pension left out: profil.pension is the
	// pension given on vos_donnees, profil.double a value computed from them.
	if issues, _ := e.Post(p, a, p.Steps[0], map[string]string{"types": "salaires", "salaires.1": "1000", "salaires.2": "1100"}); len(issues) > 0 {
		t.Fatalf("post: %v", issues)
	}
	if got, want := fell(e.Eval(p, a)), []string{"pension_oubliee", "double_connu"}; !slices.Equal(got, want) {
		t.Errorf("pitfalls = %v, want %v", got, want)
	}

	// Given again with another salary: the pre-fill follows, except
	// where the learner changed it.
	a.Answers["salaires.1"] = "990"
	again := maps.Clone(ownGiven)
	again["salaires.1"], again["salaires.2"] = "1200", "1300"
	e.GiveOwn(p, a, again)
	if a.Answers["salaires.1"] != "990" || a.Answers["salaires.2"] != "1300" || a.Prefilled["salaires.1"] != "1200" {
		t.Errorf("given again: answers %v, prefilled %v", a.Answers, a.Prefilled)
	}
}

func TestOwnDataSkipped(t *testing.T) {
	p := parseProc(t, ownProc)
	e := testEngine()
	// Skipped: nothing is pre-filled, and profil holds the learner's own
	// answers, so that the pension cannot be forgotten.
	a := e.Start(p, "")
	if issues, _ := e.Post(p, a, p.Steps[0], map[string]string{"types": "salaires", "salaires.1": "1000", "salaires.2": "1100"}); len(issues) > 0 {
		t.Fatalf("post: %v", issues)
	}
	if got := fell(e.Eval(p, a)); !slices.Equal(got, []string{"double_connu"}) {
		t.Errorf("pitfalls without vos_donnees = %v, want [double_connu]", got)
	}
	// An exam pre-fills from vos_donnees too.
	x := e.StartExam(p, "")
	e.GiveOwn(p, x, ownGiven)
	if x.Mode != engine.ModeExam || x.Prefilled["salaires.2"] != "1100" {
		t.Errorf("exam: mode %s, prefilled %v", x.Mode, x.Prefilled)
	}
}

func TestOwnDataScenarios(t *testing.T) {
	playAll(t, testEngine(), parseProc(t, ownProc))
}
