package validate

import (
	"strings"
	"testing"
)

func TestCommune(t *testing.T) {
	cases := []struct {
		code, raw, want, key string
	}{
		{"10200", "Ailleville", "Ailleville", ""},
		{"10200", "  AILLEVILLE ", "Ailleville", ""},
		{"10160", "aix villemaur palis", "Aix-Villemaur-Pâlis", ""},
		{"42000", "St-Étienne", "Saint-Étienne", ""},
		{"42000", "saint etienne", "Saint-Étienne", ""},
		{"75011", "Paris", "Paris", ""},
		{"10200", "Paris", "Paris", "commune"},
		{"00000", "Paris", "Paris", "postal_code"},
		{"75011", "", "", "format"},
		{"75011", "1234", "1234", "format"},
		{"75011", strings.Repeat("a", 300), strings.Repeat("a", 300), "format"},
	}
	for _, tc := range cases {
		got, key := Commune(tc.code, tc.raw)
		if got != tc.want || key != tc.key {
			t.Errorf("Commune(%q, %q) = %q, %q; want %q, %q", tc.code, tc.raw, got, key, tc.want, tc.key)
		}
	}
}

func TestCommunes(t *testing.T) {
	if got := Communes("10160"); len(got) == 0 || !strings.Contains(strings.Join(got, ","), "Aix-Villemaur-Pâlis") {
		t.Errorf("Communes(10160) = %v", got)
	}
	if got := Communes("99999"); len(got) != 0 {
		t.Errorf("an unknown code has communes: %v", got)
	}
	if n := len(communesByCode()); n < 6000 {
		t.Errorf("only %d postal codes loaded", n)
	}
}

func FuzzCommune(f *testing.F) {
	for _, s := range []string{"Paris", "St-Étienne", "", "ÉÈÊ", "l'Haÿ-les-Roses", "\x00\xff"} {
		f.Add("75011", s)
		f.Add("42000", s)
	}
	f.Fuzz(func(t *testing.T, code, raw string) {
		name, key := Commune(code, raw)
		if key != "" {
			return
		}
		// An accepted name is official, and accepted again as itself.
		again, key2 := Commune(code, name)
		if key2 != "" || again != name {
			t.Fatalf("Commune(%q, %q) = %q, then %q %q", code, raw, name, again, key2)
		}
	})
}
