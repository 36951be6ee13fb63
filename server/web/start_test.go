package web

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// answersFieldsetRE is the start page's question "prefilled or looked up
// in the papers?", from its fieldset to its end. CSS hides it while
// Examen is ticked: TestExamHidesTheAnswerChoiceInBrowser.
var answersFieldsetRE = regexp.MustCompile(`(?s)<fieldset class="answers-choice">.*?</fieldset>`)

// TestStartPageNeverOffersPrefilledAnswersInExam: the exam looks every
// answer up in the papers, whatever the form says, so the start page asks
// how much help first, then asks about prefilled answers for the other
// modes only, saying so in words (CSS off) and hiding it when Examen is
// ticked (CSS on).
func TestStartPageNeverOffersPrefilledAnswersInExam(t *testing.T) {
	ta := newTestApp(t)
	p := caf(t, ta)
	for _, tc := range []struct{ lang, says string }{
		{"fr", "En mode Examen, les réponses ne sont jamais remplies : ce choix ne compte pas."},
		{"en", "In Test mode, the answers are never filled in: this choice does not count."},
	} {
		c := ta.client(t)
		c.get("/langue/" + tc.lang)
		body := c.get(startURL(p)).body
		mode, answers := strings.Index(body, `name="mode" value="examen"`), answersFieldsetRE.FindStringIndex(body)
		if mode < 0 || answers == nil {
			t.Fatalf("%s: the start page lacks the exam mode or the answers' choice:\n%s", tc.lang, body)
		}
		if answers[0] < mode {
			t.Errorf("%s: the answers' choice comes before the mode: it cannot say which modes it is for", tc.lang)
		}
		if got := text(body[answers[0]:answers[1]]); !strings.Contains(got, tc.says) {
			t.Errorf("%s: the answers' choice does not say the exam never prefills: %s", tc.lang, got)
		}
	}
}

// TestTrainingInExamOffersNoAnswerChoice: a learner whose mediator set the
// exam is not asked whether answers come prefilled; in a guided training
// the choice stays.
func TestTrainingInExamOffersNoAnswerChoice(t *testing.T) {
	ta := newTrainingApp(t)
	p := ta.proc(t, cafID)
	for _, tc := range []struct {
		mode    string
		offered bool
	}{{"examen", false}, {"guide", true}} {
		_, code := openTraining(t, ta.client(t), newTrainingValues("mode", tc.mode))
		learner := ta.client(t)
		joinTraining(t, learner, code, "Nour")
		body := learner.get(startURL(p)).body
		if got := strings.Contains(body, `name="reponses"`); got != tc.offered {
			t.Errorf("training in mode %s: answers' choice offered %v, want %v", tc.mode, got, tc.offered)
		}
		if !strings.Contains(body, `name="mode" value="`+tc.mode+`"`) {
			t.Errorf("training in mode %s: the start page does not show the mode", tc.mode)
		}
		learner.follow(learner.post(startURL(p)+"commencer", url.Values{"profil": {"kevin"}, "reponses": {"remplies"}}))
		if a := ta.attemptOf(t, learner, cafID); tc.mode == "examen" && (a.Mode != "examen" || a.Answers["nir"] != "") {
			t.Errorf("an exam in a training started in mode %q with the NIR %q", a.Mode, a.Answers["nir"])
		}
	}
}
