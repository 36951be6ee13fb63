package validate

import (
	"strings"
	"testing"
)

func TestNIR(t *testing.T) {
	tests := []struct {
		name        string
		in          string
		withKey     bool
		wantCompact string
		wantProv    bool
		wantKey     string
	}{
		// With key.
		{"valid spaced", "2 95 10 99 126 111 93", true, "295109912611193", false, ""},
		{"valid compact", "295109912611193", true, "295109912611193", false, ""},
		{"valid 2B", "253072B07300470", true, "253072B07300470", false, ""},
		{"valid 2A", "253072A07300443", true, "253072A07300443", false, ""},
		{"lowercase 2a", "2 53 07 2a 073 004 43", true, "253072A07300443", false, ""},
		{"lowercase 2b", "253072b07300470", true, "253072B07300470", false, ""},
		{"dots and dashes", "2.95.10.99-126-111-93", true, "295109912611193", false, ""},
		{"nbsp and trim", "\t 2\u00a095\u202f10 99 126 111 93 \n", true, "295109912611193", false, ""},
		{"provisional 7", "7 95 10 99 126 111 37", true, "795109912611137", true, ""},
		{"provisional 8", "885127512345629", true, "885127512345629", true, ""},
		{"month 20+ accepted", "1851275123456 88", true, "185127512345688", false, ""},
		{"wrong key", "2 95 10 99 126 111 94", true, "295109912611194", false, "key"},
		{"key 00", "295109912611100", true, "295109912611100", false, "key"},
		{"2A with 2B key", "253072A07300470", true, "253072A07300470", false, "key"},
		{"non-digit key", "29510991261119A", true, "29510991261119A", false, "format"},
		{"13 chars when key expected", "2951099126111", true, "2951099126111", false, "format"},
		{"16 chars", "2951099126111930", true, "2951099126111930", false, "format"},
		// Without key.
		{"no key valid", "2951099126111", false, "2951099126111", false, ""},
		{"no key spaced", "2 95 10 99 126 111", false, "2951099126111", false, ""},
		{"no key 2a", "253072a073004", false, "253072A073004", false, ""},
		{"no key provisional", "7951099126111", false, "7951099126111", true, ""},
		{"no key but 15 given", "295109912611193", false, "295109912611193", false, "with_key"},
		{"no key but 15 given, wrong key", "2 95 10 99 126 111 94", false, "295109912611194", false, "with_key"},
		{"no key but 15 given, letter key", "29510991261119A", false, "29510991261119A", false, "format"},
		{"no key but 14 given", "29510991261119", false, "29510991261119", false, "format"},
		// Format errors.
		{"empty", "", true, "", false, "format"},
		{"empty no key", "   ", false, "", false, "format"},
		{"first digit 5", "5951099126111", false, "5951099126111", false, "format"},
		{"first digit 0", "0951099126111", false, "0951099126111", false, "format"},
		{"first digit 9", "9951099126111", false, "9951099126111", false, "format"},
		{"letter in year", "2A51099126111", false, "2A51099126111", false, "format"},
		{"2C department", "253072C073004", false, "253072C073004", false, "format"},
		{"A2 department", "25307A2073004", false, "25307A2073004", false, "format"},
		{"letter in commune", "253072A07300A", false, "253072A07300A", false, "format"},
		{"internal tab", "2951099\t126111", false, "2951099\t126111", false, "format"},
		{"full-width digits", "２951099126111", false, "２951099126111", false, "format"},
		{"unicode junk", "29510991261\u200b11", false, "29510991261\u200b11", false, "format"},
		{"emoji", "295109912611🙂", false, "295109912611🙂", false, "format"},
		{"invalid utf8", "295109912611\xff", false, "295109912611\xff", false, "format"},
		{"very long", strings.Repeat("1", 10000), true, strings.Repeat("1", 10000), false, "format"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, key := NIR(tt.in, tt.withKey)
			if got.Compact != tt.wantCompact || got.Provisional != tt.wantProv || key != tt.wantKey {
				t.Errorf("NIR(%q, %v) = %+v, %q; want {%q %v}, %q",
					tt.in, tt.withKey, got, key, tt.wantCompact, tt.wantProv, tt.wantKey)
			}
		})
	}
}

func FuzzNIR(f *testing.F) {
	for _, s := range []string{
		"", "2 95 10 99 126 111 93", "253072B07300470", "253072a07300443",
		"2951099126111", "795109912611137", "295109912611194", "2\u00a095.10-99",
		"29510991261119A", "\xff\xfe", "🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		for _, withKey := range []bool{false, true} {
			res, key := NIR(raw, withKey)
			if key != "" {
				if key != "format" && key != "key" && key != "with_key" {
					t.Fatalf("NIR(%q, %v): unknown key %q", raw, withKey, key)
				}
				if key == "key" && !withKey {
					t.Fatalf("NIR(%q, false): key problem without a key", raw)
				}
				if key == "with_key" && (withKey || len(res.Compact) != 15) {
					t.Fatalf("NIR(%q, %v) = %q: with_key problem", raw, withKey, res.Compact)
				}
				continue
			}
			want := 13
			if withKey {
				want = 15
			}
			if len(res.Compact) != want {
				t.Fatalf("NIR(%q, %v) = %q: valid with length %d", raw, withKey, res.Compact, len(res.Compact))
			}
			if prov := res.Compact[0] == '7' || res.Compact[0] == '8'; prov != res.Provisional {
				t.Fatalf("NIR(%q, %v): Provisional=%v for %q", raw, withKey, res.Provisional, res.Compact)
			}
			again, key2 := NIR(res.Compact, withKey)
			if again != res || key2 != "" {
				t.Fatalf("NIR(%q, %v) = %+v, but re-validating gives %+v, %q", raw, withKey, res, again, key2)
			}
			if withKey {
				short, key3 := NIR(res.Compact[:13], false)
				if key3 != "" || short.Compact != res.Compact[:13] || short.Provisional != res.Provisional {
					t.Fatalf("NIR(%q, true) valid but prefix gives %+v, %q", raw, short, key3)
				}
			}
		}
	})
}
