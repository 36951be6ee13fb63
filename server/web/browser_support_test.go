package web

// Support of the real-browser tests (browser_test.go): finding Chromium and
// axe-core, serving a test app on a real port, driving tabs, injecting and
// running axe.

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/repetition-demarches/repetition/server/procedure"
)

// browserLanguages are the learner languages the browser tests walk in.
// French is the default: its walk sends Accept-Language French and sets no
// cookie; every other language is chosen with the sandbox bar's switch
// (/langue/CODE). Arabic checks the right-to-left pages; English, written
// like French from left to right, is covered by the handler tests.
var browserLanguages = []string{"fr", "ar"}

// axeTags are the WCAG levels axe checks: A and AA of 2.0, 2.1 and 2.2.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"}

const (
	defaultChromium = "/usr/bin/chromium"
	defaultAxeCore  = "/tmp/axe/node_modules/axe-core/axe.min.js"
	// actionTimeout bounds one browser action (a navigation, a query), so
	// that a page that never loads fails the test instead of hanging it.
	actionTimeout = 30 * time.Second
)

// browserTools are the programs the browser tests need.
type browserTools struct {
	chromium string
	axe      string // the source of axe.min.js, when asked for
}

// needBrowser finds Chromium (env CHROMIUM, else /usr/bin/chromium) and,
// when withAxe, axe-core (env AXE_CORE, else the npm install in /tmp/axe).
// A missing tool skips the test on a developer's machine but fails it in
// CI (CI=true): nothing may pass there by being skipped.
func needBrowser(t *testing.T, withAxe bool) browserTools {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test: skipped with -short")
	}
	if os.Getenv("REPETITION_BROWSER_TESTS") == "later" {
		// .ci/run plays them in a pass of their own, without the race
		// detector: the server under -race tripled the time of the
		// accessibility walks, which Chromium's own work bounds.
		t.Skip("browser test: played in the browser pass of .ci/run")
	}
	missing := func(format string, args ...any) {
		t.Helper()
		msg := fmt.Sprintf(format, args...)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg + " (CI=true: the browser tests must run; see .ci/run)")
		}
		t.Skip(msg)
	}
	var bt browserTools
	bt.chromium = os.Getenv("CHROMIUM")
	if bt.chromium == "" {
		bt.chromium = defaultChromium
	}
	if fi, err := os.Stat(bt.chromium); err != nil || fi.IsDir() || fi.Mode()&0o111 == 0 {
		missing("browser test: no Chromium at %s (apt-get install chromium, or set CHROMIUM)", bt.chromium)
	}
	if withAxe {
		path := os.Getenv("AXE_CORE")
		if path == "" {
			path = defaultAxeCore
		}
		src, err := os.ReadFile(path)
		if err != nil || len(src) == 0 {
			missing("browser test: no axe-core at %s (npm install --prefix /tmp/axe axe-core@4.14.1, or set AXE_CORE)", path)
		}
		bt.axe = string(src)
	}
	return bt
}

// serve starts ta on a real loopback port and returns its base URL; the
// server stops when the test ends.
func serve(t *testing.T, ta *testApp) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = ta.app.Listener(ln)
	}()
	t.Cleanup(func() {
		if err := ta.app.ShutdownWithTimeout(5 * time.Second); err != nil {
			t.Errorf("stopping the test server: %v", err)
		}
		<-done
	})
	return "http://" + ln.Addr().String()
}

// startBrowser starts one headless Chromium for a test; tabs are opened
// with newTab. The browser is closed, and its profile removed, at the end
// of the test (after its parallel subtests).
func startBrowser(t *testing.T, bt browserTools) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bt.chromium),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
		// The French walk relies on Accept-Language, not on a cookie.
		chromedp.Flag("lang", "fr-FR"),
		chromedp.Flag("accept-lang", "fr-FR,fr"),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	// The first run starts the browser; its life is bound to ctx.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting Chromium (%s): %v", bt.chromium, err)
	}
	return ctx
}

// tab is one browser tab in its own browser context (its own cookies), so
// that parallel subtests do not share a session.
type tab struct {
	t    *testing.T
	ctx  context.Context
	base string
	axe  string
	lang string
}

func newTab(t *testing.T, browser context.Context, base, axeSource string) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil { // opens the tab, with no timeout
		t.Fatalf("opening a tab: %v", err)
	}
	tb := &tab{t: t, ctx: ctx, base: base, axe: axeSource, lang: "fr"}
	// A headless tab is not focused by default: without focus, :focus
	// styles and keyboard focus do not behave as for a person.
	if _, err := chromedp.Call(ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}); err != nil {
		t.Fatalf("focus emulation: %v", err)
	}
	return tb
}

// do runs actions, failing the test on an error or after actionTimeout.
func (tb *tab) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, actionTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		tb.t.Fatalf("%s (at %s): %v", what, tb.path(), err)
	}
}

// eval evaluates JavaScript in the page (DevTools evaluation is not bound
// by the page's Content-Security-Policy) and decodes the result.
func eval[T any](tb *tab, js string, opts ...chromedp.EvaluateOption) T {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, actionTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, opts...))
	if err != nil {
		tb.t.Fatalf("evaluating %.80q at %s: %v", js, tb.path(), err)
	}
	return v
}

// path is the current page's path and query, read from the navigation
// history (it works with JavaScript disabled).
func (tb *tab) path() string {
	ctx, cancel := context.WithTimeout(tb.ctx, actionTimeout)
	defer cancel()
	h, err := chromedp.Run(ctx, chromedp.NavigationEntries())
	if err != nil || h.CurrentIndex < 0 || int(h.CurrentIndex) >= len(h.Entries) {
		return "(unknown page)"
	}
	u, err := url.Parse(h.Entries[h.CurrentIndex].URL)
	if err != nil {
		return h.Entries[h.CurrentIndex].URL
	}
	return u.RequestURI()
}

// open loads a path of the test server and waits for the page, which must
// not be an error page.
func (tb *tab) open(path string) {
	tb.t.Helper()
	tb.openStatus(path, http.StatusOK)
}

// openStatus loads a path and checks the HTTP status of the page shown
// (after redirects).
func (tb *tab) openStatus(path string, want int) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, actionTimeout)
	defer cancel()
	res, err := chromedp.Run(ctx, chromedp.NavigateResponse(tb.base+path))
	if err != nil {
		tb.t.Fatalf("opening %s: %v", path, err)
	}
	if res == nil || int(res.Status) != want {
		status := 0
		if res != nil {
			status = int(res.Status)
		}
		tb.t.Fatalf("opening %s: HTTP status %d, want %d", path, status, want)
	}
}

// follow runs an action that leaves the page (a click on a submit button, a
// key press) and waits until the next page has loaded, redirects followed.
func (tb *tab) follow(what string, trigger chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, actionTimeout)
	defer cancel()
	from := tb.path()
	res, err := chromedp.RunResponse(ctx, trigger)
	if err != nil {
		tb.t.Fatalf("%s (from %s): %v", what, from, err)
	}
	if res == nil || res.Status >= 400 {
		status := 0
		if res != nil {
			status = int(res.Status)
		}
		tb.t.Fatalf("%s (from %s): HTTP status %d at %s", what, from, status, tb.path())
	}
}

// click clicks an element with the mouse; submit clicks a submit button and
// waits for the next page.
func (tb *tab) click(sel string) {
	tb.t.Helper()
	tb.do("clicking "+sel, chromedp.Click(chromedp.CSS(sel)))
}

func (tb *tab) submit(sel string) {
	tb.t.Helper()
	tb.follow("submitting with "+sel, chromedp.Click(chromedp.CSS(sel)))
}

// setLanguage makes lang the tab's learner language and checks that the
// sandbox shows it.
func (tb *tab) setLanguage(lang string) {
	tb.t.Helper()
	if lang != "fr" {
		tb.open("/langue/" + url.PathEscape(lang) + "?retour=/")
	} else {
		tb.open("/")
	}
	tb.lang = lang
	got := eval[string](tb, `(document.querySelector(".languages [aria-current]") || {}).lang || ""`)
	if got != lang {
		tb.t.Fatalf("the sandbox shows language %q, want %q (Accept-Language or /langue/%s failed)", got, lang, lang)
	}
}

// Button selectors of the forms a learner submits.
func stepButton(p *procedure.Procedure, st *procedure.Step) string {
	return fmt.Sprintf(`main form[action=%q] button[type=submit]`, stepURL(p, st))
}

func beginButton(p *procedure.Procedure) string {
	return fmt.Sprintf(`main form[action=%q] button[type=submit]`, startURL(p)+"commencer")
}

func validateButton(p *procedure.Procedure) string {
	return fmt.Sprintf(`main form[action=%q] button[type=submit]`, "/demarches/"+p.ID+"/valider")
}

func profileRadio(profile string) string {
	if profile == "" {
		return "#profil-aucun"
	}
	return "#profil-" + profile
}

// stepOf returns the step whose page is at path, nil when path is not a step.
func stepOf(p *procedure.Procedure, path string) *procedure.Step {
	prefix := "/demarches/" + p.ID + "/etapes/"
	if !strings.HasPrefix(path, prefix) {
		return nil
	}
	id, _, _ := strings.Cut(strings.TrimPrefix(path, prefix), "?")
	return p.Step(id)
}

// clearStepJS empties every field of the step's form: texts, selects and
// files emptied, boxes unticked. The CSRF token stays.
const clearStepJS = `((sel) => {
	const form = document.querySelector(sel);
	if (!form) return false;
	for (const el of form.elements) {
		if (!el.name || el.name === "_csrf") continue;
		if (el.type === "hidden" || el.type === "submit" || el.type === "button") continue;
		if (el.type === "radio" || el.type === "checkbox") el.checked = false;
		else el.value = "";
	}
	return true;
})(%s)`

// fillStepJS sets the answers on the form's fields by name: a value for
// texts and selects, checked for the boxes whose value is among the
// answer's comma-separated values (a lone checkbox's value is "true").
const fillStepJS = `((sel, answers) => {
	const form = document.querySelector(sel);
	if (!form) return ["no form " + sel];
	const set = [];
	for (const el of form.elements) {
		if (!el.name || !(el.name in answers)) continue;
		if (el.type === "hidden" || el.type === "submit" || el.type === "button" || el.type === "file") continue;
		const v = answers[el.name];
		if (el.type === "radio") el.checked = el.value === v;
		else if (el.type === "checkbox") el.checked = v.split(",").includes(el.value);
		else el.value = v;
		set.push(el.name);
	}
	return set;
})(%s, %s)`

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// fillStep types the scenario's answers into step st as a learner would
// end up with them, and puts the files to upload in the file fields.
func (tb *tab) fillStep(p *procedure.Procedure, st *procedure.Step, answers map[string]string) {
	tb.t.Helper()
	form := fmt.Sprintf(`main form[action=%q]`, stepURL(p, st))
	if !eval[bool](tb, fmt.Sprintf(clearStepJS, jsString(form))) {
		tb.t.Fatalf("no form %s on %s", form, tb.path())
	}
	values := map[string]string{}
	for _, f := range st.Fields {
		for _, key := range f.Keys() {
			v, ok := answers[key]
			if !ok {
				continue
			}
			if f.Type == "file" {
				tb.upload(form, f, v)
				continue
			}
			values[key] = v
		}
	}
	data, _ := json.Marshal(values)
	eval[[]string](tb, fmt.Sprintf(fillStepJS, jsString(form), data))
}

// upload puts a small file named as in the answer ("name.pdf|12345": the
// name, and the size when it is given) in the file field f.
func (tb *tab) upload(form string, f *procedure.Field, answer string) {
	tb.t.Helper()
	name, sizeText, _ := strings.Cut(answer, "|")
	if name == "" {
		return
	}
	size, err := strconv.Atoi(sizeText)
	if err != nil || size <= 0 {
		size = 2048
	}
	dir, err := os.MkdirTemp(tb.t.TempDir(), "upload")
	if err != nil {
		tb.t.Fatal(err)
	}
	file := filepath.Join(dir, filepath.Base(name))
	if err := os.WriteFile(file, []byte(strings.Repeat("%", size)), 0o600); err != nil {
		tb.t.Fatal(err)
	}
	sel := fmt.Sprintf(`%s input[type=file][name=%q]`, form, f.ID)
	tb.do("uploading "+name, chromedp.SetUploadFiles(chromedp.CSS(sel), []string{file}))
}

// summaryText is the text of the page's error summary, for messages.
func (tb *tab) summaryText() string {
	return eval[string](tb, `(document.getElementById("erreurs") || {}).innerText || "(no error summary)"`)
}

// axeViolation is one failed axe rule on a page.
type axeViolation struct {
	ID     string    `json:"id"`
	Impact string    `json:"impact"`
	Help   string    `json:"help"`
	Nodes  []axeNode `json:"nodes"`
}

type axeNode struct {
	Target []string `json:"target"`
	HTML   string   `json:"html"`
}

type axeResult struct {
	Violations []axeViolation `json:"violations"`
	Passes     int            `json:"passes"`
	Version    string         `json:"version"`
}

// axeRunJS runs axe on the whole document with the WCAG A/AA rules.
var axeRunJS = `axe.run(document, {
	runOnly: {type: "tag", values: ` + mustJSON(axeTags) + `},
	resultTypes: ["violations"],
}).then(r => ({
	version: axe.version,
	passes: r.passes.length,
	violations: r.violations.map(v => ({
		id: v.id, impact: v.impact || "", help: v.help,
		nodes: v.nodes.map(n => ({
			target: n.target.map(s => typeof s === "string" ? s : JSON.stringify(s)),
			html: n.html,
		})),
	})),
}))`

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// injectAxe puts axe in the page when it is not there yet. The page's CSP
// forbids every script; DevTools evaluation is not subject to it.
func (tb *tab) injectAxe() {
	tb.t.Helper()
	if tb.axe == "" {
		tb.t.Fatal("axe-core was not loaded for this test")
	}
	if eval[bool](tb, `typeof window.axe === "object" && typeof window.axe.run === "function"`) {
		return
	}
	eval[chromedp.Void](tb, tb.axe+"\n;0")
	if !eval[bool](tb, `typeof window.axe === "object" && typeof window.axe.run === "function"`) {
		tb.t.Fatalf("axe-core did not load in %s", tb.path())
	}
}

// runAxe runs axe on the current page and returns its results.
func (tb *tab) runAxe() axeResult {
	tb.t.Helper()
	tb.injectAxe()
	return eval[axeResult](tb, axeRunJS, chromedp.EvalAwaitPromise)
}

// audit runs axe on the current page and fails the test for each violation.
func (tb *tab) audit(state string, stats *browserStats) {
	tb.t.Helper()
	at := tb.path()
	res := tb.runAxe()
	stats.add(at, state, tb.lang)
	for _, v := range res.Violations {
		var sig strings.Builder
		sig.WriteString(v.ID)
		for _, n := range firstN(v.Nodes, 3) {
			sig.WriteString("\n" + strings.Join(n.Target, " ") + "\n" + n.HTML)
		}
		if earlier := stats.seen(sig.String(), at+" ["+state+", "+tb.lang+"]"); earlier != "" {
			// A fault of the shared layout shows on every page: say it once.
			tb.t.Errorf("axe: %s [state %s, language %s]: rule %s (impact %s) on the same elements as on %s",
				at, state, tb.lang, v.ID, v.Impact, earlier)
			continue
		}
		var b strings.Builder
		fmt.Fprintf(&b, "axe: %s [state %s, language %s]: rule %s (impact %s): %s; %d element(s)",
			at, state, tb.lang, v.ID, v.Impact, v.Help, len(v.Nodes))
		for i, n := range v.Nodes {
			if i == 3 {
				fmt.Fprintf(&b, "\n    … and %d more", len(v.Nodes)-3)
				break
			}
			fmt.Fprintf(&b, "\n    %s\n      %s", strings.Join(n.Target, " "), n.HTML)
		}
		tb.t.Error(b.String())
	}
}

// browserStats counts the pages and states a test checked, and remembers
// where each fault was first reported.
type browserStats struct {
	mu     sync.Mutex
	pages  map[string]bool
	states int
	kinds  map[string]int // states checked, by kind
	faults map[string]string
	// covered counts the states whose every element was checked within a
	// later state of the same page (see auditStep), by kind.
	coveredBy map[string]int
}

func newBrowserStats() *browserStats {
	return &browserStats{pages: map[string]bool{}, kinds: map[string]int{}, faults: map[string]string{}, coveredBy: map[string]int{}}
}

// seen returns where fault was first reported, "" the first time (and
// records where).
func (s *browserStats) seen(fault, where string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if w, ok := s.faults[fault]; ok {
		return w
	}
	s.faults[fault] = where
	return ""
}

func (s *browserStats) add(path, state, lang string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, _, _ := strings.Cut(path, "?")
	if strings.HasPrefix(path, "/?") {
		p = path // each search is a page of its own
	}
	s.pages[lang+" "+p] = true
	s.states++
	s.kinds[state]++
}

func (s *browserStats) covered(state string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.coveredBy[state]++
}

func (s *browserStats) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	kinds := make([]string, 0, len(s.kinds))
	for k, n := range s.kinds {
		kinds = append(kinds, fmt.Sprintf("%s %d", k, n))
	}
	sort.Strings(kinds)
	covered := ""
	if len(s.coveredBy) > 0 {
		var in []string
		n := 0
		for k, c := range s.coveredBy {
			in = append(in, fmt.Sprintf("%s %d", k, c))
			n += c
		}
		sort.Strings(in)
		covered = fmt.Sprintf("; and %d states whose every element a later state of the same page showed to axe: %s", n, strings.Join(in, ", "))
	}
	return fmt.Sprintf("%d page states on %d distinct pages (a page counted once per language): %s%s",
		s.states, len(s.pages), strings.Join(kinds, ", "), covered)
}
