package web

import (
	"bytes"
	"fmt"
	"maps"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/repetition-demarches/repetition/server/procedure"
)

// TestFuzzHTTP is the robustness check of CI, a bounded fuzz that needs no
// -fuzz flag: a fixed number of random, malformed and oversized requests
// to every POST route of the route table, then to every GET route, from
// browsers in every state the test can make (no session, a mediator, a
// learner in a training, learners who began each procedure, one who sent
// a declaration), with and without their form token, with garbage cookies
// and headers. No answer may be a 5xx, nothing may be logged at ERROR
// level (handleError logs every 5xx, the recover middleware makes a panic
// one), and the heap may not grow by more than fuzzHeapBound.
//
// Everything is drawn from fuzzSeed, the server's ids included: a failure
// prints the request and reproduces with the same seed.
func TestFuzzHTTP(t *testing.T) {
	posts, gets := 1500, 300
	if testing.Short() {
		posts, gets = 300, 60
	}
	f := newFuzzer(t)
	postRoutes, getRoutes := f.routes(http.MethodPost), f.routes(http.MethodGet)
	if len(postRoutes) < 20 || len(getRoutes) < 30 {
		t.Fatalf("the route table has %d POST and %d GET routes: GetRoutes changed?", len(postRoutes), len(getRoutes))
	}

	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	// Round robin over the routes, so that each gets its share; the clock
	// moves a minute every hundred requests, past the traps' timeouts.
	for i := range posts + gets {
		if i%100 == 99 {
			f.ta.advance(time.Minute)
		}
		if i < posts {
			f.send(f.post(postRoutes[i%len(postRoutes)]))
		} else {
			f.send(f.get(getRoutes[i%len(getRoutes)]))
		}
	}
	elapsed := time.Since(start)
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)

	grown := int64(after.HeapInuse) - int64(before.HeapInuse)
	t.Logf("%d POST and %d GET requests in %v; statuses %v; heap in use %+d KB, %d MB allocated",
		posts, gets, elapsed.Round(time.Millisecond), f.statuses, grown>>10, (after.TotalAlloc-before.TotalAlloc)>>20)
	if grown > fuzzHeapBound {
		t.Errorf("the heap in use grew by %d MB over the fuzz, bound %d MB", grown>>20, fuzzHeapBound>>20)
	}
}

const (
	fuzzSeed = 11
	// fuzzHeapBound is how much the heap in use may grow, after a GC, over
	// the whole fuzz: the sessions it opens are kept, its bodies are not.
	fuzzHeapBound = 64 << 20
	// fuzzHeaderBudget keeps a request's headers under fasthttp's read
	// buffer (Config.ReadBufferSize, 8 KB), so that the handlers see them.
	fuzzHeaderBudget = 6000
	// fuzzMaxFailures stops the fuzz once its report is long enough.
	fuzzMaxFailures = 10
)

// fuzzer draws requests and checks the answers.
type fuzzer struct {
	t   *testing.T
	ta  *testApp
	rnd *rand.Rand
	// actors are the browsers whose cookies and token the fuzz borrows.
	actors []fuzzActor
	// Real values for the route parameters and the fields.
	dashboardID, learnerID, joinCode string
	static                           []string
	statuses                         map[int]int
	failures                         int
}

// fuzzActor is a browser's state: its cookies and the token of its forms,
// read from one of its pages.
type fuzzActor struct {
	name    string
	proc    *procedure.Procedure // the procedure it began, or nil
	cookies map[string]string
	token   string
}

// seededReader draws the server's ids and secrets from the fuzz's seed;
// handlers may read it from several goroutines.
type seededReader struct {
	mu sync.Mutex
	r  *rand.ChaCha8
}

func (s *seededReader) Read(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.r.Read(p)
}

func newFuzzer(t *testing.T) *fuzzer {
	var seed [32]byte
	seed[0] = fuzzSeed
	ta := newTrainingApp(t, func(c *Config) {
		c.Random = &seededReader{r: rand.NewChaCha8(seed)}
		// app.Test's requests come from 0.0.0.0: trusting it makes
		// X-Forwarded-Proto and X-Forwarded-For count, and with them the
		// __Host- cookies and the limits by address.
		c.TrustedProxies = []string{"0.0.0.0"}
	})
	f := &fuzzer{t: t, ta: ta, rnd: rand.New(rand.NewPCG(fuzzSeed, fuzzSeed)), statuses: map[int]int{}}
	caf := ta.proc(t, cafID)

	m := ta.client(t)
	dashboard, code := openTraining(t, m, newTrainingValues())
	f.dashboardID, f.joinCode = strings.TrimPrefix(dashboard, "/animer/s/"), code
	trainee := ta.client(t)
	joinTraining(t, trainee, code, "Lune")
	f.learnerID = learnerIDOf(t, m, dashboard, "Lune")
	trainee.begin(caf, "kevin")

	f.actors = append(f.actors, fuzzActor{name: "no cookie", cookies: map[string]string{}})
	f.addActor("mediator", nil, m)
	f.addActor("learner in the training", caf, trainee)
	for _, p := range ta.procs {
		c := ta.client(t)
		c.begin(p, p.Profiles[0].ID)
		f.addActor("learner of "+p.ID, p, c)
	}
	f.addActor("learner who sent the declaration", caf, playedClient(t, ta, caf))

	for path := range ta.srv.a().themes.static {
		f.static = append(f.static, path)
	}
	slices.Sort(f.static)
	return f
}

func (f *fuzzer) addActor(name string, p *procedure.Procedure, c *client) {
	c.get("/accessibilite") // the token of its current session
	f.actors = append(f.actors, fuzzActor{name: name, proc: p, cookies: maps.Clone(c.cookies), token: c.csrf})
}

// routes are the paths of the route table for method, sorted.
func (f *fuzzer) routes(method string) []string {
	var paths []string
	for _, r := range f.ta.app.GetRoutes(true) {
		if r.Method == method && !slices.Contains(paths, r.Path) {
			paths = append(paths, r.Path)
		}
	}
	slices.Sort(paths)
	return paths
}

// fuzzRequest is a request as drawn, kept to be sent and reported.
type fuzzRequest struct {
	method, target, host string
	header               http.Header
	body                 []byte
	actor                string
}

func (r *fuzzRequest) build() *http.Request {
	req := httptest.NewRequest(r.method, "/", bytes.NewReader(r.body))
	req.RequestURI = r.target // sent as is, unparsed: it may be garbage
	req.Host = r.host
	req.Header = r.header.Clone()
	return req
}

// controlInHeader reports whether a header value holds a control byte
// (a tab aside), which HTTP forbids there.
func (r *fuzzRequest) controlInHeader() bool {
	for _, vs := range r.header {
		for _, v := range vs {
			if strings.ContainsFunc(v, func(c rune) bool { return c != '\t' && (c < 0x20 || c == 0x7f) }) {
				return true
			}
		}
	}
	return false
}

// String is the request as sent, cut short, for the failure report.
func (r *fuzzRequest) String() string {
	dump, err := httputil.DumpRequest(r.build(), true)
	if err != nil {
		return fmt.Sprintf("%s %s (%v)", r.method, r.target, err)
	}
	if len(dump) > 1500 {
		dump = append(dump[:1500], "…"...)
	}
	return fmt.Sprintf("as %s:\n%q", r.actor, dump)
}

// send sends r in process and checks the answer and the log. app.Test
// serves the connection to its end: an error there is a request that got
// no answer one can read, or bytes after it taken for another request (the
// end of a body no handler read, see TestAnUnreadBodyIsNotTheNextRequest).
func (f *fuzzer) send(r *fuzzRequest) {
	f.t.Helper()
	logged := f.ta.logs.Len()
	res, err := f.ta.app.Test(r.build(), -1)
	if err != nil && (r.controlInHeader() && strings.Contains(err.Error(), "invalid header value") ||
		r.host == "" && strings.Contains(err.Error(), "missing required host header")) {
		// fasthttp refuses a header value holding a control byte, or a
		// request without a Host, before any handler runs (a 400 that
		// app.Test reports as an error).
		f.statuses[http.StatusBadRequest]++
		return
	}
	if err != nil {
		f.fail("%s %s: %v\n%s", r.method, r.target, err, r)
		return
	}
	_ = res.Body.Close()
	f.statuses[res.StatusCode]++
	if res.StatusCode >= 500 {
		f.fail("%s %s answered %d\n%s\nlog: %s", r.method, r.target, res.StatusCode, r, f.ta.logs.Bytes()[logged:])
		return
	}
	if log := f.ta.logs.Bytes()[logged:]; bytes.Contains(log, []byte("level=ERROR")) || bytes.Contains(log, []byte("panic")) {
		f.fail("%s %s (%d) logged an error:\n%s\n%s", r.method, r.target, res.StatusCode, log, r)
	}
}

func (f *fuzzer) fail(format string, args ...any) {
	f.t.Helper()
	f.t.Errorf(format, args...)
	if f.failures++; f.failures >= fuzzMaxFailures {
		f.t.FailNow()
	}
}

// post draws a POST to route. One time in two it is sent as the actor's
// browser would send it (its cookies, its token, a form or, where a file
// is taken, a multipart form), with random fields, so that the handler is
// reached; otherwise anything goes: changed cookies, a token or none, a
// broken, oversized or compressed body of any type.
func (f *fuzzer) post(route string) *fuzzRequest {
	browser := f.rnd.IntN(2) == 0
	r, a, p := f.request(http.MethodPost, route, browser)
	fields := f.fields(p)
	upload := f.ta.srv.uploadLimitOf(r.method, r.target) > 0
	if browser {
		fields.Add(csrfField, a.token)
		if upload && f.rnd.IntN(2) == 0 {
			r.body, r.header["Content-Type"] = f.multipart(fields, p, true)
		} else {
			r.body, r.header["Content-Type"] = []byte(fields.Encode()), []string{"application/x-www-form-urlencoded"}
		}
		return r
	}
	if f.rnd.IntN(2) == 0 {
		fields.Add(csrfField, f.token(a, r))
	}
	switch k := f.rnd.IntN(10); {
	case k < 3:
		r.body = []byte(fields.Encode())
		r.header.Set("Content-Type", f.pick(formTypes))
	case k < 5:
		r.body, r.header["Content-Type"] = f.multipart(fields, p, false)
	case k < 6:
		// A form broken by hand: bad escapes, bare keys, NUL, invalid UTF-8.
		r.body = []byte(fields.Encode() + "&" + f.pick(brokenForms) + "&" + f.garbage(f.rnd.IntN(200)))
		r.header.Set("Content-Type", "application/x-www-form-urlencoded")
	case k < 7:
		r.body = []byte(fmt.Sprintf(`{"_csrf":%q,"code":%q,"x":[1,{"y":null}]}`, f.token(a, r), f.value(p)))
		r.header.Set("Content-Type", "application/json")
	case k < 8:
		// Over the form limit: refused from its length.
		r.body = []byte(fields.Encode() + "&x=" + strings.Repeat("A", formLimit))
		r.header.Set("Content-Type", "application/x-www-form-urlencoded")
	case k < 9:
		r.body = nil
	default:
		r.body = []byte(f.garbage(f.rnd.IntN(10_000)))
		r.header.Set("Content-Type", f.pick(otherTypes))
	}
	if f.rnd.IntN(8) == 0 {
		r.header.Set("Content-Encoding", f.pick([]string{"gzip", "br", "deflate", "identity", "gzip, gzip", "\xff", " "}))
	}
	return r
}

// get draws a GET to route, with a random query and, now and then, a body.
func (f *fuzzer) get(route string) *fuzzRequest {
	method := http.MethodGet
	if f.rnd.IntN(15) == 0 {
		method = f.pick([]string{http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodOptions})
	}
	r, _, p := f.request(method, route, f.rnd.IntN(2) == 0)
	query := ""
	switch f.rnd.IntN(4) {
	case 0:
		query = f.fields(p).Encode()
	case 1:
		query = f.pick(brokenForms) + "&" + queryGarbage(f.garbage(f.rnd.IntN(100)))
	}
	if query != "" {
		// Within the read buffer, with the headers.
		r.target += "?" + query[:min(len(query), 1500)]
	}
	if f.rnd.IntN(10) == 0 {
		r.body = []byte(f.fields(p).Encode())
		r.header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return r
}

var (
	formTypes = []string{
		"application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=UTF-8",
		"application/x-www-form-urlencoded; charset=\xff\x00", "APPLICATION/X-WWW-FORM-URLENCODED", "",
	}
	otherTypes = []string{
		"", "text/plain", "application/json", "application/xml", "multipart/form-data",
		"multipart/form-data; boundary=", "multipart/form-data; boundary=\"unclosed", "multipart/mixed; boundary=x",
		"application/x-www-form-urlencoded", "\x00\xff", ";;;=", "text/html; charset=utf-7",
	}
	brokenForms = []string{
		"%", "%zz=1", "a=%", "=", "==&&==", "&&&", "_csrf", "_csrf=&_csrf=", "code=%00%00",
		"pseudo=%ff%fe", "message=%C0%AF", "retour=%2F%2Fevil.example", "a[]=1&a[]=2", "%E2%82=x", "+=+",
	}
)

// request draws the common part of a request to route: the path with its
// parameters, the browser it comes from, cookies (as the browser has them,
// when browser is set) and headers. It returns the actor and the procedure
// the path names, if real.
func (f *fuzzer) request(method, route string, browser bool) (*fuzzRequest, fuzzActor, *procedure.Procedure) {
	a := f.actors[f.rnd.IntN(len(f.actors))]
	r := &fuzzRequest{method: method, host: "example.com", header: http.Header{}, actor: a.name}
	p := a.proc
	if p == nil || f.rnd.IntN(3) == 0 {
		p = f.ta.procs[f.rnd.IntN(len(f.ta.procs))]
	}
	var named *procedure.Procedure
	r.target = paramRE.ReplaceAllStringFunc(route, func(param string) string {
		v, real := f.param(strings.Trim(param, ":?"), p, route)
		if param == ":proc" && real {
			named = p
		}
		return v
	})
	f.headers(r)
	f.cookies(r, a, !browser && f.rnd.IntN(2) == 0)
	return r, a, named
}

var paramRE = regexp.MustCompile(`:[A-Za-z]+\??`)

// param draws a value for a route parameter: mostly a real one, else a
// bogus one. It reports whether the value is real.
func (f *fuzzer) param(name string, p *procedure.Procedure, route string) (string, bool) {
	if f.rnd.IntN(5) == 0 {
		return f.bogusSegment(), false
	}
	switch name {
	case "proc":
		return p.ID, true
	case "step":
		return p.Steps[f.rnd.IntN(len(p.Steps))].ID, true
	case "id":
		if strings.HasSuffix(route, "/flux") {
			// The real dashboard's stream never ends: app.Test would wait
			// for it. stream_test.go reads it over a real connection.
			return f.bogusSegment(), false
		}
		return f.dashboardID, true
	case "learner":
		return f.learnerID, true
	case "code":
		return f.joinCode, true
	case "provider":
		return providers[f.rnd.IntN(len(providers))].ID, true
	case "doc":
		if docs := p.Profiles[0].Documents; len(docs) > 0 {
			return docs[f.rnd.IntN(len(docs))].Key(), true
		}
	case "lang":
		return f.pick(f.ta.locales.Languages()), true
	case "theme", "file":
		parts := strings.Split(f.pick(f.static), "/") // "", "static", theme, file
		if name == "theme" {
			return parts[2], true
		}
		return parts[3], true
	}
	return f.bogusSegment(), false
}

// bogusSegment is a path segment no route knows, escaped to stay one segment.
func (f *fuzzer) bogusSegment() string {
	return url.PathEscape(f.pick([]string{
		"x", "..", ".", "%", strings.Repeat("x", 43), strings.Repeat("é", 300), "\x00", "\xff\xfe",
		"AAAAAA", "0", "-1", "caf-declaration-trimestrielle ", "__proto__", "{{.}}", f.garbage(20),
	}))
}

// fields draws a form: real field names (the sandbox's, the procedure's)
// and random ones, with real, odd, invalid and long values, keys repeated.
func (f *fuzzer) fields(p *procedure.Procedure) url.Values {
	names := slices.Concat(fuzzFieldNames, displayOptions)
	if p != nil {
		for _, st := range p.Steps {
			for _, fd := range st.Fields {
				names = append(names, fd.Keys()...)
			}
		}
	}
	form := url.Values{}
	for range f.rnd.IntN(12) {
		name := f.pick(names)
		if f.rnd.IntN(5) == 0 {
			name = f.garbage(1 + f.rnd.IntN(30))
		}
		for range 1 + f.rnd.IntN(2)*f.rnd.IntN(4) {
			form.Add(name, f.value(p))
		}
	}
	return form
}

var fuzzFieldNames = []string{
	"code", "pseudo", "message", "retour", "profil", "profils", "mode", "demarches", "duree", "bloque",
	"attribution", "mot_de_passe", "courriel", "confirmation", "choix", "genre", "attestation", "note",
	"commentaire", "aide", "arret", "reponses", "renvoyer", "piece", "q", "case", "identifiant", "cle",
}

// value draws a field's value.
func (f *fuzzer) value(p *procedure.Procedure) string {
	switch f.rnd.IntN(14) {
	case 0:
		return ""
	case 1:
		return f.garbage(f.rnd.IntN(60))
	case 2:
		// NIR-like: right length, wrong or right key, spaces or not.
		nir := fmt.Sprintf("%d%02d%02d%02d%03d%03d%02d", 1+f.rnd.IntN(2), f.rnd.IntN(100), f.rnd.IntN(14), f.rnd.IntN(100),
			f.rnd.IntN(1000), f.rnd.IntN(1000), f.rnd.IntN(100))
		return f.pick([]string{nir, nir[:13], nir + "0", "2A" + nir[2:], strings.Join(strings.SplitAfter(nir, ""), " ")})
	case 3:
		return f.pick([]string{"0", "-1", "99999999999999999999999", "1e309", "NaN", "-0", "0x10", "1,5", "1 000,00", "٣", "60", "5", "240"})
	case 4:
		return f.pick([]string{"2026-02-30", "31/12/9999", "0000-00-00", "1900-01-01", "2026-11-22", "22/11/2026", "-2026-01-01"})
	case 5:
		return f.pick([]string{"kevin@exemple.fr", "a@b", "@", "x@" + strings.Repeat("y", 300) + ".fr", gatePassword, "Aa1!"})
	case 6:
		return f.pick([]string{"/", "//evil.example", "/\\evil.example", "https://evil.example/", "javascript:alert(1)", "/demarches/" + cafID + "/", "/%0d%0aSet-Cookie:x=y", "/?retour=/"})
	case 7:
		return f.pick([]string{"true", "false", "on", "guide", "autonome", "libre", "attribue", "indice", "site", "identipass", "impots", "oui", "non", "1"})
	case 8:
		ids := []string{f.joinCode, strings.ToLower(f.joinCode), f.dashboardID, f.learnerID, cafID, cafID + "/kevin"}
		if p != nil {
			for _, pr := range p.Profiles {
				ids = append(ids, pr.ID)
			}
			for _, st := range p.Steps {
				ids = append(ids, st.ID)
			}
		}
		return f.pick(ids)
	case 9:
		return strings.Repeat(f.pick([]string{"a", "é", "😀", "\x00", "\u202e", "e\u0301", "\xed\xa0\x80", " "}), 1+f.rnd.IntN(2000))
	case 10:
		return strings.Repeat("x", 1+f.rnd.IntN(20_000))
	case 11:
		return f.pick([]string{"<script>alert(1)</script>", "{{.}}", "%s%n%x", "\"'><", "${7*7}", "\r\n\r\n", "A\x00B"})
	default:
		return fmt.Sprintf("mot%d", f.rnd.IntN(1000))
	}
}

// garbage is n random bytes: invalid UTF-8, NUL and controls included.
func (f *fuzzer) garbage(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(f.rnd.UintN(256))
	}
	return string(b)
}

// queryGarbage keeps what a request line can carry: no space, CR, LF or #.
func queryGarbage(s string) string {
	return strings.Map(func(r rune) rune {
		if r <= ' ' || r == '#' || r == 0x7f {
			return 'q'
		}
		return r
	}, s)
}

// multipart draws a multipart body: the form with files, broken unless
// whole is set (a boundary that is not the body's, a cut body, no
// boundary at all).
func (f *fuzzer) multipart(fields url.Values, p *procedure.Procedure, whole bool) ([]byte, []string) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, vs := range fields {
		for _, v := range vs {
			_ = w.WriteField(k, v)
		}
	}
	fileFields := []string{"piece", "x"}
	if p != nil {
		for _, st := range p.Steps {
			for _, fd := range st.Fields {
				if fd.Type == "file" {
					fileFields = append(fileFields, fd.ID)
				}
			}
		}
	}
	for range f.rnd.IntN(3) {
		name := f.pick([]string{"scan.pdf", "photo.jpg", "../../etc/passwd", "\x00.pdf", "", strings.Repeat("n", 500) + ".png", "a\xff.gif"})
		part, err := w.CreateFormFile(f.pick(fileFields), name)
		if err != nil {
			f.t.Fatal(err)
		}
		_, _ = part.Write([]byte(f.pick([]string{"%PDF-1.4\n", "\x89PNG\r\n\x1a\n", "\xff\xd8\xff", ""}) + strings.Repeat("\x00", f.rnd.IntN(100_000))))
	}
	_ = w.Close()
	body, ct := buf.Bytes(), w.FormDataContentType()
	if whole {
		return body, []string{ct}
	}
	switch f.rnd.IntN(4) {
	case 0:
		ct = "multipart/form-data; boundary=not-the-body-s"
	case 1:
		body = body[:f.rnd.IntN(len(body)+1)]
	case 2:
		ct = "multipart/form-data"
	}
	return body, []string{ct}
}

// token draws the form token a request carries: mostly the actor's own,
// read from its page, or one made for the cookies the request really
// sends (a planted session id), else garbage.
func (f *fuzzer) token(a fuzzActor, r *fuzzRequest) string {
	switch f.rnd.IntN(6) {
	case 0:
		secret, session := r.cookie(csrfCookie), r.cookie(sessionCookie)
		return f.ta.srv.tokenOf(secret, session)
	case 1:
		return f.pick([]string{"", "x", strings.Repeat("A", 43), a.token + "x", f.garbage(43)})
	}
	return a.token
}

// cookie is the value the request sends for one of the sandbox's cookies,
// under the name the server reads given X-Forwarded-Proto.
func (r *fuzzRequest) cookie(name string) string {
	if r.header.Get("X-Forwarded-Proto") == "https" {
		name = "__Host-" + name
	}
	prefix := name + "="
	for _, line := range r.header["Cookie"] {
		for _, kv := range strings.Split(line, ";") {
			if v, ok := strings.CutPrefix(strings.TrimSpace(kv), prefix); ok {
				return v
			}
		}
	}
	return ""
}

// cookies sends the actor's cookies under the names the server reads or,
// when changed, some dropped, made garbage, doubled, under the wrong
// prefix, and the sandbox's choice cookies set to random values.
func (f *fuzzer) cookies(r *fuzzRequest, a fuzzActor, changed bool) {
	var pairs []string
	https := r.header.Get("X-Forwarded-Proto") == "https"
	for _, name := range []string{sessionCookie, csrfCookie, langCookie, displayCookie, translationCookie} {
		v, ok := a.cookies[name]
		prefixed := https
		if changed {
			switch f.rnd.IntN(5) {
			case 0:
				ok = false
			case 1:
				v, ok = f.pick([]string{"", strings.Repeat("A", 43), strings.Repeat("A", 22), "ar", "grand.contraste.espace", "1", cookieGarbage(f.garbage(f.rnd.IntN(60)))}), true
			case 2:
				if ok {
					pairs = append(pairs, name+"="+cookieGarbage(f.garbage(10)))
				}
			case 3:
				prefixed = !prefixed
			}
		}
		if !ok {
			continue
		}
		if prefixed {
			name = "__Host-" + name
		}
		pairs = append(pairs, name+"="+v)
	}
	if changed && f.rnd.IntN(3) == 0 {
		pairs = append(pairs, cookieGarbage(f.garbage(f.rnd.IntN(40)))+"="+strings.Repeat("z", f.rnd.IntN(2000)))
	}
	f.rnd.Shuffle(len(pairs), func(i, j int) { pairs[i], pairs[j] = pairs[j], pairs[i] })
	if len(pairs) > 0 {
		r.header.Set("Cookie", strings.Join(pairs, "; "))
	}
}

// cookieGarbage keeps garbage within one cookie: no separator, CR or LF.
func cookieGarbage(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ';' || r == '\r' || r == '\n' {
			return '_'
		}
		return r
	}, s)
}

// headers draws the request's headers, long ones within the read buffer.
func (f *fuzzer) headers(r *fuzzRequest) {
	set := func(name string, values ...string) {
		if f.rnd.IntN(3) == 0 {
			r.header.Set(name, f.pick(values))
		}
	}
	set("X-Forwarded-Proto", "https", "https", "http", "ftp", "https, http", f.garbage(8))
	set("X-Forwarded-For", "203.0.113.7", fmt.Sprintf("198.51.100.%d", f.rnd.IntN(256)), "::1", "unknown", "1.1.1.1, 2.2.2.2, 3.3.3.3", "999.999.999.999", f.garbage(20))
	set("X-Forwarded-Host", "evil.example", "", f.garbage(12))
	set("Accept-Language", "fr-FR,fr;q=0.9", "ar", "en;q=abc,,,", "*;q=2", "zz-ZZ", ";;;", strings.Repeat("fr-FR;q=0.1, ", 200), f.garbage(40))
	set("Accept-Encoding", "gzip", "br", "gzip;q=0, *", "deflate, x-garbage", f.garbage(10))
	set("Accept", "text/html", "*/*", "application/json", "text/event-stream", f.garbage(10))
	set("Referer", "https://evil.example/", "/demarches/", f.garbage(30))
	set("Origin", "null", "https://evil.example", "http://example.com")
	set("User-Agent", "", strings.Repeat("Mozilla/5.0 ", 300), f.garbage(50))
	set("If-None-Match", `"x"`, "*", f.garbage(20))
	set("If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT", "garbage")
	set("Range", "bytes=0-0", "bytes=-1", "bytes=99999999-", "lines=1-2")
	set("X-Requested-With", "XMLHttpRequest")
	set("Last-Event-ID", "-1", f.garbage(20))
	if f.rnd.IntN(8) == 0 {
		r.header.Set("X-"+queryGarbage(f.garbage(8)), strings.Repeat("v", f.rnd.IntN(3000)))
	}
	if f.rnd.IntN(15) == 0 {
		r.host = f.pick([]string{"", "evil.example", "example.com:99999", "[::1]:80", strings.Repeat("h", 200)})
	}
	size := 0
	for k, vs := range r.header {
		for _, v := range vs {
			size += len(k) + len(v) + 4
		}
	}
	if size > fuzzHeaderBudget-2500 { // room for the cookies and the request line
		r.header.Del("User-Agent")
		r.header.Del("Accept-Language")
	}
}

func (f *fuzzer) pick(values []string) string { return values[f.rnd.IntN(len(values))] }
