package web

import (
	"context"
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/procedure"
	"github.com/repetition-demarches/repetition/server/store"
)

// counts sums the friction counters of procedure proc as "step/kind/key".
func counts(t *testing.T, ta *testApp, proc string) map[string]int {
	t.Helper()
	cs, err := ta.store.Counts(context.Background(), proc, testClock.Add(-24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, c := range cs {
		out[c.Step+"/"+c.Kind+"/"+c.Key] += c.N
	}
	return out
}

func TestFrictionCountsFromAWalk(t *testing.T) {
	ta := newTestApp(t)
	p := caf(t, ta)
	c := ta.client(t)
	c.begin(p, "kevin")
	login := "/demarches/" + p.ID + "/etapes/connexion"
	c.post(login, loginForm("12 34", kevinPassword))                           // refused: a bad number
	c.post(login, loginForm("12 34", kevinPassword))                           // refused again
	c.postStep(p, "connexion", loginForm("1 95 03 69 123 456", kevinPassword)) // and the code read on the phone
	c.get("/demarches/" + p.ID + "/etapes/declaration")
	c.post(login, loginForm("1 95 03 69 123 456", kevinPassword)) // back to the first step: counts nothing again
	got := counts(t, ta, p.ID)
	want := map[string]int{
		"connexion/reached/":    1,
		"connexion/refused/nir": 2,
		"connexion/hint/":       1, // the hint shown after one refusal
		"declaration/reached/":  1,
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%s = %d, want %d (all: %v)", k, got[k], n, got)
		}
	}
	if len(got) != len(want) {
		t.Errorf("counters = %v, want only %v", got, want)
	}

	// A second learner, on their own, asks for help and submits.
	c2 := ta.client(t)
	c2.get(startURL(p))
	c2.follow(c2.post(startURL(p)+"commencer", url.Values{"profil": {"kevin"}, "mode": {engine.ModeAutonomous}}))
	c2.post(login, url.Values{"aide": {"1"}})
	c2.post(login, url.Values{"aide": {"1"}}) // asked twice, counted once
	got = counts(t, ta, p.ID)
	if got["connexion/help/"] != 1 || got["connexion/reached/"] != 2 {
		t.Errorf("after a help request: %v", got)
	}
}

func TestFrictionCountsOfAScenarioToTheReceipt(t *testing.T) {
	ta := newTestApp(t)
	p := caf(t, ta)
	sc := p.Scenarios[0]
	if sc.Expect.Reaches != procedure.StepReceipt {
		t.Fatalf("the first CAF scenario no longer reaches the receipt")
	}
	playWeb(t, ta, p, sc)
	got := counts(t, ta, p.ID)
	if got["/submitted/"] != 1 {
		t.Errorf("submissions = %d, want 1 (%v)", got["/submitted/"], got)
	}
	for k, n := range got {
		if strings.HasSuffix(k, "/reached/") && n != 1 {
			t.Errorf("%s = %d: one learner counts once", k, n)
		}
	}
	if got[p.Steps[0].ID+"/reached/"] != 1 {
		t.Errorf("the first step was not counted as reached: %v", got)
	}
}

func TestFeedbackBoxOnEveryKindOfPage(t *testing.T) {
	ta := newTestApp(t)
	p := caf(t, ta)
	filled := ta.client(t) // every step sent, not submitted
	filled.begin(p, p.Scenarios[0].Profile)
	filled.fillSteps(p, ta.engine.ScenarioAnswers(p, p.Scenarios[0]))
	played := playedClient(t, ta, p)
	base := "/demarches/" + p.ID
	for _, path := range []string{
		base + "/", base + "/etapes/connexion", base + "/etapes/declaration", base + "/recapitulatif",
		base + "/recepisse", base + "/suivi", base + "/papiers", base + "/pour-de-vrai",
	} {
		t.Run(path, func(t *testing.T) {
			var res response
			switch {
			case strings.HasPrefix(path, base+"/etapes/") || strings.HasSuffix(path, "recapitulatif"):
				res = filled.get(path)
			case strings.HasSuffix(path, "recepisse") || strings.HasSuffix(path, "suivi"):
				res = played.get(path)
			default:
				res = ta.client(t).get(path) // a fresh browser
			}
			if res.status != http.StatusOK {
				t.Fatalf("status %d", res.status)
			}
			step := strings.Contains(path, "/etapes/")
			// On a step page the box's fields go with the step's form.
			box := `<form method="post" action="/avis">`
			if step {
				box = `form="formulaire-etape" formaction="/avis"`
			}
			if !strings.Contains(res.body, box) || !strings.Contains(res.body, `name="retour" value="`+path+`"`) {
				t.Fatalf("no feedback box coming back to %s", path)
			}
			if got := strings.Contains(res.body, "Ce que vous avez écrit plus haut est gardé"); got != step {
				t.Errorf("the note that typed answers are kept is shown: %v, want %v", got, step)
			}
		})
	}
	for _, path := range []string{base + "/parcours", base + "/frictions", "/", "/glossaire"} {
		if res := ta.client(t).get(path); strings.Contains(res.body, `action="/avis"`) || strings.Contains(res.body, `formaction="/avis"`) {
			t.Errorf("%s has a feedback box", path)
		}
	}
}

// playedClient is a learner who has submitted the first CAF scenario.
func playedClient(t *testing.T, ta *testApp, p *procedure.Procedure) *client {
	t.Helper()
	c := ta.client(t)
	answers := ta.engine.ScenarioAnswers(p, p.Scenarios[0])
	c.begin(p, p.Scenarios[0].Profile)
	c.fillSteps(p, answers)
	c.post("/demarches/"+p.ID+"/valider", url.Values{"attestation": {"true"}})
	return c
}

func TestFeedbackPost(t *testing.T) {
	ta := newTestApp(t)
	p := caf(t, ta)
	step := "/demarches/" + p.ID + "/etapes/connexion"
	long := strings.Repeat("é", maxComment+1)
	tests := []struct {
		name     string
		form     url.Values
		location string
		comment  bool
	}{
		{"rating and comment", url.Values{"note": {"2"}, "commentaire": {"  <b>Trop dur</b>  "}}, step + "?avis=merci#avis", true},
		{"giving up only", url.Values{"arret": {"1"}}, step + "?avis=merci#avis", false},
		{"longest comment", url.Values{"commentaire": {long[:len(long)-2]}}, step + "?avis=merci#avis", true},
		{"comment too long", url.Values{"note": {"3"}, "commentaire": {long}}, step + "?avis=invalide#avis", false},
		{"rating out of the scale", url.Values{"note": {"5"}}, step + "?avis=invalide#avis", false},
		{"rating not a number", url.Values{"note": {"bien"}}, step + "?avis=invalide#avis", false},
		{"nothing", url.Values{}, step + "?avis=vide#avis", false},
		{"comment turned around", url.Values{"commentaire": {"Trop \u202etûoc ac"}}, step + "?avis=invisible#avis", false},
		{"comment with a zero-width space", url.Values{"commentaire": {"Trop\u200b dur"}}, step + "?avis=invisible#avis", false},
		{"comment with an isolate", url.Values{"commentaire": {"\u2066Trop dur"}}, step + "?avis=invisible#avis", false},
		{"comment with a byte order mark", url.Values{"commentaire": {"\ufeffTrop dur"}}, step + "?avis=invisible#avis", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ta.client(t)
			c.begin(p, "kevin")
			before, _ := ta.store.Comments(context.Background(), p.ID, 100)
			tt.form.Set("retour", step+"?avis=merci")
			res := c.post("/avis", tt.form)
			if res.status != http.StatusSeeOther || res.location != tt.location {
				t.Fatalf("POST /avis = %d %q, want 303 %q", res.status, res.location, tt.location)
			}
			after, _ := ta.store.Comments(context.Background(), p.ID, 100)
			if got := len(after) > len(before); got != tt.comment {
				t.Fatalf("comment kept: %v, want %v", got, tt.comment)
			}
			page := c.follow(res)
			switch {
			case strings.Contains(tt.location, "merci"):
				if !strings.Contains(page.body, `<p class="notice" role="status">Merci, votre avis a été envoyé.`) {
					t.Errorf("no thank-you on the page")
				}
			default:
				if !strings.Contains(page.body, `<details open>`) || !strings.Contains(page.body, `class="feedback-error" role="alert"`) {
					t.Errorf("the box is not open with the problem")
				}
				if strings.Contains(tt.location, "invisible") && !strings.Contains(page.body, "caractère invisible") {
					t.Errorf("the box does not say the comment holds an invisible character")
				}
			}
		})
	}
	got := counts(t, ta, p.ID)
	if got["connexion/rating/2"] != 1 || got["connexion/gave_up/"] != 1 || got["connexion/rating/3"] != 0 {
		t.Errorf("counters after the posts: %v", got)
	}
	cs, _ := ta.store.Comments(context.Background(), p.ID, 10)
	if cs[len(cs)-1].Text != "<b>Trop dur</b>" || cs[len(cs)-1].Step != "connexion" || cs[len(cs)-1].Rating != 2 {
		t.Errorf("first comment kept as %+v", cs[len(cs)-1])
	}
}

func TestFeedbackRefusals(t *testing.T) {
	ta := newTestApp(t)
	p := caf(t, ta)
	c := ta.client(t)
	c.get(startURL(p))
	for _, ret := range []string{"/", "//ailleurs.example/demarches/" + p.ID + "/", "/demarches/inconnue/", "/demarches/" + p.ID + "/etapes/inconnue",
		"/demarches/" + p.ID + "/parcours", "/demarches/" + p.ID + "/frictions"} {
		if res := c.post("/avis", url.Values{"retour": {ret}, "note": {"2"}}); res.status != http.StatusBadRequest {
			t.Errorf("retour %q: status %d, want 400", ret, res.status)
		}
	}
	res := c.post("/avis", url.Values{"retour": {startURL(p)}, "note": {"2"}, "_csrf": {"forged"}})
	if res.status != http.StatusForbidden {
		t.Errorf("a forged token: status %d, want 403", res.status)
	}
	if got := counts(t, ta, p.ID); len(got) != 0 {
		t.Errorf("refused posts counted: %v", got)
	}
}

var svgRE = regexp.MustCompile(`(?s)<svg .*?</svg>`)

func TestFrictionPage(t *testing.T) {
	ta := newTestApp(t)
	p := caf(t, ta)
	empty := ta.client(t).get("/demarches/" + p.ID + "/frictions")
	if empty.status != http.StatusOK || !strings.Contains(empty.body, "Pas encore de chiffres") {
		t.Fatalf("empty friction page: %d", empty.status)
	}
	for range 2 {
		playWeb(t, ta, p, p.Scenarios[0])
	}
	c := ta.client(t)
	c.begin(p, "kevin")
	c.post("/demarches/"+p.ID+"/etapes/connexion", loginForm("12 34", kevinPassword))
	c.post("/avis", url.Values{"retour": {"/demarches/" + p.ID + "/etapes/connexion"}, "note": {"1"}, "arret": {"1"}, "commentaire": {"Je n'ai pas <mon> numéro"}})
	res := c.get("/demarches/" + p.ID + "/frictions")
	if res.status != http.StatusOK {
		t.Fatalf("status %d", res.status)
	}
	for _, want := range []string{
		`<tr><th scope="row" lang="fr" dir="ltr">Connexion à Mon Compte</th><td>3</td></tr>`,
		`<tr><th scope="row">Dossier envoyé</th><td>2</td></tr>`,
		`<tr><th scope="row" lang="fr" dir="ltr">Numéro de sécurité sociale</th><td>Connexion à Mon Compte</td><td>1</td></tr>`,
		`<tr><th scope="row">Très difficile</th><td>1</td></tr>`,
		`Je n&#39;ai pas &lt;mon&gt; numéro`,
		`<strong>S&#39;est arrêté ici</strong>`,
	} {
		if !strings.Contains(res.body, want) {
			t.Errorf("friction page without %s", want)
		}
	}
	svgs := svgRE.FindAllString(res.body, -1)
	if len(svgs) < 4 {
		t.Fatalf("%d charts, want at least 4", len(svgs))
	}
	for _, svg := range svgs {
		if strings.Contains(svg, "style=") || !strings.Contains(svg, `role="img" aria-label="`) {
			t.Errorf("chart with a style or without a label: %.200s", svg)
		}
		dec := xml.NewDecoder(strings.NewReader(svg))
		for {
			_, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("chart is not well-formed XML: %v\n%s", err, svg)
			}
		}
	}
	if !strings.Contains(c.get(startURL(p)).body, `href="/demarches/`+p.ID+`/frictions"`) {
		t.Errorf("the start page does not link to the friction page")
	}
	ta.advance(40 * 24 * time.Hour) // past the retention: the window is empty
	if res := c.get("/demarches/" + p.ID + "/frictions"); strings.Count(res.body, "<svg ") != 0 {
		t.Errorf("figures older than the retention are shown")
	}
}

func TestFrictionCountsKeepNothingOfTheLearner(t *testing.T) {
	ta := newTestApp(t)
	p := caf(t, ta)
	c := ta.client(t)
	c.begin(p, "kevin")
	c.post("/demarches/"+p.ID+"/etapes/connexion", loginForm("12 34", kevinPassword))
	cs, _ := ta.store.Counts(context.Background(), p.ID, testClock.Add(-time.Hour))
	sid := c.cookies[sessionCookie]
	for _, ct := range cs {
		for _, s := range []string{ct.Procedure, ct.Step, ct.Kind, ct.Key} {
			if sid != "" && strings.Contains(s, sid) || strings.Contains(s, "12 34") {
				t.Errorf("a counter holds something of the learner: %+v", ct)
			}
		}
		if !slices.Contains([]string{store.CountReached, store.CountRefused, store.CountHint}, ct.Kind) {
			t.Errorf("unexpected counter %+v", ct)
		}
	}
}

// TestFeedbackKeepsTypedAnswers: on a step page the opinion is sent with
// the step's form, so what the learner typed and did not send is kept,
// unjudged, and shown again.
func TestFeedbackKeepsTypedAnswers(t *testing.T) {
	ta := newTestApp(t)
	p := caf(t, ta)
	c := ta.client(t)
	page := c.begin(p, "").body
	if !strings.Contains(page, `<form id="formulaire-etape"`) || !strings.Contains(page, `form="formulaire-etape" formaction="/avis"`) ||
		!strings.Contains(page, `name="commentaire" rows="3" maxlength="500" aria-describedby="avis-aide" form="formulaire-etape"`) {
		t.Fatalf("the box's fields do not belong to the step's form:\n%s", page)
	}
	form := loginForm("1 95 03 69 123 4", "x")
	form.Set("retour", stepURL(p, p.Steps[0]))
	form.Set("note", "2")
	r := c.post("/avis", form)
	if r.status != 303 || !strings.Contains(r.location, "avis=merci") {
		t.Fatalf("opinion with typed answers: %d %s", r.status, r.location)
	}
	a := ta.attemptOf(t, c, p.ID)
	if a.Answers["nir"] != "1 95 03 69 123 4" || a.Steps["connexion"].Done || a.Steps["connexion"].Failures != 0 {
		t.Errorf("typed answer not kept as is, or judged: %q %+v", a.Answers["nir"], a.Steps["connexion"])
	}
	if !strings.Contains(c.get(r.location).body, `value="1 95 03 69 123 4"`) {
		t.Error("the typed answer is not shown again")
	}
}
