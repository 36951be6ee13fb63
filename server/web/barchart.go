package web

import (
	"bytes"
	"html/template"
	"strconv"
	"unicode/utf8"
)

// bar is one row of a bar chart: a label and a count.
type bar struct {
	Label string
	// Detail is a second column of the data table (the step of a field…).
	Detail string
	N      int
	// French marks a label of the simulated site (a step's title, a
	// field's label), kept in French in every language.
	French bool
}

// Geometry and colours of the bar charts. The bar's blue is 7:1 on white
// and the text 16:1: both beyond what WCAG asks of text and graphics.
const (
	chartW      = 640
	chartLabelW = 260 // the labels' column
	chartBarW   = 320 // the longest bar
	chartRow    = 30
	chartFont   = 14
	chartInk    = "#1b1b1b"
	chartBar    = "#0b57a4"
	chartTrack  = "#e8eef5"
	chartLabel  = 34 // characters of a label before "…" (the table has them whole)
)

// barChart draws rows as a horizontal bar chart in SVG, with presentation
// attributes only (the CSP forbids inline styles). It is an image with
// a label: the data table that follows it gives the figures to everyone.
func barChart(title string, rows []bar) template.HTML {
	max := 0
	for _, r := range rows {
		max = maxInt(max, r.N)
	}
	h := len(rows)*chartRow + 8
	var b bytes.Buffer
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="`)
	template.HTMLEscape(&b, []byte(title))
	b.WriteString(`" viewBox="0 0 ` + strconv.Itoa(chartW) + ` ` + strconv.Itoa(h) + `" width="100%" font-family="system-ui, sans-serif" font-size="` + strconv.Itoa(chartFont) + `" direction="ltr">`)
	for i, r := range rows {
		y := i*chartRow + 4
		w := 0
		if max > 0 {
			w = r.N * chartBarW / max
		}
		if r.N > 0 {
			w = maxInt(w, 2)
		}
		text := r.Label
		if utf8.RuneCountInString(text) > chartLabel {
			text = string([]rune(text)[:chartLabel-1]) + "…"
		}
		ty := strconv.Itoa(y + chartRow/2 + chartFont/3)
		b.WriteString(`<text x="0" y="` + ty + `" fill="` + chartInk + `"`)
		if r.French {
			b.WriteString(` lang="fr"`)
		}
		b.WriteString(`>`)
		template.HTMLEscape(&b, []byte(text))
		b.WriteString(`</text><rect x="` + strconv.Itoa(chartLabelW) + `" y="` + strconv.Itoa(y+4) + `" width="` + strconv.Itoa(chartBarW) +
			`" height="` + strconv.Itoa(chartRow-10) + `" fill="` + chartTrack + `"/>`)
		b.WriteString(`<rect x="` + strconv.Itoa(chartLabelW) + `" y="` + strconv.Itoa(y+4) + `" width="` + strconv.Itoa(w) +
			`" height="` + strconv.Itoa(chartRow-10) + `" fill="` + chartBar + `"/>`)
		b.WriteString(`<text x="` + strconv.Itoa(chartLabelW+w+6) + `" y="` + ty + `" fill="` + chartInk + `" font-weight="700">` + strconv.Itoa(r.N) + `</text>`)
	}
	b.WriteString(`</svg>`)
	// Every text written above is escaped.
	return template.HTML(b.String())
}

func maxInt(a, b int) int {
	if a > b {
		return a
	}
	return b
}
