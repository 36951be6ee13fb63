package web

import (
	"bytes"
	"strings"

	"github.com/go-pdf/fpdf"
	"github.com/gofiber/fiber/v2"
	qrcode "github.com/skip2/go-qrcode"
)

// specimenPDF starts a PDF of the simulated site whose every page carries
// the practice banner, a large SPÉCIMEN — FICTIF mark and a footer naming
// the site: a document drawn by the sandbox is worth nothing, and says so
// wherever it is printed. text converts a French string to the core
// fonts' encoding.
func specimenPDF(title, site string, t func(string, ...any) string) (pdf *fpdf.Fpdf, text func(string) string) {
	pdf = fpdf.New("P", "mm", "A4", "")
	tr := pdf.UnicodeTranslatorFromDescriptor("") // UTF-8 to the core fonts' cp1252
	text = func(s string) string {
		return tr(strings.NewReplacer("\u202f", " ", "\u00a0", " ", "€", "EUR", "’", "'", "…", "...", "–", "-", "—", "-").Replace(s))
	}
	specimen := text(t("site.receipt.specimen"))
	pdf.SetTitle(text(title)+" - "+specimen, false)
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
		pdf.CellFormat(0, 8, specimen+" - "+text(site), "", 0, "C", false, 0, "")
	})
	return pdf, text
}

// drawQR draws content as a QR code, 40 mm wide, at the left margin below
// the current line, with its caption beside it.
func drawQR(pdf *fpdf.Fpdf, content, caption string) error {
	png, err := qrcode.Encode(content, qrcode.Medium, 256)
	if err != nil {
		return err
	}
	const size = 40.0
	opts := fpdf.ImageOptions{ImageType: "PNG"}
	name := "qr-" + content
	pdf.RegisterImageOptionsReader(name, opts, bytes.NewReader(png))
	x, y := pdf.GetX(), pdf.GetY()
	if y+size > 270 {
		pdf.AddPage()
		x, y = pdf.GetX(), pdf.GetY()
	}
	pdf.ImageOptions(name, x, y, size, size, false, opts, 0, "")
	pdf.SetXY(x+size+4, y+size/2-5)
	pdf.SetFont("Helvetica", "", 10)
	pdf.MultiCell(0, 5, caption, "", "L", false)
	pdf.SetXY(x, y+size+2)
	return pdf.Error()
}

// sendPDF answers with the document as an attachment that no cache keeps.
func sendPDF(c *fiber.Ctx, pdf *fpdf.Fpdf, filename string) error {
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/pdf")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+filename+`"`)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(buf.Bytes())
}
