package engine

import (
	"maps"
	"strings"
	"time"

	"github.com/repetition-demarches/repetition/server/procedure"
)

// Given is a produced document the dossier has received, and when.
type Given struct {
	Doc *procedure.Produced
	// At is the submission, or the moment its event happened.
	At time.Time
}

// Issued is a produced document rendered from one dossier's answers.
type Issued struct {
	Doc   *procedure.Produced
	Title string
	Lines []IssuedLine
	// QR is the content of the document's QR code; "" without one.
	QR string
}

// IssuedLine is one rendered line of a produced document.
type IssuedLine struct {
	Label, Text string
}

// Given lists the produced documents the attempt has received so far, in
// the procedure's order: those given at submission once it is submitted,
// those of a follow-up event once the event has happened. A draft has none.
func (e *Engine) Given(p *procedure.Procedure, a *Attempt) ([]Given, error) {
	if a.Receipt == nil || len(p.Produces) == 0 {
		return nil, nil
	}
	happened := map[string]time.Time{}
	if p.FollowUp != nil {
		d, err := e.Dossier(p, a)
		if err != nil {
			return nil, err
		}
		for _, h := range d.Events {
			happened[h.ID()] = h.At
		}
	}
	var out []Given
	for _, doc := range p.Produces {
		at, ok := a.Receipt.Submitted, true
		if doc.Event != "" {
			at, ok = happened[doc.Event]
		}
		if ok {
			out = append(out, Given{Doc: doc, At: at})
		}
	}
	return out, nil
}

// Issue renders the produced document id for the attempt; it returns nil
// when the attempt has not received it (unknown, not submitted, or its
// event has not happened yet).
func (e *Engine) Issue(p *procedure.Procedure, a *Attempt, id string) (*Issued, error) {
	given, err := e.Given(p, a)
	if err != nil {
		return nil, err
	}
	for _, g := range given {
		if g.Doc.ID == id {
			return e.issue(p, a, g)
		}
	}
	return nil, nil
}

func (e *Engine) issue(p *procedure.Procedure, a *Attempt, g Given) (*Issued, error) {
	ev := e.Eval(p, a)
	env := maps.Clone(ev.env)
	env[procedure.DossierName] = map[string]any{
		"numero": a.Receipt.Number,
		"depot":  a.Receipt.Submitted.Format("02/01/2006"),
		"date":   simulatedDay(a.Receipt.Submitted, g.At, p.FollowUp.DayLength()).Format("02/01/2006"),
	}
	out := &Issued{Doc: g.Doc, Title: ev.textWith(g.Doc.Title, env)}
	for _, l := range g.Doc.Lines {
		// A folded YAML paragraph (>) ends with a line break the PDF would draw.
		out.Lines = append(out.Lines, IssuedLine{Label: l.Label, Text: strings.TrimSpace(ev.textWith(l.Text, env))})
	}
	if g.Doc.QR != nil {
		out.QR = format(ev.run(g.Doc.QR, env))
	}
	return out, ev.Err()
}

// simulatedDay is the calendar day of at on the simulated calendar that
// starts at from, where each day lasts day.
func simulatedDay(from, at time.Time, day time.Duration) time.Time {
	return from.AddDate(0, 0, int(at.Sub(from)/day))
}
