package procedure_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/repetition-demarches/repetition/server/procedure"
)

// groupProc is a small actualisation with a group of employers; the
// cases below edit it.
const groupProc = `id: actualisation
title: Actualisation
organisation: test
summary: Une actualisation d'essai.
duration: 5 min
level: débutant
real:
  url: https://example.fr/actualisation
  compared: 2026-01-01
values:
  total_brut: sum(employeurs.brut)
  nombre: len(employeurs)
  premier: "len(employeurs) > 0 ? employeurs[0].nom : ''"
steps:
  - id: employeurs
    title: Pour quels employeurs avez-vous travaillé ?
    fields:
      - id: employeurs
        type: group
        label: Vos employeurs
        min: 1
        max: 3
        add_label: Ajouter un employeur
        item_label: Employeur ${n}
        fields:
          - id: nom
            type: text
            label: Nom employeur
          - id: heures
            type: number
            label: Nombre d'heures
          - id: brut
            type: money
            label: Salaire brut
    checks:
      - id: trop_heures
        rule: sum(employeurs.heures) <= 300
        message: Plus de 300 heures en un mois ?
receipt:
  title: Actualisation enregistrée
  number: A-${ digits(4) } (${ nombre } employeurs, ${ total_brut } €)
  next: C'est fini.
profiles:
  - id: lea
    name: Léa
    story: Deux employeurs.
    answers:
      employeurs:
        - {nom: Boulangerie, heures: 42, brut: 525}
        - {nom: Propreté Horizon, heures: 18, brut: 214.2}
scenarios:
  - name: Léa arrive au bout
    profile: lea
    expect:
      reaches: receipt
      values: {total_brut: 739.2, nombre: 2, premier: Boulangerie}
`

func TestGroupLoads(t *testing.T) {
	p, problems := procedure.Parse("actualisation.yaml", []byte(groupProc))
	if len(problems) > 0 {
		t.Fatalf("problems:\n%v", indent(problems))
	}
	f := p.Field("employeurs")
	if !f.IsGroup() || f.MinItems() != 1 || f.MaxItems() != 3 || f.Sub("brut") == nil || f.Sub("net") != nil {
		t.Fatalf("group employeurs = %+v", f)
	}
	want := map[string]string{
		"employeurs":       "2",
		"employeurs.1.nom": "Boulangerie", "employeurs.1.heures": "42", "employeurs.1.brut": "525",
		"employeurs.2.nom": "Propreté Horizon", "employeurs.2.heures": "18", "employeurs.2.brut": "214.2",
	}
	if got := p.Profile("lea").Answers.Map; !reflect.DeepEqual(got, want) {
		t.Errorf("lea's answers = %v\nwant %v", got, want)
	}
	if got := p.FieldsRead(&p.Values[0].Expr); !reflect.DeepEqual(got, []string{"employeurs"}) {
		t.Errorf("sum(employeurs.brut) reads %v, want [employeurs]", got)
	}
}

func TestGroupProblems(t *testing.T) {
	cases := []struct {
		name, old, new, msg string
	}{
		{"misspelt question in a sum", "sum(employeurs.brut)", "sum(employeurs.bru)", "pas de question « bru » (vouliez-vous dire « brut »"},
		{"misspelt question of an item", "employeurs[0].nom", "employeurs[0].noms", "pas de question « noms »"},
		{"no item label", "        item_label: Employeur ${n}\n", "", "item_label"},
		{"where on a group", "        add_label: Ajouter un employeur\n", "        add_label: Ajouter un employeur\n        where: {document: fiche_paie, box: brut}\n", "ne peut pas avoir where"},
		{"max under min", "max: 3", "max: 0", "0 ≤ min ≤ max"},
		{"a file in a group", "type: money", "type: file", "type « file »"},
		{"a question with when", "            label: Nombre d'heures\n", "            label: Nombre d'heures\n            when: true\n", "ni when"},
		{"two questions with one id", "id: heures", "id: nom", "deux questions"},
		{"add_label on a text", "            label: Nom employeur\n", "            label: Nom employeur\n            add_label: Non\n", "add_label"},
		{"unknown question in a profile", "{nom: Boulangerie,", "{nome: Boulangerie,", "pas de question « nome »"},
		{"more items than max", "        - {nom: Propreté Horizon, heures: 18, brut: 214.2}\n", strings.Repeat("        - {nom: X, heures: 1, brut: 1}\n", 3), "au plus 3"},
		{"a group answered with a value", "      employeurs:\n        - {nom: Boulangerie, heures: 42, brut: 525}\n        - {nom: Propreté Horizon, heures: 18, brut: 214.2}\n", "      employeurs: Boulangerie\n", "liste"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if n := strings.Count(groupProc, c.old); n != 1 {
				t.Fatalf("%q occurs %d times", c.old, n)
			}
			_, problems := procedure.Parse("actualisation.yaml", []byte(strings.Replace(groupProc, c.old, c.new, 1)))
			if len(problems) == 0 || !strings.Contains(problems.Error(), c.msg) {
				t.Errorf("problems:\n%v\nwant one saying %q", indent(problems), c.msg)
			}
			if testing.Verbose() {
				t.Log(problems.Error())
			}
		})
	}
}

func TestGroupQuestionsFrenchSpacing(t *testing.T) {
	doc := strings.Replace(groupProc, "label: Nom employeur", "label: Nom de l'employeur ?", 1)
	doc = strings.Replace(doc, "add_label: Ajouter un employeur", "add_label: Ajouter un employeur !", 1)
	p, problems := procedure.Parse("actualisation.yaml", []byte(doc))
	if len(problems) > 0 {
		t.Fatalf("problems:\n%v", indent(problems))
	}
	f := p.Field("employeurs")
	if got := f.Sub("nom").Label.Source; got != "Nom de l'employeur\u00a0?" {
		t.Errorf("question label = %q, want a non-breaking space before ?", got)
	}
	if f.AddLabel != "Ajouter un employeur\u00a0!" {
		t.Errorf("add_label = %q, want a non-breaking space before !", f.AddLabel)
	}
}
