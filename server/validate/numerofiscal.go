package validate

import (
	"strconv"
	"strings"
)

// NumeroFiscal checks a French tax number (numéro fiscal, SPI): 13 digits, first digit 0, 1, 2 or 3.
// Spaces allowed in input ("30 23 217 600 053"). The last 3 digits are a check: (first 10 digits as a number) mod 511,
// zero-padded to 3 digits (3023217600053: 3023217600 mod 511 = 53). Keys: "format" (length, characters, first digit), "key" (check mismatch).
//
// Only spaces are removed, as on the tax notice where the number is printed
// in groups: a dot or a dash is a typing error the person should see. The
// check digits catch most mistyped digits.
func NumeroFiscal(raw string) (string, string) {
	s := removeSpaces(strings.TrimSpace(raw))
	if len(s) != 13 || !allDigits(s) || s[0] > '3' {
		return s, "format"
	}
	if s[10:] != numeroFiscalKey(s[:10]) {
		return s, "key"
	}
	return s, ""
}

// numeroFiscalKey computes the 3-digit check of the first 10 digits; the
// value fits easily in a uint64 (at most 3 999 999 999).
func numeroFiscalKey(body string) string {
	n, _ := strconv.ParseUint(body, 10, 64)
	k := strconv.FormatUint(n%511, 10)
	return strings.Repeat("0", 3-len(k)) + k
}
