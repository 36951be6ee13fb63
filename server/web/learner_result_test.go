package web

import (
	"crypto/rand"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/repetition-demarches/repetition/server/procedure"
)

// TestMediatorSeesTheLearnersResult: once a learner has finished, the
// dashboard's row says whether they can do it for real and how many
// points to look at again, live too; their page adds the pitfalls their
// answers fell into, in the mediator's language. Another training's
// dashboard does not reach them.
func TestMediatorSeesTheLearnersResult(t *testing.T) {
	p, problems := procedure.Parse("essai-resultat.yaml", []byte(resultProc))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	ta := newTestAppFull(t, []*procedure.Procedure{p}, func(c *Config) { c.Random = rand.Reader })
	m := ta.client(t)
	dashboard, code := openTraining(t, m, url.Values{"demarches": {p.ID}, "mode": {"examen"}, "duree": {"60"}, "bloque": {"5"}, "attribution": {"libre"}})
	res, err := http.Get(serve(t, ta) + dashboard + "/flux")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	events := readEvents(res.Body)
	waitEvent(t, events, "rows", "Personne n&#39;a encore rejoint")

	nour := ta.client(t)
	joinTraining(t, nour, code, "Nour")
	beginIn(nour, p, "examen")
	if row := dashboardRow(t, m, dashboard, "Nour"); strings.Contains(row, "À entraîner encore") {
		t.Fatalf("a result before the end: %s", row)
	}
	withMistakes(nour, p) // a refusal, a warning, a pitfall, a letter
	waitEvent(t, events, "learner", "À entraîner encore (4 points à revoir)")
	if row := dashboardRow(t, m, dashboard, "Nour"); !strings.Contains(row, "Terminé À entraîner encore (4 points à revoir)") {
		t.Errorf("Nour's row: %s", row)
	}
	learner := dashboard + "/apprenants/" + learnerIDOf(t, m, dashboard, "Nour")
	words := text(m.get(learner).body)
	if want := "Résultat Pas encore : à entraîner encore avant de faire la démarche pour de vrai. 4 points à revoir. Pièges où ses réponses sont tombées : Un salaire oublié"; !strings.Contains(words, want) {
		t.Errorf("Nour's page does not say %q:\n%s", want, words)
	}

	sam := ta.client(t)
	joinTraining(t, sam, code, "Sam")
	beginIn(sam, p, "examen")
	sam.postStep(p, "identite", url.Values{"age": {"30"}})
	sam.postStep(p, "ressources", url.Values{"salaire": {"1240"}})
	sam.postStep(p, "connu", url.Values{})
	sam.follow(sam.post("/demarches/"+p.ID+"/valider", url.Values{}))
	if row := dashboardRow(t, m, dashboard, "Sam"); !strings.Contains(row, "Terminé Peut le faire pour de vrai") || strings.Contains(row, "à revoir") {
		t.Errorf("Sam's row: %s", row)
	}
	words = text(m.get(dashboard + "/apprenants/" + learnerIDOf(t, m, dashboard, "Sam")).body)
	if !strings.Contains(words, "Aucune erreur, sans aide : peut faire la démarche pour de vrai.") || strings.Contains(words, "Pièges où") {
		t.Errorf("Sam's page:\n%s", words)
	}

	m.get("/langue/en")
	if row := dashboardRow(t, m, dashboard, "Nour"); !strings.Contains(row, "Finished Needs more practice (4 points to look at again)") {
		t.Errorf("Nour's row in English: %s", row)
	}
	words = text(m.get(learner).body)
	if want := "Result Not yet: needs more practice before doing the procedure for real. 4 points to look at again. Pitfalls their answers fell into: Un salaire oublié"; !strings.Contains(words, want) {
		t.Errorf("Nour's page in English does not say %q:\n%s", want, words)
	}

	// Only this training's dashboard leads to Nour.
	other, _ := openTraining(t, ta.client(t), url.Values{"demarches": {p.ID}, "mode": {"examen"}, "duree": {"60"}, "bloque": {"5"}, "attribution": {"libre"}})
	if r := m.get(other + strings.TrimPrefix(learner, dashboard)); r.status != http.StatusNotFound || strings.Contains(r.body, "Un salaire oublié") {
		t.Errorf("another training's dashboard reaches Nour: %d", r.status)
	}
}

// TestReportCarriesEachLearnersResult: the session's report, printed or
// as CSV, says for each learner who finished whether they can do it for
// real, how many points to look at again and which pitfalls their
// answers fell into; a learner still on the way has none.
func TestReportCarriesEachLearnersResult(t *testing.T) {
	p, problems := procedure.Parse("essai-resultat.yaml", []byte(resultProc))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	ta := newTestAppFull(t, []*procedure.Procedure{p}, func(c *Config) { c.Random = rand.Reader })
	m := ta.client(t)
	dashboard, code := openTraining(t, m, url.Values{"demarches": {p.ID}, "mode": {"examen"}, "duree": {"60"}, "bloque": {"5"}, "attribution": {"libre"}})

	nour := ta.client(t)
	joinTraining(t, nour, code, "Nour")
	beginIn(nour, p, "examen")
	withMistakes(nour, p)
	sam := ta.client(t)
	joinTraining(t, sam, code, "Sam")
	beginIn(sam, p, "examen")
	sam.postStep(p, "identite", url.Values{"age": {"30"}})
	sam.postStep(p, "ressources", url.Values{"salaire": {"1240"}})
	sam.postStep(p, "connu", url.Values{})
	sam.follow(sam.post("/demarches/"+p.ID+"/valider", url.Values{}))
	lea := ta.client(t)
	joinTraining(t, lea, code, "Léa")
	beginIn(lea, p, "examen")
	lea.postStep(p, "identite", url.Values{"age": {"30"}})

	rows := map[string]string{}
	for _, row := range strings.Split(m.get(dashboard+"/rapport").body, "<tr>") {
		for _, who := range []string{"Nour", "Sam", "Léa"} {
			if strings.Contains(row, ">"+who+"<") {
				rows[who] = text(row)
			}
		}
	}
	for who, want := range map[string]string{
		"Nour": "À entraîner encore (4 points à revoir) Un salaire oublié",
		"Sam":  "Peut le faire pour de vrai",
	} {
		if !strings.Contains(rows[who], want) {
			t.Errorf("%s's line in the report does not say %q: %s", who, want, rows[who])
		}
	}
	if strings.Contains(rows["Sam"], "à revoir") || strings.Contains(rows["Léa"], "encore") || strings.Contains(rows["Léa"], "vrai") {
		t.Errorf("a result where there is none: Sam %q, Léa %q", rows["Sam"], rows["Léa"])
	}

	lines := strings.Split(strings.TrimSpace(m.get(dashboard+"/rapport.csv").body), "\n")
	header := strings.Split(strings.TrimSpace(strings.TrimPrefix(lines[0], "\ufeff")), ";")
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	for _, h := range []string{"pseudonyme", "resultat", "points_a_revoir", "pieges"} {
		if _, ok := col[h]; !ok {
			t.Fatalf("no %q column in the CSV: %v", h, header)
		}
	}
	want := map[string][3]string{
		"Nour": {"a_entrainer", "4", "oubli"},
		"Sam":  {"pret", "0", ""},
		"Léa":  {"", "", ""},
	}
	seen := map[string]bool{}
	for _, line := range lines[1:] {
		cells := strings.Split(strings.TrimSpace(line), ";")
		who := cells[col["pseudonyme"]]
		got := [3]string{cells[col["resultat"]], cells[col["points_a_revoir"]], cells[col["pieges"]]}
		if w, ok := want[who]; ok && got != w {
			t.Errorf("%s's CSV line: %v, want %v", who, got, w)
		}
		seen[who] = true
	}
	if len(seen) != 3 {
		t.Errorf("CSV learners: %v", seen)
	}
}
