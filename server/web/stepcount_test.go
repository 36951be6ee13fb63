package web

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/repetition-demarches/repetition/server/procedure"
)

// countProc has steps that appear and disappear with the answers: one
// shown only with children, one only for non-salaried people, and an exit
// step that ends the procedure early.
const countProc = `id: essai-etapes
title: Essai d'étapes
organisation: caf
summary: Des étapes qui apparaissent selon les réponses.
duration: 5 min
level: débutant
real: {url: "https://example.fr/", compared: 2026-01-01}
steps:
  - id: foyer
    title: Votre foyer
    fields:
      - {id: enfants, type: yesno, label: "Avez-vous des enfants ?"}
  - id: nombre
    title: Vos enfants
    when: enfants
    fields:
      - {id: nb, type: number, label: Nombre d'enfants}
  - id: trop
    title: Trop d'enfants
    when: nb > 20
    exit: true
    intro: Ce n'est pas possible.
  - id: travail
    title: Votre travail
    fields:
      - {id: salarie, type: yesno, label: "Êtes-vous salarié ?"}
  - id: motif
    title: Votre situation
    when: not salarie
    fields:
      - {id: motif, type: text, label: Votre situation}
  - id: fin
    title: Pour finir
    fields:
      - {id: nom, type: text, label: Votre nom}
receipt:
  title: Enregistré
  number: T-${ digits(4) }
  next: Fin.
`

var stepCountRE = regexp.MustCompile(`Étape (\d+) sur (\d+)`)

// TestStepCountIsStable walks a procedure whose conditional steps appear
// and disappear: "Étape N sur M" goes up by one at each page, N never
// passes M, the total never grows (a step that may still apply is counted
// until the answers rule it out) and the last page is "M sur M".
func TestStepCountIsStable(t *testing.T) {
	p, problems := procedure.Parse("essai-etapes.yaml", []byte(countProc))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	ta := newTestAppWith(t, p)
	for _, answers := range []map[string]string{
		{"enfants": "oui", "nb": "2", "salarie": "oui", "nom": "Kevin"},
		{"enfants": "non", "salarie": "oui", "nom": "Kevin"},
		{"enfants": "oui", "nb": "2", "salarie": "non", "motif": "chômage", "nom": "Kevin"},
		{"enfants": "non", "salarie": "non", "motif": "chômage", "nom": "Kevin"},
	} {
		t.Run(fmt.Sprint(answers), func(t *testing.T) {
			c := ta.client(t)
			page := c.begin(p, "")
			lastN, lastM := 0, 1<<30
			for range len(p.Steps) {
				m := stepCountRE.FindStringSubmatch(page.body)
				if m == nil {
					t.Fatalf("no step count on the page:\n%s", page.body)
				}
				n, total := atoi(m[1]), atoi(m[2])
				if n != lastN+1 || total > lastM || n > total {
					t.Errorf("%q after %d sur %d", m[0], lastN, lastM)
				}
				lastN, lastM = n, total
				st := stepOfBody(p, page.body)
				if st == nil {
					t.Fatalf("no step form on the page:\n%s", page.body)
				}
				res := c.post(stepURL(p, st), stepForm(st, answers))
				if res.location == reviewURL(p) {
					if n != total {
						t.Errorf("the last step is %q", m[0])
					}
					return
				}
				page = c.follow(res)
			}
			t.Fatal("the walk never reached the review")
		})
	}
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// stepOfBody is the step whose form the page shows.
func stepOfBody(p *procedure.Procedure, body string) *procedure.Step {
	for _, st := range p.Steps {
		if strings.Contains(body, `action="`+stepURL(p, st)+`"`) {
			return st
		}
	}
	return nil
}

// TestDashboardStepCountIsTheLearners: the mediator's dashboard gives the
// learner's step as the learner's page counts it ("Étape N sur M" is
// "(N/M)"), not as a position among all the steps written.
func TestDashboardStepCountIsTheLearners(t *testing.T) {
	ta := newTrainingApp(t)
	p := ta.proc(t, cafID)
	mediator := ta.client(t)
	dashboard, code := openTraining(t, mediator, newTrainingValues("profils", cafID+"/kevin", "attribution", "attribue"))
	a := ta.client(t)
	joinTraining(t, a, code, "Étoile")
	page := a.follow(a.post(startURL(p)+"commencer", url.Values{"profil": {"kevin"}}))
	answers := profileAnswers(t, ta, p, "kevin")
	answers["mot_de_passe"] = kevinPassword
	for range 4 {
		st := stepOfBody(p, page.body)
		count := stepCountRE.FindStringSubmatch(page.body)
		if st == nil || count == nil {
			t.Fatalf("no step page:\n%s", page.body)
		}
		want := "(" + count[1] + "/" + count[2] + ")"
		if row := dashboardRow(t, mediator, dashboard, "Étoile"); !strings.Contains(row, want) {
			t.Errorf("the learner reads %q, the dashboard row says: %s", count[0], row)
		}
		page = a.follow(a.postStep(p, st.ID, stepForm(st, answers)))
	}
}
