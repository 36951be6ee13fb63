package validate

import "strings"

// PlateResult is a checked registration plate.
type PlateResult struct {
	Canonical string // written form: "AB-123-CD" (SIV) or "123 AB 45" (FNI)
	Kind      string // "siv" or "fni"; "" when the plate is not valid
}

// Plate checks a French registration plate and returns it in its canonical written form.
// SIV (since 2009): 2 letters, 3 digits, 2 letters, canonical "AB-123-CD"; letters I, O and U are never used; the pair "SS" is
// forbidden in either letter group; the number 000 is not used. Accept input with dashes, spaces or nothing between groups, any case.
// FNI (older): 1 to 4 digits, 2 or 3 letters, then the département: 2 digits, 2A/2B, or 3 digits for 971-976;
// canonical "123 AB 45" (spaces). Keys: "format". Also return which kind it is.
//
// Both systems are still on the road, so both are accepted; Kind lets the
// caller tell them apart. Separators are allowed only between groups
// ("AB-12-3CD" is refused) and may differ from one gap to the next. On
// failure Canonical holds the uppercased input without separators.
func Plate(raw string) (PlateResult, string) {
	s, cuts := plateSplit(upperASCII(strings.TrimSpace(raw)))
	if res, ok := sivPlate(s, cuts); ok {
		return res, ""
	}
	if res, ok := fniPlate(s, cuts); ok {
		return res, ""
	}
	return PlateResult{Canonical: s}, "format"
}

// isPlateSeparator reports whether r may stand between plate groups: the
// spaces and dashes Digits drops, but not the dot.
func isPlateSeparator(r rune) bool { return r != '.' && isSeparator(r) }

// plateSplit removes the separators from s and returns, along with the
// compact text, the offsets in it where separators stood, so that the
// callers can check that they fall between groups.
func plateSplit(s string) (string, []int) {
	fields := strings.FieldsFunc(s, isPlateSeparator)
	var cuts []int
	n := 0
	for i, f := range fields {
		if i > 0 {
			cuts = append(cuts, n)
		}
		n += len(f)
	}
	return strings.Join(fields, ""), cuts
}

// cutsAt reports whether every separator offset is one of the group
// boundaries.
func cutsAt(cuts []int, bounds ...int) bool {
	for _, c := range cuts {
		found := false
		for _, b := range bounds {
			found = found || c == b
		}
		if !found {
			return false
		}
	}
	return true
}

// sivPlate recognises a compact SIV plate such as "AB123CD".
func sivPlate(s string, cuts []int) (PlateResult, bool) {
	if len(s) != 7 || !sivLetters(s[:2]) || !allDigits(s[2:5]) || s[2:5] == "000" ||
		!sivLetters(s[5:]) || !cutsAt(cuts, 2, 5) {
		return PlateResult{}, false
	}
	return PlateResult{Canonical: s[:2] + "-" + s[2:5] + "-" + s[5:], Kind: "siv"}, true
}

// sivLetters checks a 2-letter SIV group: I, O and U are left out because
// they are easily mistaken for 1, 0 and V, and "SS" for its history.
func sivLetters(g string) bool {
	for i := 0; i < len(g); i++ {
		if c := g[i]; !isUpper(c) || c == 'I' || c == 'O' || c == 'U' {
			return false
		}
	}
	return g != "SS"
}

// fniPlate recognises a compact FNI plate such as "123AB45". The groups
// are found by where digits give way to letters and back, which is
// unambiguous because the département always starts with a digit.
func fniPlate(s string, cuts []int) (PlateResult, bool) {
	d := 0
	for d < len(s) && isDigit(s[d]) {
		d++
	}
	l := d
	for l < len(s) && isUpper(s[l]) {
		l++
	}
	num, letters, dep := s[:d], s[d:l], s[l:]
	if len(num) < 1 || len(num) > 4 || len(letters) < 2 || len(letters) > 3 ||
		!fniDepartment(dep) || !cutsAt(cuts, d, l) {
		return PlateResult{}, false
	}
	return PlateResult{Canonical: num + " " + letters + " " + dep, Kind: "fni"}, true
}

// fniDepartment checks the département ending an FNI plate: 2 digits,
// Corsica's 2A or 2B, or an overseas 971 to 976.
func fniDepartment(d string) bool {
	switch len(d) {
	case 2:
		return allDigits(d) || d == "2A" || d == "2B"
	case 3:
		return allDigits(d) && d >= "971" && d <= "976"
	}
	return false
}
