package procedure_test

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"

	repetition "github.com/repetition-demarches/repetition"
	"github.com/repetition-demarches/repetition/server/procedure"
)

// TestBundledProceduresAreComplete holds every bundled procedure to the
// catalogue's rules: its source and the day it was compared, at least three
// fictional profiles, at least four scenarios among which the normal path
// to the receipt and a refusal or an exit.
func TestBundledProceduresAreComplete(t *testing.T) {
	procs, problems := procedure.Load(repetition.Files, "procedures")
	if len(problems) > 0 {
		t.Fatalf("bundled procedures do not load:\n%v", problems)
	}
	if len(procs) == 0 {
		t.Fatal("no bundled procedure")
	}
	for _, p := range procs {
		data, err := fs.ReadFile(repetition.Files, p.File)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(data), "# yaml-language-server: $schema=../docs/procedure.schema.json\n") {
			t.Errorf("%s does not start with the schema comment that editors read", p.File)
		}
		if !strings.HasPrefix(p.Real.URL, "https://") {
			t.Errorf("%s: no source address", p.File)
		}
		// A date of comparison, or, where the research is too thin to
		// compare, "compared: jamais" written out: learners then read
		// that the replica was not compared yet. Left out, it is forgotten.
		if p.Real.Compared.IsZero() && !regexp.MustCompile(`(?m)^\s+compared:\s*`+procedure.NeverCompared+`\s*(#.*)?$`).Match(data) {
			t.Errorf("%s: no date of comparison with the real site, and no «compared: %s»", p.File, procedure.NeverCompared)
		}
		if len(p.Profiles) < 3 {
			t.Errorf("%s: %d fictional profiles, at least 3 expected", p.File, len(p.Profiles))
		}
		if len(p.Scenarios) < 4 {
			t.Errorf("%s: %d scenarios, at least 4 expected", p.File, len(p.Scenarios))
		}
		var receipt, refusal bool
		for _, sc := range p.Scenarios {
			receipt = receipt || sc.Expect.Reaches == procedure.StepReceipt
			st := p.Step(sc.Expect.Reaches)
			refusal = refusal || sc.Expect.StaysOn != "" || (st != nil && st.Exit)
		}
		if !receipt {
			t.Errorf("%s: no scenario reaches the receipt", p.File)
		}
		if !refusal {
			t.Errorf("%s: no scenario ends on a refusal or an exit", p.File)
		}
	}
}

// TestBundledPitfallsAreTranslated: the end of an attempt names the
// pitfalls in the learner's language, so every bundled pitfall has its
// title, and its lesson, in English and in Arabic.
func TestBundledPitfallsAreTranslated(t *testing.T) {
	procs, problems := procedure.Load(repetition.Files, "procedures")
	if len(problems) > 0 {
		t.Fatalf("bundled procedures do not load:\n%v", problems)
	}
	n := 0
	for _, p := range procs {
		for _, lang := range []string{"en", "ar"} {
			var trs map[string]*procedure.PitfallTranslation
			if tr := p.Translations[lang]; tr != nil {
				trs = tr.Pitfalls
			}
			for _, pf := range p.Pitfalls {
				n++
				ptr := trs[pf.ID]
				switch {
				case ptr == nil || ptr.Title == "":
					t.Errorf("%s: pitfall %s has no %s title", p.File, pf.ID, lang)
				case pf.Lesson != "" && ptr.Lesson == "":
					t.Errorf("%s: pitfall %s has no %s lesson", p.File, pf.ID, lang)
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("no bundled pitfall")
	}
}
