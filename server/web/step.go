package web

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/glossary"
	"github.com/repetition-demarches/repetition/server/procedure"
)

type stepPage struct {
	*Page
	Step    *procedure.Step
	Heading string
	// HeadingTranslation and IntroTranslation are in the learner's language, when shown.
	HeadingTranslation, IntroTranslation string
	Intro                                string
	Number, Total                        int
	Fields                               []*fieldView
	Issues                               []issueView
	Hints                                []hintView
	Back                                 string
	Action                               string
	Button                               string
	Profile                              *profileView
	// Multipart is set when the step uploads a file.
	Multipart bool
	// Preview draws the step for an author: its form sends nothing.
	Preview bool
	// Terms defines the glossary words linked on the page.
	Terms []glossary.View
	// AskHelp offers "Besoin d'aide ?" (autonomous mode, hints still hidden).
	AskHelp bool
	// HintsOpen draws the step's hints unfolded: after a refusal or a
	// warning, or once asked for. On a first view in guided mode they are
	// a folded "Aide", so that on a phone the question comes first.
	HintsOpen bool
	// HasGroup is set when the form has a group's buttons: a hidden
	// "Continuer" comes first, so that Enter in a field does not press
	// "Supprimer".
	HasGroup bool
	// Warnings are the warnings of the last post ("êtes-vous sûr ?"),
	// offered with "Confirmer" and "Corriger".
	Warnings []issueView
}

// stepShow draws one step. A learner who tries to open a step further than
// the first incomplete one is sent back to it.
func (s *server) stepShow(c *fiber.Ctx) error {
	p, a, st, err := s.withStep(c)
	if err != nil {
		return err
	}
	if a == nil {
		return c.Redirect(startURL(p), fiber.StatusSeeOther)
	}
	if to := gate(p, a); to != "" {
		return c.Redirect(to, fiber.StatusSeeOther)
	}
	ev := s.Engine.Eval(p, a)
	if a.Receipt != nil || !ev.MayOpen(st) {
		return c.Redirect(resumeURL(ev), fiber.StatusSeeOther)
	}
	page := s.newPage(c, p)
	page.simulated()
	g := s.guideFor(c, p, page)
	var issues []engine.Issue
	warned := a.Warned(st)
	if state := a.Steps[st.ID]; !state.Done && !warned {
		issues = state.Issues
	}
	sp := &stepPage{
		Page: page, Step: st,
		Heading: ev.Text(st.Title), Intro: ev.Text(st.Intro),
		Fields:  s.fieldViews(page, g, ev, st, issues),
		Action:  stepURL(p, st),
		Button:  st.Button,
		Profile: g.profile(p.Profile(a.Profile)),
	}
	sp.Profile.linkPapers(p, p.Profile(a.Profile))
	if str := g.step(st.ID); str != nil {
		sp.HeadingTranslation = g.translated(ev, &str.Title)
		sp.IntroTranslation = g.translated(ev, &str.Intro)
	}
	sp.Hints = g.stepHints(ev, st, a.Failures(st))
	sp.HintsOpen = len(issues) > 0 || warned || a.Mode == engine.ModeAutonomous
	if a.ShowsHints(st) {
		s.wheres(page, ev, st, sp.Fields)
	} else {
		sp.Hints = alwaysShown(sp.Hints)
		for _, fv := range sp.Fields {
			fv.Hints = alwaysShown(fv.Hints)
		}
		sp.AskHelp = a.Mode == engine.ModeAutonomous && hasHints(st)
	}
	sp.Terms = g.terms(page.Lang)
	for _, f := range st.Fields {
		sp.Multipart = sp.Multipart || f.Type == "file"
		sp.HasGroup = sp.HasGroup || f.IsGroup()
	}
	for _, is := range issues {
		anchor := fieldID(is.Field)
		if is.Field == procedure.StepIssue && len(sp.Fields) > 0 {
			anchor = sp.Fields[0].ID
		}
		sp.Issues = append(sp.Issues, issueView{Anchor: anchor, Text: issueLabel(page, ev, is)})
	}
	if warned {
		sp.Warnings = warningViews(page, a.Steps[st.ID].Issues, sp.Fields)
	}
	prefilledViews(ev, sp.Fields, c.Query("modifier"), sp.Warnings)
	page.ErrorPrefix = len(sp.Issues) > 0
	page.Title = sp.Heading
	sp.Number, sp.Total = ev.StepCount(st)
	if prev := ev.Previous(st); prev != nil {
		sp.Back = stepURL(p, prev)
	} else {
		sp.Back = startURL(p)
	}
	if err := ev.Err(); err != nil {
		return err
	}
	return s.render(c, "step", sp, p)
}

// stepSave records a step's answers, then goes to the first step still to
// do, or back to the same step to show what is wrong.
func (s *server) stepSave(c *fiber.Ctx) error {
	p, a, st, err := s.withStep(c)
	if err != nil {
		return err
	}
	if a == nil {
		return seeOther(c, startURL(p))
	}
	if to := gate(p, a); to != "" {
		return seeOther(c, to)
	}
	form, err := formValues(c, st)
	if err != nil {
		return err
	}
	askHelp := c.FormValue("aide") == "1"
	verb, group, item, isGroupAction := groupAction(strings.Clone(c.FormValue("action")))
	confirm := c.FormValue("confirmer") == "1"
	var next string
	signedIn := false
	err = s.updateAttempt(c, p, func(a *engine.Attempt) error {
		ev := s.Engine.Eval(p, a)
		if a.Receipt != nil || !ev.MayOpen(st) {
			next = resumeURL(ev)
			return errNotSaved
		}
		if !a.GatePassed(p) {
			next = gateURL(p)
			return errNotSaved
		}
		if a.Expired(p, s.Engine.Now()) {
			next = "/demarches/" + p.ID + "/session-expiree"
			return nil
		}
		if isGroupAction {
			// Keep what was typed, add or remove the item, judge nothing.
			next = stepURL(p, st)
			if f := p.Field(group); f != nil && f.IsGroup() {
				next += "#" + fieldID(f.ID) // never an anchor written by the client
			}
			if verb == actionRemove {
				s.Engine.RemoveItem(p, a, st, form, group, item)
			} else if n := s.Engine.AddItem(p, a, st, form, group); n >= 0 {
				next = stepURL(p, st) + "#" + fieldID(procedure.RepeatKey(group, n))
			}
			return nil
		}
		if askHelp {
			// Keep what was typed, show the hints, judge nothing.
			s.Engine.Keep(p, a, st, form)
			a.AskHelp(st)
			next = stepURL(p, st) + "#aide"
			return nil
		}
		post := s.Engine.Post
		if confirm {
			// "Confirmer" sends no field: the answers warned about stand.
			post = func(p *procedure.Procedure, a *engine.Attempt, st *procedure.Step, _ map[string]string) ([]engine.Issue, *engine.Eval) {
				return s.Engine.Confirm(p, a, st, nil)
			}
		}
		issues, after := post(p, a, st, form)
		if len(issues) > 0 {
			next = stepURL(p, st)
		} else {
			next = resumeURL(after)
			// The site's own login step: a new id once past it.
			signedIn = st.ID == p.Traps.SMSCodeAfter
		}
		return after.Err()
	})
	if err == nil && signedIn {
		_, err = s.rotateSession(c)
	}
	switch {
	case errors.Is(err, errNotSaved):
	case errors.Is(err, errNoAttempt):
		return seeOther(c, startURL(p))
	case err != nil:
		return err
	}
	return seeOther(c, next)
}

// hasHints reports whether step s or one of its fields has hints.
func hasHints(s *procedure.Step) bool {
	if len(s.Hints) > 0 {
		return true
	}
	for _, f := range s.Fields {
		if len(f.Hints) > 0 || f.Where != nil {
			return true
		}
	}
	return false
}

// withStep loads the procedure, the learner's attempt (nil when there is
// none) and the step named in the URL, or a 404.
func (s *server) withStep(c *fiber.Ctx) (*procedure.Procedure, *engine.Attempt, *procedure.Step, error) {
	p, a, err := s.withAttempt(c)
	if err != nil {
		return nil, nil, nil, err
	}
	st := p.Step(c.Params("step"))
	if st == nil {
		return nil, nil, nil, fiber.ErrNotFound
	}
	return p, a, st, nil
}

// errNotSaved leaves the attempt untouched (a post out of order).
var errNotSaved = errors.New("web: post out of order")

// formValues reads the posted answers of a step's fields; boxes ticked
// together come as one comma-separated answer, and an uploaded file as its
// name and size (its content is never read).
func formValues(c *fiber.Ctx, st *procedure.Step) (map[string]string, error) {
	out := map[string]string{}
	values := func(key string) []string {
		vals := c.Request().PostArgs().PeekMulti(key)
		parts := make([]string, len(vals))
		for i, v := range vals {
			parts[i] = string(v) // string() copies out of Fiber's buffer
		}
		return parts
	}
	if strings.HasPrefix(c.Get(fiber.HeaderContentType), fiber.MIMEMultipartForm) {
		form, err := c.MultipartForm()
		if err != nil {
			return nil, fiber.ErrBadRequest
		}
		values = func(key string) []string { return form.Value[key] }
		for _, f := range st.Fields {
			if fhs := form.File[f.ID]; f.Type == "file" && len(fhs) > 0 && fhs[0].Filename != "" {
				out[f.ID] = engine.FileAnswer(fhs[0].Filename, fhs[0].Size)
			}
		}
	}
	for _, f := range st.Fields {
		if f.Type == "file" {
			continue
		}
		if f.IsGroup() {
			// Every item the group may have: the engine keeps those it holds.
			for i := range f.MaxItems() {
				for _, sub := range f.Fields {
					key := procedure.GroupKey(f.ID, i, sub.ID)
					if vals := values(key); len(vals) > 0 {
						out[key] = strings.Join(vals, ",")
					}
				}
			}
			continue
		}
		for _, key := range f.Keys() {
			if vals := values(key); len(vals) > 0 {
				out[key] = strings.Join(vals, ",")
			}
		}
	}
	return out, nil
}
