package procedure

import (
	"fmt"
	"slices"
)

// PrefilledName is the name under which expressions read the answers the
// site filled in itself: prefilled.montant.
const PrefilledName = "prefilled"

// reservedPrefilled is the problem of a field named like the prefilled map.
func reservedPrefilled(id string) string {
	return fmt.Sprintf("le champ %q porte un nom réservé : prefilled désigne les réponses pré-remplies par le site", id)
}

// checkPrefill compiles a field's prefill expression; only a field typed
// in one box can be pre-filled (no password, file, list or repeat).
func (c *checker) checkPrefill(f *Field) {
	if f.Prefill == nil {
		return
	}
	if f.Repeat != nil || slices.Contains([]string{"password", "file", "checkbox"}, f.Type) {
		c.errorf(f.Pos, "%s", prefillType(f))
		return
	}
	c.compile(f.Prefill, c.env, false)
}

func prefillType(f *Field) string {
	return fmt.Sprintf("le champ %q ne peut pas être pré-rempli : prefill s'emploie pour une réponse unique (pas de mot de passe, de fichier, de cases à cocher ni de repeat)", f.ID)
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
			c.errorf(e.Pos, "%s", unknownWarning(id, warns))
		}
	}
	for _, id := range sortedKeys(e.Hints) {
		if c.p.fields[id] == nil {
			c.errorf(e.Pos, "%s", unknownHintField(id, sortedKeys(c.p.fields)))
		}
	}
	for _, id := range e.ShowMe {
		if f := c.p.fields[id]; f == nil || f.Where == nil {
			c.errorf(e.Pos, "%s", noShowMe(id))
		}
	}
}

func unknownWarning(id string, warns []string) string {
	return fmt.Sprintf("expect: warnings nomme %q, qui n'est pas un contrôle avec warn: true%s", id, suggest(id, warns))
}

func unknownHintField(id string, fields []string) string {
	return fmt.Sprintf("expect: hints nomme le champ inconnu %q%s", id, suggest(id, fields))
}

func noShowMe(id string) string {
	return fmt.Sprintf("expect: show_me nomme %q, qui n'est pas un champ avec where (« Montrez-moi » vient des papiers)", id)
}
