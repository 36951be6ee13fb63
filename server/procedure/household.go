package procedure

import (
	"io/fs"
	"path"
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/repetition-demarches/repetition/content/foyers"
	"github.com/repetition-demarches/repetition/server/authoring"
)

// HouseholdsDir is where a folder of procedures finds the households an
// author adds or overrides, beside the bundled ones: content/foyers.
const HouseholdsDir = "content/foyers"

// HouseholdName is the name under which a profile's expressions read its
// household's facts (foyer.nir).
const HouseholdName = "foyer"

// Household is a fictional household shared across procedures, read from
// content/foyers/ID.yaml: its people's story, its facts (named values such
// as nir or salaire_net_social_1, which may be computed from today like
// profile answers) and its papers. A profile with household: ID gets the
// papers first in its own, reads the facts as foyer.x, and must not
// contradict them: the same Kévin in every procedure.
type Household struct {
	Pos   Pos
	File  string           `yaml:"-"`
	ID    string           `yaml:"id,required"`
	Name  string           `yaml:"name,required"`
	Story string           `yaml:"story,required"`
	Facts map[string]*Text `yaml:"facts"`
	// Documents are the household's papers, written as a profile's.
	Documents []*Document `yaml:"documents"`
}

// factsZero declares the facts for type-checking: every fact is a string.
func (h *Household) factsZero() map[string]any {
	m := make(map[string]any, len(h.Facts))
	for k := range h.Facts {
		m[k] = ""
	}
	return m
}

// bundledHouseholds are the households of content/foyers, read once with
// the bundled kinds of paper.
var bundledHouseholds = sync.OnceValues(func() (map[string]*Household, Problems) {
	kinds, _ := BundledKinds()
	return LoadHouseholds(foyers.Files, ".", kinds)
})

// BundledHouseholds returns the bundled households and the problems of
// their files (reported at start-up with the procedures').
func BundledHouseholds() (map[string]*Household, Problems) { return bundledHouseholds() }

// LoadHouseholds reads every household (*.yaml) in dir of fsys, whose
// papers may use kinds. Households with problems are left out.
func LoadHouseholds(fsys fs.FS, dir string, kinds map[string]*Kind) (map[string]*Household, Problems) {
	parse := func(name string, data []byte) (*Household, Problems) { return parseHousehold(name, data, kinds) }
	return loadDir(fsys, dir, parse, func(h *Household) string { return h.ID })
}

// householdsFor is what the procedures of a folder see: the bundled
// households and, over them, those of the content/foyers beside the folder
// when there is one (as kindsFor does for papers).
func householdsFor(fsys fs.FS, dir string, kinds map[string]*Kind) (map[string]*Household, Problems) {
	bundled, problems := BundledHouseholds()
	local := path.Join(path.Dir(path.Clean(dir)), HouseholdsDir)
	if st, err := fs.Stat(fsys, local); err != nil || !st.IsDir() {
		return bundled, problems
	}
	own, problems := LoadHouseholds(fsys, local, kinds)
	return overlay(bundled, own), problems
}

// parseHousehold decodes and checks one household: its id is its file's
// name, its facts compile with the functions only (a household knows no
// procedure), its papers with the functions and foyer.
func parseHousehold(file string, data []byte, kinds map[string]*Kind) (*Household, Problems) {
	doc, problems := readDocument(file, data)
	if doc == nil {
		return nil, problems
	}
	d := &decoder{file: file}
	h := &Household{File: file}
	d.decode(doc.Content[0], reflect.ValueOf(h).Elem())
	if want := strings.TrimSuffix(path.Base(file), ".yaml"); h.ID != "" && h.ID != want {
		d.errorf(h.Pos, "household.id_file", "ID", q(h.ID), "Want", q(want))
	}
	env := Functions(time.Now, func(int) string { return "" })
	for _, k := range sortedKeys(h.Facts) {
		t := h.Facts[k]
		if !identRE.MatchString(k) {
			d.errorf(t.Position(h.Pos), "check.ident_chars", "What", authoring.Term("fact_id"), "Value", q(k))
		}
		d.compileText(t, env)
	}
	env[HouseholdName] = h.factsZero()
	c := &checker{decoder: d, p: &Procedure{kinds: kinds}, env: env}
	c.checkDocuments(h.ID, h.Documents)
	for _, paper := range h.Documents {
		paper.household = h
	}
	d.problems.Sort()
	ps := foldReused(d.problems, doc)
	withExcerpts(ps, file, data)
	return h, ps
}
