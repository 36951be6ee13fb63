package procedure

import (
	"fmt"
	"maps"
	"slices"

	"github.com/expr-lang/expr/ast"
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
		c.errorf(p.Pos, "%s", producedNameClash())
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
			c.errorf(d.Pos, "%s", producedDuplicate(d.ID))
		case !slugRE.MatchString(d.ID):
			c.errorf(d.Pos, "%s", producedBadID(d.ID))
		}
		ids[d.ID] = true
		if d.Event != "" && !slices.Contains(events, d.Event) {
			c.errorf(d.Pos, "%s", producedUnknownEvent(d.ID, d.Event, suggest(d.Event, events)))
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
			c.nodeErrorf(e.node, "%s", producedUnknownFact(name, suggest(name, DossierFacts())))
		}
	}
}

// The authoring messages of produced documents, one function each, in
// French, ready to become locale keys.

func producedNameClash() string {
	return fmt.Sprintf("un champ ou une valeur s'appelle %q : ce nom est réservé aux documents produits (%s.numero…), renommez-le", DossierName, DossierName)
}

func producedDuplicate(id string) string {
	return fmt.Sprintf("document produit %q déclaré deux fois", id)
}

func producedBadID(id string) string {
	return fmt.Sprintf("l'identifiant du document produit %q ne doit contenir que des minuscules, des chiffres et des tirets", id)
}

func producedUnknownEvent(id, event, hint string) string {
	return fmt.Sprintf("document produit %q : l'événement %q n'existe pas dans follow_up%s", id, event, hint)
}

func producedUnknownFact(name, hint string) string {
	return fmt.Sprintf("%s.%s n'existe pas : un document produit lit %s.numero, %s.depot ou %s.date%s", DossierName, name, DossierName, DossierName, DossierName, hint)
}
