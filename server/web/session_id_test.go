package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/repetition-demarches/repetition/server/store"
)

// planted is a well-formed session id that the server never issued: the
// review planted such a value on a shared computer, and read the next
// learner's answers with it.
const planted = "PLANTEDplantedPLANTEDplantedPLANTEDplanted0"

// held reports whether the store holds a session under id.
func held(t *testing.T, ta *testApp, id string) bool {
	t.Helper()
	_, err := ta.store.Get(context.Background(), id)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		t.Fatal(err)
	}
	return err == nil
}

// TestPlantedSessionIDIsNeverAdopted: whatever the browser claims, the
// server keeps only the ids it issued. On every address that used to take
// a client's id as it came, the planted id ends up holding nothing, and
// the learner's session has an id of the server's.
func TestPlantedSessionIDIsNeverAdopted(t *testing.T) {
	if len(planted) != 43 {
		t.Fatal("the planted id must look like a real one")
	}
	ta := newTrainingApp(t)
	p := ta.proc(t, "ants-permis-perte-vol")
	mediator := ta.client(t)
	_, code := openTraining(t, mediator, newTrainingValues())

	for _, tt := range []struct {
		name string
		do   func(c *client) response
	}{
		{"commencer", func(c *client) response {
			c.get(startURL(p))
			return c.post(startURL(p)+"commencer", url.Values{"profil": {p.Profiles[0].ID}})
		}},
		{"rejoindre", func(c *client) response { return joinTraining(t, c, code, "Lune") }},
		{"reprendre/code", func(c *client) response { c.get("/reprendre"); return c.post("/reprendre/code", nil) }},
		{"recommencer", func(c *client) response { c.get(startURL(p)); return c.post(startURL(p)+"recommencer", nil) }},
		{"suivi/avancer", func(c *client) response { c.get(startURL(p)); return c.post(dossierURL(p)+"/avancer", nil) }},
		{"seance/quitter", func(c *client) response { c.get("/rejoindre"); return c.post("/seance/quitter", nil) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			victim := ta.client(t)
			victim.cookies[sessionCookie] = planted
			if res := tt.do(victim); res.status >= 400 {
				t.Fatalf("%d", res.status)
			}
			if held(t, ta, planted) {
				t.Fatalf("the server made a session of the planted id")
			}
			if id := victim.cookies[sessionCookie]; id != planted && id != "" && !held(t, ta, id) {
				t.Errorf("the browser holds %q, which the server does not hold", id)
			}
			// The planter, with the same id, sees nothing of the victim's.
			planter := ta.client(t)
			planter.cookies[sessionCookie] = planted
			if page := planter.get(startURL(p)); strings.Contains(page.body, "Reprendre") {
				t.Errorf("the planter can resume the victim's attempt")
			}
		})
	}
}

var sessionCookieRE = regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`)

// rotated checks that the browser's session id changed from before to an
// id the server holds, and that before opens nothing any more.
func rotated(t *testing.T, ta *testApp, c *client, before, when string) string {
	t.Helper()
	now := c.cookies[sessionCookie]
	switch {
	case !sessionCookieRE.MatchString(now):
		t.Errorf("%s: the browser's session id is %q", when, now)
	case now == before:
		t.Errorf("%s: the session id did not change", when)
	case !held(t, ta, now):
		t.Errorf("%s: the new id holds no session", when)
	case before != "" && held(t, ta, before):
		t.Errorf("%s: the old id still opens the session", when)
	}
	return now
}

// TestSessionIDRotates: the id changes when an attempt begins, when a
// learner joins a training, when a resume code is used, and after each
// simulated login (the site's own login step, the SMS code, the account's
// password, the identity provider); the old one opens nothing.
func TestSessionIDRotates(t *testing.T) {
	ta := newTrainingApp(t)
	caf := ta.proc(t, cafID)
	c := ta.client(t)
	c.get(startURL(caf))
	c.post(startURL(caf)+"commencer", url.Values{"profil": {"kevin"}})
	id := rotated(t, ta, c, "", "first attempt")
	c.get(startURL(caf))
	c.post(startURL(caf)+"commencer", url.Values{"profil": {"kevin"}})
	id = rotated(t, ta, c, id, "a new attempt")

	c.get(stepURL(caf, caf.Steps[0]))
	form := stepForm(caf.Steps[0], ta.engine.ScenarioAnswers(caf, caf.Scenarios[0]))
	if res := c.post(stepURL(caf, caf.Steps[0]), form); res.location != codeURL(caf) {
		t.Fatalf("the login step led to %q", res.location)
	}
	id = rotated(t, ta, c, id, "the site's own login step")
	code := c.phoneCode(caf)
	c.get(codeURL(caf))
	if res := c.post(codeURL(caf), url.Values{"code": {code}}); res.status != http.StatusSeeOther || strings.Contains(res.location, "code") {
		t.Fatalf("the code led to %d %q", res.status, res.location)
	}
	id = rotated(t, ta, c, id, "the SMS code")

	mediator := ta.client(t)
	_, join := openTraining(t, mediator, newTrainingValues())
	if res := joinTraining(t, c, join, "Soleil"); res.location != "/seance" {
		t.Fatalf("join: %d %q", res.status, res.location)
	}
	id = rotated(t, ta, c, id, "joining a training")
	if page := c.get("/seance"); !strings.Contains(page.body, "Soleil") {
		t.Error("the training lost its learner with the new id")
	}

	c.get("/reprendre")
	page := c.follow(c.post("/reprendre/code", nil))
	m := regexp.MustCompile(`[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}`).FindStringSubmatch(page.body)
	if m == nil {
		t.Fatal("no resume code")
	}
	other := ta.client(t)
	other.get("/reprendre")
	other.post("/reprendre", url.Values{"code": {m[0]}})
	rotated(t, ta, other, id, "a resume code")

	mpr := ta.proc(t, "anah-maprimerenov")
	d := ta.client(t)
	d.get(startURL(mpr))
	d.post(startURL(mpr)+"commencer", url.Values{"profil": {mpr.Profiles[0].ID}})
	before := d.cookies[sessionCookie]
	d.passGate(mpr)
	rotated(t, ta, d, before, "the account's password")

	ants := ta.proc(t, "ants-pre-demande-identite")
	e := ta.client(t)
	e.get(startURL(ants))
	e.post(startURL(ants)+"commencer", url.Values{"profil": {ants.Profiles[0].ID}})
	before = e.cookies[sessionCookie]
	e.get(identipassURL(ants) + "/impots")
	e.post(identipassURL(ants)+"/impots", url.Values{"identifiant": {"1234567890123"}, "mot_de_passe": {"x"}})
	before = rotated(t, ta, e, before, "the identity provider's login")
	e.get(identipassURL(ants) + "/consentement")
	e.post(identipassURL(ants)+"/consentement", nil)
	rotated(t, ta, e, before, "the identity provider's consent")
}

// TestErasedAndExpiredIDsStayDead: after "Effacer mes réponses", and after
// idle expiry, the old id opens nothing and is never given a session
// again: the next attempt gets a new id.
func TestErasedAndExpiredIDsStayDead(t *testing.T) {
	ta := newTestApp(t)
	p := ta.proc(t, "ants-permis-perte-vol")
	c := ta.client(t)
	c.begin(p, p.Profiles[0].ID)
	erased := c.cookies[sessionCookie]
	c.erase()
	c.cookies[sessionCookie] = erased // a browser that kept it
	c.get(startURL(p))
	c.post(startURL(p)+"commencer", url.Values{"profil": {p.Profiles[0].ID}})
	if held(t, ta, erased) || c.cookies[sessionCookie] == erased {
		t.Error("an erased id came back to life")
	}

	expired := c.cookies[sessionCookie]
	ta.advance(3 * ta.srv.SessionIdle)
	if _, err := ta.store.Expire(context.Background(), ta.engine.Now().Add(-ta.srv.SessionIdle)); err != nil {
		t.Fatal(err)
	}
	c.get(startURL(p))
	c.post(startURL(p)+"commencer", url.Values{"profil": {p.Profiles[0].ID}})
	if held(t, ta, expired) || c.cookies[sessionCookie] == expired {
		t.Error("an expired id came back to life")
	}
}
