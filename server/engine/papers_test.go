package engine_test

import (
	"strings"
	"testing"

	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/procedure"
)

const papersProc = `steps:
  - id: s
    title: S
    fields:
      - {id: nir, type: nir, label: NIR, where: {document: carte_vitale, box: numero}}
      - {id: en_couple, type: yesno, label: En couple}
      - {id: mois, type: money, cents: false, label: Mois, repeat: {count: 2, label: "M${ i + 1 }"}, where: {document: bulletin_salaire, box: net_social}}
profiles:
  - id: lea
    name: Léa
    story: S.
    answers: {nir: 2 88 11 59 350 112, en_couple: true, mois: [1240, 980]}
    documents:
      - {kind: carte_vitale, boxes: {numero: 2 88 11 59 350 112, cle: "64"}}
      - {kind: bulletin_salaire, id: b1, boxes: {net_social: "1 240,00 €", periode: "${ monthYear(addMonths(today(), -1)) }"}}
  - id: tom
    name: Tom
    story: S.
    answers: {nir: 1 88 11 59 350 112, en_couple: false, mois: [1, 2]}
`

// TestStartWithPapers leaves empty exactly the answers the profile's
// papers print, and prefills the others.
func TestStartWithPapers(t *testing.T) {
	p := parseProc(t, papersProc)
	e := testEngine()
	a := e.StartWithPapers(p, "lea")
	want := map[string]string{"en_couple": "true", "mois.2": "980"} // no second payslip: mois.2 stays prefilled
	if len(a.Answers) != len(want) {
		t.Errorf("answers %v, want %v", a.Answers, want)
	}
	for k, v := range want {
		if a.Answers[k] != v {
			t.Errorf("answer %s = %q, want %q", k, a.Answers[k], v)
		}
	}
	if b := e.StartWithPapers(p, "tom"); b.Answers["nir"] == "" || b.Answers["mois.1"] == "" {
		t.Errorf("a profile without papers starts prefilled: %v", b.Answers)
	}
	if c := e.StartWithPapers(p, ""); c.Profile != "" || len(c.Answers) != 0 {
		t.Errorf("without profile, nothing is filled: %+v", c)
	}
}

// TestDocumentBoxes draws every box of the kind, in its order, computed
// values rendered and absent ones blank.
func TestDocumentBoxes(t *testing.T) {
	p := parseProc(t, papersProc)
	boxes := testEngine().DocumentBoxes(p, p.Profile("lea").Document("b1"))
	kind := procedure.DocumentKind("bulletin_salaire")
	if len(boxes) != len(kind.Boxes) {
		t.Fatalf("%d boxes, want the %d of the kind", len(boxes), len(kind.Boxes))
	}
	got := map[string]string{}
	for i, b := range boxes {
		if b.ID != kind.Boxes[i].ID || b.Label != kind.Boxes[i].Label {
			t.Errorf("box %d is %s (%s), want %s", i, b.ID, b.Label, kind.Boxes[i].ID)
		}
		got[b.ID] = b.Value
	}
	if got["net_social"] != "1 240,00 €" || got["employeur"] != "" {
		t.Errorf("boxes %v", got)
	}
	if got["periode"] == "" || strings.Contains(got["periode"], "${") {
		t.Errorf("the computed period was not rendered: %q", got["periode"])
	}
}

func TestSameAnswer(t *testing.T) {
	euros := &procedure.Field{Type: "money", Cents: new(bool)}
	cents := &procedure.Field{Type: "money"}
	text := &procedure.Field{Type: "nir"}
	choice := &procedure.Field{Type: "radio", Options: []procedure.Option{{Value: "gazole", Label: "Gazole"}, {Value: "essence", Label: "Essence"}}}
	tests := []struct {
		f           *procedure.Field
		box, answer string
		want        bool
	}{
		{euros, "1 240,56 €", "1240", true},
		{euros, "1 240,56 €", "1241", true},
		{euros, "1 240,00 €", "1241", false},

		{cents, "19,99 €", "19.99", true},
		{cents, "19,99 €", "20", false},
		{euros, "mille", "1000", false},
		{text, "1 95 03 69 123 456", "195036912 3456", true},
		{text, "1 95 03 69 123 456", "1 95 03 69 123 457", false},
		{&procedure.Field{Type: "plate"}, "zb-418-kt", "ZB418KT", true},
		{choice, "Gazole", "gazole", true},
		{choice, "Essence", "gazole", false},
	}
	for _, tc := range tests {
		if got := engine.SameAnswer(tc.f, tc.box, tc.answer); got != tc.want {
			t.Errorf("SameAnswer(%s, %q, %q) = %v, want %v", tc.f.Type, tc.box, tc.answer, got, tc.want)
		}
	}
}

// TestAuthoringGuideListsEveryDocument keeps the guides' list of kinds and
// boxes true, in English and in French.
func TestAuthoringGuideListsEveryDocument(t *testing.T) {
	for _, doc := range []string{guidePath, "docs/guide-auteur.md"} {
		lines, _ := readDoc(t, doc)
		rows := map[string]string{}
		for _, l := range lines {
			if strings.HasPrefix(l, "| `") {
				name, _, _ := strings.Cut(strings.TrimPrefix(l, "| `"), "`")
				rows[name] = l
			}
		}
		for _, id := range procedure.DocumentKinds() {
			row, ok := rows[id]
			if !ok {
				t.Errorf("%s has no row for the document kind `%s`", doc, id)
				continue
			}
			for _, b := range procedure.DocumentKind(id).Boxes {
				if !strings.Contains(row, "`"+b.ID+"` ("+b.Label+")") {
					t.Errorf("%s: the row of `%s` does not list its box `%s` (%s)", doc, id, b.ID, b.Label)
				}
			}
		}
	}
}
