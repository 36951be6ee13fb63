package procedure_test

import (
	"testing"

	"github.com/repetition-demarches/repetition/server/procedure"
)

// TestParseDocumentProblems proves the loader's checks of papers and of
// where, at the line and column of the mistake; the profile's documents
// start on line 40, after its answers.
func TestParseDocumentProblems(t *testing.T) {
	const f = "essai.yaml:"
	withDocs := func(docs string, fieldEdit ...string) []string {
		e := []string{"      mois: [1, 2, 3]\n", "      mois: [1, 2, 3]\n    documents:\n" + docs}
		return append(e, fieldEdit...)
	}
	tests := []struct {
		name  string
		edits []string
		want  []want
	}{
		{
			name:  "unknown kind",
			edits: withDocs("      - {kind: avis_impots}\n"),
			want:  []want{{f + "40:9", `profile "kevin": unknown document kind "avis_impots"`}},
		},
		{
			name:  "unknown box",
			edits: withDocs("      - kind: rib\n        boxes: {titulaire: Kévin, ibna: FR76}\n"),
			want:  []want{{f + "41:41", `document rib has no box "ibna" (did you mean "iban"?)`}},
		},
		{
			name:  "two documents of one kind without ids",
			edits: withDocs("      - {kind: bulletin_salaire}\n      - {kind: bulletin_salaire}\n"),
			want:  []want{{f + "41:9", `several documents of kind bulletin_salaire: give each an id`}},
		},
		{
			name:  "where names an unknown document",
			edits: withDocs("      - {kind: rib, id: rib-kevin}\n", "        label: Nom\n", "        label: Nom\n        where: {document: rib-kevn, box: titulaire}\n"),
			want:  []want{{f + "17:16", `field "nom": where names unknown document "rib-kevn" (did you mean "rib-kevin"?)`}},
		},
		{
			name:  "where names a box its kind does not have",
			edits: []string{"        label: Nom\n", "        label: Nom\n        where: {document: carte_vitale, box: iban}\n"},
			want:  []want{{f + "17:16", `field "nom": document carte_vitale has no box "iban"`}},
		},
		{
			name:  "where without box",
			edits: []string{"        label: Nom\n", "        label: Nom\n        where: {document: carte_vitale}\n"},
			want:  []want{{f + "17:16", `missing key "box" in where`}},
		},
		{
			name:  "an expression in a box is compiled",
			edits: withDocs("      - kind: rib\n        boxes: {titulaire: \"${ nom_inconnu }\"}\n"),
			want:  []want{{f + "41:28", `unknown name "nom_inconnu"`}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, problems := procedure.Parse("essai.yaml", []byte(edit(t, tc.edits...)))
			checkProblems(t, problems, tc.want)
		})
	}
}

func TestProfileDocumentFor(t *testing.T) {
	doc := edit(t,
		"      mois: [1, 2, 3]\n", `      mois: [1, 2, 3]
    documents:
      - {kind: bulletin_salaire, id: b1, boxes: {net_social: "1"}}
      - {kind: carte_vitale}
      - {kind: bulletin_salaire, id: b2, boxes: {net_social: "2"}}
`,
		"        repeat:", "        where: {document: bulletin_salaire, box: net_social}\n        repeat:")
	p, problems := procedure.Parse("essai.yaml", []byte(doc))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	pr := p.Profile("kevin")
	w := p.Field("mois").Where
	for i, want := range []string{"b1", "b2", ""} {
		got := ""
		if d := pr.DocumentFor(w, i); d != nil {
			got = d.Key()
		}
		if got != want {
			t.Errorf("answer %d is read on %q, want %q", i+1, got, want)
		}
	}
	if d := pr.DocumentFor(&procedure.Where{Document: "b2", Box: "net_social"}, 0); d == nil || d.Key() != "b2" {
		t.Errorf("where by id: got %v, want b2", d)
	}
	if d := pr.Document("carte_vitale"); d == nil || p.DocumentTitle(d).Source != "Carte Vitale" {
		t.Errorf("a document without id is named by its kind and titled by it: got %v", d)
	}
}
