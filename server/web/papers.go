package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/procedure"
)

// docView is one fake document of a profile's papers, as drawn: in French,
// marked SPÉCIMEN — FICTIF, with at most one box highlighted.
type docView struct {
	Key, Kind, Title string
	Card             bool
	// Mark is the kind's SPÉCIMEN mark.
	Mark  string
	Boxes []boxView
	URL   string
	// Prefix keeps box ids unique when several documents share a page.
	Prefix string
	// Here labels the highlighted box, in the learner's language.
	Here, HereLang, HereDir string
}

type boxView struct {
	ID, Label, Value string
	Here, Wide       bool
}

// whereView is a field's "Où trouver cette information ?".
type whereView struct {
	Open bool
	// ShowMe is the "Montrez-moi" hint, after three refused tries.
	ShowMe, ShowMeURL string
	Docs              []*docView
}

func papersURL(p *procedure.Procedure) string { return "/demarches/" + p.ID + "/papiers" }

func paperURL(p *procedure.Procedure, d *procedure.Document, box string) string {
	u := papersURL(p) + "/" + d.Key()
	if box != "" {
		u += "?case=" + box + "#case-" + box
	}
	return u
}

func (s *server) docView(page *Page, p *procedure.Procedure, d *procedure.Document, prefix, here string) *docView {
	k := p.Kind(d.Kind)
	v := &docView{
		Key: d.Key(), Kind: d.Kind, Title: s.Engine.DocumentTitle(p, d), Card: k.Card(), Mark: k.Marked(),
		URL: paperURL(p, d, ""), Prefix: prefix,
		Here: page.T("papers.here"), HereLang: page.Lang, HereDir: page.Dir,
	}
	for _, b := range s.Engine.DocumentBoxes(p, d) {
		v.Boxes = append(v.Boxes, boxView{ID: b.ID, Label: b.Label, Value: b.Value, Wide: b.Wide, Here: b.ID == here})
	}
	return v
}

// wheres adds "Où trouver cette information ?" to the fields whose answer
// is printed on one of the profile's papers. After three refused tries, a
// field still refused gets the "Montrez-moi" hint and the disclosure opens.
func (s *server) wheres(page *Page, ev *engine.Eval, st *procedure.Step, fields []*fieldView) {
	pr := ev.P.Profile(ev.A.Profile)
	if pr == nil || len(pr.Documents) == 0 {
		return
	}
	failures := ev.A.Failures(st)
	for _, fv := range fields {
		f := ev.P.Field(fv.Key)
		if f == nil || f.Where == nil {
			continue
		}
		w := &whereView{}
		for i, key := range f.Keys() {
			d := pr.DocumentFor(f.Where, i)
			if d == nil {
				continue
			}
			w.Docs = append(w.Docs, s.docView(page, ev.P, d, fieldID(key)+"-", f.Where.Box))
			refused := fv.Error != ""
			for _, item := range fv.Items {
				refused = refused || (item.Key == key && item.Error != "")
			}
			if failures >= 3 && refused && w.ShowMe == "" {
				box := ev.P.Kind(d.Kind).Box(f.Where.Box)
				w.Open = true
				w.ShowMe = page.T("papers.show_me", "Box", s.Engine.PaperText(ev.P, box.Label), "Document", s.kindName(page, ev.P, d.Kind))
				w.ShowMeURL = paperURL(ev.P, d, f.Where.Box)
			}
		}
		if len(w.Docs) > 0 {
			fv.Where = w
		}
	}
}

type papersPage struct {
	*Page
	Profile *profileView
	Docs    []*docView
	// One is set on the page of a single document.
	One  bool
	Back string
}

// papers lists the fake documents of the learner's profile ("Mes papiers").
func (s *server) papers(c *fiber.Ctx) error {
	return s.papersPage(c, "")
}

// paper draws one document, with the box named by ?case= highlighted.
func (s *server) paper(c *fiber.Ctx) error {
	return s.papersPage(c, c.Params("doc"))
}

func (s *server) papersPage(c *fiber.Ctx, key string) error {
	p, a, err := s.withAttempt(c)
	if err != nil {
		return err
	}
	page := s.newPage(c, p)
	page.Title = page.T("papers.title")
	g := s.guideFor(c, p, page)
	pp := &papersPage{Page: page, Back: startURL(p)}
	if a != nil {
		pp.Back = resumeURL(s.Engine.Eval(p, a))
		if pr := p.Profile(a.Profile); pr != nil {
			pp.Profile = g.profile(pr)
			for _, d := range pr.Documents {
				if key != "" && d.Key() != key {
					continue
				}
				prefix := ""
				if key == "" {
					prefix = d.Key() + "-"
				}
				pp.Docs = append(pp.Docs, s.docView(page, p, d, prefix, c.Query("case")))
			}
		}
	}
	if key != "" {
		if len(pp.Docs) == 0 {
			return fiber.ErrNotFound
		}
		pp.One = true
		page.Title = pp.Docs[0].Title + " — " + page.Title
	}
	return s.render(c, "papers", pp, nil)
}

// kindName names a kind of paper in the learner's language ("votre carte
// Vitale"); a kind an author added in YAML has no message of its own and
// is named by its French title ("votre document « Convocation »").
func (s *server) kindName(page *Page, p *procedure.Procedure, kind string) string {
	if id := "papers.kind." + kind; s.a().locales.Has(page.Lang, id) {
		return page.T(id)
	}
	return page.T("papers.kind_named", "Title", s.Engine.PaperText(p, p.Kind(kind).Title))
}
