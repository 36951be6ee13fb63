package web

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// erase goes through "Effacer mes réponses" as a learner does: the link of
// the sandbox bar, the confirmation page, its button. It returns the
// button's answer.
func (c *client) erase() response {
	c.t.Helper()
	ask := c.get(erasePath)
	if ask.status != http.StatusOK || !strings.Contains(ask.body, `name="confirmer" value="oui"`) {
		c.t.Fatalf("the confirmation page: %d\n%s", ask.status, ask.body)
	}
	return c.post(erasePath, url.Values{"confirmer": {"oui"}})
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// text is the page's text, tags dropped and spaces collapsed.
func text(body string) string {
	return strings.Join(strings.Fields(html.UnescapeString(tagRE.ReplaceAllString(body, " "))), " ")
}

// TestEraseAsksFirst: the sandbox bar leads to a page that says what will
// be lost, erases nothing (nor does a post without its confirmation), and
// "Annuler" goes back where the learner was; its button erases.
func TestEraseAsksFirst(t *testing.T) {
	ta := newTestApp(t)
	p := caf(t, ta)
	c := ta.client(t)
	step := c.begin(p, "kevin")
	from := stepURL(p, p.Steps[0])
	if want := `href="/effacer-mes-reponses?retour=` + url.QueryEscape(from) + `"`; !strings.Contains(strings.ToLower(step.body), strings.ToLower(want)) {
		t.Fatalf("the sandbox bar has no link %s", want)
	}
	if strings.Contains(step.body, `action="/effacer-mes-reponses"`) {
		t.Error("a page still erases in one click, from the sandbox bar")
	}
	id := c.cookies[sessionCookie]
	held := func() bool {
		_, err := ta.store.Get(context.Background(), id)
		return err == nil
	}

	ta.advance(2 * time.Minute)
	seen := func() time.Time {
		sessions, err := ta.store.Peek(context.Background(), []string{id})
		if err != nil || sessions[id] == nil {
			t.Fatalf("the session: %v", err)
		}
		return sessions[id].LastSeen
	}
	before := seen()
	ask := c.get(erasePath + "?retour=" + url.QueryEscape(from))
	if seen() != before {
		t.Error("reading the confirmation page wrote to the session")
	}
	if ask.status != http.StatusOK {
		t.Fatalf("the confirmation page: %d", ask.status)
	}
	words := text(ask.body)
	for _, want := range []string{
		"Effacer mes réponses ?",
		"les réponses que vous avez tapées dans les démarches commencées",
		p.Title,
		"les fichiers que vous avez envoyés",
		"le suivi de vos dossiers dans « Mon espace »",
		"le code pour reprendre sur un autre appareil",
		"Oui, effacer mes réponses",
	} {
		if !strings.Contains(words, want) {
			t.Errorf("the confirmation page does not say %q:\n%s", want, words)
		}
	}
	if strings.Contains(words, "anime la séance") {
		t.Error("outside a training, the page speaks of a mediator")
	}
	if n := strings.Count(ask.body, `href="`+from+`"`); n < 1 || !strings.Contains(ask.body, ">Annuler</a>") {
		t.Errorf("no \"Annuler\" back to %s", from)
	}
	if !held() {
		t.Fatal("reading the confirmation page erased the session")
	}
	if a := ta.attemptOf(t, c, p.ID); a == nil {
		t.Fatal("reading the confirmation page lost the attempt")
	}

	// A post without the confirmation (a form of an older page) asks.
	res := c.post(erasePath, nil)
	if res.status != http.StatusSeeOther || res.location != erasePath {
		t.Errorf("a post without confirmation: %d to %q, want 303 to the question", res.status, res.location)
	}
	if !held() {
		t.Fatal("a post without confirmation erased the session")
	}

	res = c.erase()
	if res.location != "/?efface=1" || held() {
		t.Fatalf("the confirmed erasure went to %q and left the session: %v", res.location, held())
	}

	// Somewhere else than the site, "Annuler" goes home.
	if page := c.get(erasePath + "?retour=" + url.QueryEscape("https://ailleurs.example/")); strings.Contains(page.body, `href="https://ailleurs`) || !strings.Contains(page.body, `<a class="button button-secondary" href="/">`) {
		t.Error("Annuler leads off the site")
	}
}

// TestEraseInATrainingWarnsOfTheMediator: in a training, the page also
// says that the mediator will no longer see the learner's progress; in
// English too.
func TestEraseInATrainingWarnsOfTheMediator(t *testing.T) {
	ta := newTrainingApp(t)
	_, code := openTraining(t, ta.client(t), newTrainingValues())
	learner := ta.client(t)
	learner.follow(joinTraining(t, learner, code, "Lina"))
	words := text(learner.get(erasePath).body)
	if !strings.Contains(words, "la personne qui anime la séance ne verra plus votre progression") {
		t.Errorf("in a training, the page does not speak of the mediator:\n%s", words)
	}
	learner.get("/langue/en")
	words = text(learner.get(erasePath).body)
	for _, want := range []string{"Erase my answers?", "the person running the session will no longer see your progress", "Cancel"} {
		if !strings.Contains(words, want) {
			t.Errorf("in English, the page does not say %q:\n%s", want, words)
		}
	}
	if res := learner.erase(); res.location != "/?efface=1" {
		t.Errorf("erasing in a training went to %q", res.location)
	}
}
