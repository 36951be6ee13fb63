package web

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/repetition-demarches/repetition/server/procedure"
)

var updatePapers = flag.Bool("update-papers", false, "rewrite testdata/papers/*.html from the drawn papers")

// docRE cuts one drawn document out of a page.
var docRE = regexp.MustCompile(`(?s)<div class="doc [^"]*".*?</dl>\s*</div>`)

// TestPapersLookTheSame draws every kind of paper, every box filled and the
// first one highlighted, and compares it with the golden file captured
// before the kinds moved from Go to content/papiers/*.yaml: the move must
// not change a byte of what learners see.
func TestPapersLookTheSame(t *testing.T) {
	var docs strings.Builder
	for _, id := range procedure.DocumentKinds() {
		docs.WriteString("      - kind: " + id + "\n        boxes:\n")
		for _, b := range procedure.DocumentKind(id).Boxes {
			docs.WriteString("          " + b.ID + ": Valeur de " + b.ID + "\n")
		}
	}
	src := `id: essai-papiers
title: Essai des papiers
organisation: anef
summary: Tous les papiers.
duration: 5 min
level: débutant
real: {url: "https://example.fr/", compared: 2026-01-01}
steps:
  - id: nom
    title: Votre nom
    fields:
      - {id: nom, type: text, label: Nom}
receipt: {title: Enregistré, number: "T-${ digits(4) }", next: Fin.}
profiles:
  - id: tous
    name: Tous
    story: Elle a tous les papiers.
    documents:
` + docs.String()
	p, problems := procedure.Parse("essai-papiers.yaml", []byte(src))
	if len(problems) > 0 {
		t.Fatalf("%v\n%s", problems, src)
	}
	ta := newTestAppWith(t, p)
	c := ta.client(t)
	c.begin(p, "tous")
	for _, id := range procedure.DocumentKinds() {
		first := procedure.DocumentKind(id).Boxes[0].ID
		page := c.get(papersURL(p) + "/" + id + "?case=" + first)
		got := docRE.FindString(page.body)
		if got == "" {
			t.Errorf("%s: no document drawn (status %d)", id, page.status)
			continue
		}
		golden := filepath.Join("testdata", "papers", id+".html")
		if *updatePapers {
			if err := os.WriteFile(golden, []byte(got+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Errorf("%s: %v (run go test ./server/web -run PapersLookTheSame -update-papers)", id, err)
			continue
		}
		if got+"\n" != string(want) {
			t.Errorf("%s is not drawn as before:\n got: %s\nwant: %s", id, got, want)
		}
	}
}
