package engine_test

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/repetition-demarches/repetition/server/procedure"
)

// The tests of this file keep docs/authoring.md true (and, for their
// examples, its French version docs/guide-auteur.md and the aide-mémoire
// docs/aide-memoire.md): its examples load and
// pass `go run ./server check` (docs_fragments_test.go says how each kind
// of block is loaded), and its reference tables list exactly the keys,
// field types, message keys and functions of the code.

// guideDocs are the guides whose examples the tests load: the English
// guide, its French version and the French aide-mémoire. examples is the
// least number of complete examples each holds; kinds the fragment kinds
// it must have, so that a test that stops reading them fails.
func guideDocs() []struct {
	path     string
	examples int
	kinds    []string
} {
	all := []string{"field", "step", "top-level", "excerpt", "translation", "paper", "household"}
	return []struct {
		path     string
		examples int
		kinds    []string
	}{
		{guidePath, 4, all},              // the tutorial and three examples
		{"docs/guide-auteur.md", 4, all}, // the same, in French
		{"docs/aide-memoire.md", 1, nil}, // one small procedure
	}
}

// TestAuthoringGuideExamples loads every complete example of the guides
// (```yaml procedure) as `go run ./server check` does: no problem, at
// least one scenario, every scenario passing, every step visited by one.
func TestAuthoringGuideExamples(t *testing.T) {
	for _, doc := range guideDocs() {
		t.Run(doc.path, func(t *testing.T) { testGuideExamples(t, doc.path, doc.examples) })
	}
}

func testGuideExamples(t *testing.T, doc string, least int) {
	_, blocks := readDoc(t, doc)
	n := 0
	for _, b := range blocks {
		if b.kind() != "procedure" {
			continue
		}
		n++
		w := wrapped{text: b.text(), first: 1}
		r, problems := guideProblems(b, w, map[string]string{"exemple-du-guide.yaml": w.text})
		for _, p := range problems {
			t.Error(p)
		}
		if len(problems) > 0 {
			continue
		}
		if r.Scenarios == 0 {
			t.Errorf("%s:%d: this example has no scenario", doc, b.line)
		}
		for _, note := range r.Notes {
			t.Error(noteInGuide(b, w, note.In("en")))
		}
	}
	if n < least {
		t.Fatalf("found %d yaml procedure blocks in %s, expected at least %d", n, doc, least)
	}
	t.Logf("%d complete examples", n)
}

var noteRE = regexp.MustCompile(`^[^:]+:(\d+):\d+: (.*)$`)

func noteInGuide(b guideBlock, w wrapped, note string) string {
	m := noteRE.FindStringSubmatch(note)
	if m == nil {
		return fmt.Sprintf("%s:%d: %s", b.doc, b.line, note)
	}
	line, _ := strconv.Atoi(m[1])
	return b.where(w, procedure.Problem{Line: line, Message: m[2] + " (add a scenario that goes through it)"})
}

// TestAuthoringGuideFragments loads every other YAML block of the guides:
// fields and steps put alone into a minimal procedure, top-level keys
// completed with the metadata they lack, excerpts found word for word in a
// complete example, translations loaded with the example they translate.
func TestAuthoringGuideFragments(t *testing.T) {
	for _, doc := range guideDocs() {
		t.Run(doc.path, func(t *testing.T) { testGuideFragments(t, doc.path, doc.kinds) })
	}
}

func testGuideFragments(t *testing.T, doc string, kinds []string) {
	_, blocks := readDoc(t, doc)
	procs := map[string]guideBlock{}
	var all []guideBlock
	for _, b := range blocks {
		if b.kind() == "procedure" {
			all = append(all, b)
			for _, l := range b.lines {
				if id, ok := strings.CutPrefix(l, "id: "); ok {
					procs[strings.TrimSpace(id)] = b
				}
			}
		}
	}
	// A kind of paper (```yaml paper ID) is the file content/papiers/ID.yaml
	// beside every fragment, so that the fragments can draw it.
	papers := map[string]string{}
	for _, b := range blocks {
		if f := strings.Fields(b.info); b.kind() == "paper" && len(f) == 3 {
			papers[procedure.KindsDir+"/"+f[2]+".yaml"] = b.text()
		}
	}
	withPapers := func(files map[string]string) map[string]string {
		for name, text := range papers {
			files[name] = text
		}
		return files
	}
	count := map[string]int{}
	for _, b := range blocks {
		if f := strings.Fields(b.info); len(f) == 0 || f[0] != "yaml" {
			continue
		}
		count[b.kind()]++
		switch b.kind() {
		case "procedure":
			// TestAuthoringGuideExamples
		case "field", "step", "top-level":
			w, err := wrap(b)
			if err != nil {
				t.Errorf("%s:%d: %v", doc, b.line, err)
				continue
			}
			_, problems := guideProblems(b, w, withPapers(map[string]string{"fragment-du-guide.yaml": w.text}))
			for _, p := range problems {
				t.Error(p)
			}
		case "paper":
			f := strings.Fields(b.info)
			if len(f) != 3 {
				t.Errorf("%s:%d: a yaml paper block names its kind: ```yaml paper ID", doc, b.line-1)
				continue
			}
			fsys := fstest.MapFS{procedure.KindsDir + "/" + f[2] + ".yaml": {Data: []byte(b.text())}}
			if _, problems := procedure.LoadKinds(fsys, procedure.KindsDir); len(problems) > 0 {
				t.Errorf("%s:%d: %v", doc, b.line, problems)
			}
		case "household":
			f := strings.Fields(b.info)
			if len(f) != 3 {
				t.Errorf("%s:%d: a yaml household block names its household: ```yaml household ID", doc, b.line-1)
				continue
			}
			kinds, _ := procedure.BundledKinds()
			fsys := fstest.MapFS{procedure.HouseholdsDir + "/" + f[2] + ".yaml": {Data: []byte(b.text())}}
			if _, problems := procedure.LoadHouseholds(fsys, procedure.HouseholdsDir, kinds); len(problems) > 0 {
				t.Errorf("%s:%d: %v", doc, b.line, problems)
			}
		case "excerpt":
			if !excerptOf(b.lines, all) {
				t.Errorf("%s:%d: this excerpt is not copied word for word from a yaml procedure block of the same file", doc, b.line)
			}
		case "translation":
			testTranslation(t, b, procs)
		case "faute":
			// TestAideMemoireMistakes: a mistake, which must not load
		default:
			t.Errorf("%s:%d: say what the block holds: ```yaml procedure, field, step, top-level, excerpt, paper ID, household ID, faute or translation ID.LANG (found %q)", doc, b.line-1, b.info)
		}
	}
	for _, k := range kinds {
		if count[k] == 0 {
			t.Errorf("%s has no yaml %s block: is the test still reading it?", doc, k)
		}
	}
	t.Logf("fragments tested: %d field, %d step, %d top-level, %d excerpt, %d translation, %d paper, %d household", count["field"], count["step"], count["top-level"], count["excerpt"], count["translation"], count["paper"], count["household"])
}

// excerptOf reports whether lines appear, one after the other, in one of
// the complete examples, possibly further indented there.
func excerptOf(lines []string, examples []guideBlock) bool {
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	if len(lines) == 0 {
		return false
	}
	indent := func(s string) int { return len(s) - len(strings.TrimLeft(s, " ")) }
	for _, ex := range examples {
	start:
		for s := range ex.lines {
			k := indent(ex.lines[s]) - indent(lines[0])
			if k < 0 || s+len(lines) > len(ex.lines) {
				continue
			}
			pad := strings.Repeat(" ", k)
			for i, l := range lines {
				got := ex.lines[s+i]
				if strings.TrimSpace(l) == "" {
					if strings.TrimSpace(got) != "" {
						continue start
					}
				} else if got != pad+l {
					continue start
				}
			}
			return true
		}
	}
	return false
}

// testTranslation loads a ```yaml translation ID.LANG block as the file
// procedures/ID.LANG.yaml, beside the complete example whose id is ID.
func testTranslation(t *testing.T, b guideBlock, procs map[string]guideBlock) {
	t.Helper()
	f := strings.Fields(b.info)
	var id, lang string
	if len(f) == 3 {
		id, lang, _ = strings.Cut(f[2], ".")
	}
	pb, ok := procs[id]
	if id == "" || lang == "" || !ok {
		t.Errorf("%s:%d: write ```yaml translation ID.LANG, where ID is the id of a yaml procedure block of the same file (found %q)", b.doc, b.line-1, b.info)
		return
	}
	tw := wrapped{text: b.text(), first: 1}
	pw := wrapped{text: pb.text(), first: 1}
	r, _ := guideProblems(b, tw, map[string]string{id + ".yaml": pw.text, id + "." + lang + ".yaml": tw.text})
	others := 0
	for _, p := range r.Problems {
		if strings.HasSuffix(p.File, "."+lang+".yaml") {
			t.Error(b.where(tw, p))
		} else {
			others++ // the example's own problems: TestAuthoringGuideExamples reports them
		}
	}
	switch {
	case others > 0:
		t.Errorf("%s:%d: the example this translation translates has problems", b.doc, b.line-1)
	case len(r.Problems) == 0 && (len(r.Procedures) != 1 || r.Procedures[0].Translations[lang] == nil):
		t.Errorf("%s:%d: the translation was not attached to procedure %s", b.doc, b.line, id)
	}
}

// TestAuthoringGuideCoversTheModel fails when the code has a key, a field
// type, a message key or a function that the guide does not document, or
// when the guide documents one the code no longer has. Each struct of the
// model has its table, after a marker <!-- keys: step -->, whose first
// column lists its keys in backticks and whose "required" column says yes
// exactly for the keys the loader requires. The French guide is held to
// the same, with its "obligatoire" column saying oui or non.
func TestAuthoringGuideCoversTheModel(t *testing.T) {
	for _, g := range []struct{ doc, required, yes, no string }{
		{guidePath, "required", "yes", "no"},
		{"docs/guide-auteur.md", "obligatoire", "oui", "non"},
	} {
		t.Run(g.doc, func(t *testing.T) { testCoversTheModel(t, g.doc, g.required, g.yes, g.no) })
	}
}

func testCoversTheModel(t *testing.T, doc, required, yes, no string) {
	lines, _ := readDoc(t, doc)
	spans := inlineCode(lines)
	tables := markedTables(t, doc, lines, required)
	used := map[string]bool{}

	keys := modelKeys()
	for _, s := range []string{"procedure", "step", "field", "scenario", "translation"} {
		if len(keys[s]) == 0 {
			t.Fatalf("the walk over the model found no key for %s: %v", s, keys)
		}
	}
	for _, s := range sortedNames(keys) {
		name := "keys: " + s
		used[name] = true
		for _, k := range sortedNames(keys[s]) {
			if !mentions(spans, k) {
				t.Errorf("%s never mentions the key `%s` (of %s) in backticks", doc, k, s)
			}
		}
		tab, ok := tables[name]
		if !ok {
			t.Errorf("%s: no table documents the keys of %s (%s): add one after a line <!-- %s -->", doc, s, strings.Join(sortedNames(keys[s]), ", "), name)
			continue
		}
		sameNames(t, doc, name, tab, sortedNames(keys[s]))
		if tab.required < 0 {
			t.Errorf("%s:%d: the table <!-- %s --> has no %q column", doc, tab.line, name, required)
			continue
		}
		for _, r := range tab.rows {
			for _, n := range r.names {
				req, known := keys[s][n]
				if !known || tab.required >= len(r.cells) {
					continue
				}
				want := map[bool]string{true: yes, false: no}[req]
				if got := strings.ToLower(r.cells[tab.required]); got != want {
					t.Errorf("%s:%d: `%s` of %s: the %s column says %q, the loader says %q", doc, r.line, n, s, required, got, want)
				}
			}
		}
	}

	lists := []struct {
		table string
		names []string
	}{
		{"field types", procedure.FieldTypes()},
		{"message keys", procedure.MessageKeys()},
		{"functions", sortedNames(procedure.Functions(time.Now, func(int) string { return "" }))},
	}
	for _, l := range lists {
		used[l.table] = true
		for _, n := range l.names {
			if !mentions(spans, n) {
				t.Errorf("%s never mentions `%s` (%s) in backticks", doc, n, l.table)
			}
		}
		tab, ok := tables[l.table]
		if !ok {
			t.Errorf("%s: no table after a line <!-- %s --> lists the %s", doc, l.table, l.table)
			continue
		}
		sameNames(t, doc, l.table, tab, l.names)
	}
	for _, name := range sortedNames(tables) {
		if !used[name] {
			t.Errorf("%s:%d: the marker <!-- %s --> names nothing of the code", doc, tables[name].marker, name)
		}
	}
}
