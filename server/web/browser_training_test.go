package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestTrainingInBrowser runs axe on the pages of a training, for the
// mediator and the learners, in every learner language, and shows that the
// dashboard follows a learner live in a real browser (EventSource), while
// the same page without the script still says how it refreshes.
func TestTrainingInBrowser(t *testing.T) {
	bt := needBrowser(t, true)
	browser := startBrowser(t, bt)
	stats := newBrowserStats()
	t.Cleanup(func() { t.Logf("axe checked %s", stats) })
	for _, lang := range browserLanguages {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			ta := newTrainingApp(t, func(c *Config) { c.StreamRefresh = time.Hour })
			base := serve(t, ta)
			tb := newTab(t, browser, base, bt.axe)
			tb.setLanguage(lang)
			p := ta.proc(t, cafID)

			// The mediator's form, refused, then sent.
			tb.open("/animer")
			tb.audit("training form", stats)
			submitRefused(tb, `main form[action="/animer"] button[type=submit]`)
			tb.audit("training form with errors", stats)
			tb.click(`#demarche-` + cafID)
			tb.click(`#attribution-attribue`)
			tb.do("opening the profiles", chromedp.Click(chromedp.CSS(`details.profile-group summary`)))
			tb.click(`#profil-` + cafID + `-kevin`)
			tb.submit(`main form[action="/animer"] button[type=submit]`)
			dashboard := tb.path()
			if !dashboardRE.MatchString(dashboard) {
				t.Fatalf("created training lands on %s", dashboard)
			}
			code := codeRE.FindStringSubmatch(eval[string](tb, `document.body.innerHTML`))[1]
			tb.audit("empty dashboard", stats)

			// Two learners join over HTTP; one errs, then stays still.
			a, b := newHTTPLearner(t, base), newHTTPLearner(t, base)
			for _, l := range []struct {
				h      *httpLearner
				pseudo string
			}{{a, "Soleil"}, {b, "Lune"}} {
				l.h.get("/rejoindre")
				l.h.post("/rejoindre", url.Values{"code": {code}, "pseudo": {l.pseudo}})
			}
			a.get(startURL(p))
			a.post(startURL(p)+"commencer", url.Values{"profil": {"kevin"}})

			// Live: the open dashboard shows the learner's next step without a reload.
			tb.open(dashboard)
			waitText(t, tb, "#apprenant-"+learnerIDFromPage(t, tb, "Soleil"), "Connexion")
			a.post(stepURL(p, p.Steps[0]), url.Values{"nir": {"1 95 03 69 123 456"}, "mot_de_passe": {"Entrainement2026"}})
			a.typeCode(p.ID)
			waitText(t, tb, "#apprenant-"+learnerIDFromPage(t, tb, "Soleil"), "(2/7)")
			if s := eval[string](tb, `document.getElementById("direct").textContent`); s == "" || strings.Contains(s, "30") {
				t.Errorf("the live state line still says %q", s)
			}
			a.post(stepURL(p, p.Steps[1]), url.Values{})
			ta.advance(10 * time.Minute)
			tb.open(dashboard)
			tb.audit("dashboard with learners", stats)

			soleil := learnerIDFromPage(t, tb, "Soleil")
			tb.open(dashboard + "/apprenants/" + soleil)
			tb.audit("learner detail", stats)
			// A learner who finished: their result on their row and page.
			done := ta.client(t)
			joinTraining(t, done, code, "Comète")
			done.begin(p, "kevin")
			done.fillSteps(p, profileAnswers(t, ta, p, "kevin"))
			done.post("/demarches/"+cafID+"/valider", url.Values{"attestation": {"true"}})
			tb.open(dashboard)
			tb.open(dashboard + "/apprenants/" + learnerIDFromPage(t, tb, "Comète"))
			if n := eval[int](tb, `document.querySelectorAll("main h2").length`); n == 0 || !strings.Contains(eval[string](tb, `document.querySelector("main h2").textContent`), map[string]string{"fr": "Résultat", "ar": "النتيجة"}[lang]) {
				t.Errorf("the finished learner's page does not open with their result")
			}
			tb.audit("learner detail with a result", stats)
			tb.open(dashboard + "/rapport")
			tb.audit("report", stats)
			tb.open("/projection/" + code)
			tb.audit("projector", stats)

			// The learners' side.
			lt := newTab(t, browser, base, bt.axe)
			lt.setLanguage(lang)
			lt.open("/rejoindre?code=" + code)
			lt.audit("join form", stats)
			submitRefused(lt, `main form[action="/rejoindre"] button[type=submit]`)
			lt.audit("join form with errors", stats)
			lt.do("typing a pseudonym", chromedp.SendKeys(chromedp.CSS("#pseudo"), "Étoile"))
			lt.submit(`main form[action="/rejoindre"] button[type=submit]`)
			lt.audit("training home", stats)
			lt.open(startURL(p))
			lt.audit("start page in a training", stats)

			// Learners join from phones, mediators sometimes follow on one.
			if lang != "fr" {
				return
			}
			for _, phone := range []*tab{lt, tb} {
				phone.do("emulating a 320 px screen", chromedp.EmulateViewport(320, 640))
			}
			for _, pg := range []struct {
				tb   *tab
				path string
			}{
				{lt, "/rejoindre?code=" + code}, {lt, "/seance"}, {lt, startURL(p)},
				{tb, dashboard}, {tb, dashboard + "/rapport"}, {tb, "/projection/" + code},
				{tb, dashboard + "/apprenants/" + soleil}, {tb, "/animer"},
			} {
				pg.tb.open(pg.path)
				for _, small := range checkSmallScreen(pg.tb, "320 px") {
					t.Errorf("%s: target under 44×44 px at 320 px: %s", pg.path, small)
				}
			}
		})
	}
}

// submitRefused sends a form that the server refuses with 422 and its
// errors, as the training forms do.
func submitRefused(tb *tab, sel string) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, actionTimeout)
	defer cancel()
	res, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel)))
	if err != nil || res == nil || res.Status != http.StatusUnprocessableEntity {
		tb.t.Fatalf("sending %s: %v, %+v; want a 422 page", sel, err, res)
	}
}

// waitText waits until the element's text contains want.
func waitText(t *testing.T, tb *tab, sel, want string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		got := eval[string](tb, `(document.querySelector(`+jsString(sel)+`) || {}).textContent || ""`)
		if strings.Contains(got, want) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s never showed %q live; it shows %q", sel, want, strings.Join(strings.Fields(got), " "))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// learnerIDFromPage reads a learner's id from the dashboard shown in tb.
func learnerIDFromPage(t *testing.T, tb *tab, pseudo string) string {
	t.Helper()
	for _, m := range learnerLinkRE.FindAllStringSubmatch(eval[string](tb, `document.body.innerHTML`), -1) {
		if m[2] == pseudo {
			return m[1]
		}
	}
	t.Fatalf("no learner %s on the dashboard", pseudo)
	return ""
}

// TestFeedbackInBrowser: in a real browser, an opinion sent from a step
// page (its fields belong to the step's form) comes back to the page with
// a thank-you and keeps what the learner had typed.
func TestFeedbackInBrowser(t *testing.T) {
	bt := needBrowser(t, false)
	ta := newTestApp(t)
	p := ta.proc(t, cafID)
	tb := newTab(t, startBrowser(t, bt), serve(t, ta), "")
	tb.open(startURL(p))
	tb.submit(beginButton(p))
	eval[chromedp.Void](tb, `document.getElementById("f-nir").value = ""`)
	tb.do("typing a number", chromedp.SendKeys(chromedp.CSS("#f-nir"), "1 95 03 69"))
	tb.do("opening the box", chromedp.Click(chromedp.CSS("#avis summary")))
	tb.click("#avis-note-3")
	tb.submit(`#avis button[type=submit]`)
	if path := tb.path(); !strings.Contains(path, "avis=merci") || !strings.Contains(path, "/etapes/connexion") {
		t.Fatalf("after the opinion the browser is at %s", path)
	}
	if got := eval[string](tb, `document.getElementById("f-nir").value`); got != "1 95 03 69" {
		t.Errorf("the number typed before the opinion is now %q", got)
	}
}
