package web

import (
	"net/url"
	"strings"
	"testing"

	"github.com/repetition-demarches/repetition/server/procedure"
)

const warnWebProc = `id: essai-avertissement
title: Essai avertissement
organisation: caf
summary: Une démarche d'essai avec un montant pré-rempli.
duration: 5 min
level: débutant
real: {url: "https://example.fr/", compared: 2026-01-01}
steps:
  - id: revenus
    title: Vos revenus
    fields:
      - {id: montant, type: money, label: Salaires perçus, prefill: salaire_connu}
    checks:
      - id: modifie
        warn: true
        rule: montant == prefilled.montant
        field: montant
        message: "Vous avez modifié un montant pré-rempli : êtes-vous sûr ?"
      - id: net
        warn: true
        rule: montant != 1240 or prefilled.montant != 1240
        field: montant
        message: Ce montant ressemble à un salaire net.
  - id: fin
    title: Fin
    fields:
      - {id: salaire_connu, type: money, label: Salaire connu, required: false}
profiles:
  - id: lea
    name: Léa
    story: Salariée.
    answers: {salaire_connu: 1240}
scenarios:
  - name: Léa garde le montant pré-rempli et confirme qu'il est juste
    profile: lea
    expect: {reaches: receipt, warnings: [net]}
  - name: Léa tape des lettres, change le montant et confirme
    profile: lea
    mistakes:
      - {montant: douze cents}
    answers: {montant: 1300}
    expect: {reaches: review, warnings: [modifie]}
receipt:
  title: Enregistré
  number: T-${ digits(4) }
  next: Fin.
`

func warnApp(t *testing.T) (*testApp, *procedure.Procedure) {
	t.Helper()
	p, problems := procedure.Parse("essai-avertissement.yaml", []byte(warnWebProc))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	return newTestAppWith(t, p), p
}

func TestPrefilledAnswerDrawnAsTextWithModifier(t *testing.T) {
	ta, p := warnApp(t)
	c := ta.client(t)
	page := c.begin(p, "lea")
	at := stepURL(p, p.Step("revenus"))
	for _, want := range []string{`class="prefilled-value" id="f-montant">1`, "240\u00a0€", `<input type="hidden" name="montant" value="1240">`, `href="?modifier=montant#f-montant"`} {
		if !strings.Contains(page.body, want) {
			t.Errorf("pre-filled page lacks %q:\n%s", want, page.body)
		}
	}
	if strings.Contains(page.body, `<input type="text" id="f-montant"`) {
		t.Errorf("pre-filled amount drawn as an input before Modifier")
	}
	if page = c.get(at + "?modifier=montant"); !strings.Contains(page.body, `id="f-montant" name="montant"`) || strings.Contains(page.body, `class="prefilled-value"`) {
		t.Errorf("Modifier does not draw the input:\n%s", page.body)
	}
	// Kept unchanged: a warning about the pre-filled amount itself draws
	// it as an input, so that "Corriger" lands on it.
	res := c.post(at, url.Values{"montant": {"1240"}})
	if res.location != at {
		t.Fatalf("warned about the pre-filled amount: redirected to %q", res.location)
	}
	if page = c.follow(res); !strings.Contains(page.body, "salaire net") || !strings.Contains(page.body, `id="f-montant" name="montant" value="1240"`) || !strings.Contains(page.body, `href="#f-montant">Corriger`) {
		t.Errorf("a warned pre-filled amount is not drawn as an input:\n%s", page.body)
	}
	if res := c.post(at, url.Values{"confirmer": {"1"}}); res.location != stepURL(p, p.Step("fin")) {
		t.Errorf("confirmed: redirected to %q", res.location)
	}
}

// An amount a profile writes 214.2 is drawn 214,20 in its input, as the
// learner would type it; typed back that way, it is still the pre-filled
// amount, drawn as text.
func TestAmountsDrawnWithACommaInInputs(t *testing.T) {
	p, problems := procedure.Parse("essai-avertissement.yaml", []byte(strings.Replace(warnWebProc, "{salaire_connu: 1240}", "{salaire_connu: 214.2}", 1)))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	ta := newTestAppWith(t, p)
	c := ta.client(t)
	c.begin(p, "lea")
	at := stepURL(p, p.Step("revenus"))
	if page := c.get(at + "?modifier=montant"); !strings.Contains(page.body, `name="montant" value="214,20"`) {
		t.Errorf("the amount is not drawn 214,20 in its input:\n%s", page.body)
	}
	if res := c.post(at, url.Values{"montant": {"214,20"}}); res.location != stepURL(p, p.Step("fin")) {
		t.Fatalf("the pre-filled amount typed back with a comma: redirected to %q", res.location)
	}
	if page := c.get(stepURL(p, p.Step("fin"))); !strings.Contains(page.body, `name="salaire_connu" value="214,20"`) {
		t.Errorf("the profile's amount is not drawn 214,20:\n%s", page.body)
	}
	if page := c.get(at); !strings.Contains(page.body, `class="prefilled-value" id="f-montant">214,20`) {
		t.Errorf("typed back as 214,20, the amount is no longer drawn as pre-filled:\n%s", page.body)
	}
}

func TestWarningConfirmGoesOn(t *testing.T) {
	ta, p := warnApp(t)
	c := ta.client(t)
	c.begin(p, "lea")
	at := stepURL(p, p.Step("revenus"))
	res := c.post(at, url.Values{"montant": {"1300"}})
	if res.location != at {
		t.Fatalf("a warning keeps the learner on the step: %q", res.location)
	}
	page := c.follow(res)
	for _, want := range []string{`class="warning-summary" role="alert"`, "êtes-vous sûr", `name="confirmer" value="1"`, ">Confirmer</button>", `href="#f-montant">Corriger</a>`} {
		if !strings.Contains(page.body, want) {
			t.Errorf("warning page lacks %q:\n%s", want, page.body)
		}
	}
	if strings.Contains(page.body, `class="error-summary"`) || strings.Contains(page.body, "Erreur :") {
		t.Errorf("a warning is not drawn as an error")
	}
	// The changed amount is an input again, holding what was typed.
	if !strings.Contains(page.body, `value="1300"`) || strings.Contains(page.body, `class="prefilled-value"`) {
		t.Errorf("the changed amount is not shown as typed")
	}
	res = c.post(at, url.Values{"confirmer": {"1"}})
	if res.location != stepURL(p, p.Step("fin")) {
		t.Fatalf("Confirmer: redirected to %q", res.location)
	}
	a := ta.attemptOf(t, c, p.ID)
	if w := a.Steps["revenus"].Warnings["modifie"]; w.Shown != 1 || w.Confirmed != 1 || a.Answers["montant"] != "1300" {
		t.Errorf("after Confirmer: %+v, answer %q", w, a.Answers["montant"])
	}
	if sc := a.Score(); sc.Warnings != 1 || sc.Errors != 0 {
		t.Errorf("score %+v", sc)
	}
}

func TestWarningsCountedAndOnTheFrictionPage(t *testing.T) {
	ta, p := warnApp(t)
	c := ta.client(t)
	c.begin(p, "lea")
	at := stepURL(p, p.Step("revenus"))
	c.post(at, url.Values{"montant": {"1300"}})
	c.post(at, url.Values{"montant": {"1350"}}) // warned again, for other answers
	c.post(at, url.Values{"confirmer": {"1"}})
	got := counts(t, ta, p.ID)
	if got["revenus/warned/modifie"] != 2 || got["revenus/confirmed/modifie"] != 1 || got["revenus/refused/"] != 0 {
		t.Errorf("counters = %v, want 2 warnings shown and 1 confirmed, no refusal", got)
	}
	page := c.get("/demarches/" + p.ID + "/frictions")
	for _, want := range []string{`id="fr-avertissements"`, `id="fr-confirmes"`, "Vous avez modifié un montant"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("friction page lacks %q", want)
		}
	}
}

func TestConfirmedWarningInExamScoreDashboardAndReport(t *testing.T) {
	ta, p := warnApp(t)
	mediator := ta.client(t)
	dashboard, code := openTraining(t, mediator, newTrainingValues("demarches", p.ID, "mode", "examen"))
	learner := ta.client(t)
	joinTraining(t, learner, code, "Nour")
	learner.get(startURL(p))
	learner.follow(learner.post(startURL(p)+"commencer", url.Values{"profil": {"lea"}, "mode": {"examen"}}))
	at := stepURL(p, p.Step("revenus"))
	learner.post(at, url.Values{"montant": {"1300"}})
	learner.post(at, url.Values{"confirmer": {"1"}})
	learner.post(stepURL(p, p.Step("fin")), url.Values{})
	res := learner.post("/demarches/"+p.ID+"/valider", url.Values{"attestation": {"true"}})
	page := learner.follow(res)
	if words := text(page.body); !strings.Contains(words, "Erreurs en tout : 1.") ||
		!strings.Contains(words, "Avertissement confirmé à tort (1 fois) : il fallait corriger la réponse. Vous avez modifié un montant pré-rempli : êtes-vous sûr ?") {
		t.Errorf("exam receipt: the confirmed warning is not shown, or not counted as a mistake:\n%s", words)
	}
	// Pseudonym, procedure, step, errors, hints, warnings.
	if row := dashboardRow(t, mediator, dashboard, "Nour"); !strings.Contains(row, " 1 0 1 ") {
		t.Errorf("dashboard row %q: want 1 error, 0 hints, 1 warning", row)
	}
	if body := mediator.get(dashboard + "/rapport").body; !strings.Contains(body, "<td>1</td>\n<td>0</td>\n<td>1</td>") {
		t.Errorf("report by learner lacks the warnings column:\n%s", body)
	}
}

func TestWarningScenariosThroughTheWeb(t *testing.T) {
	ta, p := warnApp(t)
	for _, sc := range p.Scenarios {
		t.Run(sc.Name, func(t *testing.T) { playWeb(t, ta, p, sc) })
	}
}

// A repeated field pre-filled from a list (the Caf's salaries, month by
// month) draws each month as text with its own "Modifier".
const repeatWarnWebProc = `id: essai-mois
title: Essai mois pré-remplis
organisation: caf
summary: Une démarche d'essai avec des montants pré-remplis mois par mois.
duration: 5 min
level: débutant
real: {url: "https://example.fr/", compared: 2026-01-01}
steps:
  - id: revenus
    title: Vos revenus
    fields:
      - id: salaires
        type: money
        label: Salaires
        prefill: connus
        repeat: {count: 2, label: "Mois ${ i + 1 }"}
    checks:
      - id: modifie
        warn: true
        rule: salaires[0] == prefilled.salaires[0] and salaires[1] == prefilled.salaires[1]
        field: salaires
        message: "Vous avez modifié un montant pré-rempli : êtes-vous sûr ?"
  - id: fin
    title: Fin
    fields:
      - {id: connus, type: money, label: Connus, required: false, repeat: {count: 2, label: "M ${ i + 1 }"}}
profiles:
  - id: lea
    name: Léa
    story: Salariée.
    answers: {connus: [1240, 980]}
scenarios:
  - name: Léa garde les montants pré-remplis
    profile: lea
    expect: {reaches: receipt}
receipt:
  title: Enregistré
  number: T-${ digits(4) }
  next: Fin.
`

func TestPrefilledRepeatedItemsDrawnAsTextWithModifier(t *testing.T) {
	p, problems := procedure.Parse("essai-mois.yaml", []byte(repeatWarnWebProc))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	ta := newTestAppWith(t, p)
	c := ta.client(t)
	page := c.begin(p, "lea")
	at := stepURL(p, p.Step("revenus"))
	for _, want := range []string{`class="prefilled-value" id="f-salaires-1">1`, `class="prefilled-value" id="f-salaires-2">980`, `<input type="hidden" name="salaires.2" value="980">`, `href="?modifier=salaires.2#f-salaires-2"`} {
		if !strings.Contains(page.body, want) {
			t.Errorf("pre-filled page lacks %q:\n%s", want, page.body)
		}
	}
	// Modifier on the second month draws its input only.
	page = c.get(at + "?modifier=salaires.2")
	if !strings.Contains(page.body, `id="f-salaires-2" name="salaires.2"`) || !strings.Contains(page.body, `class="prefilled-value" id="f-salaires-1"`) {
		t.Errorf("Modifier does not draw the month's input alone:\n%s", page.body)
	}
	// A changed month is warned about; the warned field is drawn as inputs.
	res := c.post(at, url.Values{"salaires.1": {"1240"}, "salaires.2": {"1105"}})
	if res.location != at {
		t.Fatalf("a changed month is not warned about: %q", res.location)
	}
	if page = c.follow(res); !strings.Contains(page.body, "êtes-vous sûr") || !strings.Contains(page.body, `name="salaires.2" value="1105"`) || strings.Contains(page.body, `class="prefilled-value"`) {
		t.Errorf("warned months not drawn as inputs:\n%s", page.body)
	}
}
