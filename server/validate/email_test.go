package validate

import (
	"strings"
	"testing"
)

func TestEmail(t *testing.T) {
	long := strings.Repeat("a", 65) + "@" + strings.Repeat(strings.Repeat("b", 61)+".", 3) + "fr" // 254 bytes
	tests := []struct {
		name, in, want, key string
	}{
		{"simple", "jean.dupont@example.fr", "jean.dupont@example.fr", ""},
		{"domain lowercased", "Jean.Dupont@Example.GOUV.FR", "Jean.Dupont@example.gouv.fr", ""},
		{"trim", " \tjean@example.fr\u00a0\n", "jean@example.fr", ""},
		{"plus tag", "jean+caf@example.fr", "jean+caf@example.fr", ""},
		{"hyphen in domain", "a@mon-site.example.com", "a@mon-site.example.com", ""},
		{"digits in domain", "a@123.fr", "a@123.fr", ""},
		{"accented local part", "élodie@example.fr", "élodie@example.fr", ""},
		{"254 bytes", long, long, ""},
		{"255 bytes", "a" + long, "a" + long, "format"},
		{"empty", "", "", "format"},
		{"no at", "jean.example.fr", "jean.example.fr", "format"},
		{"two ats", "jean@dupont@example.fr", "jean@dupont@example.fr", "format"},
		{"empty local", "@example.fr", "@example.fr", "format"},
		{"space in local", "jean dupont@example.fr", "jean dupont@example.fr", "format"},
		{"nbsp in local", "jean\u00a0dupont@example.fr", "jean\u00a0dupont@example.fr", "format"},
		{"zero-width in local", "jean\u200b@example.fr", "jean\u200b@example.fr", "format"},
		{"control in local", "jean\x00@example.fr", "jean\x00@example.fr", "format"},
		{"invalid utf8 local", "je\xffan@example.fr", "je\xffan@example.fr", "format"},
		{"no dot in domain", "jean@localhost", "jean@localhost", "format"},
		{"empty domain", "jean@", "jean@", "format"},
		{"trailing dot", "jean@example.fr.", "jean@example.fr.", "format"},
		{"double dot", "jean@example..fr", "jean@example..fr", "format"},
		{"leading dot", "jean@.example.fr", "jean@.example.fr", "format"},
		{"short tld", "jean@example.f", "jean@example.f", "format"},
		{"numeric tld", "jean@example.123", "jean@example.123", "format"},
		{"underscore in domain", "jean@my_site.fr", "jean@my_site.fr", "format"},
		{"space in domain", "jean@exam ple.fr", "jean@exam ple.fr", "format"},
		{"label starts with hyphen", "jean@-example.fr", "jean@-example.fr", "format"},
		{"label ends with hyphen", "jean@example-.fr", "jean@example-.fr", "format"},
		{"label too long", "a@" + strings.Repeat("b", 64) + ".fr", "a@" + strings.Repeat("b", 64) + ".fr", "format"},
		{"unicode domain", "jean@exemple.café", "jean@exemple.café", "format"},
		{"kelvin sign domain", "jean@\u212aelvin.fr", "jean@\u212aelvin.fr", "format"},
		{"emoji domain", "jean@🙂.fr", "jean@🙂.fr", "format"},
		{"very long", strings.Repeat("a", 10000) + "@example.fr", strings.Repeat("a", 10000) + "@example.fr", "format"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, key := Email(tt.in)
			if got != tt.want || key != tt.key {
				t.Errorf("Email(%q) = %q, %q; want %q, %q", tt.in, got, key, tt.want, tt.key)
			}
		})
	}
}

func FuzzEmail(f *testing.F) {
	for _, s := range []string{
		"", "jean@example.fr", "Jean@Example.FR", " a@b.co ", "a@b", "a@@b.fr", "élodie@example.fr",
		"a b@c.fr", "a@\u212a.fr", "\xff@a.fr", "a@b-.fr",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		got, key := Email(raw)
		if key != "" {
			if key != "format" {
				t.Fatalf("Email(%q): unknown key %q", raw, key)
			}
			return
		}
		if len(got) > maxEmailLen || strings.Count(got, "@") != 1 {
			t.Fatalf("Email(%q) = %q: valid but malformed", raw, got)
		}
		domain := got[strings.IndexByte(got, '@')+1:]
		if domain != strings.ToLower(domain) {
			t.Fatalf("Email(%q) = %q: domain not lowercased", raw, got)
		}
		again, key2 := Email(got)
		if again != got || key2 != "" {
			t.Fatalf("Email(%q) = %q, but re-validating gives %q, %q", raw, got, again, key2)
		}
	})
}

// TestEmailRefusesWhatSitesRefuse: the local part of an address, as the
// real sites check it (the HTML e-mail rule), has no dot at either end, no
// two dots in a row, and none of the characters that need quotes.
func TestEmailRefusesWhatSitesRefuse(t *testing.T) {
	for _, in := range []string{
		"jean..dupont@example.fr",
		".jean@example.fr",
		"jean.@example.fr",
		"jean(dupont)@example.fr",
		"jean<dupont>@example.fr",
		"jean,dupont@example.fr",
		"jean;dupont@example.fr",
		"jean:dupont@example.fr",
		`jean\dupont@example.fr`,
		`"jean"@example.fr`,
		"jean[1]@example.fr",
		"jean@example",
		"jean@example.fr.",
		"jean@exa mple.fr",
		"jean @example.fr",
	} {
		if got, key := Email(in); key != "format" {
			t.Errorf("Email(%q) = %q, %q; want refused (format)", in, got, key)
		}
	}
	for _, in := range []string{"jean.dupont@example.fr", "j.d-2+caf@example.fr", "o'brien@example.fr", "a_b@example.fr"} {
		if _, key := Email(in); key != "" {
			t.Errorf("Email(%q) refused (%s)", in, key)
		}
	}
}
