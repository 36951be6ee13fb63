package flow

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Geometry of the diagram, in viewBox units.
const (
	width     = 760
	boxW      = 440
	boxX      = (width - boxW) / 2
	spine     = width / 2        // the column of the arrows
	lane      = boxX + boxW + 30 // the column of the arrows that skip a step
	padX      = 14
	textX     = boxX + 50 // titles, after the number
	textW     = boxX + boxW - padX - textX
	labelW    = spine - 12 - 16 // conditions, left of the arrows
	titleSize = 15.0
	titleLine = 19
	metaSize  = 12.5
	metaLine  = 16
	chipSize  = 11.5
	chipH     = 20
	condSize  = 12.5
	condLine  = 15
	font      = "system-ui, sans-serif"
)

// Colours: every text is at least 4.5:1 on its fill, every line and border
// at least 3:1 on white.
const (
	cPage       = "#ffffff"
	cInk        = "#111827" // titles
	cMuted      = "#4b5563" // secondary text
	cLine       = "#33415c" // arrows, borders, numbers
	cSkip       = "#55627a" // arrows that skip a step
	cCond       = "#1e3a8a" // conditions
	cStepFill   = "#f4f6fb"
	cCondStroke = "#1e3a8a"
	cExit       = "#b42318"
	cExitFill   = "#fdecec"
	cEnd        = "#1f7a3a"
	cEndFill    = "#e7f5ea"
	cStart      = "#1f2a44"
	cStartSoft  = "#d6dcea"
	cChipFill   = "#fff3cd"
	cChipStroke = "#b7791f"
	cChipInk    = "#5c3b00"
)

// layout is where one node is drawn.
type layout struct {
	y, h     int
	title    []string
	meta     []string
	chips    [][]string // rows of tags
	cond     []string   // the condition, beside the arrow leading here
	source   string     // the steps whose answers the condition reads
	condY    int        // top of the condition's text
	splitY   int        // where the arrow that skips this step leaves the spine
	mergeY   int        // where it comes back, below this step
	in, out  bool       // some edge leads here, some edge leaves
	bypassed bool       // some edge skips this node
}

// SVG draws the graph as a standalone, accessible SVG document: the pages
// top to bottom in order; a conditional step with a dashed border and its
// condition beside the arrow that leads to it; on the right, the arrow taken
// when the condition is false; exits in red with the words "Fin du
// parcours"; review and receipt in green at the end. It uses presentation
// attributes only (no style, no script, no external reference) and scales to
// the width of its container.
func (g Graph) SVG() []byte {
	num := g.numbers()
	reached := g.reached()
	index := make(map[string]int, len(g.Nodes))
	for i, n := range g.Nodes {
		index[n.ID] = i
	}
	ls := make([]layout, len(g.Nodes))
	for _, e := range g.Edges {
		from, okf := index[e.From]
		to, okt := index[e.To]
		if !okf || !okt {
			continue
		}
		ls[from].out = true
		ls[to].in = true
		for k := from + 1; k < to; k++ {
			ls[k].bypassed = true
		}
	}

	// Measure and place, top to bottom, below the legend.
	var key bytes.Buffer
	y := legend(&key)
	for i, n := range g.Nodes {
		l := &ls[i]
		if i > 0 {
			prev := &ls[i-1]
			y += 12
			if prev.bypassed {
				prev.mergeY = y
				y += 12
			}
			if l.bypassed {
				l.splitY = y
				y += 6
			}
			if n.Condition != "" {
				l.cond = wrap("si "+clean(n.Condition), labelW, condSize, false, 3)
				if len(n.DependsOn) > 0 {
					l.source = "d'après " + stepsWord(n.DependsOn, num)
				}
				l.condY = y
				y += condLine*len(l.cond) + 4
				if l.source != "" {
					y += condLine - 1
				}
			}
			y += 14
			if least := ls[i-1].y + ls[i-1].h + 36; y < least {
				y = least
			}
		}
		l.y = y
		measure(n, l, reached[n.ID])
		y += l.h
	}
	height := y + 24

	var b bytes.Buffer
	b.Grow(4096 + 1200*len(g.Nodes))
	title := "Parcours de la démarche"
	if len(g.Nodes) > 0 && g.Nodes[0].Kind == KindStart {
		title += " « " + clean(g.Nodes[0].Title) + " »"
	}
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" role="img" width="100%" viewBox="0 0 `)
	b.WriteString(strconv.Itoa(width))
	b.WriteByte(' ')
	b.WriteString(strconv.Itoa(height))
	b.WriteString(`" font-family="` + font + `">`)
	b.WriteString("\n<title>")
	b.WriteString(esc(title))
	b.WriteString("</title>\n<desc>")
	b.WriteString(esc(g.describe()))
	b.WriteString("</desc>\n")
	rect(&b, 0, 0, width, height, 0, cPage, "", 0, "")
	b.Write(key.Bytes())

	// Arrows first, boxes over them.
	for i := range g.Nodes {
		l := &ls[i]
		if i > 0 && l.in {
			prev := &ls[i-1]
			from := -1
			switch {
			case prev.out:
				from = prev.y + prev.h
			case prev.bypassed:
				from = prev.mergeY
			}
			if from >= 0 {
				line(&b, spine, from, spine, l.y-8, cLine, 1.5, "")
				arrowDown(&b, spine, l.y, cLine)
			}
		}
		if l.bypassed && l.mergeY > 0 {
			skip := `M` + itoa(spine) + ` ` + itoa(l.splitY) + ` H` + itoa(lane) + ` V` + itoa(l.mergeY) + ` H` + itoa(spine+9)
			b.WriteString(`<path d="` + skip + `" fill="none" stroke="` + cSkip + `" stroke-width="1.5"/>` + "\n")
			arrowLeft(&b, spine+1, l.mergeY, cSkip)
			circle(&b, spine, l.splitY, 3.5, cSkip)
			text(&b, lane+8, l.y+l.h/2+4, metaSize, cMuted, "start", "italic", "", "sinon")
		}
		for k, s := range l.cond {
			text(&b, spine-12, l.condY+12+condLine*k, condSize, cCond, "end", "", "", s)
		}
		if l.source != "" {
			text(&b, spine-12, l.condY+12+condLine*len(l.cond), metaSize-1, cMuted, "end", "", "", l.source)
		}
	}
	for i, n := range g.Nodes {
		drawNode(&b, n, &ls[i], num)
	}
	b.WriteString("</svg>\n")
	return b.Bytes()
}

// measure fills the lines of a node and its height.
func measure(n Node, l *layout, reached bool) {
	if n.Kind == KindStart {
		l.title = wrap(clean(n.Title), boxW-2*36, titleSize, true, 2)
		l.h = 12 + 16 + titleLine*len(l.title) + 10
		return
	}
	l.title = wrap(clean(n.Title), textW, titleSize, true, 2)
	var meta string
	switch n.Kind {
	case KindExit:
		meta = "Le parcours s'arrête ici."
	case KindReview:
		meta = "Relecture des réponses, puis envoi"
	case KindReceipt:
		meta = "Récépissé avec le numéro de dossier"
	default:
		meta = questions(n)
		if n.Checks > 0 {
			meta += " · " + plural(n.Checks, "contrôle croisé", "contrôles croisés")
		}
	}
	if !reached {
		meta += " · jamais atteinte"
	}
	l.meta = wrap(meta, textW, metaSize, false, 2)
	l.chips = nil
	var row []string
	x := 0
	for _, t := range n.Traps {
		w := chipWidth(t)
		if len(row) > 0 && x+w > textW {
			l.chips = append(l.chips, row)
			row, x = nil, 0
		}
		row = append(row, t)
		x += w + 6
	}
	if len(row) > 0 {
		l.chips = append(l.chips, row)
	}
	l.h = 12 + titleLine*len(l.title) + metaLine*len(l.meta) + 2 + (chipH+6)*len(l.chips) + 8
	if l.h < 58 {
		l.h = 58
	}
}

func drawNode(b *bytes.Buffer, n Node, l *layout, num map[string]string) {
	if n.Kind == KindStart {
		rect(b, boxX, l.y, boxW, l.h, l.h/2, cStart, cStart, 1, "")
		text(b, spine, l.y+12+11, 11, cStartSoft, "middle", "", "600", "DÉBUT DE LA DÉMARCHE")
		for k, s := range l.title {
			text(b, spine, l.y+12+16+titleLine*k+14, titleSize, cPage, "middle", "", "600", s)
		}
		return
	}
	fill, stroke, sw, dash := cStepFill, cLine, 1.5, ""
	switch n.Kind {
	case KindExit:
		fill, stroke, sw = cExitFill, cExit, 2.5
	case KindReview, KindReceipt:
		fill, stroke, sw = cEndFill, cEnd, 2
	}
	if n.Condition != "" {
		dash = "7 5"
		if n.Kind == KindStep {
			stroke = cCondStroke
		}
	}
	rect(b, boxX, l.y, boxW, l.h, 10, fill, stroke, sw, dash)

	// The number: a disc, an octagon (a stop sign) for an exit.
	cx, cy := boxX+26, l.y+12+titleLine/2+1
	badge := cLine
	switch n.Kind {
	case KindExit:
		badge = cExit
		octagon(b, cx, cy, 14, badge)
	case KindReview, KindReceipt:
		badge = cEnd
		circle(b, cx, cy, 13, badge)
	default:
		circle(b, cx, cy, 13, badge)
	}
	text(b, cx, cy+4, 12, cPage, "middle", "", "700", num[n.ID])

	y := l.y + 12
	for k, s := range l.title {
		text(b, textX, y+titleLine*k+14, titleSize, cInk, "start", "", "600", s)
	}
	y += titleLine * len(l.title)
	for _, s := range l.meta {
		y += metaLine
		text(b, textX, y, metaSize, cMuted, "start", "", "", s)
	}
	y += 8
	for _, row := range l.chips {
		x := textX
		for _, t := range row {
			w := chipWidth(t)
			label, _ := chipLabel(t)
			if t == TrapExit {
				rect(b, x, y, w, chipH, chipH/2, cExit, cExit, 1, "")
				text(b, x+w/2, y+14, chipSize, cPage, "middle", "", "700", label)
			} else {
				rect(b, x, y, w, chipH, chipH/2, cChipFill, cChipStroke, 1, "")
				text(b, x+w/2, y+14, chipSize, cChipInk, "middle", "", "", label)
			}
			x += w + 6
		}
		y += chipH + 6
	}
}

// describe is the <desc> of the diagram: what it shows and how to read it.
func (g Graph) describe() string {
	var steps, cond, exits int
	var traps []string
	for _, n := range g.Nodes {
		if n.Kind != KindStep && n.Kind != KindExit {
			continue
		}
		steps++
		if n.Condition != "" {
			cond++
		}
		if n.Kind == KindExit {
			exits++
		}
		for _, t := range n.Traps {
			if t != TrapExit && !slices.Contains(traps, t) {
				traps = append(traps, t)
			}
		}
	}
	s := plural(steps, "étape", "étapes") + " dans l'ordre, de haut en bas, puis la relecture et le récépissé. "
	if cond > 0 {
		s += plural(cond, "étape n'apparaît", "étapes n'apparaissent") + " que sous une condition, écrite à côté de la flèche qui y mène ; leur bordure est en tirets, et la flèche de droite, « sinon », est le chemin quand la condition est fausse. "
	}
	if exits > 0 {
		s += plural(exits, "étape marquée « fin du parcours » arrête", "étapes marquées « fin du parcours » arrêtent") + " la démarche. "
	}
	if len(traps) > 0 {
		s += "Points d'attention signalés sur les étapes : " + strings.Join(traps, ", ") + "."
	}
	return strings.TrimSpace(s)
}

// legend draws the key of the diagram from the top, on as many rows as it
// needs, and returns where the diagram may begin.
func legend(b *bytes.Buffer) int {
	x, y := 16, 16
	item := func(label string, mark func(x, y int)) {
		w := 34 + int(textWidth(label, 12, false))
		if x > 16 && x+w > width-16 {
			x, y = 16, y+26
		}
		mark(x, y)
		text(b, x+34, y+12, 12, cMuted, "start", "", "", label)
		x += w + 24
	}
	box := func(fill, stroke, dash string) func(x, y int) {
		return func(x, y int) { rect(b, x, y, 26, 16, 4, fill, stroke, 1.5, dash) }
	}
	item("étape", box(cStepFill, cLine, ""))
	item("étape sous condition", box(cStepFill, cCondStroke, "5 3"))
	item("fin du parcours", box(cExitFill, cExit, ""))
	item("sinon : l'étape est sautée", func(x, y int) {
		b.WriteString(`<path d="M` + itoa(x) + ` ` + itoa(y+1) + ` H` + itoa(x+24) + ` V` + itoa(y+15) + ` H` + itoa(x+9) + `" fill="none" stroke="` + cSkip + `" stroke-width="1.5"/>` + "\n")
		arrowLeft(b, x+1, y+15, cSkip)
	})
	y += 30
	line(b, 16, y, width-16, y, "#d1d5db", 1, "")
	return y + 14
}

func stepsWord(ids []string, num map[string]string) string {
	nums := make([]string, len(ids))
	for i, id := range ids {
		nums[i] = num[id]
	}
	if len(nums) == 1 {
		return "la réponse de l'étape " + nums[0]
	}
	return "les réponses des étapes " + strings.Join(nums[:len(nums)-1], ", ") + " et " + nums[len(nums)-1]
}

// Drawing primitives. Every text goes through esc.

func rect(b *bytes.Buffer, x, y, w, h, r int, fill, stroke string, sw float64, dash string) {
	b.WriteString(`<rect x="` + itoa(x) + `" y="` + itoa(y) + `" width="` + itoa(w) + `" height="` + itoa(h) + `"`)
	if r > 0 {
		b.WriteString(` rx="` + itoa(r) + `"`)
	}
	b.WriteString(` fill="` + fill + `"`)
	if stroke != "" {
		b.WriteString(` stroke="` + stroke + `" stroke-width="` + ftoa(sw) + `"`)
	}
	if dash != "" {
		b.WriteString(` stroke-dasharray="` + dash + `"`)
	}
	b.WriteString("/>\n")
}

func line(b *bytes.Buffer, x1, y1, x2, y2 int, stroke string, sw float64, dash string) {
	b.WriteString(`<line x1="` + itoa(x1) + `" y1="` + itoa(y1) + `" x2="` + itoa(x2) + `" y2="` + itoa(y2) + `" stroke="` + stroke + `" stroke-width="` + ftoa(sw) + `"`)
	if dash != "" {
		b.WriteString(` stroke-dasharray="` + dash + `"`)
	}
	b.WriteString("/>\n")
}

func circle(b *bytes.Buffer, cx, cy int, r float64, fill string) {
	b.WriteString(`<circle cx="` + itoa(cx) + `" cy="` + itoa(cy) + `" r="` + ftoa(r) + `" fill="` + fill + `"/>` + "\n")
}

func octagon(b *bytes.Buffer, cx, cy, r int, fill string) {
	a := r * 5 / 12 // half a side of a regular octagon of inner radius r
	pts := [][2]int{{-a, -r}, {a, -r}, {r, -a}, {r, a}, {a, r}, {-a, r}, {-r, a}, {-r, -a}}
	polygon(b, cx, cy, pts, fill)
}

func arrowDown(b *bytes.Buffer, x, y int, fill string) {
	polygon(b, x, y, [][2]int{{-5, -9}, {5, -9}, {0, 0}}, fill)
}

func arrowLeft(b *bytes.Buffer, x, y int, fill string) {
	polygon(b, x, y, [][2]int{{9, -5}, {9, 5}, {0, 0}}, fill)
}

func polygon(b *bytes.Buffer, x, y int, pts [][2]int, fill string) {
	b.WriteString(`<polygon points="`)
	for i, p := range pts {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(itoa(x + p[0]))
		b.WriteByte(',')
		b.WriteString(itoa(y + p[1]))
	}
	b.WriteString(`" fill="` + fill + `"/>` + "\n")
}

func text(b *bytes.Buffer, x, y int, size float64, fill, anchor, fontStyle, weight, s string) {
	b.WriteString(`<text x="` + itoa(x) + `" y="` + itoa(y) + `" font-size="` + ftoa(size) + `" fill="` + fill + `"`)
	if anchor != "" && anchor != "start" {
		b.WriteString(` text-anchor="` + anchor + `"`)
	}
	if fontStyle != "" {
		b.WriteString(` font-style="` + fontStyle + `"`)
	}
	if weight != "" {
		b.WriteString(` font-weight="` + weight + `"`)
	}
	b.WriteByte('>')
	b.WriteString(esc(s))
	b.WriteString("</text>\n")
}

func itoa(i int) string { return strconv.Itoa(i) }

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// esc escapes the content of an element (never an attribute: every
// attribute value is a constant or a number) and drops what XML 1.0 cannot
// hold.
func esc(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == utf8.RuneError && isInvalid(s[i:]):
			b.WriteRune('\uFFFD')
		case r == '\t' || r == '\n' || r == '\r':
			b.WriteByte(' ')
		case r < 0x20 || r == 0xFFFE || r == 0xFFFF:
			// not allowed in XML
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isInvalid(s string) bool {
	r, size := utf8.DecodeRuneInString(s)
	return r == utf8.RuneError && size <= 1
}

// textWidth estimates the width of s, from the widths of DejaVu Sans (the
// fallback of system-ui on Linux and one of the widest sans-serif fonts), so
// that wrapped text stays inside its box with narrower fonts too.
func textWidth(s string, size float64, bold bool) float64 {
	w := 0.0
	for _, r := range s {
		w += runeWidth(r)
	}
	if bold {
		w *= 1.1
	}
	return w * size
}

func runeWidth(r rune) float64 {
	switch r {
	case 'i', 'j', 'l', '\'':
		return 0.28
	case ' ', '\u00a0', '\u202f', '.', ',', ';', ':', '’', '|', '/', 'I', 'J':
		return 0.33
	case 'f', 'r', 't', '(', ')', '[', ']', '!', '-':
		return 0.41
	case '"', '_':
		return 0.5
	case 'c', 's', 'z', 'ç', 'L':
		return 0.56
	case 'k', 'v', 'x', 'y', 'F', 'P', 'T', 'Y':
		return 0.61
	case 'w', '&':
		return 0.82
	case 'M', '<', '>', '=':
		return 0.86
	case 'm', 'W', '—', '…':
		return 1
	}
	switch {
	case unicode.IsUpper(r):
		return 0.76
	case r < 0x80 || unicode.IsLetter(r) || r == '«' || r == '»':
		return 0.64
	}
	return 1 // symbols, other scripts
}

// chipLabel is the text of a tag's chip: in capitals for the end of the
// parcours, cut to the width of a box.
func chipLabel(t string) (label string, bold bool) {
	if t == TrapExit {
		t, bold = strings.ToUpper(t), true
	}
	if lines := wrap(t, textW-18, chipSize, bold, 1); len(lines) > 0 {
		t = lines[0]
	}
	return t, bold
}

func chipWidth(t string) int {
	label, bold := chipLabel(t)
	return int(textWidth(label, chipSize, bold)) + 18
}

// wrap breaks s into at most maxLines lines of at most maxW wide; the last
// line ends with an ellipsis when text was left out.
func wrap(s string, maxW int, size float64, bold bool, maxLines int) []string {
	fits := func(t string) bool { return textWidth(t, size, bold) <= float64(maxW) }
	var lines []string
	cur := ""
	words := words(s)
	cut := false
	for wi := 0; wi < len(words); wi++ {
		w := words[wi]
		try := w
		if cur != "" {
			try = cur + " " + w
		}
		if fits(try) {
			cur = try
			continue
		}
		if cur != "" {
			lines = append(lines, cur)
			cur = ""
			wi-- // place the word on the next line
		} else {
			// A single word wider than a line: split it.
			rs := []rune(w)
			k := len(rs)
			for k > 1 && !fits(string(rs[:k])) {
				k--
			}
			lines = append(lines, string(rs[:k]))
			words[wi] = string(rs[k:])
			wi--
		}
		if len(lines) == maxLines {
			cut = true
			break
		}
	}
	if !cut && cur != "" {
		lines = append(lines, cur)
	}
	if len(lines) > maxLines {
		lines, cut = lines[:maxLines], true
	}
	if cut && len(lines) > 0 {
		last := []rune(lines[len(lines)-1])
		for len(last) > 0 && !fits(string(last)+"…") {
			last = last[:len(last)-1]
		}
		lines[len(lines)-1] = strings.TrimRight(string(last), " ,;:") + "…"
	}
	return lines
}
