package engine_test

import (
	"testing"
	"testing/fstest"

	"github.com/repetition-demarches/repetition/server/procedure"
)

// householdFolder is an author's folder: a procedure whose profile lea
// belongs to the household beside it (content/foyers/durand.yaml).
var householdFolder = fstest.MapFS{
	"content/foyers/durand.yaml": {Data: []byte(`id: durand
name: Les Durand
story: Vous vivez à deux.
facts:
  nom: Léa DURAND
  nir: 2 88 11 59 350 112
  mois: "${ monthYear(addMonths(today(), -1)) }"
documents:
  - kind: carte_vitale
    boxes: {nom: "${ foyer.nom }", numero: "${ foyer.nir }"}
  - kind: bulletin_salaire
    id: b1
    title: "Bulletin — ${ foyer.mois }"
    boxes: {salarie: "${ foyer.nom }", periode: "${ foyer.mois }"}
`)},
	"procedures/essai.yaml": {Data: []byte(head + `steps:
  - id: s
    title: S
    fields:
      - {id: nir, type: nir, label: NIR, where: {document: carte_vitale, box: numero}}
      - {id: nom, type: text, label: Nom}
profiles:
  - id: lea
    household: durand
    name: Léa
    story: S.
    answers: {nir: "${ foyer.nir }", nom: "${ foyer.nom } (${ foyer.mois })"}
    documents:
      - {kind: rib, boxes: {titulaire: "${ foyer.nom }"}}
`)},
}

// TestHouseholdPapersAndFacts: the household's papers are the profile's
// first papers, drawn with its facts on the engine's clock, and the
// profile's answers and own papers read the facts too.
func TestHouseholdPapersAndFacts(t *testing.T) {
	procs, problems := procedure.Load(householdFolder, "procedures")
	if len(problems) > 0 || len(procs) != 1 {
		t.Fatal(problems)
	}
	p, e := procs[0], testEngine()
	pr := p.Profile("lea")
	boxes := func(key string) map[string]string {
		d := pr.Document(key)
		if d == nil {
			t.Fatalf("profile lea has no paper %s", key)
		}
		m := map[string]string{}
		for _, b := range e.DocumentBoxes(p, d) {
			m[b.ID] = b.Value
		}
		return m
	}
	if got := boxes("carte_vitale"); got["numero"] != "2 88 11 59 350 112" || got["nom"] != "Léa DURAND" {
		t.Errorf("carte Vitale %v", got)
	}
	if got := boxes("b1")["periode"]; got != "octobre 2026" {
		t.Errorf("payslip period %q, want octobre 2026", got)
	}
	if got := e.DocumentTitle(p, pr.Document("b1")); got != "Bulletin — octobre 2026" {
		t.Errorf("payslip title %q", got)
	}
	if got := boxes("rib")["titulaire"]; got != "Léa DURAND" {
		t.Errorf("the profile's own paper: titulaire %q", got)
	}
	a := e.Start(p, "lea")
	if a.Answers["nir"] != "2 88 11 59 350 112" || a.Answers["nom"] != "Léa DURAND (octobre 2026)" {
		t.Errorf("answers %v", a.Answers)
	}
}
