package engine_test

import (
	"testing"
	"time"

	"github.com/repetition-demarches/repetition/server/engine"
)

// The two one-liners of the guide: a window "du 28 au 15 du mois suivant"
// as a step's condition, and "moins d'un mois après la date d'achat" as a
// check, each evaluated against the injected clock.
func TestDateFunctionsOneLiners(t *testing.T) {
	p := parseProc(t, `values:
  ouvert: day(today()) >= 28 or day(today()) <= 15
  fin_du_mois: formatDate(lastOfMonth(today()))
  premier: formatDate(firstOfMonth(today()))
  dans_trois_jours: formatDate(addDays(today(), 3))
  jour: weekday(today())
  nom_du_jour: dayName(today())
  noel: formatDate(date(year(today()), 12, 25))
steps:
  - id: ferme
    title: Le service est fermé
    when: not (day(today()) >= 28 or day(today()) <= 15)
    exit: true
  - id: achat
    title: "Votre achat, au plus tard le ${ formatDate(addDays(today(), -1)) }"
    fields:
      - {id: date_achat, type: date, label: Date d'achat, past: true}
    checks:
      - id: trop_tard
        rule: today() <= addMonths(date_achat, 1)
        field: date_achat
        message: La demande doit être faite moins d'un mois après la date d'achat.
`)
	day := func(y int, m time.Month, d int) func() time.Time {
		return func() time.Time { return time.Date(y, m, d, 9, 0, 0, 0, time.UTC) }
	}
	for _, tc := range []struct {
		now  func() time.Time
		open bool
	}{
		{day(2026, 11, 27), false},
		{day(2026, 11, 28), true},
		{day(2026, 12, 31), true},
		{day(2027, 1, 15), true},
		{day(2027, 1, 16), false},
	} {
		e := &engine.Engine{Now: tc.now}
		ev := e.Eval(p, e.Start(p, ""))
		if err := ev.Err(); err != nil {
			t.Fatal(err)
		}
		if got := ev.Value("ouvert"); got != tc.open {
			t.Errorf("%s: ouvert = %v, want %v", tc.now().Format(time.DateOnly), got, tc.open)
		}
		if got := !ev.StepVisible(p.Steps[0]); got != tc.open {
			t.Errorf("%s: the step ferme is hidden = %v, want %v", tc.now().Format(time.DateOnly), got, tc.open)
		}
	}

	// Sunday 22 November 2026.
	e := testEngine()
	ev := e.Eval(p, e.Start(p, ""))
	for name, want := range map[string]any{
		"fin_du_mois": "30/11/2026", "premier": "01/11/2026", "dans_trois_jours": "25/11/2026",
		"jour": 7, "nom_du_jour": "dimanche", "noel": "25/12/2026",
	} {
		if got := ev.Value(name); got != want {
			t.Errorf("%s = %#v, want %#v", name, got, want)
		}
	}
	if got, want := ev.Text(p.Steps[1].Title), "Votre achat, au plus tard le 21/11/2026"; got != want {
		t.Errorf("title = %q, want %q", got, want)
	}

	for raw, want := range map[string]bool{"22/10/2026": true, "21/10/2026": false, "01/11/2026": true} {
		e := testEngine()
		issues, _ := e.Post(p, e.Start(p, ""), p.Steps[1], map[string]string{"date_achat": raw})
		if got := len(issues) == 0; got != want {
			t.Errorf("bought on %s, today 22/11/2026: accepted = %v (%v), want %v", raw, got, issues, want)
		}
	}
}

// A profile's answer computes its date with the same functions.
func TestDateFunctionsInProfiles(t *testing.T) {
	p := parseProc(t, `steps:
  - {id: s, title: S, fields: [{id: achat, type: date, label: Date d'achat}]}
profiles:
  - {id: a, name: A, story: S., answers: {achat: "${ formatDate(addDays(lastOfMonth(addMonths(today(), -1)), 0)) }"}}
`)
	e := testEngine()
	if got := e.Start(p, "a").Answers["achat"]; got != "31/10/2026" {
		t.Fatalf("computed answer = %q, want 31/10/2026", got)
	}
}
