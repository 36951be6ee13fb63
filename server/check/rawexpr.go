package check

import (
	"strings"

	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/procedure"
)

// rawExpr finds the texts a learner would read with a raw ${ in them: a
// text the loader does not compute (a procedure's title, an option's
// label…), or a computed text whose result still holds ${ (a value that
// is itself a text with ${). Texts are computed for a first visit without
// a profile and with each profile, as learners meet them.
func (r *Report) rawExpr(p *procedure.Procedure) {
	at := func(pos procedure.Pos, what, s string) {
		if strings.Contains(s, "${") {
			r.add(p, pos, "%s", rawExprProblem(what))
		}
	}
	plain := []struct {
		what, s string
	}{{"le titre de la démarche", p.Title}, {"site", p.Site}, {"summary", p.Summary}, {"real.help", p.Real.Help},
		{"review.title", p.Review.Title}, {"submit.attestation", p.Submit.Attestation}, {"submit.button", p.Submit.Button}}
	for _, t := range plain {
		at(p.Pos, t.what, t.s)
	}
	for _, s := range p.Prepare {
		at(p.Pos, "prepare", s)
	}
	for _, st := range p.Steps {
		at(st.Pos, "le bouton de l'étape "+st.ID, st.Button)
		for _, f := range st.Fields {
			for _, o := range f.Options {
				at(f.Pos, "une option du champ "+f.ID, o.Label+o.Help)
			}
		}
	}
	for _, pr := range p.Profiles {
		at(pr.Pos, "le profil "+pr.ID, pr.Name+pr.Story)
	}

	e := Engine()
	visits := []string{""}
	for _, pr := range p.Profiles {
		visits = append(visits, pr.ID)
	}
	reported := map[string]bool{}
	for _, profile := range visits {
		ev := e.Eval(p, e.Start(p, profile))
		computed := func(pos procedure.Pos, what string, t procedure.Text) {
			if !reported[what] && strings.Contains(ev.Text(t), "${") {
				reported[what] = true
				r.add(p, t.Position(pos), "%s", rawExprProblem(what))
			}
		}
		for _, st := range p.Steps {
			computed(st.Pos, "le titre de l'étape "+st.ID, st.Title)
			computed(st.Pos, "l'introduction de l'étape "+st.ID, st.Intro)
			for _, h := range st.Hints {
				computed(h.Pos, "une astuce de l'étape "+st.ID, h.Text)
			}
			for _, c := range st.Checks {
				computed(c.Pos, "le message de la vérification "+c.ID, c.Message)
			}
			for _, f := range st.Fields {
				computed(f.Pos, "le libellé du champ "+f.ID, f.Label)
				computed(f.Pos, "l'aide du champ "+f.ID, f.Help)
				for _, h := range f.Hints {
					computed(h.Pos, "une astuce du champ "+f.ID, h.Text)
				}
			}
		}
		computed(p.Receipt.Pos, "le titre du récépissé", p.Receipt.Title)
		computed(p.Receipt.Pos, "la suite du récépissé", p.Receipt.Next)
		if pr := p.Profile(profile); pr != nil {
			r.rawPapers(p, e, pr, reported)
		}
	}
}

// rawPapers looks at a profile's papers as drawn: title and boxes.
func (r *Report) rawPapers(p *procedure.Procedure, e *engine.Engine, pr *procedure.Profile, reported map[string]bool) {
	for _, d := range pr.Documents {
		what := "le document " + d.Key() + " du profil " + pr.ID
		if reported[what] {
			continue
		}
		text := e.DocumentTitle(p, d)
		for _, b := range e.DocumentBoxes(p, d) {
			text += b.Label + b.Value
		}
		if strings.Contains(text, "${") {
			reported[what] = true
			r.add(p, d.Pos, "%s", rawExprProblem(what))
		}
	}
}

// rawExprProblem is the authoring message, in French, for a text a learner
// would read with a raw ${.
func rawExprProblem(what string) string {
	return what + " afficherait « ${ » tel quel à l'apprenant : ce texte n'est pas calculé, ou son calcul donne encore un ${ } ; écrivez le texte voulu"
}
