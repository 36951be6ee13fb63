package web

import (
	"net/url"
	"strings"
	"testing"

	"github.com/repetition-demarches/repetition/server/procedure"
)

// A kind of paper declared in YAML by a procedure is drawn by the generic
// template: its mark, a wide box, a default value computed on the clock.
func TestDeclaredKindIsDrawn(t *testing.T) {
	src := `id: essai-convocation
title: Essai de convocation
organisation: anef
summary: Une convocation.
duration: 5 min
level: débutant
real: {url: "https://example.fr/", compared: jamais}
paper_kinds:
  convocation:
    title: "Convocation du ${ formatDate(today()) }"
    mark: SPÉCIMEN — COURRIER FICTIF
    boxes:
      - {id: identifiant, label: Identifiant France Travail}
      - {id: objet, label: Objet, wide: true, value: Entretien de suivi}
steps:
  - id: nom
    title: Votre nom
    fields:
      - {id: ident, type: text, label: Identifiant, pattern: "[0-9]{7}[A-Z]", where: {document: convocation, box: identifiant}}
receipt: {title: Enregistré, number: "T-${ digits(4) }", next: Fin.}
profiles:
  - id: sami
    name: Sami
    story: Il a reçu une convocation.
    answers: {ident: 1234567A}
    documents:
      - {kind: convocation, boxes: {identifiant: 1234567A}}
`
	p, problems := procedure.Parse("essai-convocation.yaml", []byte(src))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	ta := newTestAppWith(t, p)
	c := ta.client(t)
	c.begin(p, "sami")
	body := c.get(papersURL(p) + "/convocation?case=identifiant").body
	for _, want := range []string{
		`<p class="doc-specimen">SPÉCIMEN — COURRIER FICTIF</p>`,
		`<div class="doc-box doc-wide" id="case-objet">`,
		`<dd>Entretien de suivi</dd>`,
		`<div class="doc-box doc-here" id="case-identifiant">`,
		`<p class="doc-title">Convocation du `,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the declared kind is not drawn with %q", want)
		}
	}
	noRawExpr(t, "the declared kind", body)

	// Montrez-moi names a kind that has no message of its own by its title.
	c = ta.client(t)
	c.get(startURL(p))
	c.post(startURL(p)+"commencer", url.Values{"profil": {"sami"}, "mode": {"guide"}, "reponses": {"papiers"}})
	step := stepURL(p, p.Steps[0])
	for range 3 {
		c.post(step, url.Values{"ident": {"12"}})
	}
	page := c.get(step).body
	if want := "Montrez-moi : regardez la case « Identifiant France Travail » de votre document « Convocation du "; !strings.Contains(page, want) {
		t.Errorf("no %q on the step after three refusals", want)
	}
	noRawExpr(t, "the step with montrez-moi", page)
}
