package procedure

import (
	"github.com/repetition-demarches/repetition/server/authoring"
	"maps"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// groupTypes are the types a question of a group may have: those that
// need no other field (commune), no upload and no secret.
var groupTypes = []string{"text", "textarea", "number", "money", "date", "radio", "select", "checkbox", "yesno", "email", "phone", "postal_code", "nir", "iban", "numero_fiscal", "reference_avis", "neph", "plate", "formule"}

// groupEnv builds the item type of every group and declares the patch that
// reads group.sub as a list, before any expression is compiled.
func (c *checker) groupEnv() {
	groups := map[string]*Field{}
	for _, s := range c.p.Steps {
		for _, f := range s.Fields {
			if f.IsGroup() && c.p.fields[f.ID] == f {
				f.buildItemType()
				groups[f.ID] = f
			}
		}
	}
	if len(groups) == 0 {
		return
	}
	c.patch = groupPatch{groups: groups}
	for _, f := range groups {
		maps.Copy(c.env, f.Columns(nil))
	}
}

// checkGroup checks a group's settings and its questions.
func (c *checker) checkGroup(f *Field) {
	if len(f.Fields) == 0 {
		c.errorf(f.Pos, "group.no_questions", "Field", q(f.ID))
	}
	if f.ItemLabel.IsZero() {
		c.errorf(f.Pos, "group.item_label", "Field", q(f.ID))
	}
	if f.Where != nil {
		c.errorf(f.Pos, "group.where", "Field", q(f.ID))
	}
	lo, hi := f.Min, f.Max
	switch {
	case lo != nil && (*lo < 0 || *lo != float64(int(*lo))),
		hi != nil && (*hi < 1 || *hi > maxItems || *hi != float64(int(*hi))),
		lo != nil && hi != nil && *lo > *hi:
		c.errorf(f.Pos, "group.bounds", "Field", q(f.ID), "Max", maxItems)
	}
	env := maps.Clone(c.env)
	env["n"] = 0
	c.compileText(&f.ItemLabel, env)
	seen := map[string]bool{}
	for _, s := range f.Fields {
		switch {
		case seen[s.ID]:
			c.errorf(s.Pos, "group.duplicate", "Field", q(f.ID), "Question", q(s.ID))
		case !identRE.MatchString(s.ID):
			c.errorf(s.Pos, "group.question_id", "Field", q(f.ID), "Question", q(s.ID))
		}
		seen[s.ID] = true
		if !slices.Contains(groupTypes, s.Type) {
			c.errorf(s.Pos, "group.question_type", "Field", q(f.ID), "Type", q(s.Type), "Types", strings.Join(groupTypes, ", "))
			continue
		}
		if s.When != nil || s.Repeat != nil || s.Where != nil {
			c.errorf(s.Pos, "group.question_keys", "Field", q(f.ID), "Question", q(s.ID))
			continue
		}
		c.checkField(s)
	}
}

// groupAnswers reads a group's answers in a profile or a scenario: a list
// of items, each a mapping of question ids to values.
func (c *checker) groupAnswers(a *RawAnswers, f *Field, v *yaml.Node) {
	if v.Kind != yaml.SequenceNode {
		c.nodeErrorf(v, "group.answers_list", "Field", q(f.ID), "Found", describe(v))
		return
	}
	if len(v.Content) > f.MaxItems() {
		c.nodeErrorf(v, "group.answers_max", "Field", q(f.ID), "Max", f.MaxItems(), "Count", len(v.Content))
		return
	}
	a.Map[f.ID] = strconv.Itoa(len(v.Content))
	for i, item := range v.Content {
		if item.Kind == yaml.AliasNode {
			item = item.Alias
		}
		if item.Kind != yaml.MappingNode {
			c.nodeErrorf(item, "group.answers_item", "Field", q(f.ID), "Found", describe(item))
			continue
		}
		pairs := c.mergedPairs(item)
		for j := 0; j+1 < len(pairs); j += 2 {
			k, val := pairs[j], pairs[j+1]
			if val.Kind == yaml.AliasNode {
				val = val.Alias
			}
			s := f.Sub(k.Value)
			if s == nil {
				ids := make([]string, len(f.Fields))
				for n, sf := range f.Fields {
					ids[n] = sf.ID
				}
				c.nodeErrorf(k, "group.unknown_question", "Field", q(f.ID), "Name", q(k.Value), authoring.SuggestArg, suggest(k.Value, ids))
				continue
			}
			key := GroupKey(f.ID, i, s.ID)
			if s.Type == "checkbox" && len(s.Options) > 0 && val.Kind == yaml.SequenceNode {
				var vals []string
				for _, it := range val.Content {
					if str, ok := c.scalar(it); ok {
						vals = append(vals, str)
					}
				}
				a.Map[key] = strings.Join(vals, ",")
				continue
			}
			c.scalarAnswer(a, key, val)
		}
	}
}
