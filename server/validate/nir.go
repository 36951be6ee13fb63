package validate

import "strings"

// NIRResult is a checked social-security number.
type NIRResult struct {
	Compact     string // digits (and 2A/2B), no separators
	Provisional bool   // first digit 7 or 8 (NIA, numéro provisoire)
}

// NIR checks a French social-security number (numéro de sécurité sociale).
// withKey=false: exactly 13 characters expected (no 2-digit key), as on the CAF and ameli login screens.
// withKey=true: 15 characters, the last two being the key = 97 - (first 13 as a number mod 97),
// with 2A replaced by 19 and 2B by 18 before computing.
// Problem keys: "format" (wrong length or characters: first char must be 1, 2, 3, 4, 7 or 8; then 2-digit year,
// 2-digit month (any 2 digits are accepted: real numbers use 20-42 or 50+ for unknown months),
// department = 2 digits or 2A/2B, then 6 digits), "key" (key mismatch, only when withKey),
// "with_key" (15 characters, a valid number followed by its 2-digit key, where the key is not
// expected: people copy the whole line of their carte Vitale).
// Provisional numbers (7/8) pass with Provisional=true: refusing them is the caller's choice.
//
// The month and the department are not checked against real values because
// the sandbox must accept the same odd but genuine numbers the real sites do.
func NIR(raw string, withKey bool) (NIRResult, string) {
	s := upperASCII(Digits(strings.TrimSpace(raw)))
	res := NIRResult{Compact: s}
	want := 13
	if withKey {
		want = 15
	}
	if !withKey && len(s) == 15 && nirBodyValid(s[:13]) && allDigits(s[13:]) {
		return res, "with_key"
	}
	if len(s) != want || !nirBodyValid(s[:13]) {
		return res, "format"
	}
	res.Provisional = s[0] == '7' || s[0] == '8'
	if withKey {
		if !allDigits(s[13:]) {
			return res, "format"
		}
		if s[13:] != nirKey(s[:13]) {
			return res, "key"
		}
	}
	return res, ""
}

// nirBodyValid checks the 13 characters before the key: sex or status digit,
// year, month, department (2 digits or 2A/2B), commune and order number.
func nirBodyValid(b string) bool {
	switch b[0] {
	case '1', '2', '3', '4', '7', '8':
	default:
		return false
	}
	if !allDigits(b[1:5]) || !allDigits(b[7:13]) {
		return false
	}
	dep := b[5:7]
	return allDigits(dep) || dep == "2A" || dep == "2B"
}

// nirKey computes the two-digit control key of a valid 13-character body.
// Corsica's letters are replaced by digits (2A -> 19, 2B -> 18) only for the
// computation, as the key was defined before the department was split.
func nirKey(b string) string {
	switch b[5:7] {
	case "2A":
		b = b[:5] + "19" + b[7:]
	case "2B":
		b = b[:5] + "18" + b[7:]
	}
	var n uint64
	for i := 0; i < len(b); i++ {
		n = n*10 + uint64(b[i]-'0')
	}
	k := 97 - n%97
	return string([]byte{byte('0' + k/10), byte('0' + k%10)})
}
