package procedure_test

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	repetition "github.com/repetition-demarches/repetition"
	"github.com/repetition-demarches/repetition/server/procedure"
)

var moRE = regexp.MustCompile(`(\d+(?:[,.]\d+)?)\s*Mo\b`)

// statedSizes lists the sizes in Mo a French text states.
func statedSizes(text string) []float64 {
	var out []float64
	for _, m := range moRE.FindAllStringSubmatch(text, -1) {
		v, _ := strconv.ParseFloat(strings.Replace(m[1], ",", ".", 1), 64)
		out = append(out, v)
	}
	return out
}

// TestBundledUploadLimitsAgree: each upload has one limit, stated the same
// everywhere: its help, its error messages and the intro of its step say
// its max_size, and a document the follow-up asks for is taken at the same
// limit as the uploads of the procedure's own form (one site, one limit).
func TestBundledUploadLimitsAgree(t *testing.T) {
	procs, problems := procedure.Load(repetition.Files, "procedures")
	if len(problems) > 0 {
		t.Fatalf("bundled procedures do not load:\n%v", problems)
	}
	for _, p := range procs {
		var limits []float64
		for _, st := range p.Steps {
			var here []float64
			for _, f := range st.Fields {
				if f.Type != "file" {
					continue
				}
				here = append(here, f.MaxSize)
				texts := []string{f.Help.Source}
				for _, m := range f.Messages {
					texts = append(texts, m)
				}
				for _, text := range texts {
					for _, v := range statedSizes(text) {
						if v != f.MaxSize {
							t.Errorf("%s: field %s takes %g Mo but says %q", p.File, f.ID, f.MaxSize, text)
						}
					}
				}
			}
			for _, v := range statedSizes(st.Intro.Source) {
				if !slices.Contains(here, v) {
					t.Errorf("%s: step %s says %g Mo, its uploads take %v Mo", p.File, st.ID, v, here)
				}
			}
			limits = append(limits, here...)
		}
		if p.FollowUp == nil || len(limits) == 0 {
			continue
		}
		for _, ev := range p.FollowUp.Events {
			if r := ev.Request; r != nil && !slices.Contains(limits, r.MaxSize) {
				t.Errorf("%s: event %s asks for a document at %g Mo, the form's uploads take %v Mo", p.File, ev.ID, r.MaxSize, limits)
			}
		}
	}
}
