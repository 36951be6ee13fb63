package procedure

import (
	"slices"

	"github.com/repetition-demarches/repetition/server/authoring"
)

// PrefilledName is the name under which expressions read the answers the
// site filled in itself: prefilled.montant.
const PrefilledName = "prefilled"

// checkPrefill compiles a field's prefill expression; only a field typed
// in boxes can be pre-filled (no password, file or list of choices); a
// repeated field is pre-filled from a list, one item per answer.
func (c *checker) checkPrefill(f *Field) {
	if f.Prefill == nil {
		return
	}
	if f.IsGroup() || slices.Contains([]string{"password", "file", "checkbox"}, f.Type) {
		c.errorf(f.Pos, "warn.prefill_type", "Field", q(f.ID))
		return
	}
	c.compile(f.Prefill, c.env, false)
}

// checkMistakes checks a scenario's mistakes (answers typed first) and
// what it expects of warnings, hints and "Montrez-moi".
func (c *checker) checkMistakes(sc *Scenario) {
	for i := range sc.Mistakes {
		c.answers(&sc.Mistakes[i])
	}
	e := &sc.Expect
	var warns []string
	for _, s := range c.p.Steps {
		for _, ch := range s.Checks {
			if ch.Warn {
				warns = append(warns, ch.ID)
			}
		}
	}
	for _, id := range e.Warnings {
		if !slices.Contains(warns, id) {
			c.errorf(e.Pos, "warn.unknown_warning", "Name", q(id), authoring.SuggestArg, suggest(id, warns))
		}
	}
	for _, id := range sortedKeys(e.Hints) {
		if c.p.fields[id] == nil {
			c.errorf(e.Pos, "warn.unknown_hint_field", "Field", q(id), authoring.SuggestArg, suggest(id, sortedKeys(c.p.fields)))
		}
	}
	for _, id := range e.ShowMe {
		if f := c.p.fields[id]; f == nil || f.Where == nil {
			c.errorf(e.Pos, "warn.no_show_me", "Field", q(id))
		}
	}
}
