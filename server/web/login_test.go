package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/procedure"
)

// accountProc is a procedure behind the whole account trap: rules,
// e-mail confirmation, SMS code.
const accountProc = `id: essai-compte
title: Essai de compte
organisation: anef
summary: Une démarche d'essai derrière un compte.
duration: 5 min
level: débutant
real: {url: "https://example.fr/", compared: 2026-01-01}
traps:
  account:
    password: {min_length: 12, upper: true, lower: true, digit: true, special: true}
    confirm_email: true
    sms_code: true
steps:
  - id: nom
    title: Votre nom
    fields:
      - {id: nom, type: text, label: Nom}
receipt:
  title: Enregistré
  number: T-${ digits(4) }
  next: Fin.
`

func accountApp(t *testing.T) (*testApp, *procedure.Procedure) {
	t.Helper()
	p, problems := procedure.Parse("essai-compte.yaml", []byte(accountProc))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	return newTestAppWith(t, p), p
}

func (c *client) attempt(p *procedure.Procedure) *engine.Attempt {
	c.t.Helper()
	sess, err := c.ta.store.Get(context.Background(), c.cookies[sessionCookie])
	if err != nil || sess == nil || sess.Attempts[p.ID] == nil {
		c.t.Fatalf("no attempt at %s: %v", p.ID, err)
	}
	return sess.Attempts[p.ID]
}

// TestGateBeforeTheSteps: until the login trap is passed, every step, the
// review and the submission send the learner to the sign-in page.
func TestGateBeforeTheSteps(t *testing.T) {
	ta := newTestApp(t)
	p := procByID(t, ta, "ants-pre-demande-identite")
	c := ta.client(t)
	c.get(startURL(p))
	if res := c.post(startURL(p)+"commencer", url.Values{"profil": {"nadege"}}); res.location != gateURL(p) {
		t.Fatalf("starting led to %q, want the sign-in page", res.location)
	}
	for _, st := range p.Steps[:2] {
		if res := c.get(stepURL(p, st)); res.location != gateURL(p) {
			t.Errorf("GET %s before signing in: %d %q", st.ID, res.status, res.location)
		}
		if res := c.post(stepURL(p, st), url.Values{}); res.location != gateURL(p) {
			t.Errorf("POST %s before signing in: %d %q", st.ID, res.status, res.location)
		}
	}
	if res := c.get(reviewURL(p)); res.location != gateURL(p) {
		t.Errorf("review before signing in: %q", res.location)
	}
	if res := c.post("/demarches/"+p.ID+"/valider", url.Values{"attestation": {"true"}}); res.location != gateURL(p) {
		t.Errorf("submission before signing in: %q", res.location)
	}
	// Pages of the account trap do not exist on a procedure without it.
	for _, path := range []string{accountURL(p), codeURL(p), mailboxURL(p.ID)} {
		if res := c.get(path); res.status != http.StatusSeeOther || res.location != startURL(p) {
			t.Errorf("%s on a procedure without an account: %d %q", path, res.status, res.location)
		}
	}
	// The site's own login: the procedure's first step comes next.
	if res := c.post(gateURL(p), url.Values{"choix": {"site"}}); res.location != stepURL(p, p.Steps[0]) {
		t.Fatalf("the site's own login led to %q", res.location)
	}
	if res := c.get(gateURL(p)); res.location != stepURL(p, p.Steps[0]) {
		t.Errorf("the sign-in page once passed: %q", res.location)
	}
}

// TestIdentityProviderPath: IdentiPass, a provider refusing an empty
// form, its consent screen, then the procedure without its own login step.
func TestIdentityProviderPath(t *testing.T) {
	ta := newTestApp(t)
	p := procByID(t, ta, "ants-permis-perte-vol")
	c := ta.client(t)
	c.get(startURL(p))
	res := c.post(startURL(p)+"commencer", url.Values{"profil": {""}})
	if res.location == ownURL(p) {
		// Without a profile, vos_donnees comes first: skipped here.
		res = c.skipOwn(p)
	}
	page := c.follow(res)
	if !strings.Contains(page.body, `href="/demarches/`+p.ID+`/identipass"`) || !strings.Contains(page.body, "IdentiPass (simulé)") {
		t.Fatal("the sign-in page offers no IdentiPass button")
	}
	list := c.get(identipassURL(p))
	for _, pr := range providers {
		if !strings.Contains(list.body, identipassURL(p)+"/"+pr.ID) {
			t.Errorf("IdentiPass does not offer %s", pr.ID)
		}
	}
	if res := c.get(identipassURL(p) + "/consentement"); res.location != identipassURL(p) {
		t.Errorf("consent before any provider login: %q", res.location)
	}
	if res := c.get(identipassURL(p) + "/inconnu"); res.status != http.StatusNotFound {
		t.Errorf("an unknown provider: %d", res.status)
	}
	c.get(identipassURL(p) + "/sante")
	refused := c.follow(c.post(identipassURL(p)+"/sante", url.Values{"identifiant": {"1 95 03"}}))
	if !strings.Contains(refused.body, `id="erreurs"`) || !strings.Contains(refused.body, "Saisissez votre identifiant et votre mot de passe.") {
		t.Errorf("an empty provider form is not refused:\n%s", refused.body)
	}
	res = c.post(identipassURL(p)+"/sante", url.Values{"identifiant": {"1 95 03"}, "mot_de_passe": {"secret-invente"}})
	if res.location != identipassURL(p)+"/consentement" {
		t.Fatalf("provider login led to %q", res.location)
	}
	consent := c.follow(res)
	if !strings.Contains(consent.body, "Compte Santé (fictif)") || !strings.Contains(consent.body, "date et lieu de naissance") {
		t.Errorf("the consent screen does not say who passes what")
	}
	res = c.post(identipassURL(p)+"/consentement", nil)
	var second *procedure.Step
	for _, st := range p.Steps {
		if !engine.LoginStep(st) {
			second = st
			break
		}
	}
	if res.location != stepURL(p, second) {
		t.Fatalf("after consent: %q, want the first step after the site's own login (%s)", res.location, second.ID)
	}
	if strings.Contains(fmt.Sprintf("%+v", c.attempt(p)), "secret-invente") {
		t.Error("the provider password is in the attempt")
	}
}

// TestAccountPath walks the whole account trap through the web: refusals
// with the real kind of messages, the mailbox, sign-in, wrong, expired and
// resent codes. The password never reaches the stored attempt.
func TestAccountPath(t *testing.T) {
	ta, p := accountApp(t)
	c := ta.client(t)
	c.get(startURL(p))
	c.post(startURL(p)+"commencer", url.Values{})
	login := c.get(gateURL(p))
	if !strings.Contains(login.body, `href="/demarches/`+p.ID+`/compte"`) || strings.Contains(login.body, "identipass") {
		t.Fatal("the sign-in page should offer the account and no IdentiPass")
	}
	form := c.get(accountURL(p))
	for _, rule := range []string{"au moins 12 caractères", "au moins une lettre majuscule", "au moins un chiffre", "au moins un caractère spécial"} {
		if !strings.Contains(form.body, rule) {
			t.Errorf("the account form does not show the rule %q", rule)
		}
	}
	const password = "Invente-2026-Mdp"
	tests := []struct {
		name           string
		email, pw, cf  string
		want, wantRule string
	}{
		{"nothing", "", "", "", "Saisissez votre adresse électronique.", ""},
		{"bad address", "kevin.exemple.fr", password, password, "Saisissez une adresse électronique valide", ""},
		{"weak password", "kevin@exemple.fr", "motdepasse", "motdepasse", "ne respecte pas les règles de sécurité", `<li class="rule-ko">au moins 12 caractères`},
		{"different confirmation", "kevin@exemple.fr", password, password + "!", "Les deux mots de passe ne sont pas identiques.", ""},
	}
	for _, tt := range tests {
		res := c.post(accountURL(p), url.Values{"courriel": {tt.email}, "mot_de_passe": {tt.pw}, "confirmation": {tt.cf}})
		if res.location != accountURL(p)+"#erreurs" {
			t.Fatalf("%s: accepted (%q)", tt.name, res.location)
		}
		page := c.get(accountURL(p))
		if !strings.Contains(page.body, tt.want) || !strings.Contains(page.body, `id="erreurs"`) {
			t.Errorf("%s: the form does not say %q", tt.name, tt.want)
		}
		if tt.wantRule != "" && !strings.Contains(page.body, tt.wantRule) {
			t.Errorf("%s: the checklist does not show %q", tt.name, tt.wantRule)
		}
		if strings.Contains(page.body, tt.pw) && tt.pw != "" {
			t.Errorf("%s: the password is shown again", tt.name)
		}
	}
	if res := c.post(accountURL(p), url.Values{"courriel": {"kevin@exemple.fr"}, "mot_de_passe": {password}, "confirmation": {password}}); res.location != gateURL(p) {
		t.Fatalf("a good account was refused: %q", res.location)
	}
	sent := c.get(gateURL(p))
	if !strings.Contains(sent.body, "Un e-mail d&#39;activation vous a été envoyé à l&#39;adresse kevin@exemple.fr") {
		t.Errorf("the sign-in page does not say the e-mail was sent")
	}
	// Signing in before opening the e-mail is refused.
	c.post(gateURL(p), url.Values{"courriel": {"kevin@exemple.fr"}, "mot_de_passe": {password}})
	if page := c.get(gateURL(p)); !strings.Contains(page.body, "pas encore activé") {
		t.Errorf("sign-in before activation is not refused")
	}
	box := c.get(mailboxURL(p.ID))
	if !strings.Contains(box.body, "Messagerie simulée") || !strings.Contains(box.body, "Activez votre compte") || !strings.Contains(box.body, "mail-unread") {
		t.Errorf("the mailbox does not show the unread activation message")
	}
	msg := c.get(mailboxURL(p.ID) + "?message=activation")
	link := activationRE.FindStringSubmatch(msg.body)
	if link == nil {
		t.Fatal("no activation link in the message")
	}
	if res := c.get("/demarches/" + p.ID + "/compte/activer?cle=faux"); res.location != gateURL(p) {
		t.Errorf("a wrong link: %q", res.location)
	}
	if page := c.get(gateURL(p)); strings.Contains(page.body, "Votre compte est activé") {
		t.Error("a wrong link activated the account")
	}
	if res := c.get(strings.ReplaceAll(link[1], "&amp;", "&")); res.location != gateURL(p) {
		t.Errorf("the activation link led to %q", res.location)
	}
	if page := c.get(gateURL(p)); !strings.Contains(page.body, "Votre compte est activé") {
		t.Error("the sign-in page does not say the account is active")
	}
	if page := c.get(mailboxURL(p.ID)); strings.Contains(page.body, "mail-unread") {
		t.Error("the message is still unread after its link was followed")
	}
	// Wrong password, then the right one: the code page.
	if res := c.post(gateURL(p), url.Values{"courriel": {"kevin@exemple.fr"}, "mot_de_passe": {password + "x"}}); res.location != gateURL(p)+"#erreurs" {
		t.Errorf("a wrong password: %q", res.location)
	}
	if page := c.get(gateURL(p)); !strings.Contains(page.body, "Identifiant ou mot de passe incorrect.") {
		t.Error("a wrong password is not refused with the real message")
	}
	if res := c.post(gateURL(p), url.Values{"courriel": {"kevin@exemple.fr"}, "mot_de_passe": {password}}); res.location != codeURL(p) {
		t.Fatalf("sign-in led to %q, want the code page", res.location)
	}
	if res := c.get(stepURL(p, p.Steps[0])); res.location != gateURL(p) {
		t.Errorf("a step before the code: %q", res.location)
	}
	if res := c.get(gateURL(p)); res.location != codeURL(p) {
		t.Errorf("the sign-in page while a code is awaited: %q", res.location)
	}
	code := c.phoneCode(p)
	wrong := "000000"
	if code == wrong {
		wrong = "111111"
	}
	c.get(codeURL(p))
	c.post(codeURL(p), url.Values{"code": {wrong}})
	if page := c.get(codeURL(p)); !strings.Contains(page.body, "Le code saisi est incorrect.") {
		t.Error("a wrong code is not refused")
	}
	ta.advance(engine.CodeValidity + time.Minute)
	c.post(codeURL(p), url.Values{"code": {code}})
	if page := c.get(codeURL(p)); !strings.Contains(page.body, "Ce code a expiré.") {
		t.Error("an expired code is not refused")
	}
	if res := c.post(codeURL(p), url.Values{"renvoyer": {"1"}}); res.location != codeURL(p)+"?renvoye=1" {
		t.Errorf("resend: %q", res.location)
	}
	if page := c.get(codeURL(p) + "?renvoye=1"); !strings.Contains(page.body, "Un nouveau code vous a été envoyé.") || strings.Contains(page.body, `id="erreurs"`) {
		t.Error("resending does not say so, or still shows the old error")
	}
	fresh := c.phoneCode(p)
	res := c.post(codeURL(p), url.Values{"code": {fresh[:3] + " " + fresh[3:]}})
	if res.location != stepURL(p, p.Steps[0]) {
		t.Fatalf("the fresh code (typed with a space) led to %q", res.location)
	}
	a := c.attempt(p)
	if s := fmt.Sprintf("%+v %s", a, a.Login.Fingerprint); strings.Contains(s, password) {
		t.Error("the password is in the stored attempt")
	}
	if c.get(stepURL(p, p.Steps[0])).status != http.StatusOK {
		t.Error("the first step is not open after the code")
	}
}

// TestGatePagesLanguagesAndWeight shows every page of the login traps in
// French and Arabic: the guide follows the learner, the simulated site
// stays French, each page weighs at most 10 KB gzipped.
func TestGatePagesLanguagesAndWeight(t *testing.T) {
	ta, p := accountApp(t)
	ants := procByID(t, ta, "ants-pre-demande-identite")
	heaviest := 0
	defer func() { t.Logf("heaviest page of the login traps: %d B gzipped", heaviest) }()
	for _, lang := range []string{"fr", "ar"} {
		c := ta.client(t)
		c.get("/langue/" + lang)
		c.get(startURL(p))
		c.post(startURL(p)+"commencer", url.Values{})
		c.get(startURL(ants))
		c.post(startURL(ants)+"commencer", url.Values{})
		c.get(identipassURL(ants) + "/courrier")
		c.post(identipassURL(ants)+"/courrier", url.Values{"identifiant": {"a"}, "mot_de_passe": {"b"}})
		pages := []string{gateURL(ants), identipassURL(ants), identipassURL(ants) + "/courrier", identipassURL(ants) + "/consentement", gateURL(p), accountURL(p)}
		c.post(accountURL(p), url.Values{"courriel": {"kevin@exemple.fr"}, "mot_de_passe": {gatePassword}, "confirmation": {gatePassword}})
		pages = append(pages, mailboxURL(p.ID), mailboxURL(p.ID)+"?message=activation", "/demarches/"+p.ID+"/telephone")
		for _, path := range pages {
			page := c.get(path)
			if page.status != http.StatusOK {
				t.Fatalf("%s %s: %d %s", lang, path, page.status, page.location)
			}
			n := gzipSize(t, []byte(page.body))
			if n > 10*1024 {
				t.Errorf("%s %s weighs %d B gzipped, budget 10 KB", lang, path, n)
			}
			heaviest = max(heaviest, n)
			if lang == "ar" && !strings.Contains(page.body, `lang="ar" dir="rtl"`) {
				t.Errorf("%s: no guide text in Arabic", path)
			}
			if !strings.Contains(page.body, `lang="fr"`) {
				t.Errorf("%s %s: no French part marked lang=\"fr\"", lang, path)
			}
		}
	}
}

// TestActivationClearsInactiveRefusal: a sign-in tried before the account
// was activated is refused as "pas encore activé"; once the link of the
// e-mail is followed, the sign-in page no longer says so.
func TestActivationClearsInactiveRefusal(t *testing.T) {
	ta, p := accountApp(t)
	c := ta.client(t)
	c.get(startURL(p))
	c.post(startURL(p)+"commencer", url.Values{})
	const password = "Invente-2026-Mdp"
	c.post(accountURL(p), url.Values{"courriel": {"kevin@exemple.fr"}, "mot_de_passe": {password}, "confirmation": {password}})
	c.post(gateURL(p), url.Values{"courriel": {"kevin@exemple.fr"}, "mot_de_passe": {password}})
	if page := c.get(gateURL(p)); !strings.Contains(page.body, "pas encore activé") {
		t.Fatal("sign-in before activation is not refused")
	}
	link := activationRE.FindStringSubmatch(c.get(mailboxURL(p.ID) + "?message=activation").body)
	if link == nil {
		t.Fatal("no activation link in the message")
	}
	c.get(strings.ReplaceAll(link[1], "&amp;", "&"))
	page := c.get(gateURL(p))
	if !strings.Contains(page.body, "Votre compte est activé") {
		t.Fatal("the sign-in page does not say the account is active")
	}
	if strings.Contains(page.body, "pas encore activé") || strings.Contains(page.body, `id="erreurs"`) {
		t.Error("the sign-in page still says the account is not activated")
	}
}

// TestCafLoginPasswordIsCaseSensitive: the Caf's own login refuses the
// profile's password typed in the wrong case, with the site's message.
func TestCafLoginPasswordIsCaseSensitive(t *testing.T) {
	ta := newTestApp(t)
	p := caf(t, ta)
	c := ta.client(t)
	c.begin(p, "kevin")
	login := stepURL(p, p.Step("connexion"))
	if res := c.post(login, loginForm("1 95 03 69 123 456", strings.ToLower(kevinPassword))); res.location != login {
		t.Fatalf("the password in lower case led to %q", res.location)
	}
	if page := c.get(login); !strings.Contains(page.body, "Identifiant ou mot de passe incorrect.") {
		t.Error("the refusal does not give the site's message")
	}
	if res := c.post(login, loginForm("1 95 03 69 123 456", kevinPassword)); res.location != codeURL(p) {
		t.Errorf("the right password led to %q", res.location)
	}
}
