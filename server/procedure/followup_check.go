package procedure

import (
	"maps"
	"slices"

	"github.com/expr-lang/expr/ast"

	"github.com/repetition-demarches/repetition/server/authoring"
)

// checkFollowUp checks the follow-up: statuses, delays in order, requests,
// and its expressions, which may also read the chosen profile's answers
// and computed values under profil.
func (c *checker) checkFollowUp() {
	f := c.p.FollowUp
	if f == nil {
		return
	}
	if len(f.RealDays) > 0 && (len(f.RealDays) != 2 || f.RealDays[0] < 0 || f.RealDays[0] > f.RealDays[1]) {
		c.errorf(f.Pos, "followup.real_days")
	}
	if len(f.Events) == 0 {
		c.errorf(f.Pos, "followup.no_event")
	}
	env := c.followEnv()
	ids := map[string]bool{}
	last := 0
	for _, e := range f.Events {
		switch {
		case ids[e.ID] || e.ID == EventMissed:
			c.errorf(e.Pos, "followup.duplicate_event", "ID", q(e.ID))
		case !valueRE.MatchString(e.ID):
			c.errorf(e.Pos, "check.value_chars", "What", authoring.Term("event_id"), "Value", q(e.ID))
		}
		ids[e.ID] = true
		if e.Status != "" && !slices.Contains(Statuses(), e.Status) {
			c.errorf(e.Pos, "followup.status", "Event", q(e.ID), "Status", q(e.Status), authoring.SuggestArg, suggest(e.Status, Statuses()))
		}
		if e.Status == "" && e.Title.IsZero() {
			c.errorf(e.Pos, "followup.status_or_title", "Event", q(e.ID))
		}
		if e.Label != "" && e.Status == "" {
			c.errorf(e.Pos, "followup.label", "Event", q(e.ID))
		}
		if (e.Status == StatusDocumentRequested) != (e.Request != nil) {
			c.errorf(e.Pos, "followup.request_status", "Event", q(e.ID))
		}
		if e.After < 0 || e.After > 3650 {
			c.errorf(e.Pos, "followup.after", "Event", q(e.ID))
		} else if e.After < last {
			c.errorf(e.Pos, "followup.order", "Event", q(e.ID), "After", e.After, "Last", last)
		}
		last = max(last, e.After)
		c.followExpr(e.When, env, true)
		c.followText(&e.Title, env)
		c.followText(&e.Message, env)
		if r := e.Request; r != nil {
			c.followText(&r.Label, env)
			if r.MaxSize <= 0 {
				c.errorf(r.Pos, "followup.request_max_size")
			}
			for _, a := range r.Accept {
				if !slices.Contains(FileFormats(), a) {
					c.errorf(r.Pos, "followup.request_format", "Format", q(a), authoring.SuggestArg, suggest(a, FileFormats()))
				}
			}
			if len(r.Accept) == 0 {
				c.errorf(r.Pos, "followup.request_accept")
			}
		}
	}
	if m := f.Missed; m != nil {
		if m.After < 1 || m.After > 3650 {
			c.errorf(m.Pos, "followup.missed_after")
		}
		c.followText(&m.Title, env)
		c.followText(&m.Message, env)
	}
}

// followEnv is the expression environment plus profil, a mapping of
// every field and computed value.
func (c *checker) followEnv() map[string]any {
	env := maps.Clone(c.env)
	profile := map[string]any{}
	for _, s := range c.p.Steps {
		for _, f := range s.Fields {
			if z, ok := c.env[f.ID]; ok {
				profile[f.ID] = z
			}
		}
	}
	for _, v := range c.p.Values {
		profile[v.Name] = c.env[v.Name]
	}
	env[ProfileName] = profile
	return env
}

func (c *checker) followText(t *Text, env map[string]any) {
	for _, p := range t.Parts {
		c.followExpr(p.Expr, env, false)
	}
}

// followExpr compiles e, then checks the names read under profil, which
// the compiler cannot know.
func (c *checker) followExpr(e *Expr, env map[string]any, asBool bool) {
	c.compile(e, env, asBool)
	if e == nil || e.prog == nil {
		return
	}
	profile := env[ProfileName].(map[string]any)
	v := &memberCollector{of: ProfileName}
	node := e.prog.Node()
	ast.Walk(&node, v)
	for _, name := range v.names {
		if _, ok := profile[name]; !ok {
			c.nodeErrorf(e.node, "followup.profile_name", "Name", q(name), "Path", q(ProfileName+"."+name), authoring.SuggestArg, suggest(name, sortedKeys(profile)))
		}
	}
}

// memberCollector lists the names read as of.name.
type memberCollector struct {
	of    string
	names []string
}

func (v *memberCollector) Visit(n *ast.Node) {
	m, ok := (*n).(*ast.MemberNode)
	if !ok {
		return
	}
	if id, ok := m.Node.(*ast.IdentifierNode); ok && id.Value == v.of {
		if s, ok := m.Property.(*ast.StringNode); ok {
			v.names = append(v.names, s.Value)
		}
	}
}

// checkExpectFollowUp checks what a scenario expects of the follow-up.
func (c *checker) checkExpectFollowUp(sc *Scenario) {
	e := &sc.Expect
	if e.Status == "" && e.Events == nil {
		return
	}
	f := c.p.FollowUp
	if f == nil {
		c.errorf(e.Pos, "followup.expect_none")
		return
	}
	if e.Status != "" {
		if !slices.Contains(Statuses(), e.Status) {
			c.errorf(e.Pos, "followup.expect_status", "Status", q(e.Status), authoring.SuggestArg, suggest(e.Status, Statuses()))
		}
		if e.Reaches != StepReceipt {
			c.errorf(e.Pos, "followup.expect_receipt")
		}
	}
	known := []string{EventMissed}
	for _, ev := range f.Events {
		known = append(known, ev.ID)
	}
	for _, id := range e.Events {
		if !slices.Contains(known, id) {
			c.errorf(e.Pos, "followup.expect_event", "Event", q(id), authoring.SuggestArg, suggest(id, known))
		}
		if id == EventMissed && f.Missed == nil {
			c.errorf(e.Pos, "followup.expect_missed")
		}
	}
}
