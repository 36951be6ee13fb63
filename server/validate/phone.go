package validate

import "strings"

// Phone: French number. Accept 0XXXXXXXXX (10 digits, second digit 1-9), +33X XX XX XX XX, 0033...,
// with spaces, dots or dashes. Normalise to the 10-digit national form "0612345678".
// mobileOnly=true: must be 06 or 07 (07 followed by 3-9) else key "not_mobile". Other errors: "format".
//
// Storing the national form gives one spelling per number, so comparisons and
// redisplay do not depend on how the person typed it. The international
// prefix must be followed by the 9 significant digits: "+33 0 6..." (the
// trunk 0 kept after +33) is refused, as the real forms do. Overseas country
// codes (+262, +590...) are refused too; their numbers are accepted in the
// national form (0262..., 0590...).
func Phone(raw string, mobileOnly bool) (string, string) {
	s := Digits(strings.TrimSpace(raw))
	var national string
	switch {
	case strings.HasPrefix(s, "+33"):
		national = "0" + s[3:]
	case strings.HasPrefix(s, "0033"):
		national = "0" + s[4:]
	default:
		national = s
	}
	if len(national) != 10 || !allDigits(national) || national[0] != '0' || national[1] == '0' {
		return s, "format"
	}
	if mobileOnly && !isMobile(national) {
		return national, "not_mobile"
	}
	return national, ""
}

// isMobile reports whether a valid national number is a mobile one: 06, or
// 07 followed by 3 to 9 (the 070, 071 and 072 blocks are not allocated to
// mobiles).
func isMobile(n string) bool {
	return n[1] == '6' || (n[1] == '7' && n[2] >= '3' && n[2] <= '9')
}
