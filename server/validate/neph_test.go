package validate

import (
	"strings"
	"testing"
)

func TestNEPH(t *testing.T) {
	tests := []struct {
		name, in, want, wantKey string
	}{
		{"compact", "123456789012", "123456789012", ""},
		{"leading zero kept", "012345678901", "012345678901", ""},
		{"spaced", "1234 5678 9012", "123456789012", ""},
		{"nbsp and trim", "\t12\u00a034\u202f56 78 90 12 ", "123456789012", ""},
		{"empty", "", "", "format"},
		{"blank", "   ", "", "format"},
		{"11 digits", "12345678901", "12345678901", "format"},
		{"13 digits", "1234567890123", "1234567890123", "format"},
		{"dash not a separator", "1234-5678-9012", "1234-5678-9012", "format"},
		{"dot not a separator", "1234.5678.9012", "1234.5678.9012", "format"},
		{"letter", "12345678901A", "12345678901A", "format"},
		{"lowercase letter", "12345678901a", "12345678901a", "format"},
		{"full-width digits", "１23456789012", "１23456789012", "format"},
		{"unicode junk", "123456\u200b789012", "123456\u200b789012", "format"},
		{"invalid utf8", "12345678901\xff", "12345678901\xff", "format"},
		{"very long", strings.Repeat("1", 10000), strings.Repeat("1", 10000), "format"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, key := NEPH(tt.in)
			if got != tt.want || key != tt.wantKey {
				t.Errorf("NEPH(%q) = %q, %q; want %q, %q", tt.in, got, key, tt.want, tt.wantKey)
			}
		})
	}
}

func FuzzNEPH(f *testing.F) {
	for _, s := range []string{"", "123456789012", "1234 5678 9012", "1234-5678-9012", "12345678901a", "\xff", "１23456789012"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		got, key := NEPH(raw)
		if key != "" {
			if key != "format" {
				t.Fatalf("NEPH(%q): unknown key %q", raw, key)
			}
			return
		}
		if len(got) != 12 || !allDigits(got) {
			t.Fatalf("NEPH(%q) = %q: valid but not 12 digits", raw, got)
		}
		again, key2 := NEPH(got)
		if again != got || key2 != "" {
			t.Fatalf("NEPH(%q) = %q, but re-validating gives %q, %q", raw, got, again, key2)
		}
	})
}
