package validate

import (
	"strings"
	"testing"
)

func TestPostalCode(t *testing.T) {
	tests := []struct {
		name, in, want, wantKey string
	}{
		{"Paris", "75001", "75001", ""},
		{"leading zero kept", "01000", "01000", ""},
		{"Corsica 2A", "20000", "20000", ""},
		{"Corsica 2B", "20200", "20200", ""},
		{"overseas", "97400", "97400", ""},
		{"Monaco 98", "98000", "98000", ""},
		{"space inside", "75 001", "75001", ""},
		{"nbsp and trim", " 75\u00a0001\u202f\t", "75001", ""},
		{"00 prefix", "00123", "00123", "format"},
		{"99 prefix", "99000", "99000", "format"},
		{"empty", "", "", "format"},
		{"blank", "   ", "", "format"},
		{"four digits", "7500", "7500", "format"},
		{"six digits", "750010", "750010", "format"},
		{"dot not a separator", "75.001", "75.001", "format"},
		{"dash not a separator", "75-001", "75-001", "format"},
		{"Corsica letters", "2A000", "2A000", "format"},
		{"lowercase letters", "2a000", "2a000", "format"},
		{"full-width digits", "７５００１", "７５００１", "format"},
		{"unicode junk", "750\u200b01", "750\u200b01", "format"},
		{"invalid utf8", "7500\xff", "7500\xff", "format"},
		{"very long", strings.Repeat("7", 10000), strings.Repeat("7", 10000), "format"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, key := PostalCode(tt.in)
			if got != tt.want || key != tt.wantKey {
				t.Errorf("PostalCode(%q) = %q, %q; want %q, %q", tt.in, got, key, tt.want, tt.wantKey)
			}
		})
	}
}

func FuzzPostalCode(f *testing.F) {
	for _, s := range []string{"", "75001", "01000", " 75 001 ", "00123", "99000", "98000", "7500\xff", "２0000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		got, key := PostalCode(raw)
		if key != "" {
			if key != "format" {
				t.Fatalf("PostalCode(%q): unknown key %q", raw, key)
			}
			return
		}
		if len(got) != 5 || !allDigits(got) {
			t.Fatalf("PostalCode(%q) = %q: valid but not 5 digits", raw, got)
		}
		again, key2 := PostalCode(got)
		if again != got || key2 != "" {
			t.Fatalf("PostalCode(%q) = %q, but re-validating gives %q, %q", raw, got, again, key2)
		}
	})
}
