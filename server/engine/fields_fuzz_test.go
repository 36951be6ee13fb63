package engine

import (
	"testing"
	"time"

	"github.com/repetition-demarches/repetition/server/procedure"
)

// FuzzDateRules feeds any text to a date field with every date rule: it
// never panics, and an accepted date written back as JJ/MM/AAAA is
// accepted again as the same day.
func FuzzDateRules(f *testing.F) {
	for _, s := range []string{"05/06/2026", "5/6/2026", "2026-06-05", "31/02/2026", "29/02/2024", "00/00/0000", "12/12/12", "", "aujourd'hui", "01/01/1899"} {
		f.Add(s)
	}
	today := time.Date(2026, 11, 22, 0, 0, 0, 0, time.FixedZone("CET", 3600))
	fields := []*procedure.Field{
		{ID: "d", Type: "date"},
		{ID: "d", Type: "date", Past: true},
		{ID: "d", Type: "date", Future: true},
		{ID: "d", Type: "date", Past: true, MinAge: 18},
	}
	f.Fuzz(func(t *testing.T, raw string) {
		for _, fd := range fields {
			v, key := parse(fd, raw, today)
			if key != "" || v == nil {
				continue
			}
			d := v.(time.Time)
			again, key2 := parse(fd, d.Format("02/01/2006"), today)
			if key2 != "" || !again.(time.Time).Equal(d) {
				t.Fatalf("%q accepted as %v, but %v gives %v %q", raw, d, d.Format("02/01/2006"), again, key2)
			}
			if fd.Past && d.After(today) || fd.Future && !d.After(today) {
				t.Fatalf("%q accepted against its rule: %v", raw, d)
			}
			if fd.MinAge > 0 && d.AddDate(fd.MinAge, 0, 0).After(today) {
				t.Fatalf("%q accepted though younger than %d", raw, fd.MinAge)
			}
		}
	})
}
