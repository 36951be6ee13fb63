package engine_test

import (
	"bytes"
	"testing"
	"time"

	repetition "github.com/repetition-demarches/repetition"
	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/procedure"
)

// testEngine runs on a fixed day with predictable "random" digits.
func testEngine() *engine.Engine {
	return &engine.Engine{
		Now:    func() time.Time { return time.Date(2026, 11, 22, 10, 30, 0, 0, time.UTC) },
		Random: bytes.NewReader(bytes.Repeat([]byte{3}, 1<<12)),
	}
}

func TestBundledScenarios(t *testing.T) {
	procs, problems := procedure.Load(repetition.Files, "procedures")
	if len(problems) > 0 {
		t.Fatalf("bundled procedures do not load:\n%v", problems)
	}
	for _, p := range procs {
		for _, sc := range p.Scenarios {
			t.Run(p.ID+"/"+sc.Name, func(t *testing.T) {
				out, err := testEngine().Play(p, sc)
				if err != nil {
					t.Fatal(err)
				}
				for _, m := range engine.Mismatches(sc, out) {
					t.Error(m)
				}
			})
		}
	}
}
