package engine_test

import (
	"testing"

	repetition "github.com/repetition-demarches/repetition"
	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/procedure"
)

// cafMontants returns the CAF procedure, its montants_vous step, an attempt
// prefilled with Kévin's answers and the form he posts on that step.
func cafMontants(b *testing.B) (*procedure.Procedure, *procedure.Step, *engine.Attempt, map[string]string) {
	b.Helper()
	procs, problems := procedure.Load(repetition.Files, "procedures")
	if len(problems) > 0 {
		b.Fatalf("bundled procedures do not load:\n%v", problems)
	}
	var p *procedure.Procedure
	for _, q := range procs {
		if q.ID == "caf-declaration-trimestrielle" {
			p = q
		}
	}
	if p == nil {
		b.Fatal("caf-declaration-trimestrielle not found")
	}
	s := p.Step("montants_vous")
	a := testEngine().Start(p, "kevin")
	form := map[string]string{}
	for _, f := range s.Fields {
		for _, k := range f.Keys() {
			if v, ok := a.Answers[k]; ok {
				form[k] = v
			}
		}
	}
	if len(form) != 3 {
		b.Fatalf("kevin's form for montants_vous = %v, want his three salaries", form)
	}
	return p, s, a, form
}

func BenchmarkEvalStep(b *testing.B) {
	p, s, a, _ := cafMontants(b)
	e := testEngine()
	if issues := e.Eval(p, a).Validate(s, nil); len(issues) > 0 {
		b.Fatalf("issues: %+v", issues)
	}
	b.ReportAllocs()
	for b.Loop() {
		ev := e.Eval(p, a)
		if issues := ev.Validate(s, nil); len(issues) > 0 {
			b.Fatal(issues)
		}
	}
}

func BenchmarkPost(b *testing.B) {
	p, s, a, form := cafMontants(b)
	e := testEngine()
	if issues, ev := e.Post(p, a, s, form); len(issues) > 0 || ev.Value("total_vous") != 3325.0 {
		b.Fatalf("issues %+v, total_vous %v", issues, ev.Value("total_vous"))
	}
	b.ReportAllocs()
	for b.Loop() {
		if issues, _ := e.Post(p, a, s, form); len(issues) > 0 {
			b.Fatal(issues)
		}
	}
}
