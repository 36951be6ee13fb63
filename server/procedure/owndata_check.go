package procedure

import (
	"slices"
	"strings"

	"github.com/repetition-demarches/repetition/server/authoring"
)

// checkOwnData checks vos_donnees: each field names a field of the steps,
// with the same type and repeat, since its answer stands in for a
// profile's answer to that field; the settings that only the steps use
// (prefill, where) are refused, and so are the types a page of the
// sandbox never asks (passwords, files, groups). A question whose when
// reads another of the page is marked Reveal, as on a step.
func (c *checker) checkOwnData() {
	o := c.p.OwnData
	if o == nil {
		return
	}
	if len(o.Fields) == 0 {
		c.errorf(o.Pos, "check.own_empty")
	}
	c.compileText(&o.Intro, c.env)
	seen := map[string]bool{}
	for _, f := range o.Fields {
		if seen[f.ID] {
			c.errorf(f.Pos, "check.own_duplicate", "Field", q(f.ID))
			continue
		}
		seen[f.ID] = true
		target := c.p.fields[f.ID]
		switch {
		case target == nil:
			c.errorf(f.Pos, "check.own_field", "Field", q(f.ID), authoring.SuggestArg, suggest(f.ID, sortedKeys(c.p.fields)))
		case f.Type == "password" || f.Type == "file" || f.Type == "group":
			c.errorf(f.Pos, "check.own_type_unsupported", "Field", q(f.ID), "Type", f.Type)
			continue
		case target.Type != f.Type:
			c.errorf(f.Pos, "check.own_type", "Field", q(f.ID), "Type", f.Type, "Want", target.Type)
		case (f.Repeat == nil) != (target.Repeat == nil) || f.Repeat != nil && f.Repeat.Count != target.Repeat.Count:
			want := 1
			if target.Repeat != nil {
				want = target.Repeat.Count
			}
			c.errorf(f.Pos, "check.own_repeat", "Field", q(f.ID), "Want", want)
		default:
			for _, opt := range f.Options {
				if !hasOptionValue(target, opt.Value) {
					c.errorf(opt.Pos, "check.own_option", "Field", q(f.ID), "Value", q(opt.Value))
				}
			}
		}
		var unused []string
		if f.Prefill != nil {
			unused = append(unused, "prefill")
		}
		if f.Where != nil {
			unused = append(unused, "where")
		}
		if len(unused) > 0 {
			c.errorf(f.Pos, "check.own_setting", "Field", q(f.ID), "Setting", strings.Join(unused, ", "))
			f.Prefill, f.Where = nil, nil
		}
		c.checkField(f)
		// As on a step: a question whose condition reads another question
		// of the page is drawn from the start, under it (no JavaScript).
		for _, name := range c.p.FieldsRead(f.When) {
			if name != f.ID && o.Asks(name) {
				f.Reveal = true
			}
		}
	}
}

// checkOwnAnswers checks a scenario's vos_donnees: answers to the page's
// fields, for a scenario without a profile.
func (c *checker) checkOwnAnswers(sc *Scenario) {
	if sc.OwnData.node == nil {
		return
	}
	o := c.p.OwnData
	switch {
	case o == nil:
		c.errorf(sc.OwnData.Pos, "check.scenario_own_none", "Scenario", q(sc.Name))
		return
	case sc.Profile != "":
		c.errorf(sc.OwnData.Pos, "check.scenario_own_profile", "Scenario", q(sc.Name), "Profile", q(sc.Profile))
	}
	c.answers(&sc.OwnData)
	var asked []string
	for _, f := range o.Fields {
		asked = append(asked, f.ID)
	}
	reported := map[string]bool{}
	for _, key := range sortedKeys(sc.OwnData.Map) {
		id, _, _ := strings.Cut(key, ".")
		if c.p.fields[id] != nil && !slices.Contains(asked, id) && !reported[id] {
			reported[id] = true
			c.errorf(sc.OwnData.Pos, "check.scenario_own_field", "Field", q(id), authoring.SuggestArg, suggest(id, asked))
		}
	}
}
