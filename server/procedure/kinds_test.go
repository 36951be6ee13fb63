package procedure_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/repetition-demarches/repetition/server/procedure"
)

// The 13 bundled kinds load from content/papiers without a problem.
func TestBundledKinds(t *testing.T) {
	kinds, problems := procedure.BundledKinds()
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	if len(kinds) != 13 {
		t.Errorf("%d bundled kinds, want 13", len(kinds))
	}
	if k := kinds["carte_vitale"]; k == nil || !k.Card() || k.Title.Source != "Carte Vitale" || k.Marked() != procedure.Specimen {
		t.Errorf("carte_vitale: %+v", k)
	}
}

// A kind's file is checked like a procedure, each problem at its line.
func TestKindProblems(t *testing.T) {
	const file = "content/papiers/lettre.yaml"
	cases := []struct{ name, src, want string }{
		{"shape", "title: Lettre\nshape: rond\nboxes: [{id: a, label: A}]\n", "lettre.yaml:1:1: shape vaut card"},
		{"mark", "title: Lettre\nmark: COPIE\nboxes: [{id: a, label: A}]\n", "doit garder le mot SPÉCIMEN"},
		{"duplicate box", "title: Lettre\nboxes:\n  - {id: a, label: A}\n  - {id: a, label: B}\n", "lettre.yaml:4:5: la case « a » est déjà déclarée"},
		{"box id", "title: Lettre\nboxes: [{id: A-1, label: A}]\n", "la case « A-1 »"},
		{"expression", "title: \"Lettre du ${ formatDate(hier) }\"\nboxes: [{id: a, label: A}]\n", "lettre.yaml:1:8"},
		{"missing boxes", "title: Lettre\n", "il manque la clé « boxes »"},
	}
	for _, tc := range cases {
		kinds, problems := procedure.LoadKinds(fstest.MapFS{file: {Data: []byte(tc.src)}}, "content/papiers")
		if !strings.Contains(problems.Error(), tc.want) {
			t.Errorf("%s: problems %q, want one holding %q", tc.name, problems.Error(), tc.want)
		}
		if kinds["lettre"] != nil {
			t.Errorf("%s: a kind with problems is loaded", tc.name)
		}
	}
}

// A folder of procedures sees the kinds of the content/papiers beside it
// as well as the bundled ones: an author adds a France Travail letter
// without touching Go.
func TestFolderAddsAKind(t *testing.T) {
	fsys := fstest.MapFS{
		"content/papiers/lettre_france_travail.yaml": {Data: []byte(`title: Courrier France Travail
boxes:
  - {id: identifiant, label: Identifiant}
  - {id: objet, label: Objet, wide: true}
`)},
		"procedures/essai.yaml": {Data: []byte(strings.Replace(minimal, "profiles:\n", `profiles:
  - id: lea
    name: Léa
    story: Elle a reçu un courrier.
    documents:
      - {kind: lettre_france_travail, boxes: {identifiant: "1234567A"}}
      - {kind: carte_vitale}
`, 1))},
	}
	procs, problems := procedure.Load(fsys, "procedures")
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	k := procs[0].Kind("lettre_france_travail")
	if k == nil || !k.Box("objet").Wide || k.Card() {
		t.Fatalf("the folder's kind is not seen: %+v", k)
	}
	if procs[0].Kind("carte_vitale") == nil {
		t.Error("the bundled kinds are no longer seen")
	}
}

// A procedure may declare its own kinds of paper; they are checked at
// their lines like those of content/papiers.
func TestProcedureDeclaresAKind(t *testing.T) {
	own := `paper_kinds:
  convocation:
    title: Convocation France Travail
    shape: sheet
    boxes:
      - {id: identifiant, label: Identifiant}
      - {id: date, label: Date du rendez-vous, value: "${ formatDate(today()) }"}
profiles:
  - id: lea
    name: Léa
    story: Elle a reçu une convocation.
    documents:
      - {kind: convocation, boxes: {identifiant: "1234567A"}}
`
	src := strings.Replace(minimal, "profiles:\n", own, 1)
	p, problems := procedure.Parse("essai.yaml", []byte(src))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	if k := p.Kind("convocation"); k == nil || k.Box("date") == nil || k.ID != "convocation" {
		t.Fatalf("the procedure's kind is not seen: %+v", k)
	}
	if p.Kind("carte_vitale") == nil {
		t.Error("the bundled kinds are no longer seen")
	}
	bad := strings.Replace(src, "shape: sheet", "shape: carte", 1)
	if _, problems := procedure.Parse("essai.yaml", []byte(bad)); !strings.Contains(problems.Error(), "shape vaut card") {
		t.Errorf("a bad shape in paper_kinds: %v", problems)
	}
}
