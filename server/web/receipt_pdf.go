package web

import (
	"bytes"
	"strings"

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
	doc := receiptDocument(p, a, ev, site.T)
	if err := ev.Err(); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := doc.Output(&buf); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/pdf")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="recepisse-`+p.ID+`-specimen.pdf"`)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(buf.Bytes())
}

// receiptDocument draws the récépissé: the dossier number, the date, the
// answers as on the review page, what happens next, and the specimen
// marks. Texts are the simulated site's, in French.
func receiptDocument(p *procedure.Procedure, a *engine.Attempt, ev *engine.Eval, t func(string, ...any) string) *fpdf.Fpdf {
	pdf := fpdf.New("P", "mm", "A4", "")
	tr := pdf.UnicodeTranslatorFromDescriptor("") // UTF-8 to the core fonts' cp1252
	text := func(s string) string {
		return tr(strings.NewReplacer("\u202f", " ", "\u00a0", " ", "€", "EUR", "’", "'", "…", "...", "–", "-", "—", "-").Replace(s))
	}
	specimen := text(t("site.receipt.specimen"))
	pdf.SetTitle(text(ev.Text(p.Receipt.Title))+" - "+specimen, false)
	pdf.SetSubject(specimen, false)
	pdf.SetCreator("Repetition", false)
	pdf.SetHeaderFunc(func() {
		// A large grey mark across the page, under the text.
		pdf.SetFont("Helvetica", "B", 54)
		pdf.SetTextColor(225, 225, 225)
		pdf.TransformBegin()
		pdf.TransformRotate(35, 105, 160)
		pdf.Text(22, 175, specimen)
		pdf.TransformEnd()
		pdf.SetTextColor(0, 0, 0)
		pdf.SetFont("Helvetica", "B", 10)
		pdf.CellFormat(0, 6, text(t("site.receipt.specimen_banner")), "1", 1, "C", false, 0, "")
		pdf.Ln(4)
	})
	pdf.SetFooterFunc(func() {
		pdf.SetY(-15)
		pdf.SetFont("Helvetica", "I", 8)
		pdf.CellFormat(0, 8, specimen+" - "+text(p.Site), "", 0, "C", false, 0, "")
	})
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
	return pdf
}
