package procedure_test

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/repetition-demarches/repetition/server/procedure"
)

const trProc = `id: essai
title: Essai
organisation: test
summary: Essai.
duration: 5 min
level: débutant
real: {url: "https://example.org/", compared: 2026-11-01}
receipt: {title: Fin, number: "X", next: Fin.}
steps:
  - id: a
    title: Votre situation
    hints: [Première aide.]
    fields:
      - {id: statut, type: radio, label: Statut, hints: [Un, Deux], options: [{value: seul, label: Seul}, {value: couple, label: En couple}]}
profiles:
  - {id: lea, name: Léa, story: Vous vivez seule.}
pitfalls:
  - {id: couple_oublie, title: Un couple déclaré seul, step: a, when: statut == "seul", lesson: Déclarez votre couple.}
  - {id: sans_lecon, title: Un piège sans leçon, when: statut == "couple"}
`

func loadTr(t *testing.T, tr string) ([]*procedure.Procedure, procedure.Problems) {
	t.Helper()
	return procedure.Load(fstest.MapFS{
		"p/essai.yaml":    {Data: []byte(trProc)},
		"p/essai.en.yaml": {Data: []byte(tr)},
	}, "p")
}

func TestTranslationLoads(t *testing.T) {
	procs, problems := loadTr(t, `steps:
  a:
    title: Your situation
    hints: [First help.]
    fields:
      statut:
        label: Status
        hints: [One, Two]
        options: {seul: Alone, couple: In a couple}
profiles:
  lea: {story: You live alone.}
pitfalls:
  couple_oublie: {title: A couple declared as single, lesson: Declare your couple.}
  sans_lecon: {title: A pitfall without a lesson}
`)
	if len(problems) > 0 || len(procs) != 1 {
		t.Fatalf("problems: %v", problems)
	}
	p := procs[0]
	tr := p.Translations["en"]
	if tr == nil || tr.Steps["a"].Fields["statut"].Options["couple"] != "In a couple" {
		t.Fatalf("translation not attached: %+v", tr)
	}
	if pf := tr.Pitfalls["couple_oublie"]; pf == nil || pf.Title != "A couple declared as single" || pf.Lesson != "Declare your couple." {
		t.Errorf("pitfall translation: %+v", pf)
	}
	if done, total, _ := p.Coverage("en"); done != total || total != 10 {
		t.Errorf("coverage %d/%d, want 10/10", done, total)
	}
	if done, _, missing := p.Coverage("ar"); done != 0 || len(missing) == 0 {
		t.Errorf("an absent language covers %d texts", done)
	}
}

// TestCoverageNamesAnUntranslatedPitfall: check's coverage line names a
// pitfall the translation forgets, as it names a forgotten hint.
func TestCoverageNamesAnUntranslatedPitfall(t *testing.T) {
	procs, problems := loadTr(t, `steps:
  a:
    title: Your situation
    hints: [First help.]
    fields:
      statut: {label: Status, hints: [One, Two], options: {seul: Alone, couple: In a couple}}
profiles:
  lea: {story: You live alone.}
pitfalls:
  couple_oublie: {title: A couple declared as single}
`)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	_, _, missing := procs[0].Coverage("en")
	for _, want := range []string{"pitfalls.couple_oublie.lesson", "pitfalls.sans_lecon.title"} {
		if !slices.Contains(missing, want) {
			t.Errorf("coverage does not name %s as missing: %v", want, missing)
		}
	}
}

func TestTranslationProblems(t *testing.T) {
	cases := []struct{ doc, want string }{
		{"steps:\n  b: {title: B}\n", `p/essai.en.yaml:2:6: unknown step "b"`},
		{"steps:\n  a:\n    fields:\n      statu: {label: S}\n", `p/essai.en.yaml:4:14: step "a" has no field "statu" (did you mean "statut"?)`},
		{"steps:\n  a:\n    hints: [One, Two]\n", `p/essai.en.yaml:3:5: step "a" has 1 hints in French and 2 here`},
		{"steps:\n  a:\n    fields:\n      statut: {options: {seule: Alone}}\n", `field "statut" has no option "seule"`},
		{"steps:\n  a: {titel: A}\n", `unknown key "titel" in steptranslation (did you mean "title"?)`},
		{"steps:\n  a: {title: \"${ nom }\"}\n", `unknown name "nom"`},
		{"profiles:\n  lea2: {story: S}\n", `unknown profile "lea2"`},
		{"pitfalls:\n  couple_oubli: {title: T}\n", `p/essai.en.yaml:2:17: unknown pitfall "couple_oubli" (did you mean "couple_oublie"?)`},
		{"pitfalls:\n  sans_lecon: {title: T, lesson: L}\n", `pitfall "sans_lecon" has no lesson in French`},
		{"pitfalls:\n  sans_lecon: {titel: T}\n", `unknown key "titel" in pitfalltranslation (did you mean "title"?)`},
	}
	for _, tc := range cases {
		_, problems := loadTr(t, tc.doc)
		if !strings.Contains(problems.In("en"), tc.want) {
			t.Errorf("%q: want %q in:\n%v", tc.doc, tc.want, problems.In("en"))
		}
	}
	_, problems := procedure.Load(fstest.MapFS{"p/autre.en.yaml": {Data: []byte("title: X\n")}}, "p")
	if !strings.Contains(problems.In("en"), `translation of unknown procedure "autre"`) {
		t.Errorf("an orphan translation: %v", problems)
	}
}

// TestCoverageCountsTheOwnDataPage: the page of vos_donnees is read by
// learners in their language like a step; a translation that forgets it
// is not complete.
func TestCoverageCountsTheOwnDataPage(t *testing.T) {
	own := trProc + `vos_donnees:
  intro: Ce que l'administration sait de vous.
  fields:
    - {id: statut, type: radio, label: Votre situation connue, help: Celle de votre dossier., options: [{value: seul, label: Seul}, {value: couple, label: En couple}]}
`
	load := func(tr string) *procedure.Procedure {
		procs, problems := procedure.Load(fstest.MapFS{
			"p/essai.yaml":    {Data: []byte(own)},
			"p/essai.en.yaml": {Data: []byte(tr)},
		}, "p")
		if len(problems) > 0 || len(procs) != 1 {
			t.Fatalf("problems: %v", problems)
		}
		return procs[0]
	}
	steps := `steps:
  a:
    title: Your situation
    hints: [First help.]
    fields:
      statut: {label: Status, hints: [One, Two], options: {seul: Alone, couple: In a couple}}
profiles:
  lea: {story: You live alone.}
pitfalls:
  couple_oublie: {title: A couple declared as single, lesson: Declare your couple.}
  sans_lecon: {title: A pitfall without a lesson}
`
	done, total, missing := load(steps).Coverage("en")
	for _, want := range []string{"vos_donnees.intro", "vos_donnees.fields.statut.label"} {
		if !slices.Contains(missing, want) {
			t.Errorf("coverage does not name %s as missing: %v", want, missing)
		}
	}
	if done == total {
		t.Errorf("a translation without vos_donnees covers %d/%d", done, total)
	}
	done, total, missing = load(steps + `vos_donnees:
  intro: What the administration knows of you.
  fields:
    statut: {label: Your known situation, help: The one in your file., options: {seul: Alone, couple: In a couple}}
`).Coverage("en")
	if done != total {
		t.Errorf("a whole translation covers %d/%d, missing %v", done, total, missing)
	}
}
