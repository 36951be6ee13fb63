package validate

import (
	"strings"
	"testing"
)

func TestPlate(t *testing.T) {
	tests := []struct {
		name, in, want, wantKind, wantKey string
	}{
		// SIV.
		{"SIV canonical", "AB-123-CD", "AB-123-CD", "siv", ""},
		{"SIV compact lowercase", "ab123cd", "AB-123-CD", "siv", ""},
		{"SIV spaces", "AB 123 CD", "AB-123-CD", "siv", ""},
		{"SIV mixed separators", "ab-123 cd", "AB-123-CD", "siv", ""},
		{"SIV one gap only", "AB123-CD", "AB-123-CD", "siv", ""},
		{"SIV spaces around dashes", " AB - 123 - CD ", "AB-123-CD", "siv", ""},
		{"SIV nbsp and unicode hyphen", "AB\u00a0123\u2011CD", "AB-123-CD", "siv", ""},
		{"SIV first", "AA-001-AA", "AA-001-AA", "siv", ""},
		{"SIV last", "ZZ-999-ZZ", "ZZ-999-ZZ", "siv", ""},
		{"SIV S alone", "AS-123-SA", "AS-123-SA", "siv", ""},
		{"SIV letter I", "AI-123-CD", "AI123CD", "", "format"},
		{"SIV letter O", "AB-123-CO", "AB123CO", "", "format"},
		{"SIV letter U", "UB-123-CD", "UB123CD", "", "format"},
		{"SIV SS first", "SS-123-AB", "SS123AB", "", "format"},
		{"SIV SS last", "ab-123-ss", "AB123SS", "", "format"},
		{"SIV 000", "AB-000-CD", "AB000CD", "", "format"},
		{"SIV separator in letters", "A-B123-CD", "AB123CD", "", "format"},
		{"SIV separator in number", "AB-12-3CD", "AB123CD", "", "format"},
		{"SIV dot not a separator", "AB.123.CD", "AB.123.CD", "", "format"},
		{"SIV tab not a separator", "AB\t123\tCD", "AB\t123\tCD", "", "format"},
		{"SIV 4 digits", "AB-1234-CD", "AB1234CD", "", "format"},
		{"SIV 3 letters", "ABC-123-CD", "ABC123CD", "", "format"},
		{"SIV 1 final letter", "AB-123-C", "AB123C", "", "format"},
		// FNI.
		{"FNI canonical", "123 AB 45", "123 AB 45", "fni", ""},
		{"FNI compact lowercase", "123ab45", "123 AB 45", "fni", ""},
		{"FNI dashes", "123-AB-45", "123 AB 45", "fni", ""},
		{"FNI one digit", "1 AB 01", "1 AB 01", "fni", ""},
		{"FNI four digits three letters", "9999 ZZZ 75", "9999 ZZZ 75", "fni", ""},
		{"FNI Corsica 2A", "123 AB 2A", "123 AB 2A", "fni", ""},
		{"FNI Corsica 2b lowercase", "123ab2b", "123 AB 2B", "fni", ""},
		{"FNI overseas 971", "123 AB 971", "123 AB 971", "fni", ""},
		{"FNI overseas 976", "1234 ABC 976", "1234 ABC 976", "fni", ""},
		{"FNI five digits", "12345 AB 45", "12345AB45", "", "format"},
		{"FNI one letter", "123 A 45", "123A45", "", "format"},
		{"FNI four letters", "123 ABCD 45", "123ABCD45", "", "format"},
		{"FNI one-digit département", "123 AB 4", "123AB4", "", "format"},
		{"FNI 970", "123 AB 970", "123AB970", "", "format"},
		{"FNI 977", "123 AB 977", "123AB977", "", "format"},
		{"FNI other 3 digits", "123 AB 750", "123AB750", "", "format"},
		{"FNI 2C", "123 AB 2C", "123AB2C", "", "format"},
		{"FNI no département", "123 AB", "123AB", "", "format"},
		{"FNI no number", "AB 45", "AB45", "", "format"},
		{"FNI separator in number", "12 3 AB 45", "123AB45", "", "format"},
		{"FNI separator in letters", "123 A B 45", "123AB45", "", "format"},
		{"FNI separator in département", "123 AB 2 A", "123AB2A", "", "format"},
		// Neither.
		{"empty", "", "", "", "format"},
		{"blank", " - ", "", "", "format"},
		{"accented letter", "ÉB-123-CD", "ÉB123CD", "", "format"},
		{"Kelvin sign", "AB-123-C\u212a", "AB123C\u212a", "", "format"},
		{"full-width digits", "AB-１23-CD", "AB１23CD", "", "format"},
		{"unicode junk", "AB-1\u200b23-CD", "AB1\u200b23CD", "", "format"},
		{"invalid utf8", "AB-123-C\xff", "AB123C\xff", "", "format"},
		{"very long", strings.Repeat("ab-", 5000), strings.Repeat("AB", 5000), "", "format"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, key := Plate(tt.in)
			if got.Canonical != tt.want || got.Kind != tt.wantKind || key != tt.wantKey {
				t.Errorf("Plate(%q) = %+v, %q; want {%q %q}, %q", tt.in, got, key, tt.want, tt.wantKind, tt.wantKey)
			}
		})
	}
}

func FuzzPlate(f *testing.F) {
	for _, s := range []string{
		"", "AB-123-CD", "ab123cd", "AB 123-CD", "SS-123-AB", "AB-000-CD", "A-B123-CD",
		"123 AB 45", "1234abc976", "123 AB 2A", "123 AB 2 A", "AB\u2011123\u00a0CD", "\xff", "AB-123-C\u212a",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		got, key := Plate(raw)
		if key != "" {
			if key != "format" {
				t.Fatalf("Plate(%q): unknown key %q", raw, key)
			}
			if got.Kind != "" {
				t.Fatalf("Plate(%q) = %+v: kind on an invalid plate", raw, got)
			}
			return
		}
		c := got.Canonical
		switch got.Kind {
		case "siv":
			if len(c) != 9 || c[2] != '-' || c[6] != '-' {
				t.Fatalf("Plate(%q) = %+v: malformed SIV", raw, got)
			}
		case "fni":
			if strings.Count(c, " ") != 2 {
				t.Fatalf("Plate(%q) = %+v: malformed FNI", raw, got)
			}
		default:
			t.Fatalf("Plate(%q) = %+v: unknown kind", raw, got)
		}
		compact := strings.NewReplacer("-", "", " ", "").Replace(c)
		for _, in := range []string{c, compact, lowerASCII(c)} {
			if again, key2 := Plate(in); again != got || key2 != "" {
				t.Fatalf("Plate(%q) = %+v, but Plate(%q) gives %+v, %q", raw, got, in, again, key2)
			}
		}
	})
}
