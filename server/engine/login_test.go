package engine_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/procedure"
)

// loginProc is a procedure behind an account with every login trap.
func loginProc(t *testing.T, account string) *procedure.Procedure {
	return parseProc(t, "traps:\n  account: "+account+"\nsteps:\n  - id: s\n    title: S\n    fields:\n      - {id: x, type: text, label: X}\n")
}

func keys(issues []engine.Issue) string {
	var out []string
	for _, is := range issues {
		out = append(out, is.Field+":"+is.Key)
	}
	return strings.Join(out, " ")
}

func TestPasswordRules(t *testing.T) {
	p := loginProc(t, "{password: {min_length: 8, upper: true, lower: true, digit: true, special: true}}")
	tests := []struct {
		password string
		want     string // the rules met, in order
	}{
		{"", "-----"},
		{"abcdefgh", "x-x--"},
		{"Abcdefg1", "xxxx-"},
		{"Éléphant-9", "xxxxx"},
		{"ÉLÉPHANT 9", "xx-xx"},
		{"Ab1!", "-xxxx"},
	}
	for _, tt := range tests {
		got := ""
		for _, r := range engine.PasswordRules(p, tt.password) {
			got += map[bool]string{true: "x", false: "-"}[r.OK]
		}
		if got != tt.want {
			t.Errorf("PasswordRules(%q) = %s, want %s", tt.password, got, tt.want)
		}
	}
	only := loginProc(t, "{password: {min_length: 12}}")
	if rules := engine.PasswordRules(only, "x"); len(rules) != 1 || rules[0].Key != "min_length" || rules[0].Min != 12 {
		t.Errorf("a length rule only: %+v", rules)
	}
}

func TestCreateAccountRefusals(t *testing.T) {
	p := loginProc(t, "{password: {min_length: 10, digit: true}}")
	tests := []struct {
		email, password, confirm string
		want                     string
	}{
		{"", "", "", "courriel:email_required mot_de_passe:password_required"},
		{"pas-une-adresse", "Entrainement26", "Entrainement26", "courriel:email_format"},
		{"kevin@exemple.fr", "court1", "court1", "mot_de_passe:password_rules"},
		{"kevin@exemple.fr", "sanschiffres", "sanschiffres", "mot_de_passe:password_rules"},
		{"kevin@exemple.fr", "Entrainement26", "Entrainement62", "confirmation:confirm_differs"},
		{"kevin@exemple.fr", "Entrainement26", "Entrainement26", ""},
	}
	for _, tt := range tests {
		e := testEngine()
		a := e.Start(p, "")
		if got := keys(e.CreateAccount(p, a, tt.email, tt.password, tt.confirm)); got != tt.want {
			t.Errorf("CreateAccount(%q, %q, %q) = %q, want %q", tt.email, tt.password, tt.confirm, got, tt.want)
		}
		if a.GatePassed(p) {
			t.Errorf("creating an account opened the gate")
		}
	}
}

// TestAccountPath walks the account trap: creation, activation from the
// mailbox, sign-in, SMS code; the password is never in the attempt.
func TestAccountPath(t *testing.T) {
	p := loginProc(t, "{password: {min_length: 12}, confirm_email: true, sms_code: true}")
	now := time.Date(2026, 11, 22, 10, 30, 0, 0, time.UTC)
	e := &engine.Engine{Now: func() time.Time { return now }, Random: bytes.NewReader(bytes.Repeat([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9}, 100))}
	a := e.Start(p, "")
	const password = "Mot2passe-Invente"
	if a.GatePassed(p) {
		t.Fatal("the gate is open before any login")
	}
	if is := e.CreateAccount(p, a, " Kevin@Exemple.FR ", password, password); is != nil {
		t.Fatalf("account refused: %+v", is)
	}
	if strings.Contains(fmt.Sprintf("%+v %s", a.Login, a.Login.Fingerprint), password) {
		t.Fatal("the password is in the attempt")
	}
	if got := keys(e.SignIn(p, a, "Kevin@exemple.fr", password)); got != "courriel:signin_inactive" {
		t.Errorf("sign-in before activation: %q", got)
	}
	if a.Activate("nope") || a.Activate("") {
		t.Error("a wrong token activated the account")
	}
	if !a.Activate(a.Login.Activation) {
		t.Fatal("the mailbox link did not activate the account")
	}
	if got := keys(e.SignIn(p, a, "Kevin@exemple.fr", password+"x")); got != "courriel:signin_wrong" {
		t.Errorf("wrong password: %q", got)
	}
	if got := keys(e.SignIn(p, a, "autre@exemple.fr", password)); got != "courriel:signin_wrong" {
		t.Errorf("wrong e-mail: %q", got)
	}
	if is := e.SignIn(p, a, "Kevin@exemple.fr", password); is != nil || a.GatePassed(p) {
		t.Fatalf("sign-in: %+v, gate open %v (the code remains)", is, a.GatePassed(p))
	}
	first := a.Login.Code
	if len(first) != 6 || strings.Trim(first, "0123456789") != "" {
		t.Fatalf("code %q is not 6 digits", first)
	}
	if got := keys(e.CheckCode(a, "")); got != "code:code_required" {
		t.Errorf("empty code: %q", got)
	}
	wrong := "000000"
	if first == wrong {
		wrong = "111111"
	}
	if got := keys(e.CheckCode(a, wrong)); got != "code:code_wrong" {
		t.Errorf("wrong code: %q", got)
	}
	now = now.Add(engine.CodeValidity + time.Second)
	if got := keys(e.CheckCode(a, first)); got != "code:code_expired" {
		t.Errorf("expired code: %q", got)
	}
	e.SendCode(a)
	if a.Login.Code == first || a.Login.CodesSent != 2 {
		t.Errorf("resend: code %q (was %q), %d sent", a.Login.Code, first, a.Login.CodesSent)
	}
	if got := keys(e.CheckCode(a, first)); got != "code:code_wrong" {
		t.Errorf("the old code after a resend: %q", got)
	}
	if is := e.CheckCode(a, a.Login.Code); is != nil || !a.GatePassed(p) {
		t.Fatalf("right code: %+v, gate open %v", is, a.GatePassed(p))
	}
}

func TestSignInWithoutCodeOrConfirmation(t *testing.T) {
	p := loginProc(t, "{password: {min_length: 4}}")
	e := testEngine()
	a := e.Start(p, "")
	if got := keys(e.SignIn(p, a, "a@exemple.fr", "abcd")); got != "courriel:signin_unknown" {
		t.Errorf("sign-in with no account: %q", got)
	}
	if got := keys(e.SignIn(p, a, "", "")); got != "courriel:signin_required" {
		t.Errorf("empty sign-in: %q", got)
	}
	if is := e.CreateAccount(p, a, "a@exemple.fr", "abcd", "abcd"); is != nil {
		t.Fatal(is)
	}
	if is := e.SignIn(p, a, "a@exemple.fr", "abcd"); is != nil || !a.GatePassed(p) {
		t.Errorf("sign-in: %+v, gate open %v", is, a.GatePassed(p))
	}
}

func TestIdentityProviderPath(t *testing.T) {
	p := parseProc(t, "traps: {identity_provider: true}\nsteps:\n  - id: login\n    title: L\n    fields:\n      - {id: id, type: text, label: I}\n      - {id: pw, type: password, label: P}\n  - id: s\n    title: S\n    fields:\n      - {id: x, type: text, label: X}\n")
	e := testEngine()
	a := e.Start(p, "")
	if got := e.Eval(p, a).FirstIncomplete(); got != p.Step("login") {
		t.Fatalf("first step to do before the gate: %v", stepIDs(got))
	}
	if a.Consent() || a.GatePassed(p) {
		t.Fatal("consent before the provider's login opened the gate")
	}
	if got := keys(a.ProviderSignIn("poste", "kevin", "")); got != "identifiant:provider_required" {
		t.Errorf("empty provider password: %q", got)
	}
	if is := a.ProviderSignIn("poste", "kevin", "secret-invente"); is != nil {
		t.Fatal(is)
	}
	if strings.Contains(fmt.Sprintf("%+v", a.Login), "secret-invente") {
		t.Error("the provider password is in the attempt")
	}
	if !a.Consent() || !a.GatePassed(p) {
		t.Error("consent did not open the gate")
	}
	// Coming through the provider skips the site's own login step.
	if got := e.Eval(p, a).FirstIncomplete(); got != p.Step("s") {
		t.Errorf("first step to do after IdentiPass: %v, want s", stepIDs(got))
	}
	// The site's own login instead: its step must be done.
	b := e.Start(p, "")
	if !b.OwnLogin(p) || !b.GatePassed(p) || e.Eval(p, b).FirstIncomplete() != p.Step("login") {
		t.Errorf("own login: gate %v, first step %v", b.GatePassed(p), stepIDs(e.Eval(p, b).FirstIncomplete()))
	}
}

// TestSessionExpiryClosesTheGate: an expired session logs out of the
// simulated account too.
func TestSessionExpiryClosesTheGate(t *testing.T) {
	p := parseProc(t, "traps: {identity_provider: true, session_expiry: 5}\nsteps:\n  - id: login\n    title: L\n    fields:\n      - {id: pw, type: password, label: P}\n  - id: s\n    title: S\n    fields:\n      - {id: x, type: text, label: X}\n")
	e := testEngine()
	a := e.Start(p, "")
	a.ProviderSignIn("poste", "k", "p")
	a.Consent()
	if !a.Expired(p, a.LastActive.Add(6*time.Minute)) || a.GatePassed(p) {
		t.Errorf("after expiry the gate is still open: %+v", a.Login)
	}
	noGate := oneField(t, "{id: x, type: text, label: X}")
	if !e.Start(noGate, "").GatePassed(noGate) {
		t.Error("a procedure with no login trap has a closed gate")
	}
}

// ownLoginCode is a procedure whose own login step is followed by a code
// on the simulated phone (traps.sms_code_after), beside IdentiPass.
const ownLoginCode = "traps: {sms_code_after: login, session_expiry: 5, identity_provider: true}\nsteps:\n  - id: login\n    title: L\n    fields:\n      - {id: id, type: text, label: I}\n      - {id: pw, type: password, label: P}\n  - id: s\n    title: S\n    fields:\n      - {id: x, type: text, label: X}\n"

// TestCodeAfterOwnLogin: accepting the site's own login step sends a code;
// the next step waits for it, a wrong code is refused, the right one opens
// the way and moves the learner on; logging in again asks again.
func TestCodeAfterOwnLogin(t *testing.T) {
	p := parseProc(t, ownLoginCode)
	e := testEngine()
	a := e.Start(p, "")
	a.OwnLogin(p)
	if a.CodePending(p) {
		t.Fatal("a code is awaited before the login step")
	}
	if issues, _ := e.Post(p, a, p.Step("login"), map[string]string{"id": "k", "pw": "secret-invente"}); issues != nil {
		t.Fatal(issues)
	}
	if !a.CodePending(p) || a.Login.Code == "" || a.Login.CodesSent != 1 {
		t.Fatalf("after the login step: pending %v, login %+v", a.CodePending(p), a.Login)
	}
	if got := e.Eval(p, a).FirstIncomplete(); got != p.Step("login") {
		t.Errorf("first step to do while the code is awaited: %v, want login", stepIDs(got))
	}
	if e.Eval(p, a).MayOpen(p.Step("s")) {
		t.Error("the next step opens before the code")
	}
	wrong := "000000"
	if a.Login.Code == wrong {
		wrong = "111111"
	}
	if got := keys(e.CheckOwnLoginCode(p, a, wrong)); got != "code:code_wrong" {
		t.Errorf("a wrong code: %q", got)
	}
	if is := e.CheckOwnLoginCode(p, a, a.Login.Code); is != nil {
		t.Fatal(is)
	}
	if a.CodePending(p) || e.Eval(p, a).FirstIncomplete() != p.Step("s") || a.Current != "s" {
		t.Errorf("after the code: pending %v, first step %v, current %q", a.CodePending(p), stepIDs(e.Eval(p, a).FirstIncomplete()), a.Current)
	}
	if strings.Contains(fmt.Sprintf("%+v", a), "secret-invente") {
		t.Error("the password is in the attempt")
	}
	// An expired session: the login step and its code come back.
	if !a.Expired(p, a.LastActive.Add(6*time.Minute)) || a.CodePending(p) || e.Eval(p, a).FirstIncomplete() != p.Step("login") {
		t.Fatalf("after expiry: first step %v", stepIDs(e.Eval(p, a).FirstIncomplete()))
	}
	e.Post(p, a, p.Step("login"), map[string]string{"id": "k", "pw": "x"})
	if !a.CodePending(p) || a.Login.CodesSent != 2 {
		t.Errorf("logging in again asks no new code: %+v", a.Login)
	}
	// Through IdentiPass the login step and its code are skipped.
	b := e.Start(p, "")
	b.ProviderSignIn("poste", "k", "p")
	b.Consent()
	if b.CodePending(p) || e.Eval(p, b).FirstIncomplete() != p.Step("s") {
		t.Errorf("through IdentiPass: pending %v, first step %v", b.CodePending(p), stepIDs(e.Eval(p, b).FirstIncomplete()))
	}
}

// TestPlayReadsTheCode: a scenario goes past the code after the login.
func TestPlayReadsTheCode(t *testing.T) {
	p := parseProc(t, ownLoginCode+"profiles:\n  - {id: k, name: K, story: S, answers: {id: k, pw: secret-invente, x: y}}\nscenarios:\n  - {name: N, profile: k, expect: {reaches: review}}\n")
	o, err := testEngine().Play(p, p.Scenarios[0])
	if err != nil || o.At != procedure.StepReview {
		t.Errorf("scenario ended on %q (%v), want the review", o.At, err)
	}
}

// TestProfilePasswordIsCaseSensitive: on a site's own login, a learner
// playing a fictional profile must type the profile's password exactly,
// case included, or the site refuses it; without a profile, any password
// will do (the learner invents one).
func TestProfilePasswordIsCaseSensitive(t *testing.T) {
	p := parseProc(t, `steps:
  - id: connexion
    title: Connexion
    fields:
      - {id: identifiant, type: text, label: Identifiant}
      - {id: mot_de_passe, type: password, label: Mot de passe, autocomplete: current-password}
profiles:
  - id: kevin
    name: Kévin
    story: "Son mot de passe est Entrainement2026."
    answers: {identifiant: kevin, mot_de_passe: Entrainement2026}
`)
	for _, tc := range []struct{ profile, typed, want string }{
		{"kevin", "Entrainement2026", ""},
		{"kevin", "entrainement2026", "incorrect"},
		{"kevin", "ENTRAINEMENT2026", "incorrect"},
		{"kevin", "Entrainement2026 ", ""}, // spaces around are trimmed, as for every field
		{"kevin", "autre", "incorrect"},
		{"", "autre", ""},
	} {
		e := testEngine()
		a := e.Start(p, tc.profile)
		issues, _ := e.Post(p, a, p.Steps[0], map[string]string{"identifiant": "kevin", "mot_de_passe": tc.typed})
		got := ""
		if len(issues) > 0 {
			got = issues[0].Key
		}
		if got != tc.want {
			t.Errorf("profile %q typing %q: issue %q, want %q", tc.profile, tc.typed, got, tc.want)
		}
	}
}
