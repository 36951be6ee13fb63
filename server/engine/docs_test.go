package engine_test

import (
	"os"
	"regexp"
	"testing"

	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/procedure"
)

var docExampleRE = regexp.MustCompile("(?s)```yaml procedure\n(.*?)```")

// TestAuthoringGuideExamples loads every complete example of
// docs/authoring.md and plays its scenarios, so the guide cannot rot.
func TestAuthoringGuideExamples(t *testing.T) {
	data, err := os.ReadFile("../../docs/authoring.md")
	if err != nil {
		t.Fatal(err)
	}
	examples := docExampleRE.FindAllSubmatch(data, -1)
	if len(examples) < 3 {
		t.Fatalf("found %d examples in the guide, expected at least 3", len(examples))
	}
	for i, m := range examples {
		p, problems := procedure.Parse("docs/authoring.md example", m[1])
		if len(problems) > 0 {
			t.Errorf("example %d does not load:\n%v", i+1, problems)
			continue
		}
		if len(p.Scenarios) == 0 {
			t.Errorf("example %d (%s) has no scenario", i+1, p.ID)
		}
		for _, sc := range p.Scenarios {
			out, err := testEngine().Play(p, sc)
			if err != nil {
				t.Errorf("example %s, %s: %v", p.ID, sc.Name, err)
				continue
			}
			for _, msg := range engine.Mismatches(sc, out) {
				t.Errorf("example %s, %s: %s", p.ID, sc.Name, msg)
			}
		}
	}
}
