// Package load plays a room-sized load against a running sandbox: mediators
// open trainings, learners join them and walk the Caf declaration while
// every dashboard listens to its stream. It reports the errors, the
// latency of the learners' requests and how long each step took to show
// on the mediator's dashboard.
package load

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/procedure"
)

// Config is the shape of the load.
type Config struct {
	Base       string // the sandbox's address, http://127.0.0.1:PORT
	Sessions   int    // trainings, each with its dashboard listening
	Learners   int    // learners per training
	Think      time.Duration
	Procedure  string
	Profile    string
	Steps      []Step // the steps each learner posts, in order
	Submit     bool
	StartDelay time.Duration // learners start spread over this time
}

// Step is one step's path and the form a learner sends, with a wrong
// answer sent first when Wrong is set.
type Step struct {
	ID    string
	Form  url.Values
	Wrong url.Values
}

// Report is what a run measured.
type Report struct {
	Requests        int
	Errors          int
	ErrorSamples    []string
	Duration        time.Duration
	Latency         Percentiles // of the learners' requests
	DashboardDelay  Percentiles // from sending a step to seeing it on the dashboard
	Delays          int         // steps seen on a dashboard
	DelayByStep     map[string]Percentiles
	Missed          int // steps never seen on a dashboard
	DashboardEvents int
}

// Percentiles of a set of durations.
type Percentiles struct{ P50, P95, P99, Max time.Duration }

func percentiles(ds []time.Duration) Percentiles {
	if len(ds) == 0 {
		return Percentiles{}
	}
	slices.Sort(ds)
	at := func(q float64) time.Duration { return ds[min(len(ds)-1, int(q*float64(len(ds))))] }
	return Percentiles{P50: at(.50), P95: at(.95), P99: at(.99), Max: ds[len(ds)-1]}
}

func (p Percentiles) String() string {
	r := func(d time.Duration) time.Duration { return d.Round(100 * time.Microsecond) }
	return fmt.Sprintf("p50 %v, p95 %v, p99 %v, max %v", r(p.P50), r(p.P95), r(p.P99), r(p.Max))
}

// run holds what the goroutines share.
type run struct {
	cfg      Config
	mu       sync.Mutex
	lat      []time.Duration
	errs     []string
	requests atomic.Int64
	posted   map[string]time.Time // "pseudo|marker" → when the step was sent
	seen     map[string]time.Time // "pseudo|marker" → first seen on a dashboard
	events   atomic.Int64
}

func (r *run) fail(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

// Run plays the load and reports; ctx bounds it.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	r := &run{cfg: cfg, posted: map[string]time.Time{}, seen: map[string]time.Time{}}
	started := time.Now()
	streamCtx, stopStreams := context.WithCancel(ctx)
	defer stopStreams()
	var streams, learners sync.WaitGroup
	codes := make([]string, cfg.Sessions)
	for i := range cfg.Sessions {
		dashboard, code, err := r.openTraining(ctx)
		if err != nil {
			return nil, fmt.Errorf("opening training %d: %w", i, err)
		}
		codes[i] = code
		ready := make(chan struct{})
		streams.Add(1)
		go func() {
			defer streams.Done()
			r.listen(streamCtx, dashboard, ready)
		}()
		select {
		case <-ready:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	for i, code := range codes {
		for j := range cfg.Learners {
			learners.Add(1)
			go func() {
				defer learners.Done()
				if cfg.StartDelay > 0 {
					sleep(ctx, rand.N(cfg.StartDelay))
				}
				r.learn(ctx, code, fmt.Sprintf("s%02d-l%02d", i, j))
			}()
		}
	}
	learners.Wait()
	// Give the streams a moment for the last steps, then stop them.
	sleep(ctx, 2*time.Second)
	stopStreams()
	streams.Wait()

	rep := &Report{Duration: time.Since(started), Requests: int(r.requests.Load()), DashboardEvents: int(r.events.Load())}
	r.mu.Lock()
	defer r.mu.Unlock()
	rep.Errors = len(r.errs)
	rep.ErrorSamples = r.errs[:min(len(r.errs), 10)]
	rep.Latency = percentiles(r.lat)
	var delays []time.Duration
	byStep := map[string][]time.Duration{}
	for k, sent := range r.posted {
		if at, ok := r.seen[k]; ok {
			d := max(0, at.Sub(sent))
			delays = append(delays, d)
			_, marker, _ := strings.Cut(k, "|")
			byStep[marker] = append(byStep[marker], d)
		} else {
			rep.Missed++
		}
	}
	rep.DelayByStep = map[string]Percentiles{}
	for m, ds := range byStep {
		rep.DelayByStep[m] = percentiles(ds)
	}
	rep.Delays = len(delays)
	rep.DashboardDelay = percentiles(delays)
	return rep, nil
}

func sleep(ctx context.Context, d time.Duration) {
	select {
	case <-time.After(d):
	case <-ctx.Done():
	}
}

// client is one browser: cookies, and the CSRF token of the last page.
type client struct {
	r    *run
	http *http.Client
	csrf string
}

var csrfRE = regexp.MustCompile(`name="_csrf" value="([^"]*)"`)

func (r *run) newClient() *client {
	jar, _ := cookiejar.New(nil)
	return &client{r: r, http: &http.Client{Jar: jar, Timeout: 15 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// do sends a request, timing it, and checks its status.
func (c *client) do(ctx context.Context, method, path string, form url.Values, want int) (string, *http.Response, error) {
	var body io.Reader
	if form != nil {
		form.Set("_csrf", c.csrf)
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, c.r.cfg.Base+path, body)
	if err != nil {
		return "", nil, err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	start := time.Now()
	res, err := c.http.Do(req)
	if err != nil {
		return "", nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	data, err := io.ReadAll(res.Body)
	res.Body.Close()
	took := time.Since(start)
	c.r.requests.Add(1)
	c.r.mu.Lock()
	c.r.lat = append(c.r.lat, took)
	c.r.mu.Unlock()
	if err != nil {
		return "", nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	if res.StatusCode != want {
		return "", nil, fmt.Errorf("%s %s: status %d, want %d", method, path, res.StatusCode, want)
	}
	if m := csrfRE.FindSubmatch(data); m != nil {
		c.csrf = string(m[1])
	}
	return string(data), res, nil
}

var dashboardRE = regexp.MustCompile(`^/animer/s/[A-Za-z0-9_-]{43}$`)
var codeRE = regexp.MustCompile(`/projection/([A-Z0-9]{6})`)

func (r *run) openTraining(ctx context.Context) (dashboard, code string, err error) {
	c := r.newClient()
	if _, _, err := c.do(ctx, "GET", "/animer", nil, http.StatusOK); err != nil {
		return "", "", err
	}
	_, res, err := c.do(ctx, "POST", "/animer", url.Values{
		"demarches": {r.cfg.Procedure}, "mode": {"guide"}, "duree": {"120"}, "bloque": {"5"},
		"profils": {r.cfg.Procedure + "/" + r.cfg.Profile}, "attribution": {"attribue"},
	}, http.StatusSeeOther)
	if err != nil {
		return "", "", err
	}
	dashboard = res.Header.Get("Location")
	if !dashboardRE.MatchString(dashboard) {
		return "", "", fmt.Errorf("created training lands on %q", dashboard)
	}
	page, _, err := c.do(ctx, "GET", dashboard, nil, http.StatusOK)
	if err != nil {
		return "", "", err
	}
	m := codeRE.FindStringSubmatch(page)
	if m == nil {
		return "", "", errors.New("no join code on the dashboard")
	}
	return dashboard, m[1], nil
}

// learn is one learner: join, start, post each step (a wrong answer
// first where the step has one), submit.
func (r *run) learn(ctx context.Context, code, pseudo string) {
	c := r.newClient()
	think := func() {
		if r.cfg.Think > 0 {
			sleep(ctx, r.cfg.Think/2+rand.N(r.cfg.Think))
		}
	}
	step := func(method, path string, form url.Values, want int) bool {
		if _, _, err := c.do(ctx, method, path, form, want); err != nil {
			if ctx.Err() == nil {
				r.fail("%s: %v", pseudo, err)
			}
			return false
		}
		think()
		return true
	}
	proc := "/demarches/" + r.cfg.Procedure + "/"
	if !step("GET", "/rejoindre?code="+code, nil, http.StatusOK) ||
		!step("POST", "/rejoindre", url.Values{"code": {code}, "pseudo": {pseudo}}, http.StatusSeeOther) ||
		!step("GET", proc, nil, http.StatusOK) ||
		!step("POST", proc+"commencer", url.Values{"profil": {r.cfg.Profile}, "reponses": {"remplies"}}, http.StatusSeeOther) {
		return
	}
	for i, st := range r.cfg.Steps {
		path := proc + "etapes/" + st.ID
		if !step("GET", path, nil, http.StatusOK) {
			return
		}
		if st.Wrong != nil && !step("POST", path, cloneForm(st.Wrong), http.StatusSeeOther) {
			return
		}
		// The dashboard then shows the next step: "(n/total)", or the review.
		marker := fmt.Sprintf("(%d/", i+2)
		if i == len(r.cfg.Steps)-1 {
			marker = "review"
		}
		r.mu.Lock()
		r.posted[pseudo+"|"+marker] = time.Now()
		r.mu.Unlock()
		_, res, err := c.do(ctx, "POST", path, cloneForm(st.Form), http.StatusSeeOther)
		if err != nil {
			if ctx.Err() == nil {
				r.fail("%s: %v", pseudo, err)
			}
			return
		}
		think()
		// A site that asks for the code sent by SMS after its login: the
		// learner reads it on the simulated phone and types it.
		if strings.HasSuffix(res.Header.Get("Location"), "/connexion/code") {
			phone, _, err := c.do(ctx, "GET", proc+"telephone", nil, http.StatusOK)
			m := phoneCodeRE.FindStringSubmatch(phone)
			if err != nil || m == nil {
				r.fail("%s: no code on the simulated phone (%v)", pseudo, err)
				return
			}
			// The login step is done once the code is typed: the dashboard
			// moves on then.
			r.mu.Lock()
			r.posted[pseudo+"|"+marker] = time.Now()
			r.mu.Unlock()
			if !step("POST", proc+"connexion/code", url.Values{"code": {m[1]}}, http.StatusSeeOther) {
				return
			}
		}
	}
	if !r.cfg.Submit || !step("GET", proc+"recapitulatif", nil, http.StatusOK) {
		return
	}
	r.mu.Lock()
	r.posted[pseudo+"|done"] = time.Now()
	r.mu.Unlock()
	if !step("POST", proc+"valider", url.Values{"attestation": {"true"}}, http.StatusSeeOther) {
		return
	}
	step("GET", proc+"recepisse", nil, http.StatusOK)
}

func cloneForm(f url.Values) url.Values {
	c := url.Values{}
	for k, v := range f {
		c[k] = slices.Clone(v)
	}
	return c
}

var phoneCodeRE = regexp.MustCompile(`<strong class="code"[^>]*>(\d{6})</strong>`)

var rowRE = regexp.MustCompile(`(?s)<tr id="apprenant-[^"]*"[^>]*>.*?</tr>`)
var pseudoRE = regexp.MustCompile(`/apprenants/[A-Za-z0-9_-]+">([^<]+)<`)
var stepNumberRE = regexp.MustCompile(`\((\d+)/\d+\)`)

// listen reads a dashboard's stream, noting when each learner's step first
// shows, and opens it again when it ends (as a browser does).
func (r *run) listen(ctx context.Context, dashboard string, ready chan<- struct{}) {
	first := true
	for ctx.Err() == nil {
		req, _ := http.NewRequestWithContext(ctx, "GET", r.cfg.Base+dashboard+"/flux", nil)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			if ctx.Err() == nil {
				r.fail("stream %s: %v", dashboard[:20], err)
				sleep(ctx, time.Second)
			}
			continue
		}
		if res.StatusCode != http.StatusOK {
			r.fail("stream: status %d", res.StatusCode)
			res.Body.Close()
			sleep(ctx, time.Second)
			continue
		}
		if first {
			close(ready)
			first = false
		}
		sc := bufio.NewScanner(res.Body)
		sc.Buffer(make([]byte, 64<<10), 4<<20)
		var data strings.Builder
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "data: "):
				data.WriteString(line[len("data: "):])
				data.WriteByte('\n')
			case line == "" && data.Len() > 0:
				r.saw(data.String(), time.Now())
				data.Reset()
			}
		}
		res.Body.Close()
	}
}

// saw notes the steps shown by an event's rows.
func (r *run) saw(html string, at time.Time) {
	r.events.Add(1)
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, row := range rowRE.FindAllString(html, -1) {
		m := pseudoRE.FindStringSubmatch(row)
		if m == nil {
			continue
		}
		var marker string
		switch {
		case strings.Contains(row, `data-etat="submitted"`):
			marker = "done"
		case strings.Contains(row, `data-etat="review"`):
			marker = "review"
		case strings.Contains(row, `data-etat="step"`) && stepNumberRE.MatchString(row):
			marker = "(" + stepNumberRE.FindStringSubmatch(row)[1] + "/"
		default:
			continue
		}
		k := m[1] + "|" + marker
		if _, ok := r.seen[k]; !ok {
			r.seen[k] = at
		}
	}
}

// StepsOf are the steps a profile's answers lead through, with their forms,
// a wrong answer first on the first one (a refused post, as people make).
func StepsOf(p *procedure.Procedure, eng *engine.Engine, profile string) ([]Step, error) {
	pr := p.Profile(profile)
	if pr == nil {
		return nil, fmt.Errorf("%s has no profile %q", p.ID, profile)
	}
	answers := eng.Answers(p, pr.Answers)
	a := eng.Start(p, profile)
	maps.Copy(a.Answers, answers)
	ev := eng.Eval(p, a)
	var steps []Step
	for _, st := range p.Steps {
		if !ev.StepVisible(st) || st.Exit {
			continue
		}
		form := url.Values{}
		for _, f := range st.Fields {
			for _, key := range f.Keys() {
				v, ok := answers[key]
				switch {
				case !ok || f.Type == "file":
				case f.Type == "checkbox" && len(f.Options) > 0:
					form[key] = strings.Split(v, ",")
				default:
					form.Set(key, v)
				}
			}
		}
		s := Step{ID: st.ID, Form: form}
		if len(steps) == 0 && len(st.Fields) > 0 {
			s.Wrong = cloneForm(form)
			s.Wrong.Set(st.Fields[0].Keys()[0], "?")
		}
		steps = append(steps, s)
	}
	return steps, nil
}
