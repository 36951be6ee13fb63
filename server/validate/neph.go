package validate

import "strings"

// NEPH checks a driving-licence file number (numéro NEPH): exactly 12 digits (spaces allowed in input); there is no check key. Key "format".
//
// Without a key, a mistyped digit cannot be detected: only the length and
// the characters are checked.
func NEPH(raw string) (string, string) {
	s := removeSpaces(strings.TrimSpace(raw))
	if len(s) != 12 || !allDigits(s) {
		return s, "format"
	}
	return s, ""
}
