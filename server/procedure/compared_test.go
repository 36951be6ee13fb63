package procedure_test

import (
	"strings"
	"testing"

	"github.com/repetition-demarches/repetition/server/procedure"
)

// A draft written from memory says compared: jamais or leaves the date out;
// both load and read as never compared, while a date still reads as one.
func TestComparedJamais(t *testing.T) {
	cases := []struct {
		name, line string
		never      bool
	}{
		{"jamais", "  compared: jamais\n", true},
		{"no date", "", true},
		{"a date", "  compared: 2026-01-01\n", false},
	}
	for _, tc := range cases {
		src := strings.Replace(minimal, "  compared: 2026-01-01\n", tc.line, 1)
		p, problems := procedure.Parse("essai.yaml", []byte(src))
		if len(problems) > 0 {
			t.Errorf("%s: %v", tc.name, problems)
			continue
		}
		if got := p.Real.Compared.Never(); got != tc.never {
			t.Errorf("%s: Never() = %v, want %v", tc.name, got, tc.never)
		}
	}
}
