package procedure_test

import (
	"strings"
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

// A scenario's expected documents are produced ones, and only a
// submitted dossier receives any.
func TestParseExpectDocuments(t *testing.T) {
	produces := "  - {id: accuse, title: A, lines: [{text: x}]}\n  - {id: attestation, title: B, event: recu, lines: [{text: x}]}\n"
	tests := []struct {
		name, expect string
		want         []want
	}{
		{name: "known documents", expect: "      reaches: receipt\n      documents: [accuse, attestation]\n"},
		{name: "none", expect: "      reaches: receipt\n      documents: []\n"},
		{
			name:   "an unknown document, with a suggestion",
			expect: "      reaches: receipt\n      documents: [accuse, attestations]\n",
			want:   []want{{"essai.yaml:49:7", `documents nomme « attestations », qui n'est pas dans produces (vouliez-vous dire « attestation » ?)`}},
		},
		{
			name:   "a draft",
			expect: "      reaches: review\n      documents: []\n",
			want:   []want{{"essai.yaml:49:7", `les documents ne sont reçus qu'après l'envoi`}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := strings.Replace(withProduces(t, produces), "      reaches: receipt\n", tt.expect, 1)
			_, problems := procedure.Parse("essai.yaml", []byte(doc))
			checkProblems(t, problems, tt.want)
		})
	}
}
