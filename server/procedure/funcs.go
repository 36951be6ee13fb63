package procedure

import (
	"strconv"
	"strings"
	"time"
)

var monthNames = [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}

// Functions returns the functions that expressions may call, besides
// expr-lang's built-ins. The clock and the random digits are injected so
// that tests and scenarios give the same result every run.
func Functions(today func() time.Time, digits func(n int) string) map[string]any {
	fns := map[string]any{
		// alnum returns n random capital letters and digits (an ANTS
		// pré-demande number), made from the injected random digits.
		"alnum": func(n int) string { return alnum(digits(2 * n)) },
		// today is the current day, from the injected clock.
		"today": today,
		// digits returns n random digits, for dossier numbers.
		"digits": digits,
		// addMonths moves t by n months, keeping the day when the month has it.
		"addMonths": AddMonths,
		// monthName is the French name of t's month: "juin".
		"monthName": func(t time.Time) string { return monthNames[t.Month()-1] },
		// monthYear is "juin 2026".
		"monthYear": func(t time.Time) string { return monthNames[t.Month()-1] + " " + strconv.Itoa(t.Year()) },
		// year is t's year as a number.
		"year": func(t time.Time) int { return t.Year() },
		// formatDate writes t as the French sites do: 05/06/2026.
		"formatDate": func(t time.Time) string { return t.Format("02/01/2006") },
		// euros writes an amount with a thin space between thousands: "1 240 €".
		// It takes any number: 86 and 86.0 are the same amount to an author.
		"euros": func(n any) string { return FormatEuros(Number(n)) },
	}
	for name, fn := range dateFunctions(today) {
		fns[name] = fn
	}
	return fns
}

// alnum turns pairs of random digits into characters among 0-9 and A-Z
// without I and O, which people misread.
func alnum(pairs string) string {
	const set = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"
	out := make([]byte, len(pairs)/2)
	for i := range out {
		n := int(pairs[2*i]-'0')*10 + int(pairs[2*i+1]-'0')
		out[i] = set[n%len(set)]
	}
	return string(out)
}

// Number reads any numeric value as a float64 (0 for anything else):
// expressions mix whole numbers (86) and decimals (54.95) freely.
func Number(v any) float64 {
	switch n := v.(type) {
	case float64:
		return n
	case float32:
		return float64(n)
	case int:
		return float64(n)
	case int64:
		return float64(n)
	case int32:
		return float64(n)
	case uint:
		return float64(n)
	case uint64:
		return float64(n)
	}
	return 0
}

// AddMonths moves t by n months; a day missing in the target month becomes
// its last day (31 January + 1 month = 28 or 29 February).
func AddMonths(t time.Time, n int) time.Time {
	first := time.Date(t.Year(), t.Month()+time.Month(n), 1, 0, 0, 0, 0, t.Location())
	last := first.AddDate(0, 1, -1).Day()
	return first.AddDate(0, 0, min(t.Day(), last)-1)
}

// FormatEuros writes an amount in the French way: "1 240 €", "12,50 €".
func FormatEuros(n float64) string {
	cents := int64(n*100 + 0.5)
	if n < 0 {
		cents = int64(n*100 - 0.5)
	}
	neg := cents < 0
	if neg {
		cents = -cents
	}
	whole := strconv.FormatInt(cents/100, 10)
	var b strings.Builder
	if neg {
		b.WriteString("-")
	}
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString("\u202f")
		}
		b.WriteRune(r)
	}
	if c := cents % 100; c != 0 {
		b.WriteString("," + strconv.FormatInt(100+c, 10)[1:])
	}
	b.WriteString("\u00a0€")
	return b.String()
}
