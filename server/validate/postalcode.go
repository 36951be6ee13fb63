package validate

import "strings"

// PostalCode: exactly 5 digits after removing spaces; keep as string (leading zero). Key "format".
// Also reject "00xxx" and codes whose first two digits are above 98 ("format").
//
// Only spaces (including non-breaking ones) are removed: a dot or a dash in
// a postal code is a typing error the person should see, not a separator.
// The code is not checked against the real list of communes, which a form
// replica does not need and which changes every year.
func PostalCode(raw string) (string, string) {
	s := removeSpaces(strings.TrimSpace(raw))
	if len(s) != 5 || !allDigits(s) || s[:2] == "00" || s[:2] > "98" {
		return s, "format"
	}
	return s, ""
}
