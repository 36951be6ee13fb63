package procedure_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/repetition-demarches/repetition/server/procedure"
)

// household is a household beside the test's procedures (content/foyers
// of the author's folder), whose papers read its facts.
const household = `id: martin
name: Les Martin
story: Vous vivez avec votre fils.
facts:
  nom: Kévin MARTIN
  nir: 1 95 03 69 123 456
  mois: "${ monthYear(addMonths(today(), -1)) }"
documents:
  - kind: carte_vitale
    boxes: {nom: "${ foyer.nom }", numero: "${ foyer.nir }", cle: "04"}
  - kind: bulletin_salaire
    id: bulletin-1
    boxes: {salarie: "${ foyer.nom }", periode: "${ foyer.mois }", net_social: "1 240,00 €"}
`

// loadWithHousehold loads the minimal procedure, edited, beside the
// household martin.
func loadWithHousehold(t *testing.T, edits ...string) (*procedure.Procedure, procedure.Problems) {
	t.Helper()
	fsys := fstest.MapFS{
		"procedures/essai.yaml":      {Data: []byte(edit(t, edits...))},
		"content/foyers/martin.yaml": {Data: []byte(household)},
	}
	procs, problems := procedure.Load(fsys, "procedures")
	if len(procs) == 1 {
		return procs[0], problems
	}
	return nil, problems
}

// TestHouseholdJoinsProfile: a profile with household: gets the
// household's story and papers before its own, and reads its facts.
func TestHouseholdJoinsProfile(t *testing.T) {
	p, problems := loadWithHousehold(t,
		"    story: Un profil d'essai.\n", "    household: martin\n    story: Un profil d'essai.\n",
		"      nom: Martin\n", "      nom: \"${ foyer.nom }\"\n",
		"      mois: [1, 2, 3]\n", "      mois: [1, 2, 3]\n    documents:\n      - {kind: rib, boxes: {titulaire: \"${ foyer.nom }\"}}\n")
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	pr := p.Profile("kevin")
	var keys []string
	for _, d := range pr.Documents {
		keys = append(keys, d.Key())
	}
	if got, want := strings.Join(keys, ","), "carte_vitale,bulletin-1,rib"; got != want {
		t.Errorf("papers %s, want %s", got, want)
	}
	if want := "Vous vivez avec votre fils. Un profil d'essai."; pr.Story != want {
		t.Errorf("story %q, want %q", pr.Story, want)
	}
	if pr.Answers.Household() == nil || pr.Documents[2].Household() == nil {
		t.Error("the answers and the profile's own papers do not read the household's facts")
	}
}

// TestHouseholdProblems: an unknown household, and literals that
// contradict the household, name the household, the procedure and the fact.
func TestHouseholdProblems(t *testing.T) {
	const f = "procedures/essai.yaml:"
	joined := []string{"    story: Un profil d'essai.\n", "    household: martin\n    story: Un profil d'essai.\n", "      nom: Martin\n", "      nom: kévin  martin\n"}
	tests := []struct {
		name  string
		edits []string
		want  []want
	}{
		{
			name:  "unknown household",
			edits: []string{"    story: Un profil d'essai.\n", "    household: martn\n    story: Un profil d'essai.\n"},
			want:  []want{{f + "32:5", `profile "kevin": unknown household "martn" (did you mean "martin"?)`}},
		},
		{
			name: "an answer contradicts a fact",
			edits: append(joined,
				"      mois: [1, 2, 3]\n", "      mois: [1, 2, 3]\n      nir: 2 95 03 69 123 456\n",
				"      - id: age\n", "      - {id: nir, type: nir, label: NIR}\n      - id: age\n"),
			want: []want{{f + "41:12", `profile "kevin" of procedure "essai": answer "2 95 03 69 123 456" to nir contradicts household "martin", which says "1 95 03 69 123 456"`}},
		},
		{
			name: "a paper contradicts the household's",
			edits: append(joined,
				"      mois: [1, 2, 3]\n", "      mois: [1, 2, 3]\n    documents:\n      - {kind: carte_vitale, boxes: {numero: 2 95 03 69 123 456}}\n"),
			want: []want{{f + "41:46", `box numero of paper carte_vitale says "2 95 03 69 123 456", while the same paper of household "martin" says "1 95 03 69 123 456"`}},
		},
		{
			name: "the household's paper again",
			edits: append(joined,
				"      mois: [1, 2, 3]\n", "      mois: [1, 2, 3]\n    documents:\n      - {kind: carte_vitale, boxes: {numero: 195036912345 6}}\n"),
			want: []want{{f + "41:9", `paper carte_vitale is already a paper of household "martin"`}},
		},
		{
			name:  "foyer without a household",
			edits: []string{"      nom: Martin\n", "      nom: \"${ foyer.nom }\"\n"},
			want:  []want{{f + "36:12", `unknown name "foyer"`}},
		},
		{
			name:  "an agreeing literal answer",
			edits: joined,
			want:  nil,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, problems := loadWithHousehold(t, tc.edits...)
			checkProblems(t, problems, tc.want)
		})
	}
}

// TestBundledHouseholds: the households of content/foyers load clean.
func TestBundledHouseholds(t *testing.T) {
	hs, problems := procedure.BundledHouseholds()
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	if hs["kevin"] == nil {
		t.Error("no household kevin")
	}
}
