package procedure_test

import (
	"strings"
	"testing"

	"github.com/repetition-demarches/repetition/server/procedure"
)

// Three of the mistakes every author makes get one problem each, saying
// what to write instead.
func TestClassicMistakesSayTheFix(t *testing.T) {
	cases := []struct {
		name, from, to, want string
	}{
		{"misspelt required key", "label: Nom", "lable: Nom",
			"clé inconnue « lable » dans ce champ (vouliez-vous dire « label » ?)"},
		{"date written the French way", "compared: 2026-01-01", "compared: 01/02/2026",
			"une date écrite AAAA-MM-JJ était attendue, on trouve « 01/02/2026 » : écrivez 2026-02-01"},
		{"accented option value", "      - id: age\n", "      - {id: logement, type: radio, label: Logement, options: [{value: locataire, label: Locataire}, {value: propriétaire, label: Propriétaire}]}\n      - id: age\n",
			"écrivez « proprietaire »"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc := strings.Replace(minimal, tc.from, tc.to, 1)
			_, problems := procedure.Parse("essai.yaml", []byte(doc))
			if len(problems) != 1 {
				t.Fatalf("want one problem, got %d:\n%v", len(problems), problems)
			}
			if got := problems[0].String(); !strings.Contains(got, tc.want) {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}
