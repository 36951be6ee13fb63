// Package glossary holds the administrative jargon explained in plain
// words (content/glossaire.LANG.yaml), finds its terms in texts, and links
// them to their definitions: a plain link, so it works without JavaScript.
package glossary

import (
	"fmt"
	"html/template"
	"io/fs"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
	"gopkg.in/yaml.v3"
)

// Entry is one term, in French, with the other forms it takes in texts.
type Entry struct {
	ID         string   `yaml:"id"`
	Term       string   `yaml:"term"`
	Also       []string `yaml:"also"`
	Definition string   `yaml:"definition"`
}

// Translation is a term and its definition in another language.
type Translation struct {
	Term       string `yaml:"term"`
	Definition string `yaml:"definition"`
}

// Glossary is every entry, ready to be matched in texts.
type Glossary struct {
	entries     []Entry
	langs       map[string]map[string]Translation
	forms       []form // longest first, so "numéro fiscal" wins over "numéro"
	formIndex   index
	jargonIndex index
}

type form struct {
	folded []rune
	id     string
}

// Load reads content/glossaire.fr.yaml, its translations
// content/glossaire.LANG.yaml and the jargon list content/jargon.fr.txt.
// A missing glossary is an empty one.
func Load(fsys fs.FS) (*Glossary, error) {
	g := &Glossary{langs: map[string]map[string]Translation{}}
	data, err := fs.ReadFile(fsys, "content/glossaire.fr.yaml")
	if err != nil {
		return g, nil
	}
	if err := yaml.Unmarshal(data, &g.entries); err != nil {
		return nil, fmt.Errorf("content/glossaire.fr.yaml: %w", err)
	}
	ids := map[string]bool{}
	for _, e := range g.entries {
		if e.ID == "" || e.Term == "" || e.Definition == "" || ids[e.ID] {
			return nil, fmt.Errorf("content/glossaire.fr.yaml: entry %q needs a unique id, a term and a definition", e.ID+e.Term)
		}
		ids[e.ID] = true
		for _, f := range append([]string{e.Term}, e.Also...) {
			g.forms = append(g.forms, form{fold(f), e.ID})
		}
	}
	sort.SliceStable(g.forms, func(i, j int) bool { return len(g.forms[i].folded) > len(g.forms[j].folded) })
	names, _ := fs.Glob(fsys, "content/glossaire.*.yaml")
	for _, name := range names {
		lang := strings.TrimSuffix(strings.TrimPrefix(name, "content/glossaire."), ".yaml")
		if lang == "fr" {
			continue
		}
		var tr map[string]Translation
		data, err := fs.ReadFile(fsys, name)
		if err == nil {
			err = yaml.Unmarshal(data, &tr)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		for id := range tr {
			if !ids[id] {
				return nil, fmt.Errorf("%s: %q is not an entry of glossaire.fr.yaml", name, id)
			}
		}
		g.langs[lang] = tr
	}
	var jargon []form
	if data, err := fs.ReadFile(fsys, "content/jargon.fr.txt"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
				jargon = append(jargon, form{fold(line), line})
			}
		}
	}
	sort.SliceStable(jargon, func(i, j int) bool { return len(jargon[i].folded) > len(jargon[j].folded) })
	g.formIndex, g.jargonIndex = newIndex(g.forms), newIndex(jargon)
	return g, nil
}

// Len is the number of entries.
func (g *Glossary) Len() int { return len(g.entries) }

// Missing lists, per language, the entries its file does not translate.
func (g *Glossary) Missing() map[string][]string {
	out := map[string][]string{}
	for lang, tr := range g.langs {
		for _, e := range g.entries {
			if _, ok := tr[e.ID]; !ok {
				out[lang] = append(out[lang], e.ID)
			}
		}
	}
	return out
}

// View is an entry as the glossary page shows it to a learner.
type View struct {
	ID, Term, Definition string
	// Translated holds the term and definition in the learner's language, if any.
	Translated *Translation
}

// Entries lists the entries in alphabetical order, with their translation
// into lang; only those of ids when ids is not nil.
func (g *Glossary) Entries(lang string, ids map[string]bool) []View {
	out := make([]View, 0, len(g.entries))
	for _, e := range g.entries {
		if ids != nil && !ids[e.ID] {
			continue
		}
		v := View{ID: e.ID, Term: e.Term, Definition: e.Definition}
		if tr, ok := g.langs[lang][e.ID]; ok {
			v.Translated = &tr
		}
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool { return string(fold(out[i].Term)) < string(fold(out[j].Term)) })
	return out
}

// match is a term found in a text, as rune offsets.
type match struct {
	start, end int
	id         string
}

// index groups forms by their first rune, longest first, so that a text
// is scanned once instead of once per form.
type index map[rune][]form

func newIndex(forms []form) index {
	ix := index{}
	for _, f := range forms { // forms are sorted longest first
		if len(f.folded) > 0 {
			ix[f.folded[0]] = append(ix[f.folded[0]], f)
		}
	}
	return ix
}

// scan finds, left to right, the longest form starting at each word; with
// firstOnly, only the first occurrence of each entry.
func (ix index) scan(text []rune, firstOnly bool) []match {
	folded := make([]rune, len(text))
	for i, r := range text {
		folded[i] = foldRune(r)
	}
	var out []match
	seen := map[string]bool{}
	for i := 0; i < len(folded); i++ {
		if !boundary(folded, i-1) {
			continue
		}
		for _, f := range ix[folded[i]] {
			n := len(f.folded)
			if i+n > len(folded) || !equal(folded[i:i+n], f.folded) || !boundary(folded, i+n) || (firstOnly && seen[f.id]) {
				continue
			}
			seen[f.id] = true
			out = append(out, match{i, i + n, f.id})
			i += n - 1
			break
		}
	}
	return out
}

// Link escapes text and links the first occurrence of each glossary term
// to href(id): a definition further down the same page, so that reading it
// never leaves a half-filled form.
func (g *Glossary) Link(text string, href func(id string) string) template.HTML {
	runes := []rune(text)
	var b strings.Builder
	last := 0
	for _, m := range g.formIndex.scan(runes, true) {
		b.WriteString(template.HTMLEscapeString(string(runes[last:m.start])))
		fmt.Fprintf(&b, `<a class="term" href="%s">%s</a>`, template.HTMLEscapeString(href(m.id)), template.HTMLEscapeString(string(runes[m.start:m.end])))
		last = m.end
	}
	b.WriteString(template.HTMLEscapeString(string(runes[last:])))
	return template.HTML(b.String())
}

// Found is a glossary term as it appears in a text.
type Found struct{ ID, Text string }

// Mark escapes text and marks the first occurrence of each glossary term
// (without a link: a label's words must leave the click to its field), and
// returns the terms found, so that a link to each definition can be put
// next to the label.
func (g *Glossary) Mark(text string) (template.HTML, []Found) {
	runes := []rune(text)
	var b strings.Builder
	var found []Found
	last := 0
	for _, m := range g.formIndex.scan(runes, true) {
		word := string(runes[m.start:m.end])
		b.WriteString(template.HTMLEscapeString(string(runes[last:m.start])))
		fmt.Fprintf(&b, `<span class="term-mark">%s</span>`, template.HTMLEscapeString(word))
		found = append(found, Found{ID: m.id, Text: word})
		last = m.end
	}
	b.WriteString(template.HTMLEscapeString(string(runes[last:])))
	return template.HTML(b.String()), found
}

// UnexplainedJargon lists the jargon words of text that the glossary does
// not define, for the plain-words check.
func (g *Glossary) UnexplainedJargon(text string) []string {
	runes := []rune(text)
	defined := make([]bool, len(runes))
	for _, m := range g.formIndex.scan(runes, false) {
		for k := m.start; k < m.end; k++ {
			defined[k] = true
		}
	}
	var out []string
	for _, m := range g.jargonIndex.scan(runes, false) {
		if !defined[m.start] {
			out = append(out, m.id)
		}
	}
	return out
}

func equal(a, b []rune) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// boundary reports whether position i is outside a word.
func boundary(text []rune, i int) bool {
	if i < 0 || i >= len(text) {
		return true
	}
	r := text[i]
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

// foldRune lowers a letter and drops its accent, one rune for one, so that
// offsets in the folded text are offsets in the original.
func foldRune(r rune) rune {
	r = unicode.ToLower(r)
	if r < 0x80 {
		return r
	}
	for _, d := range norm.NFD.String(string(r)) {
		return d // the base letter comes first
	}
	return r
}

func fold(s string) []rune {
	out := []rune(s)
	for i, r := range out {
		out[i] = foldRune(r)
	}
	return out
}
