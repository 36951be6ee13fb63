package procedure_test

import (
	"testing"

	"github.com/repetition-demarches/repetition/server/procedure"
)

// withProduces adds a follow_up with one event (recu, line 33) and a
// produces list starting at line 34, before the profiles.
func withProduces(t *testing.T, produces string) string {
	return withFollowUp(t, "  events:\n    - {id: recu, status: received, after: 0}\nproduces:\n"+produces)
}

func TestParseProduces(t *testing.T) {
	doc := withProduces(t, `  - id: attestation
    title: Attestation de ${ nom }
    event: recu
    lines:
      - {label: Numéro, text: "${ dossier.numero }"}
      - text: Déposé le ${ dossier.depot }, délivré le ${ dossier.date }.
    qr: '"SPECIMEN " + dossier.numero'
  - id: accuse
    title: Accusé de réception
    lines: [{text: Reçu.}]
`)
	p, problems := procedure.Parse("essai.yaml", []byte(doc))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	d := p.ProducedDocument("attestation")
	if d == nil || d.Event != "recu" || len(d.Lines) != 2 || d.Lines[0].Label != "Numéro" || d.QR == nil || d.QR.Program() == nil {
		t.Fatalf("attestation = %+v", d)
	}
	if a := p.ProducedDocument("accuse"); a == nil || a.Event != "" || a.QR != nil {
		t.Errorf("accuse = %+v", a)
	}
	if p.ProducedDocument("cpi") != nil {
		t.Error("an undeclared document was found")
	}
}

func TestParseProducesProblems(t *testing.T) {
	const f = "essai.yaml:"
	tests := []struct {
		name, produces string
		want           []want
	}{
		{
			name:     "an unknown event, with a suggestion",
			produces: "  - {id: a, title: A, event: recue, lines: [{text: x}]}\n",
			want:     []want{{f + "35:5", `l'événement « recue » n'existe pas dans follow_up (vouliez-vous dire « recu » ?)`}},
		},
		{
			name:     "an expression that does not compile",
			produces: "  - {id: a, title: A, lines: [{text: \"${ salaire }\"}]}\n",
			want:     []want{{f + "35:38", `unknown name "salaire"`}},
		},
		{
			name:     "a qr reading an unknown fact of the dossier",
			produces: "  - {id: a, title: A, lines: [{text: x}], qr: dossier.nom}\n",
			want:     []want{{f + "35:47", `dossier.nom n'existe pas`}},
		},
		{
			name:     "a duplicate id and a bad id",
			produces: "  - {id: a, title: A, lines: [{text: x}]}\n  - {id: a, title: B, lines: [{text: x}]}\n  - {id: A_b, title: C, lines: [{text: x}]}\n",
			want: []want{
				{f + "36:5", `document produit « a » déclaré deux fois`},
				{f + "37:5", `l'identifiant du document produit « A_b »`},
			},
		},
		{
			name:     "lines are required",
			produces: "  - {id: a, title: A}\n",
			want:     []want{{f + "35:5", `lines`}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, problems := procedure.Parse("essai.yaml", []byte(withProduces(t, tt.produces)))
			checkProblems(t, problems, tt.want)
		})
	}
}

// A field named dossier would hide what documents read: it is refused.
func TestParseProducesReservesDossier(t *testing.T) {
	doc := edit(t, "      - id: nom\n", "      - id: dossier\n        type: text\n        label: Dossier\n      - id: nom\n",
		"profiles:\n", "produces:\n  - {id: a, title: A, lines: [{text: x}]}\nprofiles:\n")
	_, problems := procedure.Parse("essai.yaml", []byte(doc))
	checkProblems(t, problems, []want{{"essai.yaml:1:1", `ce nom est réservé aux documents produits`}})
}
