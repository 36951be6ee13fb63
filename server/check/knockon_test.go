package check_test

import (
	"fmt"
	"strings"
	"testing"
)

// TestMissingProfileAnswerIsOneProblem: a profile without an answer makes
// every scenario that plays it stop early; the author sees one problem, at
// the profile, that says how many scenarios it breaks, not one per scenario.
func TestMissingProfileAnswerIsOneProblem(t *testing.T) {
	r := run(t, `steps:
  - {id: a, title: A, fields: [{id: nom, type: text, label: Nom}, {id: ok, type: yesno, label: OK}]}
profiles:
  - {id: lea, name: Léa, story: S., answers: {nom: Martin}}
scenarios:
  - {name: Un, profile: lea, expect: {reaches: receipt}}
  - {name: Deux, profile: lea, expect: {reaches: receipt}}
  - {name: Trois, profile: lea, expect: {reaches: receipt}}
  - {name: Complet, profile: lea, answers: {ok: true}, expect: {reaches: receipt}}
  - {name: Attendu, profile: lea, expect: {stays_on: a, errors: {ok: required}}}
`)
	var got []string
	for _, p := range r.Problems {
		got = append(got, fmt.Sprintf("%s:%d:%d: %s", p.File, p.Line, p.Column, p.Text("fr")))
	}
	want := `p/essai.yaml:12:5: le profil « lea » n'a pas de réponse pour le champ obligatoire « ok » (étape « a ») — 3 scénarios échouent à cause de cela : « Un », « Deux », « Trois »`
	if len(got) != 1 || got[0] != want {
		t.Errorf("want one problem:\n%s\ngot:\n%s", want, strings.Join(got, "\n"))
	}
	wantEn := `profile "lea" has no answer for the required field "ok" (step "a") — 3 scenarios fail because of this: "Un", "Deux", "Trois"`
	if len(r.Problems) == 1 && r.Problems[0].Text("en") != wantEn {
		t.Errorf("in English, want:\n%s\ngot:\n%s", wantEn, r.Problems[0].Text("en"))
	}
}

// TestCheckProblemsShowTheirLines: a problem found by playing the
// procedure shows the lines of the file around its place, like the
// loader's problems.
func TestCheckProblemsShowTheirLines(t *testing.T) {
	r := run(t, `steps:
  - {id: a, title: A, fields: [{id: nom, type: text, label: Nom}]}
scenarios:
  - {name: Oubli, answers: {nom: ""}, expect: {reaches: receipt}}
`)
	if len(r.Problems) == 0 {
		t.Fatal("want a problem for the failing scenario")
	}
	lines := strings.Split(r.Problems[0].String(), "\n")
	want := []string{
		` 10 |   - {id: a, title: A, fields: [{id: nom, type: text, label: Nom}]}`,
		` 11 | scenarios:`,
		` 12 |   - {name: Oubli, answers: {nom: ""}, expect: {reaches: receipt}}`,
		`    |     ^`,
	}
	if !strings.HasPrefix(lines[0], "p/essai.yaml:12:5: ") || strings.Join(lines[1:], "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant after the first line:\n%s", r.Problems[0], strings.Join(want, "\n"))
	}
}
