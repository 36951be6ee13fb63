package engine_test

import (
	"reflect"
	"testing"

	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/procedure"
)

// resultProc has a refusal with the site's wording, a warning that is
// right for one profile and wrong for the other, a prefilled amount, an
// overpayment letter, a request every mover gets, a parcel sent back (a
// status, no letter) and three pitfalls, one of them Sam's story.
const resultProc = `steps:
  - id: identite
    title: Votre identité
    fields:
      - {id: age, type: number, label: Votre âge, min: 18, messages: {min: "L'âge doit être d'au moins 18 ans."}}
      - {id: demenage, type: yesno, label: "Avez-vous déménagé ?"}
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
  - {id: oubli, title: Un salaire oublié, step: ressources, when: salaire < profil.salaire, lesson: Déclarez tous les salaires.}
  - {id: trop, title: Un salaire de trop, when: salaire > profil.salaire}
  - {id: sans_salaire, title: Un trimestre sans salaire, when: salaire == 0}
follow_up:
  events:
    - {id: recue, status: received, after: 0}
    - {id: piece, status: document_requested, after: 1, when: demenage, request: {label: Justificatif, accept: [pdf], max_size: 2}}
    - {id: indu, after: 2, when: salaire < profil.salaire, title: Notification d'indu}
    - {id: retour, status: processing, label: Pli non distribué, after: 3, when: salaire > profil.salaire}
profiles:
  - {id: lea, name: Léa, story: Un salaire., answers: {age: 30, demenage: oui, salaire: 1240, salaire_connu: 1240}}
  - {id: sam, name: Sam, story: Sans salaire., answers: {age: 40, demenage: non, salaire: 0, salaire_connu: 0}}
`

func submitResult(t *testing.T, e *engine.Engine, p *procedure.Procedure, a *engine.Attempt, posts ...map[string]string) *engine.Result {
	t.Helper()
	for _, form := range posts {
		s := p.Steps[0]
		if _, ok := form["salaire"]; ok {
			s = p.Steps[1]
		}
		if issues, _ := e.Post(p, a, s, form); len(issues) > 0 && issues[0].Warn {
			e.Confirm(p, a, s, nil)
		}
	}
	for _, s := range p.Steps {
		if !a.Steps[s.ID].Done {
			e.Post(p, a, s, map[string]string{})
		}
	}
	if err := e.Submit(p, a); err != nil {
		t.Fatalf("submit: %v (%+v)", err, a.Steps)
	}
	r, err := e.Result(p, a)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestExamStartsWithoutTheProfilesAnswers: in an exam the learner looks
// each answer up; only what the site fills itself is there.
func TestExamStartsWithoutTheProfilesAnswers(t *testing.T) {
	p := parseProc(t, resultProc)
	e := testEngine()
	a := e.StartExam(p, "lea")
	want := map[string]string{"salaire": "1240"}
	if a.Mode != engine.ModeExam || a.Profile != "lea" || !reflect.DeepEqual(a.Answers, want) {
		t.Errorf("exam started in %q for %q with %v, want %v", a.Mode, a.Profile, a.Answers, want)
	}
	if g := e.Start(p, "lea"); g.Answers["age"] != "30" {
		t.Errorf("the other modes start with the profile's answers: %v", g.Answers)
	}
}

// TestResultListsEachMistakeByStep: refusals with the site's wording and
// their count, a warning confirmed wrongly, the letter the answers bring
// about, pitfalls fallen into and avoided, and the verdict.
func TestResultListsEachMistakeByStep(t *testing.T) {
	p := parseProc(t, resultProc)
	e := testEngine()
	a := e.StartExam(p, "lea")
	r := submitResult(t, e, p, a,
		map[string]string{"age": "12", "demenage": "oui"},
		map[string]string{"age": "15", "demenage": "oui"},
		map[string]string{"age": "30", "demenage": "oui"},
		map[string]string{"salaire": "0"},
	)
	if r.Verdict != engine.VerdictPractise || len(r.Steps) != 2 {
		t.Fatalf("verdict %q with %d steps: %+v", r.Verdict, len(r.Steps), r.Steps)
	}
	id := r.Steps[0]
	if id.Title != "Votre identité" || len(id.Refused) != 1 {
		t.Fatalf("first step: %+v", id)
	}
	if got := id.Refused[0]; got.Key != "age" || got.Label != "Votre âge" || got.Times != 2 || got.Issue.Text != "L'âge doit être d'au moins 18 ans." {
		t.Errorf("refusal of the age: %+v", got)
	}
	res := r.Steps[1]
	if len(res.Warnings) != 1 || res.Warnings[0].Right || res.Warnings[0].Times != 1 || res.Warnings[0].Text != "Vous déclarez 0\u00a0€\u00a0: êtes-vous sûr\u00a0?" {
		t.Errorf("warning confirmed: %q", res.Warnings[0].Text)
	}
	if res.Warnings[0].Label != "Salaire du trimestre" {
		t.Errorf("the warning points at %q", res.Warnings[0].Label)
	}
	if len(res.Pitfalls) != 1 || res.Pitfalls[0].ID != "oubli" || !res.Pitfalls[0].Fell {
		t.Errorf("pitfalls of the step: %+v", res.Pitfalls)
	}
	if len(r.Pitfalls) != 2 || r.Pitfalls[0].ID != "trop" || r.Pitfalls[0].Fell || !r.Pitfalls[1].Mistake() {
		t.Errorf("pitfalls of no step: %+v", r.Pitfalls)
	}
	// The request every mover gets is no mistake; the overpayment is.
	if len(r.Consequences) != 1 || r.Consequences[0].Event.ID != "indu" || r.Consequences[0].Title != "Notification d'indu" || !r.Consequences[0].Mistake {
		t.Errorf("consequences: %+v", r.Consequences)
	}
	// 2 refusals + 1 warning + 2 pitfalls + 1 letter.
	if r.Mistakes != 6 {
		t.Errorf("%d mistakes, want 6", r.Mistakes)
	}
	if pr := r.Practise(); len(pr) != 2 || pr[0].Step.ID != "identite" || pr[1].Step.ID != "ressources" {
		t.Errorf("to practise: %+v", pr)
	}
}

// TestResultVerdicts: a warning confirmed rightly is no mistake; no
// mistake without help is ready, with help the next try is without it.
func TestResultVerdicts(t *testing.T) {
	p := parseProc(t, resultProc)
	e := testEngine()
	sam := e.StartExam(p, "sam")
	r := submitResult(t, e, p, sam, map[string]string{"age": "40", "demenage": "non"}, map[string]string{"salaire": "0"})
	if r.Mistakes != 0 || r.Verdict != engine.VerdictReady || len(r.Steps) != 1 || !r.Steps[0].Warnings[0].Right {
		t.Errorf("Sam confirms his 0 €: %d mistakes, verdict %q, %+v", r.Mistakes, r.Verdict, r.Steps)
	}
	if pf := r.Pitfalls[1]; pf.ID != "sans_salaire" || !pf.Fell || !pf.Situation || pf.Mistake() {
		t.Errorf("a quarter without salary is Sam's story, no mistake: %+v", pf)
	}

	// With a profile, an event the right answers do not bring is a
	// consequence, even a status without a letter.
	lea := e.Start(p, "lea")
	r = submitResult(t, e, p, lea, map[string]string{"age": "30", "demenage": "oui"}, map[string]string{"salaire": "2000"})
	if len(r.Consequences) != 1 || r.Consequences[0].Event.ID != "retour" || !r.Consequences[0].Mistake || r.Mistakes != 2 {
		t.Errorf("Léa declares too much: %d mistakes, consequences %+v", r.Mistakes, r.Consequences)
	}
	for _, tt := range []struct {
		mode  string
		hints int
		want  string
	}{
		{engine.ModeGuided, 0, engine.VerdictNextMode},
		{engine.ModeAutonomous, 1, engine.VerdictNextMode},
		{engine.ModeAutonomous, 0, engine.VerdictReady},
	} {
		a := e.Start(p, "lea")
		a.Mode, a.HintsUsed = tt.mode, tt.hints
		r := submitResult(t, e, p, a, map[string]string{"age": "30", "demenage": "oui"}, map[string]string{"salaire": "1240"})
		if r.Verdict != tt.want || r.Mistakes != 0 || len(r.Practise()) != 0 || len(r.Consequences) != 0 {
			t.Errorf("%s with %d hints: verdict %q, %d mistakes, %+v", tt.mode, tt.hints, r.Verdict, r.Mistakes, r)
		}
	}
	// Without a profile, a warning confirmed and a pitfall fallen into
	// count; a request is listed but held against nobody.
	a := e.StartExam(p, "")
	r = submitResult(t, e, p, a, map[string]string{"age": "40", "demenage": "oui"}, map[string]string{"salaire": "0"})
	if r.Mistakes != 2 || r.Verdict != engine.VerdictPractise {
		t.Errorf("without a profile: %d mistakes, verdict %q", r.Mistakes, r.Verdict)
	}
	if len(r.Consequences) != 1 || r.Consequences[0].Event.ID != "piece" || r.Consequences[0].Mistake {
		t.Errorf("without a profile, consequences %+v", r.Consequences)
	}
}

// TestSubmitKeepsTheResultInShort: the receipt keeps the verdict, the
// count of mistakes and the pitfalls held against the learner (not the
// person's story), as Result gives them, for the mediator's dashboard.
func TestSubmitKeepsTheResultInShort(t *testing.T) {
	p := parseProc(t, resultProc)
	e := testEngine()
	lea := e.StartExam(p, "lea")
	r := submitResult(t, e, p, lea, map[string]string{"age": "12", "demenage": "oui"}, map[string]string{"age": "30", "demenage": "oui"}, map[string]string{"salaire": "0"})
	want := engine.ResultSummary{Verdict: engine.VerdictPractise, Mistakes: r.Mistakes, Fell: []string{"oubli", "sans_salaire"}}
	if got := lea.Receipt.Summary; !reflect.DeepEqual(got, want) || got.Mistakes != 5 {
		t.Errorf("Léa's receipt keeps %+v, want %+v with 5 mistakes", got, want)
	}
	if c := lea.Clone(); &c.Receipt.Summary.Fell[0] == &lea.Receipt.Summary.Fell[0] {
		t.Error("a clone shares the pitfalls of the receipt's summary")
	}
	sam := e.StartExam(p, "sam")
	submitResult(t, e, p, sam, map[string]string{"age": "40", "demenage": "non"}, map[string]string{"salaire": "0"})
	if got := sam.Receipt.Summary; got.Verdict != engine.VerdictReady || got.Mistakes != 0 || got.Fell != nil {
		t.Errorf("Sam's receipt keeps %+v: his quarter without salary is his story, no mistake", got)
	}
}
