package validate

import (
	"strings"
	"unicode/utf8"
)

// Digits keeps only what a person might type around a number: it returns s without spaces,
// non-breaking spaces, dots and dashes (helper used by the others, exported for field types).
//
// Besides the ASCII space, dot and hyphen-minus, it removes U+00A0 and U+202F
// (French typography puts them in long numbers, and copying from a PDF or a
// word processor brings them along) and the Unicode hyphens and dashes U+2010
// to U+2013 and U+2212 that autocorrect substitutes for "-". Everything else,
// letters and invalid UTF-8 included, is kept byte for byte so that the caller
// still sees it and rejects it.
func Digits(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isSeparator(r) {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// isSeparator reports whether r is one of the characters Digits drops.
func isSeparator(r rune) bool {
	switch r {
	case ' ', '\u00a0', '\u202f', '.', '-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2212':
		return true
	}
	return false
}

// removeSpaces drops only the space characters Digits drops, for values such
// as postal codes where a dot or a dash is a typing error, not a separator.
// Like Digits, it copies everything else byte for byte.
func removeSpaces(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r != ' ' && r != '\u00a0' && r != '\u202f' {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// isDigit reports whether b is an ASCII digit; unicode.IsDigit would let
// Arabic-Indic or full-width digits through.
func isDigit(b byte) bool { return '0' <= b && b <= '9' }

// allDigits reports whether s is made only of ASCII digits.
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// upperASCII uppercases ASCII letters only. strings.ToUpper would also map
// some non-ASCII letters (such as U+0131 or U+017F) to ASCII ones, letting
// look-alike characters slip through validation.
func upperASCII(s string) string {
	return mapASCII(s, 'a', 'z', 'A'-'a')
}

// lowerASCII lowercases ASCII letters only, for the same reason as upperASCII
// (strings.ToLower turns the Kelvin sign U+212A into "k").
func lowerASCII(s string) string {
	return mapASCII(s, 'A', 'Z', 'a'-'A')
}

// mapASCII shifts the bytes in [lo, hi] by delta and copies every other byte
// unchanged, which keeps invalid UTF-8 intact.
func mapASCII(s string, lo, hi byte, delta int) string {
	b := []byte(s)
	for i, c := range b {
		if lo <= c && c <= hi {
			b[i] = byte(int(c) + delta)
		}
	}
	return string(b)
}

// isUpper reports whether b is an ASCII capital letter; callers uppercase
// with upperASCII first, so non-ASCII look-alikes stay refused.
func isUpper(b byte) bool { return 'A' <= b && b <= 'Z' }

// allUpperAlnum reports whether s is made only of ASCII digits and capital
// letters.
func allUpperAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) && !isUpper(s[i]) {
			return false
		}
	}
	return true
}
