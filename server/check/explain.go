package check

import (
	"fmt"
	"strings"
)

// Messages new to the check, in French, each built in one place so that it
// can become a locale key (locales/auteur).

// scenariosBroken follows a profile problem: the scenarios it makes fail.
func scenariosBroken(names []string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = "« " + n + " »"
	}
	if len(names) == 1 {
		return " — 1 scénario échoue à cause de cela : " + quoted[0]
	}
	// A long list would hide the message: three names say which ones.
	if len(quoted) > 4 {
		quoted = append(quoted[:3], fmt.Sprintf("et %d autres", len(names)-3))
	}
	return fmt.Sprintf(" — %d scénarios échouent à cause de cela : %s", len(names), strings.Join(quoted, ", "))
}
