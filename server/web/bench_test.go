package web

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"net/url"
	"regexp"
	"runtime"
	"testing"

	"github.com/valyala/fasthttp"
)

// stepRequest renders the montants_vous step of a learner who got there,
// straight through the app's handler (no network), as a server would.
func stepRequest(tb testing.TB) (fasthttp.RequestHandler, *fasthttp.RequestCtx) {
	ta := newTestApp(tb)
	p := caf(tb, ta)
	c := ta.client(tb)
	c.begin(p, "kevin")
	c.postStep(p, "connexion", loginForm("1 95 03 69 123 456", kevinPassword)) // and the SMS code
	for _, id := range []string{"declaration", "situation", "ressources_vous"} {
		c.get("/demarches/" + p.ID + "/etapes/" + id)
		c.post("/demarches/"+p.ID+"/etapes/"+id, stepForm(p.Step(id), map[string]string{"en_couple": "false", "changement": "false", "types_vous": "salaires"}))
	}
	ctx := &fasthttp.RequestCtx{}
	ctx.Request.SetRequestURI("/demarches/" + p.ID + "/etapes/montants_vous")
	ctx.Request.Header.SetMethod(http.MethodGet)
	for k, v := range c.cookies {
		ctx.Request.Header.SetCookie(k, v)
	}
	return ta.app.Handler(), ctx
}

func BenchmarkRenderStep(b *testing.B) {
	handler, ctx := stepRequest(b)
	b.ReportAllocs()
	for b.Loop() {
		ctx.Response.Reset()
		handler(ctx)
		if ctx.Response.StatusCode() != http.StatusOK {
			b.Fatalf("status %d", ctx.Response.StatusCode())
		}
	}
}

func gzipSize(tb testing.TB, data []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if _, err := w.Write(data); err != nil {
		tb.Fatal(err)
	}
	w.Close()
	return buf.Len()
}

var (
	cssLinkRE = regexp.MustCompile(`<link rel="stylesheet" href="([^"]+)">`)
	jsLinkRE  = regexp.MustCompile(`<script src="(/static/[a-z]+/lire\.js\?v=[0-9a-f]+)" defer></script>`)
)

// TestPageWeight holds the project's budgets: a step page at most 10 KB
// gzipped, everything a first visit loads at most 20 KB, no script.
func TestPageWeight(t *testing.T) {
	ta := newTestApp(t)
	p := caf(t, ta)
	c := ta.client(t)
	home := c.get("/")
	step := c.begin(p, "kevin")
	css := c.get(cssLinkRE.FindStringSubmatch(step.body)[1])
	if css.status != http.StatusOK || len(css.body) == 0 {
		t.Fatalf("stylesheet: %d, %d bytes", css.status, len(css.body))
	}
	var jsGz int
	if m := jsLinkRE.FindStringSubmatch(home.body); m != nil {
		js := c.get(m[1])
		jsGz = gzipSize(t, []byte(js.body))
	}
	stepGz, homeGz, cssGz := gzipSize(t, []byte(step.body)), gzipSize(t, []byte(home.body)), gzipSize(t, []byte(css.body))
	t.Logf("gzipped: step page %d B, home page %d B, stylesheet %d B, optional script %d B", stepGz, homeGz, cssGz, jsGz)
	if stepGz > 10*1024 {
		t.Errorf("a step page weighs %d B gzipped, budget 10 KB", stepGz)
	}
	if homeGz+cssGz+jsGz > 20*1024 {
		t.Errorf("a first visit loads %d B gzipped, budget 20 KB", homeGz+cssGz+jsGz)
	}
	// JavaScript is never required (TestWithoutJavaScript walks a whole
	// procedure without it): the only script is the optional read-aloud
	// file, deferred, and there is no inline script.
	for _, body := range []string{home.body, step.body} {
		if n, ext := bytes.Count([]byte(body), []byte("<script")), len(jsLinkRE.FindAllString(body, -1)); n != ext || n > 1 {
			t.Errorf("%d scripts, %d of them the deferred read-aloud file", n, ext)
		}
	}
}

// BenchmarkMemoryPerLearner measures the heap that active learners hold:
// each one has started the CAF procedure and filled half of it (session,
// attempt, CSRF token). Budget: 4 KB per active learner.
func BenchmarkMemoryPerLearner(b *testing.B) {
	const learners = 1000
	ta := newTestApp(b)
	p := caf(b, ta)
	learn := func() *client {
		c := ta.client(b)
		c.begin(p, "kevin")
		c.postStep(p, "connexion", loginForm("1 95 03 69 123 456", kevinPassword)) // and the SMS code
		c.post("/demarches/"+p.ID+"/etapes/declaration", url.Values{"en_couple": {"false"}})
		c.post("/demarches/"+p.ID+"/etapes/situation", url.Values{"changement": {"false"}})
		// The test's own record of cookies is not the server's memory.
		c.cookies, c.header = nil, nil
		return c
	}
	learn() // one-time allocations (pools, lazily built tables) are not per learner
	clients := make([]*client, 0, learners)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for range learners {
		clients = append(clients, learn())
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	if ta.store.Len() != learners+1 {
		b.Fatalf("%d sessions for %d learners", ta.store.Len(), learners)
	}
	perLearner := float64(after.HeapAlloc-before.HeapAlloc) / learners
	runtime.KeepAlive(clients)
	for b.Loop() {
	}
	b.ReportMetric(perLearner, "B/learner")
}
