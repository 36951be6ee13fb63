package validate

import (
	"strings"
	"testing"
)

func TestNumeroFiscal(t *testing.T) {
	tests := []struct {
		name, in, want, wantKey string
	}{
		{"valid compact", "3023217600053", "3023217600053", ""},
		{"valid spaced", "30 23 217 600 053", "3023217600053", ""},
		{"nbsp and trim", "\t30\u00a023\u202f217 600 053 \n", "3023217600053", ""},
		{"first digit 0", "0123456789211", "0123456789211", ""},
		{"first digit 1", "1234567890066", "1234567890066", ""},
		{"first digit 2", "2999999999248", "2999999999248", ""},
		{"first digit 3 max", "3999999999331", "3999999999331", ""},
		{"wrong key", "3023217600054", "3023217600054", "key"},
		{"swapped digits", "3023217060053", "3023217060053", "key"},
		{"key 000 on non-multiple", "3023217600000", "3023217600000", "key"},
		{"first digit 4", "4023217600053", "4023217600053", "format"},
		{"first digit 9", "9023217600053", "9023217600053", "format"},
		{"empty", "", "", "format"},
		{"blank", "   ", "", "format"},
		{"12 digits", "302321760005", "302321760005", "format"},
		{"14 digits", "30232176000530", "30232176000530", "format"},
		{"dot not a separator", "30.23.217.600.053", "30.23.217.600.053", "format"},
		{"dash not a separator", "30-23-217-600-053", "30-23-217-600-053", "format"},
		{"letter", "30232176000A3", "30232176000A3", "format"},
		{"lowercase letter", "30232176000a3", "30232176000a3", "format"},
		{"full-width digits", "３023217600053", "３023217600053", "format"},
		{"unicode junk", "302321760\u200b0053", "302321760\u200b0053", "format"},
		{"emoji", "302321760005🙂", "302321760005🙂", "format"},
		{"invalid utf8", "302321760005\xff", "302321760005\xff", "format"},
		{"very long", strings.Repeat("3", 10000), strings.Repeat("3", 10000), "format"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, key := NumeroFiscal(tt.in)
			if got != tt.want || key != tt.wantKey {
				t.Errorf("NumeroFiscal(%q) = %q, %q; want %q, %q", tt.in, got, key, tt.want, tt.wantKey)
			}
		})
	}
}

func FuzzNumeroFiscal(f *testing.F) {
	for _, s := range []string{
		"", "3023217600053", "30 23 217 600 053", "0123456789211", "3023217600054",
		"4023217600053", "30.23.217", "30\u00a023", "\xff", "３023217600053",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		got, key := NumeroFiscal(raw)
		switch key {
		case "":
		case "format":
			return
		case "key":
			if len(got) != 13 || !allDigits(got) {
				t.Fatalf("NumeroFiscal(%q) = %q: key problem on a malformed number", raw, got)
			}
			return
		default:
			t.Fatalf("NumeroFiscal(%q): unknown key %q", raw, key)
		}
		if len(got) != 13 || !allDigits(got) || got[0] > '3' || got[10:] != numeroFiscalKey(got[:10]) {
			t.Fatalf("NumeroFiscal(%q) = %q: valid but malformed", raw, got)
		}
		again, key2 := NumeroFiscal(got)
		if again != got || key2 != "" {
			t.Fatalf("NumeroFiscal(%q) = %q, but re-validating gives %q, %q", raw, got, again, key2)
		}
	})
}
