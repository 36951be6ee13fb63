package procedure

import (
	"maps"
	"slices"

	"github.com/expr-lang/expr/ast"

	"github.com/repetition-demarches/repetition/server/authoring"
)

// checkProduced checks the produced documents: ids, the follow-up event
// each waits for, and their expressions, which may also read the dossier
// (dossier.numero…).
func (c *checker) checkProduced() {
	p := c.p
	if len(p.Produces) == 0 {
		return
	}
	if _, clash := c.env[DossierName]; clash {
		c.errorf(p.Pos, "produced.name_clash", "Name", q(DossierName), "Dossier", DossierName)
		return
	}
	env := maps.Clone(c.env)
	facts := map[string]any{}
	for _, f := range DossierFacts() {
		facts[f] = ""
	}
	env[DossierName] = facts
	var events []string
	if p.FollowUp != nil {
		for _, e := range p.FollowUp.Events {
			events = append(events, e.ID)
		}
	}
	ids := map[string]bool{}
	for _, d := range p.Produces {
		switch {
		case ids[d.ID]:
			c.errorf(d.Pos, "produced.duplicate", "ID", q(d.ID))
		case !slugRE.MatchString(d.ID):
			c.errorf(d.Pos, "produced.bad_id", "ID", q(d.ID))
		}
		ids[d.ID] = true
		if d.Event != "" && !slices.Contains(events, d.Event) {
			c.errorf(d.Pos, "produced.unknown_event", "ID", q(d.ID), "Event", q(d.Event), authoring.SuggestArg, suggest(d.Event, events))
		}
		c.producedText(&d.Title, env)
		for _, l := range d.Lines {
			c.producedText(&l.Text, env)
		}
		c.producedExpr(d.QR, env)
	}
}

func (c *checker) producedText(t *Text, env map[string]any) {
	for _, p := range t.Parts {
		c.producedExpr(p.Expr, env)
	}
}

// producedExpr compiles e, then checks the names read under dossier,
// which the compiler cannot know.
func (c *checker) producedExpr(e *Expr, env map[string]any) {
	c.compile(e, env, false)
	if e == nil || e.prog == nil {
		return
	}
	v := &memberCollector{of: DossierName}
	node := e.prog.Node()
	ast.Walk(&node, v)
	for _, name := range v.names {
		if !slices.Contains(DossierFacts(), name) {
			c.nodeErrorf(e.node, "produced.unknown_fact", "Dossier", DossierName, "Fact", name, authoring.SuggestArg, suggest(name, DossierFacts()))
		}
	}
}

// checkExpectDocuments checks that a scenario expecting documents names
// produced ones, and submits: a draft receives none.
func (c *checker) checkExpectDocuments(sc *Scenario) {
	e := &sc.Expect
	if e.Documents == nil {
		return
	}
	if e.Reaches != StepReceipt {
		c.errorf(e.Pos, "produced.expect_receipt")
	}
	var known []string
	for _, d := range c.p.Produces {
		known = append(known, d.ID)
	}
	for _, id := range e.Documents {
		if !slices.Contains(known, id) {
			c.errorf(e.Pos, "produced.expect_unknown", "ID", q(id), authoring.SuggestArg, suggest(id, known))
		}
	}
}
