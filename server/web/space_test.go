package web

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/repetition-demarches/repetition/server/procedure"
)

func bundled(t *testing.T, ta *testApp, id string) *procedure.Procedure {
	t.Helper()
	for _, p := range ta.procs {
		if p.ID == id {
			return p
		}
	}
	t.Fatalf("no bundled procedure %s", id)
	return nil
}

// submitAs fills every step of p with a profile's answers and submits.
func submitAs(t *testing.T, ta *testApp, c *client, p *procedure.Procedure, profile string) {
	t.Helper()
	c.begin(p, profile)
	c.fillSteps(p, ta.engine.Answers(p, p.Profile(profile).Answers))
	if res := c.post("/demarches/"+p.ID+"/valider", url.Values{"attestation": {"true"}}); res.location != receiptURL(p) {
		t.Fatalf("submitting went to %q", res.location)
	}
}

// TestSpaceListsDraftsAndDossiers: Mon espace lists every procedure of
// the session; a draft past its deadline shows its consequence.
func TestSpaceListsDraftsAndDossiers(t *testing.T) {
	ta := newTestApp(t)
	c := ta.client(t)
	if body := c.get("/mon-espace").body; !strings.Contains(body, "Vous n&#39;avez encore commencé aucune démarche.") {
		t.Fatalf("empty space:\n%s", body)
	}
	caf := bundled(t, ta, "caf-declaration-trimestrielle")
	ants := bundled(t, ta, "ants-permis-perte-vol")
	c.begin(caf, "kevin")
	submitAs(t, ta, c, ants, ants.Profiles[0].ID)
	body := c.get("/mon-espace").body
	for _, want := range []string{caf.Title, "Brouillon non envoyé", `href="/demarches/caf-declaration-trimestrielle/etapes/connexion"`, ants.Title, "Demande enregistrée", `href="/demarches/ants-permis-perte-vol/suivi"`, "1 nouveau"} {
		if !strings.Contains(body, escaped(want)) {
			t.Errorf("Mon espace lacks %q", want)
		}
	}
	if strings.Contains(body, "versement suspendu") {
		t.Error("the draft's deadline has not passed yet")
	}
	ta.advance(15 * time.Minute) // 15 simulated days
	if body := c.get("/mon-espace").body; !strings.Contains(body, "Déclaration non reçue : versement suspendu") {
		t.Errorf("after the deadline, the draft should show its consequence")
	}
	if body := c.get("/demarches/caf-declaration-trimestrielle/suivi").body; !strings.Contains(body, "le versement de votre RSA ou de votre prime d&#39;activité est suspendu") || !strings.Contains(body, "Reprendre ma démarche") {
		t.Errorf("the draft's dossier page should explain the suspension and offer to resume")
	}
}

func escaped(s string) string { return strings.ReplaceAll(s, "'", "&#39;") }

// TestDossierRequestAndMessages: a document request blocks the dossier
// until answered; a wrong file is refused with the site's message; the
// messages are marked new once, then read.
func TestDossierRequestAndMessages(t *testing.T) {
	ta := newTestApp(t)
	c := ta.client(t)
	caf := bundled(t, ta, "caf-declaration-trimestrielle")
	submitAs(t, ta, c, caf, "nadia")
	if body := c.get(receiptURL(caf)).body; !strings.Contains(body, `href="/demarches/caf-declaration-trimestrielle/suivi"`) {
		t.Fatal("the receipt does not link to the dossier")
	}
	body := c.get(dossierURL(caf)).body
	if !strings.Contains(body, `<strong class="status">Dossier reçu</strong>`) || !strings.Contains(body, `<p class="badge">Nouveau</p>`) {
		t.Fatalf("first view:\n%s", body)
	}
	if body := c.get(dossierURL(caf)).body; strings.Contains(body, `<p class="badge">Nouveau</p>`) {
		t.Error("a message seen once is no longer new")
	}
	for range 2 {
		c.follow(c.post(dossierURL(caf)+"/avancer", nil))
	}
	body = c.get(dossierURL(caf)).body
	if !strings.Contains(body, "En attente d&#39;information") || !strings.Contains(body, `<label for="piece">Bail ou quittance de loyer</label>`) || strings.Contains(body, "/suivi/avancer") {
		t.Fatalf("the request should be shown, with no way to jump past it:\n%s", body)
	}
	// Jumping ahead is refused while the request waits.
	c.follow(c.post(dossierURL(caf)+"/avancer", nil))
	tests := []struct {
		file, want string
	}{
		{"photo.gif|1000", "Le format de ce fichier n&#39;est pas accepté."},
		{"bail.pdf|6000000", "Le fichier dépasse la taille maximale autorisée (5"},
	}
	for _, tt := range tests {
		res := c.postFiles(dossierURL(caf)+"/piece", url.Values{}, map[string]string{"piece": tt.file})
		page := c.follow(res)
		if !strings.Contains(page.body, tt.want) || !strings.Contains(page.body, `aria-invalid="true"`) || !strings.HasPrefix(extractTitle(page.body), "Erreur") {
			t.Errorf("%s: no refusal %q (title %q):\n%s", tt.file, tt.want, extractTitle(page.body), summaryText(page.body))
		}
	}
	page := c.follow(c.post(dossierURL(caf)+"/piece", url.Values{}))
	if !strings.Contains(page.body, "Veuillez sélectionner un document à transmettre.") {
		t.Error("sending no file should be refused")
	}
	page = c.follow(c.postFiles(dossierURL(caf)+"/piece", url.Values{}, map[string]string{"piece": "bail.pdf|40000"}))
	if !strings.Contains(page.body, "Document transmis : bail.pdf") || strings.Contains(page.body, `for="piece"`) {
		t.Errorf("the answer should be recorded:\n%s", page.body)
	}
	page = c.follow(c.post(dossierURL(caf)+"/avancer", nil))
	if !strings.Contains(page.body, `<strong class="status">Traité</strong>`) || !strings.Contains(page.body, "Rien d&#39;autre n&#39;est prévu") {
		t.Errorf("after the answer, the dossier should be treated")
	}
	if strings.Contains(page.body, "Notification d&#39;indu") {
		t.Error("Nadia declared everything: no overpayment letter")
	}
}

// TestDossierIndu: a salary of the profile's story left out comes back as
// an overpayment letter, with the amounts. The left-out salary changed a
// pre-filled amount: the Caf first asks for a justificatif.
func TestDossierIndu(t *testing.T) {
	ta := newTestApp(t)
	c := ta.client(t)
	caf := bundled(t, ta, "caf-declaration-trimestrielle")
	c.begin(caf, "kevin")
	answers := ta.engine.Answers(caf, caf.Profile("kevin").Answers)
	answers["salaires_vous.2"] = "0"
	c.fillSteps(caf, answers)
	// The changed pre-filled salary is warned about: confirmed.
	c.post(stepURL(caf, caf.Step("montants_vous")), url.Values{"confirmer": {"1"}})
	c.post("/demarches/"+caf.ID+"/valider", url.Values{"attestation": {"true"}})
	var page response
	for range 2 { // calcul, then the request for a justificatif
		page = c.follow(c.post(dossierURL(caf)+"/avancer", nil))
	}
	if !strings.Contains(page.body, "Bulletin de salaire et relevé de compte") {
		t.Fatalf("a changed pre-filled salary asks for a justificatif:\n%s", page.body)
	}
	c.postFiles(dossierURL(caf)+"/piece", url.Values{}, map[string]string{"piece": "bulletin.pdf|40000"})
	for range 2 { // traitee, then the letter
		page = c.follow(c.post(dossierURL(caf)+"/avancer", nil))
	}
	for _, want := range []string{"Notification d&#39;indu (trop-perçu)", "382\u00a0€", "versé en", `<p class="badge">Nouveau</p>`} {
		if !strings.Contains(page.body, want) {
			t.Errorf("the letter lacks %q", want)
		}
	}
}

// TestSpaceInEnglishAndArabic: the sandbox's words follow the learner's
// language; the statuses stay in the site's French.
func TestSpaceInEnglishAndArabic(t *testing.T) {
	ta := newTestApp(t)
	c := ta.client(t)
	ants := bundled(t, ta, "ants-permis-perte-vol")
	submitAs(t, ta, c, ants, ants.Profiles[0].ID)
	for lang, want := range map[string]string{"en": "My space", "ar": "فضائي"} {
		c.get("/langue/" + lang)
		body := c.get("/mon-espace").body
		if !strings.Contains(body, "<h1>"+want+"</h1>") || !strings.Contains(body, `<dd lang="fr" dir="ltr">Demande enregistrée</dd>`) {
			t.Errorf("%s: Mon espace:\n%s", lang, body)
		}
		body = c.get(dossierURL(ants)).body
		if !strings.Contains(body, `<html lang="fr" dir="ltr"`) || !strings.Contains(body, `lang="`+lang+`"`) {
			t.Errorf("%s: the dossier page is French with the guide in %s", lang, lang)
		}
	}
}

func extractTitle(body string) string {
	_, after, _ := strings.Cut(body, "<title>")
	title, _, _ := strings.Cut(after, "</title>")
	return title
}
