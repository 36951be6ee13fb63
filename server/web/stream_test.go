package web

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/store"
)

// httpLearner is a real HTTP client with cookies, reading the CSRF token
// of each page it gets.
type httpLearner struct {
	t    testing.TB
	base string
	c    *http.Client
	csrf string
}

func newHTTPLearner(t testing.TB, base string) *httpLearner {
	jar, _ := cookiejar.New(nil)
	return &httpLearner{t: t, base: base, c: &http.Client{Jar: jar, Timeout: 5 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (h *httpLearner) get(path string) string {
	h.t.Helper()
	res, err := h.c.Get(h.base + path)
	if err != nil {
		h.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if m := csrfRE.FindSubmatch(body); m != nil {
		h.csrf = string(m[1])
	}
	return string(body)
}

func (h *httpLearner) post(path string, form url.Values) int {
	h.t.Helper()
	form.Set("_csrf", h.csrf)
	res, err := h.c.PostForm(h.base+path, form)
	if err != nil {
		h.t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode == http.StatusSeeOther {
		// As a browser does: the page it lands on holds the next token.
		h.get(res.Header.Get("Location"))
	}
	return res.StatusCode
}

// typeCode types the code read on the simulated phone after the login of
// procedure id.
func (h *httpLearner) typeCode(id string) {
	h.t.Helper()
	code := phoneCodeRE.FindStringSubmatch(h.get("/demarches/" + id + "/telephone"))
	if code == nil {
		h.t.Fatalf("no code on the simulated phone of %s", id)
	}
	h.get("/demarches/" + id + "/connexion/code")
	h.post("/demarches/"+id+"/connexion/code", url.Values{"code": {code[1]}})
}

// sseEvent is one event read from a stream.
type sseEvent struct{ name, data string }

// readEvents sends the stream's events on a channel until it ends.
func readEvents(body io.Reader) <-chan sseEvent {
	out := make(chan sseEvent, 64)
	go func() {
		defer close(out)
		sc := bufio.NewScanner(body)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		var ev sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				ev.name = line[len("event: "):]
			case strings.HasPrefix(line, "data: "):
				ev.data += line[len("data: "):] + "\n"
			case line == "" && ev.name != "":
				out <- ev
				ev = sseEvent{}
			}
		}
	}()
	return out
}

func waitEvent(t *testing.T, events <-chan sseEvent, name, contains string) {
	t.Helper()
	deadline := time.After(3 * time.Second)
	for {
		select {
		case ev, ok := <-events:
			if !ok {
				t.Fatalf("stream ended before a %q event with %q", name, contains)
			}
			if ev.name == name && strings.Contains(ev.data, contains) {
				return
			}
		case <-deadline:
			t.Fatalf("no %q event with %q within 3 s", name, contains)
		}
	}
}

func TestDashboardStream(t *testing.T) {
	ta := newTrainingApp(t, func(c *Config) { c.StreamRefresh = 200 * time.Millisecond })
	base := serve(t, ta)
	ctx := context.Background()
	tr := &store.Training{ID: strings.Repeat("k", 43), Code: "ABC234", Procedures: []string{cafID}, Mode: engine.ModeGuided,
		StuckAfter: 5 * time.Minute, Created: ta.engine.Now(), Ends: ta.engine.Now().Add(time.Hour)}
	if err := ta.store.CreateTraining(ctx, tr); err != nil {
		t.Fatal(err)
	}
	res, err := http.Get(base + dashboardURL(tr.ID) + "/flux")
	if err != nil {
		t.Fatal(err)
	}
	if ct := res.Header.Get("Content-Type"); ct != "text/event-stream" || res.Header.Get("Content-Encoding") != "" {
		t.Fatalf("stream headers: %v", res.Header)
	}
	events := readEvents(res.Body)
	waitEvent(t, events, "rows", "Personne n&#39;a encore rejoint")

	learner := newHTTPLearner(t, base)
	learner.get("/rejoindre")
	if code := learner.post("/rejoindre", url.Values{"code": {"ABC234"}, "pseudo": {"Soleil"}}); code != http.StatusSeeOther {
		t.Fatalf("join: %d", code)
	}
	waitEvent(t, events, "rows", "Soleil")
	learner.get(startURL(ta.proc(t, cafID)))
	learner.post(startURL(ta.proc(t, cafID))+"commencer", url.Values{"profil": {"kevin"}})
	waitEvent(t, events, "learner", "Connexion à Mon Compte")
	learner.post("/demarches/"+cafID+"/etapes/connexion", url.Values{"nir": {"1 95 03 69 123 456"}, "mot_de_passe": {"Entrainement2026"}})
	learner.typeCode(cafID)
	waitEvent(t, events, "learner", "(2/7)")
	// The periodic redraw is the heartbeat.
	waitEvent(t, events, "rows", "Soleil")

	// A dashboard that goes away is reaped at the next redraw.
	if n := ta.hubListeners(); n != 1 {
		t.Fatalf("%d listeners, want 1", n)
	}
	res.Body.Close()
	deadline := time.Now().Add(3 * time.Second)
	for ta.hubListeners() != 0 {
		if time.Now().After(deadline) {
			t.Fatal("a closed dashboard is still subscribed after 3 s")
		}
		time.Sleep(50 * time.Millisecond)
	}
}
