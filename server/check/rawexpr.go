package check

import (
	"fmt"
	"strings"

	"github.com/repetition-demarches/repetition/server/authoring"
	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/procedure"
)

// rawExpr finds the texts a learner would read with a raw ${ in them: a
// text the loader does not compute (a procedure's title, an option's
// label…), or a computed text whose result still holds ${ (a value that
// is itself a text with ${). Texts are computed for a first visit without
// a profile and with each profile, as learners meet them.
func (r *Report) rawExpr(p *procedure.Procedure) {
	at := func(pos procedure.Pos, w authoring.Nested, s string) {
		if strings.Contains(s, "${") {
			r.add(p, pos, "check.raw_expr", "What", w)
		}
	}
	key := func(k string) authoring.Nested { return what("check.raw_key", "Key", k) }
	plain := []struct {
		what authoring.Nested
		s    string
	}{{what("check.raw_title"), p.Title}, {key("site"), p.Site}, {key("summary"), p.Summary}, {key("real.help"), p.Real.Help},
		{key("review.title"), p.Review.Title}, {key("submit.attestation"), p.Submit.Attestation}, {key("submit.button"), p.Submit.Button}}
	for _, t := range plain {
		at(p.Pos, t.what, t.s)
	}
	for _, s := range p.Prepare {
		at(p.Pos, key("prepare"), s)
	}
	for _, st := range p.Steps {
		at(st.Pos, what("check.raw_step_button", "ID", st.ID), st.Button)
		for _, f := range st.Fields {
			for _, o := range f.Options {
				at(f.Pos, what("check.raw_option", "ID", f.ID), o.Label+o.Help)
			}
		}
	}
	for _, pr := range p.Profiles {
		at(pr.Pos, what("check.raw_profile", "ID", pr.ID), pr.Name+pr.Story)
	}

	e := Engine()
	visits := []string{""}
	for _, pr := range p.Profiles {
		visits = append(visits, pr.ID)
	}
	reported := map[string]bool{}
	for _, profile := range visits {
		ev := e.Eval(p, e.Start(p, profile))
		computed := func(pos procedure.Pos, w authoring.Nested, t procedure.Text) {
			id := fmt.Sprint(w.Key, w.Args)
			if !reported[id] && strings.Contains(ev.Text(t), "${") {
				reported[id] = true
				r.add(p, t.Position(pos), "check.raw_expr", "What", w)
			}
		}
		for _, st := range p.Steps {
			computed(st.Pos, what("check.raw_step_title", "ID", st.ID), st.Title)
			computed(st.Pos, what("check.raw_step_intro", "ID", st.ID), st.Intro)
			for _, h := range st.Hints {
				computed(h.Pos, what("check.raw_step_hint", "ID", st.ID), h.Text)
			}
			for _, c := range st.Checks {
				computed(c.Pos, what("check.raw_check", "ID", c.ID), c.Message)
			}
			for _, f := range st.Fields {
				computed(f.Pos, what("check.raw_field_label", "ID", f.ID), f.Label)
				computed(f.Pos, what("check.raw_field_help", "ID", f.ID), f.Help)
				for _, h := range f.Hints {
					computed(h.Pos, what("check.raw_field_hint", "ID", f.ID), h.Text)
				}
			}
		}
		computed(p.Receipt.Pos, what("check.raw_receipt_title"), p.Receipt.Title)
		computed(p.Receipt.Pos, what("check.raw_receipt_next"), p.Receipt.Next)
		if pr := p.Profile(profile); pr != nil {
			r.rawPapers(p, e, pr, reported)
		}
	}
}

// rawPapers looks at a profile's papers as drawn: title and boxes.
func (r *Report) rawPapers(p *procedure.Procedure, e *engine.Engine, pr *procedure.Profile, reported map[string]bool) {
	for _, d := range pr.Documents {
		id := "document " + d.Key() + " " + pr.ID
		if reported[id] {
			continue
		}
		text := e.DocumentTitle(p, d)
		for _, b := range e.DocumentBoxes(p, d) {
			text += b.Label + b.Value
		}
		if strings.Contains(text, "${") {
			reported[id] = true
			r.add(p, d.Pos, "check.raw_expr", "What", what("check.raw_document", "Document", d.Key(), "Profile", pr.ID))
		}
	}
}

// what names, for the problem, the text a learner would read: a nested
// message of the catalogue with its arguments.
func what(key string, args ...any) authoring.Nested {
	return authoring.Nested{Key: key, Args: args}
}
