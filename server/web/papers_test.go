package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// startWith begins the Caf declaration with Kévin, in a mode, answers
// prefilled or to look up in his papers; it returns the first step.
func startWith(c *client, ta *testApp, mode, answers string) response {
	p := caf(c.t, ta)
	c.get(startURL(p))
	form := url.Values{"profil": {"kevin"}, "mode": {mode}}
	if answers != "" {
		form.Set("reponses", answers)
	}
	return c.follow(c.post(startURL(p)+"commencer", form))
}

func TestPapersStartChoice(t *testing.T) {
	ta := newTestApp(t)
	p := caf(t, ta)
	c := ta.client(t)
	start := c.get(startURL(p))
	if !strings.Contains(start.body, `id="reponses-papiers" name="reponses" value="papiers"`) || !strings.Contains(start.body, `id="reponses-remplies" name="reponses" value="remplies" checked`) {
		t.Fatal("the start page does not offer to look the answers up in the papers, prefilled by default")
	}
	prefilled := startWith(ta.client(t), ta, "guide", "")
	if !strings.Contains(prefilled.body, `id="f-nir" name="nir" value="1 95 03 69 123 456"`) {
		t.Error("by default the NIR is prefilled")
	}
	papers := startWith(ta.client(t), ta, "guide", "papiers")
	if !strings.Contains(papers.body, `id="f-nir" name="nir" value=""`) {
		t.Error("looking up the papers, the NIR printed on the carte Vitale is left empty")
	}
}

func TestWhereToFind(t *testing.T) {
	ta := newTestApp(t)
	p := caf(t, ta)
	connexion := "/demarches/" + p.ID + "/etapes/connexion"
	const details = `<details class="guide guide-where"`
	showMe := "Montrez-moi : regardez la case « N° de sécurité sociale » de votre carte Vitale."

	c := ta.client(t)
	page := startWith(c, ta, "guide", "papiers")
	if !strings.Contains(page.body, details+` lang="fr" dir="ltr">`) {
		t.Fatal("no closed 'Où trouver cette information ?' on the NIR")
	}
	if !strings.Contains(page.body, `<div class="doc-box doc-here" id="f-nir-case-numero">`) || !strings.Contains(page.body, `C&#39;est ici</strong> N° de sécurité sociale`) {
		t.Error("the carte Vitale's number is not outlined and labelled")
	}
	if !strings.Contains(page.body, `href="/demarches/`+p.ID+`/papiers"`) {
		t.Error("the profile does not link to its papers")
	}
	for try := 1; try <= 3; try++ {
		c.post(connexion, url.Values{"nir": {"12"}})
		page = c.get(connexion)
		shown := strings.Contains(page.body, showMe)
		if shown != (try >= 3) || strings.Contains(page.body, details+" open") != (try >= 3) {
			t.Errorf("after %d refused tries: montrez-moi shown %v, want %v", try, shown, try >= 3)
		}
	}
	if !strings.Contains(page.body, `href="/demarches/`+p.ID+`/papiers/carte_vitale?case=numero#case-numero"`) {
		t.Error("montrez-moi does not link to the box in the paper")
	}
	if n := gzipSize(t, []byte(page.body)); n > 10*1024 {
		t.Errorf("the step with montrez-moi weighs %d B gzipped", n)
	}
	// A field answered correctly gets no montrez-moi, even after three tries.
	c.post(connexion, url.Values{"nir": {"1 95 03 69 123 456"}})
	if page = c.get(connexion); strings.Contains(page.body, "Montrez-moi") {
		t.Error("montrez-moi on a field that is no longer refused")
	}

	en := ta.client(t)
	en.get("/langue/en")
	startWith(en, ta, "guide", "papiers")
	for range 3 {
		en.post(connexion, url.Values{"nir": {"12"}})
	}
	page = en.get(connexion)
	if !strings.Contains(page.body, `Show me: look at the box &#34;N° de sécurité sociale&#34; of your carte Vitale.`) || !strings.Contains(page.body, "Where do I find this information?") {
		t.Error("montrez-moi is not in the learner's language")
	}

	exam := ta.client(t)
	startWith(exam, ta, "examen", "papiers")
	for range 3 {
		exam.post(connexion, url.Values{"nir": {"12"}})
	}
	if page = exam.get(connexion); strings.Contains(page.body, details) || strings.Contains(page.body, "Montrez-moi") {
		t.Error("exam mode points to no paper")
	}

	auto := ta.client(t)
	if page = startWith(auto, ta, "autonome", "papiers"); strings.Contains(page.body, details) {
		t.Error("autonomous mode shows where to find before 'Besoin d'aide ?'")
	}
	auto.post(connexion, url.Values{"aide": {"1"}})
	if page = auto.get(connexion); !strings.Contains(page.body, details) {
		t.Error("autonomous mode: 'Besoin d'aide ?' does not show where to find")
	}

	none := ta.client(t)
	none.get(startURL(p))
	page = none.follow(none.post(startURL(p)+"commencer", url.Values{"profil": {""}, "reponses": {"papiers"}}))
	for range 3 {
		none.post(connexion, url.Values{"nir": {"12"}})
	}
	if page = none.get(connexion); strings.Contains(page.body, details) || strings.Contains(page.body, "Montrez-moi") || strings.Contains(page.body, "/papiers") {
		t.Error("without a profile there are no papers to point to")
	}
}

// TestWhereRepeated draws one payslip per month and names the refused one.
func TestWhereRepeated(t *testing.T) {
	ta := newTestApp(t)
	p := caf(t, ta)
	c := ta.client(t)
	startWith(c, ta, "guide", "papiers")
	answers := ta.engine.ScenarioAnswers(p, p.Scenarios[0])
	for _, id := range []string{"connexion", "declaration", "situation", "ressources_vous"} {
		c.postStep(p, id, stepForm(p.Step(id), answers))
	}
	montants := stepURL(p, p.Step("montants_vous"))
	page := c.get(montants)
	for i := 1; i <= 3; i++ {
		if id := "f-salaires_vous-" + string(rune('0'+i)) + "-case-net_social"; !strings.Contains(page.body, `id="`+id+`"`) {
			t.Errorf("payslip %d is not drawn (%s)", i, id)
		}
	}
	for range 3 {
		c.post(montants, url.Values{"salaires_vous.1": {"1240"}, "salaires_vous.2": {"980,45"}, "salaires_vous.3": {"1105"}})
	}
	page = c.get(montants)
	if !strings.Contains(page.body, `papiers/bulletin-2?case=net_social#case-net_social`) {
		t.Error("montrez-moi does not point to the payslip of the refused month")
	}
	if n := gzipSize(t, []byte(page.body)); n > 10*1024 {
		t.Errorf("a step with three payslips weighs %d B gzipped, budget 10 KB", n)
	} else {
		t.Logf("a step with three payslips and montrez-moi: %d B gzipped", n)
	}
}

func TestPapersPages(t *testing.T) {
	ta := newTestApp(t)
	p := caf(t, ta)
	papers := "/demarches/" + p.ID + "/papiers"

	c := ta.client(t)
	if page := c.get(papers); page.status != http.StatusOK || !strings.Contains(page.body, "Choisissez un profil fictif") {
		t.Errorf("papers without an attempt: %d", page.status)
	}
	startWith(c, ta, "guide", "papiers")
	page := c.get(papers)
	if got := strings.Count(page.body, `<div class="doc `); got != 4 {
		t.Errorf("Kévin has a carte Vitale and three payslips, the page draws %d documents", got)
	}
	if got := strings.Count(page.body, `<p class="doc-specimen">SPÉCIMEN — FICTIF</p>`); got != 4 {
		t.Errorf("%d documents marked SPÉCIMEN — FICTIF, want 4", got)
	}
	if strings.Contains(page.body, "doc-here") || !strings.Contains(page.body, `id="bulletin-2-case-net_social"`) {
		t.Error("the list highlights nothing and keeps box ids unique")
	}
	one := c.get(papers + "/bulletin-2?case=net_social")
	if !strings.Contains(one.body, `<div class="doc-box doc-here" id="case-net_social">`) || !strings.Contains(one.body, "980,00 €") || strings.Count(one.body, `<div class="doc `) != 1 {
		t.Error("one document, its box highlighted")
	}
	if res := c.get(papers + "/passeport"); res.status != http.StatusNotFound {
		t.Errorf("an unknown document: %d", res.status)
	}
	c.get("/langue/ar")
	ar := c.get(papers)
	if !strings.Contains(ar.body, `<h1>أوراقي</h1>`) || !strings.Contains(ar.body, `lang="fr" dir="ltr" role="group"`) {
		t.Error("in Arabic, the page speaks Arabic and the documents stay French, left to right")
	}
}
