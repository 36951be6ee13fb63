package check

import (
	"sort"

	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/procedure"
)

// missingAnswers maps a profile and a field it has no answer for to the
// problem that reports it (an index in Report.Problems).
type missingAnswers map[string]map[string]int

func (m missingAnswers) add(profile, field string, problem int) {
	if m[profile] == nil {
		m[profile] = map[string]int{}
	}
	if _, ok := m[profile][field]; !ok {
		m[profile][field] = problem
	}
}

// cause is the profile problem that explains why scenario sc stopped: it
// plays a profile with a missing answer, does not give that answer itself,
// does not expect the "required" error, and met it. Its other mismatches
// (ended too early, values not computed) are knock-ons of that one.
func (m missingAnswers) cause(sc *procedure.Scenario, out engine.Outcome) (int, bool) {
	fields := m[sc.Profile]
	if len(fields) == 0 {
		return 0, false
	}
	for _, is := range out.Issues {
		problem, ok := fields[is.Field]
		if !ok || is.Key != "required" || sc.Expect.Errors[is.Field] == "required" {
			continue
		}
		if _, given := sc.Answers.Map[is.Field]; given {
			continue
		}
		if _, given := sc.Answers.Computed[is.Field]; given {
			continue
		}
		return problem, true
	}
	return 0, false
}

// countKnockOns says, on each profile problem, which scenarios it breaks.
func (r *Report) countKnockOns(broken map[int][]string) {
	problems := make([]int, 0, len(broken))
	for i := range broken {
		problems = append(problems, i)
	}
	sort.Ints(problems)
	for _, i := range problems {
		r.Problems[i].Then = append(r.Problems[i].Then, scenariosBroken(broken[i]))
	}
}
