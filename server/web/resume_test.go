package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/repetition-demarches/repetition/server/store"
)

var resumeCodeRE = regexp.MustCompile(`<strong>([A-Z2-9]{4}(?:-[A-Z2-9]{4})+)</strong>`)

// resumeCodeOf asks the code of c's session and returns it as shown.
func resumeCodeOf(t *testing.T, c *client) string {
	t.Helper()
	c.get("/reprendre")
	page := c.follow(c.post("/reprendre/code", nil))
	m := resumeCodeRE.FindStringSubmatch(page.body)
	if m == nil {
		t.Fatalf("no resume code shown:\n%s", page.body)
	}
	return m[1]
}

// resumeWith types code on a new device and returns the answer.
func resumeWithCode(c *client, code string) response {
	c.get("/reprendre")
	return c.post("/reprendre", url.Values{"code": {code}})
}

// TestResumeGuessesAreLimited: wrong resume codes from one address are
// limited, while a room of 30 learners behind another address, a third of
// them mistyping once, all get their exercises back.
func TestResumeGuessesAreLimited(t *testing.T) {
	ta := newTrainingApp(t)
	_, code := openTraining(t, ta.client(t), newTrainingValues())
	codes := make([]string, 30)
	for i := range codes {
		l := ta.client(t)
		joinTraining(t, l, code, "P")
		codes[i] = resumeCodeOf(t, l)
	}

	g := ta.client(t)
	g.get("/reprendre")
	answered := 0
	for range 200 {
		if r := g.post("/reprendre", url.Values{"code": {"AAAA-AAAA-AAAA"}}); r.status != http.StatusTooManyRequests {
			answered++
		}
	}
	t.Logf("wrong resume codes answered from one address: %d of 200", answered)
	if answered > 30 {
		t.Errorf("%d wrong resume codes answered from one address, want at most 30 a minute", answered)
	}
	if r := resumeWithCode(g, codes[0]); r.status != http.StatusTooManyRequests {
		t.Errorf("a limited address tried a right code: %d (the limit must not tell right from wrong)", r.status)
	}

	for i, c := range codes {
		laptop := ta.clientFrom(t, "127.0.0.2")
		if i%3 == 0 {
			typo := c[:len(c)-1] + map[bool]string{true: "Y", false: "Z"}[strings.HasSuffix(c, "Z")]
			if r := resumeWithCode(laptop, typo); r.status != http.StatusUnprocessableEntity {
				t.Errorf("learner %d mistyping: %d", i, r.status)
			}
		}
		if r := resumeWithCode(laptop, c); r.status != http.StatusSeeOther || r.location != "/?repris=1" {
			t.Errorf("learner %d of the room cannot resume: %d %q", i, r.status, r.location)
		}
	}
}

// TestResumeCodeOfAClosedTraining: the code of a learner of a training
// stops working when the training closes, by the mediator or at its end.
func TestResumeCodeOfAClosedTraining(t *testing.T) {
	ta := newTrainingApp(t)
	m := ta.client(t)
	dashboard, code := openTraining(t, m, newTrainingValues("duree", "60"))
	l := ta.client(t)
	joinTraining(t, l, code, "Lina")
	rc := resumeCodeOf(t, l)
	if r := resumeWithCode(ta.client(t), rc); r.location != "/?repris=1" {
		t.Fatalf("the code of an open training: %d %q", r.status, r.location)
	}
	m.get(dashboard)
	m.post(dashboard+"/cloturer", nil)
	r := resumeWithCode(ta.client(t), rc)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `id="code-erreur"`) {
		t.Errorf("the code of a closed training: %d %q", r.status, r.location)
	}

	_, code = openTraining(t, m, newTrainingValues("duree", "60"))
	l = ta.client(t)
	joinTraining(t, l, code, "Noé")
	rc = resumeCodeOf(t, l)
	ta.advance(61 * time.Minute)
	if r := resumeWithCode(ta.client(t), rc); r.status != http.StatusUnprocessableEntity {
		t.Errorf("the code of a training past its end: %d %q", r.status, r.location)
	}
}

// TestResumeCodeFormat: twelve characters without the ones people
// confuse, shown in groups of four, typed in any case, with or without
// spaces and dashes.
func TestResumeCodeFormat(t *testing.T) {
	ta := newTrainingApp(t)
	phone := ta.client(t)
	phone.begin(caf(t, ta), "kevin")
	shown := resumeCodeOf(t, phone)
	raw := strings.ReplaceAll(shown, "-", "")
	if len(raw) != 12 || strings.ContainsAny(raw, "01ILO") {
		t.Fatalf("code %q: want 12 characters without 0, 1, I, L, O", shown)
	}
	for _, typed := range []string{
		shown, raw, strings.ToLower(shown),
		" " + raw[:4] + " " + raw[4:8] + " " + raw[8:] + " ",
		raw[:4] + " - " + raw[4:8] + " - " + raw[8:],
	} {
		// Each device the code opens takes the session (under a new id).
		device := ta.client(t)
		if r := resumeWithCode(device, typed); r.location != "/?repris=1" {
			t.Errorf("typed %q: %d %q", typed, r.status, r.location)
		}
		phone = device
	}
	for _, typed := range []string{raw[:8], raw[:4] + "-" + raw[4:8], raw + "A", ""} {
		if r := resumeWithCode(ta.client(t), typed); r.status != http.StatusUnprocessableEntity {
			t.Errorf("typed %q: %d %q, want the code refused", typed, r.status, r.location)
		}
	}

	// A code of eight, given before codes grew, is replaced when asked.
	err := ta.store.Update(context.Background(), phone.cookies[sessionCookie], func(s *store.Session) error {
		s.ResumeCode = "ABCD2345"
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if page := phone.get("/reprendre").body; strings.Contains(page, "ABCD-2345") || !strings.Contains(page, `action="/reprendre/code"`) {
		t.Error("an old code of eight is still shown")
	}
	if again := resumeCodeOf(t, phone); len(again) != 14 {
		t.Errorf("the old code was replaced by %q", again)
	}
	if r := resumeWithCode(ta.client(t), "ABCD2345"); r.status != http.StatusUnprocessableEntity {
		t.Errorf("an old code of eight: %d %q", r.status, r.location)
	}
}
