package engine_test

import (
	"strings"
	"testing"

	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/procedure"
)

const pitfallProc = `steps:
  - id: achat
    title: Votre achat
    fields:
      - {id: date_achat, type: date, label: "Date de l'achat"}
      - {id: salaire, type: money, label: Salaire, prefill: "1240"}
pitfalls:
  - id: achat_ancien
    title: Un achat déclaré plus d'un mois après
    step: achat
    when: addDays(date_achat, 30) < today()
  - id: montant_change
    title: Un montant pré-rempli changé
    when: salaire != prefilled.salaire
scenarios:
  - name: un achat récent, le montant gardé
    today: 2026-03-30
    answers: {date_achat: 2026-03-10}
    expect: {reaches: receipt, pitfalls: []}
  - name: un achat ancien, le montant changé
    today: 2026-03-30
    answers: {date_achat: 2026-01-10, salaire: 1100}
    expect: {reaches: receipt, pitfalls: [montant_change, achat_ancien]}
`

// The pitfalls fallen into are computed from the answers, and a scenario
// that expects others fails, naming both lists.
func TestPitfallsFromTheAnswers(t *testing.T) {
	p := parseProc(t, pitfallProc)
	e := testEngine()
	for _, sc := range p.Scenarios {
		o := play(t, e, p, sc)
		sc.Expect.Pitfalls = []string{"achat_ancien"}
		m := engine.Mismatches(sc, o)
		if len(m) != 1 || m[0].Key != "pitfalls_differ" {
			t.Errorf("%s: expecting only achat_ancien gives %v", sc.Name, m)
		}
	}
	a := e.Start(p, "")
	a.Answers["date_achat"] = "01/01/2020"
	var fell []string
	for _, o := range e.Eval(p, a).Pitfalls() {
		if o.Fell {
			fell = append(fell, o.ID)
		}
	}
	if strings.Join(fell, ",") != "achat_ancien" {
		t.Errorf("fell into %v, want [achat_ancien]", fell)
	}
}

func TestPitfallProblems(t *testing.T) {
	doc := strings.Replace(pitfallProc, "    step: achat\n", "    step: achats\n", 1)
	doc = strings.Replace(doc, "  - id: montant_change\n", "  - id: achat_ancien\n", 1)
	doc = strings.Replace(doc, "pitfalls: [montant_change, achat_ancien]", "pitfalls: [achat_vieux]", 1)
	_, problems := procedure.Parse("essai.yaml", []byte(head+doc))
	var keys []string
	for _, pr := range problems {
		keys = append(keys, pr.Key)
	}
	for _, want := range []string{"pitfall.step", "pitfall.duplicate", "pitfall.expect_unknown"} {
		if !strings.Contains(strings.Join(keys, " "), want) {
			t.Errorf("no %s problem among %v", want, problems)
		}
	}
}

// A mistake the site refuses is a pitfall too: refused.ID is the failure
// key of the field's last refused answer.
func TestPitfallFromARefusal(t *testing.T) {
	p := parseProc(t, `steps:
  - id: connexion
    title: Connexion
    fields:
      - {id: nir, type: nir, label: NIR, provisional: refuse}
pitfalls:
  - id: provisoire
    title: Un numéro provisoire
    when: refused.nir == "provisional"
scenarios:
  - name: un numéro provisoire
    answers: {nir: 7 98 04 99 352 014}
    expect: {stays_on: connexion, errors: {nir: provisional}, pitfalls: [provisoire]}
  - name: un numéro avec sa clé
    answers: {nir: 1 95 03 69 123 456 78}
    expect: {stays_on: connexion, errors: {nir: with_key}, pitfalls: []}
  - name: un numéro valable
    answers: {nir: 1 95 03 69 123 456}
    expect: {reaches: receipt, pitfalls: []}
`)
	e := testEngine()
	playAll(t, e, p)
}
