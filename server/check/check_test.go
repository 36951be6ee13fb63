package check_test

import (
	"strings"
	"testing"
	"testing/fstest"

	repetition "github.com/repetition-demarches/repetition"
	"github.com/repetition-demarches/repetition/server/check"
)

const head = `id: essai
title: Essai
organisation: test
summary: Essai.
duration: 5 min
level: débutant
real: {url: "https://example.org/", compared: 2026-11-01}
receipt: {title: Fin, number: "X", next: Fin.}
`

func run(t *testing.T, doc string) check.Report {
	t.Helper()
	return check.Procedures(fstest.MapFS{"p/essai.yaml": {Data: []byte(head + doc)}}, "p")
}

// TestProblems proves each problem the check adds to the loader's, at its place.
func TestProblems(t *testing.T) {
	cases := []struct {
		name, doc, want string
	}{
		{"step condition reads a later field", `steps:
  - {id: a, title: A, when: ok, fields: [{id: nom, type: text, label: Nom}]}
  - {id: b, title: B, fields: [{id: ok, type: yesno, label: OK}]}
`, `p/essai.yaml:10:5: the condition of step "a" reads "ok", which is asked later, on step "b"`},
		{"step condition reads its own field", `steps:
  - {id: a, title: A, when: ok, fields: [{id: ok, type: yesno, label: OK}]}
`, `p/essai.yaml:10:5: the condition of step "a" reads "ok", which is asked on the same step`},
		{"field never shown", `steps:
  - {id: a, title: A, fields: [{id: nom, type: text, label: Nom, when: ok}]}
  - {id: b, title: B, fields: [{id: ok, type: yesno, label: OK}]}
`, `p/essai.yaml:10:32: the condition of field "nom" reads "ok", which is asked later, on step "b": the field is never shown`},
		{"step after an unconditional exit", `steps:
  - {id: a, title: A, exit: true}
  - {id: b, title: B, fields: [{id: ok, type: yesno, label: OK}]}
`, `p/essai.yaml:11:5: step "b" can never be reached: exit step "a" (line 10)`},
		{"profile missing a required answer", `steps:
  - {id: a, title: A, fields: [{id: nom, type: text, label: Nom}, {id: ok, type: yesno, label: OK}]}
profiles:
  - {id: lea, name: Léa, story: S., answers: {nom: Martin}}
`, `p/essai.yaml:12:5: profile "lea" has no answer for the required field "ok" (step "a")`},
		{"failing scenario", `steps:
  - {id: a, title: A, fields: [{id: nom, type: text, label: Nom}]}
scenarios:
  - {name: Oubli, answers: {nom: ""}, expect: {reaches: receipt}}
`, `p/essai.yaml:12:5: scenario "Oubli": ended on "a", expected "receipt" (errors: nom: required)`},
		{"load problems come through", `steps:
  - {id: a, title: A, fields: [{id: nom, type: txt, label: Nom}]}
`, `p/essai.yaml:10:32: field "nom" has unknown type "txt" (did you mean "text"?)`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := run(t, tc.doc)
			var got []string
			for _, p := range r.Problems {
				got = append(got, p.In("en"))
			}
			found := false
			for _, g := range got {
				found = found || strings.HasPrefix(g, tc.want)
			}
			if !found {
				t.Errorf("want a problem starting %q, got:\n%s", tc.want, strings.Join(got, "\n"))
			}
		})
	}
}

func TestCleanProcedureHasNoProblemAndNotesCoverage(t *testing.T) {
	r := run(t, `steps:
  - {id: a, title: A, fields: [{id: ok, type: yesno, label: OK}]}
  - {id: b, title: B, when: ok, fields: [{id: nom, type: text, label: Nom}]}
profiles:
  - {id: lea, name: Léa, story: S., answers: {ok: false}}
scenarios:
  - {name: Non, profile: lea, expect: {reaches: receipt}}
`)
	if len(r.Problems) > 0 {
		t.Fatalf("problems: %v", r.Problems)
	}
	if r.Scenarios != 1 || len(r.Notes) != 1 || !strings.Contains(r.Notes[0].In("en"), `no scenario visits step "b"`) {
		t.Fatalf("scenarios %d, notes %v", r.Scenarios, r.Notes)
	}
}

func TestBundledProceduresPassTheCheck(t *testing.T) {
	r := check.Procedures(repetition.Files, "procedures")
	for _, p := range r.Problems {
		t.Error(p)
	}
	if len(r.Procedures) == 0 || r.Scenarios == 0 {
		t.Fatal("nothing checked")
	}
}

// BenchmarkCheckCatalogue is the time `check` takes over the whole catalogue.
func BenchmarkCheckCatalogue(b *testing.B) {
	for b.Loop() {
		if r := check.Procedures(repetition.Files, "procedures"); len(r.Problems) > 0 {
			b.Fatal(r.Problems)
		}
	}
}

func TestPlainWords(t *testing.T) {
	doc := head + `steps:
  - id: a
    title: A
    fields:
      - id: nom
        type: text
        label: Nom
        hints:
          - Un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize dix-sept dix-huit dix-neuf vingt vingt-et-un.
          - Courte phrase. Une autre, avec un ${ nom } qui compte pour un mot.
          - "Votre NIR et votre indu : deux mots."
`
	r := check.Procedures(fstest.MapFS{
		"p/essai.yaml":              {Data: []byte(doc)},
		"content/glossaire.fr.yaml": {Data: []byte("- {id: nir, term: NIR, definition: Le numéro de sécurité sociale.}\n")},
		"content/jargon.fr.txt":     {Data: []byte("nir\nindu\n")},
	}, "p")
	var got []string
	for _, p := range r.Problems {
		got = append(got, p.In("en"))
	}
	all := strings.Join(got, "\n")
	if !strings.Contains(all, "p/essai.yaml:17:13: hint of field nom: a sentence of 21 words (20 at most") {
		t.Errorf("the long sentence is not flagged:\n%s", all)
	}
	if !strings.Contains(all, `p/essai.yaml:19:13: hint of field nom: "indu" is administrative jargon`) {
		t.Errorf("the unexplained jargon is not flagged:\n%s", all)
	}
	if strings.Contains(all, `"nir"`) || strings.Contains(all, "18:13") {
		t.Errorf("a glossary term or a short sentence is flagged:\n%s", all)
	}
}
