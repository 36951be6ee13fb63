package check_test

import (
	"regexp"
	"sort"
	"testing"
	"time"

	repetition "github.com/repetition-demarches/repetition"
	"github.com/repetition-demarches/repetition/server/check"
	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/procedure"
)

// fixedDate is a date written out in a profile: 2026-03-14, 14/03/2026,
// or a month and its year (mars 2026).
var fixedDate = regexp.MustCompile(`\b[0-9]{4}-[0-9]{2}-[0-9]{2}\b|\b[0-9]{2}/[0-9]{2}/[0-9]{4}\b|(?i)\b(janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) [0-9]{4}\b`)

// The bundled profiles' dates are computed from today: no answer and no
// box of their papers is a date written out, which would be a year old a
// year from now (a payslip of last year, a proof of address too old).
func TestBundledProfilesHoldNoFixedDate(t *testing.T) {
	procs, problems := procedure.Load(repetition.Files, "procedures")
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	for _, p := range procs {
		for _, pr := range p.Profiles {
			keys := make([]string, 0, len(pr.Answers.Map))
			for k := range pr.Answers.Map {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				if d := fixedDate.FindString(pr.Answers.Map[k]); d != "" {
					t.Errorf("%s: profile %q answers %s with the fixed date %q: compute it from today()", p.File, pr.ID, k, d)
				}
			}
			for _, doc := range pr.Documents {
				texts := map[string]*procedure.Text{"title": &doc.Title}
				for box, tx := range doc.Boxes {
					texts[box] = tx
				}
				for name, tx := range texts {
					for _, part := range tx.Parts {
						if d := fixedDate.FindString(part.Literal); d != "" {
							t.Errorf("%s: profile %q, paper %s, %s holds the fixed date %q: compute it from today()", p.File, pr.ID, doc.Key(), name, d)
						}
					}
				}
			}
		}
	}
}

// Every bundled scenario still passes when the check is run one and two
// years from now.
func TestBundledScenariosPassYearsLater(t *testing.T) {
	procs, problems := procedure.Load(repetition.Files, "procedures")
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	for _, years := range []int{1, 2} {
		e := check.Engine()
		now := e.Now().AddDate(years, 0, 0)
		e.Now = func() time.Time { return now }
		played := 0
		for _, p := range procs {
			for _, sc := range p.Scenarios {
				played++
				out, err := e.Play(p, sc)
				if err != nil {
					t.Errorf("+%d year(s): %s: %q: %v", years, p.ID, sc.Name, err)
					continue
				}
				for _, m := range engine.Mismatches(sc, out) {
					t.Errorf("+%d year(s): %s: %q: %s %v", years, p.ID, sc.Name, m.Key, m.Args)
				}
			}
		}
		if played < 100 {
			t.Errorf("+%d year(s): only %d scenarios played", years, played)
		}
	}
}
