package glossary

import (
	"strings"
	"testing"
	"testing/fstest"
)

func testGlossary(t *testing.T) *Glossary {
	t.Helper()
	g, err := Load(fstest.MapFS{
		"content/glossaire.fr.yaml": {Data: []byte(`
- {id: nir, term: NIR, also: [numéro de sécurité sociale], definition: Le numéro de la carte Vitale.}
- {id: rfr, term: revenu fiscal de référence, also: [RFR], definition: Un montant de l'avis d'impôt.}
- {id: numero-fiscal, term: numéro fiscal, definition: Le numéro de l'avis d'impôt.}
`)},
		"content/glossaire.en.yaml": {Data: []byte("nir: {term: social security number, definition: The number on the Vitale card.}\n")},
		"content/jargon.fr.txt":     {Data: []byte("# jargon\nnir\nindu\nrecevabilité\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestLink(t *testing.T) {
	g := testGlossary(t)
	cases := []struct{ in, want string }{
		{"Votre NIR est sur la carte.", `Votre <a class="term" href="/glossaire#nir">NIR</a> est sur la carte.`},
		{"Le Numero de Securite Sociale, puis le NIR.", `Le <a class="term" href="/glossaire#nir">Numero de Securite Sociale</a>, puis le NIR.`},
		{"Le numéro fiscal et le RFR <b>", `Le <a class="term" href="/glossaire#numero-fiscal">numéro fiscal</a> et le <a class="term" href="/glossaire#rfr">RFR</a> &lt;b&gt;`},
		{"NIRVANA et nirs ne sont pas des termes.", "NIRVANA et nirs ne sont pas des termes."},
		{"l'RFR", `l&#39;<a class="term" href="/glossaire#rfr">RFR</a>`},
	}
	for _, tc := range cases {
		if got := string(g.Link(tc.in, func(id string) string { return "/glossaire#" + id })); got != tc.want {
			t.Errorf("Link(%q)\n got %s\nwant %s", tc.in, got, tc.want)
		}
	}
}

func TestUnexplainedJargon(t *testing.T) {
	g := testGlossary(t)
	got := g.UnexplainedJargon("Un indu, votre NIR, la recevabilité du dossier.")
	if strings.Join(got, ",") != "indu,recevabilité" {
		t.Fatalf("got %v", got)
	}
}

func TestEntriesAndTranslations(t *testing.T) {
	g := testGlossary(t)
	views := g.Entries("en", nil)
	if len(views) != 3 || views[0].ID != "nir" || views[0].Translated == nil || views[1].Translated != nil {
		t.Fatalf("entries: %+v", views)
	}
	if only := g.Entries("fr", map[string]bool{"rfr": true}); len(only) != 1 || only[0].ID != "rfr" {
		t.Fatalf("entries of one id: %+v", only)
	}
	if m := g.Missing()["en"]; len(m) != 2 {
		t.Fatalf("missing: %v", m)
	}
	if _, err := Load(fstest.MapFS{
		"content/glossaire.fr.yaml": {Data: []byte("- {id: a, term: A, definition: D}\n")},
		"content/glossaire.ar.yaml": {Data: []byte("b: {term: B, definition: D}\n")},
	}); err == nil {
		t.Error("a translation of an unknown entry was accepted")
	}
}

func TestJargonAlreadyExplainedIsNotFlagged(t *testing.T) {
	g := testGlossary(t)
	if got := g.UnexplainedJargon("Le NIR, puis encore le NIR et un indu."); len(got) != 1 || got[0] != "indu" {
		t.Fatalf("got %v", got)
	}
}
