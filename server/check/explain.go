package check

import "github.com/repetition-demarches/repetition/server/authoring"

// scenariosBroken follows a profile problem: the scenarios it makes fail
// (a sentence of the catalogue, printed after the problem's message).
func scenariosBroken(names []string) authoring.Nested {
	quoted := make([]authoring.Quoted, len(names))
	for i, n := range names {
		quoted[i] = q(n)
	}
	if len(names) == 1 {
		return authoring.Nested{Key: "check.knockon_one", Args: []any{"Scenario", quoted[0]}}
	}
	// A long list would hide the message: three names say which ones.
	if len(quoted) > 4 {
		return authoring.Nested{Key: "check.knockon_many_more", Args: []any{
			"Count", len(names), "Scenarios", quoted[:3], "Others", len(names) - 3}}
	}
	return authoring.Nested{Key: "check.knockon_many", Args: []any{"Count", len(names), "Scenarios", quoted}}
}
