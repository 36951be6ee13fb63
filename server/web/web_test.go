package web

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/repetition-demarches/repetition/server/procedure"
)

func caf(t testing.TB, ta *testApp) *procedure.Procedure {
	t.Helper()
	for _, p := range ta.procs {
		if p.ID == "caf-declaration-trimestrielle" {
			return p
		}
	}
	t.Fatal("the CAF procedure is not bundled")
	return nil
}

// kevinPassword is the fictional password of the CAF profile kevin: the
// login takes it exactly.
const kevinPassword = "Entrainement2026"

// loginForm is the CAF login step filled with a fictional number and password.
func loginForm(nir, password string) url.Values {
	return url.Values{"nir": {nir}, "mot_de_passe": {password}}
}

func TestBadInputShowsErrorSummaryAndKeepsAnswers(t *testing.T) {
	ta := newTestApp(t)
	p := caf(t, ta)
	c := ta.client(t)
	c.begin(p, "")
	res := c.post("/demarches/"+p.ID+"/etapes/connexion", loginForm("12 34", ""))
	if res.status != http.StatusSeeOther || res.location != "/demarches/"+p.ID+"/etapes/connexion" {
		t.Fatalf("a refused step must redirect to itself, got %d %q", res.status, res.location)
	}
	page := c.follow(res)
	for _, want := range []string{
		`class="error-summary" role="alert"`,
		`<a href="#f-nir">Le numéro de sécurité sociale doit comporter 13 caractères`,
		`<a href="#f-mot_de_passe">Veuillez saisir votre mot de passe.`,
		`id="f-nir-erreur"`,
		`aria-invalid="true"`,
		`value="12 34"`, // what was typed comes back
		"<title>Erreur\u00a0:",
	} {
		if !strings.Contains(page.body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

func TestStepsCannotBeSkipped(t *testing.T) {
	ta := newTestApp(t)
	p := caf(t, ta)
	c := ta.client(t)
	c.begin(p, "kevin")
	first := "/demarches/" + p.ID + "/etapes/connexion"
	for _, target := range []string{
		"/demarches/" + p.ID + "/etapes/montants_vous",
		"/demarches/" + p.ID + "/recapitulatif",
		"/demarches/" + p.ID + "/recepisse",
	} {
		res := c.get(target)
		if res.status != http.StatusSeeOther {
			t.Errorf("GET %s: status %d, want 303", target, res.status)
		}
	}
	// A post out of order changes nothing and sends the learner back.
	res := c.post("/demarches/"+p.ID+"/etapes/situation", url.Values{"changement": {"true"}})
	if res.status != http.StatusSeeOther || res.location != first {
		t.Fatalf("out-of-order post: %d %q, want 303 to %s", res.status, res.location, first)
	}
	res = c.post("/demarches/"+p.ID+"/valider", url.Values{"attestation": {"true"}})
	if res.status != http.StatusSeeOther || res.location != first {
		t.Fatalf("early submission: %d %q, want 303 to %s", res.status, res.location, first)
	}
	sess, err := ta.store.Get(context.Background(), c.cookies[sessionCookie])
	if err != nil {
		t.Fatal(err)
	}
	a := sess.Attempts[p.ID]
	if a.Steps["situation"].Done || a.Receipt != nil || a.Answers["changement"] != "false" {
		t.Fatalf("an out-of-order post changed the attempt: %+v", a)
	}
}

func TestChangeFromReviewComesBackToReview(t *testing.T) {
	ta := newTestApp(t)
	p := caf(t, ta)
	c := ta.client(t)
	c.begin(p, "kevin")
	answers := map[string]url.Values{
		"connexion":       loginForm("1 95 03 69 123 456", "Entrainement2026"),
		"declaration":     {"en_couple": {"false"}},
		"situation":       {"changement": {"false"}},
		"ressources_vous": {"types_vous": {"salaires"}},
		"montants_vous":   {"salaires_vous.1": {"1240"}, "salaires_vous.2": {"980"}, "salaires_vous.3": {"1105"}},
	}
	for _, id := range []string{"connexion", "declaration", "situation", "ressources_vous", "montants_vous"} {
		c.postStep(p, id, answers[id])
	}
	review := c.get("/demarches/" + p.ID + "/recapitulatif")
	if review.status != http.StatusOK {
		t.Fatalf("review: %d", review.status)
	}
	for _, want := range []string{"1\u202f240\u00a0€", `href="/demarches/` + p.ID + `/etapes/montants_vous#f-salaires_vous-2"`, "Modifier"} {
		if !strings.Contains(review.body, want) {
			t.Errorf("review lacks %q", want)
		}
	}
	if strings.Contains(review.body, "UnAutreSecret9") {
		t.Error("the review shows the password")
	}
	// Change one month from the review: back to the review afterwards.
	if res := c.get("/demarches/" + p.ID + "/etapes/montants_vous"); res.status != http.StatusOK {
		t.Fatalf("a completed step must open again, got %d", res.status)
	}
	answers["montants_vous"].Set("salaires_vous.2", "1000")
	res := c.post("/demarches/"+p.ID+"/etapes/montants_vous", answers["montants_vous"])
	// The salary is pre-filled by the Caf: changing it is warned about
	// first, then confirmed.
	if res.location != "/demarches/"+p.ID+"/etapes/montants_vous" {
		t.Fatalf("a changed pre-filled salary: went to %q, want the warning", res.location)
	}
	res = c.post("/demarches/"+p.ID+"/etapes/montants_vous", url.Values{"confirmer": {"1"}})
	if res.location != "/demarches/"+p.ID+"/recapitulatif" {
		t.Fatalf("after a change, went to %q, want the review", res.location)
	}
	// Revealing a new step (living in couple) sends the learner through it first.
	c.get("/demarches/" + p.ID + "/etapes/declaration")
	res = c.post("/demarches/"+p.ID+"/etapes/declaration", url.Values{"en_couple": {"true"}})
	if res.location != "/demarches/"+p.ID+"/etapes/ressources_conjoint" {
		t.Fatalf("after revealing the partner's step, went to %q", res.location)
	}
	// Submitting without the sworn statement is refused, then accepted.
	c.post("/demarches/"+p.ID+"/etapes/ressources_conjoint", url.Values{"types_conjoint": {"aucune"}})
	c.get("/demarches/" + p.ID + "/recapitulatif")
	res = c.post("/demarches/"+p.ID+"/valider", url.Values{})
	if !strings.Contains(res.location, "erreur=attestation") {
		t.Fatalf("submission without the sworn statement went to %q", res.location)
	}
	page := c.follow(res)
	if !strings.Contains(page.body, `<a href="#attestation">`) {
		t.Error("the missing sworn statement is not in an error summary")
	}
	res = c.post("/demarches/"+p.ID+"/valider", url.Values{"attestation": {"true"}})
	receipt := c.follow(res)
	for _, want := range []string{"DTR-2026-7777777", "22/11/2026 à 10:30", "3\u202f345\u00a0€"} {
		if !strings.Contains(receipt.body, want) {
			t.Errorf("receipt lacks %q", want)
		}
	}
	// Once submitted, the steps lead to the receipt.
	if res := c.get("/demarches/" + p.ID + "/etapes/connexion"); res.location != "/demarches/"+p.ID+"/recepisse" {
		t.Errorf("a step after submission went to %q", res.location)
	}
}

func TestCSRF(t *testing.T) {
	ta := newTestApp(t)
	p := caf(t, ta)
	c := ta.client(t)
	c.get(startURL(p))
	for _, target := range []string{startURL(p) + "commencer", "/effacer-mes-reponses", "/demarches/" + p.ID + "/etapes/connexion"} {
		res := c.do(http.MethodPost, target, url.Values{"profil": {"kevin"}})
		if res.status != http.StatusForbidden {
			t.Errorf("POST %s without token: %d, want 403", target, res.status)
		}
		if !strings.Contains(res.body, "La page a expiré") {
			t.Errorf("POST %s without token: no friendly page", target)
		}
		res = c.do(http.MethodPost, target, url.Values{"_csrf": {"forged"}})
		if res.status != http.StatusForbidden {
			t.Errorf("POST %s with a forged token: %d, want 403", target, res.status)
		}
	}
	if res := c.post(startURL(p)+"commencer", url.Values{"profil": {"kevin"}}); res.status != http.StatusSeeOther {
		t.Errorf("POST with the page's token: %d, want 303", res.status)
	}
}

func TestSecurityHeadersAndPracticeBannerOnEveryRoute(t *testing.T) {
	ta := newTestApp(t)
	p := caf(t, ta)
	c := ta.client(t)
	c.begin(p, "kevin")
	pages := []string{"/", startURL(p), "/demarches/" + p.ID + "/etapes/connexion", "/nulle-part", "/demarches/inconnue/"}
	others := []string{"/healthz", "/static/base/site.css"}
	for _, target := range append(pages, others...) {
		res := c.get(target)
		h := res.header
		csp := h.Get("Content-Security-Policy")
		if csp == "" || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: CSP %q", target, csp)
		}
		for name, want := range map[string]string{"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin", "X-Frame-Options": "DENY"} {
			if got := h.Get(name); got != want {
				t.Errorf("%s: %s = %q, want %q", target, name, got, want)
			}
		}
		if !strings.Contains(target, "static") && target != "/healthz" {
			for _, want := range []string{`<meta name="robots" content="noindex, nofollow">`, `class="practice-banner"`, `<html lang="`, ` dir="`} {
				if !strings.Contains(res.body, want) {
					t.Errorf("%s lacks %q", target, want)
				}
			}
			if strings.Count(res.body, "<script") != len(jsLinkRE.FindAllString(res.body, -1)) || strings.Contains(res.body, "style=") {
				t.Errorf("%s has inline script or style", target)
			}
		}
	}
	if res := c.get("/nulle-part"); res.status != http.StatusNotFound {
		t.Errorf("unknown page: %d", res.status)
	}
}

func TestLanguageNegotiationAndSwitch(t *testing.T) {
	ta := newTestApp(t)
	cases := []struct{ accept, want string }{
		{"en-GB,en;q=0.9,fr;q=0.5", "Practice site."},
		{"fr-FR,fr;q=0.9", "Site d&#39;entraînement."},
		{"de-DE,de;q=0.9", "Site d&#39;entraînement."},
		{"", "Site d&#39;entraînement."},
	}
	for _, tc := range cases {
		c := ta.client(t)
		c.header.Set("Accept-Language", tc.accept)
		res := c.get("/")
		if !strings.Contains(res.body, tc.want) {
			t.Errorf("Accept-Language %q: banner is not %q", tc.accept, tc.want)
		}
	}
	c := ta.client(t)
	res := c.get("/langue/en?retour=%2Fdemarches%2Fcaf-declaration-trimestrielle%2F")
	if res.status != http.StatusSeeOther || res.location != "/demarches/caf-declaration-trimestrielle/" {
		t.Fatalf("language switch: %d %q", res.status, res.location)
	}
	page := c.follow(res)
	if !strings.Contains(page.body, `<html lang="en" dir="ltr">`) || !strings.Contains(page.body, "Which fictional profile") {
		t.Error("the switch to English did not stick")
	}
	// The simulated site stays in French whatever the learner's language.
	step := c.begin(caf(t, ta), "kevin")
	if !strings.Contains(step.body, `<html lang="fr"`) || !strings.Contains(step.body, "Numéro de sécurité sociale") || !strings.Contains(step.body, `lang="en" dir="ltr">`+"\n<p><strong>Practice site.") {
		t.Error("a simulated step must be French with the English guide layer marked lang=en")
	}
	if res := c.get("/langue/en?retour=https://example.org/"); res.location != "/" {
		t.Errorf("the language switch redirects off-site to %q", res.location)
	}
	if res := c.get("/langue/xx"); res.status != http.StatusNotFound {
		t.Errorf("unknown language: %d", res.status)
	}
}

func TestEraseAndRestart(t *testing.T) {
	ta := newTestApp(t)
	p := caf(t, ta)
	c := ta.client(t)
	c.begin(p, "kevin")
	id := c.cookies[sessionCookie]
	if len(id) != 43 {
		t.Fatalf("session cookie %q is not 256 random bits", id)
	}
	c.post("/demarches/"+p.ID+"/recommencer", nil)
	sess, err := ta.store.Get(context.Background(), id)
	if err != nil || sess.Attempts[p.ID] != nil {
		t.Fatalf("restart kept the attempt: %v %+v", err, sess)
	}
	c.begin(p, "kevin")
	res := c.erase()
	if res.location != "/?efface=1" {
		t.Fatalf("erase went to %q", res.location)
	}
	if _, err := ta.store.Get(context.Background(), id); err == nil {
		t.Fatal("the session survived the erasure")
	}
	if _, ok := c.cookies[sessionCookie]; ok {
		t.Error("the session cookie survived the erasure")
	}
	if page := c.follow(res); !strings.Contains(page.body, "Vos réponses ont été effacées.") {
		t.Error("no confirmation of the erasure")
	}
}

func TestSessionCookieAttributes(t *testing.T) {
	ta := newTestApp(t)
	p := caf(t, ta)
	c := ta.client(t)
	c.get(startURL(p))
	res := c.post(startURL(p)+"commencer", url.Values{"profil": {"kevin"}})
	var found bool
	for _, line := range res.header.Values("Set-Cookie") {
		if strings.HasPrefix(line, sessionCookie+"=") {
			found = true
			lower := strings.ToLower(line)
			if !strings.Contains(lower, "httponly") || !strings.Contains(lower, "samesite=lax") {
				t.Errorf("session cookie attributes: %s", line)
			}
		}
	}
	if !found {
		t.Fatal("no session cookie")
	}
}

func TestPasswordsAndAnswersNeverStoredNorLogged(t *testing.T) {
	ta := newTestApp(t)
	p := caf(t, ta)
	c := ta.client(t)
	c.begin(p, "kevin")
	const secret = "MotDePasseTresSecret42"
	c.post("/demarches/"+p.ID+"/etapes/connexion", loginForm("1 95 03 69 123 456", secret))
	sess, err := ta.store.Get(context.Background(), c.cookies[sessionCookie])
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range sess.Attempts[p.ID].Answers {
		if strings.Contains(v, secret) {
			t.Errorf("answer %s holds the password", k)
		}
	}
	// A failing request is logged, without what was typed.
	c.post("/demarches/"+p.ID+"/etapes/connexion", loginForm("1 95 03 69 123 456", secret))
	if strings.Contains(ta.logs.String(), secret) || strings.Contains(ta.logs.String(), "1 95 03") {
		t.Errorf("the logs hold a typed value:\n%s", ta.logs.String())
	}
}

// failingReader makes the dossier number fail, as a broken random source would.
type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, io.ErrUnexpectedEOF }

func TestPanicGivesAFriendlyPage(t *testing.T) {
	ta := newTestApp(t)
	p := caf(t, ta)
	c := ta.client(t)
	c.begin(p, "kevin")
	for _, sc := range p.Scenarios {
		if sc.Expect.Reaches != procedure.StepReceipt || sc.Profile != "kevin" || len(sc.Answers.Map) > 0 {
			continue
		}
		c.fillSteps(p, ta.engine.ScenarioAnswers(p, sc))
		break
	}
	ta.engine.Random = failingReader{}
	res := c.post("/demarches/"+p.ID+"/valider", url.Values{"attestation": {"true"}})
	if res.status != http.StatusInternalServerError {
		t.Fatalf("status %d, want 500", res.status)
	}
	if !strings.Contains(res.body, "Un problème est survenu") || strings.Contains(res.body, "goroutine") || strings.Contains(res.body, ".go:") {
		t.Errorf("the error page is not the friendly one:\n%s", res.body)
	}
	if !strings.Contains(ta.logs.String(), "random source failed") {
		t.Errorf("the panic was not logged:\n%s", ta.logs.String())
	}
}

func TestBodyLimit(t *testing.T) {
	// Over a real connection: fasthttp refuses the body before any handler runs.
	ta := newTestApp(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = ta.app.Listener(ln) }()
	defer func() { _ = ta.app.Shutdown() }()
	form := url.Values{"nir": {strings.Repeat("1", 100*1024)}}
	res, err := http.PostForm("http://"+ln.Addr().String()+"/demarches/caf-declaration-trimestrielle/etapes/connexion", form)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("a 100 KB post: status %d, want 413", res.StatusCode)
	}
	if !strings.Contains(string(body), "Envoi trop volumineux") {
		t.Errorf("no friendly page for a too large post:\n%s", body)
	}
}

func TestHomeCatalogueAndFilter(t *testing.T) {
	ta := newTestApp(t)
	c := ta.client(t)
	all := c.get("/")
	for _, p := range ta.procs {
		if !strings.Contains(all.body, `href="/demarches/`+p.ID+`/"`) {
			t.Errorf("the home page does not list %s", p.ID)
		}
		for _, lang := range ta.locales.Languages() {
			key := "organisation." + p.Organisation
			if ta.locales.Translator(lang).T(key) == key {
				t.Errorf("%s: organisation %q has no name in %s", p.ID, p.Organisation, lang)
			}
		}
	}
	found := c.get("/?q=declarer+RESSOURCES")
	if !strings.Contains(found.body, "caf-declaration-trimestrielle") || !strings.Contains(found.body, "1 démarche pour") {
		t.Error("a search without accents, in capitals, does not find the CAF declaration")
	}
	none := c.get("/?q=zzzz")
	if strings.Contains(none.body, `class="card"`) || !strings.Contains(none.body, "Aucune démarche") {
		t.Error("a search with no result still lists procedures or says nothing")
	}
	if !strings.Contains(all.body, "<details>") || !strings.Contains(all.body, "Ce qu&#39;il faut avoir sous la main") {
		t.Error("the catalogue does not say what to have at hand")
	}
}

func TestSchemaIsServed(t *testing.T) {
	ta := newTestApp(t)
	res := ta.client(t).get("/schema/procedure.json")
	if res.status != http.StatusOK || res.header.Get("Content-Type") != "application/schema+json" {
		t.Fatalf("schema: %d %q", res.status, res.header.Get("Content-Type"))
	}
	committed, err := os.ReadFile("../../docs/procedure.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	if res.body != string(committed) {
		t.Error("the served schema differs from docs/procedure.schema.json")
	}
}

func TestFlowGraphPage(t *testing.T) {
	ta := newTestApp(t)
	c := ta.client(t)
	for _, p := range ta.procs {
		res := c.get("/demarches/" + p.ID + "/parcours")
		if res.status != http.StatusOK {
			t.Fatalf("%s: %d", p.ID, res.status)
		}
		if !strings.Contains(res.body, `<svg`) || !strings.Contains(res.body, `class="outline"`) {
			t.Errorf("%s: no diagram or no text outline", p.ID)
		}
		if n := gzipSize(t, []byte(res.body)); n > 20*1024 {
			t.Errorf("%s: the path page weighs %d B gzipped", p.ID, n)
		}
	}
	if start := c.get("/demarches/caf-declaration-trimestrielle/"); !strings.Contains(start.body, `href="/demarches/caf-declaration-trimestrielle/parcours"`) {
		t.Error("the start page does not link to the path")
	}
}

func TestDisplayOptions(t *testing.T) {
	ta := newTestApp(t)
	c := ta.client(t)
	page := c.get("/affichage?retour=%2Fdemarches%2Fcaf-declaration-trimestrielle%2F")
	if !strings.Contains(page.body, `name="grand"`) || !strings.Contains(page.body, `name="retour" value="/demarches/caf-declaration-trimestrielle/"`) {
		t.Fatalf("display page:\n%s", page.body)
	}
	res := c.post("/affichage", url.Values{"grand": {"true"}, "espace": {"true"}, "retour": {"/demarches/caf-declaration-trimestrielle/"}})
	if res.status != http.StatusSeeOther || res.location != "/demarches/caf-declaration-trimestrielle/" {
		t.Fatalf("saving: %d %q", res.status, res.location)
	}
	if home := c.get("/"); !strings.Contains(home.body, `class="opt-grand opt-espace"`) {
		t.Error("the options do not reach the pages")
	}
	c.cookies[displayCookie] = "grand.<script>.espace"
	if home := c.get("/"); !strings.Contains(home.body, `class="opt-grand opt-espace"`) || strings.Contains(home.body, "<script>") {
		t.Error("an odd cookie value reaches the page")
	}
	if res := c.post("/affichage", url.Values{"retour": {"https://example.org/"}}); res.location != "/" {
		t.Errorf("the display form redirects off-site to %q", res.location)
	}
}

func TestAccessibilityStatement(t *testing.T) {
	ta := newTestApp(t)
	c := ta.client(t)
	fr := c.get("/accessibilite")
	if fr.status != http.StatusOK || !strings.Contains(fr.body, "Déclaration d&#39;accessibilité") && !strings.Contains(fr.body, "Déclaration d'accessibilité") {
		t.Fatalf("statement: %d", fr.status)
	}
	if !strings.Contains(c.get("/").body, `href="/accessibilite"`) {
		t.Error("the footer does not link to the statement")
	}
	c.header.Set("Accept-Language", "en")
	if en := c.get("/accessibilite"); !strings.Contains(en.body, "Accessibility statement") {
		t.Error("no English statement")
	}
}

func TestFocusGoesToTheErrorSummary(t *testing.T) {
	ta := newTestApp(t)
	p := caf(t, ta)
	c := ta.client(t)
	c.begin(p, "")
	page := c.follow(c.post("/demarches/"+p.ID+"/etapes/connexion", url.Values{}))
	if !strings.Contains(page.body, `id="erreurs" autofocus`) {
		t.Error("the error summary does not take the focus when the page opens")
	}
}

func TestGuideLayerInTheLearnersLanguage(t *testing.T) {
	ta := newTestApp(t)
	p := caf(t, ta)
	if p.Translations["en"] == nil {
		t.Skip("the CAF procedure has no English translation yet")
	}
	c := ta.client(t)
	c.get("/langue/en?retour=/")
	step := c.begin(p, "kevin")
	if !strings.Contains(step.body, `<html lang="fr"`) || !strings.Contains(step.body, "Numéro de sécurité sociale") {
		t.Fatal("the simulated site must stay in French")
	}
	if !strings.Contains(step.body, `<li lang="en" dir="ltr">`) {
		t.Error("the hints are not in the learner's language")
	}
	if strings.Contains(step.body, `class="translation"`) {
		t.Error("translations shown before the learner asks for them")
	}
	res := c.post("/traduction", url.Values{"retour": {"/demarches/" + p.ID + "/etapes/connexion"}})
	step = c.follow(res)
	if !strings.Contains(step.body, `class="translation" lang="en"`) || !strings.Contains(step.body, `>Hide the translation</button>`) {
		t.Error("'show the translation' shows nothing")
	}
}

func TestReceiptPDF(t *testing.T) {
	ta := newTestApp(t)
	p := caf(t, ta)
	c := ta.client(t)
	c.begin(p, "kevin")
	if res := c.get("/demarches/" + p.ID + "/recepisse.pdf"); res.status != http.StatusSeeOther {
		t.Fatalf("a PDF before the submission: %d", res.status)
	}
	sc := p.Scenarios[0]
	c.fillSteps(p, ta.engine.ScenarioAnswers(p, sc))
	c.post("/demarches/"+p.ID+"/valider", url.Values{"attestation": {"true"}})
	receipt := c.get("/demarches/" + p.ID + "/recepisse")
	if !strings.Contains(receipt.body, `href="/demarches/`+p.ID+`/recepisse.pdf"`) {
		t.Fatal("the receipt does not offer the PDF")
	}
	res := c.get("/demarches/" + p.ID + "/recepisse.pdf")
	if res.status != http.StatusOK || res.header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(res.body, "%PDF-") {
		t.Fatalf("PDF: %d %q %.10q", res.status, res.header.Get("Content-Type"), res.body)
	}
	if !strings.Contains(res.body, "CIMEN - FICTIF") {
		t.Error("the PDF is not marked as a specimen")
	}
}

func TestResumeOnAnotherDevice(t *testing.T) {
	ta := newTestApp(t)
	p := caf(t, ta)
	phone := ta.client(t)
	phone.begin(p, "kevin")
	page := phone.get("/reprendre")
	if !strings.Contains(page.body, `action="/reprendre/code"`) {
		t.Fatal("a learner with a session is not offered a code")
	}
	code := resumeCodeOf(t, phone)
	// The same code is shown again, not a new one.
	if again := resumeCodeOf(t, phone); again != code {
		t.Errorf("asking again changed the code from %s to %s", code, again)
	}
	laptop := ta.client(t)
	res := resumeWithCode(laptop, "zzzz-zzzz-zzzz")
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, `id="code-erreur"`) {
		t.Fatalf("a wrong code: %d %q", res.status, res.location)
	}
	res = laptop.post("/reprendre", url.Values{"code": {" " + strings.ToLower(code) + " "}})
	if res.location != "/?repris=1" {
		t.Fatalf("the right code went to %q", res.location)
	}
	if id := laptop.cookies[sessionCookie]; id == "" || id == phone.cookies[sessionCookie] {
		t.Fatalf("the laptop's session id is %q, the phone's %q: a code moves the session under a new id", id, phone.cookies[sessionCookie])
	}
	resumable := func(body string) bool {
		return strings.Contains(body, "Reprendre où j&#39;en étais") || strings.Contains(body, "Reprendre où j'en étais")
	}
	if start := laptop.get(startURL(p)); !resumable(start.body) {
		t.Error("the laptop cannot resume the phone's attempt")
	}
	// The id the phone held, and anyone who saw it, opens nothing now.
	if start := phone.get(startURL(p)); resumable(start.body) {
		t.Error("the phone's old id still opens the session after the code was used")
	}
}

func TestForRealPage(t *testing.T) {
	ta := newTestApp(t)
	c := ta.client(t)
	for _, p := range ta.procs {
		res := c.get("/demarches/" + p.ID + "/pour-de-vrai")
		if res.status != http.StatusOK {
			t.Fatalf("%s: %d", p.ID, res.status)
		}
		for _, want := range []string{`href="` + p.Real.URL + `"`, "Le droit à l&#39;erreur", "France services", "09 69 39 00 00"} {
			if !strings.Contains(res.body, want) && !strings.Contains(res.body, strings.ReplaceAll(want, "&#39;", "'")) {
				t.Errorf("%s: the page lacks %q", p.ID, want)
			}
		}
		if p.Real.Help == "" {
			t.Errorf("%s: no help from the organisation", p.ID)
		}
	}
	step := c.begin(caf(t, ta), "kevin")
	if !strings.Contains(step.body, `href="/demarches/caf-declaration-trimestrielle/pour-de-vrai"`) {
		t.Error("a step page does not link to the 'pour de vrai' page")
	}
}

func TestGuidanceModes(t *testing.T) {
	ta := newTestApp(t)
	p := caf(t, ta)
	begin := func(c *client, mode string) response {
		c.get(startURL(p))
		return c.follow(c.post(startURL(p)+"commencer", url.Values{"profil": {"kevin"}, "mode": {mode}}))
	}
	if res := ta.client(t).post(startURL(p)+"commencer", url.Values{"mode": {"triche"}}); res.status != http.StatusForbidden && res.status != http.StatusBadRequest {
		t.Errorf("an unknown mode: %d", res.status)
	}
	guided := begin(ta.client(t), "guide")
	if !strings.Contains(guided.body, `class="guide guide-hint"`) || strings.Contains(guided.body, `name="aide"`) {
		t.Error("guided mode must show the hints, without a help button")
	}

	c := ta.client(t)
	page := begin(c, "autonome")
	if strings.Contains(page.body, `class="guide guide-hint"`) || !strings.Contains(page.body, `name="aide" value="1"`) {
		t.Fatal("autonomous mode must hide the hints behind a help button")
	}
	// Asking for help keeps what was typed and judges nothing.
	res := c.post("/demarches/"+p.ID+"/etapes/connexion", url.Values{"nir": {"1 95 03"}, "aide": {"1"}})
	if res.location != "/demarches/"+p.ID+"/etapes/connexion#aide" {
		t.Fatalf("asking for help went to %q", res.location)
	}
	page = c.get("/demarches/" + p.ID + "/etapes/connexion")
	if !strings.Contains(page.body, `class="guide guide-hint" id="aide"`) || !strings.Contains(page.body, `value="1 95 03"`) || strings.Contains(page.body, "error-summary") {
		t.Error("after asking for help: hints shown, the typed number kept, no error")
	}
	sess, _ := ta.store.Get(context.Background(), c.cookies[sessionCookie])
	if a := sess.Attempts[p.ID]; a.HintsUsed != 1 || a.Steps["connexion"].Failures != 0 {
		t.Errorf("help asked: %d uses, %d failures", a.HintsUsed, a.Steps["connexion"].Failures)
	}

	exam := ta.client(t)
	page = begin(exam, "examen")
	if strings.Contains(page.body, `class="guide guide-hint"`) || strings.Contains(page.body, `name="aide"`) {
		t.Fatal("exam mode must give no hint")
	}
	exam.post("/demarches/"+p.ID+"/etapes/connexion", url.Values{})
	exam.fillSteps(p, ta.engine.ScenarioAnswers(p, p.Scenarios[0]))
	receipt := exam.follow(exam.post("/demarches/"+p.ID+"/valider", url.Values{"attestation": {"true"}}))
	if words := text(receipt.body); !strings.Contains(words, "Résultat de l'examen") || !strings.Contains(words, "Erreurs en tout : 1.") {
		t.Errorf("the exam's result is missing:\n%s", words)
	}
}

func TestUnavailableTrap(t *testing.T) {
	ta := newTestApp(t)
	var p *procedure.Procedure
	for _, q := range ta.procs {
		if q.Traps.Unavailable {
			p = q
		}
	}
	if p == nil {
		t.Fatal("no bundled procedure uses the 'service indisponible' trap")
	}
	c := ta.client(t)
	if res := c.get("/demarches/" + p.ID + "/indisponible"); res.status != http.StatusSeeOther {
		t.Fatalf("the trap page without a session: %d", res.status)
	}
	var sc *procedure.Scenario
	for _, s := range p.Scenarios {
		if s.Expect.Reaches == procedure.StepReceipt {
			sc = s
			break
		}
	}
	c.begin(p, sc.Profile)
	c.fillSteps(p, ta.engine.ScenarioAnswers(p, sc))
	res := c.post("/demarches/"+p.ID+"/valider", url.Values{"attestation": {"true"}})
	if res.location != "/demarches/"+p.ID+"/indisponible" {
		t.Fatalf("the first submission went to %q", res.location)
	}
	page := c.follow(res)
	if !strings.Contains(page.body, "Service temporairement indisponible") || !strings.Contains(page.body, "piège d&#39;entraînement") {
		t.Errorf("the trap page lacks the site's message or the guide's explanation")
	}
	sess, _ := ta.store.Get(context.Background(), c.cookies[sessionCookie])
	if sess.Attempts[p.ID].Receipt != nil {
		t.Fatal("the failed try submitted the attempt")
	}
	res = c.post("/demarches/"+p.ID+"/valider", url.Values{"attestation": {"true"}})
	if res.location != receiptURL(p) {
		t.Fatalf("trying again went to %q", res.location)
	}
}

func TestSessionExpiryTrap(t *testing.T) {
	ta := newTestApp(t)
	p := caf(t, ta)
	if p.Traps.SessionExpiry == 0 {
		t.Fatal("the CAF procedure no longer uses the session-expiry trap")
	}
	c := ta.client(t)
	c.begin(p, "kevin")
	c.postStep(p, "connexion", loginForm("1 95 03 69 123 456", kevinPassword))
	// The learner leaves the page idle longer than the site allows.
	ta.advance(time.Duration(p.Traps.SessionExpiry+1) * time.Minute)
	res := c.post("/demarches/"+p.ID+"/etapes/declaration", url.Values{"en_couple": {"true"}})
	if res.location != "/demarches/"+p.ID+"/session-expiree" {
		t.Fatalf("an idle learner's post went to %q", res.location)
	}
	page := c.follow(res)
	if !strings.Contains(page.body, "Votre session a expiré") || !strings.Contains(page.body, `href="/demarches/`+p.ID+`/etapes/connexion"`) {
		t.Errorf("the expired page does not send the learner back to the login")
	}
	sess, _ := ta.store.Get(context.Background(), c.cookies[sessionCookie])
	a := sess.Attempts[p.ID]
	if a.Answers["en_couple"] == "true" || a.Steps["connexion"].Done {
		t.Error("the idle post was kept, or the login still counts")
	}
	// Logging in again, soon after, asks for a new code, then goes on normally.
	if res := c.post("/demarches/"+p.ID+"/etapes/connexion", loginForm("1 95 03 69 123 456", kevinPassword)); res.location != codeURL(p) {
		t.Fatalf("logging in again led to %q, want the code page", res.location)
	}
	c.typeCode(p)
	if res := c.post("/demarches/"+p.ID+"/etapes/declaration", url.Values{"en_couple": {"false"}}); res.location != "/demarches/"+p.ID+"/etapes/situation" {
		t.Fatalf("after logging in again: %q", res.location)
	}
}
