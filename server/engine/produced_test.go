package engine_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/repetition-demarches/repetition/server/engine"
)

const producedProc = followProc + `produces:
  - id: accuse
    title: Accusé de réception n° ${ dossier.numero }
    lines:
      - {label: Déposé le, text: "${ dossier.depot }"}
      - text: Total déclaré ${ euros(total) }.
  - id: attestation
    title: Attestation
    event: fin
    lines: [{label: Délivrée le, text: "${ dossier.date }"}]
    qr: '"SPECIMEN " + dossier.numero'
`

// TestProducedDocumentsFollowTheDossier: nothing for a draft, the
// submission's document at once, the event's document once it happened
// (after the request is answered), rendered from the answers and the
// dossier on the simulated calendar.
func TestProducedDocumentsFollowTheDossier(t *testing.T) {
	p := parseProc(t, producedProc)
	e, c := followEngine()
	draft := e.Start(p, "kevin")
	if g, err := e.Given(p, draft); err != nil || len(g) != 0 {
		t.Fatalf("a draft has documents: %v %v", g, err)
	}
	if d, err := e.Issue(p, draft, "accuse"); err != nil || d != nil {
		t.Fatalf("a draft's accusé: %v %v", d, err)
	}
	a := submitted(t, e, p, "1000", "500")
	ids := func() []string {
		g, err := e.Given(p, a)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, x := range g {
			out = append(out, x.Doc.ID)
		}
		return out
	}
	if got := ids(); len(got) != 1 || got[0] != "accuse" {
		t.Fatalf("at submission: %v, want [accuse]", got)
	}
	d, err := e.Issue(p, a, "accuse")
	if err != nil || d == nil {
		t.Fatal(d, err)
	}
	if want := "Accusé de réception n° " + a.Receipt.Number; d.Title != want {
		t.Errorf("title %q, want %q", d.Title, want)
	}
	if d.Lines[0] != (engine.IssuedLine{Label: "Déposé le", Text: "22/11/2026"}) || d.Lines[1].Text != "Total déclaré 1\u202f500\u00a0€." || d.QR != "" {
		t.Errorf("accusé = %q %+v", d.Lines[1].Text, d)
	}
	if d, _ := e.Issue(p, a, "attestation"); d != nil {
		t.Fatal("the attestation is given before its event")
	}
	// The request (day 2) waits for its answer; fin comes 3 days after it.
	c.t = c.t.Add(2 * time.Minute)
	if _, err := e.Answer(p, a, engine.FileAnswer("bulletin.pdf", 1000)); err != nil {
		t.Fatal(err)
	}
	c.t = c.t.Add(3 * time.Minute)
	if got := ids(); len(got) != 2 || got[1] != "attestation" {
		t.Fatalf("after fin: %v", got)
	}
	d, err = e.Issue(p, a, "attestation")
	if err != nil || d == nil {
		t.Fatal(d, err)
	}
	if d.Lines[0].Text != "27/11/2026" || d.QR != "SPECIMEN "+a.Receipt.Number {
		t.Errorf("attestation = %+v", d)
	}
	if d, err := e.Issue(p, a, "inconnu"); d != nil || err != nil {
		t.Errorf("an unknown document: %v %v", d, err)
	}
}

// A document whose expression fails at run time fails the scenario that
// receives it, not a learner's download.
func TestScenarioRendersProducedDocuments(t *testing.T) {
	p := parseProc(t, followProc+`produces:
  - {id: accuse, title: Accusé, lines: [{text: "${ salaires[5] }"}]}
scenarios:
  - {name: Kévin, profile: kevin, expect: {reaches: receipt}}
`)
	e, _ := followEngine()
	if _, err := e.Play(p, p.Scenarios[0]); err == nil {
		t.Error("a failing document did not fail the scenario")
	}
}

// A scenario expecting documents compares those received once the whole
// follow-up has run, exactly and in order.
func TestScenarioExpectsDocuments(t *testing.T) {
	p := parseProc(t, producedProc+`scenarios:
  - {name: Tout, profile: kevin, expect: {reaches: receipt, documents: [accuse, attestation]}}
  - {name: Sans attestation, profile: kevin, expect: {reaches: receipt, documents: [accuse]}}
`)
	e, _ := followEngine()
	if o := play(t, e, p, p.Scenarios[0]); strings.Join(o.Documents, ",") != "accuse,attestation" {
		t.Errorf("documents %v", o.Documents)
	}
	o, err := e.Play(p, p.Scenarios[1])
	if err != nil {
		t.Fatal(err)
	}
	m := engine.Mismatches(p.Scenarios[1], o)
	if len(m) != 1 || m[0].Key != "documents_differ" || fmt.Sprint(m[0].Args) != "[Got [accuse, attestation] Want [accuse]]" {
		t.Errorf("mismatches %v", m)
	}
}
