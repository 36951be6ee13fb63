package procedure_test

import (
	"strings"
	"testing"

	"github.com/repetition-demarches/repetition/server/procedure"
)

// TestYAMLMistakesPointAtTheLineToChange checks that a syntax error names
// the line the author must change, says why in plain words, and never
// advises quoting when the cause is the indentation.
func TestYAMLMistakesPointAtTheLineToChange(t *testing.T) {
	const f = "essai.yaml:"
	tests := []struct {
		name    string
		edits   []string
		at      string
		says    []string
		notSays []string
	}{
		{
			name:    "key indented one space too little, deep in a list",
			edits:   []string{"        label: Âge", "       label: Âge"},
			at:      f + "19:8",
			says:    []string{"décalage", "colonne 9, comme « type » (ligne 18)"},
			notSays: []string{"guillemets"},
		},
		{
			name:    "answer indented one space too little, near the end",
			edits:   []string{"      age: 31", "     age: 31"},
			at:      f + "37:6",
			says:    []string{"décalage", "colonne 7, comme « nom » (ligne 36)"},
			notSays: []string{"guillemets"},
		},
		{
			name:    "key indented too far under a key that has a value",
			edits:   []string{"    title: Revenus", "      title: Revenus"},
			at:      f + "21:7",
			says:    []string{"« title » est décalé de 2 espaces vers la droite", "colonne 5, comme « id »"},
			notSays: []string{"guillemets"},
		},
		{
			name:    "tab in the indentation",
			edits:   []string{"        label: Nom", "\tlabel: Nom"},
			at:      f + "16:1",
			says:    []string{"tabulation", "espaces"},
			notSays: []string{"guillemets"},
		},
		{
			name:  "text holding a colon: quoting is the fix",
			edits: []string{"title: Essai", "title: Essai: bis"},
			at:    f + "2:8",
			says:  []string{"« title »", "guillemets"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, problems := procedure.Parse("essai.yaml", []byte(edit(t, tt.edits...)))
			if len(problems) != 1 {
				t.Fatalf("want one problem, got:\n%v", indent(problems))
			}
			p := problems[0]
			got := p.String()
			if !strings.HasPrefix(got, tt.at+": ") {
				t.Errorf("want the problem at %s, got:\n%s", tt.at, got)
			}
			for _, s := range tt.says {
				if !strings.Contains(p.Text("fr"), s) {
					t.Errorf("message misses %q:\n%s", s, got)
				}
			}
			for _, s := range tt.notSays {
				if strings.Contains(p.Text("fr"), s) {
					t.Errorf("message must not say %q:\n%s", s, got)
				}
			}
		})
	}
}

// TestProblemShowsAnExcerpt checks the lines printed under the message:
// the two lines before, the line, and a caret under the column.
func TestProblemShowsAnExcerpt(t *testing.T) {
	_, problems := procedure.Parse("essai.yaml", []byte(edit(t, "        label: Âge", "       label: Âge")))
	if len(problems) != 1 {
		t.Fatalf("want one problem, got:\n%v", indent(problems))
	}
	lines := strings.Split(problems[0].String(), "\n")
	want := []string{
		" 17 |       - id: age",
		" 18 |         type: number",
		" 19 |        label: Âge",
		"    |        ^",
	}
	if len(lines) != 5 || strings.Join(lines[1:], "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant after the first line:\n%s", problems[0], strings.Join(want, "\n"))
	}
	if !strings.HasPrefix(lines[0], "essai.yaml:19:8: ") {
		t.Errorf("first line must stay file:line:col: message, got %q", lines[0])
	}
}

// TestYAMLListItemLeftOfItsKeys: when a list item starts one space left of
// the keys under it, the item line is the one to move (the keys below
// agree with each other).
func TestYAMLListItemLeftOfItsKeys(t *testing.T) {
	doc := edit(t, "    fields:\n      - id: mois", "    fields:\n     - id: mois")
	_, problems := procedure.Parse("essai.yaml", []byte(doc))
	if len(problems) != 1 || !strings.HasPrefix(problems[0].String(), "essai.yaml:23:6: ") ||
		!strings.Contains(problems[0].Text("fr"), "Décalez le tiret de 1 espace vers la droite") {
		t.Errorf("want the problem on the item line 23, got:\n%v", indent(problems))
	}
}

// TestTypeErrorsWithoutGoWords checks that a type error in a condition
// names the kinds an author knows and says the fix, never a Go type.
func TestTypeErrorsWithoutGoWords(t *testing.T) {
	const at = "essai.yaml:22:11"
	tests := []struct {
		name, when string
		at, says   string
	}{
		{"number compared with a quoted number", `age == "2"`, at, `« age == "2" » compare un nombre (age) à un texte ("2") : écrivez 2, sans guillemets`},
		{"number compared with a word", `age > "deux"`, at, "un nombre s'écrit en chiffres, sans guillemets"},
		{"text compared with a number", `nom == 2`, at, `compare un texte (nom) à un nombre (2) : c'est un texte : écrivez "2", entre guillemets`},
		{"text given as a condition", `nom`, at, `la condition « nom » donne un texte, pas oui/non : comparez-la, par exemple « nom != "" »`},
		{"list compared with a text", `mois == "x"`, at, `compare une liste (mois) à un texte ("x")`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := edit(t, "title: Revenus\n", "title: Revenus\n    when: '"+tt.when+"'\n")
			_, problems := procedure.Parse("essai.yaml", []byte(doc))
			checkProblems(t, problems, []want{{tt.at, tt.says}})
			for _, goWord := range []string{"float64", "string", "bool", "mismatched"} {
				if len(problems) > 0 && strings.Contains(problems[0].Text("fr"), goWord) {
					t.Errorf("message speaks Go (%q): %s", goWord, problems[0].Text("fr"))
				}
			}
		})
	}
	// A rule: of a check is explained the same way.
	doc := edit(t, "    title: Revenus\n", "    title: Revenus\n    checks:\n      - {id: coherent, rule: 'age >= \"18\"', message: Incohérent.}\n")
	_, problems := procedure.Parse("essai.yaml", []byte(doc))
	checkProblems(t, problems, []want{{"essai.yaml:23:30", "écrivez 18, sans guillemets"}})
}

// TestMistakeInAReusedBlockIsReportedOnce: a misspelt key inside a block
// reused with <<: *name is one problem, at the block, saying it is reused.
func TestMistakeInAReusedBlockIsReportedOnce(t *testing.T) {
	doc := edit(t,
		"      - id: age\n        type: number\n        label: Âge\n",
		"      - &nombre\n        id: age\n        type: number\n        label: Âge\n        mni: 0\n"+
			"      - <<: *nombre\n        id: enfants\n"+
			"      - <<: *nombre\n        id: pieces\n"+
			"      - {<<: *nombre, id: etages}\n",
	)
	_, problems := procedure.Parse("essai.yaml", []byte(doc))
	checkProblems(t, problems, []want{{"essai.yaml:21:9", `unknown key "mni" in field (did you mean "min"?) — this block is reused 3 times`}})
	// The sentence follows the keyed message when it is printed, in French too.
	if len(problems) == 1 && !strings.Contains(problems[0].String(), "clé inconnue « mni » dans ce champ (vouliez-vous dire « min » ?) — ce bloc est réutilisé 3 fois") {
		t.Errorf("the reuse is not told in French:\n%s", problems[0])
	}
}

// TestYAMLFoldedTextKeepsItsColumn: the lines of a text written after ">"
// keep the column of its first line.
func TestYAMLFoldedTextKeepsItsColumn(t *testing.T) {
	doc := edit(t, "  next: C'est fini.\n", "  next: >-\n    C'est fini,\n    vraiment\n   fini.\n")
	_, problems := procedure.Parse("essai.yaml", []byte(doc))
	checkProblems(t, problems, []want{{"essai.yaml:33:4", "Faites commencer toutes ses lignes en colonne 5"}})
}

// TestYAMLKeyOnTheDashColumn: a key of a list item written on the column
// of the item's dash must move right, under the item's first key.
func TestYAMLKeyOnTheDashColumn(t *testing.T) {
	doc := edit(t, "    title: Revenus", "  title: Revenus")
	_, problems := procedure.Parse("essai.yaml", []byte(doc))
	checkProblems(t, problems, []want{{"essai.yaml:21:3", "Faites-la commencer en colonne 5, comme « id » (ligne 20)"}})
}

// TestYAMLFirstKeyOnItsParentColumn: the first key of a block written on
// the column of the key that opens the block is the line to move, not the
// correctly indented key after it.
func TestYAMLFirstKeyOnItsParentColumn(t *testing.T) {
	doc := edit(t, "      nom: Martin", "    nom: Martin")
	_, problems := procedure.Parse("essai.yaml", []byte(doc))
	checkProblems(t, problems, []want{{"essai.yaml:36:5", "décalée de 2 espaces vers la gauche par rapport à ses voisines (ligne 37). Faites-la commencer en colonne 7"}})
}

// TestYAMLTextLineLeftOfItsText: a line of a long text written left of the
// lines it continues reads as a key; quoting would not help, aligning does.
func TestYAMLTextLineLeftOfItsText(t *testing.T) {
	doc := edit(t, "    story: Un profil d'essai.\n", "    story: >\n      Un profil\n    pour le test : âge : 31 ans.\n")
	_, problems := procedure.Parse("essai.yaml", []byte(doc))
	checkProblems(t, problems, []want{{"essai.yaml:36:5", "Faites-la commencer en colonne 7, comme la ligne 35"}})
	if len(problems) > 0 && strings.Contains(problems[0].Text("fr"), "guillemets") {
		t.Errorf("quoting is not the fix: %s", problems[0].Text("fr"))
	}
}

// TestMistakesExplainedInEnglish: the explanations are keys of the
// catalogue, so -lang en prints them in English.
func TestMistakesExplainedInEnglish(t *testing.T) {
	doc := edit(t, "        label: Nom", "\tlabel: Nom")
	_, problems := procedure.Parse("essai.yaml", []byte(doc))
	if len(problems) != 1 || !strings.Contains(problems[0].Text("en"), "Invalid YAML: this line is indented with a tab") {
		t.Errorf("want the tab explained in English, got:\n%v", problems.In("en"))
	}
	_, problems = procedure.Parse("essai.yaml", []byte(`id: essai
title: Essai
steps:
  - id: a
    title: A
    fields:
      - {id: age, type: number, label: Âge}
  - id: b
    title: B
    when: age == "2"
    fields:
      - {id: nom, type: text, label: Nom}
`))
	want := `"age == \"2\"" compares a number (age) with a text ("2"): write 2, without quotes`
	var got []string
	for _, p := range problems {
		if p.Line == 10 {
			got = append(got, p.Text("en"))
		}
	}
	if len(got) != 1 || got[0] != want {
		t.Errorf("want:\n%s\ngot:\n%v", want, problems.In("en"))
	}
}
