package engine_test

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/procedure"
)

// head is the metadata every inline procedure below starts with.
const head = `id: essai
title: Essai
organisation: test
summary: Une démarche d'essai.
duration: 5 min
level: débutant
real: {url: "https://example.fr/", compared: 2026-01-01}
receipt:
  title: Enregistré
  number: T-${ year(today()) }-${ digits(4) }
  next: Fin.
`

// parseProc loads an inline procedure; doc is appended to head.
func parseProc(tb testing.TB, doc string) *procedure.Procedure {
	tb.Helper()
	p, problems := procedure.Parse("essai.yaml", []byte(head+doc))
	if len(problems) > 0 {
		tb.Fatalf("inline procedure does not load:\n%v\n%s", problems, head+doc)
	}
	return p
}

// play plays scenario sc and reports how it differs from what it expects.
func play(tb testing.TB, e *engine.Engine, p *procedure.Procedure, sc *procedure.Scenario) engine.Outcome {
	tb.Helper()
	o, err := e.Play(p, sc)
	if err != nil {
		tb.Fatalf("%s: %v", sc.Name, err)
	}
	if m := engine.Mismatches(sc, o); len(m) > 0 {
		tb.Errorf("%s: %v", sc.Name, m)
	}
	return o
}

// playAll plays every scenario of p.
func playAll(tb testing.TB, e *engine.Engine, p *procedure.Procedure) {
	tb.Helper()
	for _, sc := range p.Scenarios {
		play(tb, e, p, sc)
	}
}

// oneField is a procedure of one step holding one field, written as a YAML flow mapping.
func oneField(tb testing.TB, field string) *procedure.Procedure {
	return parseProc(tb, "steps:\n  - id: s\n    title: S\n    fields:\n      - "+field+"\n")
}

func sameValue(got, want any) bool {
	if w, ok := want.(time.Time); ok {
		g, ok := got.(time.Time)
		return ok && g.Equal(w)
	}
	return reflect.DeepEqual(got, want)
}

func TestPostFieldValidation(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	is := func(key string) []engine.Issue { return []engine.Issue{{Field: "x", Key: key}} }
	withArgs := func(key string, args map[string]any) []engine.Issue {
		return []engine.Issue{{Field: "x", Key: key, Args: args}}
	}
	const (
		money     = `{id: x, type: money, label: M}`
		noCents   = `{id: x, type: money, label: M, cents: false}`
		number    = `{id: x, type: number, label: N}`
		date      = `{id: x, type: date, label: D}`
		past      = `{id: x, type: date, label: D, past: true}`
		future    = `{id: x, type: date, label: D, future: true}`
		yesno     = `{id: x, type: yesno, label: Y}`
		radio     = `{id: x, type: radio, label: R, options: [{value: a, label: A}, {value: b, label: B}]}`
		boxes     = `{id: x, type: checkbox, label: C, options: [{value: a, label: A}, {value: b, label: B}]}`
		box       = `{id: x, type: checkbox, label: C}`
		text      = `{id: x, type: text, label: T}`
		optional  = `{id: x, type: text, label: T, required: false}`
		nirRefuse = `{id: x, type: nir, label: NIR, provisional: refuse}`
		nirAllow  = `{id: x, type: nir, label: NIR, provisional: allow}`
	)
	tests := []struct {
		name  string
		field string
		raw   string
		want  []engine.Issue
		value any // the typed value, checked when there is no issue
	}{
		{"money whole", money, "1240", nil, 1240.0},
		{"money with thousands space", money, "1 240", nil, 1240.0},
		{"money with narrow no-break space and cents", money, "1\u202f240,50", nil, 1240.5},
		{"money with euro sign", money, "12,50 €", nil, 12.5},
		{"money with one decimal", money, "12,5", nil, 12.5},
		{"money with three decimals", money, "12,345", is("format"), nil},
		{"money letters", money, "douze", is("format"), nil},
		{"money exponent refused", money, "1e3", is("format"), nil},
		{"money negative refused without min", money, "-5", withArgs("min", map[string]any{"Min": "0"}), nil},
		{"money negative allowed by min", `{id: x, type: money, label: M, min: -100}`, "-5", nil, -5.0},
		{"money cents refused when cents false", noCents, "12,50", is("cents"), nil},
		{"money whole accepted when cents false", noCents, "1 240", nil, 1240.0},
		{"money max with args", `{id: x, type: money, label: M, max: 1000}`, "1 000,01", withArgs("max", map[string]any{"Max": "1000"}), nil},
		{"number French decimal", number, "12,5", nil, 12.5},
		{"number thousands", number, "1 240", nil, 1240.0},
		{"number negative", number, "-3", nil, -3.0},
		{"number format", number, "12a", is("format"), nil},
		{"number min with args", `{id: x, type: number, label: N, min: 18}`, "17", withArgs("min", map[string]any{"Min": "18"}), nil},
		{"number at min", `{id: x, type: number, label: N, min: 18}`, "18", nil, 18.0},
		{"number max with decimal args", `{id: x, type: number, label: N, max: 2.5}`, "3", withArgs("max", map[string]any{"Max": "2,5"}), nil},
		{"date dd/mm/yyyy", date, "05/06/2026", nil, day(2026, 6, 5)},
		{"date d/m/yyyy", date, "5/6/2026", nil, day(2026, 6, 5)},
		{"date ISO", date, "2026-06-05", nil, day(2026, 6, 5)},
		{"date impossible day", date, "31/02/2026", is("format"), nil},
		{"date two-digit year", date, "05/06/26", is("format"), nil},
		{"date too old", date, "05/06/1850", is("format"), nil},
		{"past date: yesterday", past, "21/11/2026", nil, day(2026, 11, 21)},
		{"past date: today", past, "22/11/2026", nil, day(2026, 11, 22)},
		{"past date: tomorrow", past, "23/11/2026", is("past"), nil},
		{"future date: today", future, "22/11/2026", is("future"), nil},
		{"future date: tomorrow", future, "2026-11-23", nil, day(2026, 11, 23)},
		{"yesno oui", yesno, "oui", nil, true},
		{"yesno non", yesno, "non", nil, false},
		{"yesno form value", yesno, "true", nil, true},
		{"yesno other", yesno, "peut-être", is("option"), nil},
		{"yesno empty is required", yesno, "", is("required"), nil},
		{"radio known option", radio, "b", nil, "b"},
		{"radio unknown option", radio, "c", is("option"), nil},
		{"checkbox options", boxes, "a,b", nil, []string{"a", "b"}},
		{"checkbox unknown option", boxes, "a,z", is("option"), nil},
		{"checkbox options none ticked", boxes, "", is("required"), nil},
		{"single checkbox ticked", box, "on", nil, true},
		{"single checkbox not ticked", box, "", is("required"), nil},
		{"text required empty", text, "", is("required"), nil},
		{"text required blank", text, "   ", is("required"), nil},
		{"text optional empty", optional, "", nil, ""},
		{"text trimmed", text, "  Martin ", nil, "Martin"},
		{"text min_length args", `{id: x, type: text, label: T, min_length: 3}`, "ab", withArgs("min_length", map[string]any{"Min": 3}), nil},
		{"text max_length args", `{id: x, type: text, label: T, max_length: 4}`, "abcde", withArgs("max_length", map[string]any{"Max": 4}), nil},
		{"text pattern", `{id: x, type: text, label: T, pattern: "[A-Z]{2}"}`, "ab", is("pattern"), nil},
		{"text pattern whole match", `{id: x, type: text, label: T, pattern: "[A-Z]{2}"}`, "ABC", is("pattern"), nil},
		{"author's message", `{id: x, type: text, label: T, messages: {required: Saisissez X.}}`, "", []engine.Issue{{Field: "x", Key: "required", Text: "Saisissez X."}}, nil},
		{"nir", nirRefuse, "1 95 03 69 123 456", nil, "1950369123456"},
		{"nir provisional refused", nirRefuse, "7 98 04 99 352 014", is("provisional"), nil},
		{"nir provisional allowed", nirAllow, "7 98 04 99 352 014", nil, "7980499352014"},
		{"nir with key refused when without key", nirRefuse, "1 95 03 69 123 456 78", is("with_key"), nil},
		{"postal code", `{id: x, type: postal_code, label: CP}`, "7500", is("format"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := oneField(t, tt.field)
			e := testEngine()
			a := e.Start(p, "")
			issues, ev := e.Post(p, a, p.Steps[0], map[string]string{"x": tt.raw})
			if !reflect.DeepEqual(issues, tt.want) {
				t.Fatalf("Post(%q) issues = %+v, want %+v", tt.raw, issues, tt.want)
			}
			if err := ev.Err(); err != nil {
				t.Fatal(err)
			}
			if got := a.Steps["s"].Done; got != (tt.want == nil) {
				t.Errorf("step done = %v", got)
			}
			if tt.value != nil {
				if got := ev.Value("x"); !sameValue(got, tt.value) {
					t.Errorf("value = %#v, want %#v", got, tt.value)
				}
			}
		})
	}
}

// TestPostRepeat posts each answer of a repeated field under its own key.
func TestPostRepeat(t *testing.T) {
	p := oneField(t, `{id: x, type: money, label: M, cents: false, repeat: {count: 3, label: "mois ${ i + 1 }"}}`)
	e := testEngine()
	a := e.Start(p, "")
	issues, ev := e.Post(p, a, p.Steps[0], map[string]string{"x.1": "1 240", "x.2": "980,45", "x.4": "7"})
	want := []engine.Issue{{Field: "x.2", Key: "cents"}, {Field: "x.3", Key: "required"}}
	if !reflect.DeepEqual(issues, want) {
		t.Errorf("issues = %+v, want %+v", issues, want)
	}
	// Invalid or missing answers count as 0 in expressions.
	if got, want := ev.Value("x"), []float64{1240, 0, 0}; !reflect.DeepEqual(got, want) {
		t.Errorf("value = %v, want %v", got, want)
	}
	if _, ok := a.Answers["x.4"]; ok {
		t.Errorf("an answer beyond the repeat count was stored: %v", a.Answers)
	}
}

func TestPostStoresAnswers(t *testing.T) {
	p := oneField(t, `{id: x, type: text, label: T, required: false}`)
	e := testEngine()
	a := e.Start(p, "")
	e.Post(p, a, p.Steps[0], map[string]string{"x": "  bonjour  ", "autre": "ignoré"})
	if want := map[string]string{"x": "bonjour"}; !reflect.DeepEqual(a.Answers, want) {
		t.Errorf("answers = %v, want %v (trimmed, unknown keys ignored)", a.Answers, want)
	}
	// A field left out of the post (an unticked box sends nothing) is cleared.
	e.Post(p, a, p.Steps[0], map[string]string{})
	if len(a.Answers) != 0 {
		t.Errorf("answers = %v, want none", a.Answers)
	}
	e.Post(p, a, p.Steps[0], map[string]string{"x": strings.Repeat("a", 5000)})
	if got := len(a.Answers["x"]); got != 2000 {
		t.Errorf("a 5000-byte answer is stored with %d bytes, want 2000", got)
	}
}

// flowProc has a step shown only to couples and a field shown only above a salary.
const flowProc = `
values:
  total: salaire + prime + salaire_conjoint
steps:
  - id: foyer
    title: Foyer
    fields:
      - {id: en_couple, type: yesno, label: "En couple ?"}
      - {id: salaire, type: money, label: Salaire}
      - {id: prime, type: money, label: Prime, when: salaire > 1000, required: false}
  - id: conjoint
    title: Conjoint
    when: en_couple
    fields:
      - {id: salaire_conjoint, type: money, label: Salaire du conjoint}
  - id: fin
    title: Fin
    fields:
      - {id: commentaire, type: text, label: Commentaire, required: false}
`

func TestVisibility(t *testing.T) {
	p := parseProc(t, flowProc)
	e := testEngine()
	a := e.Start(p, "")
	foyer, conjoint := p.Step("foyer"), p.Step("conjoint")

	// The prime appears once the salary is posted, and is answered next.
	e.Post(p, a, foyer, map[string]string{"en_couple": "non", "salaire": "2000"})
	issues, ev := e.Post(p, a, foyer, map[string]string{"en_couple": "non", "salaire": "2000", "prime": "300"})
	if len(issues) > 0 {
		t.Fatalf("issues: %+v", issues)
	}
	if !ev.FieldVisible(p.Field("prime")) || ev.StepVisible(conjoint) || ev.FieldVisible(p.Field("salaire_conjoint")) {
		t.Errorf("prime should be shown, the conjoint step and its field hidden")
	}
	// An answer left in a hidden step does not count.
	a.Answers["salaire_conjoint"] = "5000"
	if got := e.Eval(p, a).Value("total"); got != 2300.0 {
		t.Errorf("total = %v, want 2300", got)
	}

	// Lowering the salary hides the prime: its answer is kept but no longer counts.
	issues, ev = e.Post(p, a, foyer, map[string]string{"en_couple": "non", "salaire": "900", "prime": "300"})
	if len(issues) > 0 {
		t.Fatalf("issues: %+v", issues)
	}
	if ev.FieldVisible(p.Field("prime")) {
		t.Errorf("prime should be hidden")
	}
	if got := ev.Value("total"); got != 900.0 {
		t.Errorf("total = %v, want 900", got)
	}
	if got := ev.Value("prime"); got != 0.0 {
		t.Errorf("hidden prime = %v, want 0", got)
	}
	if a.Answers["prime"] != "300" {
		t.Errorf("the hidden answer should be kept, answers = %v", a.Answers)
	}
	var ids []string
	for _, f := range ev.VisibleFields(foyer) {
		ids = append(ids, f.ID)
	}
	if want := []string{"en_couple", "salaire"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("visible fields = %v, want %v", ids, want)
	}

	// Being in a couple shows the step and counts its answer.
	e.Post(p, a, foyer, map[string]string{"en_couple": "oui", "salaire": "900"})
	ev = e.Eval(p, a)
	if !ev.StepVisible(conjoint) || !ev.FieldVisible(p.Field("salaire_conjoint")) {
		t.Errorf("the conjoint step should be shown")
	}
	if got := ev.Value("total"); got != 5900.0 {
		t.Errorf("total = %v, want 5900", got)
	}
}

// TestHiddenFieldNotValidated: a hidden required field is not asked for.
func TestHiddenFieldNotValidated(t *testing.T) {
	p := parseProc(t, `
steps:
  - id: s
    title: S
    fields:
      - {id: enfants, type: yesno, label: "Enfants ?"}
      - {id: nombre, type: number, label: "Combien ?", when: enfants, min: 1}
`)
	e := testEngine()
	s := p.Step("s")
	tests := []struct {
		form map[string]string
		want []engine.Issue
	}{
		{map[string]string{"enfants": "non"}, nil},
		{map[string]string{"enfants": "non", "nombre": "0"}, nil},
		{map[string]string{"enfants": "oui"}, []engine.Issue{{Field: "nombre", Key: "required"}}},
		{map[string]string{"enfants": "oui", "nombre": "0"}, []engine.Issue{{Field: "nombre", Key: "min", Args: map[string]any{"Min": "1"}}}},
		{map[string]string{"enfants": "oui", "nombre": "2"}, nil},
	}
	for _, tt := range tests {
		a := e.Start(p, "")
		// Post reads the fields visible before the change: post twice as a
		// learner does when a question appears.
		e.Post(p, a, s, tt.form)
		issues, _ := e.Post(p, a, s, tt.form)
		if !reflect.DeepEqual(issues, tt.want) {
			t.Errorf("%v: issues = %+v, want %+v", tt.form, issues, tt.want)
		}
	}
}

func stepIDs(steps ...*procedure.Step) []string {
	out := make([]string, len(steps))
	for i, s := range steps {
		out[i] = "<nil>"
		if s != nil {
			out[i] = s.ID
		}
	}
	return out
}

func TestFlow(t *testing.T) {
	p := parseProc(t, flowProc)
	e := testEngine()
	a := e.Start(p, "")
	foyer, conjoint, fin := p.Step("foyer"), p.Step("conjoint"), p.Step("fin")

	// state is FirstIncomplete, then MayOpen of each step, then Previous of each step.
	state := func() []any {
		ev := e.Eval(p, a)
		return []any{
			stepIDs(ev.FirstIncomplete()),
			[]bool{ev.MayOpen(foyer), ev.MayOpen(conjoint), ev.MayOpen(fin)},
			stepIDs(ev.Previous(foyer), ev.Previous(conjoint), ev.Previous(fin), ev.LastVisible()),
		}
	}
	steps := []struct {
		name string
		step *procedure.Step
		form map[string]string
		want []any
	}{
		{"start: only the first step opens", nil, nil, []any{
			[]string{"foyer"}, []bool{true, false, false}, []string{"<nil>", "foyer", "foyer", "fin"},
		}},
		{"refused post keeps the step incomplete", foyer, map[string]string{"en_couple": "non"}, []any{
			[]string{"foyer"}, []bool{true, false, false}, []string{"<nil>", "foyer", "foyer", "fin"},
		}},
		{"single: the couple step is skipped", foyer, map[string]string{"en_couple": "non", "salaire": "900"}, []any{
			[]string{"fin"}, []bool{true, false, true}, []string{"<nil>", "foyer", "foyer", "fin"},
		}},
		{"single: done", fin, map[string]string{}, []any{
			[]string{"<nil>"}, []bool{true, false, true}, []string{"<nil>", "foyer", "foyer", "fin"},
		}},
		{"couple: the revealed step becomes the first incomplete", foyer, map[string]string{"en_couple": "oui", "salaire": "900"}, []any{
			[]string{"conjoint"}, []bool{true, true, false}, []string{"<nil>", "foyer", "conjoint", "fin"},
		}},
		{"refused post on the revealed step", conjoint, map[string]string{"salaire_conjoint": "-1"}, []any{
			[]string{"conjoint"}, []bool{true, true, false}, []string{"<nil>", "foyer", "conjoint", "fin"},
		}},
		{"conjoint done: everything is complete", conjoint, map[string]string{"salaire_conjoint": "1500"}, []any{
			[]string{"<nil>"}, []bool{true, true, true}, []string{"<nil>", "foyer", "conjoint", "fin"},
		}},
		{"clearing an answer of a done step makes it incomplete again", foyer, map[string]string{"en_couple": "oui"}, []any{
			[]string{"foyer"}, []bool{true, false, false}, []string{"<nil>", "foyer", "conjoint", "fin"},
		}},
	}
	for _, st := range steps {
		if st.step != nil {
			e.Post(p, a, st.step, st.form)
		}
		if got := state(); !reflect.DeepEqual(got, st.want) {
			t.Errorf("%s:\n got %v\nwant %v", st.name, got, st.want)
		}
	}
	if a.Failures(foyer) != 2 || a.Failures(conjoint) != 1 || a.Failures(fin) != 0 {
		t.Errorf("failures = %d, %d, %d; want 2, 1, 0", a.Failures(foyer), a.Failures(conjoint), a.Failures(fin))
	}
}

// TestComplete: a step done with answers that a later change makes invalid is no longer complete.
func TestComplete(t *testing.T) {
	p := parseProc(t, `
steps:
  - id: un
    title: Un
    fields:
      - {id: debut, type: date, label: Début}
  - id: deux
    title: Deux
    fields:
      - {id: fin, type: date, label: Fin}
    checks:
      - {id: ordre, rule: fin >= debut, field: fin, message: "La fin doit suivre le ${ formatDate(debut) }."}
      - {id: duree, rule: "fin.Sub(debut).Hours() <= 24 * 365", message: Plus d'un an.}
`)
	e := testEngine()
	a := e.Start(p, "")
	un, deux := p.Step("un"), p.Step("deux")
	e.Post(p, a, un, map[string]string{"debut": "01/01/2026"})
	if issues, _ := e.Post(p, a, deux, map[string]string{"fin": "01/02/2026"}); len(issues) > 0 {
		t.Fatalf("issues: %+v", issues)
	}
	if got := e.Eval(p, a).FirstIncomplete(); got != nil {
		t.Fatalf("first incomplete = %s, want none", got.ID)
	}
	e.Post(p, a, un, map[string]string{"debut": "01/03/2026"})
	ev := e.Eval(p, a)
	if got := ev.FirstIncomplete(); got != deux {
		t.Errorf("first incomplete = %v, want deux", stepIDs(got))
	}
	want := []engine.Issue{{Field: "fin", Key: "ordre", Text: "La fin doit suivre le 01/03/2026."}}
	if got := ev.Validate(deux, nil); !reflect.DeepEqual(got, want) {
		t.Errorf("issues = %+v, want %+v", got, want)
	}
	// Checks run only once every field is valid.
	issues, _ := e.Post(p, a, deux, map[string]string{"fin": "bientôt"})
	if want := []engine.Issue{{Field: "fin", Key: "format"}}; !reflect.DeepEqual(issues, want) {
		t.Errorf("issues = %+v, want %+v", issues, want)
	}
	// A check naming no field is reported on the step.
	issues, _ = e.Post(p, a, deux, map[string]string{"fin": "01/06/2027"})
	if want := []engine.Issue{{Field: procedure.StepIssue, Key: "duree", Text: "Plus d'un an."}}; !reflect.DeepEqual(issues, want) {
		t.Errorf("issues = %+v, want %+v", issues, want)
	}
}

func TestSubmit(t *testing.T) {
	p := parseProc(t, flowProc)
	now := time.Date(2026, 11, 22, 10, 30, 0, 0, time.UTC)
	e := &engine.Engine{Now: func() time.Time { return now }, Random: bytes.NewReader([]byte{1, 2, 13, 49, 250})}
	a := e.Start(p, "")
	if err := e.Submit(p, a); !errors.Is(err, engine.ErrIncomplete) || a.Receipt != nil {
		t.Fatalf("Submit of a new attempt = %v, receipt %v; want ErrIncomplete", err, a.Receipt)
	}
	e.Post(p, a, p.Step("foyer"), map[string]string{"en_couple": "non", "salaire": "900"})
	if err := e.Submit(p, a); !errors.Is(err, engine.ErrIncomplete) {
		t.Fatalf("Submit with a step left = %v; want ErrIncomplete", err)
	}
	e.Post(p, a, p.Step("fin"), nil)
	if err := e.Submit(p, a); err != nil {
		t.Fatal(err)
	}
	want := engine.Receipt{Number: "T-2026-1239", Submitted: now, Summary: engine.ResultSummary{Verdict: engine.VerdictNextMode}}
	if a.Receipt == nil || !reflect.DeepEqual(*a.Receipt, want) {
		t.Errorf("receipt = %+v, want %+v", a.Receipt, want)
	}
	if err := e.Submit(p, a); !errors.Is(err, engine.ErrSubmitted) || a.Receipt.Number != want.Number {
		t.Errorf("second Submit = %v, receipt %+v; want ErrSubmitted and the first receipt", err, a.Receipt)
	}
}

const reviewProc = `
steps:
  - id: connexion
    title: Connexion
    review: false
    fields:
      - {id: identifiant, type: text, label: Identifiant}
      - {id: secret, type: password, label: Mot de passe}
  - id: infos
    title: Infos
    fields:
      - {id: nom, type: text, label: Nom}
      - {id: code, type: password, label: Code, required: false}
      - {id: en_couple, type: yesno, label: "En couple ?"}
      - {id: conjoint, type: text, label: Conjoint, when: en_couple}
      - {id: aides, type: checkbox, label: Aides, required: false, options: [{value: apl, label: APL}, {value: rsa, label: RSA}]}
      - {id: situation, type: radio, label: Situation, options: [{value: seul, label: Seul}, {value: couple, label: En couple}]}
      - {id: accord, type: checkbox, label: "J'accepte"}
      - {id: note, type: text, label: Note, required: false}
      - {id: naissance, type: date, label: Née le}
      - {id: enfants, type: number, label: Enfants}
      - id: salaire
        type: money
        label: Salaire de ${ nom }
        repeat: {count: 2, label: "mois ${ i + 1 }"}
profiles:
  - id: kevin
    name: Kévin
    story: Un profil.
    answers:
      identifiant: kevin
      secret: Entrainement2026
      code: "1234"
`

func TestReview(t *testing.T) {
	p := parseProc(t, reviewProc)
	e := testEngine()
	a := e.Start(p, "kevin")
	if issues, _ := e.Post(p, a, p.Step("connexion"), map[string]string{"identifiant": "kevin", "secret": "Entrainement2026"}); len(issues) > 0 {
		t.Fatalf("issues: %+v", issues)
	}
	form := map[string]string{
		"nom": "Dupont", "code": "1234", "en_couple": "non", "conjoint": "Caché",
		"aides": "apl,rsa", "situation": "seul", "accord": "on", "naissance": "2000-01-05",
		"enfants": "1,5", "salaire.1": "1240", "salaire.2": "12,5",
	}
	if issues, _ := e.Post(p, a, p.Step("infos"), form); len(issues) > 0 {
		t.Fatalf("issues: %+v", issues)
	}
	type row struct{ Key, Label, Value, Word string }
	var got []row
	var sections []string
	for _, sec := range e.Eval(p, a).Review() {
		sections = append(sections, sec.Step.ID)
		for _, r := range sec.Rows {
			if r.Field == nil || r.Field != p.Field(fieldOf(r.Key)) {
				t.Errorf("row %s has field %v", r.Key, r.Field)
			}
			got = append(got, row{r.Key, r.Label, r.Value, r.Word})
		}
	}
	if want := []string{"infos"}; !reflect.DeepEqual(sections, want) {
		t.Errorf("sections = %v, want %v (review: false leaves connexion out)", sections, want)
	}
	want := []row{
		{"nom", "Nom", "Dupont", ""},
		{"en_couple", "En couple\u00a0?", "", "no"}, // French spacing is applied at load time
		{"aides", "Aides", "APL, RSA", ""},
		{"situation", "Situation", "Seul", ""},
		{"accord", "J'accepte", "", "yes"},
		{"note", "Note", "", "empty"},
		{"naissance", "Née le", "05/01/2000", ""},
		{"enfants", "Enfants", "1,5", ""},
		{"salaire.1", "Salaire de Dupont — mois 1", "1\u202f240\u00a0€", ""},
		{"salaire.2", "Salaire de Dupont — mois 2", "12,50\u00a0€", ""},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows:\n got %q\nwant %q", got, want)
	}
}

func fieldOf(key string) string {
	id, _ := engine.RepeatIndex(key)
	return id
}

func TestRepeatIndex(t *testing.T) {
	tests := []struct {
		key  string
		id   string
		want int
	}{
		{"salaire.1", "salaire", 0},
		{"salaire.12", "salaire", 11},
		{"nom", "nom", -1},
		{"nom.x", "nom", -1},
	}
	for _, tt := range tests {
		if id, i := engine.RepeatIndex(tt.key); id != tt.id || i != tt.want {
			t.Errorf("RepeatIndex(%q) = %q, %d; want %q, %d", tt.key, id, i, tt.id, tt.want)
		}
	}
}

func TestDisplayInvalidAnswer(t *testing.T) {
	p := reviewProcParsed(t)
	ev := testEngine().Eval(p, testEngine().Start(p, ""))
	tests := []struct {
		field, raw  string
		value, word string
	}{
		{"enfants", "douze", "douze", ""},
		{"salaire", "-3", "-3", ""},
		{"situation", "autre", "autre", ""},
		{"en_couple", "oui", "", "yes"},
		{"nom", "", "", "empty"},
	}
	for _, tt := range tests {
		if v, w := ev.Display(p.Field(tt.field), tt.raw); v != tt.value || w != tt.word {
			t.Errorf("Display(%s, %q) = %q, %q; want %q, %q", tt.field, tt.raw, v, w, tt.value, tt.word)
		}
	}
}

func reviewProcParsed(t *testing.T) *procedure.Procedure { return parseProc(t, reviewProc) }

func TestPasswordsNeverStored(t *testing.T) {
	p := parseProc(t, reviewProc)
	e := testEngine()
	a := e.Start(p, "kevin")
	if want := map[string]string{"identifiant": "kevin"}; !reflect.DeepEqual(a.Answers, want) {
		t.Errorf("Start answers = %v, want %v (no password from the profile)", a.Answers, want)
	}
	connexion := p.Step("connexion")
	issues, ev := e.Post(p, a, connexion, map[string]string{"identifiant": "kevin"})
	if want := []engine.Issue{{Field: "secret", Key: "required"}}; !reflect.DeepEqual(issues, want) {
		t.Errorf("issues without the password = %+v, want %+v", issues, want)
	}
	if ev.FirstIncomplete() != connexion {
		t.Errorf("the login step should still be to do")
	}
	issues, ev = e.Post(p, a, connexion, map[string]string{"identifiant": "kevin", "secret": "Entrainement2026"})
	if len(issues) > 0 {
		t.Fatalf("issues: %+v", issues)
	}
	for k, v := range a.Answers {
		if k == "secret" || strings.Contains(v, "Entrainement") {
			t.Errorf("password stored in answers: %s=%q", k, v)
		}
	}
	// The step stays complete although its password is forgotten.
	if got := ev.FirstIncomplete(); got != p.Step("infos") {
		t.Errorf("first incomplete = %v, want infos", stepIDs(got))
	}
	if ev.Value("secret") != nil {
		t.Errorf("a password has a value in expressions: %v", ev.Value("secret"))
	}
	e.Post(p, a, p.Step("infos"), map[string]string{"code": "9876"})
	if _, ok := a.Answers["code"]; ok {
		t.Errorf("optional password stored: %v", a.Answers)
	}
}

func TestAttemptClone(t *testing.T) {
	a := &engine.Attempt{
		Procedure: "essai",
		Profile:   "kevin",
		Answers:   map[string]string{"nom": "Martin"},
		Steps:     map[string]engine.StepState{"s": {Done: true, Failures: 1}},
		Started:   time.Date(2026, 11, 22, 10, 30, 0, 0, time.UTC),
		Receipt:   &engine.Receipt{Number: "T-1"},
		Login:     &engine.Login{Email: "a@exemple.fr", Passed: true},
	}
	c := a.Clone()
	if !reflect.DeepEqual(a, c) {
		t.Fatalf("clone differs: %+v vs %+v", c, a)
	}
	c.Answers["nom"] = "Durand"
	c.Answers["age"] = "31"
	c.Steps["s"] = engine.StepState{Failures: 5}
	c.Receipt.Number = "T-2"
	c.Login.Email, c.Login.Passed = "b@exemple.fr", false
	c.Profile = "amina"
	want := &engine.Attempt{
		Procedure: "essai",
		Profile:   "kevin",
		Answers:   map[string]string{"nom": "Martin"},
		Steps:     map[string]engine.StepState{"s": {Done: true, Failures: 1}},
		Started:   a.Started,
		Receipt:   &engine.Receipt{Number: "T-1"},
		Login:     &engine.Login{Email: "a@exemple.fr", Passed: true},
	}
	if !reflect.DeepEqual(a, want) {
		t.Errorf("changing the clone changed the original: %+v", a)
	}
	empty := (&engine.Attempt{}).Clone()
	if empty.Receipt != nil || empty.Answers != nil || empty.Login != nil {
		t.Errorf("clone of an empty attempt = %+v", empty)
	}
}

// TestFailures: every refused post counts, so that hints escalate; a
// successful post confirms the step without forgetting them.
func TestFailures(t *testing.T) {
	p := oneField(t, `{id: x, type: number, label: N, hints: [Un nombre., {after: 2, text: Des chiffres seulement.}]}`)
	e := testEngine()
	a := e.Start(p, "")
	s := p.Steps[0]
	tests := []struct {
		raw      string
		failures int
		done     bool
	}{
		{"", 1, false},
		{"douze", 2, false},
		{"12", 2, true},
		{"treize", 3, false},
		{"13", 3, true},
	}
	for _, tt := range tests {
		e.Post(p, a, s, map[string]string{"x": tt.raw})
		if got := a.Failures(s); got != tt.failures || a.Steps["s"].Done != tt.done {
			t.Errorf("after %q: failures %d, done %v; want %d, %v", tt.raw, got, a.Steps["s"].Done, tt.failures, tt.done)
		}
	}
	hints := p.Field("x").Hints
	if len(hints) != 2 || hints[0].After != 0 || hints[1].After != 2 || hints[1].Text.Source != "Des chiffres seulement." {
		t.Errorf("hints = %+v", hints)
	}
}

func TestStartProfile(t *testing.T) {
	p := parseProc(t, reviewProc)
	e := testEngine()
	a := e.Start(p, "personne")
	if a.Profile != "" || len(a.Answers) != 0 || a.Procedure != "essai" {
		t.Errorf("unknown profile: %+v", a)
	}
	if !a.Started.Equal(e.Now()) {
		t.Errorf("started = %v", a.Started)
	}
	b := e.Start(p, "kevin")
	b.Answers["nom"] = "x"
	if _, ok := p.Profile("kevin").Answers.Map["nom"]; ok {
		t.Errorf("Start shares its answers with the profile")
	}
}

// TestProgress: the current step, the time it has lasted and the errors by
// field follow the learner's posts, for the mediator's dashboard and report.
func TestProgress(t *testing.T) {
	p := parseProc(t, flowProc)
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	e := &engine.Engine{Now: func() time.Time { return now }}
	a := e.Start(p, "")
	if a.Current != "foyer" || !a.Since.Equal(now) {
		t.Fatalf("start: current %q since %v", a.Current, a.Since)
	}
	foyer, conjoint, fin := p.Step("foyer"), p.Step("conjoint"), p.Step("fin")
	now = now.Add(time.Minute)
	e.Post(p, a, foyer, map[string]string{"en_couple": "oui"})
	e.Post(p, a, foyer, map[string]string{"en_couple": "oui", "salaire": "-3"})
	if got := a.Steps["foyer"].Errors; !reflect.DeepEqual(got, map[string]int{"salaire": 2}) {
		t.Errorf("errors by field = %v", got)
	}
	if a.Current != "foyer" || a.Steps["foyer"].Spent != 0 {
		t.Errorf("refused posts moved the learner: %q, spent %v", a.Current, a.Steps["foyer"].Spent)
	}
	now = now.Add(2 * time.Minute)
	e.Post(p, a, foyer, map[string]string{"en_couple": "oui", "salaire": "900"})
	if a.Current != "conjoint" || !a.Since.Equal(now) || a.Steps["foyer"].Spent != 3*time.Minute {
		t.Errorf("accepted: current %q since %v spent %v", a.Current, a.Since, a.Steps["foyer"].Spent)
	}
	// Going back to an earlier step changes neither the current step nor its time.
	now = now.Add(time.Minute)
	e.Post(p, a, foyer, map[string]string{"en_couple": "oui", "salaire": "950"})
	if a.Current != "conjoint" || a.Steps["foyer"].Spent != 3*time.Minute {
		t.Errorf("back: current %q spent %v", a.Current, a.Steps["foyer"].Spent)
	}
	e.Post(p, a, conjoint, map[string]string{"salaire_conjoint": "1500"})
	e.Post(p, a, fin, map[string]string{})
	if a.Current != "" || a.Steps["conjoint"].Spent != time.Minute {
		t.Errorf("end: current %q, conjoint spent %v", a.Current, a.Steps["conjoint"].Spent)
	}
	c := a.Clone()
	c.Steps["foyer"].Errors["salaire"] = 99
	if a.Steps["foyer"].Errors["salaire"] != 2 {
		t.Errorf("a clone shares the error counts")
	}
}
