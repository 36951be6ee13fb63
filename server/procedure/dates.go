package procedure

import "time"

var dayNames = [...]string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}

// dateFunctions are the calendar functions an author computes with: "open
// from the 28th to the 15th of the next month" is
// `day(today()) >= 28 || day(today()) <= 15`. today is the injected clock;
// date() builds days in its time zone so that they compare with it.
func dateFunctions(today func() time.Time) map[string]any {
	return map[string]any{
		// day is t's day of the month, 1 to 31.
		"day": func(t time.Time) int { return t.Day() },
		// month is t's month as a number, 1 to 12.
		"month": func(t time.Time) int { return int(t.Month()) },
		// weekday is t's day of the week the French way: 1 is Monday, 7 Sunday.
		"weekday": func(t time.Time) int { return (int(t.Weekday())+6)%7 + 1 },
		// dayName is the French name of t's weekday: "lundi".
		"dayName": func(t time.Time) string { return dayNames[t.Weekday()] },
		// addDays moves t by n days (n may be negative).
		"addDays": func(t time.Time, n int) time.Time { return t.AddDate(0, 0, n) },
		// date is the day year-month-day; a day past the month's end rolls
		// over, as time.Date does (date(2026, 2, 30) is 2 March).
		"date": func(year, month, day int) time.Time {
			return time.Date(year, time.Month(month), day, 0, 0, 0, 0, today().Location())
		},
		// firstOfMonth is the first day of t's month.
		"firstOfMonth": FirstOfMonth,
		// lastOfMonth is the last day of t's month.
		"lastOfMonth": func(t time.Time) time.Time { return FirstOfMonth(t).AddDate(0, 1, -1) },
	}
}

// FirstOfMonth is the first day of t's month, at midnight.
func FirstOfMonth(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, t.Location())
}
