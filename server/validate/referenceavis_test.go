package validate

import (
	"strings"
	"testing"
)

func TestReferenceAvis(t *testing.T) {
	tests := []struct {
		name, in, want, wantKey string
	}{
		{"digits", "2312345678901", "2312345678901", ""},
		{"letters and digits", "23AB12345CD67", "23AB12345CD67", ""},
		{"lowercase", "23ab12345cd67", "23AB12345CD67", ""},
		{"all letters", "ABCDEFGHIJKLM", "ABCDEFGHIJKLM", ""},
		{"spaced", "23 AB 123 45 CD 67", "23AB12345CD67", ""},
		{"nbsp and trim", " 23\u00a0AB\u202f12345CD67\t", "23AB12345CD67", ""},
		{"empty", "", "", "format"},
		{"blank", "  \u00a0 ", "", "format"},
		{"12 characters", "23AB12345CD6", "23AB12345CD6", "format"},
		{"14 characters", "23AB12345CD678", "23AB12345CD678", "format"},
		{"dash not a separator", "23AB-12345CD67", "23AB-12345CD67", "format"},
		{"dot not a separator", "23AB.12345CD6", "23AB.12345CD6", "format"},
		{"accented letter", "23ÉB12345CD6", "23ÉB12345CD6", "format"},
		{"dotless i not uppercased", "23\u0131B12345CD6", "23\u0131B12345CD6", "format"},
		{"full-width letter", "２3AB12345CD67", "２3AB12345CD67", "format"},
		{"unicode junk", "23AB12345C\u200bD6", "23AB12345C\u200bD6", "format"},
		{"invalid utf8", "23AB12345CD6\xff", "23AB12345CD6\xff", "format"},
		{"very long", strings.Repeat("a", 10000), strings.Repeat("A", 10000), "format"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, key := ReferenceAvis(tt.in)
			if got != tt.want || key != tt.wantKey {
				t.Errorf("ReferenceAvis(%q) = %q, %q; want %q, %q", tt.in, got, key, tt.want, tt.wantKey)
			}
		})
	}
}

func FuzzReferenceAvis(f *testing.F) {
	for _, s := range []string{
		"", "2312345678901", "23ab12345cd67", "23 AB 123 45 CD 67", "23AB-12345CD67",
		"23\u0131b12345cd6", "\xff", "ABCDEFGHIJKLM",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		got, key := ReferenceAvis(raw)
		if key != "" {
			if key != "format" {
				t.Fatalf("ReferenceAvis(%q): unknown key %q", raw, key)
			}
			return
		}
		if len(got) != 13 || !allUpperAlnum(got) {
			t.Fatalf("ReferenceAvis(%q) = %q: valid but malformed", raw, got)
		}
		again, key2 := ReferenceAvis(got)
		if again != got || key2 != "" {
			t.Fatalf("ReferenceAvis(%q) = %q, but re-validating gives %q, %q", raw, got, again, key2)
		}
	})
}
