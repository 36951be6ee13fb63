package engine_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/procedure"
)

// warnProc pre-fills a monthly income from the profile, warns when it is
// changed, and warns about a net-looking salary.
const warnProc = `values:
  prevu: "salaire_connu * 1"
steps:
  - id: revenus
    title: Vos revenus
    fields:
      - id: montant
        type: money
        label: Montant déclaré
        prefill: salaire_connu
        hints:
          - {after: 1, text: Le montant figure sur votre bulletin.}
          - {after: 2, text: Prenez la ligne « net imposable ».}
    checks:
      - id: pas_negatif
        rule: montant < 100000
        field: montant
        message: Le montant est trop élevé.
      - id: modifie
        warn: true
        rule: montant == prefilled.montant
        field: montant
        message: "Vous avez modifié un montant pré-rempli : êtes-vous sûr ?"
  - id: fin
    title: Fin
    fields:
      - {id: salaire_connu, type: money, label: Salaire connu, required: false}
profiles:
  - id: lea
    name: Léa
    story: Salariée.
    answers: {salaire_connu: 1240}
`

func TestPrefillFromProfile(t *testing.T) {
	p := parseProc(t, warnProc)
	e := testEngine()
	a := e.Start(p, "lea")
	if a.Answers["montant"] != "1240" || a.Prefilled["montant"] != "1240" {
		t.Fatalf("prefill: answers %v, prefilled %v", a.Answers, a.Prefilled)
	}
	if got := e.Eval(p, a).Value("prefilled").(map[string]any)["montant"]; got != 1240.0 {
		t.Errorf("prefilled.montant = %v", got)
	}
	// Kept unchanged, no warning: the step goes through.
	if issues, _ := e.Post(p, a, p.Steps[0], map[string]string{"montant": "1240"}); len(issues) > 0 {
		t.Errorf("unchanged pre-filled amount: %v", issues)
	}
	if e.Start(p, "").Prefilled["montant"] != "0" {
		t.Errorf("no profile: the prefill expression still runs (zero amount)")
	}
}

func TestWarningConfirmAndCorrect(t *testing.T) {
	p := parseProc(t, warnProc)
	e := testEngine()
	a := e.Start(p, "lea")
	s := p.Steps[0]
	issues, _ := e.Post(p, a, s, map[string]string{"montant": "1300"})
	if len(issues) != 1 || !issues[0].Warn || issues[0].Key != "modifie" || !strings.Contains(issues[0].Text, "êtes-vous sûr") {
		t.Fatalf("changed amount: %+v, want the warning", issues)
	}
	if !a.Warned(s) || a.Steps[s.ID].Failures != 0 || a.Steps[s.ID].Warnings["modifie"].Shown != 1 {
		t.Fatalf("a warning is not a refusal: %+v", a.Steps[s.ID])
	}
	// A refusal comes before any warning: the site refuses first.
	if issues, _ := e.Post(p, a, s, map[string]string{"montant": "200000"}); len(issues) != 1 || issues[0].Warn {
		t.Fatalf("refused amount: %+v", issues)
	}
	if a.Warned(s) {
		t.Errorf("a refused step offers no Confirmer")
	}
	// Confirming answers that were not those warned about confirms nothing.
	e.Post(p, a, s, map[string]string{"montant": "1300"})
	issues, _ = e.Confirm(p, a, s, map[string]string{"montant": "1350"})
	if len(issues) != 1 || !issues[0].Warn || a.Steps[s.ID].Warnings["modifie"].Confirmed != 0 {
		t.Fatalf("confirm after a change: %+v, %+v", issues, a.Steps[s.ID])
	}
	issues, _ = e.Confirm(p, a, s, map[string]string{"montant": "1350"})
	if len(issues) > 0 || !a.Steps[s.ID].Done || a.Current != "fin" {
		t.Fatalf("confirm: %+v, state %+v, current %q", issues, a.Steps[s.ID], a.Current)
	}
	w := a.Steps[s.ID].Warnings["modifie"]
	if w.Shown != 3 || w.Confirmed != 1 {
		t.Errorf("warning counts: %+v", w)
	}
	if sc := a.Score(); sc.Warnings != 1 || sc.Errors != 1 {
		t.Errorf("score: %+v, want 1 error and 1 warning confirmed", sc)
	}
	exam := a.Clone()
	exam.Mode = engine.ModeExam
	if sc := exam.Score(); sc.Warnings != 1 || sc.Errors != 2 {
		t.Errorf("exam score: %+v, want the confirmed warning counted as an error", sc)
	}
	// Confirmed for these answers: posted again, the step stays accepted.
	if issues, _ := e.Post(p, a, s, map[string]string{"montant": "1350"}); len(issues) > 0 {
		t.Errorf("confirmed warning asked again: %v", issues)
	}
	// Other answers: asked again.
	if issues, _ := e.Post(p, a, s, map[string]string{"montant": "1400"}); len(issues) != 1 || !issues[0].Warn {
		t.Errorf("changed after confirming: %v, want the warning again", issues)
	}
	c := a.Clone()
	st := c.Steps[s.ID]
	st.Warnings["modifie"] = engine.Warning{}
	if a.Steps[s.ID].Warnings["modifie"].Shown == 0 || c.Prefilled["montant"] != "1240" {
		t.Errorf("Clone shares the warnings")
	}
}

func TestPlayMistakesAndWarnings(t *testing.T) {
	doc := warnProc + `scenarios:
  - name: corrige puis confirme
    profile: lea
    mistakes:
      - {montant: "200000"}
      - {montant: "abc"}
    answers: {montant: 1300}
    expect:
      reaches: review
      warnings: [modifie]
      hints: {montant: 2}
  - name: garde le montant
    profile: lea
    expect: {reaches: review, warnings: []}
  - name: erreur acceptée
    profile: lea
    mistakes:
      - {montant: 1240}
    expect: {reaches: review}
`
	p := parseProc(t, doc)
	e := testEngine()
	o, err := e.Play(p, p.Scenarios[0])
	if err != nil {
		t.Fatal(err)
	}
	if m := engine.Mismatches(p.Scenarios[0], o); len(m) > 0 {
		t.Errorf("scenario with mistakes: %v", m)
	}
	if !slices.Equal(o.Warnings, []string{"modifie"}) || o.Hints["montant"] != 2 {
		t.Errorf("outcome: warnings %v, hints %v", o.Warnings, o.Hints)
	}
	if o, _ := e.Play(p, p.Scenarios[1]); len(engine.Mismatches(p.Scenarios[1], o)) > 0 {
		t.Errorf("unchanged: %v", engine.Mismatches(p.Scenarios[1], o))
	}
	o, _ = e.Play(p, p.Scenarios[2])
	if m := engine.Mismatches(p.Scenarios[2], o); len(m) != 1 || m[0].Key != "mistake_accepted" {
		t.Errorf("a mistake accepted must be reported: %v", m)
	}
	// Expecting a warning that is not met fails.
	sc := *p.Scenarios[1]
	sc.Expect.Warnings = []string{"modifie"}
	if o, _ := e.Play(p, &sc); len(engine.Mismatches(&sc, o)) != 1 {
		t.Errorf("missing warning not reported")
	}
}

func TestWarnLoadProblems(t *testing.T) {
	for doc, want := range map[string]string{
		`steps:
  - id: s
    title: S
    fields:
      - {id: m, type: file, label: F, accept: [pdf], max_size: 1, prefill: "'x'"}
`: "ne peut pas être pré-rempli",
		`steps:
  - id: s
    title: S
    fields:
      - {id: prefilled, type: text, label: T}
`: "nom réservé",
		`steps:
  - id: s
    title: S
    fields:
      - {id: m, type: text, label: T}
    checks:
      - {id: c, rule: "m != ''", message: Non}
scenarios:
  - name: x
    expect: {stays_on: s, warnings: [c], hints: {z: 1}, show_me: [m]}
`: "pas une règle avec warn",
		`steps:
  - id: s
    title: S
    fields:
      - {id: montant, type: text, label: T}
    checks:
      - {id: montant_modifie, warn: true, rule: "montant != ''", message: "Sûr ?"}
scenarios:
  - name: x
    expect: {reaches: review, warnings: [montant_modife]}
`: "(vouliez-vous dire « montant_modifie » ?)",
	} {
		_, problems := procedure.Parse("essai.yaml", []byte(head+doc))
		if !strings.Contains(problemText(problems), want) {
			t.Errorf("want a problem with %q, got:\n%v", want, problems)
		}
	}
}

func problemText(ps []procedure.Problem) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(p.String() + "\n")
	}
	return b.String()
}

// repeatPrefillProc pre-fills a salary per month from the profile's
// employer data, as the Caf does since March 2025.
const repeatPrefillProc = `steps:
  - id: montants
    title: Vos salaires
    fields:
      - id: salaires
        type: money
        cents: false
        label: Salaires
        prefill: "sum(connus) > 0 ? connus : nil"
        repeat: {count: 3, label: "Mois ${ i + 1 }"}
    checks:
      - id: modifie
        warn: true
        rule: all(0..2, salaires[#] == prefilled.salaires[#])
        field: salaires
        message: "Vous avez modifié un montant pré-rempli : êtes-vous sûr ?"
  - id: fin
    title: Fin
    fields:
      - {id: connus, type: money, label: Connu, required: false, repeat: {count: 2, label: "M ${ i + 1 }"}}
profiles:
  - id: lea
    name: Léa
    story: Salariée.
    answers: {connus: [1240, 980]}
`

func TestPrefillRepeated(t *testing.T) {
	p := parseProc(t, repeatPrefillProc)
	e := testEngine()
	a := e.Start(p, "lea")
	if a.Prefilled["salaires.1"] != "1240" || a.Prefilled["salaires.2"] != "980" || a.Answers["salaires.2"] != "980" {
		t.Fatalf("prefill: answers %v, prefilled %v", a.Answers, a.Prefilled)
	}
	if _, ok := a.Prefilled["salaires.3"]; ok {
		t.Errorf("an item past the list is pre-filled: %v", a.Prefilled)
	}
	got := e.Eval(p, a).Value("prefilled").(map[string]any)["salaires"]
	if !slices.Equal(got.([]float64), []float64{1240, 980, 0}) {
		t.Errorf("prefilled.salaires = %v", got)
	}
	s := p.Steps[0]
	if issues, _ := e.Post(p, a, s, map[string]string{"salaires.1": "1240", "salaires.2": "980", "salaires.3": "0"}); len(issues) > 0 {
		t.Errorf("unchanged pre-filled amounts: %v", issues)
	}
	a = e.Start(p, "lea")
	issues, _ := e.Post(p, a, s, map[string]string{"salaires.1": "1240", "salaires.2": "1105", "salaires.3": "0"})
	if len(issues) != 1 || !issues[0].Warn || issues[0].Key != "modifie" {
		t.Errorf("changed item: %+v, want the warning", issues)
	}
	if b := e.Start(p, ""); len(b.Prefilled) != 0 {
		t.Errorf("no profile, nil prefill: %v", b.Prefilled)
	}
}
