package web

import (
	"html/template"

	"github.com/gofiber/fiber/v2"

	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/glossary"
	"github.com/repetition-demarches/repetition/server/locale"
	"github.com/repetition-demarches/repetition/server/procedure"
)

// guide is the guide layer of one page: the procedure's translation into
// the learner's language, if any, and whether to show translated labels
// under the French ones ("afficher la traduction").
type guide struct {
	lang, dir string
	tr        *procedure.Translation
	show      bool
	gloss     *glossary.Glossary
	used      map[string]bool // glossary terms linked on this page
}

func (s *server) guideFor(c *fiber.Ctx, p *procedure.Procedure, page *Page) guide {
	g := guide{lang: locale.Default, dir: "ltr"}
	if tr := p.Translations[page.Lang]; tr != nil && page.Lang != locale.Default {
		g = guide{lang: page.Lang, dir: page.Dir, tr: tr, show: cookie(c, translationCookie) == "1"}
	}
	g.gloss, g.used = s.a().glossary, map[string]bool{}
	page.Translatable = page.Lang != locale.Default
	page.ShowTranslation = g.show
	return g
}

func (g guide) step(id string) *procedure.StepTranslation {
	if g.tr == nil {
		return nil
	}
	if id == procedure.OwnDataStep {
		return g.tr.OwnData
	}
	return g.tr.Steps[id]
}

func (g guide) field(stepID, fieldID string) *procedure.FieldTranslation {
	if st := g.step(stepID); st != nil {
		return st.Fields[fieldID]
	}
	return nil
}

// hintView is one hint, in the learner's language when it is translated,
// with the glossary's terms linked to their definitions on the page.
type hintView struct {
	HTML      template.HTML
	Lang, Dir string
	// Always is shown in every mode (a dead end of the real site).
	Always bool
}

// link marks the glossary terms of a guide text.
func (g guide) link(text string) template.HTML {
	return g.gloss.Link(text, func(id string) string {
		g.used[id] = true
		return "#terme-" + id
	})
}

// mark marks the glossary terms of a label, and notes them for the
// definitions box.
func (g guide) mark(label string) (template.HTML, []glossary.Found) {
	html, found := g.gloss.Mark(label)
	for _, f := range found {
		g.used[f.ID] = true
	}
	return html, found
}

// terms are the definitions of the terms linked on the page, in the
// learner's language when translated.
func (g guide) terms(lang string) []glossary.View {
	if len(g.used) == 0 {
		return nil
	}
	return g.gloss.Entries(lang, g.used)
}

// hints are the hints shown after this many refused tries, translated
// one for one when the translation has them.
func (g guide) hints(ev *engine.Eval, hints []procedure.Hint, tr []procedure.Text, failures int) []hintView {
	var out []hintView
	for i, h := range hints {
		if h.After > failures {
			continue
		}
		if i < len(tr) && !tr[i].IsZero() {
			out = append(out, hintView{HTML: g.link(ev.Text(tr[i])), Lang: g.lang, Dir: g.dir, Always: h.Always})
		} else {
			out = append(out, hintView{HTML: g.link(ev.Text(h.Text)), Lang: locale.Default, Dir: "ltr", Always: h.Always})
		}
	}
	return out
}

// stepHints are the hints of a step, translated when they can be.
func (g guide) stepHints(ev *engine.Eval, st *procedure.Step, failures int) []hintView {
	var tr []procedure.Text
	if str := g.step(st.ID); str != nil {
		tr = str.Hints
	}
	return g.hints(ev, st.Hints, tr, failures)
}

// translated renders a translated text when translations are shown.
func (g guide) translated(ev *engine.Eval, t *procedure.Text) string {
	if !g.show || t == nil || t.IsZero() {
		return ""
	}
	return ev.Text(*t)
}

// profileView is the fictional person beside the form.
type profileView struct {
	Name, Story, Lang, Dir string
	// Papers links to the profile's fake documents, when it has some.
	Papers string
}

// linkPapers links the profile to its papers, when it has some.
func (v *profileView) linkPapers(p *procedure.Procedure, pr *procedure.Profile) {
	if v != nil && pr != nil && len(pr.Documents) > 0 {
		v.Papers = papersURL(p)
	}
}

func (g guide) profile(p *procedure.Profile) *profileView {
	if p == nil {
		return nil
	}
	v := &profileView{Name: p.Name, Story: p.Story, Lang: locale.Default, Dir: "ltr"}
	if g.tr != nil {
		if ptr := g.tr.Profiles[p.ID]; ptr != nil && ptr.Story != "" {
			v.Story, v.Lang, v.Dir = ptr.Story, g.lang, g.dir
			if ptr.Name != "" {
				v.Name = ptr.Name
			}
		}
	}
	return v
}

// toggleTranslation shows or hides the translated labels, then goes back.
func (s *server) toggleTranslation(c *fiber.Ctx) error {
	value := "1"
	if cookie(c, translationCookie) == "1" {
		value = "0"
	}
	setCookie(c, translationCookie, value, yearLong)
	return seeOther(c, localPath(c.FormValue("retour", "/")))
}

// alwaysShown keeps the hints shown in every mode (always: true).
func alwaysShown(hints []hintView) []hintView {
	var out []hintView
	for _, h := range hints {
		if h.Always {
			out = append(out, h)
		}
	}
	return out
}
