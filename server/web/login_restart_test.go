package web

import (
	"bytes"
	"net/url"
	"strings"
	"testing"

	"github.com/repetition-demarches/repetition/server/engine"
)

// TestSignInAfterARestart: the key of the password's fingerprint is the
// engine's, so a new engine (the server restarted) cannot check the
// password of an account made before. The guide of the sign-in page says
// so in the learner's language, and a password that meets the rules,
// with the right e-mail, goes on to the code.
func TestSignInAfterARestart(t *testing.T) {
	ta, p := accountApp(t)
	c := ta.client(t)
	c.get("/langue/en")
	c.get(startURL(p))
	c.post(startURL(p)+"commencer", url.Values{})
	c.get(accountURL(p))
	c.post(accountURL(p), url.Values{"courriel": {"kevin@exemple.fr"}, "mot_de_passe": {gatePassword}, "confirmation": {gatePassword}})
	link := activationRE.FindStringSubmatch(c.get(mailboxURL(p.ID) + "?message=activation").body)
	if link == nil {
		t.Fatal("no activation link in the practice mailbox")
	}
	c.get(strings.ReplaceAll(link[1], "&amp;", "&"))
	const note = `<p class="guide guide-note" lang="en" dir="ltr">The practice site restarted since you created this account: your practice password cannot be checked.`
	if page := c.get(gateURL(p)); strings.Contains(page.body, "guide-note") {
		t.Error("before the restart, the sign-in page says the password cannot be checked")
	}

	ta.srv.Engine = &engine.Engine{Now: ta.engine.Now, Random: bytes.NewReader(bytes.Repeat([]byte{9}, 1<<12))}
	if page := c.get(gateURL(p)); !strings.Contains(page.body, note) {
		t.Errorf("after the restart, the sign-in page does not say, in English, that the password cannot be checked:\n%s", page.body)
	}
	if res := c.post(gateURL(p), url.Values{"courriel": {"kevin@exemple.fr"}, "mot_de_passe": {"trop-simple"}}); res.location != gateURL(p)+"#erreurs" {
		t.Errorf("after the restart, a password breaking the rules led to %q", res.location)
	}
	if res := c.post(gateURL(p), url.Values{"courriel": {"kevin@exemple.fr"}, "mot_de_passe": {"Autre-Essai-2026"}}); res.location != codeURL(p) {
		t.Fatalf("after the restart, a password meeting the rules led to %q, want the code", res.location)
	}
	if page := c.get(codeURL(p)); strings.Contains(page.body, "guide-note") {
		t.Error("the note stays after signing in")
	}
}
