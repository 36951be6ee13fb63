package check_test

import (
	"strings"
	"testing"
)

// A text a learner would read with a raw ${ is a check problem: a text the
// loader does not compute, or a computed one whose result holds ${.
func TestRawExpressionIsAProblem(t *testing.T) {
	cases := []struct{ name, doc, want, en string }{
		{"option label", `steps:
  - id: a
    title: A
    fields:
      - {id: choix, type: radio, label: Choix, options: [{value: un, label: "Avant le ${ formatDate(today()) }"}, {value: deux, label: Après}]}
`, "p/essai.yaml:13:9: une option du champ choix afficherait « ${ » tel quel", `p/essai.yaml:13:9: an option of field choix would show "${" as it is`},
		{"computed text", `values:
  modele: '"Bonjour ${ nom }"'
steps:
  - {id: a, title: "${ modele }", fields: [{id: nom, type: text, label: Nom}]}
`, "p/essai.yaml:12:20: le titre de l'étape a afficherait « ${ » tel quel", "p/essai.yaml:12:20: the title of step a would show"},
		{"paper box", `steps:
  - {id: a, title: A, fields: [{id: nom, type: text, label: Nom}]}
values:
  gabarit: '"${ oups }"'
profiles:
  - id: lea
    name: Léa
    story: S.
    answers: {nom: Martin}
    documents:
      - {kind: rib, boxes: {titulaire: "${ gabarit }"}}
`, "p/essai.yaml:19:9: le document rib du profil lea afficherait « ${ »", "p/essai.yaml:19:9: document rib of profile lea would show"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := run(t, tc.doc)
			if got := r.Problems.Error(); !strings.Contains(got, tc.want) {
				t.Errorf("want a problem holding %q, got:\n%s", tc.want, got)
			}
			if got := r.Problems.In("en"); !strings.Contains(got, tc.en) {
				t.Errorf("in English, want a problem holding %q, got:\n%s", tc.en, got)
			}
		})
	}
}
