package web

// The question on the first screen (issue 13): on a phone, a step's heading
// and its first field are visible without scrolling, under the practice
// banner, the sandbox bar and the simulated site's header.

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/repetition-demarches/repetition/server/procedure"
)

// firstScreens are the phone screens measured, in CSS px: a common phone
// of today and the smallest one still in use.
var firstScreens = []struct{ w, h int64 }{{390, 844}, {320, 568}}

// firstScreenReport is where a step page puts its question: the bottom of
// the heading, and the top and bottom of the first field's label (or
// legend) and of its input (the first choice of a group of radios), in
// CSS px from the top of the page.
type firstScreenReport struct {
	Viewport     float64 `json:"viewport"`
	Height       float64 `json:"height"`
	HeadingTop   float64 `json:"headingTop"`
	HeadingEnd   float64 `json:"headingEnd"`
	HasField     bool    `json:"hasField"`
	IntroHeight  float64 `json:"introHeight"`
	BannerLines  float64 `json:"bannerLines"`
	BarRows      int     `json:"barRows"`
	LabelTop     float64 `json:"labelTop"`
	LabelEnd     float64 `json:"labelEnd"`
	InputEnd     float64 `json:"inputEnd"`
	Label, Input string
}

// firstScreenJS measures the page as first shown. Positions are from the
// top of the document, whatever the page scrolled to by itself.
const firstScreenJS = `(() => {
	const box = el => { const r = el.getBoundingClientRect(); return [r.top + scrollY, r.bottom + scrollY]; };
	const describe = el => {
		let d = el.tagName.toLowerCase();
		if (el.id) d += "#" + el.id;
		if (el.classList.length) d += "." + [...el.classList].join(".");
		return d;
	};
	const out = {viewport: window.innerWidth, height: window.innerHeight, headingTop: -1, headingEnd: 1e9, hasField: false};
	const h1 = document.querySelector("main h1");
	if (h1) [out.headingTop, out.headingEnd] = box(h1);
	const banner = document.querySelector(".practice-banner p");
	out.bannerLines = banner ? Math.round(banner.getBoundingClientRect().height / parseFloat(getComputedStyle(banner).lineHeight)) : 0;
	const rows = new Set();
	for (const el of document.querySelectorAll(".sandbox-bar > *")) {
		const r = el.getBoundingClientRect();
		if (r.width && r.height) rows.add(Math.round(r.top / 8));
	}
	out.barRows = rows.size;
	const intro = document.querySelector("main .intro");
	out.introHeight = intro ? intro.getBoundingClientRect().height : 0;
	const form = document.getElementById("formulaire-etape");
	const field = form && form.querySelector(".field");
	if (!field) return out;
	out.hasField = true;
	const label = field.querySelector("label, legend, .prefilled-label");
	const input = field.querySelector(".choice, input:not([type=hidden]), select, textarea, .prefilled-value");
	[out.labelTop, out.labelEnd] = label ? box(label) : [1e9, 1e9];
	out.inputEnd = input ? box(input)[1] : 1e9;
	out.Label = label ? describe(label) : "(no label)";
	out.Input = input ? describe(input) : "(no input)";
	return out;
})()`

// belowAt320 are the steps whose first field still ends below a 320×568
// screen, in French and in Arabic, once the sandbox's banner and bar and
// the simulated site's header are each as short as they can be: what
// pushes the field down is the step's own text (its intro, then the
// field's help and glossary line between its label and its input). The
// bound stays; these steps are reported on every run, their heading must
// still be on the first screen, and a step that comes to fit must leave
// the list. At 390×844 every step fits.
var belowAt320 = map[string][]string{
	"ameli-creer-compte":                    {"coordonnees", "mot_de_passe_etape", "verification"},
	"anah-maprimerenov":                     {"autres_aides", "autres_declarants", "devis", "foyer_fiscal", "travaux_urgents", "verification"},
	"anef-renouvellement-titre-sejour":      {"connexion", "coordonnees", "hors_delai", "identite", "pieces", "timbre", "titre_actuel"},
	"ants-carte-grise-changement-titulaire": {"adresse", "caracteristiques", "cession_papier", "connexion", "controle_technique", "declarations", "demarche", "paiement", "titulaire", "vehicule"},
	"ants-permis-perte-vol":                 {"adresse", "connexion", "declaration_perte", "declaration_vol", "demarche", "deterioration", "justificatifs", "motif", "paiement", "permis", "photo"},
	"ants-pre-demande-identite":             {"adresse_contact", "connexion", "etat_civil", "filiation", "motif", "nationalite", "timbre"},
	"caf-declaration-trimestrielle":         {"connexion", "declaration", "montants_conjoint", "montants_vous", "ressources_conjoint", "ressources_vous", "situation"},
}

// TestBelowAt320NamesRealSteps: an entry of belowAt320 whose step was
// renamed or removed would excuse nothing and hide that the list is stale.
func TestBelowAt320NamesRealSteps(t *testing.T) {
	ta := newTestApp(t)
	for id, steps := range belowAt320 {
		p := procByID(t, ta, id)
		for _, want := range steps {
			found := false
			for _, st := range p.Steps {
				found = found || st.ID == want
			}
			if !found {
				t.Errorf("belowAt320 lists %s/%s, which is not a step of the procedure", id, want)
			}
		}
	}
}

func knownBelow(p *procedure.Procedure, st *procedure.Step, w int64) bool {
	if w != 320 {
		return false
	}
	for _, id := range belowAt320[p.ID] {
		if id == st.ID {
			return true
		}
	}
	return false
}

// firstScreenFigures collects the first field's top per procedure and
// screen, for the log.
type firstScreenFigures struct {
	mu     sync.Mutex
	tops   map[string][]float64 // "proc WxH" → first field tops
	states int
	below  map[string]int // listed steps ("proc/step"), by the number of languages where they do not fit
	fit    map[string]int // listed steps, by the number of languages where they fit
}

func (f *firstScreenFigures) known(key string, fits bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if fits {
		f.fit[key]++
	} else {
		f.below[key]++
	}
}

func (f *firstScreenFigures) add(key string, top float64, hasField bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.states++
	if hasField {
		f.tops[key] = append(f.tops[key], top)
	}
}

func (f *firstScreenFigures) String() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	keys := make([]string, 0, len(f.tops))
	for k := range f.tops {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	all := map[string][]float64{}
	for _, k := range keys {
		v := f.tops[k]
		fmt.Fprintf(&b, "\n  %-50s %s", k, minMedMax(v))
		screen := k[strings.LastIndex(k, " ")+1:]
		all[screen] = append(all[screen], v...)
	}
	for _, s := range firstScreens {
		screen := fmt.Sprintf("%dx%d", s.w, s.h)
		fmt.Fprintf(&b, "\n  %-50s %s", "all procedures "+screen, minMedMax(all[screen]))
	}
	return fmt.Sprintf("%d page states; first field's top (px), min/median/max over the steps with a field:%s", f.states, b.String())
}

func minMedMax(v []float64) string {
	if len(v) == 0 {
		return "no field"
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	return fmt.Sprintf("%4.0f / %4.0f / %4.0f  (%d steps)", s[0], s[len(s)/2], s[len(s)-1], len(s))
}

// TestFirstScreenInBrowser loads every step of every bundled procedure
// that a scenario reaches, as first shown, in every learner language, and
// measures it on a 390×844 and a 320×568 screen: the heading, and the
// first field's label (or legend) and input, must end inside the first
// screen. An exit step, which has no field, must show its heading.
//
// The scenarios are played by the test's HTTP client, which is quick; the
// browser takes the client's session and opens each step once.
func TestFirstScreenInBrowser(t *testing.T) {
	bt := needBrowser(t, false)
	started := time.Now()
	browser := startBrowser(t, bt)
	figures := &firstScreenFigures{tops: map[string][]float64{}, below: map[string]int{}, fit: map[string]int{}}
	t.Cleanup(func() {
		t.Logf("first screen: %s\nin %s", figures, time.Since(started).Round(time.Millisecond))
		t.Logf("%d steps listed in belowAt320 still end below a 320×568 screen because of their own text", len(figures.below))
		for key, n := range figures.fit {
			if n == len(browserLanguages) && figures.below[key] == 0 {
				t.Errorf("%s now fits a 320×568 screen in every language: take it out of belowAt320", key)
			}
		}
	})
	procs := newTestApp(t).procs
	for _, lang := range browserLanguages {
		for _, p := range procs {
			t.Run(lang+"/"+p.ID, func(t *testing.T) {
				t.Parallel()
				ta := newTestApp(t)
				p := procByID(t, ta, p.ID)
				base := serve(t, ta)
				tb := newTab(t, browser, base, "")
				tb.setLanguage(lang)
				measured := map[string]bool{}
				for _, sc := range p.Scenarios {
					if sc.Expect.Reaches == "" || !sc.Today.IsZero() {
						continue // a scenario that stays on a step, or needs another day
					}
					c := ta.client(t)
					playSteps(t, ta, c, p, sc, func(st *procedure.Step) {
						if measured[st.ID] {
							return
						}
						measured[st.ID] = true
						if _, err := chromedp.Call(tb.ctx, network.SetCookie, network.SetCookieParams{Name: sessionCookie, Value: c.cookies[sessionCookie], URL: base + "/"}); err != nil {
							t.Fatalf("taking the client's session: %v", err)
						}
						for i := len(firstScreens) - 1; i >= 0; i-- {
							s := firstScreens[i]
							tb.do("resizing", chromedp.EmulateViewport(s.w, s.h))
							if i == len(firstScreens)-1 {
								tb.open(stepURL(p, st))
							}
							checkFirstScreen(tb, p, st, s.w, s.h, figures)
						}
					})
				}
				var missed []string
				for _, st := range p.Steps {
					if !measured[st.ID] {
						missed = append(missed, st.ID)
					}
				}
				if len(missed) > 0 {
					t.Logf("%s: %d of %d steps measured; no scenario reaches %s", p.ID, len(measured), len(p.Steps), strings.Join(missed, ", "))
				}
			})
		}
	}
}

// checkFirstScreen measures step st on a w×h screen.
func checkFirstScreen(tb *tab, p *procedure.Procedure, st *procedure.Step, w, h int64, figures *firstScreenFigures) {
	tb.t.Helper()
	r := eval[firstScreenReport](tb, firstScreenJS)
	if r.Viewport != float64(w) || r.Height != float64(h) {
		tb.t.Fatalf("the screen is %g×%g px, not %d×%d", r.Viewport, r.Height, w, h)
	}
	figures.add(fmt.Sprintf("%s %s %dx%d", tb.lang, p.ID, w, h), r.LabelTop, r.HasField)
	at := fmt.Sprintf("%s [%s, %d×%d]", tb.path(), tb.lang, w, h)
	if r.BannerLines != 1 || r.BarRows != 1 {
		tb.t.Errorf("%s: the practice banner takes %g line(s) and the sandbox bar %d row(s), want one each", at, r.BannerLines, r.BarRows)
	}
	if r.HeadingTop < 0 {
		tb.t.Errorf("%s: no heading (main h1)", at)
	} else if r.HeadingEnd > r.Height {
		tb.t.Errorf("%s: the heading ends at %.0f px, below the first screen (%.0f px)", at, r.HeadingEnd, r.Height)
	}
	if st.Exit {
		return
	}
	if !r.HasField {
		tb.t.Logf("%s: no field in the step's form", at)
		return
	}
	below := r.LabelEnd > r.Height || r.InputEnd > r.Height
	if knownBelow(p, st, w) {
		figures.known(p.ID+"/"+st.ID, !below)
		if below {
			tb.t.Logf("%s: known, the step's text pushes its first field down: it starts at %.0f px, its input ends at %.0f px (the intro takes %.0f px)",
				at, r.LabelTop, r.InputEnd, r.IntroHeight)
		}
		return
	}
	if below {
		tb.t.Errorf("%s: the first field starts at %.0f px; its label %s ends at %.0f px, its input %s at %.0f px, below the first screen (%.0f px)",
			at, r.LabelTop, r.Label, r.LabelEnd, r.Input, r.InputEnd, r.Height)
	}
}

// playSteps plays scenario sc with client c, calling visit on each step
// (exit steps included) before answering it; a warning is confirmed, as
// the scenario's learner does. A step that refuses the answers ends the
// walk: the steps after it are not visited.
func playSteps(t *testing.T, ta *testApp, c *client, p *procedure.Procedure, sc *procedure.Scenario, visit func(*procedure.Step)) {
	t.Helper()
	answers := ta.engine.ScenarioAnswers(p, sc)
	c.begin(p, sc.Profile)
	for id, v := range ta.attemptOf(t, c, p.ID).Prefilled {
		if _, ok := answers[id]; !ok {
			answers[id] = v
		}
	}
	at := stepURL(p, p.Steps[0])
	for range len(p.Steps) + 4 {
		switch st := stepOf(p, at); {
		case st != nil:
			visit(st)
			if st.Exit {
				return
			}
			var res response
			if files := stepFiles(st, answers); files != nil {
				res = c.postFiles(at, stepForm(st, answers), files)
			} else {
				res = c.post(at, stepForm(st, answers))
			}
			if res.location == at && ta.attemptOf(t, c, p.ID).Warned(st) {
				res = c.post(at, url.Values{"confirmer": {"1"}})
			}
			if res.location == codeURL(p) {
				res = c.typeCode(p)
			}
			if res.status != http.StatusSeeOther || res.location == at {
				t.Logf("scenario %q: step %s refused the answers; the steps after it are not visited", sc.Name, st.ID)
				return
			}
			at = res.location
		case strings.HasPrefix(at, reviewURL(p)), strings.HasSuffix(at, "/indisponible"):
			at = c.post("/demarches/"+p.ID+"/valider", url.Values{"attestation": {"true"}}).location
		default:
			return // the receipt, or a page that is not a step
		}
	}
}

// TestSandboxMenuInBrowser opens the sandbox bar's "Menu" with the
// keyboard alone, JavaScript off, on a step page at 320×568 and 390×844,
// in French and in Arabic (right to left): the menu has its name, Enter
// opens it, every tool in it takes the focus visibly, fits the screen and
// is a 44×44 px target, axe finds nothing with it open, and a link in it
// leads to its page.
func TestSandboxMenuInBrowser(t *testing.T) {
	bt := needBrowser(t, true)
	browser := startBrowser(t, bt)
	stats := newBrowserStats()
	for _, lang := range browserLanguages {
		for _, s := range firstScreens {
			ta := newTestApp(t)
			p := caf(t, ta)
			tb := newTab(t, browser, serve(t, ta), bt.axe)
			tb.setLanguage(lang)
			if _, err := chromedp.Call(tb.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
				t.Fatal(err)
			}
			tb.do("resizing", chromedp.EmulateViewport(s.w, s.h))
			tb.open(startURL(p))
			tb.click(profileRadio("kevin"))
			tb.submit(beginButton(p))
			at := fmt.Sprintf("%s [%s, %d×%d]", tb.path(), lang, s.w, s.h)
			want := map[string]string{"fr": "Menu", "en": "Menu", "ar": "القائمة"}[lang]
			if got := eval[string](tb, `document.querySelector(".sandbox-bar details.sandbox-menu > summary").textContent.trim()`); got != want {
				t.Errorf("%s: the menu's summary says %q, want %q", at, got, want)
			}
			k := &keyboard{tb: tb, reported: map[string]bool{}}
			k.loaded()
			k.tabTo("the menu", func(f focusInfo) bool { return f.Tag == "summary" && f.Text == want })
			tb.do("Enter", chromedp.KeyEvent(kb.Enter))
			if !eval[bool](tb, `document.querySelector(".sandbox-menu").open`) {
				t.Fatalf("%s: Enter on the summary did not open the menu", at)
			}
			k.tabTo("the erase link", func(f focusInfo) bool { return f.Tag == "a" && strings.HasPrefix(f.Href, "/effacer-mes-reponses?") })
			panel := eval[[]float64](tb, `(() => { const r = document.querySelector(".sandbox-menu-panel").getBoundingClientRect(); return [r.left, r.right, innerWidth]; })()`)
			if panel[0] < 0 || panel[1] > panel[2]+0.5 {
				t.Errorf("%s: the open menu spans %.0f–%.0f px, outside the %0.f px screen", at, panel[0], panel[1], panel[2])
			}
			if s.w == 320 {
				if r := eval[layoutReport](tb, layoutJS); r.ScrollWidth > 320 {
					t.Errorf("%s: scrolls sideways with the menu open: %s", at, strings.Join(firstN(r.Wide, 4), "; "))
				}
			}
			small := eval[[]string](tb, `[...document.querySelectorAll(".sandbox-bar a, .sandbox-bar button, .sandbox-bar summary")]
				.filter(el => { const r = el.getBoundingClientRect(); return r.width && r.height && (r.width < 43.99 || r.height < 43.99); })
				.map(el => el.textContent.trim() + " " + Math.round(el.getBoundingClientRect().width) + "×" + Math.round(el.getBoundingClientRect().height))`)
			for _, s := range small {
				t.Errorf("%s: a tool of the bar is under 44×44 px: %s", at, s)
			}
			// axe's promise needs scripts: back on, the menu stays as it is.
			if _, err := chromedp.Call(tb.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false}); err != nil {
				t.Fatal(err)
			}
			tb.audit("menu open", stats)
			k.tabTo("the display link", func(f focusInfo) bool {
				return f.Tag == "a" && strings.Contains(f.Text, map[string]string{"fr": "Affichage", "en": "Display", "ar": "العرض"}[lang])
			})
			tb.follow("pressing Enter on the display link", chromedp.KeyEvent(kb.Enter))
			if !strings.HasPrefix(tb.path(), "/affichage?retour=") {
				t.Errorf("%s: the menu's display link led to %s", at, tb.path())
			}
		}
	}
	t.Logf("axe checked %s", stats)
}
