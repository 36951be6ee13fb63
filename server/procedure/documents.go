package procedure

import (
	"slices"
	"sort"
	"strings"

	"github.com/repetition-demarches/repetition/server/authoring"
)

// The paper folder ("Mes papiers"): each fictional profile may carry fake
// documents (an avis d'imposition, a carte Vitale, payslips…) drawn by the
// sandbox and marked SPÉCIMEN — FICTIF. A field's where names the document
// and the box where the answer is printed.

// Document is one fake paper of a profile.
type Document struct {
	Pos  Pos
	Kind string `yaml:"kind,required"`
	// ID tells apart several documents of one kind (three payslips).
	ID    string           `yaml:"id"`
	Title Text             `yaml:"title"`
	Boxes map[string]*Text `yaml:"boxes"`
	// household is the household whose facts the texts read as foyer.x:
	// the one the paper belongs to, or its profile's.
	household *Household
}

// Household is the household whose facts the document's texts read
// (foyer.nir), or nil.
func (d *Document) Household() *Household { return d.household }

// Key is how addresses and where name the document: its id, or its kind.
func (d *Document) Key() string {
	if d.ID != "" {
		return d.ID
	}
	return d.Kind
}

// Where points to the box of a document where a field's answer is printed
// ("Où trouver cette information ?").
type Where struct {
	Pos Pos
	// Document is a kind (avis_imposition) or the id of a profile's document.
	Document string `yaml:"document,required"`
	Box      string `yaml:"box,required"`
}

// DocumentKind returns the bundled kind with this id, or nil.
func DocumentKind(id string) *Kind {
	kinds, _ := BundledKinds()
	return kinds[id]
}

// DocumentKinds lists the ids of the bundled kinds of documents, sorted.
func DocumentKinds() []string {
	kinds, _ := BundledKinds()
	return sortedKeys(kinds)
}

// DocumentTitle is the title drawn on a document: its own, or its kind's.
func (p *Procedure) DocumentTitle(d *Document) Text {
	if !d.Title.IsZero() {
		return d.Title
	}
	if k := p.kinds[d.Kind]; k != nil {
		return k.Title
	}
	return Text{}
}

// Kind returns the kind of paper with this id that the procedure's
// documents may use, or nil.
func (p *Procedure) Kind(id string) *Kind { return p.kinds[id] }

// Document returns the profile's document whose id (or kind, when it has
// no id) is key, or nil.
func (pr *Profile) Document(key string) *Document {
	for _, d := range pr.Documents {
		if d.Key() == key {
			return d
		}
	}
	return nil
}

// DocumentFor returns the document where the profile reads answer number
// i (0-based) of a field with where: the i-th of its documents matching
// where.document (by id, or by kind); nil when it has none.
func (pr *Profile) DocumentFor(w *Where, i int) *Document {
	if pr == nil || w == nil {
		return nil
	}
	n := 0
	for _, d := range pr.Documents {
		if d.ID == w.Document || d.Kind == w.Document {
			if n == i {
				return d
			}
			n++
		}
	}
	return nil
}

// checkDocuments verifies the documents of a profile or a household
// (owner): known kinds and boxes, an id for each of several documents of
// one kind, every box computed with the answers' rules (${ } with today()
// and the like).
func (c *checker) checkDocuments(owner string, docs []*Document) {
	keys := map[string]bool{}
	for _, d := range docs {
		c.compileText(&d.Title, c.env)
		k := c.p.kinds[d.Kind]
		if k == nil {
			c.errorf(d.Pos, "documents.kind", "Profile", q(owner), "Kind", q(d.Kind), authoring.SuggestArg, suggest(d.Kind, sortedKeys(c.p.kinds)))
			continue
		}
		if d.ID != "" && !valueRE.MatchString(d.ID) {
			c.errorf(d.Pos, "check.value_chars", "What", authoring.Term("document_id"), "Value", q(d.ID))
		}
		if keys[d.Key()] {
			if d.ID == "" {
				c.errorf(d.Pos, "documents.several", "Profile", q(owner), "Kind", d.Kind)
			} else {
				c.errorf(d.Pos, "documents.duplicate", "Profile", q(owner), "ID", q(d.ID))
			}
		}
		keys[d.Key()] = true
		for _, id := range sortedKeys(d.Boxes) {
			t := d.Boxes[id]
			if k.Box(id) == nil {
				c.errorf(t.Position(d.Pos), "documents.box", "Kind", d.Kind, "Box", q(id), authoring.SuggestArg, suggest(id, k.BoxIDs()), "Boxes", strings.Join(k.BoxIDs(), ", "))
				continue
			}
			c.compileText(t, c.env)
		}
	}
}

// checkWhere verifies a field's where: a known kind, or a document id of
// some profile, and a box of that kind.
func (c *checker) checkWhere(f *Field) {
	w := f.Where
	if w == nil || w.Document == "" || w.Box == "" {
		return // the decoder reported the missing key
	}
	var kindIDs []string
	if k := c.p.kinds[w.Document]; k != nil {
		kindIDs = append(kindIDs, k.ID)
	} else {
		ids := map[string]bool{}
		for _, pr := range c.p.Profiles {
			for _, d := range pr.Documents {
				if d.ID == w.Document && c.p.kinds[d.Kind] != nil && !slices.Contains(kindIDs, d.Kind) {
					kindIDs = append(kindIDs, d.Kind)
				}
				if d.ID != "" {
					ids[d.ID] = true
				}
			}
		}
		if len(kindIDs) == 0 {
			known := append(sortedKeys(c.p.kinds), sortedKeys(ids)...)
			c.errorf(w.Pos, "documents.where_document", "Field", q(f.ID), "Document", q(w.Document), authoring.SuggestArg, suggest(w.Document, known))
			return
		}
	}
	sort.Strings(kindIDs)
	for _, id := range kindIDs {
		if k := c.p.kinds[id]; k.Box(w.Box) == nil {
			c.errorf(w.Pos, "documents.where_box", "Field", q(f.ID), "Kind", id, "Box", q(w.Box), authoring.SuggestArg, suggest(w.Box, k.BoxIDs()), "Boxes", strings.Join(k.BoxIDs(), ", "))
		}
	}
}
