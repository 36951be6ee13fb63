package procedure_test

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/repetition-demarches/repetition/server/procedure"
)

// minimal is the smallest procedure exercising steps, a repeated field,
// a profile and a scenario. The cases below edit it; their positions refer
// to these line numbers:
//
//	 1 id            11 step identite   20 step revenus     31 profiles
//	 2 title         14 field nom       23 field mois       32 profile kevin
//	 7 real          17 field age       26 repeat           35 answers
//	10 steps                            27 receipt          39 scenarios
const minimal = `id: essai
title: Essai
organisation: test
summary: Une démarche d'essai.
duration: 5 min
level: débutant
real:
  url: https://example.fr/demarche
  compared: 2026-01-01
steps:
  - id: identite
    title: Identité
    fields:
      - id: nom
        type: text
        label: Nom
      - id: age
        type: number
        label: Âge
  - id: revenus
    title: Revenus
    fields:
      - id: mois
        type: money
        label: Revenus
        repeat: {count: 3, label: "Mois ${ i + 1 }"}
receipt:
  title: Démarche enregistrée
  number: T-${ digits(4) }
  next: C'est fini.
profiles:
  - id: kevin
    name: Kévin
    story: Un profil d'essai.
    answers:
      nom: Martin
      age: 31
      mois: [1, 2, 3]
scenarios:
  - name: Kévin arrive au bout
    profile: kevin
    expect:
      reaches: receipt
`

// edit applies old→new replacements to minimal; each old must occur exactly once.
func edit(t *testing.T, pairs ...string) string {
	t.Helper()
	doc := minimal
	for i := 0; i+1 < len(pairs); i += 2 {
		if n := strings.Count(doc, pairs[i]); n != 1 {
			t.Fatalf("edit: %q occurs %d times in the minimal procedure, want once", pairs[i], n)
		}
		doc = strings.Replace(doc, pairs[i], pairs[i+1], 1)
	}
	return doc
}

// want is one expected problem: its exact position and part of its
// message, in English or in French.
type want struct {
	at  string // file:line:col
	msg string
}

func checkProblems(t *testing.T, got procedure.Problems, wants []want) {
	t.Helper()
	ok := len(got) == len(wants)
	for i := 0; ok && i < len(wants); i++ {
		p := got[i]
		at := fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Column)
		ok = at == wants[i].at && (strings.Contains(p.Text("en"), wants[i].msg) || strings.Contains(p.Text("fr"), wants[i].msg))
	}
	if !ok {
		var b strings.Builder
		for _, w := range wants {
			b.WriteString("\n\t" + w.at + ": …" + w.msg + "…")
		}
		t.Errorf("problems:\n%v\nwant:%s", indent(got), b.String())
	}
}

func indent(ps procedure.Problems) string {
	if len(ps) == 0 {
		return "\t(none)"
	}
	return "\t" + strings.ReplaceAll(ps.In("en"), "\n", "\n\t")
}

func TestParseMinimal(t *testing.T) {
	p, problems := procedure.Parse("essai.yaml", []byte(minimal))
	if len(problems) > 0 {
		t.Fatalf("minimal procedure has problems:\n%v", indent(problems))
	}
	if p.ID != "essai" || p.File != "essai.yaml" || len(p.Steps) != 2 {
		t.Fatalf("got id %q, file %q, %d steps", p.ID, p.File, len(p.Steps))
	}
	if got := p.Real.Compared.Format("2006-01-02"); got != "2026-01-01" {
		t.Errorf("real.compared = %s", got)
	}
	if s := p.Step("revenus"); s == nil || s.Pos != (procedure.Pos{Line: 20, Column: 5}) {
		t.Errorf("step revenus = %+v, want it at 20:5", s)
	}
	f := p.Field("mois")
	if f == nil {
		t.Fatal("field mois not indexed")
	}
	if got, want := f.Keys(), []string{"mois.1", "mois.2", "mois.3"}; !reflect.DeepEqual(got, want) {
		t.Errorf("mois keys = %v, want %v", got, want)
	}
	if f.Pos != (procedure.Pos{Line: 23, Column: 9}) || f.Repeat.Pos != (procedure.Pos{Line: 26, Column: 17}) {
		t.Errorf("field mois at %+v, repeat at %+v", f.Pos, f.Repeat.Pos)
	}
	if !f.IsRequired() || !f.AllowsCents() {
		t.Errorf("defaults: required %v, cents %v; want both true", f.IsRequired(), f.AllowsCents())
	}
	if p.Field("nom").Label.IsStatic() != true || f.Repeat.Label.IsStatic() {
		t.Errorf("label of nom should be static, repeat label of mois should not")
	}
	if f.Repeat.Label.Parts[1].Expr.Program() == nil {
		t.Errorf("repeat label expression not compiled")
	}
	wantAnswers := map[string]string{"nom": "Martin", "age": "31", "mois.1": "1", "mois.2": "2", "mois.3": "3"}
	if got := p.Profile("kevin").Answers.Map; !reflect.DeepEqual(got, wantAnswers) {
		t.Errorf("kevin answers = %v, want %v", got, wantAnswers)
	}
	if p.Profile("nobody") != nil || p.Field("nobody") != nil || p.Step("nobody") != nil {
		t.Errorf("lookups of unknown ids should return nil")
	}
}

func TestParseProblems(t *testing.T) {
	const f = "essai.yaml:"
	tests := []struct {
		name  string
		doc   string   // whole document, when set
		edits []string // old, new… applied to minimal otherwise
		want  []want
	}{
		{
			name:  "invalid YAML syntax",
			edits: []string{"title: Essai", "title: Essai: bis"},
			want:  []want{{f + "2:8", "YAML invalide : la valeur de « title » contient « : »"}},
		},
		{
			name: "empty file",
			doc:  "# nothing yet\n",
			want: []want{{f + "1:1", "the file is empty"}},
		},
		{
			name: "not a mapping",
			doc:  "- id: essai\n",
			want: []want{{f + "1:1", "expected a mapping (key: value lines) for this procedure, found a list"}},
		},
		{
			// The missing "label" is the misspelt key itself: one problem, not two.
			name:  "unknown key with did-you-mean, and the key it should be is missing",
			edits: []string{"label: Nom", "lable: Nom"},
			want: []want{
				{f + "16:9", `unknown key "lable" in field (did you mean "label"?)`},
			},
		},
		{
			name:  "unknown top-level key",
			edits: []string{"summary:", "sumary:"},
			want: []want{
				{f + "4:1", `unknown key "sumary" in procedure (did you mean "summary"?)`},
			},
		},
		{
			name:  "duplicate key",
			edits: []string{"label: Nom\n", "label: Nom\n        label: Nom de famille\n"},
			want:  []want{{f + "17:9", `duplicate key "label"`}},
		},
		{
			name:  "account trap without password rules",
			edits: []string{"receipt:\n", "traps:\n  account: {confirm_email: true}\nreceipt:\n"},
			want:  []want{{f + "28:12", `missing key "password" in account`}},
		},
		{
			name:  "password rules without a length, then with an impossible one",
			edits: []string{"receipt:\n", "traps:\n  account:\n    password: {upper: yes}\n  identity_provider: true\nreceipt:\n"},
			want: []want{
				{f + "29:15", `missing key "min_length" in password`},
				{f + "29:23", `expected true or false, found "yes"`},
			},
		},
		{
			name:  "password min_length out of range",
			edits: []string{"receipt:\n", "traps:\n  account:\n    password:\n      min_length: 100\n      special: true\nreceipt:\n"},
			want:  []want{{f + "30:7", "min_length is the shortest password accepted, between 1 and 64 characters"}},
		},
		{
			name:  "identity provider with no login to stand beside",
			edits: []string{"receipt:\n", "traps:\n  identity_provider: true\nreceipt:\n"},
			want:  []want{{f + "28:3", "identity_provider without account offers the site's own login"}},
		},
		{
			name:  "code after a login step that does not exist",
			edits: []string{"receipt:\n", "traps:\n  sms_code_after: identit\nreceipt:\n"},
			want:  []want{{f + "28:3", `sms_code_after names step "identit", which does not exist (did you mean "identite"?)`}},
		},
		{
			name:  "code after a step without a password",
			edits: []string{"receipt:\n", "traps:\n  sms_code_after: identite\nreceipt:\n"},
			want:  []want{{f + "28:3", `sms_code_after names step "identite", which asks for no password`}},
		},
		{
			name:  "code after the site's own login beside the account trap",
			edits: []string{"type: number\n", "type: password\n", "receipt:\n", "traps:\n  sms_code_after: identite\n  account:\n    password: {min_length: 8}\nreceipt:\n"},
			want:  []want{{f + "28:3", "sms_code_after is for the site's own login step; with account, write sms_code: true in account"}},
		},
		{
			name:  "misspelt trap key",
			edits: []string{"receipt:\n", "traps:\n  identity_provder: true\nreceipt:\n"},
			want:  []want{{f + "28:3", `unknown key "identity_provder" in traps (did you mean "identity_provider"?)`}},
		},
		{
			name:  "list where a string is expected",
			edits: []string{"title: Essai", "title: [Essai]"},
			want:  []want{{f + "2:8", "expected a single value, found a list"}},
		},
		{
			name:  "bool that is not true or false",
			edits: []string{"label: Nom\n", "label: Nom\n        required: maybe\n"},
			want:  []want{{f + "17:19", `expected true or false, found "maybe"`}},
		},
		{
			name:  "number that is not a number",
			edits: []string{"label: Âge\n", "label: Âge\n        min: abc\n"},
			want:  []want{{f + "20:14", `expected a number, found "abc"`}},
		},
		{
			name:  "whole number expected",
			edits: []string{"count: 3", "count: 3.5"},
			want: []want{
				{f + "26:17", "repeat count must be between 1 and 12"},
				{f + "26:25", `expected a whole number, found "3.5"`},
				{f + "38:13", "field mois is asked 0 times, found 3 answers"},
			},
		},
		{
			name:  "date not written YYYY-MM-DD",
			edits: []string{"compared: 2026-01-01", "compared: 01/01/2026"},
			want:  []want{{f + "9:13", `expected a date written YYYY-MM-DD, found "01/01/2026"`}},
		},
		{
			name:  "missing required key",
			edits: []string{"duration: 5 min\n", ""},
			want:  []want{{f + "1:1", `missing key "duration" in procedure`}},
		},
		{
			name:  "real url not https",
			edits: []string{"url: https://", "url: http://"},
			want:  []want{{f + "8:3", "real.url must be the public https:// address"}},
		},
		{
			name:  "duplicate step id",
			edits: []string{"id: revenus", "id: identite"},
			want:  []want{{f + "20:5", `duplicate step id "identite" (first at line 11)`}},
		},
		{
			name:  "reserved step id",
			edits: []string{"id: revenus", "id: review"},
			want:  []want{{f + "20:5", `step id "review" is reserved`}},
		},
		{
			name:  "duplicate field id",
			edits: []string{"label: Âge\n", "label: Âge\n      - {id: nom, type: text, label: Nom}\n"},
			want:  []want{{f + "20:9", `duplicate field id "nom" (first at line 14)`}},
		},
		{
			name:  "unknown field type with suggestion",
			edits: []string{"type: text", "type: txt"},
			want:  []want{{f + "14:9", `field "nom" has unknown type "txt" (did you mean "text"?)`}},
		},
		{
			name:  "unknown message key with suggestion",
			edits: []string{"label: Nom\n", "label: Nom\n        messages: {requried: Saisissez votre nom.}\n"},
			want:  []want{{f + "14:9", `field "nom": unknown message key "requried" (did you mean "required"?)`}},
		},
		{
			name:  "invalid pattern",
			edits: []string{"label: Nom\n", "label: Nom\n        pattern: \"[a-z\"\n"},
			want:  []want{{f + "17:18", "invalid pattern: error parsing regexp: missing closing ]"}},
		},
		{
			name:  "unknown field in a when expression, with did-you-mean",
			edits: []string{"title: Revenus\n", "title: Revenus\n    when: agee >= 18\n"},
			want:  []want{{f + "22:11", `unknown name "agee" in expression "agee >= 18" (did you mean "age"?)`}},
		},
		{
			name:  "type error in an expression",
			edits: []string{"title: Revenus\n", "title: Revenus\n    when: age + \"x\"\n"},
			want:  []want{{f + "22:11", `dans « age + "x" », « + » ne peut pas combiner un nombre (age) et un texte ("x")`}},
		},
		{
			name:  "when that is not a condition",
			edits: []string{"title: Revenus\n", "title: Revenus\n    when: age\n"},
			want:  []want{{f + "22:11", `la condition « age » donne un nombre, pas oui/non : comparez-la, par exemple « age > 0 »`}},
		},
		{
			name:  "unknown name inside ${ } of a label",
			edits: []string{"label: Nom", "label: Nom de ${ nmo }"},
			want:  []want{{f + "16:16", `unknown name "nmo" in expression "nmo" (did you mean "nom"?)`}},
		},
		{
			name:  "no suggestion for a name far from every other",
			edits: []string{"label: Nom", "label: Nom de ${ prenom }"},
			want:  []want{{f + "16:16", `unknown name "prenom" in expression "prenom"`}},
		},
		{
			name:  "unclosed ${",
			edits: []string{"label: Nom", `label: "Nom ${ age"`},
			want:  []want{{f + "16:16", "unclosed ${ in text"}},
		},
		{
			name: "check naming a field of another step",
			edits: []string{"count: 3, label: \"Mois ${ i + 1 }\"}\n", "count: 3, label: \"Mois ${ i + 1 }\"}\n" +
				"    checks:\n      - {id: coherent, rule: age > 0, field: nom, message: Incohérent.}\n"},
			want: []want{{f + "28:9", `check "coherent" names field "nom", which is not a field of step "revenus"`}},
		},
		{
			name:  "min on a text field",
			edits: []string{"label: Nom\n", "label: Nom\n        min: 1\n"},
			want:  []want{{f + "14:9", `field "nom": min is not used by type text (only by number, money)`}},
		},
		{
			name:  "cents on a text field",
			edits: []string{"label: Nom\n", "label: Nom\n        cents: false\n"},
			want:  []want{{f + "14:9", `field "nom": cents is not used by type text (only by money)`}},
		},
		{
			name:  "repeat count out of range",
			edits: []string{"count: 3", "count: 13"},
			want: []want{
				{f + "26:17", "repeat count must be between 1 and 12"},
				{f + "38:13", "field mois is asked 13 times, found 3 answers"},
			},
		},
		{
			name:  "scenario naming an unknown profile",
			edits: []string{"profile: kevin", "profile: kevn"},
			want:  []want{{f + "40:5", `scenario "Kévin arrive au bout" uses unknown profile "kevn" (did you mean "kevin"?)`}},
		},
		{
			name:  "scenario expecting an unknown step",
			edits: []string{"reaches: receipt", "reaches: revenu"},
			want:  []want{{f + "43:7", `expect names unknown step "revenu" (did you mean "revenus"?)`}},
		},
		{
			name:  "scenario expecting both reaches and stays_on",
			edits: []string{"reaches: receipt\n", "reaches: receipt\n      stays_on: revenus\n"},
			want:  []want{{f + "43:7", "expect needs exactly one of reaches or stays_on"}},
		},
		{
			name:  "scenario expecting an unknown value",
			edits: []string{"reaches: receipt\n", "reaches: receipt\n      values: {totl: 1}\n"},
			want:  []want{{f + "44:22", `expected value "totl" is neither a field nor a computed value`}},
		},
		{
			name:  "profile answers naming an unknown field",
			edits: []string{"nom: Martin", "nomm: Martin"},
			want:  []want{{f + "36:7", `unknown field "nomm" in answers (did you mean "nom"?)`}},
		},
		{
			name:  "repeated field given the wrong number of answers",
			edits: []string{"mois: [1, 2, 3]", "mois: [1, 2]"},
			want:  []want{{f + "38:13", "field mois is asked 3 times, found 2 answers"}},
		},
		{
			name:  "repeated field given one answer instead of a list",
			edits: []string{"mois: [1, 2, 3]", "mois: 1"},
			want:  []want{{f + "38:13", `field mois takes a list of answers, found "1"`}},
		},
		{
			name:  "answer number beyond the repeat count",
			edits: []string{"mois: [1, 2, 3]\n", "mois: [1, 2, 3]\n      mois.4: 5\n"},
			want:  []want{{f + "39:7", `"mois.4": field mois has no answer number 4`}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := tt.doc
			if doc == "" {
				doc = edit(t, tt.edits...)
			}
			_, problems := procedure.Parse("essai.yaml", []byte(doc))
			checkProblems(t, problems, tt.want)
		})
	}
}

// TestParseEveryProblemAtOnce checks that the loader does not stop at the
// first problem, and that problems come sorted by line.
func TestParseEveryProblemAtOnce(t *testing.T) {
	doc := edit(t,
		"reaches: receipt", "reaches: revenu",
		"type: text", "type: txt",
		"title: Essai", "title: [Essai]",
		"nom: Martin", "nomm: Martin",
		"label: Âge\n", "label: Âge\n        min: abc\n",
	)
	_, problems := procedure.Parse("essai.yaml", []byte(doc))
	checkProblems(t, problems, []want{
		{"essai.yaml:2:8", "expected a single value, found a list"},
		{"essai.yaml:14:9", `unknown type "txt"`},
		{"essai.yaml:20:14", `expected a number, found "abc"`},
		{"essai.yaml:37:7", `unknown field "nomm" in answers`},
		{"essai.yaml:44:7", `expect names unknown step "revenu"`},
	})
	if !sort.SliceIsSorted(problems, func(i, j int) bool { return problems[i].Line < problems[j].Line }) {
		t.Errorf("problems are not sorted by line:\n%v", indent(problems))
	}
}

func TestParseMergeKeys(t *testing.T) {
	doc := edit(t,
		"      - id: age\n        type: number\n        label: Âge\n",
		"      - &nombre\n        id: age\n        type: number\n        label: Âge\n        min: 0\n        max: 120\n        messages: {min: Trop petit.}\n"+
			"      - <<: *nombre\n        id: enfants\n        label: Nombre d'enfants\n"+
			"      - {<<: *nombre, id: pieces, max: 20}\n",
	)
	p, problems := procedure.Parse("essai.yaml", []byte(doc))
	if len(problems) > 0 {
		t.Fatalf("merge keys refused:\n%v", indent(problems))
	}
	tests := []struct {
		id, typ, label string
		min, max       float64
	}{
		{"age", "number", "Âge", 0, 120},
		{"enfants", "number", "Nombre d'enfants", 0, 120},
		{"pieces", "number", "Âge", 0, 20},
	}
	for _, tt := range tests {
		f := p.Field(tt.id)
		if f == nil {
			t.Errorf("field %s missing", tt.id)
			continue
		}
		got := []any{f.Type, f.Label.Source, *f.Min, *f.Max, f.Messages["min"]}
		want := []any{tt.typ, tt.label, tt.min, tt.max, "Trop petit."}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("field %s: got %v, want %v", tt.id, got, want)
		}
	}
	if got := len(p.Step("identite").Fields); got != 4 {
		t.Errorf("step identite has %d fields, want 4", got)
	}
}

func TestLoad(t *testing.T) {
	broken := func(old, new string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte(strings.Replace(minimal, old, new, 1))}
	}
	fsys := fstest.MapFS{
		"procedures/a.yaml":   broken("type: text", "type: txt"),
		"procedures/b.yaml":   broken("profile: kevin", "profile: kevn"),
		"procedures/c.yaml":   {Data: []byte(strings.Replace(minimal, "id: essai", "id: autre", 1))},
		"procedures/notes.md": {Data: []byte("not a procedure: [")},
		"other/d.yaml":        broken("title: Essai", "title: [Essai"),
	}
	procs, problems := procedure.Load(fsys, "procedures")
	checkProblems(t, problems, []want{
		{"procedures/a.yaml:14:9", `unknown type "txt"`},
		{"procedures/b.yaml:40:5", `unknown profile "kevn"`},
	})
	if len(procs) != 1 || procs[0].ID != "autre" || procs[0].File != "procedures/c.yaml" {
		t.Errorf("loaded %d procedures, want only autre from procedures/c.yaml", len(procs))
	}
}

func TestLoadDuplicateID(t *testing.T) {
	fsys := fstest.MapFS{
		"procedures/a.yaml": {Data: []byte(minimal)},
		"procedures/b.yaml": {Data: []byte(strings.Replace(minimal, "title: Essai", "title: Essai bis", 1))},
	}
	procs, problems := procedure.Load(fsys, "procedures")
	checkProblems(t, problems, []want{
		{"procedures/b.yaml:1:1", `procedure id "essai" is already used by procedures/a.yaml`},
	})
	if len(procs) != 1 || procs[0].Title != "Essai" {
		t.Errorf("want only the first procedure loaded, got %d", len(procs))
	}
}

func TestLoadValid(t *testing.T) {
	fsys := fstest.MapFS{"essai.yaml": {Data: []byte(minimal)}}
	procs, problems := procedure.Load(fsys, ".")
	if len(problems) > 0 || len(procs) != 1 {
		t.Fatalf("got %d procedures and problems:\n%v", len(procs), indent(problems))
	}
}

// TestProblemsSpeakFrench proves that a problem prints in French by
// default, with the French quotes and "did you mean", and in English on
// request, from the same key.
func TestProblemsSpeakFrench(t *testing.T) {
	_, problems := procedure.Parse("essai.yaml", []byte(strings.Replace(minimal, "label: Nom", "lable: Nom", 1)))
	var p procedure.Problem
	for _, q := range problems {
		if q.Key == "decode.unknown_key" {
			p = q
		}
	}
	if p.Key == "" {
		t.Fatalf("no problem for an unknown key: %v", problems)
	}
	if got, want := p.String(), `clé inconnue « lable » dans`; !strings.Contains(got, want) || !strings.Contains(got, `(vouliez-vous dire « label » ?)`) {
		t.Errorf("French: %s", got)
	}
	if got := p.In("en"); !strings.Contains(got, `unknown key "lable" in`) || !strings.Contains(got, `(did you mean "label"?)`) {
		t.Errorf("English: %s", got)
	}
	raw := procedure.Problem{File: "f.yaml", Line: 2, Column: 3, Message: "message brut, encore sans clé"}
	if got := raw.In("en"); got != "f.yaml:2:3: message brut, encore sans clé" {
		t.Errorf("a problem without a key prints its message as it is: %q", got)
	}
}

// TestMessageWithoutKeyStillPrints: a message written the old way, as a
// French format with its arguments, prints as it is.
func TestMessageWithoutKeyStillPrints(t *testing.T) {
	p := procedure.NewProblem("f.yaml", procedure.Pos{Line: 4, Column: 2}, "le champ %q n'existe pas", "nom")
	if got := p.In("en"); got != `f.yaml:4:2: le champ "nom" n'existe pas` {
		t.Errorf("%q", got)
	}
}
