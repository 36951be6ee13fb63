package procedure

import (
	"slices"
	"sort"
	"strings"

	"github.com/repetition-demarches/repetition/server/authoring"
)

// The paper folder ("Mes papiers"): each fictional profile may carry fake
// documents (an avis d'imposition, a carte Vitale, payslips…) drawn by the
// sandbox and marked SPÉCIMEN — FICTIF. A field's where names the document
// and the box where the answer is printed.

// Document is one fake paper of a profile.
type Document struct {
	Pos  Pos
	Kind string `yaml:"kind,required"`
	// ID tells apart several documents of one kind (three payslips).
	ID    string           `yaml:"id"`
	Title string           `yaml:"title"`
	Boxes map[string]*Text `yaml:"boxes"`
}

// Key is how addresses and where name the document: its id, or its kind.
func (d *Document) Key() string {
	if d.ID != "" {
		return d.ID
	}
	return d.Kind
}

// Heading is the document's title: the author's, or its kind's.
func (d *Document) Heading() string {
	if d.Title != "" {
		return d.Title
	}
	return DocumentKind(d.Kind).Title
}

// Where points to the box of a document where a field's answer is printed
// ("Où trouver cette information ?").
type Where struct {
	Pos Pos
	// Document is a kind (avis_imposition) or the id of a profile's document.
	Document string `yaml:"document,required"`
	Box      string `yaml:"box,required"`
}

// Kind describes a kind of document: its French title, its shape (a small
// card or an A4 sheet) and its boxes in the order they are drawn.
type Kind struct {
	ID    string
	Title string
	Card  bool
	Boxes []BoxKind
}

// BoxKind is one box of a kind of document, with the French label printed
// on the paper.
type BoxKind struct {
	ID, Label string
}

// Box returns the box with this id, or nil.
func (k *Kind) Box(id string) *BoxKind {
	for i := range k.Boxes {
		if k.Boxes[i].ID == id {
			return &k.Boxes[i]
		}
	}
	return nil
}

// BoxIDs lists the ids of the kind's boxes, in the order they are drawn.
func (k *Kind) BoxIDs() []string {
	ids := make([]string, len(k.Boxes))
	for i, b := range k.Boxes {
		ids[i] = b.ID
	}
	return ids
}

func kind(id, title string, card bool, boxes ...string) *Kind {
	k := &Kind{ID: id, Title: title, Card: card}
	for i := 0; i+1 < len(boxes); i += 2 {
		k.Boxes = append(k.Boxes, BoxKind{ID: boxes[i], Label: boxes[i+1]})
	}
	return k
}

// kinds is the catalogue of documents the sandbox can draw; docs/authoring.md
// lists them (a test keeps both in step).
var kinds = map[string]*Kind{}

func init() {
	for _, k := range []*Kind{
		kind("avis_imposition", "Avis d'impôt sur les revenus", false,
			"nom", "Déclarant(s)", "adresse", "Adresse", "annee_revenus", "Revenus de l'année",
			"numero_fiscal", "Numéro fiscal", "reference_avis", "Référence de l'avis",
			"nombre_parts", "Nombre de parts", "revenu_fiscal_reference", "Revenu fiscal de référence",
			"impot", "Impôt sur le revenu net"),
		kind("bulletin_salaire", "Bulletin de paie", false,
			"employeur", "Employeur", "salarie", "Salarié", "periode", "Période",
			"salaire_brut", "Salaire brut", "net_a_payer", "Net à payer avant impôt",
			"net_social", "Montant net social", "date_paiement", "Date de paiement"),
		kind("carte_vitale", "Carte Vitale", true,
			"nom", "Nom et prénom", "numero", "N° de sécurité sociale", "cle", "Clé"),
		kind("attestation_caf", "Attestation de paiement Caf", false,
			"nom", "Allocataire", "numero_allocataire", "N° allocataire", "adresse", "Adresse",
			"prestations", "Prestations versées", "date", "Date de l'attestation"),
		kind("carte_grise", "Certificat d'immatriculation", false,
			"immatriculation", "A. Numéro d'immatriculation", "date_premiere_immat", "B. Date de première immatriculation",
			"titulaire", "C.1 Titulaire", "adresse", "C.3 Adresse", "marque", "D.1 Marque",
			"energie", "P.3 Type de carburant", "puissance_fiscale", "P.6 Puissance administrative",
			"numero_formule", "N° de formule"),
		kind("justificatif_domicile", "Facture d'électricité", false,
			"fournisseur", "Fournisseur", "nom", "Titulaire du contrat", "adresse", "Adresse de consommation",
			"code_postal", "Code postal", "commune", "Commune", "date", "Date de la facture"),
		kind("rib", "Relevé d'identité bancaire", false,
			"titulaire", "Titulaire du compte", "banque", "Banque", "iban", "IBAN", "bic", "BIC"),
		kind("titre_sejour", "Titre de séjour", true,
			"nom", "Nom", "prenoms", "Prénoms", "nationalite", "Nationalité", "date_naissance", "Date de naissance",
			"mention", "Type de titre / Remarques", "fin_validite", "Valable jusqu'au",
			"numero_etranger", "N° étranger", "numero_titre", "N° du titre"),
		kind("permis", "Permis de conduire", true,
			"nom", "1. Nom", "prenoms", "2. Prénoms", "date_naissance", "3. Date et lieu de naissance",
			"date_delivrance", "4a. Date de délivrance", "numero", "5. N° du permis", "categories", "9. Catégories"),
		kind("carte_identite", "Carte d'identité", true,
			"nom", "Nom", "nom_usage", "Nom d'usage", "prenoms", "Prénoms", "sexe", "Sexe",
			"date_naissance", "Date de naissance", "lieu_naissance", "Lieu de naissance",
			"taille", "Taille", "numero", "N° du document", "fin_validite", "Date d'expiration"),
		kind("devis", "Devis", false,
			"entreprise", "Entreprise", "siret", "SIRET", "rge", "Qualification RGE", "date", "Date du devis",
			"client", "Client", "adresse", "Adresse des travaux",
			"ligne_1", "Désignation (ligne 1)", "montant_1", "Montant TTC (ligne 1)",
			"ligne_2", "Désignation (ligne 2)", "montant_2", "Montant TTC (ligne 2)",
			"total", "Total TTC", "signature", "Bon pour accord"),
		kind("timbre_fiscal", "Timbre fiscal électronique", true,
			"objet", "Objet", "montant", "Montant", "numero", "N° du timbre"),
		kind("certificat_cession", "Certificat de cession", false,
			"vendeur", "Vendeur", "acheteur", "Acheteur", "immatriculation", "Numéro d'immatriculation",
			"date_cession", "Date de la cession", "code_cession", "Code de cession"),
	} {
		kinds[k.ID] = k
	}
}

// DocumentKind returns the kind with this id, or nil.
func DocumentKind(id string) *Kind { return kinds[id] }

// DocumentKinds lists the ids of the kinds of documents, sorted.
func DocumentKinds() []string { return sortedKeys(kinds) }

// Document returns the profile's document whose id (or kind, when it has
// no id) is key, or nil.
func (pr *Profile) Document(key string) *Document {
	for _, d := range pr.Documents {
		if d.Key() == key {
			return d
		}
	}
	return nil
}

// DocumentFor returns the document where the profile reads answer number
// i (0-based) of a field with where: the i-th of its documents matching
// where.document (by id, or by kind); nil when it has none.
func (pr *Profile) DocumentFor(w *Where, i int) *Document {
	if pr == nil || w == nil {
		return nil
	}
	n := 0
	for _, d := range pr.Documents {
		if d.ID == w.Document || d.Kind == w.Document {
			if n == i {
				return d
			}
			n++
		}
	}
	return nil
}

// checkDocuments verifies a profile's documents: known kinds and boxes,
// an id for each of several documents of one kind, every box computed
// with the answers' rules (${ } with today() and the like).
func (c *checker) checkDocuments(pr *Profile) {
	keys := map[string]bool{}
	for _, d := range pr.Documents {
		k := kinds[d.Kind]
		if k == nil {
			c.errorf(d.Pos, "documents.kind", "Profile", q(pr.ID), "Kind", q(d.Kind), authoring.SuggestArg, suggest(d.Kind, DocumentKinds()))
			continue
		}
		if d.ID != "" && !valueRE.MatchString(d.ID) {
			c.errorf(d.Pos, "check.value_chars", "What", authoring.Term("document_id"), "Value", q(d.ID))
		}
		if keys[d.Key()] {
			if d.ID == "" {
				c.errorf(d.Pos, "documents.several", "Profile", q(pr.ID), "Kind", d.Kind)
			} else {
				c.errorf(d.Pos, "documents.duplicate", "Profile", q(pr.ID), "ID", q(d.ID))
			}
		}
		keys[d.Key()] = true
		for _, id := range sortedKeys(d.Boxes) {
			t := d.Boxes[id]
			if k.Box(id) == nil {
				c.errorf(t.Position(d.Pos), "documents.box", "Kind", d.Kind, "Box", q(id), authoring.SuggestArg, suggest(id, k.BoxIDs()), "Boxes", strings.Join(k.BoxIDs(), ", "))
				continue
			}
			c.compileText(t, c.env)
		}
	}
}

// checkWhere verifies a field's where: a known kind, or a document id of
// some profile, and a box of that kind.
func (c *checker) checkWhere(f *Field) {
	w := f.Where
	if w == nil || w.Document == "" || w.Box == "" {
		return // the decoder reported the missing key
	}
	var kindIDs []string
	if k := kinds[w.Document]; k != nil {
		kindIDs = append(kindIDs, k.ID)
	} else {
		ids := map[string]bool{}
		for _, pr := range c.p.Profiles {
			for _, d := range pr.Documents {
				if d.ID == w.Document && kinds[d.Kind] != nil && !slices.Contains(kindIDs, d.Kind) {
					kindIDs = append(kindIDs, d.Kind)
				}
				if d.ID != "" {
					ids[d.ID] = true
				}
			}
		}
		if len(kindIDs) == 0 {
			known := append(DocumentKinds(), sortedKeys(ids)...)
			c.errorf(w.Pos, "documents.where_document", "Field", q(f.ID), "Document", q(w.Document), authoring.SuggestArg, suggest(w.Document, known))
			return
		}
	}
	sort.Strings(kindIDs)
	for _, id := range kindIDs {
		if k := kinds[id]; k.Box(w.Box) == nil {
			c.errorf(w.Pos, "documents.where_box", "Field", q(f.ID), "Kind", id, "Box", q(w.Box), authoring.SuggestArg, suggest(w.Box, k.BoxIDs()), "Boxes", strings.Join(k.BoxIDs(), ", "))
		}
	}
}
