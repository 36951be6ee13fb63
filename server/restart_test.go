package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	repetition "github.com/repetition-demarches/repetition"
	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/procedure"
)

// serveEnv makes the test binary run the server instead of the tests (see
// TestMain): the restart test needs a process it can kill.
const serveEnv = "REPETITION_TEST_SERVE"

func TestMain(m *testing.M) {
	if args := os.Getenv(serveEnv); args != "" {
		if err := run(strings.Split(args, "\n"), os.Stdout, os.Stderr); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// child is the server running in another process.
type child struct {
	t    *testing.T
	cmd  *exec.Cmd
	base string
	logs *strings.Builder
	done chan error
}

// startServer runs the server on a free port with the given data folder
// and waits until it answers.
func startServer(t *testing.T, data string) *child {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), serveEnv+"="+strings.Join([]string{"-addr", addr, "-data", data}, "\n"))
	logs := &strings.Builder{}
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &child{t: t, cmd: cmd, base: "http://" + addr, logs: logs, done: make(chan error, 1)}
	go func() { c.done <- cmd.Wait() }()
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		select {
		case err := <-c.done:
			t.Fatalf("the server stopped: %v\n%s", err, logs)
		default:
		}
		if res, err := http.Get(c.base + "/healthz"); err == nil {
			res.Body.Close()
			return c
		}
	}
	t.Fatalf("the server did not start:\n%s", logs)
	return nil
}

// stop sends sig and waits for the process to end.
func (c *child) stop(sig syscall.Signal) error {
	c.t.Helper()
	if err := c.cmd.Process.Signal(sig); err != nil {
		c.t.Fatal(err)
	}
	select {
	case err := <-c.done:
		return err
	case <-time.After(15 * time.Second):
		c.t.Fatalf("the server did not stop on %s:\n%s", sig, c.logs)
		return nil
	}
}

// browser is a learner's browser without JavaScript, talking HTTP to a
// server that may change under it: the cookies stay, the address moves.
type browser struct {
	t      *testing.T
	client *http.Client
	base   string
	csrf   string
}

func newBrowser(t *testing.T) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, client: &http.Client{Jar: jar, Timeout: 10 * time.Second}}
}

var csrfInPage = regexp.MustCompile(`name="_csrf" value="([^"]*)"`)

// at points the browser at a (restarted) server, keeping its cookies.
func (b *browser) at(c *child) {
	u, _ := url.Parse(c.base)
	if b.base != "" {
		old, _ := url.Parse(b.base)
		b.client.Jar.SetCookies(u, b.client.Jar.Cookies(old))
	}
	b.base = c.base
}

func (b *browser) read(res *http.Response, err error) (int, string) {
	b.t.Helper()
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	if m := csrfInPage.FindSubmatch(data); m != nil {
		b.csrf = string(m[1])
	}
	return res.StatusCode, string(data)
}

func (b *browser) get(path string) (int, string) {
	b.t.Helper()
	return b.read(b.client.Get(b.base + path))
}

// post sends a form with the page's CSRF token and follows the redirect.
func (b *browser) post(path string, form url.Values) (int, string) {
	b.t.Helper()
	form.Set("_csrf", b.csrf)
	return b.read(b.client.PostForm(b.base+path, form))
}

func cafScenario(t *testing.T) (*procedure.Procedure, map[string]string, string) {
	t.Helper()
	procs, problems := procedure.Load(repetition.Files, "procedures")
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	for _, p := range procs {
		if p.ID == "caf-declaration-trimestrielle" {
			sc := p.Scenarios[0]
			return p, engine.New().ScenarioAnswers(p, sc), sc.Profile
		}
	}
	t.Fatal("no CAF declaration")
	return nil, nil, ""
}

// postStep fills step st as the learner would and checks that the server
// moved on (a refused step stays on its own address).
func (b *browser) postStep(p *procedure.Procedure, st *procedure.Step, answers map[string]string) {
	b.t.Helper()
	path := "/demarches/" + p.ID + "/etapes/" + st.ID
	b.get(path)
	b.send(path, stepValues(st, answers))
}

// stepValues is what a learner types on st.
func stepValues(st *procedure.Step, answers map[string]string) url.Values {
	form := url.Values{}
	for _, f := range st.Fields {
		for _, k := range f.Keys() {
			if v, ok := answers[k]; ok {
				if f.Type == "checkbox" && len(f.Options) > 0 {
					form[k] = strings.Split(v, ",")
				} else {
					form.Set(k, v)
				}
			}
		}
	}
	return form
}

// send posts the form of step page path with the token of the page last
// read, as a learner does who filled a page loaded earlier.
func (b *browser) send(path string, form url.Values) {
	b.t.Helper()
	res, err := b.client.PostForm(b.base+path, withCSRF(form, b.csrf))
	code, body := b.read(res, err)
	// A warning the site lets one go past (a changed pre-filled amount):
	// the learner confirms it.
	if code == 200 && res.Request.URL.Path == path && strings.Contains(body, `name="confirmer" value="1"`) {
		res, err = b.client.PostForm(b.base+path, withCSRF(url.Values{"confirmer": {"1"}}, b.csrf))
		code, body = b.read(res, err)
	}
	if code != 200 || res.Request.URL.Path == path {
		b.t.Fatalf("%s: %d at %s\n%.2000s", path, code, res.Request.URL, body)
	}
	// A site asking for the code sent by SMS after its login: the learner
	// reads it on the simulated phone and types it.
	if at := res.Request.URL.Path; strings.HasSuffix(at, "/connexion/code") {
		_, phone := b.get(strings.TrimSuffix(at, "connexion/code") + "telephone")
		m := regexp.MustCompile(`<strong class="code"[^>]*>(\d{6})</strong>`).FindStringSubmatch(phone)
		if m == nil {
			b.t.Fatalf("no code on the simulated phone:\n%.2000s", phone)
		}
		b.get(at)
		b.post(at, url.Values{"code": {m[1]}})
	}
}

func withCSRF(form url.Values, token string) url.Values {
	form.Set("_csrf", token)
	return form
}

// TestRestartLosesNothing starts the server on a data folder, has a
// learner fill part of the CAF declaration and ask for a resume code,
// kills the server (SIGKILL: no chance to close anything), restarts it on
// the same folder and finds everything; then the same with SIGTERM, and
// the learner finishes the declaration on the third server.
func TestRestartLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the server three times in other processes")
	}
	data := filepath.Join(t.TempDir(), "data")
	p, answers, profile := cafScenario(t)
	learner := newBrowser(t)

	srv := startServer(t, data)
	learner.at(srv)
	start := "/demarches/" + p.ID + "/"
	learner.get(start)
	if code, _ := learner.post(start+"commencer", url.Values{"profil": {profile}}); code != 200 {
		t.Fatalf("commencer: %d", code)
	}
	for _, st := range p.Steps[:3] {
		learner.postStep(p, st, answers)
	}
	learner.get("/reprendre")
	_, page := learner.post("/reprendre/code", url.Values{})
	code := regexp.MustCompile(`[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}`).FindString(page)
	if code == "" {
		t.Fatalf("no resume code on the page:\n%.3000s", page)
	}
	_, before := learner.get(start + "etapes/" + p.Steps[2].ID)
	// The learner opens the next page, and is filling it when the server dies.
	learner.get(start + "etapes/" + p.Steps[3].ID)

	// check finds everything on the restarted server, then opens the
	// exercise on another device with the code, which moves the session
	// there under a new id: it returns that device, the learner's now.
	check := func(srv *child, done int) *browser {
		t.Helper()
		learner.at(srv)
		if _, page := learner.get("/reprendre"); !strings.Contains(page, code) {
			t.Errorf("the resume code %s is gone after the restart", code)
		}
		// The last step filled shows the same answers.
		if _, after := learner.get(start + "etapes/" + p.Steps[2].ID); stripCSRF(after) != stripCSRF(before) {
			t.Errorf("step %s changed after the restart", p.Steps[2].ID)
		}
		// The steps done stay done: the start page leads to the next one.
		res, err := learner.client.Get(learner.base + start + "etapes/" + p.Steps[done].ID)
		if _, _ = learner.read(res, err); res.Request.URL.Path != start+"etapes/"+p.Steps[done].ID {
			t.Errorf("step %s is not reachable after the restart: sent to %s", p.Steps[done].ID, res.Request.URL)
		}
		// Another device opens the same exercise with the code.
		other := newBrowser(t)
		other.at(srv)
		other.get("/reprendre")
		other.post("/reprendre", url.Values{"code": {code}})
		if _, after := other.get(start + "etapes/" + p.Steps[2].ID); stripCSRF(after) != stripCSRF(before) {
			t.Errorf("the resume code does not open the same answers after the restart")
		}
		if _, page := learner.get("/reprendre"); strings.Contains(page, code) {
			t.Errorf("the first device's id still opens the session once the code moved it")
		}
		return other
	}

	if err := srv.stop(syscall.SIGKILL); err == nil {
		t.Fatal("a killed server exited cleanly")
	}
	srv = startServer(t, data)
	learner.at(srv)
	learner.send(start+"etapes/"+p.Steps[3].ID, stepValues(p.Steps[3], answers))
	learner = check(srv, 4)

	if err := srv.stop(syscall.SIGTERM); err != nil {
		t.Fatalf("SIGTERM: %v\n%s", err, srv.logs)
	}
	if _, err := os.Stat(filepath.Join(data, "repetition.db-wal")); err == nil {
		t.Error("the WAL file is still there after a clean stop")
	}
	srv = startServer(t, data)
	learner = check(srv, 4)
	// The learner finishes the declaration on the third server.
	for _, st := range p.Steps[4:] {
		if res, err := learner.client.Get(learner.base + start + "etapes/" + st.ID); err == nil {
			redirected := res.Request.URL.Path != start+"etapes/"+st.ID
			res.Body.Close()
			if redirected {
				continue // a step this learner does not see
			}
		}
		learner.postStep(p, st, answers)
	}
	learner.get(start + "recapitulatif")
	if status, page := learner.post(start+"valider", url.Values{"attestation": {"true"}}); status != 200 || !strings.Contains(page, "SPÉCIMEN") && !strings.Contains(page, "récépissé") && !strings.Contains(page, "Récépissé") {
		t.Fatalf("the declaration was not accepted after two restarts (%d):\n%.2000s", status, page)
	}
	_ = srv.stop(syscall.SIGTERM)
}

var csrfValue = regexp.MustCompile(`name="_csrf" value="[^"]*"`)

func stripCSRF(page string) string { return csrfValue.ReplaceAllString(page, "") }
