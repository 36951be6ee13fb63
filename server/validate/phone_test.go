package validate

import (
	"strings"
	"testing"
)

func TestPhone(t *testing.T) {
	tests := []struct {
		name, in   string
		mobileOnly bool
		want, key  string
	}{
		{"national", "0612345678", false, "0612345678", ""},
		{"spaces", "06 12 34 56 78", false, "0612345678", ""},
		{"dots", "06.12.34.56.78", false, "0612345678", ""},
		{"dashes", "06-12-34-56-78", false, "0612345678", ""},
		{"nbsp and trim", "\t06\u00a012\u202f34 56 78 ", false, "0612345678", ""},
		{"+33", "+33 6 12 34 56 78", false, "0612345678", ""},
		{"+33 compact", "+33612345678", false, "0612345678", ""},
		{"0033", "0033 6 12 34 56 78", false, "0612345678", ""},
		{"landline", "01 23 45 67 89", false, "0123456789", ""},
		{"Corsica landline", "04 95 12 34 56", false, "0495123456", ""},
		{"overseas national", "0262 12 34 56", false, "0262123456", ""},
		{"09", "09 12 34 56 78", false, "0912345678", ""},
		{"mobile 06", "06 12 34 56 78", true, "0612345678", ""},
		{"mobile 073", "07 31 23 45 67", true, "0731234567", ""},
		{"mobile 079 +33", "+33 7 91 23 45 67", true, "0791234567", ""},
		{"072 not mobile", "07 21 23 45 67", true, "0721234567", "not_mobile"},
		{"070 not mobile", "0701234567", true, "0701234567", "not_mobile"},
		{"landline not mobile", "01 23 45 67 89", true, "0123456789", "not_mobile"},
		{"+33 landline not mobile", "+33 1 23 45 67 89", true, "0123456789", "not_mobile"},
		{"072 ok without mobileOnly", "0721234567", false, "0721234567", ""},
		{"format before not_mobile", "0123", true, "0123", "format"},
		{"empty", "", false, "", "format"},
		{"empty mobile", "", true, "", "format"},
		{"second digit 0", "0012345678", false, "0012345678", "format"},
		{"no leading 0", "6123456789", false, "6123456789", "format"},
		{"nine digits", "061234567", false, "061234567", "format"},
		{"eleven digits", "06123456789", false, "06123456789", "format"},
		{"+33 with trunk 0", "+33 06 12 34 56 78", false, "+330612345678", "format"},
		{"+33 too short", "+33 6 12 34 56", false, "+336123456", "format"},
		{"+262", "+262 262 12 34 56", false, "+262262123456", "format"},
		{"plus only", "+", false, "+", "format"},
		{"letters", "06 12 AB 56 78", false, "0612AB5678", "format"},
		{"parentheses", "+33 (0)6 12 34 56 78", false, "+33(0)612345678", "format"},
		{"full-width digits", "０６12345678", false, "０６12345678", "format"},
		{"unicode junk", "06\u200b12345678", false, "06\u200b12345678", "format"},
		{"invalid utf8", "061234567\xff", false, "061234567\xff", "format"},
		{"very long", strings.Repeat("06", 5000), false, strings.Repeat("06", 5000), "format"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, key := Phone(tt.in, tt.mobileOnly)
			if got != tt.want || key != tt.key {
				t.Errorf("Phone(%q, %v) = %q, %q; want %q, %q", tt.in, tt.mobileOnly, got, key, tt.want, tt.key)
			}
		})
	}
}

func FuzzPhone(f *testing.F) {
	for _, s := range []string{
		"", "0612345678", "06 12 34 56 78", "+33 6 12 34 56 78", "0033612345678",
		"07.21.23.45.67", "01-23-45-67-89", "+330612345678", "+", "06\u00a012", "\xff",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		for _, mobileOnly := range []bool{false, true} {
			got, key := Phone(raw, mobileOnly)
			switch key {
			case "":
			case "format":
				continue
			case "not_mobile":
				if !mobileOnly {
					t.Fatalf("Phone(%q, false): not_mobile without mobileOnly", raw)
				}
				if _, k := Phone(raw, false); k != "" {
					t.Fatalf("Phone(%q, true) = not_mobile, but without mobileOnly: %q", raw, k)
				}
				continue
			default:
				t.Fatalf("Phone(%q, %v): unknown key %q", raw, mobileOnly, key)
			}
			if len(got) != 10 || !allDigits(got) || got[0] != '0' || got[1] == '0' {
				t.Fatalf("Phone(%q, %v) = %q: valid but not a national number", raw, mobileOnly, got)
			}
			if mobileOnly && got[1] != '6' && got[1] != '7' {
				t.Fatalf("Phone(%q, true) = %q: accepted as mobile", raw, got)
			}
			again, key2 := Phone(got, mobileOnly)
			if again != got || key2 != "" {
				t.Fatalf("Phone(%q, %v) = %q, but re-validating gives %q, %q", raw, mobileOnly, got, again, key2)
			}
		}
	})
}
