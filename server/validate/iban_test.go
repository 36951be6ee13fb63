package validate

import (
	"strings"
	"testing"
)

func TestIBAN(t *testing.T) {
	const fr = "FR7630006000011234567890189"
	tests := []struct {
		name, in, want, wantKey string
	}{
		{"France spaced", "FR76 3000 6000 0112 3456 7890 189", fr, ""},
		{"France compact", fr, fr, ""},
		{"lowercase", "fr76 3000 6000 0112 3456 7890 189", fr, ""},
		{"nbsp and trim", "\tFR76\u00a03000\u202f6000 0112 3456 7890 189 \n", fr, ""},
		{"France with letter", "FR14 2004 1010 0505 0001 3M02 606", "FR1420041010050500013M02606", ""},
		{"Germany", "DE89 3704 0044 0532 0130 00", "DE89370400440532013000", ""},
		{"Belgium", "BE68 5390 0754 7034", "BE68539007547034", ""},
		{"Spain", "ES91 2100 0418 4502 0005 1332", "ES9121000418450200051332", ""},
		{"Italy", "IT60 X054 2811 1010 0000 0123 456", "IT60X0542811101000000123456", ""},
		{"Portugal", "PT50 0002 0123 1234 5678 9015 4", "PT50000201231234567890154", ""},
		{"Luxembourg", "LU28 0019 4006 4475 0000", "LU280019400644750000", ""},
		{"Netherlands", "NL91 ABNA 0417 1643 00", "NL91ABNA0417164300", ""},
		{"Switzerland", "CH93 0076 2011 6238 5295 7", "CH9300762011623852957", ""},
		{"United Kingdom", "GB29 NWBK 6016 1331 9268 19", "GB29NWBK60161331926819", ""},
		{"Monaco", "MC58 1122 2000 0101 2345 6789 030", "MC5811222000010123456789030", ""},
		{"other country 15", "NO93 8601 1117 947", "NO9386011117947", ""},
		{"other country 20", "AT61 1904 3002 3457 3201", "AT611904300234573201", ""},
		{"unknown country 34", "QQ31123456789012345678901234567890", "QQ31123456789012345678901234567890", ""},
		{"wrong check digits", "FR77 3000 6000 0112 3456 7890 189", "FR7730006000011234567890189", "key"},
		{"wrong last digit", "FR76 3000 6000 0112 3456 7890 188", "FR7630006000011234567890188", "key"},
		{"swapped digits", "FR76 3000 6000 0112 3456 7809 189", "FR7630006000011234567809189", "key"},
		{"France 26", "FR76 3000 6000 0112 3456 7890 18", "FR763000600001123456789018", "format"},
		{"France 28", "FR76 3000 6000 0112 3456 7890 1890", "FR76300060000112345678901890", "format"},
		{"Germany 21", "DE89 3704 0044 0532 0130 0", "DE8937040044053201300", "format"},
		{"Belgium at France length", "BE6853900754703400000000000", "BE6853900754703400000000000", "format"},
		{"other country 14", "NO938601111794", "NO938601111794", "format"},
		{"35 characters", "QQ311234567890123456789012345678901", "QQ311234567890123456789012345678901", "format"},
		{"digit in country", "F176 3000 6000 0112 3456 7890 189", "F17630006000011234567890189", "format"},
		{"letter in check digits", "FRA6 3000 6000 0112 3456 7890 189", "FRA630006000011234567890189", "format"},
		{"dash not a separator", "FR76-3000-6000-0112-3456-7890-189", "FR76-3000-6000-0112-3456-7890-189", "format"},
		{"dot", "FR76.30006000011234567890189", "FR76.30006000011234567890189", "format"},
		{"empty", "", "", "format"},
		{"blank", "   ", "", "format"},
		{"country only", "FR", "FR", "format"},
		{"accented letter", "FR76 3000 6000 0112 3456 7890 1É", "FR76300060000112345678901É", "format"},
		{"Kelvin sign not lowercased", "FR76 3000 6000 0112 3456 7890 1\u212a", "FR76300060000112345678901\u212a", "format"},
		{"full-width digits", "FR７6 3000 6000 0112 3456 7890 189", "FR７630006000011234567890189", "format"},
		{"unicode junk", "FR76\u200b30006000011234567890189", "FR76\u200b30006000011234567890189", "format"},
		{"invalid utf8", "FR763000600001123456789018\xff", "FR763000600001123456789018\xff", "format"},
		{"very long", strings.Repeat("fr76", 2500), strings.Repeat("FR76", 2500), "format"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, key := IBAN(tt.in)
			if got != tt.want || key != tt.wantKey {
				t.Errorf("IBAN(%q) = %q, %q; want %q, %q", tt.in, got, key, tt.want, tt.wantKey)
			}
		})
	}
}

func TestFormatIBAN(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"France", "FR7630006000011234567890189", "FR76 3000 6000 0112 3456 7890 189"},
		{"multiple of 4", "BE68539007547034", "BE68 5390 0754 7034"},
		{"34 characters", "QQ31123456789012345678901234567890", "QQ31 1234 5678 9012 3456 7890 1234 5678 90"},
		{"short", "FR7", "FR7"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FormatIBAN(tt.in); got != tt.want {
				t.Errorf("FormatIBAN(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzIBAN(f *testing.F) {
	for _, s := range []string{
		"", "FR76 3000 6000 0112 3456 7890 189", "fr7630006000011234567890189", "GB29NWBK60161331926819",
		"NO9386011117947", "FR7730006000011234567890189", "FR763000600001123456789018", "FR76-3000",
		"QQ31123456789012345678901234567890", "FR76\u00a03000", "\xff", "FR76\u212a",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		if a, b := strings.ReplaceAll(FormatIBAN(raw), " ", ""), strings.ReplaceAll(raw, " ", ""); a != b {
			t.Fatalf("FormatIBAN(%q) changed more than spaces: %q", raw, a)
		}
		got, key := IBAN(raw)
		switch key {
		case "":
		case "format":
			return
		case "key":
			if !ibanFormatValid(got) {
				t.Fatalf("IBAN(%q) = %q: key problem on a malformed IBAN", raw, got)
			}
			return
		default:
			t.Fatalf("IBAN(%q): unknown key %q", raw, key)
		}
		if !ibanFormatValid(got) || ibanMod97(got[4:]+got[:4]) != 1 {
			t.Fatalf("IBAN(%q) = %q: valid but malformed", raw, got)
		}
		again, key2 := IBAN(got)
		if again != got || key2 != "" {
			t.Fatalf("IBAN(%q) = %q, but re-validating gives %q, %q", raw, got, again, key2)
		}
		shown := FormatIBAN(got)
		for _, in := range []string{shown, strings.ToLower(shown)} {
			if back, key3 := IBAN(in); back != got || key3 != "" {
				t.Fatalf("IBAN(%q) = %q, but its display form %q gives %q, %q", raw, got, in, back, key3)
			}
		}
	})
}
