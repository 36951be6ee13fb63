package web

// The question on the first screen (issue 13): on a phone, a step's heading
// and its first field are visible without scrolling, under the practice
// banner, the sandbox bar and the simulated site's header.

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

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

// firstScreenFigures collects the first field's top per procedure and
// screen, for the log.
type firstScreenFigures struct {
	mu     sync.Mutex
	tops   map[string][]float64 // "proc WxH" → first field tops
	states int
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
	figures := &firstScreenFigures{tops: map[string][]float64{}}
	t.Cleanup(func() {
		t.Logf("first screen: %s\nin %s", figures, time.Since(started).Round(time.Millisecond))
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
	if dir := os.Getenv("SHOTS"); dir != "" && (st.ID == "declaration" || st.ID == "motif" || st.ID == "connexion" || st.ID == "hors_delai" || st.ID == "titre_actuel") {
		buf, _ := chromedp.Run(tb.ctx, chromedp.CaptureScreenshot())
		_ = os.WriteFile(fmt.Sprintf("%s/%s-%s-%s-%dx%d.png", dir, tb.lang, p.ID[:8], st.ID, w, h), buf, 0o644)
	}
	at := fmt.Sprintf("%s [%s, %d×%d]", tb.path(), tb.lang, w, h)
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
	if r.LabelEnd > r.Height || r.InputEnd > r.Height {
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
