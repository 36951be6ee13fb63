package web

import (
	"crypto/rand"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/repetition-demarches/repetition/server/procedure"
)

const cafID = "caf-declaration-trimestrielle"

// newTrainingApp is a test app whose ids are really random, so that each
// client gets its own session.
func newTrainingApp(t *testing.T, opts ...func(*Config)) *testApp {
	return newTestApp(t, append([]func(*Config){func(c *Config) { c.Random = rand.Reader }}, opts...)...)
}

var dashboardRE = regexp.MustCompile(`^/animer/s/([A-Za-z0-9_-]{43})$`)
var codeRE = regexp.MustCompile(`/projection/([A-Z0-9]{6})`)

// openTraining creates a training from form values and returns its
// dashboard address and join code.
func openTraining(t *testing.T, mediator *client, form url.Values) (dashboard, code string) {
	t.Helper()
	mediator.get("/animer")
	r := mediator.post("/animer", form)
	if r.status != http.StatusSeeOther || !dashboardRE.MatchString(r.location) {
		t.Fatalf("create: %d %q\n%s", r.status, r.location, r.body)
	}
	page := mediator.get(r.location)
	m := codeRE.FindStringSubmatch(page.body)
	if m == nil {
		t.Fatalf("no join code on the dashboard:\n%s", page.body)
	}
	return r.location, m[1]
}

func newTrainingValues(extra ...string) url.Values {
	f := url.Values{"demarches": {cafID}, "mode": {"autonome"}, "duree": {"60"}, "bloque": {"5"}, "attribution": {"libre"}}
	for i := 0; i+1 < len(extra); i += 2 {
		if k := extra[i]; k == "profils" || k == "demarches" {
			f.Add(k, extra[i+1])
		} else {
			f.Set(k, extra[i+1])
		}
	}
	return f
}

func joinTraining(t *testing.T, learner *client, code, pseudo string) response {
	t.Helper()
	learner.get("/rejoindre?code=" + code)
	return learner.post("/rejoindre", url.Values{"code": {code}, "pseudo": {pseudo}})
}

// row returns the dashboard row of a learner, tags stripped.
func dashboardRow(t *testing.T, mediator *client, dashboard, pseudo string) string {
	t.Helper()
	body := mediator.get(dashboard).body
	for _, tr := range strings.Split(body, "<tr") {
		if strings.Contains(tr, ">"+pseudo+"<") {
			return strings.Join(strings.Fields(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(tr, " ")), " ")
		}
	}
	t.Fatalf("no row for %s on the dashboard:\n%s", pseudo, body)
	return ""
}

func TestTrainingCreateRefusals(t *testing.T) {
	ta := newTrainingApp(t)
	m := ta.client(t)
	m.get("/animer")
	r := m.post("/animer", url.Values{"mode": {"guide"}, "duree": {"60"}, "bloque": {"5"}, "attribution": {"attribue"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Choisissez au moins une démarche") ||
		!strings.Contains(r.body, "cochez au moins un profil") {
		t.Fatalf("no procedure, assigned without profile: %d\n%s", r.status, r.body)
	}
	for name, form := range map[string]url.Values{
		"unknown mode":     {"demarches": {cafID}, "mode": {"tout"}, "duree": {"60"}, "bloque": {"5"}},
		"odd duration":     {"demarches": {cafID}, "mode": {"guide"}, "duree": {"7"}, "bloque": {"5"}},
		"odd stuck delay":  {"demarches": {cafID}, "mode": {"guide"}, "duree": {"60"}, "bloque": {"0"}},
		"missing duration": {"demarches": {cafID}, "mode": {"guide"}, "bloque": {"5"}},
	} {
		if r := m.post("/animer", form); r.status != http.StatusBadRequest {
			t.Errorf("%s: %d", name, r.status)
		}
	}
	if r := m.get("/animer/s/" + strings.Repeat("x", 43)); r.status != http.StatusNotFound {
		t.Errorf("unknown dashboard: %d", r.status)
	}
	if r := m.get("/animer/s/court"); r.status != http.StatusNotFound {
		t.Errorf("short dashboard id: %d", r.status)
	}

	// A server open to the network needs the organiser password.
	pub := newTrainingApp(t, func(c *Config) { c.Public = true })
	pm := pub.client(t)
	if r := pm.get("/animer"); !strings.Contains(r.body, "REPETITION_ORGANISER_PASSWORD") || strings.Contains(r.body, `action="/animer"`) {
		t.Errorf("public server without password still offers the form:\n%s", r.body)
	}
	if r := pm.post("/animer", newTrainingValues()); r.status != http.StatusForbidden {
		t.Errorf("public server without password: create answered %d", r.status)
	}
	locked := newTrainingApp(t, func(c *Config) { c.Public, c.OrganiserPassword = true, "lampe-verte-42" })
	lm := locked.client(t)
	lm.get("/animer")
	if r := lm.post("/animer", newTrainingValues("mot_de_passe", "faux")); r.status != http.StatusUnprocessableEntity ||
		!strings.Contains(r.body, "mot de passe d&#39;animation n&#39;est pas le bon") {
		t.Errorf("wrong organiser password: %d", r.status)
	}
	openTraining(t, lm, newTrainingValues("mot_de_passe", "lampe-verte-42"))
}

func TestTrainingJoinFollowAndReport(t *testing.T) {
	ta := newTrainingApp(t)
	p := ta.proc(t, cafID)
	m := ta.client(t)
	dashboard, code := openTraining(t, m, newTrainingValues("profils", cafID+"/kevin", "profils", cafID+"/amina", "attribution", "attribue"))
	if len(dashboardRE.FindStringSubmatch(dashboard)[1]) < 22 {
		t.Fatal("dashboard key shorter than 128 bits")
	}
	if r := m.get(dashboard); r.header.Get("Referrer-Policy") != "no-referrer" || !strings.Contains(r.body, "Personne n&#39;a encore rejoint") {
		t.Errorf("empty dashboard: %v\n%s", r.header, r.body)
	}

	// Joining: bad codes and pseudonyms are refused with a message.
	a := ta.client(t)
	a.get("/rejoindre")
	for _, tc := range []struct{ code, pseudo, want string }{
		{"ZZZZZZ", "Étoile", "ne correspond à aucune séance"},
		{code, "", "Choisissez un pseudo"},
		{code, strings.Repeat("x", 31), "30 caractères au plus"},
		{code, "a\x01b", "caractères non acceptés"},
	} {
		r := a.post("/rejoindre", url.Values{"code": {tc.code}, "pseudo": {tc.pseudo}})
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, tc.want) || !strings.Contains(r.body, `aria-invalid="true"`) {
			t.Errorf("join %q %q: %d, want %q", tc.code, tc.pseudo, r.status, tc.want)
		}
	}
	// The code is accepted as people type it: lower case, with a dash.
	typed := strings.ToLower(code[:3] + "-" + code[3:])
	if r := joinTraining(t, a, typed, "Étoile"); r.status != http.StatusSeeOther || r.location != "/seance" {
		t.Fatalf("join: %d %s\n%s", r.status, r.location, r.body)
	}
	b := ta.client(t)
	joinTraining(t, b, code, "étoile") // same pseudonym, other case
	home := b.get("/seance").body
	if !strings.Contains(home, "Bonjour étoile 2") || !strings.Contains(home, "Amina") {
		t.Errorf("second learner: pseudonym made unique and second profile dealt:\n%s", home[strings.Index(home, "<main"):])
	}

	// The training sets the mode and the profile, whatever the form says.
	start := a.get(startURL(p)).body
	if !strings.Contains(start, "Séance de groupe") || !strings.Contains(start, `name="profil" value="kevin"`) || strings.Contains(start, `value="guide"`) {
		t.Errorf("start page in a training:\n%s", start)
	}
	a.follow(a.post(startURL(p)+"commencer", url.Values{"profil": {"nadia"}, "mode": {"examen"}}))
	att := ta.attemptOf(t, a, cafID)
	if att.Profile != "kevin" || att.Mode != "autonome" {
		t.Errorf("attempt in a training: profile %q mode %q", att.Profile, att.Mode)
	}
	if got := dashboardRow(t, m, dashboard, "Étoile"); !strings.Contains(got, "Connexion") || !strings.Contains(got, "(1/7)") {
		t.Errorf("row after start: %s", got)
	}

	// A refused post shows as an error; six minutes later the learner is stuck.
	first := p.Steps[0]
	a.post(stepURL(p, first), url.Values{"nir": {"123"}})
	ta.advance(6 * time.Minute)
	row := dashboardRow(t, m, dashboard, "Étoile")
	if !strings.Contains(row, "Bloqué") || !strings.Contains(row, "6 min") || !strings.Contains(row, "Déclarer mes ressources") {
		t.Errorf("stuck row: %s", row)
	}
	detail := m.get(dashboard + "/apprenants/" + learnerIDOf(t, m, dashboard, "Étoile")).body
	if !strings.Contains(detail, "1 refus") || !strings.Contains(detail, "Numéro de sécurité sociale") {
		t.Errorf("learner detail lacks the refused field:\n%s", detail)
	}

	// A hint from the mediator shows once, on the learner's next page.
	learnerURL := dashboard + "/apprenants/" + learnerIDOf(t, m, dashboard, "Étoile")
	m.get(learnerURL)
	if r := m.post(learnerURL+"/message", url.Values{"message": {"Regardez votre carte Vitale."}, "genre": {"indice"}}); r.status != http.StatusSeeOther {
		t.Fatalf("message: %d", r.status)
	}
	if !strings.Contains(dashboardRow(t, m, dashboard, "Étoile"), "1 message non lu") {
		t.Error("the dashboard does not show the unread message")
	}
	page := a.get(stepURL(p, first)).body
	if !strings.Contains(page, "Message de l&#39;animateur") || !strings.Contains(page, "Regardez votre carte Vitale.") {
		t.Errorf("message not shown on the next page:\n%s", page)
	}
	if strings.Contains(a.get(stepURL(p, first)).body, "Regardez votre carte Vitale.") {
		t.Error("message shown twice")
	}
	if other := b.get("/seance").body; strings.Contains(other, "carte Vitale") {
		t.Error("a message reached the wrong learner")
	}

	// Progress: the learner completes the procedure.
	a.fillSteps(p, profileAnswers(t, ta, p, "kevin"))
	a.post("/demarches/"+cafID+"/valider", url.Values{"attestation": {"true"}})
	if row := dashboardRow(t, m, dashboard, "Étoile"); !strings.Contains(row, "Terminé") {
		t.Errorf("finished row: %s", row)
	}

	// The report: per step and per learner, HTML and CSV.
	rep := m.get(dashboard + "/rapport").body
	for _, want := range []string{"Bilan de la séance", "Connexion à Mon Compte", "Numéro de sécurité sociale : 1", "Étoile", "5/5"} {
		if !strings.Contains(rep, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	csv := m.get(dashboard + "/rapport.csv")
	lines := strings.Split(strings.TrimSpace(csv.body), "\n")
	if csv.header.Get("Content-Type") != "text/csv; charset=utf-8" || len(lines) != 1+len(p.Steps) {
		t.Fatalf("csv: %s, %d lines\n%s", csv.header.Get("Content-Type"), len(lines), csv.body)
	}
	if !strings.HasPrefix(lines[1], "Étoile;"+cafID+";connexion;1;oui;oui;") || !strings.Contains(lines[1], ";1;non;mot_de_passe=1 nir=1;oui") {
		t.Errorf("csv line: %s", lines[1])
	}

	// Reset: the learner starts again; close: nobody joins any more.
	m.get(learnerURL)
	m.post(learnerURL+"/reinitialiser", nil)
	if ta.attemptOf(t, a, cafID) != nil {
		t.Error("reset kept the attempt")
	}
	m.get(dashboard)
	m.post(dashboard+"/cloturer", nil)
	if !strings.Contains(m.get(dashboard).body, "Séance clôturée") {
		t.Error("dashboard not closed")
	}
	c := ta.client(t)
	if r := joinTraining(t, c, code, "Tard"); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Cette séance est terminée") {
		t.Errorf("join after close: %d", r.status)
	}
	if !strings.Contains(a.get("/seance").body, "La séance est terminée") {
		t.Error("the learner's page does not say the session is over")
	}
}

var learnerLinkRE = regexp.MustCompile(`/apprenants/([A-Za-z0-9_-]+)">([^<]+)<`)

func learnerIDOf(t *testing.T, m *client, dashboard, pseudo string) string {
	t.Helper()
	for _, mm := range learnerLinkRE.FindAllStringSubmatch(m.get(dashboard).body, -1) {
		if mm[2] == pseudo {
			return mm[1]
		}
	}
	t.Fatalf("no learner %s", pseudo)
	return ""
}

func TestTrainingFreeChoiceOfProfiles(t *testing.T) {
	ta := newTrainingApp(t)
	p := ta.proc(t, cafID)
	m := ta.client(t)
	_, code := openTraining(t, m, newTrainingValues("profils", cafID+"/amina"))
	a := ta.client(t)
	joinTraining(t, a, code, "Lune")
	start := a.get(startURL(p)).body
	if !strings.Contains(start, "Amina") || strings.Contains(start, "profil-kevin") || strings.Contains(start, "profil-aucun") {
		t.Errorf("only the chosen profile is offered:\n%s", start)
	}
	a.get(startURL(p))
	if r := a.post(startURL(p)+"commencer", url.Values{"profil": {"kevin"}}); r.status != http.StatusBadRequest {
		t.Errorf("a profile the mediator did not offer: %d", r.status)
	}
	// Leaving the training gives the learner the whole catalogue back.
	a.get("/seance")
	a.post("/seance/quitter", nil)
	if start := a.get(startURL(p)).body; !strings.Contains(start, "profil-kevin") {
		t.Error("after leaving, the profiles are still restricted")
	}
}

func TestJoinRateLimit(t *testing.T) {
	ta := newTrainingApp(t)
	m := ta.client(t)
	_, code := openTraining(t, m, newTrainingValues())
	// A whole room behind one address joins, a few mistyping first.
	for i := range 30 {
		c := ta.client(t)
		c.get("/rejoindre")
		c.post("/rejoindre", url.Values{"code": {"AAAAAA"}, "pseudo": {"x"}})
		if r := joinTraining(t, c, code, "P"+strings.Repeat("i", i%5)); r.status != http.StatusSeeOther {
			t.Fatalf("learner %d of the room refused: %d", i, r.status)
		}
	}
	// Guessing codes from one address is stopped.
	g := ta.client(t)
	g.get("/rejoindre")
	refused := 0
	for range 100 {
		if r := g.post("/rejoindre", url.Values{"code": {"BBBBBB"}, "pseudo": {"x"}}); r.status == http.StatusTooManyRequests {
			refused++
		}
	}
	if refused == 0 {
		t.Error("100 wrong codes in a row were never limited")
	}
}

func TestCheckPseudonym(t *testing.T) {
	for _, tc := range []struct {
		in, want string
	}{
		{"Kévin", ""},
		{"Ali 2", ""},
		{"محمد", ""},
		{"李小龍", ""},
		{"7", ""},
		{"Zoé ☀", ""},
		{"", "training.join.pseudo_missing"},
		{strings.Repeat("a", 31), "training.join.pseudo_long"},
		{"a\u202eb", "training.join.pseudo_invisible"},  // right-to-left override
		{"\u2066Léa", "training.join.pseudo_invisible"}, // left-to-right isolate
		{"Léa\u200b", "training.join.pseudo_invisible"}, // zero-width space
		{"\ufeffLéa", "training.join.pseudo_invisible"}, // byte order mark
		{"Lé\u00ada", "training.join.pseudo_invisible"}, // soft hyphen
		{"Lé\u200da", "training.join.pseudo_invisible"}, // zero-width joiner
		{"\u3164", "training.join.pseudo_invisible"},    // Hangul filler: a blank "letter"
		{"a\x07", "training.join.pseudo_invalid"},
		{"a\u2028b", "training.join.pseudo_invalid"},
		{"a\ue000", "training.join.pseudo_invalid"},
		{"a\xff", "training.join.pseudo_invalid"},
		{"---", "training.join.pseudo_no_letter"},
		{"☀ ☀", "training.join.pseudo_no_letter"},
		{"=+@", "training.join.pseudo_no_letter"},
	} {
		if got := checkPseudonym(tc.in); got != tc.want {
			t.Errorf("checkPseudonym(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestJoinRefusesInvisiblePseudonyms: a pseudonym that reads differently
// from what it is never reaches the dashboard nor the report.
func TestJoinRefusesInvisiblePseudonyms(t *testing.T) {
	ta := newTrainingApp(t)
	m := ta.client(t)
	dashboard, code := openTraining(t, m, newTrainingValues())
	for _, p := range []string{"\u202enivéK", "Ké\u200bvin", "..."} {
		r := joinTraining(t, ta.client(t), code, p)
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `id="pseudo-erreur"`) {
			t.Errorf("pseudonym %q: %d", p, r.status)
		}
	}
	if r := joinTraining(t, ta.client(t), code, "\u202enivéK"); !strings.Contains(r.body, "caractère invisible") {
		t.Error("the refusal does not say what is wrong")
	}
	if page := m.get(dashboard).body; strings.Contains(page, "\u202e") || strings.Contains(page, "\u200b") {
		t.Error("an invisible pseudonym reached the dashboard")
	}
}

// TestRejoinsDoNotLockTheRoom: whoever can read the projected code cannot
// keep newcomers out, by joining again and again from one browser, or by
// sending refused joins with the right code from elsewhere.
func TestRejoinsDoNotLockTheRoom(t *testing.T) {
	ta := newTrainingApp(t)
	_, code := openTraining(t, ta.client(t), newTrainingValues())
	a := ta.client(t)
	joinTraining(t, a, code, "Alice")
	limited := 0
	for range 150 {
		if r := a.post("/rejoindre", url.Values{"code": {code}, "pseudo": {"Alice"}}); r.status == http.StatusTooManyRequests {
			limited++
		}
	}
	if r := joinTraining(t, ta.client(t), code, "Bruno"); r.status != http.StatusSeeOther {
		t.Errorf("after 150 re-joins by one learner (%d limited), a newcomer gets %d", limited, r.status)
	}

	// Another room; from two other addresses, refused joins with its code
	// (each address below its own limit of refusals).
	_, code = openTraining(t, ta.client(t), newTrainingValues())
	for _, ip := range []string{"127.0.0.2", "127.0.0.3"} {
		m := ta.clientFrom(t, ip)
		m.get("/rejoindre")
		for range 80 {
			m.post("/rejoindre", url.Values{"code": {code}, "pseudo": {""}})
		}
	}
	for i, ip := range []string{"127.0.0.4", "127.0.0.5"} {
		if r := joinTraining(t, ta.clientFrom(t, ip), code, "Nouveau"); r.status != http.StatusSeeOther {
			t.Errorf("after 160 refused joins from elsewhere, newcomer %d gets %d", i, r.status)
		}
	}
}

// TestOrganiserPasswordGuessesAreLimited: wrong organiser passwords are
// limited by address, and across addresses, so that a password cannot be
// guessed from many machines either.
func TestOrganiserPasswordGuessesAreLimited(t *testing.T) {
	const password = "lampe-verte-42"
	ta := newTrainingApp(t, func(c *Config) { c.Public, c.OrganiserPassword = true, password })
	g := ta.client(t)
	g.get("/animer")
	answered := 0
	for range 200 {
		if r := g.post("/animer", newTrainingValues("mot_de_passe", "faux")); r.status != http.StatusTooManyRequests {
			answered++
		}
	}
	t.Logf("wrong organiser passwords answered from one address: %d of 200", answered)
	if answered > 10 {
		t.Errorf("%d wrong organiser passwords answered from one address, want at most 10 in 10 minutes", answered)
	}
	r := g.post("/animer", newTrainingValues("mot_de_passe", password))
	if r.status != http.StatusTooManyRequests || !strings.Contains(r.body, "Trop d&#39;essais") {
		t.Errorf("a limited address tried the right password: %d (the limit must not tell right from wrong)", r.status)
	}
	// The mediator, elsewhere, opens a training.
	openTraining(t, ta.clientFrom(t, "127.0.0.2"), newTrainingValues("mot_de_passe", password))

	// Guesses spread over many addresses.
	for i := 3; i <= 9; i++ {
		g := ta.clientFrom(t, fmt.Sprintf("127.0.0.%d", i))
		g.get("/animer")
		for range 10 {
			if r := g.post("/animer", newTrainingValues("mot_de_passe", "faux")); r.status != http.StatusTooManyRequests {
				answered++
			}
		}
	}
	t.Logf("wrong organiser passwords answered from 8 addresses: %d of 270", answered)
	if answered > 30 {
		t.Errorf("%d wrong organiser passwords answered from 8 addresses, want at most 30 in 10 minutes", answered)
	}
}

// profileAnswers are a profile's answers as form values.
func profileAnswers(t *testing.T, ta *testApp, p *procedure.Procedure, profile string) map[string]string {
	t.Helper()
	return ta.engine.Answers(p, p.Profile(profile).Answers)
}

// TestGlossaryInLabels: a label's jargon is marked in the label (no link
// there, the click belongs to the field) and linked just after it to its
// definition on the same page.
func TestGlossaryInLabels(t *testing.T) {
	ta := newTestApp(t)
	c := ta.client(t)
	page := c.begin(ta.proc(t, cafID), "kevin").body
	for _, want := range []string{
		`<span class="term-mark">Numéro de sécurité sociale</span>`,
		`<a class="term" href="#terme-nir" lang="fr" dir="ltr">Numéro de sécurité sociale</a>`,
		`id="terme-nir"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the login step lacks %s", want)
		}
	}
	if regexp.MustCompile(`<label[^>]*>[^<]*(<span[^>]*>[^<]*</span>)?[^<]*<a `).MatchString(page) {
		t.Error("a link inside a label would take the click meant for the field")
	}
}

// TestTrainingMessageToEveryone: a word to the whole room reaches each
// learner once, on their next page, and nobody outside the training.
func TestTrainingMessageToEveryone(t *testing.T) {
	ta := newTrainingApp(t)
	m := ta.client(t)
	dashboard, code := openTraining(t, m, newTrainingValues())
	a, b, outsider := ta.client(t), ta.client(t), ta.client(t)
	joinTraining(t, a, code, "Nord")
	joinTraining(t, b, code, "Sud")
	outsider.begin(ta.proc(t, cafID), "kevin")
	m.get(dashboard)
	if r := m.post(dashboard+"/message", url.Values{"message": {"Pause de cinq minutes."}}); r.status != http.StatusSeeOther || r.location != dashboard+"?envoye=1" {
		t.Fatalf("message to everyone: %d %s", r.status, r.location)
	}
	if !strings.Contains(m.get(dashboard+"?envoye=1").body, "Message envoyé à tous") {
		t.Error("no confirmation on the dashboard")
	}
	for name, c := range map[string]*client{"Nord": a, "Sud": b} {
		if !strings.Contains(c.get("/seance").body, "Pause de cinq minutes.") {
			t.Errorf("%s did not get the message", name)
		}
	}
	if strings.Contains(outsider.get(startURL(ta.proc(t, cafID))).body, "Pause de cinq minutes.") {
		t.Error("a learner outside the training got the message")
	}
}

// TestDashboardShowsTheLoginTraps: a learner held by a login trap is shown
// as such, not on the step after it: signing in (MaPrimeRénov's account),
// then waiting for the SMS code after the Caf login.
func TestDashboardShowsTheLoginTraps(t *testing.T) {
	ta := newTrainingApp(t)
	m := ta.client(t)
	dashboard, code := openTraining(t, m, newTrainingValues("demarches", "anah-maprimerenov"))
	anah, caf := ta.client(t), ta.client(t)
	joinTraining(t, anah, code, "Est")
	joinTraining(t, caf, code, "Ouest")
	anahProc := ta.proc(t, "anah-maprimerenov")
	anah.get(startURL(anahProc))
	anah.post(startURL(anahProc)+"commencer", url.Values{"profil": {anahProc.Profiles[0].ID}})
	if row := dashboardRow(t, m, dashboard, "Est"); !strings.Contains(row, "Se connecte") {
		t.Errorf("a learner at the account gate: %s", row)
	}
	p := ta.proc(t, cafID)
	caf.get(startURL(p))
	caf.post(startURL(p)+"commencer", url.Values{"profil": {"kevin"}})
	caf.post(stepURL(p, p.Steps[0]), loginForm("1 95 03 69 123 456", "Entrainement2026"))
	if row := dashboardRow(t, m, dashboard, "Ouest"); !strings.Contains(row, "Attend le code reçu par SMS") || strings.Contains(row, "(2/7)") {
		t.Errorf("a learner waiting for the SMS code: %s", row)
	}
	caf.typeCode(p)
	if row := dashboardRow(t, m, dashboard, "Ouest"); !strings.Contains(row, "(2/7)") {
		t.Errorf("after the code: %s", row)
	}
}
