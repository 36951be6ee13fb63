package validate

import (
	"strings"
	"testing"
)

func TestFormule(t *testing.T) {
	tests := []struct {
		name, in, want, wantKey string
	}{
		{"compact", "2019CK12345", "2019CK12345", ""},
		{"lowercase", "2019ck12345", "2019CK12345", ""},
		{"spaced", "2019 CK 12345", "2019CK12345", ""},
		{"nbsp and trim", "\t2019\u00a0ck\u202f12345 ", "2019CK12345", ""},
		{"empty", "", "", "format"},
		{"blank", "   ", "", "format"},
		{"too short", "2019CK1234", "2019CK1234", "format"},
		{"too long", "2019CK123456", "2019CK123456", "format"},
		{"one letter", "2019C123456", "2019C123456", "format"},
		{"three letters", "2019CKA2345", "2019CKA2345", "format"},
		{"letter in year", "20A9CK12345", "20A9CK12345", "format"},
		{"letter in number", "2019CK1234A", "2019CK1234A", "format"},
		{"dash not a separator", "2019-CK-12345", "2019-CK-12345", "format"},
		{"accented letter", "2019ÉK1234", "2019ÉK1234", "format"},
		{"long s not uppercased", "2019\u017fK12345", "2019\u017fK12345", "format"},
		{"full-width digits", "２019CK12345", "２019CK12345", "format"},
		{"unicode junk", "2019C\u200bK12345", "2019C\u200bK12345", "format"},
		{"invalid utf8", "2019CK1234\xff", "2019CK1234\xff", "format"},
		{"very long", strings.Repeat("2019ck", 2000), strings.Repeat("2019CK", 2000), "format"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, key := Formule(tt.in)
			if got != tt.want || key != tt.wantKey {
				t.Errorf("Formule(%q) = %q, %q; want %q, %q", tt.in, got, key, tt.want, tt.wantKey)
			}
		})
	}
}

func FuzzFormule(f *testing.F) {
	for _, s := range []string{"", "2019CK12345", "2019 ck 12345", "2019-CK-12345", "20A9CK12345", "\xff", "2019\u017fK12345"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		got, key := Formule(raw)
		if key != "" {
			if key != "format" {
				t.Fatalf("Formule(%q): unknown key %q", raw, key)
			}
			return
		}
		if len(got) != 11 || !allDigits(got[:4]) || !isUpper(got[4]) || !isUpper(got[5]) || !allDigits(got[6:]) {
			t.Fatalf("Formule(%q) = %q: valid but malformed", raw, got)
		}
		again, key2 := Formule(got)
		if again != got || key2 != "" {
			t.Fatalf("Formule(%q) = %q, but re-validating gives %q, %q", raw, got, again, key2)
		}
	})
}
