package web

import (
	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/procedure"
)

// learnerResult is what the mediator sees of a learner who finished: the
// summary the receipt keeps (engine.ResultSummary), with the titles of
// the pitfalls fallen into, in French as the learner read them.
type learnerResult struct {
	Verdict  string // engine.VerdictReady, VerdictNextMode or VerdictPractise
	Mistakes int
	Fell     []string
}

// learnerResultOf words the summary kept with a's receipt; nil before the
// receipt, or for a receipt kept before summaries were.
func learnerResultOf(p *procedure.Procedure, a *engine.Attempt) *learnerResult {
	if a.Receipt == nil || a.Receipt.Summary.Verdict == "" {
		return nil
	}
	sum := a.Receipt.Summary
	lr := &learnerResult{Verdict: sum.Verdict, Mistakes: sum.Mistakes}
	for _, id := range sum.Fell {
		for _, pf := range p.Pitfalls {
			if pf.ID == id {
				lr.Fell = append(lr.Fell, pf.Title)
			}
		}
	}
	return lr
}
