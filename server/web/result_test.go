package web

import (
	"net/url"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/repetition-demarches/repetition/server/procedure"
)

// resultProc has a refusal worded by the site, a warning, an amount the
// site prefills, an overpayment letter and two pitfalls.
const resultProc = `id: essai-resultat
title: Déclaration d'essai
organisation: test
summary: Une déclaration d'essai.
duration: 5 min
level: débutant
real: {url: "https://example.fr/", compared: 2026-01-01}
steps:
  - id: identite
    title: Votre identité
    fields:
      - {id: age, type: number, label: Votre âge, min: 18, messages: {min: "L'âge doit être d'au moins 18 ans."}}
  - id: ressources
    title: Vos ressources
    fields:
      - {id: salaire, type: money, label: Salaire du trimestre, prefill: salaire_connu}
    checks:
      - {id: zero, warn: true, rule: salaire > 0, field: salaire, message: "Vous déclarez 0 € : êtes-vous sûr ?"}
  - id: connu
    title: Ce que la Caf sait
    fields:
      - {id: salaire_connu, type: money, label: Salaire connu, required: false}
pitfalls:
  - {id: oubli, title: Un salaire oublié, step: ressources, when: salaire < profil.salaire, lesson: Déclarez tous les salaires du trimestre.}
  - {id: trop, title: Un salaire déclaré deux fois, when: salaire > profil.salaire}
  - {id: salarie, title: Un salaire à déclarer chaque trimestre, when: salaire > 0}
follow_up:
  events:
    - {id: recue, status: received, after: 0}
    - {id: indu, after: 2, when: salaire < profil.salaire, title: Notification d'indu}
profiles:
  - {id: lea, name: Léa, story: Un salaire de 1 240 €., answers: {age: 30, salaire: 1240, salaire_connu: 1240}}
receipt: {title: Déclaration enregistrée, number: "D-${ digits(4) }", next: Fin.}
`

func resultApp(t *testing.T) (*testApp, *procedure.Procedure) {
	t.Helper()
	p, problems := procedure.Parse("essai-resultat.yaml", []byte(resultProc))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	return newTestAppWith(t, p), p
}

// beginIn starts p with Léa in a mode, returning the first step's page.
func beginIn(c *client, p *procedure.Procedure, mode string) response {
	c.get(startURL(p))
	return c.follow(c.post(startURL(p)+"commencer", url.Values{"profil": {"lea"}, "mode": {mode}}))
}

// withMistakes plays p as a learner who types an age the site refuses,
// then declares 0 € and confirms the warning, and returns the receipt.
func withMistakes(c *client, p *procedure.Procedure) response {
	c.postStep(p, "identite", url.Values{"age": {"12"}})
	c.postStep(p, "identite", url.Values{"age": {"30"}})
	c.postStep(p, "ressources", url.Values{"salaire": {"0"}})
	c.post(stepURL(p, p.Step("ressources")), url.Values{"confirmer": {"1"}})
	c.postStep(p, "connu", url.Values{})
	return c.follow(c.post("/demarches/"+p.ID+"/valider", url.Values{}))
}

// TestExamStartsWithoutTheProfilesAnswers: the exam's learner looks the
// answers up in the papers; the amount the site fills itself is there.
func TestExamStartsWithoutTheProfilesAnswers(t *testing.T) {
	ta, p := resultApp(t)
	exam := ta.client(t)
	page := beginIn(exam, p, "examen")
	if strings.Contains(page.body, `value="30"`) {
		t.Error("the exam's first step shows the profile's age")
	}
	a := ta.attemptOf(t, exam, p.ID)
	if a.Mode != "examen" || a.Answers["age"] != "" || a.Answers["salaire_connu"] != "" || a.Answers["salaire"] != "1240" {
		t.Errorf("the exam starts with %v in mode %q", a.Answers, a.Mode)
	}
	guided := ta.client(t)
	if page := beginIn(guided, p, "guide"); !strings.Contains(page.body, `value="30"`) {
		t.Error("guided mode lost the profile's answers")
	}
}

// TestExamResultListsEachMistake: the receipt of an exam lists, by step,
// the refusal in the site's words, the warning confirmed wrongly, the
// pitfall, the letter, and says plainly what to practise, without
// "Bravo"; in English the guide's words change, the site's stay French.
func TestExamResultListsEachMistake(t *testing.T) {
	ta, p := resultApp(t)
	c := ta.client(t)
	beginIn(c, p, "examen")
	receipt := withMistakes(c, p)
	words := text(receipt.body)
	for _, want := range []string{
		"Résultat de l'examen",
		"Erreurs en tout : 4.", // a refusal, a warning, a pitfall, a letter
		"Pas encore : avant de faire la démarche pour de vrai, entraînez-vous encore sur ces étapes : Votre identité Votre âge Vos ressources Salaire du trimestre Un salaire oublié",
		"Étape par étape Votre identité Réponse refusée par le site (1 fois) : Votre âge L'âge doit être d'au moins 18 ans.",
		"Vos ressources Avertissement confirmé à tort (1 fois) : il fallait corriger la réponse. Vous déclarez 0 € : êtes-vous sûr ?", // text() makes no-break spaces plain
		"Piège où vos réponses sont tombées : Un salaire oublié Déclarez tous les salaires du trimestre.",
		"Ce que vos réponses auraient entraîné pour de vrai : Notification d'indu",
		"Les pièges de cette démarche Piège évité : Un salaire déclaré deux fois",
	} {
		if !strings.Contains(words, want) {
			t.Errorf("the exam's result does not say %q:\n%s", want, words)
		}
	}
	if strings.Contains(words, "Bravo") {
		t.Error("Bravo after mistakes")
	}
	if !strings.Contains(receipt.body, `<q lang="fr" dir="ltr">L&#39;âge doit être d&#39;au moins 18 ans.</q>`) {
		t.Error("the site's wording is not marked as French")
	}

	c.get("/langue/en")
	words = text(c.get(receiptURL(p)).body)
	for _, want := range []string{
		"Your exam result",
		"Mistakes in all: 4.",
		"Not yet: before doing the procedure for real, practise these steps again: Votre identité Votre âge",
		"Answer refused by the site (once): Votre âge L'âge doit être d'au moins 18 ans.",
		"Warning confirmed wrongly (once)",
		"What your answers would have led to for real: Notification d'indu",
	} {
		if !strings.Contains(words, want) {
			t.Errorf("in English, the exam's result does not say %q:\n%s", want, words)
		}
	}
	if strings.Contains(words, "Well done") {
		t.Error("Well done after mistakes")
	}
	c.get("/langue/ar")
	if words = text(c.get(receiptURL(p)).body); !strings.Contains(words, "نتيجة الامتحان") || !strings.Contains(words, "L'âge doit être d'au moins 18 ans.") {
		t.Errorf("in Arabic, no result:\n%s", words)
	}
}

// TestGuidedResultIsGentler: the same mistakes in guided mode end with
// the same summary in gentler words; no mistake, and "Bravo" comes back
// with the advice to try without the tips.
func TestGuidedResultIsGentler(t *testing.T) {
	ta, p := resultApp(t)
	c := ta.client(t)
	beginIn(c, p, "guide")
	words := text(withMistakes(c, p).body)
	for _, want := range []string{
		"L'exercice est terminé",
		"Points à revoir : 4.",
		"Encore un peu d'entraînement : avant de faire la démarche pour de vrai, refaites l'exercice en faisant attention à ces étapes : Votre identité Votre âge",
		"Le site a refusé cette réponse (1 fois), puis vous l'avez corrigée : Votre âge L'âge doit être d'au moins 18 ans.",
		"Vous avez confirmé cet avertissement (1 fois) ; il valait mieux corriger la réponse.",
		"Pour de vrai, ces réponses auraient entraîné : Notification d'indu",
	} {
		if !strings.Contains(words, want) {
			t.Errorf("the guided result does not say %q:\n%s", want, words)
		}
	}
	for _, no := range []string{"Bravo", "Résultat de l'examen", "Pas encore"} {
		if strings.Contains(words, no) {
			t.Errorf("the guided result says %q after mistakes", no)
		}
	}
	c.get("/langue/en")
	words = text(c.get(receiptURL(p)).body)
	for _, want := range []string{"The exercise is finished", "A little more practice", "The site refused this answer once, then you corrected it"} {
		if !strings.Contains(words, want) {
			t.Errorf("in English, the guided result does not say %q:\n%s", want, words)
		}
	}

	right := ta.client(t)
	beginIn(right, p, "guide")
	right.postStep(p, "identite", url.Values{"age": {"30"}})
	right.postStep(p, "ressources", url.Values{"salaire": {"1240"}})
	right.postStep(p, "connu", url.Values{"salaire_connu": {"1240"}})
	words = text(right.follow(right.post("/demarches/"+p.ID+"/valider", url.Values{})).body)
	for _, want := range []string{"Bravo, l'exercice est terminé", "Aucune erreur, avec l'aide des conseils.", "Piège évité : Un salaire oublié",
		"Piège de la situation de la personne (pas une erreur de votre part) : Un salaire à déclarer chaque trimestre"} {
		if !strings.Contains(words, want) {
			t.Errorf("the guided result without mistakes does not say %q:\n%s", want, words)
		}
	}

	exam := ta.client(t)
	beginIn(exam, p, "examen")
	exam.postStep(p, "identite", url.Values{"age": {"30"}})
	exam.postStep(p, "ressources", url.Values{"salaire": {"1240"}})
	exam.postStep(p, "connu", url.Values{})
	words = text(exam.follow(exam.post("/demarches/"+p.ID+"/valider", url.Values{})).body)
	if !strings.Contains(words, "Aucune erreur, sans aucune aide : vous pouvez faire la démarche pour de vrai.") || strings.Contains(words, "Erreurs en tout") {
		t.Errorf("an exam without mistakes:\n%s", words)
	}
}

// TestReceiptShowsOneResult: the end of an exercise, in every mode and
// language, gives its mistakes once, in the result; the older score
// (mode, mistakes corrected, warnings confirmed, help, time) beside it
// counted the same mistakes another way.
func TestReceiptShowsOneResult(t *testing.T) {
	ta, p := resultApp(t)
	for _, mode := range []string{"guide", "autonome", "examen"} {
		c := ta.client(t)
		beginIn(c, p, mode)
		withMistakes(c, p)
		for _, tc := range []struct {
			lang, count string
			old         []string
		}{
			{"fr", map[bool]string{true: "Erreurs en tout : 4.", false: "Points à revoir : 4."}[mode == "examen"],
				[]string{"Erreurs corrigées", "Avertissements confirmés", "Aides demandées", "Temps"}},
			{"en", map[bool]string{true: "Mistakes in all: 4.", false: "Points to look at again: 4."}[mode == "examen"],
				[]string{"Mistakes corrected", "Warnings confirmed", "Help asked for", "Time"}},
		} {
			c.get("/langue/" + tc.lang)
			body := c.get(receiptURL(p)).body
			if n := strings.Count(body, `<div class="result" id="resultat">`); n != 1 {
				t.Errorf("%s, %s: %d results on the receipt, want 1", mode, tc.lang, n)
			}
			if strings.Contains(body, `class="facts score"`) {
				t.Errorf("%s, %s: the receipt still shows the old score beside the result", mode, tc.lang)
			}
			words := text(body)
			if n := strings.Count(words, tc.count); n != 1 {
				t.Errorf("%s, %s: %q said %d times, want once:\n%s", mode, tc.lang, tc.count, n, words)
			}
			for _, old := range tc.old {
				if strings.Contains(body, "<dt>"+old+"</dt>") {
					t.Errorf("%s, %s: the receipt still says %q", mode, tc.lang, old)
				}
			}
		}
	}
}

// resultTranslations translate two of resultProc's pitfalls into English
// and one into Arabic; the third stays French.
var resultTranslations = map[string]string{
	"en": `pitfalls:
  oubli: {title: A forgotten salary, lesson: Declare every salary of the quarter.}
  trop: {title: A salary declared twice}
`,
	"ar": `pitfalls:
  oubli: {title: راتب منسي, lesson: صرّح بكل رواتب الأشهر الثلاثة.}
`,
}

// TestResultPitfallsInTheLearnersLanguage: the pitfalls of the result are
// the guide's words: in the learner's language when the procedure's
// translation has them, marked with that language, and in French, marked
// French, otherwise (an untranslated pitfall, or a learner who reads French).
func TestResultPitfallsInTheLearnersLanguage(t *testing.T) {
	files := fstest.MapFS{"p/essai-resultat.yaml": {Data: []byte(resultProc)}}
	for lang, doc := range resultTranslations {
		files["p/essai-resultat."+lang+".yaml"] = &fstest.MapFile{Data: []byte(doc)}
	}
	procs, problems := procedure.Load(files, "p")
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	p := procs[0]
	ta := newTestAppWith(t, p)
	c := ta.client(t)
	beginIn(c, p, "examen")
	withMistakes(c, p)

	c.get("/langue/en")
	en := c.get(receiptURL(p)).body
	words := text(en)
	for _, want := range []string{
		"practise these steps again: Votre identité Votre âge Vos ressources Salaire du trimestre A forgotten salary",
		"Pitfall your answers fell into: A forgotten salary Declare every salary of the quarter.",
		"Pitfall avoided: A salary declared twice",
		"Pitfall avoided: Un salaire à déclarer chaque trimestre",
	} {
		if !strings.Contains(words, want) {
			t.Errorf("in English, the result does not say %q:\n%s", want, words)
		}
	}
	for _, want := range []string{
		`<li lang="en" dir="ltr">A forgotten salary</li>`,
		`<span lang="en" dir="ltr">A forgotten salary</span> <span lang="en" dir="ltr">Declare every salary of the quarter.</span>`,
		`<span lang="fr" dir="ltr">Un salaire à déclarer chaque trimestre</span>`,
	} {
		if !strings.Contains(en, want) {
			t.Errorf("in English, the result has no %s", want)
		}
	}
	if strings.Contains(words, "Un salaire oublié") {
		t.Error("in English, a translated pitfall is still in French")
	}

	c.get("/langue/ar")
	if ar := c.get(receiptURL(p)).body; !strings.Contains(ar, `<span lang="ar" dir="rtl">راتب منسي</span> <span lang="ar" dir="rtl">صرّح بكل رواتب الأشهر الثلاثة.</span>`) ||
		!strings.Contains(ar, `<span lang="fr" dir="ltr">Un salaire déclaré deux fois</span>`) {
		t.Errorf("in Arabic, the pitfalls are not in Arabic where translated, French elsewhere:\n%s", text(ar))
	}

	c.get("/langue/fr")
	if words := text(c.get(receiptURL(p)).body); !strings.Contains(words, "Piège où vos réponses sont tombées : Un salaire oublié Déclarez tous les salaires du trimestre.") {
		t.Errorf("in French, the pitfalls are not the procedure's own words:\n%s", words)
	}
}
