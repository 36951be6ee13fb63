package check_test

import (
	"strings"
	"testing"
)

// A text a learner would read with a raw ${ is a check problem: a text the
// loader does not compute, or a computed one whose result holds ${.
func TestRawExpressionIsAProblem(t *testing.T) {
	cases := []struct{ name, doc, want string }{
		{"option label", `steps:
  - id: a
    title: A
    fields:
      - {id: choix, type: radio, label: Choix, options: [{value: un, label: "Avant le ${ formatDate(today()) }"}, {value: deux, label: Après}]}
`, "p/essai.yaml:13:9: une option du champ choix afficherait « ${ » tel quel"},
		{"computed text", `values:
  modele: '"Bonjour ${ nom }"'
steps:
  - {id: a, title: "${ modele }", fields: [{id: nom, type: text, label: Nom}]}
`, "p/essai.yaml:12:20: le titre de l'étape a afficherait « ${ » tel quel"},
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
`, "p/essai.yaml:19:9: le document rib du profil lea afficherait « ${ »"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := run(t, tc.doc)
			var got []string
			for _, p := range r.Problems {
				got = append(got, p.String())
			}
			if !strings.Contains(strings.Join(got, "\n"), tc.want) {
				t.Errorf("want a problem holding %q, got:\n%s", tc.want, strings.Join(got, "\n"))
			}
		})
	}
}
