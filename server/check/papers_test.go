package check_test

import (
	"strings"
	"testing"
)

// TestPapersMatchAnswers proves that a paper never contradicts its
// profile: the box a where points to must print the profile's answer.
func TestPapersMatchAnswers(t *testing.T) {
	const steps = `steps:
  - id: a
    title: A
    fields:
      - {id: nir, type: nir, label: NIR, where: {document: carte_vitale, box: numero}}
      - {id: mois, type: money, cents: false, label: Mois, repeat: {count: 2, label: "M${ i + 1 }"}, where: {document: bulletin_salaire, box: net_social}}
profiles:
  - id: lea
    name: Léa
    story: S.
    answers: {nir: 2 88 11 59 350 112, mois: [1240, 980]}
    documents:
`
	cases := []struct {
		name, docs, want string
	}{
		{"matching papers", `      - {kind: carte_vitale, boxes: {numero: "288115935 0112"}}
      - {kind: bulletin_salaire, id: b1, boxes: {net_social: "1 240,56 €"}}
      - {kind: bulletin_salaire, id: b2, boxes: {net_social: "980,00 €"}}
`, ""},
		{"a number that contradicts the answer", `      - {kind: carte_vitale, boxes: {numero: 2 88 11 59 350 112}}
      - {kind: bulletin_salaire, id: b1, boxes: {net_social: "1 240,00 €"}}
      - {kind: bulletin_salaire, id: b2, boxes: {net_social: "990,00 €"}}
`, `p/essai.yaml:23:62: profile "lea": box net_social of document b2 prints "990,00 €" but the profile answers "980" to mois.2`},
		{"a NIR that contradicts the answer", `      - {kind: carte_vitale, boxes: {numero: 1 88 11 59 350 112}}
`, `p/essai.yaml:21:46: profile "lea": box numero of document carte_vitale prints "1 88 11 59 350 112" but the profile answers "2 88 11 59 350 112" to nir`},
		{"the box a field reads is empty", `      - {kind: carte_vitale, boxes: {nom: Léa}}
`, `p/essai.yaml:21:9: profile "lea": document carte_vitale has nothing in box numero, where field nir is read`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := run(t, steps+tc.docs)
			var got []string
			for _, p := range r.Problems {
				got = append(got, p.In("en"))
			}
			switch {
			case tc.want == "" && len(got) > 0:
				t.Errorf("want no problem, got:\n%s", strings.Join(got, "\n"))
			case tc.want != "" && (len(got) != 1 || !strings.HasPrefix(got[0], tc.want)):
				t.Errorf("want one problem starting %q, got:\n%s", tc.want, strings.Join(got, "\n"))
			}
		})
	}
}

// TestPapersNoteMissingDocument notes a profile with papers that answers a
// field with where without carrying the document.
func TestPapersNoteMissingDocument(t *testing.T) {
	r := run(t, `steps:
  - {id: a, title: A, fields: [{id: iban, type: iban, label: IBAN, where: {document: rib, box: iban}}]}
profiles:
  - id: lea
    name: Léa
    story: S.
    answers: {iban: FR76 3000 6000 0112 3456 7890 189}
    documents: [{kind: carte_vitale}]
`)
	if len(r.Problems) > 0 {
		t.Fatalf("problems: %v", r.Problems)
	}
	found := false
	for _, n := range r.Notes {
		found = found || strings.Contains(n.In("en"), `profile "lea" answers iban but carries no rib`)
	}
	if !found {
		t.Errorf("no note about the missing rib in %q", r.Notes)
	}
}
