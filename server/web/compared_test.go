package web

import (
	"strings"
	"testing"

	"github.com/repetition-demarches/repetition/server/procedure"
)

// A draft written from memory (compared: jamais, or no date) is labelled
// on its start page and in the catalogue, in every language of the guide;
// a compared one shows its date and no label.
func TestNotComparedLabel(t *testing.T) {
	draft := func(id, real string) *procedure.Procedure {
		src := "id: " + id + `
title: Brouillon ` + id + `
organisation: anef
summary: Une démarche écrite de mémoire.
duration: 5 min
level: débutant
real: ` + real + `
steps:
  - id: nom
    title: Votre nom
    fields:
      - {id: nom, type: text, label: Nom}
receipt:
  title: Enregistré
  number: T-${ digits(4) }
  next: Fin.
`
		p, problems := procedure.Parse(id+".yaml", []byte(src))
		if len(problems) > 0 {
			t.Fatal(problems)
		}
		return p
	}
	jamais := draft("essai-jamais", `{url: "https://example.fr/", compared: jamais}`)
	absent := draft("essai-sans-date", `{url: "https://example.fr/"}`)
	dated := draft("essai-date", `{url: "https://example.fr/", compared: 2026-10-03}`)
	ta := newTestAppWith(t, jamais, absent, dated)
	labels := map[string]string{
		"fr": "Pas encore comparée au vrai site",
		"en": "Not yet compared with the real site",
		"ar": "لم تتم مقارنته بالموقع الحقيقي بعد",
	}
	for lang, label := range labels {
		c := ta.client(t)
		c.header.Set("Accept-Language", lang)
		for _, p := range []*procedure.Procedure{jamais, absent} {
			if body := c.get(startURL(p)).body; !strings.Contains(body, label) {
				t.Errorf("%s: the start page of %s does not say %q", lang, p.ID, label)
			}
		}
		if body := c.get(startURL(dated)).body; strings.Contains(body, label) || !strings.Contains(body, "03/10/2026") {
			t.Errorf("%s: the start page of a compared draft must give its date and no label", lang)
		}
		home := c.get("/?q=brouillon").body
		if n := strings.Count(home, label); n != 2 {
			t.Errorf("%s: the catalogue labels %d drafts, want 2", lang, n)
		}
	}
}
