package web

import (
	"github.com/go-pdf/fpdf"
	"github.com/gofiber/fiber/v2"

	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/procedure"
)

// receiptPDF is the récépissé as a PDF to download or print, as the real
// sites give one. Every page says SPÉCIMEN — FICTIF: it is worth nothing.
func (s *server) receiptPDF(c *fiber.Ctx) error {
	p, a, err := s.withAttempt(c)
	if err != nil {
		return err
	}
	if a == nil || a.Receipt == nil {
		return c.Redirect(startURL(p), fiber.StatusSeeOther)
	}
	ev := s.Engine.Eval(p, a)
	site := s.a().locales.Translator("fr")
	doc, err := receiptDocument(p, a, ev, site.T)
	if err != nil {
		return err
	}
	if err := ev.Err(); err != nil {
		return err
	}
	return sendPDF(c, doc, "recepisse-"+p.ID+"-specimen.pdf")
}

// receiptDocument draws the récépissé: the dossier number, with its QR
// code where the real one has one (the pré-demande's, shown at the
// mairie), the date, the answers as on the review page, what happens
// next, and the specimen marks. Texts are the simulated site's, in French.
func receiptDocument(p *procedure.Procedure, a *engine.Attempt, ev *engine.Eval, t func(string, ...any) string) (*fpdf.Fpdf, error) {
	pdf, text := specimenPDF(ev.Text(p.Receipt.Title), p.Site, t)
	pdf.AddPage()
	pdf.SetFont("Helvetica", "B", 16)
	pdf.MultiCell(0, 8, text(ev.Text(p.Receipt.Title)), "", "L", false)
	pdf.Ln(2)
	pdf.SetFont("Helvetica", "", 11)
	pdf.MultiCell(0, 6, text(p.Title), "", "L", false)
	pdf.Ln(2)
	pdf.SetFont("Helvetica", "B", 12)
	pdf.MultiCell(0, 7, text(t("site.receipt.number")+" "+a.Receipt.Number), "", "L", false)
	pdf.SetFont("Helvetica", "", 11)
	pdf.MultiCell(0, 6, text(t("site.receipt.date", "Date", a.Receipt.Submitted.Format("02/01/2006"), "Time", a.Receipt.Submitted.Format("15:04"))), "", "L", false)
	pdf.Ln(4)
	if p.Receipt.QR {
		if err := drawQR(pdf, a.Receipt.Number, text(t("site.receipt.qr_caption"))); err != nil {
			return nil, err
		}
		pdf.Ln(2)
	}
	for _, sec := range ev.Review() {
		pdf.SetFont("Helvetica", "B", 11)
		pdf.MultiCell(0, 7, text(ev.Text(sec.Step.Title)), "B", "L", false)
		pdf.SetFont("Helvetica", "", 10)
		for _, row := range sec.Rows {
			value := row.Value
			if row.Word != "" {
				value = t("site." + row.Word)
			}
			pdf.MultiCell(0, 5, text(row.Label+" : "+value), "", "L", false)
		}
		pdf.Ln(2)
	}
	pdf.Ln(2)
	pdf.SetFont("Helvetica", "B", 11)
	pdf.MultiCell(0, 7, text(t("site.receipt.next")), "", "L", false)
	pdf.SetFont("Helvetica", "", 10)
	pdf.MultiCell(0, 5, text(ev.Text(p.Receipt.Next)), "", "L", false)
	return pdf, nil
}
