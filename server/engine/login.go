package engine

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"io"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/repetition-demarches/repetition/server/procedure"
	"github.com/repetition-demarches/repetition/server/validate"
)

// CodeValidity is how long a code "sent by SMS" can be typed.
const CodeValidity = 10 * time.Minute

// Login is where a learner stands in the simulated login that guards a
// procedure with a login trap (procedure.Traps.Gate). The password is never
// kept: only a keyed fingerprint, to recognise it at sign-in, whose key
// lives in the engine's memory alone (see loginKey). The e-mail address
// lives as long as the attempt. Fields left at their zero value stay out
// of a stored attempt (omitzero): most learners use a few of them, and a
// stored attempt stays small.
type Login struct {
	Email string `json:",omitzero"`
	// Fingerprint is the HMAC-SHA256 of the password under the key named
	// KeyID, a random name that says nothing of the key. Attempts stored
	// before the key left them had a field Key: it is dropped on reading,
	// and their KeyID is empty.
	KeyID       string   `json:",omitzero"`
	Fingerprint [32]byte `json:",omitzero"`
	// Created is set once the account exists; Activated once its
	// activation link was opened (or at once without confirm_email).
	Created, Activated bool `json:",omitzero"`
	// Activation is the token of the link in the practice mailbox.
	Activation string `json:",omitzero"`
	// SignedIn: the password was right; the SMS code may remain.
	SignedIn bool `json:",omitzero"`
	// Code is the last code sent to the simulated phone, at CodeSent;
	// CodesSent counts them (the phone shows every one).
	Code      string    `json:",omitzero"`
	CodeSent  time.Time `json:",omitzero"`
	CodesSent int       `json:",omitzero"`
	// Provider is the fictional identity provider chosen, and ProviderOK
	// is set once its login page was filled; the consent remains.
	Provider   string `json:",omitzero"`
	ProviderOK bool   `json:",omitzero"`
	// Passed: the gate is open, the procedure's steps may be played.
	Passed bool `json:",omitzero"`
	// CodeOK: the code asked after the procedure's own login step
	// (traps.sms_code_after) was typed; the steps after it are open.
	CodeOK bool `json:",omitzero"`
	// Issues are the problems of the last refused form of the gate,
	// shown after the redirect; replaced, never changed in place.
	// IssuesOn names that form: account, signin, code or provider.
	Issues   []Issue `json:",omitzero"`
	IssuesOn string  `json:",omitzero"`
}

// GatePassed reports whether the learner may play the steps of p: there is
// no login trap, or it was passed.
func (a *Attempt) GatePassed(p *procedure.Procedure) bool {
	return !p.Traps.Gate() || (a.Login != nil && a.Login.Passed)
}

// login returns the attempt's login state, made on first use.
func (a *Attempt) login() *Login {
	if a.Login == nil {
		a.Login = &Login{}
	}
	return a.Login
}

// Rule is one password rule of an account, checked or not by a password.
type Rule struct {
	// Key names the rule: min_length, upper, lower, digit or special.
	Key string
	Min int
	OK  bool
}

// PasswordRules lists the rules of the account of p, each checked against
// password ("" checks nothing: every rule is not met).
func PasswordRules(p *procedure.Procedure, password string) []Rule {
	if p.Traps.Account == nil {
		return nil
	}
	pr := p.Traps.Account.Password
	var upper, lower, digit, special bool
	for _, r := range password {
		switch {
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsLower(r):
			lower = true
		case unicode.IsDigit(r):
			digit = true
		case unicode.IsLetter(r):
		default:
			special = true
		}
	}
	rules := []Rule{{Key: "min_length", Min: pr.MinLength, OK: utf8.RuneCountInString(password) >= pr.MinLength && password != ""}}
	for _, r := range []struct {
		on, ok bool
		key    string
	}{{pr.Upper, upper, "upper"}, {pr.Lower, lower, "lower"}, {pr.Digit, digit, "digit"}, {pr.Special, special, "special"}} {
		if r.on {
			rules = append(rules, Rule{Key: r.key, OK: r.ok})
		}
	}
	return rules
}

// Issue fields of the login forms.
const (
	LoginEmail    = "courriel"
	LoginPassword = "mot_de_passe"
	LoginConfirm  = "confirmation"
	LoginCode     = "code"
)

// CreateAccount creates the simulated account of a, or returns why not
// (keys of the site's account messages). The password is kept only as a
// keyed fingerprint.
func (e *Engine) CreateAccount(p *procedure.Procedure, a *Attempt, email, password, confirm string) []Issue {
	l := a.login()
	var issues []Issue
	addr, bad := validate.Email(email)
	switch {
	case email == "":
		issues = append(issues, Issue{Field: LoginEmail, Key: "email_required"})
	case bad != "":
		issues = append(issues, Issue{Field: LoginEmail, Key: "email_format"})
	}
	var failed []string
	for _, r := range PasswordRules(p, password) {
		if !r.OK {
			failed = append(failed, r.Key)
		}
	}
	switch {
	case password == "":
		issues = append(issues, Issue{Field: LoginPassword, Key: "password_required"})
	case len(failed) > 0:
		// Which rules failed, for the checklist; never the password.
		issues = append(issues, Issue{Field: LoginPassword, Key: "password_rules", Args: map[string]any{"failed": strings.Join(failed, ",")}})
	case confirm != password:
		issues = append(issues, Issue{Field: LoginConfirm, Key: "confirm_differs"})
	}
	l.Email = addr
	l.Issues, l.IssuesOn = issues, "account"
	if len(issues) > 0 {
		return issues
	}
	key := e.loginKey()
	l.KeyID, l.Fingerprint = key.id, fingerprint(key.key, password)
	l.Created, l.SignedIn, l.Code = true, false, ""
	l.Activated = !p.Traps.Account.ConfirmEmail
	l.Activation = ""
	if !l.Activated {
		l.Activation = e.token()
	}
	return nil
}

// Activate opens the account when token is the one of the activation link,
// and clears the sign-in refusal it made stale ("pas encore activé").
func (a *Attempt) Activate(token string) bool {
	l := a.Login
	if l == nil || !l.Created || l.Activation == "" || subtle.ConstantTimeCompare([]byte(token), []byte(l.Activation)) != 1 {
		return false
	}
	l.Activated, l.Activation = true, ""
	if l.IssuesOn == "signin" {
		l.Issues, l.IssuesOn = nil, ""
	}
	return true
}

// SignIn checks the e-mail and password typed on the sign-in form. With
// the right ones, the gate opens, or a code is sent to the simulated phone
// when the account asks for one.
//
// When the password cannot be checked (PasswordUnverifiable: the server
// restarted since the account was made), the right e-mail with any
// password that meets the account's rules will do, and that password
// becomes the account's.
func (e *Engine) SignIn(p *procedure.Procedure, a *Attempt, email, password string) []Issue {
	unverifiable := e.PasswordUnverifiable(a)
	l := a.login()
	addr, _ := validate.Email(email)
	key := e.loginKey()
	typed := fingerprint(key.key, password)
	var issues []Issue
	switch {
	case email == "" || password == "":
		issues = []Issue{{Field: LoginEmail, Key: "signin_required"}}
	case !l.Created:
		issues = []Issue{{Field: LoginEmail, Key: "signin_unknown"}}
	case subtle.ConstantTimeCompare([]byte(addr), []byte(l.Email)) != 1,
		unverifiable && !rulesMet(p, password),
		!unverifiable && !hmac.Equal(typed[:], l.Fingerprint[:]):
		issues = []Issue{{Field: LoginEmail, Key: "signin_wrong"}}
	case !l.Activated:
		issues = []Issue{{Field: LoginEmail, Key: "signin_inactive"}}
	}
	l.Issues, l.IssuesOn = issues, "signin"
	if len(issues) > 0 {
		return issues
	}
	l.KeyID, l.Fingerprint = key.id, typed
	l.SignedIn = true
	if p.Traps.Account.SMSCode {
		e.SendCode(a)
	} else {
		l.Passed = true
	}
	return nil
}

// PasswordUnverifiable reports whether a has an account whose password
// this engine cannot check: its fingerprint was made with another key,
// by the server before a restart (or stored with its key, before the key
// left the attempts). The guide then tells the learner; see SignIn.
func (e *Engine) PasswordUnverifiable(a *Attempt) bool {
	l := a.Login
	return l != nil && l.Created && l.KeyID != e.loginKey().id
}

// rulesMet reports whether password meets every rule of the account of p.
func rulesMet(p *procedure.Procedure, password string) bool {
	for _, r := range PasswordRules(p, password) {
		if !r.OK {
			return false
		}
	}
	return true
}

// SendCode sends a new 6-digit code to the simulated phone; the previous
// one no longer works.
func (e *Engine) SendCode(a *Attempt) {
	l := a.login()
	l.Code, l.CodeSent = e.digits(6), e.Now()
	l.CodesSent++
}

// CheckCode checks the code typed after signing in: the gate opens with
// the last code sent, typed within CodeValidity.
func (e *Engine) CheckCode(a *Attempt, code string) []Issue {
	l := a.login()
	var issues []Issue
	switch {
	case !l.SignedIn || l.Code == "":
		issues = []Issue{{Field: LoginCode, Key: "code_wrong"}}
	case code == "":
		issues = []Issue{{Field: LoginCode, Key: "code_required"}}
	case subtle.ConstantTimeCompare([]byte(code), []byte(l.Code)) != 1:
		issues = []Issue{{Field: LoginCode, Key: "code_wrong"}}
	case e.Now().Sub(l.CodeSent) > CodeValidity:
		issues = []Issue{{Field: LoginCode, Key: "code_expired"}}
	}
	l.Issues, l.IssuesOn = issues, "code"
	if len(issues) == 0 {
		l.Passed, l.CodeOK, l.Code = true, true, ""
	}
	return issues
}

// CodeAfterOwnLogin is called when the procedure's own login step s was
// accepted: when it is the step of traps.sms_code_after, a code is sent
// to the simulated phone and the next steps wait for it.
func (e *Engine) CodeAfterOwnLogin(p *procedure.Procedure, a *Attempt, s *procedure.Step) {
	if s.ID != p.Traps.SMSCodeAfter || a.SignedInByProvider() {
		return
	}
	l := a.login()
	l.SignedIn, l.CodeOK, l.Issues, l.IssuesOn = true, false, nil, ""
	e.SendCode(a)
}

// CheckOwnLoginCode checks the code typed after the procedure's own
// login step; once it is right, the learner's current step is the next.
func (e *Engine) CheckOwnLoginCode(p *procedure.Procedure, a *Attempt, code string) []Issue {
	issues := e.CheckCode(a, code)
	if len(issues) == 0 {
		if s := p.Step(p.Traps.SMSCodeAfter); s != nil {
			e.progress(a, s, e.Eval(p, a))
		}
	}
	return issues
}

// CodePending reports whether the learner passed the procedure's own
// login step of traps.sms_code_after and has still to type the code.
func (a *Attempt) CodePending(p *procedure.Procedure) bool {
	id := p.Traps.SMSCodeAfter
	if id == "" || a.SignedInByProvider() || !a.Steps[id].Done {
		return false
	}
	return a.Login == nil || !a.Login.CodeOK
}

// ProviderSignIn records the login at the fictional identity provider:
// anything typed will do, and nothing typed is kept.
func (a *Attempt) ProviderSignIn(provider, id, password string) []Issue {
	l := a.login()
	l.Issues, l.IssuesOn = nil, "provider"
	if id == "" || password == "" {
		l.Issues = []Issue{{Field: "identifiant", Key: "provider_required"}}
		return l.Issues
	}
	l.Provider, l.ProviderOK = provider, true
	return nil
}

// Consent ends the identity-provider path: the gate opens, and the
// procedure's own login steps are skipped (see SignedInByProvider).
func (a *Attempt) Consent() bool {
	l := a.login()
	if !l.ProviderOK {
		return false
	}
	l.Passed = true
	return true
}

// OwnLogin opens the gate of a procedure that offers the identity provider
// but no simulated account: the learner chose the site's own login, which
// is the procedure's first step.
func (a *Attempt) OwnLogin(p *procedure.Procedure) bool {
	if !p.Traps.IdentityProvider || p.Traps.Account != nil {
		return false
	}
	l := a.login()
	l.Passed, l.Provider, l.ProviderOK = true, "", false
	return true
}

// SignedInByProvider reports whether the learner came in through the
// identity provider: the steps asking for a password (the site's own
// login) then count as done, as on the real sites.
func (a *Attempt) SignedInByProvider() bool {
	return a.Login != nil && a.Login.Passed && a.Login.ProviderOK
}

// LoginStep reports whether s is a login step: it asks for a password.
func LoginStep(s *procedure.Step) bool {
	for _, f := range s.Fields {
		if f.Type == "password" {
			return true
		}
	}
	return false
}

// fingerprintKey is the key of the practice passwords' fingerprints:
// drawn once per engine, so once per server process, and kept in memory
// only. A fingerprint on disk without its key lets nobody test a guess;
// after a restart the key is a new one, and the old fingerprints cannot
// be checked any more. id names the key in the attempts: random, so that
// it tells nothing of the key.
type fingerprintKey struct {
	once sync.Once
	key  [32]byte
	id   string
}

// loginKey returns the engine's key, drawn from e.Random on first use.
func (e *Engine) loginKey() *fingerprintKey {
	k := &e.key
	k.once.Do(func() {
		var id [8]byte
		if _, err := io.ReadFull(e.Random, k.key[:]); err != nil {
			panic("engine: random source failed: " + err.Error())
		}
		if _, err := io.ReadFull(e.Random, id[:]); err != nil {
			panic("engine: random source failed: " + err.Error())
		}
		k.id = hex.EncodeToString(id[:])
	})
	return k
}

// fingerprint is the keyed hash kept instead of a password.
func fingerprint(key [32]byte, password string) [32]byte {
	m := hmac.New(sha256.New, key[:])
	m.Write([]byte(password))
	var out [32]byte
	copy(out[:], m.Sum(nil))
	return out
}

// token returns a random activation token for the mailbox link.
func (e *Engine) token() string {
	buf := make([]byte, 12)
	if _, err := io.ReadFull(e.Random, buf); err != nil {
		panic("engine: random source failed: " + err.Error())
	}
	return hex.EncodeToString(buf)
}
