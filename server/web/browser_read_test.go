package web

import (
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// fakeSpeechJS stands for the browser's voice before any script of the
// page runs: it records what would be spoken, and in which language.
const fakeSpeechJS = `(() => {
	window.__spoken = [];
	Object.defineProperty(window, "speechSynthesis", {configurable: true, value: {
		speaking: false,
		speak(u) { window.__spoken.push({text: u.text, lang: u.lang}); },
		cancel() {},
	}});
	window.SpeechSynthesisUtterance = function (text) { this.text = text; this.lang = ""; };
})()`

type spoken struct {
	Text string `json:"text"`
	Lang string `json:"lang"`
}

// TestReadAloudLanguages: reading a step aloud with the translation shown
// speaks each translation line in the learner's language, never with the
// French voice, and skips the glossary markers ("Word explained below").
func TestReadAloudLanguages(t *testing.T) {
	bt := needBrowser(t, false)
	ta := newTestApp(t)
	p := caf(t, ta)
	tb := newTab(t, startBrowser(t, bt), serve(t, ta), "")
	if _, err := chromedp.Call(tb.ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: fakeSpeechJS}); err != nil {
		t.Fatalf("installing the fake voice: %v", err)
	}
	tb.setLanguage("en")
	tb.open(startURL(p))
	tb.click(profileRadio("kevin"))
	tb.submit(beginButton(p))
	// The translation's button is in the sandbox's menu, folded.
	tb.click(".sandbox-menu > summary")
	tb.submit("form.translate button")
	translations := eval[[]string](tb, `[...document.querySelectorAll("#contenu .translation")].map(e => e.innerText.trim())`)
	if len(translations) == 0 || eval[int](tb, `document.querySelectorAll("#contenu .label-terms").length`) == 0 {
		t.Fatalf("the step at %s shows no translation or no glossary marker to test with", tb.path())
	}
	tb.click(".sandbox-menu > summary")
	tb.click(".read-aloud")
	said := eval[[]spoken](tb, `window.__spoken`)
	if len(said) == 0 {
		t.Fatal("nothing was read")
	}
	heard := map[string]bool{}
	for _, s := range said {
		if strings.Contains(s.Text, "Word explained below") || strings.Contains(s.Text, "Mot expliqué plus bas") {
			t.Errorf("the glossary marker is read: %q (%s)", s.Text, s.Lang)
		}
		if s.Lang == "fr" {
			for _, tr := range translations {
				if strings.Contains(s.Text, tr) {
					t.Errorf("the translation %q is read with the French voice in %q", tr, s.Text)
				}
			}
		}
		if s.Lang == "en" {
			heard[s.Text] = true
		}
	}
	for _, tr := range translations {
		if !heard[tr] {
			t.Errorf("the translation %q is not read in English", tr)
		}
	}
}
