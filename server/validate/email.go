package validate

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxEmailLen is the longest address SMTP can carry (RFC 5321 path limit
// minus the angle brackets), counted in bytes.
const maxEmailLen = 254

// Email: a pragmatic check: one @, non-empty local part without spaces nor
// a dot at either end or two in a row nor a character that needs quotes
// ( ) < > [ ] \ , ; : ", a domain with at least one dot,
// labels of letters/digits/hyphens, TLD of 2+ letters, total length <= 254. Lowercase the domain only. Key "format".
//
// The check is deliberately looser than RFC 5322: it catches typing errors
// (missing @, missing TLD, stray spaces) without refusing real addresses.
// The local part may hold any printable character, non-ASCII included, and
// keeps its case because some servers treat it as case-sensitive. Control,
// format (zero-width) and invalid UTF-8 characters are refused because they
// are invisible copy-paste junk. Domain labels must be ASCII, must not start
// or end with a hyphen and are at most 63 bytes, as in DNS.
func Email(raw string) (string, string) {
	s := strings.TrimSpace(raw)
	at := strings.IndexByte(s, '@')
	if at < 0 || strings.Count(s, "@") != 1 {
		return s, "format"
	}
	local, domain := s[:at], lowerASCII(s[at+1:])
	s = local + "@" + domain
	if len(s) > maxEmailLen || !validLocal(local) || !validDomain(domain) {
		return s, "format"
	}
	return s, ""
}

// validLocal reports whether the local part is non-empty, valid UTF-8,
// free of spaces and invisible characters, and written as the real sites
// take it: no dot at either end nor two in a row, none of the characters
// that only a quoted local part may hold (the sites refuse quotes).
func validLocal(l string) bool {
	if l == "" || !utf8.ValidString(l) || l[0] == '.' || l[len(l)-1] == '.' || strings.Contains(l, "..") {
		return false
	}
	for _, r := range l {
		if unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || strings.ContainsRune(`()<>[]\,;:"`, r) {
			return false
		}
	}
	return true
}

// validDomain reports whether an already lowercased domain has at least two
// labels of letters, digits and inner hyphens, the last one being 2+ letters.
func validDomain(d string) bool {
	labels := strings.Split(d, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for i := 0; i < len(l); i++ {
			c := l[i]
			if !isDigit(c) && !(c >= 'a' && c <= 'z') && c != '-' {
				return false
			}
		}
	}
	tld := labels[len(labels)-1]
	if len(tld) < 2 {
		return false
	}
	for i := 0; i < len(tld); i++ {
		if tld[i] < 'a' || tld[i] > 'z' {
			return false
		}
	}
	return true
}
