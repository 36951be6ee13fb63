package validate

import "strings"

// ibanLengths gives the fixed IBAN length of the countries a French form
// most often sees. Other countries are only held to the ISO 13616 bounds
// (ibanMinLen to ibanMaxLen), so an IBAN from a country missing here is
// never refused for its length alone.
var ibanLengths = map[string]int{
	"FR": 27, "DE": 22, "BE": 16, "ES": 24, "IT": 27, "PT": 25,
	"LU": 20, "NL": 18, "CH": 21, "GB": 22, "MC": 27,
}

const (
	ibanMinLen = 15
	ibanMaxLen = 34
)

// IBAN checks an IBAN (ISO 13616): remove spaces, uppercase; 2 letters country, 2 check digits, then letters/digits;
// length must match the country for a table of at least FR 27, DE 22, BE 16, ES 24, IT 27, PT 25, LU 20, NL 18, CH 21, GB 22,
// MC 27, and 15..34 for other countries; mod-97 (move the first 4 characters to the end, letters A=10..Z=35, the number mod 97 must be 1).
// Keys: "format" (characters, length), "key" (checksum). Valid example: FR76 3000 6000 0112 3456 7890 189.
// Normalised form: compact uppercase without spaces.
//
// The compact form is what banks and payment files expect; FormatIBAN gives
// the grouped form for display. The checksum catches almost every mistyped
// or swapped character, so a "key" problem tells the person to re-read the
// number rather than to change its layout.
func IBAN(raw string) (string, string) {
	s := upperASCII(removeSpaces(strings.TrimSpace(raw)))
	if !ibanFormatValid(s) {
		return s, "format"
	}
	if ibanMod97(s[4:]+s[:4]) != 1 {
		return s, "key"
	}
	return s, ""
}

// ibanFormatValid checks the characters of an uppercased compact IBAN and
// its length for its country.
func ibanFormatValid(s string) bool {
	if len(s) < ibanMinLen || len(s) > ibanMaxLen {
		return false
	}
	if !isUpper(s[0]) || !isUpper(s[1]) || !isDigit(s[2]) || !isDigit(s[3]) || !allUpperAlnum(s[4:]) {
		return false
	}
	want, ok := ibanLengths[s[:2]]
	return !ok || len(s) == want
}

// ibanMod97 returns the remainder modulo 97 of the number obtained by
// writing each letter as two digits (A=10 ... Z=35). It reduces as it goes,
// so the 30-odd-digit number never has to be held whole.
func ibanMod97(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isDigit(c) {
			n = (n*10 + int(c-'0')) % 97
		} else {
			n = (n*100 + int(c-'A') + 10) % 97
		}
	}
	return n
}

// FormatIBAN writes a compact IBAN in groups of 4 for display ("FR76 3000 6000 0112 3456 7890 189").
//
// It expects the normalised value returned by IBAN: it groups bytes and
// does not validate, so it must not be given raw input.
func FormatIBAN(compact string) string {
	var b strings.Builder
	b.Grow(len(compact) + len(compact)/4)
	for i := 0; i < len(compact); i += 4 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(compact[i:min(i+4, len(compact))])
	}
	return b.String()
}
