package procedure

import (
	"fmt"
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
		c.errorf(f.Pos, "%s", groupMessage("le groupe %q n'a pas de questions : écrivez-les sous fields", f.ID))
	}
	if f.ItemLabel.IsZero() {
		c.errorf(f.Pos, "%s", groupMessage("le groupe %q a besoin de item_label, le titre de chaque élément (\"Employeur ${n}\")", f.ID))
	}
	if f.Where != nil {
		c.errorf(f.Pos, "%s", groupMessage("le groupe %q ne peut pas avoir where : un document ne donne pas une liste d'éléments", f.ID))
	}
	lo, hi := f.Min, f.Max
	switch {
	case lo != nil && (*lo < 0 || *lo != float64(int(*lo))),
		hi != nil && (*hi < 1 || *hi > maxItems || *hi != float64(int(*hi))),
		lo != nil && hi != nil && *lo > *hi:
		c.errorf(f.Pos, "%s", groupMessage("groupe %q : min et max sont des nombres d'éléments entiers, 0 ≤ min ≤ max ≤ %d", f.ID, maxItems))
	}
	env := maps.Clone(c.env)
	env["n"] = 0
	c.compileText(&f.ItemLabel, env)
	seen := map[string]bool{}
	for _, s := range f.Fields {
		switch {
		case seen[s.ID]:
			c.errorf(s.Pos, "%s", groupMessage("groupe %q : deux questions ont l'identifiant %q", f.ID, s.ID))
		case !identRE.MatchString(s.ID):
			c.errorf(s.Pos, "%s", groupMessage("groupe %q : l'identifiant %q doit commencer par une minuscule et n'utiliser que a-z, 0-9 et _", f.ID, s.ID))
		}
		seen[s.ID] = true
		if !slices.Contains(groupTypes, s.Type) {
			c.errorf(s.Pos, "%s", groupMessage("groupe %q : une question de type %q ne peut pas être dans un groupe (types possibles : %s)", f.ID, s.Type, strings.Join(groupTypes, ", ")))
			continue
		}
		if s.When != nil || s.Repeat != nil || s.Where != nil {
			c.errorf(s.Pos, "%s", groupMessage("groupe %q : la question %q ne peut avoir ni when, ni repeat, ni where", f.ID, s.ID))
			continue
		}
		c.checkField(s)
	}
}

// groupMessage builds the wording of a problem with a group field. It is
// the one place to turn into a message key when the loader's messages move
// to locales.
func groupMessage(format string, args ...any) string {
	return fmt.Sprintf(format, args...)
}

// unknownQuestion is the problem of a question a group does not have.
func unknownQuestion(group, name string, ids []string) string {
	return groupMessage("le groupe %s n'a pas de question %q%s", group, name, suggest(name, ids))
}

// groupAnswers reads a group's answers in a profile or a scenario: a list
// of items, each a mapping of question ids to values.
func (c *checker) groupAnswers(a *RawAnswers, f *Field, v *yaml.Node) {
	if v.Kind != yaml.SequenceNode {
		c.nodeErrorf(v, "%s", groupMessage("le groupe %s prend une liste d'éléments (- question: valeur), trouvé %s", f.ID, describe(v)))
		return
	}
	if len(v.Content) > f.MaxItems() {
		c.nodeErrorf(v, "%s", groupMessage("le groupe %s accepte au plus %d éléments, trouvé %d", f.ID, f.MaxItems(), len(v.Content)))
		return
	}
	a.Map[f.ID] = strconv.Itoa(len(v.Content))
	for i, item := range v.Content {
		if item.Kind == yaml.AliasNode {
			item = item.Alias
		}
		if item.Kind != yaml.MappingNode {
			c.nodeErrorf(item, "%s", groupMessage("un élément du groupe %s s'écrit question: valeur, trouvé %s", f.ID, describe(item)))
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
				c.nodeErrorf(k, "%s", unknownQuestion(f.ID, k.Value, ids))
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
