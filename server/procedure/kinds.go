package procedure

import (
	"io/fs"
	"path"
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/repetition-demarches/repetition/content/papiers"
)

// KindsDir is where a folder of procedures finds the kinds of paper an
// author adds or overrides, beside the bundled ones: content/papiers.
const KindsDir = "content/papiers"

// Specimen is the mark every fake paper carries; a kind may word it its own
// way but must keep the word SPÉCIMEN.
const Specimen = "SPÉCIMEN — FICTIF"

// Kind is a kind of fake paper, read from content/papiers/ID.yaml: its
// French title, its shape (a small card or an A4 sheet), its mark and its
// boxes in the order they are drawn. Texts may hold ${ }, computed with
// the procedure's clock like profile answers.
type Kind struct {
	Pos   Pos
	File  string    `yaml:"-"`
	ID    string    `yaml:"-"` // the file's name without .yaml
	Title Text      `yaml:"title,required"`
	Shape string    `yaml:"shape"`
	Mark  string    `yaml:"mark"`
	Boxes []BoxKind `yaml:"boxes,required"`
}

// BoxKind is one box of a kind of paper: the French label printed on it,
// what it prints when the profile's document leaves it out, and whether it
// takes the sheet's whole width.
type BoxKind struct {
	Pos   Pos
	ID    string `yaml:"id,required"`
	Label Text   `yaml:"label,required"`
	Value Text   `yaml:"value"`
	Wide  bool   `yaml:"wide"`
}

// Card reports whether the paper is drawn as a small card.
func (k *Kind) Card() bool { return k.Shape == "card" }

// Marked is the mark drawn on the paper.
func (k *Kind) Marked() string {
	if k.Mark == "" {
		return Specimen
	}
	return k.Mark
}

// Box returns the box with this id, or nil.
func (k *Kind) Box(id string) *BoxKind {
	for i := range k.Boxes {
		if k.Boxes[i].ID == id {
			return &k.Boxes[i]
		}
	}
	return nil
}

// BoxIDs lists the ids of the kind's boxes, in the order they are drawn.
func (k *Kind) BoxIDs() []string {
	ids := make([]string, len(k.Boxes))
	for i, b := range k.Boxes {
		ids[i] = b.ID
	}
	return ids
}

// bundledKinds are the kinds of content/papiers, read once: they never
// change while the program runs.
var bundledKinds = sync.OnceValues(func() (map[string]*Kind, Problems) {
	return LoadKinds(papiers.Files, ".")
})

// BundledKinds returns the bundled kinds of paper and the problems of
// their files (reported at start-up with the procedures').
func BundledKinds() (map[string]*Kind, Problems) { return bundledKinds() }

// LoadKinds reads every kind of paper (*.yaml) in dir of fsys; each file's
// name is its kind's id. Kinds with problems are left out.
func LoadKinds(fsys fs.FS, dir string) (map[string]*Kind, Problems) {
	return loadDir(fsys, dir, parseKind, func(k *Kind) string { return k.ID })
}

// kindsFor is what the procedures of a folder see: the bundled kinds and,
// over them, those of the content/papiers beside the folder when there is
// one (the author's folder in -dev mode, where a new letter needs no
// rebuild). Only the folder's problems are reported then: in the embedded
// tree, its files are the bundled ones.
func kindsFor(fsys fs.FS, dir string) (map[string]*Kind, Problems) {
	bundled, problems := BundledKinds()
	local := path.Join(path.Dir(path.Clean(dir)), KindsDir)
	if st, err := fs.Stat(fsys, local); err != nil || !st.IsDir() {
		return bundled, problems
	}
	own, problems := LoadKinds(fsys, local)
	return overlay(bundled, own), problems
}

func parseKind(file string, data []byte) (*Kind, Problems) {
	doc, problems := readDocument(file, data)
	if doc == nil {
		return nil, problems
	}
	d := &decoder{file: file}
	k := &Kind{File: file, ID: strings.TrimSuffix(path.Base(file), ".yaml")}
	d.decode(doc.Content[0], reflect.ValueOf(k).Elem())
	d.checkKind(k, Functions(time.Now, func(int) string { return "" }))
	d.problems.Sort()
	return k, d.problems
}

// ownKinds adds the kinds a procedure declares (paper_kinds) to the ones
// its documents may use; their texts may read the procedure's values.
func (c *checker) ownKinds() {
	if len(c.p.PaperKinds) == 0 {
		return
	}
	all := make(map[string]*Kind, len(c.p.kinds)+len(c.p.PaperKinds))
	for id, k := range c.p.kinds {
		all[id] = k
	}
	for _, id := range sortedKeys(c.p.PaperKinds) {
		k := c.p.PaperKinds[id]
		if k == nil {
			continue
		}
		k.ID, k.File = id, c.p.File
		c.checkKind(k, c.env)
		all[id] = k
	}
	c.p.kinds = all
}

// checkKind verifies a kind: an id usable in where, a known shape, the
// SPÉCIMEN mark kept, boxes with distinct ids, texts that compile in env
// (the functions for a file of content/papiers, which knows no procedure;
// the procedure's fields and values for its own kinds).
func (d *decoder) checkKind(k *Kind, env map[string]any) {
	if !valueRE.MatchString(k.ID) {
		d.errorf(k.Pos, "documents.kind_id", "ID", q(k.ID))
	}
	if k.Shape != "" && k.Shape != "card" && k.Shape != "sheet" {
		d.errorf(k.Pos, "documents.kind_shape", "Shape", q(k.Shape))
	}
	if k.Mark != "" && !strings.Contains(k.Mark, "SPÉCIMEN") {
		d.errorf(k.Pos, "documents.kind_mark", "Mark", q(k.Mark))
	}
	d.compileText(&k.Title, env)
	seen := map[string]bool{}
	for i := range k.Boxes {
		b := &k.Boxes[i]
		if !identRE.MatchString(b.ID) {
			d.errorf(b.Pos, "documents.kind_box_id", "Box", q(b.ID))
		}
		if seen[b.ID] {
			d.errorf(b.Pos, "documents.kind_duplicate_box", "Box", q(b.ID))
		}
		seen[b.ID] = true
		d.compileText(&b.Label, env)
		d.compileText(&b.Value, env)
	}
}
