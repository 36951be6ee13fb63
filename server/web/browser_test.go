package web

// Real-browser tests: headless Chromium driven with chromedp walks the
// procedures as a learner would, and checks what only a browser can show —
// axe-core's WCAG 2.2 A/AA rules on every page and state, keyboard-only use
// with a visible focus, the site without JavaScript, and a 320 px screen.
// They need Chromium and axe-core (see needBrowser); `go test -short`
// skips them.

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/repetition-demarches/repetition/server/procedure"
)

// TestAccessibilityInBrowser runs axe on every page a learner meets: the
// catalogue, a search with and without results, a missing page, and, for
// every bundled procedure, its start page, each step as first shown, after
// one refused try (errors) and after two (more hints), the review, the
// receipt, and the exit steps its scenarios reach, in every learner language.
func TestAccessibilityInBrowser(t *testing.T) {
	bt := needBrowser(t, true)
	started := time.Now()
	browser := startBrowser(t, bt)
	stats := newBrowserStats()
	t.Cleanup(func() {
		t.Logf("axe checked %s in %s", stats, time.Since(started).Round(time.Millisecond))
	})

	t.Run("axe-runs-despite-csp", func(t *testing.T) {
		checkAxeWorks(t, browser, bt)
	})
	if t.Failed() {
		return
	}
	procs := newTestApp(t).procs
	for _, lang := range browserLanguages {
		t.Run(lang+"/catalogue", func(t *testing.T) {
			t.Parallel()
			ta := newTestApp(t)
			tb := newTab(t, browser, serve(t, ta), bt.axe)
			tb.setLanguage(lang)
			pages := []string{"/", "/?q=permis", "/?q=zzzz", "/glossaire", "/accessibilite", "/affichage?retour=/", "/reprendre", "/mon-espace"}
			for _, p := range procs {
				pages = append(pages, "/demarches/"+p.ID+"/parcours", "/demarches/"+p.ID+"/pour-de-vrai")
			}
			for _, path := range pages {
				tb.open(path)
				tb.audit("page", stats)
			}
			tb.open("/reprendre")
			tb.do("typing a resume code", chromedp.SendKeys(chromedp.CSS("#code"), "AAAA-AAAA-AAAA"))
			submitRefused(tb, `main form[action="/reprendre"] button[type=submit]`)
			tb.audit("resume code refused", stats)
			tb.openStatus("/cette-page-n-existe-pas", http.StatusNotFound)
			tb.audit("not found", stats)
		})
		for _, p := range procs {
			t.Run(lang+"/"+p.ID, func(t *testing.T) {
				t.Parallel()
				// Each subtest has its own app: the engine's test random
				// source may not be read by two sessions at once.
				ta := newTestApp(t)
				p := procByID(t, ta, p.ID)
				tb := newTab(t, browser, serve(t, ta), bt.axe)
				tb.setLanguage(lang)
				sc := receiptScenario(p)
				if sc == nil {
					t.Fatalf("%s has no scenario that reaches the receipt", p.ID)
				}
				walk(tb, p, sc, ta.engine.ScenarioAnswers(p, sc), true, stats)
				// The profile's papers ("Mes papiers"), and one of them with a box highlighted.
				if pr := p.Profile(sc.Profile); pr != nil && len(pr.Documents) > 0 {
					tb.open("/demarches/" + p.ID + "/papiers")
					tb.audit("papers", stats)
					d := pr.Documents[0]
					tb.open(paperURL(p, d, procedure.DocumentKind(d.Kind).Boxes[0].ID))
					tb.audit("paper", stats)
				}
				// The feedback box refused (open, with its message) and thanked,
				// then the friction page with the figures of this walk.
				tb.open("/demarches/" + p.ID + "/recepisse?avis=invalide")
				tb.audit("feedback refused", stats)
				tb.open("/demarches/" + p.ID + "/?avis=merci")
				tb.audit("feedback thanks", stats)
				tb.open("/demarches/" + p.ID + "/frictions")
				eval[chromedp.Void](tb, `document.querySelectorAll("details").forEach(d => d.open = true)`)
				tb.audit("frictions", stats)
				// Every exit step a scenario reaches, once.
				seen := map[string]bool{}
				for _, sc := range p.Scenarios {
					st := p.Step(sc.Expect.Reaches)
					if st == nil || !st.Exit || seen[st.ID] {
						continue
					}
					seen[st.ID] = true
					walk(tb, p, sc, ta.engine.ScenarioAnswers(p, sc), false, stats)
				}
			})
		}
	}
}

// checkAxeWorks shows that the test can trust axe: the pages' CSP allows
// only the site's own script files (an inline script added to the page
// does not run), yet axe injected through DevTools runs, checks rules, and
// finds a planted fault.
func checkAxeWorks(t *testing.T, browser context.Context, bt browserTools) {
	ta := newTestApp(t)
	base := serve(t, ta)
	res, err := http.Get(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "script-src 'self';") || strings.Contains(csp, "unsafe") {
		t.Fatalf("the pages should allow only their own script files, CSP is %q", csp)
	}
	tb := newTab(t, browser, base, bt.axe)
	tb.open("/")
	if eval[bool](tb, `(() => {
		const s = document.createElement("script");
		s.textContent = "window.__inlineRan = true";
		document.head.appendChild(s);
		return window.__inlineRan === true;
	})()`) {
		t.Fatal("an inline script ran: the CSP is not in force in the browser")
	}
	r := tb.runAxe()
	if r.Version == "" || r.Passes == 0 {
		t.Fatalf("axe ran no rule: version %q, %d rules passed", r.Version, r.Passes)
	}
	t.Logf("axe-core %s runs in the page despite its CSP (%d rules passed on /)", r.Version, r.Passes)
	eval[chromedp.Void](tb, `document.querySelector("main").insertAdjacentHTML("beforeend", '<img src="data:,">')`)
	found := false
	for _, v := range tb.runAxe().Violations {
		found = found || v.ID == "image-alt"
	}
	if !found {
		t.Fatal("axe did not report an image planted without alt text")
	}
}

func procByID(t *testing.T, ta *testApp, id string) *procedure.Procedure {
	t.Helper()
	for _, p := range ta.procs {
		if p.ID == id {
			return p
		}
	}
	t.Fatalf("procedure %s is not bundled", id)
	return nil
}

// receiptScenario is the procedure's first scenario that reaches the receipt.
func receiptScenario(p *procedure.Procedure) *procedure.Scenario {
	for _, sc := range p.Scenarios {
		if sc.Expect.Reaches == procedure.StepReceipt {
			return sc
		}
	}
	return nil
}

// walk plays scenario sc in the browser from the start page: the profile
// chosen with its radio, each step filled with the answers and submitted.
// With all, axe checks the start page, each step in three states (empty,
// errors, hints), the review and the receipt; the exit step a scenario
// reaches is always checked.
func walk(tb *tab, p *procedure.Procedure, sc *procedure.Scenario, answers map[string]string, all bool, stats *browserStats) {
	tb.t.Helper()
	tb.open(startURL(p))
	if all {
		tb.audit("start", stats)
	}
	tb.click(profileRadio(sc.Profile))
	tb.submit(beginButton(p))
	want := sc.Expect.Reaches
	for range len(p.Steps) + 3 {
		at := tb.path()
		if st := stepOf(p, at); st != nil {
			if st.Exit {
				if st.ID != want {
					tb.t.Fatalf("scenario %q: reached exit step %s, expected %s", sc.Name, st.ID, want)
				}
				tb.audit("exit", stats)
				return
			}
			if all {
				auditStep(tb, p, st, stats)
			}
			tb.fillStep(p, st, answers)
			tb.submit(stepButton(p, st))
			if tb.path() == at {
				tb.t.Fatalf("scenario %q: step %s refused the scenario's answers:\n%s", sc.Name, st.ID, tb.summaryText())
			}
			continue
		}
		switch {
		case strings.HasPrefix(at, reviewURL(p)):
			if all {
				tb.audit("review", stats)
				auditMissed(tb, p, stats)
			}
			if eval[bool](tb, `!!document.getElementById("attestation")`) {
				if all && !strings.Contains(at, "erreur=") {
					// Validating without the sworn statement: the review's error state.
					tb.submit(validateButton(p))
					tb.audit("review errors", stats)
				}
				tb.click("#attestation")
			}
			tb.submit(validateButton(p))
		case at == gateURL(p):
			// The login trap: with all, every IdentiPass page is audited
			// (the provider's form refused once), then the site's own login;
			// or the account is created, activated and signed in.
			browserGate(tb, p, all, stats)
		case at == codeURL(p):
			// The code after the password, read on the simulated phone.
			browserCode(tb, p, all, stats)
		case strings.HasSuffix(at, "/indisponible"):
			// The "service indisponible" trap: audited, then tried again.
			tb.audit("unavailable", stats)
			tb.submit(validateButton(p))
		case strings.HasPrefix(at, receiptURL(p)):
			if want != procedure.StepReceipt {
				tb.t.Fatalf("scenario %q: reached the receipt, expected %s", sc.Name, want)
			}
			tb.audit("receipt", stats)
			if all {
				auditFollowUp(tb, p, stats)
			}
			return
		default:
			tb.t.Fatalf("scenario %q: unexpected page %s", sc.Name, at)
		}
	}
	tb.t.Fatalf("scenario %q did not end", sc.Name)
}

// auditMissed checks a draft's dossier page once its deadline has passed
// (the jump ahead is the sandbox's button), and Mon espace listing it,
// then goes back to the review.
func auditMissed(tb *tab, p *procedure.Procedure, stats *browserStats) {
	tb.t.Helper()
	if p.FollowUp == nil || p.FollowUp.Missed == nil {
		return
	}
	at := tb.path()
	tb.open(dossierURL(p))
	tb.submit(advanceButton(p))
	tb.audit("missed deadline", stats)
	tb.open("/mon-espace")
	tb.audit("space with a draft", stats)
	tb.open(at)
}

// auditFollowUp checks the dossier page at each event of the follow-up,
// up to a document request (with its refused-upload state), and Mon
// espace listing the dossier.
func auditFollowUp(tb *tab, p *procedure.Procedure, stats *browserStats) {
	tb.t.Helper()
	if p.FollowUp == nil {
		return
	}
	tb.open(dossierURL(p))
	for range len(p.FollowUp.Events) + 1 {
		tb.audit("dossier", stats)
		if eval[bool](tb, `!!document.getElementById("piece")`) {
			tb.open(dossierURL(p) + "?erreur=file_type")
			tb.audit("dossier request refused", stats)
			break
		}
		if !eval[bool](tb, fmt.Sprintf(`!!document.querySelector(%s)`, jsString(advanceButton(p)))) {
			break
		}
		tb.submit(advanceButton(p))
	}
	tb.open("/mon-espace")
	tb.audit("space", stats)
}

func advanceButton(p *procedure.Procedure) string {
	return fmt.Sprintf(`main form[action=%q] button[type=submit]`, dossierURL(p)+"/avancer")
}

// auditStep checks step st as first shown, then emptied and refused once
// (error summary and messages), then refused again (more hints appear).
func auditStep(tb *tab, p *procedure.Procedure, st *procedure.Step, stats *browserStats) {
	tb.t.Helper()
	at := tb.path()
	// "Donner mon avis" open: its form is checked with the step's.
	eval[chromedp.Void](tb, `document.querySelectorAll("#avis details").forEach(d => d.open = true)`)
	tb.audit("empty", stats)
	form := fmt.Sprintf(`main form[action=%q]`, stepURL(p, st))
	states := []string{"errors", "hints"}
	for _, f := range st.Fields {
		if f.Where != nil && len(states) == 2 {
			// A third refusal opens "Où trouver cette information ?" with "Montrez-moi".
			states = append(states, "montrez-moi")
		}
	}
	// Each refusal adds to the page (the hints, then where to find the
	// answer) and takes nothing away: axe checks the last state, which
	// shows what the earlier ones showed. That is checked, not assumed:
	// an element an earlier state shows and the last one does not fails
	// the test, which must then audit that state too.
	var earlier []string
	var shown []map[string]bool
	for i, state := range states {
		eval[bool](tb, fmt.Sprintf(clearStepJS, jsString(form)))
		tb.submit(stepButton(p, st))
		if tb.path() != at {
			tb.t.Logf("%s: step %s accepts an empty form, so it has no %q state", tb.lang, st.ID, state)
			tb.open(at)
			return
		}
		if !eval[bool](tb, `!!document.getElementById("erreurs")`) {
			tb.t.Errorf("%s: a refused form shows no error summary (#erreurs)", at)
		}
		if i < len(states)-1 {
			earlier = append(earlier, state)
			shown = append(shown, shownElements(tb))
			continue
		}
		tb.audit(state, stats)
		last := shownElements(tb)
		for j, els := range shown {
			for el := range els {
				if !last[el] {
					tb.t.Errorf("%s [%s]: the %q state shows %s, which the %q state audited does not: audit the %q state too", at, tb.lang, earlier[j], el, state, earlier[j])
				}
			}
			stats.covered(earlier[j])
		}
	}
}

// shownElements describes every element the page renders (tag, id,
// classes and its own text), for auditStep to compare two states.
func shownElements(tb *tab) map[string]bool {
	tb.t.Helper()
	list := eval[[]string](tb, `[...document.body.querySelectorAll("*")].filter(el => el.getClientRects().length > 0).map(el => {
		const own = [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent.trim()).join(" ").trim();
		return el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.classList.length ? "." + [...el.classList].join(".") : "") + (own ? " " + JSON.stringify(own) : "");
	})`)
	set := make(map[string]bool, len(list))
	for _, s := range list {
		set[s] = true
	}
	return set
}

// cafPassword is the one answer of Kévin's profile that is not prefilled.
const cafPassword = "Entrainement2026"

// TestKeyboardOnly completes the CAF declaration with the keyboard alone:
// Tab to move, Space to tick, Enter to submit, keys typed into the focused
// field. After every Tab the focused element must show a visible focus
// indicator; after a refused form the focus must be on the error summary.
func TestKeyboardOnly(t *testing.T) {
	bt := needBrowser(t, false)
	started := time.Now()
	ta := newTestApp(t)
	p := caf(t, ta)
	tb := newTab(t, startBrowser(t, bt), serve(t, ta), "")
	k := &keyboard{tb: tb, reported: map[string]bool{}}

	tb.open(startURL(p))
	k.loaded()
	k.tabTo("the profile Kévin", func(f focusInfo) bool { return f.Name == "profil" })
	for range 10 { // Tab enters a radio group on its checked radio: arrows move in it
		if f := k.focus(); f.ID == "profil-kevin" {
			break
		}
		tb.do("ArrowDown", chromedp.KeyEvent(kb.ArrowDown))
	}
	if f := k.focus(); f.ID != "profil-kevin" || !f.Checked {
		t.Fatalf("could not select Kévin's profile with the keyboard: focus on %s", f)
	}
	k.tabTo("the start button", k.isSubmit(startURL(p)+"commencer"))
	k.enter()

	first := stepURL(p, p.Steps[0])
	if tb.path() != first {
		t.Fatalf("after the start button: %s, want %s", tb.path(), first)
	}
	// A refused try first: the password is empty.
	k.tabTo("the login button", k.isSubmit(first))
	k.enter()
	if tb.path() != first || !eval[bool](tb, `!!document.getElementById("erreurs")`) {
		t.Fatalf("an empty password was not refused: at %s", tb.path())
	}
	if f := k.focus(); f.ID != "erreurs" {
		t.Errorf("%s: after a refused form the focus is on %s, not on the error summary #erreurs "+
			"(suggested fix: add the autofocus attribute to the error summary div, which already has tabindex=-1)", first, f)
	}
	k.tabTo("the password", func(f focusInfo) bool { return f.ID == "f-mot_de_passe" })
	tb.do("typing the password", chromedp.KeyEvent(cafPassword))
	if got := eval[string](tb, `document.getElementById("f-mot_de_passe").value`); got != cafPassword {
		t.Fatalf("typed password is %q", got)
	}
	k.tabTo("the login button", k.isSubmit(first))
	k.enter()
	if tb.path() != codeURL(p) {
		t.Fatalf("after the login: %s, want the code page", tb.path())
	}
	// The code is read on the simulated phone, then typed with the keyboard.
	tb.open("/demarches/" + p.ID + "/telephone")
	digits := eval[string](tb, `document.querySelector("strong.code").textContent`)
	tb.open(codeURL(p))
	k.loaded()
	k.tabTo("the code", func(f focusInfo) bool { return f.ID == "f-code" })
	tb.do("typing the code", chromedp.KeyEvent(digits))
	k.tabTo("the code button", func(f focusInfo) bool { return k.isSubmit(codeURL(p))(f) && f.Name == "" })
	k.enter()

	for range len(p.Steps) + 1 {
		at := tb.path()
		st := stepOf(p, at)
		if st == nil {
			break
		}
		// Kévin's answers are prefilled: Tab through the fields to the button.
		k.tabTo("the button of step "+st.ID, k.isSubmit(stepURL(p, st)))
		k.enter()
		if tb.path() == at {
			t.Fatalf("step %s refused Kévin's prefilled answers:\n%s", st.ID, tb.summaryText())
		}
	}
	if tb.path() != reviewURL(p) {
		t.Fatalf("after the steps: %s, want the review", tb.path())
	}
	k.tabTo("the sworn statement", func(f focusInfo) bool { return f.ID == "attestation" })
	tb.do("Space", chromedp.KeyEvent(" "))
	if !k.focus().Checked {
		t.Fatal("Space did not tick the sworn statement")
	}
	k.tabTo("the submit button", k.isSubmit("/demarches/"+p.ID+"/valider"))
	k.enter()
	if tb.path() != receiptURL(p) {
		t.Fatalf("after submitting: %s, want the receipt", tb.path())
	}
	if !eval[bool](tb, `!!document.querySelector(".dossier")`) {
		t.Fatal("the receipt shows no dossier number")
	}
	t.Logf("keyboard only: receipt reached with %d Tab presses on %d pages in %s",
		k.tabs, k.pages, time.Since(started).Round(time.Millisecond))
}

// keyboard drives a tab with keys and checks the focus after each Tab.
type keyboard struct {
	tb       *tab
	tabs     int
	pages    int
	reported map[string]bool
}

type focusInfo struct {
	Tag                string  `json:"tag"`
	ID                 string  `json:"id"`
	Name               string  `json:"name"`
	Type               string  `json:"type"`
	Text               string  `json:"text"`
	Form               string  `json:"form"`
	Href               string  `json:"href"`
	Checked            bool    `json:"checked"`
	OutlineStyle       string  `json:"outlineStyle"`
	OutlineWidth       float64 `json:"outlineWidth"`
	BoxShadow          string  `json:"boxShadow"`
	BaseShadow         *string `json:"baseShadow"`
	ChoiceOutlineStyle string  `json:"choiceOutlineStyle"`
	ChoiceOutlineWidth float64 `json:"choiceOutlineWidth"`
}

func (f focusInfo) String() string {
	if f.Tag == "" {
		return "(nothing)"
	}
	s := "<" + f.Tag
	if f.Type != "" {
		s += " type=" + f.Type
	}
	if f.ID != "" {
		s += " id=" + f.ID
	}
	if f.Name != "" {
		s += " name=" + f.Name
	}
	s += ">"
	if f.Text != "" {
		s += " " + fmt.Sprintf("%q", f.Text)
	}
	return s
}

// visible reports whether the focus can be seen: an outline at least 2 px
// wide, or a box shadow the element does not have without the focus. A
// radio or checkbox may show it on its tile (.choice).
func (f focusInfo) visible() bool {
	if f.OutlineStyle != "none" && f.OutlineWidth >= 2 {
		return true
	}
	if f.BoxShadow != "" && f.BoxShadow != "none" && (f.BaseShadow == nil || *f.BaseShadow != f.BoxShadow) {
		return true
	}
	return f.ChoiceOutlineStyle != "" && f.ChoiceOutlineStyle != "none" && f.ChoiceOutlineWidth >= 2
}

// baseShadowJS records the box shadow of every focusable element before any
// is focused, so that a shadow the element always has (a button's relief)
// is not taken for a focus indicator.
const baseShadowJS = `(() => {
	window.__baseShadow = new WeakMap();
	for (const el of document.querySelectorAll("a, button, input, select, textarea, summary, [tabindex]")) {
		if (el !== document.activeElement) window.__baseShadow.set(el, getComputedStyle(el).boxShadow);
	}
	return true;
})()`

const focusJS = `(() => {
	const el = document.activeElement;
	if (!el || el === document.body || el === document.documentElement) return {tag: ""};
	const s = getComputedStyle(el);
	const choice = el.closest(".choice");
	const cs = choice ? getComputedStyle(choice) : null;
	const base = window.__baseShadow ? window.__baseShadow.get(el) : undefined;
	return {
		tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute("name") || "",
		type: el.getAttribute("type") || "", checked: !!el.checked,
		text: (el.innerText || el.value || "").trim().replace(/\s+/g, " ").slice(0, 60),
		form: el.form ? el.form.getAttribute("action") || "" : "",
		href: el.getAttribute("href") || "",
		outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth) || 0,
		boxShadow: s.boxShadow, baseShadow: base === undefined ? null : base,
		choiceOutlineStyle: cs ? cs.outlineStyle : "", choiceOutlineWidth: cs ? parseFloat(cs.outlineWidth) || 0 : 0,
	};
})()`

// loaded is called on each new page.
func (k *keyboard) loaded() {
	k.pages++
	eval[bool](k.tb, baseShadowJS)
}

func (k *keyboard) focus() focusInfo { return eval[focusInfo](k.tb, focusJS) }

// tabTo presses Tab until the focused element is the one wanted, checking
// that each element it stops on shows its focus.
func (k *keyboard) tabTo(what string, want func(focusInfo) bool) {
	k.tb.t.Helper()
	var path []string
	for range 80 {
		k.tb.do("Tab", chromedp.KeyEvent(kb.Tab))
		k.tabs++
		f := k.focus()
		if f.Tag == "" {
			continue
		}
		path = append(path, f.String())
		if !f.visible() {
			key := k.tb.path() + " " + f.String()
			if !k.reported[key] {
				k.reported[key] = true
				k.tb.t.Errorf("%s: focus not visible on %s: outline %s %gpx, box-shadow %q (without focus %s)%s",
					k.tb.path(), f, f.OutlineStyle, f.OutlineWidth, f.BoxShadow, shadowText(f.BaseShadow), choiceText(f))
			}
		}
		if want(f) {
			return
		}
	}
	k.tb.t.Fatalf("%s: Tab never reached %s; focus went through:\n  %s", k.tb.path(), what, strings.Join(path, "\n  "))
}

func shadowText(s *string) string {
	if s == nil {
		return "unknown"
	}
	return fmt.Sprintf("%q", *s)
}

func choiceText(f focusInfo) string {
	if f.ChoiceOutlineStyle == "" {
		return ""
	}
	return fmt.Sprintf(", its .choice tile outline %s %gpx", f.ChoiceOutlineStyle, f.ChoiceOutlineWidth)
}

// isSubmit matches the submit button of the form posting to action.
func (k *keyboard) isSubmit(action string) func(focusInfo) bool {
	return func(f focusInfo) bool {
		return f.Tag == "button" && f.Type == "submit" && f.Form == action
	}
}

// enter presses Enter on the focused element and waits for the next page.
func (k *keyboard) enter() {
	k.tb.t.Helper()
	k.tb.follow("pressing Enter", chromedp.KeyEvent(kb.Enter))
	k.loaded()
}

// TestWithoutJavaScript completes the CAF declaration with JavaScript
// turned off in the page, clicking and typing as a person would.
func TestWithoutJavaScript(t *testing.T) {
	bt := needBrowser(t, false)
	started := time.Now()
	ta := newTestApp(t)
	p := caf(t, ta)
	tb := newTab(t, startBrowser(t, bt), serve(t, ta), "")
	if _, err := chromedp.Call(tb.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	tb.open(startURL(p))
	// DevTools can still evaluate; the page itself sees scripting off.
	if !eval[bool](tb, `matchMedia("(scripting: none)").matches`) {
		t.Fatal("JavaScript is still enabled in the page")
	}
	pages := walkCAF(tb, p, nil)
	t.Logf("without JavaScript: receipt reached through %d pages in %s", pages, time.Since(started).Round(time.Millisecond))
}

// walkCAF completes the CAF declaration as Kévin with the mouse: his
// profile clicked, the password typed, the prefilled steps submitted, the
// sworn statement ticked. check, when not nil, runs on every page, and on
// the login page refused once. It returns the number of pages seen.
func walkCAF(tb *tab, p *procedure.Procedure, check func(state string)) int {
	tb.t.Helper()
	pages := 0
	see := func(state string) {
		pages++
		if check != nil {
			check(state)
		}
	}
	tb.open(startURL(p))
	see("start")
	tb.click(profileRadio("kevin"))
	tb.submit(beginButton(p))
	first := p.Steps[0]
	if tb.path() != stepURL(p, first) {
		tb.t.Fatalf("after the start button: %s, want %s", tb.path(), stepURL(p, first))
	}
	see("empty")
	if check != nil {
		tb.submit(stepButton(p, first))
		see("errors")
	}
	tb.do("typing the password", chromedp.SendKeys(chromedp.CSS("#f-mot_de_passe"), cafPassword))
	tb.submit(stepButton(p, first))
	if tb.path() != codeURL(p) {
		tb.t.Fatalf("after the login: %s, want the code page", tb.path())
	}
	see("code")
	tb.open("/demarches/" + p.ID + "/telephone")
	see("phone")
	digits := eval[string](tb, `document.querySelector("strong.code").textContent`)
	tb.open(codeURL(p))
	tb.do("typing the code", chromedp.SendKeys(chromedp.CSS("#f-code"), digits))
	tb.submit(fmt.Sprintf(`main form[action=%q] button[type=submit]:not([name])`, codeURL(p)))
	for range len(p.Steps) + 1 {
		at := tb.path()
		st := stepOf(p, at)
		if st == nil {
			break
		}
		if st == first {
			tb.t.Fatalf("the login step refused Kévin:\n%s", tb.summaryText())
		}
		see("empty")
		tb.submit(stepButton(p, st))
		if tb.path() == at {
			tb.t.Fatalf("step %s refused Kévin's prefilled answers:\n%s", st.ID, tb.summaryText())
		}
	}
	if tb.path() != reviewURL(p) {
		tb.t.Fatalf("after the steps: %s, want the review", tb.path())
	}
	see("review")
	tb.click("#attestation")
	tb.submit(validateButton(p))
	if tb.path() != receiptURL(p) {
		tb.t.Fatalf("after submitting: %s, want the receipt", tb.path())
	}
	see("receipt")
	return pages
}

// TestSmallScreen checks, at 320×640 CSS px (WCAG 1.4.10 reflow), that no
// page scrolls sideways and that every target is at least 44×44 px
// (WCAG 2.5.5; inline links in a sentence are exempt): on the home page
// and on every page of the CAF walk, in French and in Arabic. A lone link
// whose French text wraps onto two lines at 320 px is 48 px high by luck;
// its shorter Arabic text fits on one line of 21 px (the glossary link).
func TestSmallScreen(t *testing.T) {
	bt := needBrowser(t, false)
	started := time.Now()
	ta := newTestApp(t)
	p := caf(t, ta)
	tb := newTab(t, startBrowser(t, bt), serve(t, ta), "")
	tb.do("emulating a 320 px screen", chromedp.EmulateViewport(320, 640))
	// A small target of the shared layout is on every page: it is reported
	// once, with the pages it is on.
	small := map[string][]string{}
	var order []string
	check := func(state string) {
		for _, target := range checkSmallScreen(tb, state) {
			if small[target] == nil {
				order = append(order, target)
			}
			small[target] = append(small[target], tb.path()+" ["+state+"]")
		}
	}
	tb.open("/")
	check("page")
	pages := 1 + walkCAF(tb, p, check)
	tb.setLanguage("ar")
	check("page, ar")
	pages += 1 + walkCAF(tb, p, func(state string) { check(state + ", ar") })
	for _, target := range order {
		t.Errorf("target under 44×44 px at 320 px: %s\n  on %d page state(s): %s", target, len(small[target]), strings.Join(small[target], ", "))
	}
	t.Logf("small screen: %d page states checked in %s", pages, time.Since(started).Round(time.Millisecond))
}

type layoutReport struct {
	ScrollWidth float64       `json:"scrollWidth"`
	Viewport    float64       `json:"viewport"`
	Wide        []string      `json:"wide"`
	Small       []smallTarget `json:"small"`
}

type smallTarget struct {
	What     string  `json:"what"`
	Measured string  `json:"measured"`
	Width    float64 `json:"width"`
	Height   float64 `json:"height"`
}

// layoutJS measures the page: its scroll width, the innermost elements
// sticking out on the right, and the visible targets under 44×44 px. A
// radio or checkbox is measured by its tile (.choice, made clickable by
// its label) or its label; a link inside a sentence is exempt, but not
// the explained words after a label (.label-terms: a lead-in, then links).
const layoutJS = `(() => {
	const limit = document.documentElement.clientWidth;
	const describe = el => {
		let d = el.tagName.toLowerCase();
		if (el.id) d += "#" + el.id;
		if (el.classList.length) d += "." + [...el.classList].join(".");
		const text = (el.innerText || el.value || el.getAttribute("aria-label") || "").trim().replace(/\s+/g, " ").slice(0, 50);
		return text ? d + ' "' + text + '"' : d;
	};
	const shown = el => {
		const s = getComputedStyle(el);
		if (s.visibility === "hidden" || s.display === "none" || el.closest(".visually-hidden")) return false;
		const r = el.getBoundingClientRect();
		if (r.width === 0 && r.height === 0) return false;
		// off-screen until focused, like the skip link
		return r.bottom + scrollY > 0 && r.right + scrollX > 0;
	};
	const out = {scrollWidth: document.documentElement.scrollWidth, viewport: window.innerWidth, wide: [], small: []};
	if (out.scrollWidth > limit) {
		for (const el of document.body.querySelectorAll("*")) {
			const sticks = e => e.getBoundingClientRect().right > limit + 0.5;
			if (sticks(el) && shown(el) && ![...el.children].some(sticks)) {
				out.wide.push(describe(el) + " reaches " + Math.round(el.getBoundingClientRect().right + scrollX) + "px");
			}
		}
	}
	const seen = new Set();
	for (const el of document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, summary")) {
		let box = el;
		if (el.type === "radio" || el.type === "checkbox") {
			box = el.closest(".choice") || (el.labels && el.labels[0]) || el;
		}
		if (seen.has(box) || !shown(box)) continue;
		seen.add(box);
		if (el.tagName === "A") {
			const block = el.closest("p, li");
			const flat = s => s.replace(/\s+/g, "");
			if (block && !block.matches(".label-terms") && flat(block.textContent) !== flat(el.textContent)) continue;
		}
		const r = box.getBoundingClientRect();
		if (r.width < 43.99 || r.height < 43.99) {
			out.small.push({what: describe(el), measured: box === el ? "" : describe(box), width: r.width, height: r.height});
		}
	}
	// labels not tied to a radio or checkbox above (a label wrapping one)
	for (const label of document.querySelectorAll("label")) {
		const c = label.control;
		if (!c || (c.type !== "radio" && c.type !== "checkbox")) continue;
		const box = c.closest(".choice") || label;
		if (seen.has(box) || !shown(box)) continue;
		seen.add(box);
		const r = box.getBoundingClientRect();
		if (r.width < 43.99 || r.height < 43.99) {
			out.small.push({what: describe(label), measured: box === label ? "" : describe(box), width: r.width, height: r.height});
		}
	}
	return out;
})()`

// checkSmallScreen fails the test when the page scrolls sideways, and
// returns the targets under 44×44 px.
func checkSmallScreen(tb *tab, state string) []string {
	tb.t.Helper()
	at := tb.path()
	r := eval[layoutReport](tb, layoutJS)
	if r.Viewport != 320 {
		tb.t.Fatalf("%s: the viewport is %g px wide, not 320", at, r.Viewport)
	}
	if r.ScrollWidth > 320 {
		tb.t.Errorf("%s [%s]: scrolls sideways at 320 px: scrollWidth %g; sticking out:\n  %s",
			at, state, r.ScrollWidth, strings.Join(firstN(r.Wide, 8), "\n  "))
	}
	var small []string
	for _, s := range r.Small {
		l := fmt.Sprintf("%s: %.1f×%.1f px", s.What, s.Width, s.Height)
		if s.Measured != "" {
			l += " (measured on " + s.Measured + ")"
		}
		small = append(small, l)
	}
	return small
}

func firstN[T any](s []T, n int) []T {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// TestReadAloud: with JavaScript, the sandbox bar offers to read the page
// aloud when the browser can speak; the script is deferred and optional.
func TestReadAloud(t *testing.T) {
	bt := needBrowser(t, false)
	ta := newTestApp(t)
	tb := newTab(t, startBrowser(t, bt), serve(t, ta), "")
	tb.open("/")
	canSpeak := eval[bool](tb, `"speechSynthesis" in window && !!window.SpeechSynthesisUtterance`)
	hasButton := eval[bool](tb, `!!document.querySelector(".sandbox-bar button.read-aloud")`)
	if canSpeak != hasButton {
		t.Fatalf("browser can speak: %v, read-aloud button: %v", canSpeak, hasButton)
	}
	if !hasButton {
		t.Log("this Chromium has no speech synthesis: the button is rightly absent")
		return
	}
	if label := eval[string](tb, `document.querySelector(".read-aloud").textContent`); label != "Lire la page à voix haute" {
		t.Errorf("button label %q", label)
	}
}

// TestSessionExpiredInBrowser audits the page of the session-expiry trap,
// which the walks never meet: they do not wait.
func TestSessionExpiredInBrowser(t *testing.T) {
	bt := needBrowser(t, true)
	browser := startBrowser(t, bt)
	stats := newBrowserStats()
	for _, lang := range browserLanguages {
		ta := newTestApp(t)
		p := caf(t, ta)
		tb := newTab(t, browser, serve(t, ta), bt.axe)
		tb.setLanguage(lang)
		tb.open(startURL(p))
		tb.submit(beginButton(p))
		ta.advance(time.Duration(p.Traps.SessionExpiry+1) * time.Minute)
		tb.submit(stepButton(p, p.Steps[0]))
		if got := tb.path(); got != "/demarches/"+p.ID+"/session-expiree" {
			t.Fatalf("%s: an idle learner's post led to %s", lang, got)
		}
		tb.audit("session expired", stats)
	}
	t.Logf("axe checked %s", stats)
}

// browserGate passes the sign-in page of a procedure offering IdentiPass
// beside its own login: with all, axe checks the sign-in page, the
// providers, a provider's form empty and refused, and the consent screen,
// cancelled; then the site's own login is chosen.
func browserGate(tb *tab, p *procedure.Procedure, all bool, stats *browserStats) {
	tb.t.Helper()
	if p.Traps.Account != nil {
		browserAccount(tb, p, all, stats)
		return
	}
	if all {
		tb.audit("sign-in", stats)
		tb.open(identipassURL(p))
		tb.audit("identipass", stats)
		tb.open(identipassURL(p) + "/impots")
		tb.audit("provider", stats)
		form := fmt.Sprintf(`main form[action=%q] button[type=submit]`, identipassURL(p)+"/impots")
		tb.submit(form)
		tb.audit("provider errors", stats)
		tb.do("typing at the provider", chromedp.SendKeys(chromedp.CSS("#f-identifiant"), "1234567890123"), chromedp.SendKeys(chromedp.CSS("#f-mot_de_passe"), "invente"))
		tb.submit(form)
		tb.audit("consent", stats)
		tb.open(gateURL(p))
	}
	tb.submit(fmt.Sprintf(`main form[action=%q] button[value=site]`, gateURL(p)))
}

// browserAccount passes the account trap of p: with all, axe checks the
// sign-in page, the account form and the practice mailbox.
func browserAccount(tb *tab, p *procedure.Procedure, all bool, stats *browserStats) {
	tb.t.Helper()
	if all {
		tb.audit("sign-in", stats)
	}
	tb.open(accountURL(p))
	if all {
		tb.audit("account", stats)
	}
	tb.do("creating the account", chromedp.SendKeys(chromedp.CSS("#f-courriel"), "kevin@exemple.fr"), chromedp.SendKeys(chromedp.CSS("#f-mot_de_passe"), gatePassword), chromedp.SendKeys(chromedp.CSS("#f-confirmation"), gatePassword))
	tb.submit(fmt.Sprintf(`main form[action=%q] button[type=submit]`, accountURL(p)))
	if tb.path() != gateURL(p) {
		tb.t.Fatalf("%s: the account was refused:\n%s", p.ID, tb.summaryText())
	}
	if p.Traps.Account.ConfirmEmail {
		tb.open(mailboxURL(p.ID) + "?message=activation")
		if all {
			tb.audit("message", stats)
		}
		tb.follow("following the activation link", chromedp.Click(chromedp.CSS(".mail-body a.button")))
	}
	tb.do("signing in", chromedp.SendKeys(chromedp.CSS("#f-mot_de_passe"), gatePassword))
	tb.submit(fmt.Sprintf(`main form[action=%q] button[type=submit]`, gateURL(p)))
}

// browserCode types the code read on the simulated phone; with all, axe
// checks the code page and the phone.
func browserCode(tb *tab, p *procedure.Procedure, all bool, stats *browserStats) {
	tb.t.Helper()
	if all {
		tb.audit("code", stats)
	}
	tb.open("/demarches/" + p.ID + "/telephone")
	if all {
		tb.audit("phone", stats)
	}
	digits := eval[string](tb, `document.querySelector("strong.code").textContent`)
	tb.open(codeURL(p))
	tb.do("typing the code", chromedp.SendKeys(chromedp.CSS("#f-code"), digits))
	tb.submit(fmt.Sprintf(`main form[action=%q] button[type=submit]:not([name])`, codeURL(p)))
}

// TestLoginTrapsInBrowser audits the pages of the whole account trap
// (MaPrimeRénov' uses it without the SMS code): the sign-in page, the account form empty and
// refused (checklist marked), the practice mailbox and its message, the
// sign-in page once the account is active, the code page empty and
// refused, and the simulated phone, in every learner language.
func TestLoginTrapsInBrowser(t *testing.T) {
	bt := needBrowser(t, true)
	browser := startBrowser(t, bt)
	stats := newBrowserStats()
	for _, lang := range browserLanguages {
		ta, p := accountApp(t)
		tb := newTab(t, browser, serve(t, ta), bt.axe)
		tb.setLanguage(lang)
		tb.open(startURL(p))
		tb.submit(beginButton(p))
		if tb.path() != gateURL(p) {
			t.Fatalf("%s: starting led to %s", lang, tb.path())
		}
		tb.audit("sign-in", stats)
		tb.open(accountURL(p))
		tb.audit("account", stats)
		create := fmt.Sprintf(`main form[action=%q] button[type=submit]`, accountURL(p))
		tb.do("typing a weak password", chromedp.SendKeys(chromedp.CSS("#f-courriel"), "kevin@exemple.fr"), chromedp.SendKeys(chromedp.CSS("#f-mot_de_passe"), "faible"), chromedp.SendKeys(chromedp.CSS("#f-confirmation"), "faible"))
		tb.submit(create)
		tb.audit("account errors", stats)
		tb.do("typing a good password", chromedp.SendKeys(chromedp.CSS("#f-mot_de_passe"), gatePassword), chromedp.SendKeys(chromedp.CSS("#f-confirmation"), gatePassword))
		tb.submit(create)
		if tb.path() != gateURL(p) {
			t.Fatalf("%s: the account was refused:\n%s", lang, tb.summaryText())
		}
		tb.audit("e-mail sent", stats)
		tb.open(mailboxURL(p.ID))
		tb.audit("mailbox", stats)
		tb.follow("opening the message", chromedp.Click(chromedp.CSS(".mail-list a")))
		tb.audit("message", stats)
		tb.follow("following the activation link", chromedp.Click(chromedp.CSS(".mail-body a.button")))
		tb.audit("activated", stats)
		signin := fmt.Sprintf(`main form[action=%q] button[type=submit]`, gateURL(p))
		tb.do("signing in", chromedp.SendKeys(chromedp.CSS("#f-mot_de_passe"), gatePassword))
		tb.submit(signin)
		if tb.path() != codeURL(p) {
			t.Fatalf("%s: sign-in led to %s", lang, tb.path())
		}
		tb.audit("code", stats)
		code := fmt.Sprintf(`main form[action=%q] button[type=submit]:not([name])`, codeURL(p))
		tb.submit(code)
		tb.audit("code errors", stats)
		tb.open("/demarches/" + p.ID + "/telephone")
		tb.audit("phone", stats)
		digits := eval[string](tb, `document.querySelector("strong.code").textContent`)
		tb.open(codeURL(p))
		tb.do("typing the code", chromedp.SendKeys(chromedp.CSS("#f-code"), digits))
		tb.submit(code)
		if tb.path() != stepURL(p, p.Steps[0]) {
			t.Fatalf("%s: the code led to %s", lang, tb.path())
		}
	}
	t.Logf("axe checked %s", stats)
}
