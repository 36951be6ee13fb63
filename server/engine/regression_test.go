package engine_test

import (
	"bytes"

	repetition "github.com/repetition-demarches/repetition"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/procedure"
)

func regEngine(loc *time.Location) *engine.Engine {
	return &engine.Engine{
		Now:    func() time.Time { return time.Date(2026, 11, 22, 10, 30, 0, 0, loc) },
		Random: bytes.NewReader(make([]byte, 64)),
	}
}

// Bug 1: money with cents refused as "format" for ordinary amounts.
func TestMoneyCents(t *testing.T) {
	p := parseProc(t, "steps:\n  - {id: s, title: S, fields: [{id: prix, type: money, label: Prix}]}\n")
	for _, raw := range []string{"19,99", "0,29", "1,15"} {
		e := regEngine(time.UTC)
		a := e.Start(p, "")
		if issues, _ := e.Post(p, a, p.Steps[0], map[string]string{"prix": raw}); len(issues) > 0 {
			t.Errorf("money %q refused: %+v", raw, issues)
		}
	}
}

// Bug 2: today's date refused by past: true when the clock is in France.
func TestPastTodayInParis(t *testing.T) {
	p := parseProc(t, "steps:\n  - {id: s, title: S, fields: [{id: d, type: date, label: D, past: true}]}\n")
	e := regEngine(time.FixedZone("CET", 3600))
	a := e.Start(p, "")
	if issues, _ := e.Post(p, a, p.Steps[0], map[string]string{"d": "22/11/2026"}); len(issues) > 0 {
		t.Errorf("today refused as a past date: %+v", issues)
	}
}

func TestFutureTodayInParis(t *testing.T) {
	p := parseProc(t, "steps:\n  - {id: s, title: S, fields: [{id: d, type: date, label: D, future: true}]}\n")
	e := regEngine(time.FixedZone("CET", 3600))
	a := e.Start(p, "")
	if issues, _ := e.Post(p, a, p.Steps[0], map[string]string{"d": "22/11/2026"}); len(issues) != 1 {
		t.Errorf("today accepted as a future date: %+v", issues)
	}
}

// Bug 3: a repeated yesno loaded, then panicked the engine; it is now refused.
func TestRepeatedYesnoRefused(t *testing.T) {
	_, ps := procedure.Parse("essai.yaml", []byte(head+`steps:
  - id: s
    title: S
    fields:
      - {id: ok, type: yesno, label: OK, repeat: {count: 2, label: "n°${ i }"}}
`))
	if len(ps) != 1 || !strings.Contains(ps[0].Text("en"), "cannot be repeated") {
		t.Errorf("a repeated yesno must be refused, got %v", ps)
	}
}

// Bug 4: problems in a hint written as a mapping say "plain".
func TestHintProblemName(t *testing.T) {
	_, ps := procedure.Parse("essai.yaml", []byte(head+"steps:\n  - {id: s, title: S, hints: [{after: 1, txet: Regardez.}]}\n"))
	for _, p := range ps {
		if strings.Contains(p.Text("en"), "plain") {
			t.Errorf("%v", p)
		}
	}
}

// Bug 5: merge keys and aliases in answers.
func TestMergeKeysInAnswers(t *testing.T) {
	_, ps := procedure.Parse("essai.yaml", []byte(head+`steps:
  - {id: s, title: S, fields: [{id: nom, type: text, label: Nom}, {id: m, type: money, label: M, repeat: {count: 2, label: "${ i }"}}]}
profiles:
  - {id: a, name: A, story: A., answers: &a {nom: Martin, m: &m [1, 2]}}
  - {id: b, name: B, story: B., answers: {<<: *a, nom: Durand}}
  - {id: c, name: C, story: C., answers: {nom: Petit, m: *m}}
`))
	if len(ps) > 0 {
		t.Errorf("merge key or alias in answers refused:\n%v", ps)
	}
}

// Bug 7: a long answer is cut in the middle of a character.
func TestTruncateUTF8(t *testing.T) {
	p := parseProc(t, "steps:\n  - {id: s, title: S, fields: [{id: x, type: textarea, label: X}]}\n")
	e := regEngine(time.UTC)
	a := e.Start(p, "")
	e.Post(p, a, p.Steps[0], map[string]string{"x": "a" + strings.Repeat("é", 1500)})
	if !utf8.ValidString(a.Answers["x"]) {
		t.Errorf("stored answer is not valid UTF-8 (ends %q)", a.Answers["x"][1995:])
	}
}

func TestPostRevealedFieldInSameStep(t *testing.T) {
	p := parseProc(t, `steps:
  - id: s
    title: S
    fields:
      - {id: enfants, type: yesno, label: Enfants}
      - {id: nombre, type: number, label: Combien, when: enfants}
`)
	e := regEngine(time.UTC)
	a := e.Start(p, "")
	if issues, _ := e.Post(p, a, p.Steps[0], map[string]string{"enfants": "oui", "nombre": "2"}); len(issues) > 0 {
		t.Errorf("issues = %+v; answers stored = %v", issues, a.Answers)
	}
}

func TestPlayRevealedFieldInSameStep(t *testing.T) {
	procs, _ := procedure.Load(repetition.Files, "procedures")
	sc := &procedure.Scenario{
		Name:    "Kévin a déménagé",
		Profile: "kevin",
		Answers: procedure.RawAnswers{Map: map[string]string{"changement": "true", "changements": "logement"}},
		Expect:  procedure.Expect{Reaches: procedure.StepReceipt},
	}
	var caf *procedure.Procedure
	for _, p := range procs {
		if p.ID == "caf-declaration-trimestrielle" {
			caf = p
		}
	}
	out, err := regEngine(time.UTC).Play(caf, sc)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range engine.Mismatches(sc, out) {
		t.Error(m)
	}
}
