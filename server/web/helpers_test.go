package web

import (
	"bytes"
	"context"
	"html"
	"io"
	"log/slog"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	repetition "github.com/repetition-demarches/repetition"
	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/locale"
	"github.com/repetition-demarches/repetition/server/procedure"
	"github.com/repetition-demarches/repetition/server/store/memstore"
)

// testClock is the fixed time of every web test.
var testClock = time.Date(2026, 11, 22, 10, 30, 0, 0, time.UTC)

type testApp struct {
	srv     *server
	app     *fiber.App
	engine  *engine.Engine
	store   *memstore.Store
	locales *locale.Catalog
	offset  *atomic.Int64
	procs   []*procedure.Procedure
	logs    *bytes.Buffer
	// base is the address ta is served on once clientFrom needs it.
	base string
}

func newTestApp(t testing.TB, opts ...func(*Config)) *testApp {
	t.Helper()
	return newTestAppFull(t, nil, opts...)
}

// newTestAppWith serves the bundled procedures and extra ones.
func newTestAppWith(t testing.TB, extra ...*procedure.Procedure) *testApp {
	t.Helper()
	return newTestAppFull(t, extra)
}

// newTestAppFull serves the bundled procedures and extra ones, with the
// configuration changed by opts.
func newTestAppFull(t testing.TB, extra []*procedure.Procedure, opts ...func(*Config)) *testApp {
	t.Helper()
	procs, problems := procedure.Load(repetition.Files, "procedures")
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	procs = append(procs, extra...)
	locales, err := locale.Load(repetition.Files, "locales")
	if err != nil {
		t.Fatal(err)
	}
	// The clock can move forward (ta.advance) while the server runs: the
	// offset is atomic, as handlers read it from other goroutines.
	offset := new(atomic.Int64)
	now := func() time.Time { return testClock.Add(time.Duration(offset.Load())) }
	st := memstore.New(now)
	logs := &bytes.Buffer{}
	eng := &engine.Engine{Now: now, Random: bytes.NewReader(bytes.Repeat([]byte{7}, 1<<16))}
	cfg := Config{
		Procedures: procs, Engine: eng, Store: st, Locales: locales,
		Themes: repetition.Files, Logger: slog.New(slog.NewTextHandler(logs, nil)),
	}
	for _, o := range opts {
		o(&cfg)
	}
	srv, app, err := newServer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &testApp{srv: srv, app: app, engine: eng, store: st, locales: locales, procs: procs, logs: logs, offset: offset}
}

// advance moves the test clock forward.
func (ta *testApp) advance(d time.Duration) { ta.offset.Add(int64(d)) }

// client is a browser without JavaScript: it keeps cookies and reads the
// CSRF token from the last page, like a form would.
type client struct {
	t       testing.TB
	ta      *testApp
	cookies map[string]string
	csrf    string
	// csrfSession is the session cookie the token was drawn for.
	csrfSession string
	header      http.Header
	// via, when set, sends the requests to base over the network
	// (clientFrom) instead of through app.Test.
	via  *http.Client
	base string
}

func (ta *testApp) client(t testing.TB) *client {
	return &client{t: t, ta: ta, cookies: map[string]string{}, header: http.Header{}}
}

// clientFrom is a client whose requests reach ta through a real port from
// the loopback address ip (127.0.0.2, 127.0.0.3…), so that the limits kept
// per address tell it apart from other clients; app.Test gives every
// client the same address.
func (ta *testApp) clientFrom(t *testing.T, ip string) *client {
	t.Helper()
	local := &net.TCPAddr{IP: net.ParseIP(ip)}
	ln, err := net.ListenTCP("tcp", local)
	if err != nil {
		// Linux answers on all of 127.0.0.0/8; some systems only on 127.0.0.1.
		if os.Getenv("CI") == "true" {
			t.Fatalf("cannot send from %s: %v (CI=true: the limits by address must be tested)", ip, err)
		}
		t.Skipf("cannot send from %s on this machine: %v", ip, err)
	}
	_ = ln.Close()
	if ta.base == "" {
		ta.base = serve(t, ta)
	}
	transport := &http.Transport{DialContext: (&net.Dialer{LocalAddr: local}).DialContext}
	t.Cleanup(transport.CloseIdleConnections)
	c := ta.client(t)
	c.base = ta.base
	c.via = &http.Client{
		Transport:     transport,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return c
}

type response struct {
	status   int
	location string
	body     string
	header   http.Header
}

var csrfRE = regexp.MustCompile(`name="_csrf" value="([^"]*)"`)

func (c *client) do(method, target string, form url.Values) response {
	c.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, target, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return c.send(req)
}

// postFiles sends a multipart form, as a browser does for a page with a
// file field; files maps a field to "name|size in bytes".
func (c *client) postFiles(target string, form url.Values, files map[string]string) response {
	c.t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	if form.Get("_csrf") == "" {
		c.freshToken()
		form.Set("_csrf", c.csrf)
	}
	for k, vs := range form {
		for _, v := range vs {
			_ = w.WriteField(k, v)
		}
	}
	for k, spec := range files {
		name, sizeText, _ := strings.Cut(spec, "|")
		size, _ := strconv.Atoi(sizeText)
		if sizeText == "" {
			size = 50_000
		}
		part, err := w.CreateFormFile(k, name)
		if err != nil {
			c.t.Fatal(err)
		}
		_, _ = part.Write(bytes.Repeat([]byte{'%'}, size))
	}
	_ = w.Close()
	req := httptest.NewRequest(http.MethodPost, target, &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.send(req)
}

func (c *client) send(req *http.Request) response {
	c.t.Helper()
	method, target := req.Method, req.URL.String()
	for k, vs := range c.header {
		req.Header[k] = vs
	}
	for k, v := range c.cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	var res *http.Response
	var err error
	if c.via != nil {
		base, _ := url.Parse(c.base)
		req.RequestURI, req.Host, req.URL.Scheme, req.URL.Host = "", "", base.Scheme, base.Host
		res, err = c.via.Do(req)
	} else {
		res, err = c.ta.app.Test(req, -1)
	}
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, target, err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	for _, ck := range res.Cookies() {
		if ck.MaxAge < 0 || (!ck.Expires.IsZero() && ck.Expires.Before(time.Now())) || ck.Value == "" {
			delete(c.cookies, ck.Name)
		} else {
			c.cookies[ck.Name] = ck.Value
		}
	}
	r := response{status: res.StatusCode, location: res.Header.Get("Location"), body: string(data), header: res.Header}
	if m := csrfRE.FindStringSubmatch(r.body); m != nil {
		c.csrf = strings.Clone(m[1]) // not a slice of the whole page
		c.csrfSession = c.cookies[sessionCookie]
	}
	return r
}

// freshToken loads a page when the session changed (a new id after
// beginning, joining or signing in) since the last token was read: a
// browser posts a form of the page it shows, drawn for its session, and
// the token of a page drawn for another session is refused.
func (c *client) freshToken() {
	if c.cookies[sessionCookie] != c.csrfSession {
		c.get(erasePath) // a page with a form, that writes nothing
	}
}

func (c *client) get(target string) response { return c.do(http.MethodGet, target, nil) }

// post sends a form with the CSRF token of the last page.
func (c *client) post(target string, form url.Values) response {
	if form == nil {
		form = url.Values{}
	}
	if form.Get("_csrf") == "" {
		c.freshToken()
		form.Set("_csrf", c.csrf)
	}
	return c.do(http.MethodPost, target, form)
}

// follow gets the redirect target of r, failing unless r is a 303.
func (c *client) follow(r response) response {
	c.t.Helper()
	if r.status != http.StatusSeeOther {
		c.t.Fatalf("expected a 303 redirect, got %d:\n%s", r.status, r.body)
	}
	return c.get(r.location)
}

// fillSteps posts every step of p, in order, with the given answers; the
// code asked after the site's own login is read on the simulated phone.
func (c *client) fillSteps(p *procedure.Procedure, answers map[string]string) {
	for _, st := range p.Steps {
		c.postStep(p, st.ID, stepForm(st, answers))
	}
}

// postStep posts the form of step id; when the site's own login asks for
// the code read on the simulated phone, it types it, and returns the
// redirect that follows.
func (c *client) postStep(p *procedure.Procedure, id string, form url.Values) response {
	c.t.Helper()
	res := c.post(stepURL(p, p.Step(id)), form)
	if res.location == codeURL(p) {
		res = c.typeCode(p)
	}
	return res
}

// typeCode types the code read on the simulated phone, returning the
// redirect that follows.
func (c *client) typeCode(p *procedure.Procedure) response {
	c.t.Helper()
	return c.post(codeURL(p), url.Values{"code": {c.phoneCode(p)}})
}

// begin starts procedure p with a profile, returning the first step page;
// a login trap is passed the quickest way (passGate).
func (c *client) begin(p *procedure.Procedure, profile string) response {
	c.t.Helper()
	c.get(startURL(p))
	res := c.post(startURL(p)+"commencer", url.Values{"profil": {profile}})
	if res.location == ownURL(p) {
		// Without a profile: vos_donnees skipped (beginOwn gives it).
		res = c.skipOwn(p)
	}
	if res.location == gateURL(p) {
		res = c.passGate(p)
	}
	return c.follow(res)
}

var skipOwnRE = regexp.MustCompile(`<a class="button button-secondary" href="([^"]+)">`)

// skipOwn follows "passer" on the page of vos_donnees, returned as the
// redirect it stands for.
func (c *client) skipOwn(p *procedure.Procedure) response {
	c.t.Helper()
	m := skipOwnRE.FindStringSubmatch(c.get(ownURL(p)).body)
	if m == nil {
		c.t.Fatalf("no link to skip vos_donnees")
	}
	return response{status: http.StatusSeeOther, location: html.UnescapeString(m[1])}
}

// beginOwn starts procedure p without a profile and gives own on the
// page of vos_donnees, returning the first step page.
func (c *client) beginOwn(p *procedure.Procedure, own map[string]string) response {
	c.t.Helper()
	c.get(startURL(p))
	if res := c.post(startURL(p)+"commencer", url.Values{"profil": {""}}); res.location != ownURL(p) {
		c.t.Fatalf("without a profile, begin goes to %q, not vos_donnees", res.location)
	}
	c.get(ownURL(p))
	form := url.Values{}
	for k, v := range own {
		form.Set(k, v)
	}
	res := c.post(ownURL(p), form)
	if res.location == ownURL(p) {
		c.t.Fatalf("vos_donnees refused:\n%s", summaryText(c.follow(res).body))
	}
	if res.location == gateURL(p) {
		res = c.passGate(p)
	}
	return c.follow(res)
}

// gatePassword is the invented password the tests give simulated accounts.
const gatePassword = "Invente-2026-Mdp"

// passGate goes through the login trap of p as a learner would, the
// shortest way: the site's own login when the identity provider is the
// alternative, otherwise the account (created, activated from the practice
// mailbox, signed in, the code read on the phone). It returns the last
// redirect, to the first step.
func (c *client) passGate(p *procedure.Procedure) response {
	c.t.Helper()
	c.get(gateURL(p))
	if p.Traps.Account == nil {
		return c.post(gateURL(p), url.Values{"choix": {"site"}})
	}
	c.get(accountURL(p))
	res := c.post(accountURL(p), url.Values{"courriel": {"kevin@exemple.fr"}, "mot_de_passe": {gatePassword}, "confirmation": {gatePassword}})
	if res.location != gateURL(p) {
		c.t.Fatalf("account refused: %s", res.location)
	}
	if p.Traps.Account.ConfirmEmail {
		msg := c.get(mailboxURL(p.ID) + "?message=activation")
		link := activationRE.FindStringSubmatch(msg.body)
		if link == nil {
			c.t.Fatalf("no activation link in the message:\n%s", msg.body)
		}
		c.get(html.UnescapeString(link[1]))
	}
	c.get(gateURL(p))
	res = c.post(gateURL(p), url.Values{"courriel": {"kevin@exemple.fr"}, "mot_de_passe": {gatePassword}})
	if p.Traps.Account.SMSCode {
		if res.location != codeURL(p) {
			c.t.Fatalf("sign-in led to %q, want the code page", res.location)
		}
		c.get(codeURL(p))
		res = c.post(codeURL(p), url.Values{"code": {c.phoneCode(p)}})
	}
	return res
}

var (
	activationRE = regexp.MustCompile(`href="(/demarches/[^"]*/compte/activer\?cle=[^"]*)"`)
	phoneCodeRE  = regexp.MustCompile(`<strong class="code"[^>]*>(\d{6})</strong>`)
)

// phoneCode reads the last code on the simulated phone.
func (c *client) phoneCode(p *procedure.Procedure) string {
	c.t.Helper()
	m := phoneCodeRE.FindStringSubmatch(c.get("/demarches/" + p.ID + "/telephone").body)
	if m == nil {
		c.t.Fatal("no code on the simulated phone")
	}
	return m[1]
}

// proc returns a bundled procedure by id.
func (ta *testApp) proc(t testing.TB, id string) *procedure.Procedure {
	t.Helper()
	for _, p := range ta.procs {
		if p.ID == id {
			return p
		}
	}
	t.Fatalf("no procedure %s", id)
	return nil
}

// attemptOf returns the client's stored attempt at a procedure, or nil.
func (ta *testApp) attemptOf(t testing.TB, c *client, proc string) *engine.Attempt {
	t.Helper()
	return ta.attemptOfID(t, c.cookies[sessionCookie], proc)
}

// attemptOfID is the attempt at proc of the session id, or nil.
func (ta *testApp) attemptOfID(t testing.TB, id, proc string) *engine.Attempt {
	t.Helper()
	sessions, err := ta.store.Peek(context.Background(), []string{id})
	if err != nil {
		t.Fatal(err)
	}
	if sess := sessions[id]; sess != nil {
		return sess.Attempts[proc]
	}
	return nil
}

// hubListeners is how many dashboards listen to the app's stream.
func (ta *testApp) hubListeners() int { return ta.srv.hub.listeners() }
