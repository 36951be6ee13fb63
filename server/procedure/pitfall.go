package procedure

import (
	"slices"

	"github.com/repetition-demarches/repetition/server/authoring"
)

// Pitfall is a mistake known to cost people on the real site (a salary
// declared in the wrong month, a quote signed too early). The procedure
// names it so that the end of an attempt can say which ones the learner
// fell into and which they avoided, and scenarios can prove it happens
// from the answers themselves.
type Pitfall struct {
	Pos Pos
	ID  string `yaml:"id,required"`
	// Title names the mistake for the learner, in the sandbox's words.
	Title string `yaml:"title,required"`
	// Step is where the mistake is made, when it has one step.
	Step string `yaml:"step"`
	// When is true when the answers fell into it. It reads the answers,
	// the computed values, prefilled.ID and profil.x, as follow-up
	// events do, and refused.ID: the failure key of the field's last
	// refused answer ("provisional"), "" once accepted, so that a
	// mistake the site refuses is a pitfall too.
	When *Expr `yaml:"when,required"`
	// Lesson says what to do on the real site.
	Lesson string `yaml:"lesson"`
}

// Pitfall is the pitfall of this id, or nil.
func (p *Procedure) Pitfall(id string) *Pitfall {
	for _, pf := range p.Pitfalls {
		if pf.ID == id {
			return pf
		}
	}
	return nil
}

// RefusedName is the name under which pitfall conditions read the
// failure key of each field's last refused answer: refused.nir.
const RefusedName = "refused"

// checkPitfalls checks the pitfalls' ids, steps and conditions.
func (c *checker) checkPitfalls() {
	env := c.followEnv()
	refused := map[string]any{}
	for id := range c.p.fields {
		refused[id] = ""
	}
	env[RefusedName] = refused
	ids := map[string]bool{}
	for _, pf := range c.p.Pitfalls {
		switch {
		case ids[pf.ID]:
			c.errorf(pf.Pos, "pitfall.duplicate", "ID", q(pf.ID))
		case !valueRE.MatchString(pf.ID):
			c.errorf(pf.Pos, "check.value_chars", "What", authoring.Term("pitfall_id"), "Value", q(pf.ID))
		}
		ids[pf.ID] = true
		if pf.Step != "" && c.p.steps[pf.Step] == nil {
			c.errorf(pf.Pos, "pitfall.step", "Pitfall", q(pf.ID), "Step", q(pf.Step), authoring.SuggestArg, suggest(pf.Step, sortedKeys(c.p.steps)))
		}
		c.followExpr(pf.When, env, true)
	}
}

// checkExpectPitfalls checks that a scenario names known pitfalls.
func (c *checker) checkExpectPitfalls(sc *Scenario) {
	var known []string
	for _, pf := range c.p.Pitfalls {
		known = append(known, pf.ID)
	}
	for _, id := range sc.Expect.Pitfalls {
		if !slices.Contains(known, id) {
			c.errorf(sc.Expect.Pos, "pitfall.expect_unknown", "Pitfall", q(id), authoring.SuggestArg, suggest(id, known))
		}
	}
}
