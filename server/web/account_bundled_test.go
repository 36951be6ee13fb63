package web

import (
	"net/url"
	"strings"
	"testing"
)

// TestMaPrimeRenovAccount: MaPrimeRénov' starts with the account trap
// (rules of the real site, activation e-mail), no SMS code; the profile's
// story beside the forms gives the fictional address and password, which
// the rules accept.
func TestMaPrimeRenovAccount(t *testing.T) {
	ta := newTestApp(t)
	p := procByID(t, ta, "anah-maprimerenov")
	if p.Traps.Account == nil || !p.Traps.Account.ConfirmEmail || p.Traps.Account.SMSCode {
		t.Fatalf("traps: %+v, want an account with confirm_email and no SMS code", p.Traps)
	}
	c := ta.client(t)
	c.get(startURL(p))
	if res := c.post(startURL(p)+"commencer", url.Values{"profil": {"josiane"}}); res.location != gateURL(p) {
		t.Fatalf("starting led to %q, want the sign-in page", res.location)
	}
	const email, password = "josiane.fictive@example.org", "Maison2026!"
	form := c.get(accountURL(p))
	for _, want := range []string{"au moins 8 caractères", "au moins une lettre majuscule", "au moins une lettre minuscule", "au moins un caractère spécial", email, password, `class="guide guide-profile"`} {
		if !strings.Contains(form.body, want) {
			t.Errorf("the account form does not show %q", want)
		}
	}
	if strings.Contains(form.body, "au moins un chiffre") {
		t.Error("the account form asks for a digit, which MaPrimeRénov' does not")
	}
	for _, tt := range []struct{ pw, failed string }{
		{"Maison2026", "au moins un caractère spécial"},
		{"Mai2026!", ""},
		{"maison2026!", "au moins une lettre majuscule"},
		{"Mais!", "au moins 8 caractères"},
	} {
		res := c.post(accountURL(p), url.Values{"courriel": {email}, "mot_de_passe": {tt.pw}, "confirmation": {tt.pw}})
		if tt.failed == "" {
			if res.location != gateURL(p) {
				t.Fatalf("%s: refused (%q)", tt.pw, res.location)
			}
			continue
		}
		if res.location != accountURL(p)+"#erreurs" {
			t.Fatalf("%s: accepted (%q)", tt.pw, res.location)
		}
		if page := c.get(accountURL(p)); !strings.Contains(page.body, `<li class="rule-ko">`+tt.failed) {
			t.Errorf("%s: the checklist does not show %q as not met", tt.pw, tt.failed)
		}
	}
	// The profile's own password: the account is made again with it.
	if res := c.post(accountURL(p), url.Values{"courriel": {email}, "mot_de_passe": {password}, "confirmation": {password}}); res.location != gateURL(p) {
		t.Fatalf("the profile's password was refused: %q", res.location)
	}
	if res := c.post(gateURL(p), url.Values{"courriel": {email}, "mot_de_passe": {password}}); res.location != gateURL(p)+"#erreurs" {
		t.Errorf("signing in before the activation e-mail: %q", res.location)
	}
	msg := c.get(mailboxURL(p.ID) + "?message=activation")
	link := activationRE.FindStringSubmatch(msg.body)
	if link == nil {
		t.Fatal("no activation link in the practice mailbox")
	}
	c.get(strings.ReplaceAll(link[1], "&amp;", "&"))
	res := c.post(gateURL(p), url.Values{"courriel": {email}, "mot_de_passe": {password}})
	if res.location != stepURL(p, p.Step("verification")) {
		t.Fatalf("signing in led to %q, want the identity check (no SMS code on MaPrimeRénov')", res.location)
	}
	if page := c.follow(res); !strings.Contains(page.body, "Vérification de votre identité") {
		t.Error("the first step is not the identity check")
	}
}

// TestCAFCodeAfterLogin: on Mon Compte, the code read on the simulated
// phone follows the password; the declaration waits for it, the code page
// goes back to the login step, and a wrong code is refused.
func TestCAFCodeAfterLogin(t *testing.T) {
	ta := newTestApp(t)
	p := procByID(t, ta, "caf-declaration-trimestrielle")
	if p.Traps.SMSCodeAfter != "connexion" {
		t.Fatalf("sms_code_after is %q, want connexion", p.Traps.SMSCodeAfter)
	}
	c := ta.client(t)
	c.begin(p, "kevin")
	if res := c.get(codeURL(p)); res.location != stepURL(p, p.Step("connexion")) {
		t.Errorf("the code page before the login: %q", res.location)
	}
	if res := c.post(stepURL(p, p.Step("connexion")), loginForm("1 95 03 69 123 456", "Entrainement2026")); res.location != codeURL(p) {
		t.Fatalf("the login led to %q, want the code page", res.location)
	}
	for _, path := range []string{stepURL(p, p.Step("declaration")), reviewURL(p)} {
		if res := c.get(path); res.location != codeURL(p) {
			t.Errorf("%s before the code: %d %q", path, res.status, res.location)
		}
	}
	if res := c.post(stepURL(p, p.Step("declaration")), url.Values{"en_couple": {"false"}}); res.location != codeURL(p) {
		t.Errorf("posting the declaration before the code: %q", res.location)
	}
	page := c.get(codeURL(p))
	for _, want := range []string{"Code de vérification", `href="/demarches/` + p.ID + `/telephone"`, `class="back-link" href="` + stepURL(p, p.Step("connexion")) + `"`} {
		if !strings.Contains(page.body, want) {
			t.Errorf("the code page lacks %q", want)
		}
	}
	code := c.phoneCode(p)
	wrong := "000000"
	if code == wrong {
		wrong = "111111"
	}
	c.post(codeURL(p), url.Values{"code": {wrong}})
	if page := c.get(codeURL(p)); !strings.Contains(page.body, "Le code saisi est incorrect.") {
		t.Error("a wrong code is not refused")
	}
	res := c.post(codeURL(p), url.Values{"code": {code}})
	if res.location != stepURL(p, p.Step("declaration")) {
		t.Fatalf("the right code led to %q", res.location)
	}
	if res := c.get(codeURL(p)); res.location != stepURL(p, p.Step("declaration")) {
		t.Errorf("the code page once passed: %q", res.location)
	}
	if phone := c.get("/demarches/" + p.ID + "/telephone"); phone.status != 200 || !strings.Contains(phone.body, `href="`+stepURL(p, p.Step("declaration"))+`"`) {
		t.Errorf("the phone after the code: %d, no way back to the declaration", phone.status)
	}
}
