package web

import (
	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/procedure"
)

// warningViews are the warnings of a step's last post, each linked to the
// field it is about ("Corriger" goes there), or to the first field.
func warningViews(page *Page, issues []engine.Issue, fields []*fieldView) []issueView {
	var out []issueView
	for _, is := range issues {
		anchor := fieldID(is.Field)
		if is.Field == procedure.StepIssue && len(fields) > 0 {
			anchor = fields[0].ID
		}
		out = append(out, issueView{Anchor: anchor, Text: issueText(page, is)})
	}
	return out
}

// prefilledViews draws the answers the site filled in as text with
// "Modifier", as the Caf's and impots.gouv's pre-filled declarations do,
// while they are unchanged and not refused. "Modifier" is a link back to
// the page with ?modifier=ID, which draws the input: no script needed.
// A field a warning is about is drawn as an input, so that "Corriger"
// lands on it.
//
// A repeated field's answers (one per month) are drawn each on its own,
// with its own "Modifier".
func prefilledViews(ev *engine.Eval, fields []*fieldView, editing string, warnings []issueView) {
	for _, fv := range fields {
		f := ev.P.Field(fv.Key)
		if f == nil || fv.Key == editing || fv.HasError || warnedAbout(fv, warnings) {
			continue
		}
		if f.Repeat != nil {
			for _, item := range fv.Items {
				if item.Key != editing && item.Error == "" {
					prefilledView(ev, f, item)
				}
			}
			continue
		}
		prefilledView(ev, f, fv)
	}
}

// prefilledView draws fv (a field or one answer of a repeated field) as
// pre-filled when the site filled it in and it is unchanged.
func prefilledView(ev *engine.Eval, f *procedure.Field, fv *fieldView) {
	v, ok := ev.A.Prefilled[fv.Key]
	if !ok || !samePrefilled(ev, f, ev.A.Answers[fv.Key], v) {
		return
	}
	fv.Prefilled = true
	fv.Value = v
	fv.Shown, _ = ev.Display(f, v)
	fv.ChangeURL = "?modifier=" + fv.Key + "#" + fv.ID
}

func warnedAbout(fv *fieldView, warnings []issueView) bool {
	for _, w := range warnings {
		if w.Anchor == fv.ID {
			return true
		}
	}
	return false
}

// samePrefilled reports whether answer is still the value the site filled
// in, written the same or differently (214,20 for 214.2).
func samePrefilled(ev *engine.Eval, f *procedure.Field, answer, filled string) bool {
	if answer == filled {
		return true
	}
	a, _ := ev.Display(f, answer)
	b, _ := ev.Display(f, filled)
	return a != "" && a == b
}
