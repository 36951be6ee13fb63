package web

import "testing"

// TestExamHidesTheAnswerChoiceInBrowser: with CSS, ticking Examen on the
// start page hides the question "prefilled or looked up in the papers?",
// which the exam ignores; ticking another mode shows it again.
func TestExamHidesTheAnswerChoiceInBrowser(t *testing.T) {
	bt := needBrowser(t, false)
	ta := newTestApp(t)
	p := caf(t, ta)
	tb := newTab(t, startBrowser(t, bt), serve(t, ta), "")
	tb.open(startURL(p))
	shown := func() bool {
		return eval[bool](tb, `document.querySelector("fieldset.answers-choice").checkVisibility()`)
	}
	for _, tc := range []struct {
		mode  string
		shown bool
	}{{"guide", true}, {"examen", false}, {"autonome", true}} {
		tb.click(`label[for="mode-` + tc.mode + `"]`)
		if got := shown(); got != tc.shown {
			t.Errorf("mode %s ticked: the answers' choice shown %v, want %v", tc.mode, got, tc.shown)
		}
	}
}
