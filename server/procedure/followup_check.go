package procedure

import (
	"maps"
	"slices"

	"github.com/expr-lang/expr/ast"
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
		c.errorf(f.Pos, "real_days is [from, to]: two numbers of days, the first not larger than the second")
	}
	if len(f.Events) == 0 {
		c.errorf(f.Pos, "follow_up needs at least one event")
	}
	env := c.followEnv()
	ids := map[string]bool{}
	last := 0
	for _, e := range f.Events {
		switch {
		case ids[e.ID] || e.ID == EventMissed:
			c.errorf(e.Pos, "duplicate or reserved event id %q", e.ID)
		case !valueRE.MatchString(e.ID):
			c.errorf(e.Pos, "event id %q must use lowercase letters, digits, _ and - only", e.ID)
		}
		ids[e.ID] = true
		if e.Status != "" && !slices.Contains(Statuses(), e.Status) {
			c.errorf(e.Pos, "event %q has unknown status %q%s", e.ID, e.Status, suggest(e.Status, Statuses()))
		}
		if e.Status == "" && e.Title.IsZero() {
			c.errorf(e.Pos, "event %q needs a status, or a title when it is a message or a letter", e.ID)
		}
		if e.Label != "" && e.Status == "" {
			c.errorf(e.Pos, "event %q: label renames a status, and the event has none", e.ID)
		}
		if (e.Status == StatusDocumentRequested) != (e.Request != nil) {
			c.errorf(e.Pos, "event %q: a document_requested status goes with a request (what document, accept, max_size), and a request with that status", e.ID)
		}
		if e.After < 0 || e.After > 3650 {
			c.errorf(e.Pos, "event %q: after is a number of simulated days between 0 and 3650", e.ID)
		} else if e.After < last {
			c.errorf(e.Pos, "event %q comes after %d days, before the event above it (%d days): list events in time order", e.ID, e.After, last)
		}
		last = max(last, e.After)
		c.followExpr(e.When, env, true)
		c.followText(&e.Title, env)
		c.followText(&e.Message, env)
		if r := e.Request; r != nil {
			c.followText(&r.Label, env)
			if r.MaxSize <= 0 {
				c.errorf(r.Pos, "request max_size is the largest accepted file, in Mo")
			}
			for _, a := range r.Accept {
				if !slices.Contains(FileFormats(), a) {
					c.errorf(r.Pos, "request: unknown file format %q in accept%s", a, suggest(a, FileFormats()))
				}
			}
			if len(r.Accept) == 0 {
				c.errorf(r.Pos, "request accept lists the formats, such as [pdf, jpg]")
			}
		}
	}
	if m := f.Missed; m != nil {
		if m.After < 1 || m.After > 3650 {
			c.errorf(m.Pos, "missed: after is a number of simulated days between 1 and 3650")
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
			c.nodeErrorf(e.node, "unknown name %q in %s.%s: the profile has no such field or value%s", name, ProfileName, name, suggest(name, sortedKeys(profile)))
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
		c.errorf(e.Pos, "expect names a follow-up status or events, and the procedure has no follow_up")
		return
	}
	if e.Status != "" {
		if !slices.Contains(Statuses(), e.Status) {
			c.errorf(e.Pos, "expect: unknown status %q%s", e.Status, suggest(e.Status, Statuses()))
		}
		if e.Reaches != StepReceipt {
			c.errorf(e.Pos, "expect: a status is reached only after submission (reaches: receipt)")
		}
	}
	known := []string{EventMissed}
	for _, ev := range f.Events {
		known = append(known, ev.ID)
	}
	for _, id := range e.Events {
		if !slices.Contains(known, id) {
			c.errorf(e.Pos, "expect: unknown event %q%s", id, suggest(id, known))
		}
		if id == EventMissed && f.Missed == nil {
			c.errorf(e.Pos, "expect: event missed needs follow_up.missed")
		}
	}
}
