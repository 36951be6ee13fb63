package validate

import "strings"

// ReferenceAvis checks the "référence de l'avis" printed on a French tax notice: 13 letters or digits once spaces are removed,
// uppercased. Its internal structure is unknown, so only length and characters are checked. Key: "format".
//
// Checking no more than that avoids refusing a genuine reference because of
// a guessed rule; the length and character check still catches a missing or
// extra character and text pasted from the wrong box.
func ReferenceAvis(raw string) (string, string) {
	s := upperASCII(removeSpaces(strings.TrimSpace(raw)))
	if len(s) != 13 || !allUpperAlnum(s) {
		return s, "format"
	}
	return s, ""
}
