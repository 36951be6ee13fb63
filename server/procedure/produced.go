package procedure

// Produced documents: what the real site hands the learner at submission
// or later (an attestation de perte, a certificat provisoire
// d'immatriculation, an attestation de dépôt…). The sandbox draws each as
// a PDF marked SPÉCIMEN — FICTIF from the dossier's answers.

// Produced is one document the procedure produces.
type Produced struct {
	Pos   Pos
	ID    string `yaml:"id,required"`
	Title Text   `yaml:"title,required"`
	// Event is the follow-up event after which the document is given; empty,
	// it is given at submission with the récépissé.
	Event string `yaml:"event"`
	// Lines are drawn in order: a labelled box, or a paragraph without label.
	Lines []*ProducedLine `yaml:"lines,required"`
	// QR is the content of a QR code, for documents whose real one has one.
	QR *Expr `yaml:"qr"`
}

// ProducedLine is one line of a produced document.
type ProducedLine struct {
	Pos   Pos
	Label string `yaml:"label"`
	Text  Text   `yaml:"text,required"`
}

// DossierName is the name under which a produced document's expressions
// read the dossier: dossier.numero, dossier.depot (the submission date),
// dossier.date (the day the document is given).
const DossierName = "dossier"

// DossierFacts lists what dossier holds, every one a string.
func DossierFacts() []string { return []string{"numero", "depot", "date"} }

// ProducedDocument returns the produced document with this id, or nil.
func (p *Procedure) ProducedDocument(id string) *Produced {
	for _, d := range p.Produces {
		if d.ID == id {
			return d
		}
	}
	return nil
}
