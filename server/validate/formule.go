package validate

import "strings"

// Formule checks the "numéro de formule" of a carte grise (SIV): 4-digit year, 2 letters, 5 digits, e.g. 2019CK12345;
// accept spaces and lowercase; canonical uppercase compact. Key "format".
//
// The year is not checked against a range: the number is copied from the
// document, and a plausibility rule on the year could refuse a real one.
func Formule(raw string) (string, string) {
	s := upperASCII(removeSpaces(strings.TrimSpace(raw)))
	if len(s) != 11 || !allDigits(s[:4]) || !isUpper(s[4]) || !isUpper(s[5]) || !allDigits(s[6:]) {
		return s, "format"
	}
	return s, ""
}
