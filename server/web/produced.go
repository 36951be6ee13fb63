package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/procedure"
)

func producedURL(p *procedure.Procedure, id string) string {
	return "/demarches/" + p.ID + "/documents/" + id
}

// producedLink is a link to a document the dossier has received.
type producedLink struct {
	Title, URL string
}

// producedLinks lists the documents the attempt has received so far, with
// their rendered titles; none for a draft.
func (s *server) producedLinks(p *procedure.Procedure, a *engine.Attempt) ([]producedLink, error) {
	given, err := s.Engine.Given(p, a)
	if err != nil {
		return nil, err
	}
	var out []producedLink
	for _, g := range given {
		doc, err := s.Engine.Issue(p, a, g.Doc.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, producedLink{Title: doc.Title, URL: producedURL(p, g.Doc.ID)})
	}
	return out, nil
}

// producedPDF is a document the procedure produces (an attestation, a
// certificat provisoire…), drawn from the learner's own dossier as a PDF
// marked SPÉCIMEN — FICTIF. It reads and writes nothing else: without a
// submitted attempt in this session, or before the document's event, there
// is nothing here (404).
func (s *server) producedPDF(c *fiber.Ctx) error {
	p, a, err := s.withAttempt(c)
	if err != nil {
		return err
	}
	if a == nil {
		return fiber.ErrNotFound
	}
	doc, err := s.Engine.Issue(p, a, c.Params("doc"))
	if err != nil {
		return err
	}
	if doc == nil {
		return fiber.ErrNotFound
	}
	t := s.a().locales.Translator("fr").T
	pdf, text := specimenPDF(doc.Title, p.Site, t)
	pdf.AddPage()
	pdf.SetFont("Helvetica", "B", 16)
	pdf.MultiCell(0, 8, text(doc.Title), "", "L", false)
	pdf.Ln(2)
	pdf.SetFont("Helvetica", "", 11)
	pdf.MultiCell(0, 6, text(p.Site), "", "L", false)
	pdf.Ln(4)
	for _, l := range doc.Lines {
		if l.Label == "" {
			pdf.SetFont("Helvetica", "", 11)
			pdf.MultiCell(0, 6, text(l.Text), "", "L", false)
			pdf.Ln(2)
			continue
		}
		pdf.SetFont("Helvetica", "B", 10)
		pdf.MultiCell(0, 6, text(l.Label), "LTR", "L", false)
		pdf.SetFont("Helvetica", "", 11)
		pdf.MultiCell(0, 7, text(l.Text), "LBR", "L", false)
		pdf.Ln(2)
	}
	if doc.QR != "" {
		pdf.Ln(2)
		if err := drawQR(pdf, doc.QR, ""); err != nil {
			return err
		}
	}
	return sendPDF(c, pdf, doc.Doc.ID+"-"+p.ID+"-specimen.pdf")
}
