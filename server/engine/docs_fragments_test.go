package engine_test

import (
	"fmt"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/repetition-demarches/repetition/server/check"
	"github.com/repetition-demarches/repetition/server/procedure"
)

// The authoring guide's YAML examples are fenced blocks whose info string
// says what they hold, so that the test knows how to load them:
//
//	```yaml procedure      a whole procedure: loads, passes check, has scenarios that pass
//	```yaml field          one field mapping, put alone in a minimal procedure
//	```yaml step           one step mapping, put alone in a minimal procedure
//	```yaml top-level      top-level keys (values, steps, receipt, profiles…);
//	                       the metadata it does not give is added
//	```yaml excerpt        lines copied word for word from a yaml procedure block
//	```yaml translation ID.LANG   the file ID.LANG.yaml, loaded with the
//	                       yaml procedure block whose id is ID
//	```yaml faute          a mistake of the aide-mémoire: a passage of its
//	                       example with one line changed, which check refuses
//
// A bare ```yaml block is refused: every YAML example of the guides is tested.

const guidePath = "docs/authoring.md"

// guideBlock is one fenced block of the guide.
type guideBlock struct {
	doc   string // the file, from the project's folder: "docs/authoring.md"
	line  int    // line of the block's first content line, from 1
	info  string // the info string: "yaml field"
	lines []string
}

func (b guideBlock) kind() string {
	f := strings.Fields(b.info)
	if len(f) < 2 || f[0] != "yaml" {
		return ""
	}
	return f[1]
}

func (b guideBlock) text() string { return strings.Join(b.lines, "\n") + "\n" }

var fenceRE = regexp.MustCompile("^( *)(```+)(.*)$")

// readGuide returns the guide's lines and its fenced blocks. A fence's
// indentation (a block inside a list item) is removed from its lines.
func readGuide(t *testing.T) ([]string, []guideBlock) {
	t.Helper()
	return readDoc(t, guidePath)
}

// readDoc reads one of the guides (docs/authoring.md, docs/guide-auteur.md,
// docs/aide-memoire.md) as readGuide reads the English one.
func readDoc(t *testing.T, doc string) ([]string, []guideBlock) {
	t.Helper()
	data, err := os.ReadFile("../../" + doc)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	var blocks []guideBlock
	for i := 0; i < len(lines); i++ {
		m := fenceRE.FindStringSubmatch(lines[i])
		if m == nil {
			continue
		}
		indent, fence := len(m[1]), m[2]
		b := guideBlock{doc: doc, line: i + 2, info: strings.TrimSpace(m[3])}
		closed := false
		for i++; i < len(lines); i++ {
			if c := fenceRE.FindStringSubmatch(lines[i]); c != nil && strings.HasPrefix(c[2], fence) && strings.TrimSpace(c[3]) == "" {
				closed = true
				break
			}
			l := lines[i]
			for n := 0; n < indent && strings.HasPrefix(l, " "); n++ {
				l = l[1:]
			}
			b.lines = append(b.lines, l)
		}
		if !closed {
			t.Fatalf("%s:%d: the block opened here is never closed", doc, b.line-1)
		}
		blocks = append(blocks, b)
	}
	return lines, blocks
}

// The minimal procedure a fragment is put into. Its receipt and metadata
// are valid, so that any problem comes from the fragment.
var wrapperDefaults = []struct{ key, text string }{
	{"id", "id: fragment-du-guide\n"},
	{"title", "title: Fragment du guide\n"},
	{"organisation", "organisation: exemple\n"},
	{"summary", "summary: Un exemple du guide, dans une démarche minimale.\n"},
	{"duration", "duration: 1 min\n"},
	{"level", "level: débutant\n"},
	{"real", "real: {url: \"https://www.example.org/\", compared: 2026-11-01}\n"},
	{"steps", "steps:\n  - id: etape_du_guide\n    title: Étape du guide\n"},
	{"receipt", "receipt: {title: Enregistré, number: \"X-${ digits(4) }\", next: Rien d'autre.}\n"},
}

var topKeyRE = regexp.MustCompile(`^([a-z_]+):`)

// wrapped is a fragment made into a procedure file: the file's text and
// the line of the file where the fragment's first line is.
type wrapped struct {
	text  string
	first int
}

func indentLines(lines []string, n int) string {
	var b strings.Builder
	for _, l := range lines {
		if strings.TrimSpace(l) != "" {
			b.WriteString(strings.Repeat(" ", n))
			b.WriteString(l)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// wrap puts a field, step or top-level fragment into a minimal procedure.
// A field or a step is written as the only item of its list: a line "-"
// alone, then the fragment indented under it, so that the fragment's own
// indentation, anchors, comments and block texts are kept as they are.
func wrap(b guideBlock) (wrapped, error) {
	if len(b.lines) > 0 && strings.HasPrefix(strings.TrimSpace(b.lines[0]), "- ") && b.kind() != "top-level" {
		return wrapped{}, fmt.Errorf("a yaml %s block holds one mapping, not a list item: remove the leading \"- \"", b.kind())
	}
	meta := ""
	for _, d := range wrapperDefaults {
		if d.key != "steps" {
			meta += d.text
		}
	}
	under := func(head string, indent int) wrapped {
		return wrapped{meta + head + indentLines(b.lines, indent), strings.Count(meta+head, "\n") + 1}
	}
	switch b.kind() {
	case "field":
		return under("steps:\n  - id: etape_du_guide\n    title: Étape du guide\n    fields:\n      -\n", 8), nil
	case "step":
		return under("steps:\n  -\n", 4), nil
	case "top-level":
		given := map[string]bool{}
		for _, l := range b.lines {
			if m := topKeyRE.FindStringSubmatch(l); m != nil {
				given[m[1]] = true
			}
		}
		text := b.text()
		for _, d := range wrapperDefaults {
			if !given[d.key] {
				text += d.text
			}
		}
		return wrapped{text, 1}, nil
	}
	return wrapped{}, fmt.Errorf("cannot wrap a yaml %s block", b.kind())
}

// guideProblems runs what `go run ./server check` runs on the files, and
// tells each problem at its line in the guide when it falls in the block.
func guideProblems(b guideBlock, w wrapped, files map[string]string) (check.Report, []string) {
	fsys := fstest.MapFS{}
	for name, text := range files {
		fsys["procedures/"+name] = &fstest.MapFile{Data: []byte(text)}
	}
	r := check.Procedures(fsys, "procedures")
	var out []string
	for _, p := range r.Problems {
		out = append(out, b.where(w, p))
	}
	return r, out
}

func (b guideBlock) where(w wrapped, p procedure.Problem) string {
	if k := p.Line - w.first; k >= 0 && k < len(b.lines) {
		return fmt.Sprintf("%s:%d: (yaml %s) %s", b.doc, b.line+k, b.kind(), p.Text("en"))
	}
	return fmt.Sprintf("%s:%d: (yaml %s, line %d of the test's wrapper %s) %s", b.doc, b.line, b.kind(), p.Line, p.File, p.Text("en"))
}

// modelKeys walks the procedure model and the translation model by
// reflection and returns, for each struct of package procedure that an
// author writes, its YAML keys and whether each one is required.
func modelKeys() map[string]map[string]bool {
	pkg := reflect.TypeFor[procedure.Procedure]().PkgPath()
	out := map[string]map[string]bool{}
	seen := map[reflect.Type]bool{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || t.PkgPath() != pkg || seen[t] {
			return
		}
		seen[t] = true
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if name != "" && name != "-" {
				if out[strings.ToLower(t.Name())] == nil {
					out[strings.ToLower(t.Name())] = map[string]bool{}
				}
				out[strings.ToLower(t.Name())][name] = opts == "required"
			}
			walk(f.Type) // "-" fields too: Procedure.Translations leads to the translation files
		}
	}
	walk(reflect.TypeFor[procedure.Procedure]())
	return out
}

var (
	inlineCodeRE = regexp.MustCompile("`([^`\n]+)`")
	leadingName  = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*`)
)

// inlineCode lists what the guide's text (outside fenced blocks) writes in
// backticks.
func inlineCode(lines []string) []string {
	var out []string
	inFence := ""
	for _, l := range lines {
		if m := fenceRE.FindStringSubmatch(l); m != nil {
			switch {
			case inFence == "":
				inFence = m[2]
				continue
			case strings.HasPrefix(m[2], inFence) && strings.TrimSpace(m[3]) == "":
				inFence = ""
				continue
			}
		}
		if inFence != "" {
			continue
		}
		for _, m := range inlineCodeRE.FindAllStringSubmatch(l, -1) {
			out = append(out, strings.TrimSpace(m[1]))
		}
	}
	return out
}

// mentions reports whether one of the backticked spans is name, or starts
// with name followed by something that is not part of a name: `min`,
// `required: false`, `addMonths(d, n)`, `id.N`.
func mentions(spans []string, name string) bool {
	for _, s := range spans {
		if s == name || leadingName.FindString(s) == name {
			return true
		}
	}
	return false
}

// guideTable is a table introduced by a marker comment, <!-- keys: step -->.
type guideTable struct {
	marker   int // line of the marker
	line     int // line of the table's header
	required int // index of the "required" column, -1 when there is none
	rows     []guideRow
}

type guideRow struct {
	line  int
	names []string // the names written in backticks in the first cell
	cells []string
}

func cells(row string) []string {
	row = strings.TrimSpace(row)
	row = strings.TrimSuffix(strings.TrimPrefix(row, "|"), "|")
	parts := strings.Split(row, "|")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

// markedTables finds every table that follows a marker <!-- NAME -->,
// keyed by NAME ("keys: step", "field types"); required is the header of
// the column that says whether a key is required.
func markedTables(t *testing.T, doc string, lines []string, required string) map[string]guideTable {
	t.Helper()
	marker := regexp.MustCompile(`^<!-- (keys: [a-z]+|field types|message keys|functions) -->$`)
	out := map[string]guideTable{}
	for i, l := range lines {
		m := marker.FindStringSubmatch(strings.TrimSpace(l))
		if m == nil {
			continue
		}
		name := m[1]
		if _, dup := out[name]; dup {
			t.Errorf("%s:%d: a second <!-- %s --> table", doc, i+1, name)
		}
		j := i + 1
		for j < len(lines) && strings.TrimSpace(lines[j]) == "" {
			j++
		}
		if j+1 >= len(lines) || !strings.HasPrefix(strings.TrimSpace(lines[j]), "|") {
			t.Errorf("%s:%d: <!-- %s --> must be followed by a table", doc, i+1, name)
			continue
		}
		tab := guideTable{marker: i + 1, line: j + 1, required: -1}
		for k, h := range cells(lines[j]) {
			if strings.EqualFold(h, required) {
				tab.required = k
			}
		}
		for j += 2; j < len(lines) && strings.HasPrefix(strings.TrimSpace(lines[j]), "|"); j++ {
			row := guideRow{line: j + 1, cells: cells(lines[j])}
			for _, c := range inlineCodeRE.FindAllStringSubmatch(row.cells[0], -1) {
				if n := leadingName.FindString(c[1]); n != "" {
					row.names = append(row.names, n)
				}
			}
			tab.rows = append(tab.rows, row)
		}
		out[name] = tab
	}
	return out
}

// sameNames compares the names a table documents with the code's.
func sameNames(t *testing.T, doc, table string, tab guideTable, want []string) {
	t.Helper()
	got := map[string]int{}
	for _, r := range tab.rows {
		if len(r.names) == 0 {
			t.Errorf("%s:%d: the first cell of a row of <!-- %s --> names nothing in backticks", doc, r.line, table)
		}
		for _, n := range r.names {
			got[n] = r.line
		}
	}
	wanted := map[string]bool{}
	for _, n := range want {
		wanted[n] = true
		if _, ok := got[n]; !ok {
			t.Errorf("%s:%d: the table <!-- %s --> does not document `%s`", doc, tab.line, table, n)
		}
	}
	for _, n := range sortedNames(got) {
		if !wanted[n] {
			t.Errorf("%s:%d: the table <!-- %s --> documents `%s`, which the code does not have", doc, got[n], table, n)
		}
	}
}

func sortedNames[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
