package procedure_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/repetition-demarches/repetition/server/procedure"
)

// withOwn is the minimal procedure with vos_donnees asking the three
// monthly incomes (line 46 on), and a scenario without a profile giving
// them.
var withOwn = minimal + `  - name: Sans profil, avec ses données
    vos_donnees:
      mois: [1200, 900, 1100]
    answers: {nom: Martin, age: 31}
    expect:
      reaches: receipt
vos_donnees:
  intro: Ce que l'administration sait de vous.
  fields:
    - id: mois
      type: money
      label: Revenus versés sur votre compte
      repeat: {count: 3, label: "Mois ${ i + 1 }"}
`

func TestOwnDataParses(t *testing.T) {
	p, problems := procedure.Parse("essai.yaml", []byte(withOwn))
	if len(problems) > 0 {
		t.Fatalf("problems:\n%v", indent(problems))
	}
	o := p.OwnData
	if o == nil || len(o.Fields) != 1 || o.Fields[0].ID != "mois" || o.Intro.Source != "Ce que l'administration sait de vous." {
		t.Fatalf("vos_donnees = %+v", o)
	}
	if !o.Asks("mois") || o.Asks("nom") {
		t.Errorf("Asks: mois %v, nom %v; want true, false", o.Asks("mois"), o.Asks("nom"))
	}
	if o.Fields[0].Repeat.Label.Parts[1].Expr.Program() == nil {
		t.Errorf("the repeat label of vos_donnees is not compiled")
	}
	sc := p.Scenarios[1]
	if got, want := sc.OwnData.Map, map[string]string{"mois.1": "1200", "mois.2": "900", "mois.3": "1100"}; !reflect.DeepEqual(got, want) {
		t.Errorf("scenario vos_donnees = %v, want %v", got, want)
	}
}

func TestOwnDataProblems(t *testing.T) {
	tests := []struct {
		name      string
		old, new  string
		key, line string // problem key, line:col
		text      string // part of its English text
	}{
		{"unknown key", "  intro: Ce que", "  intrro: Ce que", "decode.unknown_key", "51:3", `in this vos_donnees block (did you mean "intro"?)`},
		{"no field", "  fields:\n    - id: mois\n      type: money\n      label: Revenus versés sur votre compte\n      repeat: {count: 3, label: \"Mois ${ i + 1 }\"}\n", "  fields: []\n", "check.own_empty", "51:3", "at least one field"},
		{"not a step field", "    - id: mois\n      type", "    - id: moiss\n      type", "check.own_field", "53:7", `"moiss" is not a field of the steps`},
		{"another type", "      type: money\n      label: Revenus versés", "      type: number\n      label: Revenus versés", "check.own_type", "53:7", `step field of the same name is of type money`},
		{"prefill", "      label: Revenus versés sur votre compte\n", "      label: Revenus versés sur votre compte\n      prefill: mois\n", "check.own_setting", "53:7", "cannot have prefill"},
		{"password", "      type: money\n      label: Revenus versés", "      type: password\n      label: Revenus versés", "check.own_type_unsupported", "53:7", "of type password"},
		{"a profile too", "    vos_donnees:\n      mois: [1200", "    profile: kevin\n    vos_donnees:\n      mois: [1200", "check.scenario_own_profile", "47:7", "only for no profile"},
		{"a field not asked", "    vos_donnees:\n      mois: [1200, 900, 1100]\n", "    vos_donnees:\n      mois: [1200, 900, 1100]\n      nom: Martin\n", "check.scenario_own_field", "46:7", `the field "nom" is not asked`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if strings.Count(withOwn, tt.old) != 1 {
				t.Fatalf("%q occurs %d times", tt.old, strings.Count(withOwn, tt.old))
			}
			doc := strings.Replace(withOwn, tt.old, tt.new, 1)
			_, problems := procedure.Parse("essai.yaml", []byte(doc))
			for _, p := range problems {
				if p.Key == tt.key && fmt.Sprintf("%d:%d", p.Line, p.Column) == tt.line && strings.Contains(p.Text("en"), tt.text) {
					if p.Text("fr") == p.Text("en") {
						t.Errorf("%s is not in French: %s", p.Key, p.Text("fr"))
					}
					return
				}
			}
			t.Errorf("want %s at %s saying %q; problems:\n%v", tt.key, tt.line, tt.text, indent(problems))
		})
	}
}

func TestOwnDataRepeatAndNoSection(t *testing.T) {
	doc := withOwn[:strings.LastIndex(withOwn, "      repeat:")] + "      repeat: {count: 2, label: \"Mois ${ i + 1 }\"}\n"
	_, problems := procedure.Parse("essai.yaml", []byte(doc))
	if !hasKey(problems, "check.own_repeat") {
		t.Errorf("a repeat of 2 for a field asked 3 times: want check.own_repeat; problems:\n%v", indent(problems))
	}
	noSection := withOwn[:strings.Index(withOwn, "vos_donnees:\n  intro")]
	_, problems = procedure.Parse("essai.yaml", []byte(noSection))
	if !hasKey(problems, "check.scenario_own_none") {
		t.Errorf("a scenario's vos_donnees without the block: want check.scenario_own_none; problems:\n%v", indent(problems))
	}
}

func hasKey(ps procedure.Problems, key string) bool {
	for _, p := range ps {
		if p.Key == key {
			return true
		}
	}
	return false
}
