package engine_test

import (
	"strings"
	"testing"

	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/procedure"
)

func TestIdentifierTypes(t *testing.T) {
	cases := []struct {
		field, raw, key, stored string
	}{
		{`{id: x, type: iban, label: I}`, "fr76 3000 6000 0112 3456 7890 189", "", "FR7630006000011234567890189"},
		{`{id: x, type: iban, label: I}`, "FR76 3000 6000 0112 3456 7890 188", "key", ""},
		{`{id: x, type: iban, label: I}`, "FR76 3000", "format", ""},
		{`{id: x, type: numero_fiscal, label: N}`, "30 23 217 600 053", "", "3023217600053"},
		{`{id: x, type: numero_fiscal, label: N}`, "3023217600054", "key", ""},
		{`{id: x, type: reference_avis, label: R}`, "23 ab cdefghijk", "", ""},
		{`{id: x, type: neph, label: N}`, "1508 3320 0011", "", ""},
		{`{id: x, type: neph, label: N}`, "15083320001", "format", ""},
		{`{id: x, type: plate, label: P}`, "ab123cd", "", ""},
		{`{id: x, type: plate, label: P}`, "AB-123-SS", "format", ""},
		{`{id: x, type: formule, label: F}`, "2019ck12345", "", ""},
		{`{id: x, type: formule, label: F}`, "19CK1234", "format", ""},
	}
	for _, tc := range cases {
		p := oneField(t, tc.field)
		e := testEngine()
		a := e.Start(p, "")
		issues, ev := e.Post(p, a, p.Steps[0], map[string]string{"x": tc.raw})
		got := ""
		if len(issues) > 0 {
			got = issues[0].Key
		}
		if got != tc.key {
			t.Errorf("%s %q: key %q, want %q", tc.field, tc.raw, got, tc.key)
		}
		if tc.stored != "" && ev.Value("x") != tc.stored {
			t.Errorf("%s %q: value %v, want %q", tc.field, tc.raw, ev.Value("x"), tc.stored)
		}
	}
}

func TestMinAge(t *testing.T) {
	p := oneField(t, `{id: x, type: date, label: Né le, min_age: 18}`)
	for raw, want := range map[string]string{"22/11/2008": "", "23/11/2008": "min_age", "01/01/1990": ""} {
		e := testEngine()
		issues, _ := e.Post(p, e.Start(p, ""), p.Steps[0], map[string]string{"x": raw})
		got := ""
		if len(issues) > 0 {
			got = issues[0].Key
			if issues[0].Args["Min"] != 18 {
				t.Errorf("min_age args: %v", issues[0].Args)
			}
		}
		if got != want {
			t.Errorf("born %s, today 22/11/2026: key %q, want %q", raw, got, want)
		}
	}
}

func TestFileField(t *testing.T) {
	p := oneField(t, `{id: x, type: file, label: Devis, accept: [pdf, jpg], max_size: 2}`)
	cases := []struct{ raw, key string }{
		{engine.FileAnswer("devis.PDF", 150_000), ""},
		{engine.FileAnswer("photo.jpeg", 1_999_999), ""},
		{engine.FileAnswer("photo.heic", 1000), "file_type"},
		{engine.FileAnswer("scan.pdf", 2_000_001), "file_size"},
		{engine.FileAnswer(`C:\Users\moi\devis.pdf`, 10), ""},
		{"", "required"},
	}
	for _, tc := range cases {
		e := testEngine()
		issues, _ := e.Post(p, e.Start(p, ""), p.Steps[0], map[string]string{"x": tc.raw})
		got := ""
		if len(issues) > 0 {
			got = issues[0].Key
		}
		if got != tc.key {
			t.Errorf("%q: key %q, want %q", tc.raw, got, tc.key)
		}
	}
	// A post without a new file keeps the one sent before; the review shows name and size.
	e := testEngine()
	a := e.Start(p, "")
	e.Post(p, a, p.Steps[0], map[string]string{"x": engine.FileAnswer(`C:\docs\devis.pdf`, 245_760)})
	if issues, _ := e.Post(p, a, p.Steps[0], map[string]string{}); len(issues) > 0 {
		t.Fatalf("re-posting without a file lost it: %v", issues)
	}
	rows := e.Eval(p, a).Review()[0].Rows
	if rows[0].Value != "devis.pdf (246\u00a0Ko)" {
		t.Errorf("review shows %q", rows[0].Value)
	}
}

func TestExitStep(t *testing.T) {
	p := parseProc(t, `steps:
  - id: logement
    title: Votre logement
    fields:
      - {id: age, type: number, label: Âge du logement}
  - id: trop_recent
    title: Votre logement est trop récent
    when: age < 15
    exit: true
    intro: Les logements de moins de 15 ans ne sont pas concernés.
  - id: fin
    title: Fin
    fields:
      - {id: nom, type: text, label: Nom}
scenarios:
  - name: Trop récent
    answers: {age: 3, nom: X}
    expect: {reaches: trop_recent}
  - name: Assez ancien
    answers: {age: 30, nom: X}
    expect: {reaches: receipt}
`)
	for _, sc := range p.Scenarios {
		out, err := testEngine().Play(p, sc)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range engine.Mismatches(sc, out) {
			t.Errorf("%s: %s", sc.Name, m)
		}
	}
	e := testEngine()
	a := e.Start(p, "")
	e.Post(p, a, p.Steps[0], map[string]string{"age": "3"})
	ev := e.Eval(p, a)
	if st := ev.FirstIncomplete(); st == nil || st.ID != "trop_recent" {
		t.Fatalf("first incomplete = %v, want the exit", st)
	}
	e.Post(p, a, p.Step("trop_recent"), nil)
	if e.Eval(p, a).FirstIncomplete().ID != "trop_recent" || e.Submit(p, a) != engine.ErrIncomplete {
		t.Fatal("an exit step let the learner through")
	}
	if e.Eval(p, a).MayOpen(p.Step("fin")) {
		t.Fatal("the step after an exit opens")
	}
}

func TestExitStepCannotHaveFields(t *testing.T) {
	_, problems := procedure.Parse("essai.yaml", []byte(head+`steps:
  - id: x
    title: X
    exit: true
    fields:
      - {id: a, type: text, label: A}
`))
	if len(problems) != 1 || !strings.Contains(problems[0].Text("en"), "exit step") {
		t.Fatalf("problems = %v", problems)
	}
}

func TestAlnumReceiptNumber(t *testing.T) {
	doc := strings.Replace(head, "T-${ year(today()) }-${ digits(4) }", "${ alnum(10) }", 1) +
		"steps:\n  - {id: s, title: S, fields: [{id: a, type: text, label: A}]}\n"
	p, problems := procedure.Parse("essai.yaml", []byte(doc))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	e := testEngine()
	a := e.Start(p, "")
	e.Post(p, a, p.Steps[0], map[string]string{"a": "x"})
	if err := e.Submit(p, a); err != nil {
		t.Fatal(err)
	}
	n := a.Receipt.Number
	if len(n) != 10 || strings.ContainsAny(n, "IOabcdefghijklmnopqrstuvwxyz") {
		t.Fatalf("alnum(10) gave %q", n)
	}
}

func TestComputedAnswers(t *testing.T) {
	p := parseProc(t, `steps:
  - {id: s, title: S, fields: [{id: ct, type: date, label: Contrôle technique, past: true}]}
profiles:
  - {id: a, name: A, story: S., answers: {ct: "${ formatDate(addMonths(today(), -2)) }"}}
scenarios:
  - {name: Demain est refusé, profile: a, answers: {ct: "${ formatDate(addMonths(today(), 1)) }"}, expect: {stays_on: s, errors: {ct: past}}}
  - {name: Il y a deux mois, profile: a, expect: {reaches: receipt}}
`)
	e := testEngine()
	if got := e.Start(p, "a").Answers["ct"]; got != "22/09/2026" {
		t.Fatalf("computed answer = %q, want 22/09/2026", got)
	}
	for _, sc := range p.Scenarios {
		out, err := e.Play(p, sc)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range engine.Mismatches(sc, out) {
			t.Errorf("%s: %s", sc.Name, m)
		}
	}
}

func TestCommuneField(t *testing.T) {
	p := parseProc(t, `steps:
  - id: s
    title: S
    fields:
      - {id: cp, type: postal_code, label: Code postal}
      - {id: ville, type: commune, label: Commune, postal_code: cp}
`)
	cases := []struct{ cp, ville, key string }{
		{"42000", "st etienne", ""},
		{"75011", "PARIS", ""},
		{"10160", "Ailleville", "commune"},
		{"00001", "Paris", "postal_code"},
	}
	for _, tc := range cases {
		e := testEngine()
		issues, _ := e.Post(p, e.Start(p, ""), p.Steps[0], map[string]string{"cp": tc.cp, "ville": tc.ville})
		got := ""
		for _, is := range issues {
			if is.Field == "ville" {
				got = is.Key
				if is.Key == "commune" && !strings.Contains(is.Args["Communes"].(string), "Aix-Villemaur-Pâlis") {
					t.Errorf("the message does not list the code's communes: %v", is.Args)
				}
			}
		}
		if got != tc.key {
			t.Errorf("%s %s: key %q, want %q (issues %v)", tc.cp, tc.ville, got, tc.key, issues)
		}
	}
	if _, problems := procedure.Parse("essai.yaml", []byte(head+"steps:\n  - {id: s, title: S, fields: [{id: v, type: commune, label: V}]}\n")); len(problems) != 1 || !strings.Contains(problems[0].Text("en"), "needs postal_code") {
		t.Errorf("a commune without its postal code: %v", problems)
	}
}

func TestModesAndScore(t *testing.T) {
	p := oneField(t, `{id: x, type: text, label: X, hints: [Aide.]}`)
	e := testEngine()
	a := e.Start(p, "")
	if a.Mode != engine.ModeGuided || !a.ShowsHints(p.Steps[0]) {
		t.Fatal("an attempt starts guided, with hints")
	}
	a.AskHelp(p.Steps[0])
	if a.HintsUsed != 0 {
		t.Error("help is counted only in autonomous mode")
	}
	a.Mode = engine.ModeAutonomous
	if a.ShowsHints(p.Steps[0]) {
		t.Error("autonomous mode shows hints before they are asked for")
	}
	a.AskHelp(p.Steps[0])
	a.AskHelp(p.Steps[0])
	if a.HintsUsed != 1 || !a.ShowsHints(p.Steps[0]) {
		t.Errorf("asking twice on one step: %d uses", a.HintsUsed)
	}
	e.Keep(p, a, p.Steps[0], map[string]string{"x": "brouillon"})
	if a.Answers["x"] != "brouillon" || a.Steps["s"].Done || a.Steps["s"].Failures != 0 {
		t.Error("Keep must store without judging")
	}
	e.Post(p, a, p.Steps[0], map[string]string{"x": ""})
	e.Post(p, a, p.Steps[0], map[string]string{"x": "ok"})
	if err := e.Submit(p, a); err != nil {
		t.Fatal(err)
	}
	if sc := a.Score(); sc.Errors != 1 || sc.HintsUsed != 1 {
		t.Errorf("score %+v", sc)
	}
	a.Mode = engine.ModeExam
	if a.ShowsHints(p.Steps[0]) {
		t.Error("exam mode shows hints")
	}
}

// A refused upload is not attached: the valid file sent before stays, and
// the refusal is still reported.
func TestRefusedUploadKeepsPreviousFile(t *testing.T) {
	p := oneField(t, `{id: x, type: file, label: Devis, accept: [pdf], max_size: 2}`)
	for _, bad := range []struct{ raw, key string }{
		{engine.FileAnswer("photo.heic", 1000), "file_type"},
		{engine.FileAnswer("scan.pdf", 3_000_000), "file_size"},
	} {
		e := testEngine()
		a := e.Start(p, "")
		good := engine.FileAnswer("devis.pdf", 1000)
		e.Post(p, a, p.Steps[0], map[string]string{"x": good})
		issues, _ := e.Post(p, a, p.Steps[0], map[string]string{"x": bad.raw})
		if len(issues) != 1 || issues[0].Key != bad.key {
			t.Errorf("%s: issues %v, want one %s", bad.raw, issues, bad.key)
		}
		if got := a.Answers["x"]; got != good {
			t.Errorf("%s: answer %q after the refusal, want the previous %q", bad.raw, got, good)
		}
		// With no previous file, nothing is attached either.
		b := e.Start(p, "")
		e.Post(p, b, p.Steps[0], map[string]string{"x": bad.raw})
		if got, ok := b.Answers["x"]; ok {
			t.Errorf("%s: refused upload kept as %q", bad.raw, got)
		}
	}
}
