package web

import (
	"compress/zlib"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/repetition-demarches/repetition/server/procedure"
)

// producedProc gives an accusé at submission and, once its follow-up
// event has happened, an attestation with a QR code; its récépissé has
// a QR code too, as the ANTS pré-demande's.
const producedProc = `id: essai-documents
title: Essai de documents produits
organisation: ants
site: Site d'essai
summary: Une démarche d'essai qui produit des documents.
duration: 5 min
level: débutant
real: {url: "https://example.fr/", compared: 2026-01-01}
steps:
  - id: nom
    title: Votre nom
    fields:
      - {id: nom, type: text, label: Nom}
receipt:
  title: Enregistré
  number: T-${ digits(6) }
  next: Fin.
  qr: true
follow_up:
  events:
    - {id: etudiee, status: processing, after: 2, message: Étudiée.}
produces:
  - id: accuse
    title: Accusé de réception
    lines:
      - {label: Numéro de dossier, text: "${ dossier.numero }"}
  - id: attestation-perte
    title: Attestation de perte de ${ nom }
    event: etudiee
    lines:
      - {label: Délivrée le, text: "${ dossier.date }"}
      - text: Valable deux mois.
    qr: '"SPECIMEN FICTIF " + dossier.numero'
profiles:
  - {id: lea, name: Léa, story: Une personne d'essai., answers: {nom: Martin}}
`

func producedApp(t *testing.T) (*testApp, *procedure.Procedure) {
	t.Helper()
	p, problems := procedure.Parse("essai-documents.yaml", []byte(producedProc))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	return newTestAppWith(t, p), p
}

var pdfStreamRE = regexp.MustCompile(`(?s)stream\r?\n(.*?)\r?\nendstream`)

// pdfText is the PDF with its compressed streams inflated, so that the
// text drawn on the pages can be searched (in the core fonts' cp1252).
func pdfText(t *testing.T, body string) string {
	t.Helper()
	var b strings.Builder
	for _, m := range pdfStreamRE.FindAllStringSubmatch(body, -1) {
		r, err := zlib.NewReader(strings.NewReader(m[1]))
		if err != nil {
			b.WriteString(m[1])
			continue
		}
		out, _ := io.ReadAll(r)
		b.Write(out)
	}
	return b.String()
}

// specimenInPages is SPÉCIMEN - FICTIF as drawn on every page.
const specimenInPages = "SP\xc9CIMEN - FICTIF"

// checkSpecimenPDF checks a downloaded document: a PDF, marked on its
// pages (not only in its metadata) as a specimen, with the banner.
func checkSpecimenPDF(t *testing.T, what string, res response) string {
	t.Helper()
	if res.status != http.StatusOK || res.header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(res.body, "%PDF-") {
		t.Fatalf("%s: %d %q %.10q", what, res.status, res.header.Get("Content-Type"), res.body)
	}
	text := pdfText(t, res.body)
	if !strings.Contains(text, specimenInPages) || !strings.Contains(text, "Document d'entra\xeenement") {
		t.Errorf("%s: the pages are not marked as a specimen", what)
	}
	return text
}

func hasImage(body string) bool { return strings.Contains(body, "/Subtype /Image") }

// TestProducedDocuments: the accusé at submission, linked from the receipt
// and Mon espace; the attestation only once its event has happened, with
// its QR code; nothing for a draft, another session or an unknown id; and
// downloading writes nothing.
func TestProducedDocuments(t *testing.T) {
	ta, p := producedApp(t)
	c := ta.client(t)
	accuse, attestation := producedURL(p, "accuse"), producedURL(p, "attestation-perte")
	if res := c.get(accuse); res.status != http.StatusNotFound {
		t.Fatalf("without a session: %d", res.status)
	}
	c.begin(p, "lea")
	if res := c.get(accuse); res.status != http.StatusNotFound {
		t.Fatalf("a draft's accusé: %d", res.status)
	}
	c.fillSteps(p, map[string]string{"nom": "Martin"})
	c.post("/demarches/"+p.ID+"/valider", url.Values{"attestation": {"true"}})
	number := ta.attemptOf(t, c, p.ID).Receipt.Number

	receipt := c.get(receiptURL(p))
	if !strings.Contains(receipt.body, `<a href="`+accuse+`" download>Accusé de réception (PDF, spécimen)</a>`) {
		t.Error("the receipt does not link the accusé")
	}
	if strings.Contains(receipt.body, attestation) {
		t.Error("the receipt links the attestation before its event")
	}
	before := ta.attemptOf(t, c, p.ID)
	text := checkSpecimenPDF(t, "accusé", c.get(accuse))
	if !strings.Contains(text, "(Accus\xe9 de r\xe9ception)") || !strings.Contains(text, "("+number+")") {
		t.Error("the accusé does not print its title and the dossier number")
	}
	if !reflect.DeepEqual(before, ta.attemptOf(t, c, p.ID)) {
		t.Error("downloading a document changed the attempt")
	}
	if res := c.get(attestation); res.status != http.StatusNotFound {
		t.Fatalf("the attestation before its event: %d", res.status)
	}
	if res := c.get(producedURL(p, "inconnu")); res.status != http.StatusNotFound {
		t.Fatalf("an unknown document: %d", res.status)
	}
	other := ta.client(t)
	other.begin(p, "lea")
	if res := other.get(accuse); res.status != http.StatusNotFound {
		t.Fatalf("another session's accusé: %d", res.status)
	}

	c.follow(c.post(dossierURL(p)+"/avancer", nil))
	dossier := c.get(dossierURL(p))
	space := c.get("/mon-espace")
	for _, page := range []response{dossier, space} {
		if !strings.Contains(page.body, `<a href="`+attestation+`" download>Attestation de perte de Martin (PDF, spécimen)</a>`) || !strings.Contains(page.body, `href="`+accuse+`"`) {
			t.Error("the dossier page or Mon espace does not link both documents")
		}
	}
	res := c.get(attestation)
	text = checkSpecimenPDF(t, "attestation", res)
	if !strings.Contains(text, "(Valable deux mois.)") || !hasImage(res.body) {
		t.Error("the attestation lacks its text or its QR code")
	}
	if hasImage(c.get(accuse).body) {
		t.Error("the accusé has an image, and no qr")
	}
	if res := other.get(attestation); res.status != http.StatusNotFound {
		t.Fatalf("another session's attestation: %d", res.status)
	}
}

// The récépissé of a procedure whose receipt shows a QR code (the ANTS
// pré-demande's, read at the mairie) carries it in its PDF too.
func TestReceiptPDFCarriesTheQRCode(t *testing.T) {
	ta, p := producedApp(t)
	c := ta.client(t)
	c.begin(p, "lea")
	c.fillSteps(p, map[string]string{"nom": "Martin"})
	c.post("/demarches/"+p.ID+"/valider", url.Values{"attestation": {"true"}})
	res := c.get("/demarches/" + p.ID + "/recepisse.pdf")
	checkSpecimenPDF(t, "récépissé", res)
	if !hasImage(res.body) {
		t.Error("the récépissé has no QR code")
	}
	// Without receipt.qr, no image.
	caf := caf(t, ta)
	c.begin(caf, "kevin")
	c.fillSteps(caf, ta.engine.ScenarioAnswers(caf, caf.Scenarios[0]))
	c.post("/demarches/"+caf.ID+"/valider", url.Values{"attestation": {"true"}})
	if res := c.get("/demarches/" + caf.ID + "/recepisse.pdf"); res.status != http.StatusOK || hasImage(res.body) {
		t.Errorf("the Caf récépissé: %d, image %v", res.status, hasImage(res.body))
	}
}

// checkProducedDownloads downloads every document the learner's dossier
// has received, as linked from the dossier's pages. When the scenario
// expects documents, those are exactly the ones received, and every other
// document of the procedure is linked from no page and answers 404 (a
// refused carte grise gives no certificat provisoire).
func checkProducedDownloads(t *testing.T, ta *testApp, c *client, p *procedure.Procedure, sc *procedure.Scenario) {
	t.Helper()
	a := ta.attemptOf(t, c, p.ID)
	given, err := ta.engine.Given(p, a)
	if err != nil {
		t.Fatal(err)
	}
	pages := []response{c.get(receiptURL(p)), c.get("/mon-espace")}
	if p.FollowUp != nil {
		pages = append(pages, c.get(dossierURL(p)))
	}
	page := pages[len(pages)-1]
	got := map[string]bool{}
	var ids []string
	for _, g := range given {
		got[g.Doc.ID] = true
		ids = append(ids, g.Doc.ID)
		u := producedURL(p, g.Doc.ID)
		if !strings.Contains(page.body, `href="`+u+`"`) {
			t.Errorf("%s is not linked", u)
		}
		res := c.get(u)
		checkSpecimenPDF(t, u, res)
		if g.Doc.QR != nil && !hasImage(res.body) {
			t.Errorf("%s: no QR code", u)
		}
	}
	if sc.Expect.Documents == nil {
		return
	}
	if strings.Join(ids, ",") != strings.Join(sc.Expect.Documents, ",") {
		t.Errorf("documents received %v, expected %v", ids, sc.Expect.Documents)
	}
	for _, d := range p.Produces {
		if got[d.ID] {
			continue
		}
		u := producedURL(p, d.ID)
		for _, page := range pages {
			if strings.Contains(page.body, `href="`+u+`"`) {
				t.Errorf("%s is linked, though the dossier has not received it", u)
			}
		}
		if res := c.get(u); res.status != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", u, res.status)
		}
	}
}
