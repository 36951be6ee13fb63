package web

import (
	"context"
	"fmt"
	"html"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/procedure"
)

var summaryLinkRE = regexp.MustCompile(`<li><a href="#([^"]+)">`)

// TestScenariosThroughTheWeb plays every scenario of every bundled
// procedure as a browser without JavaScript would: forms posted step by
// step, redirects followed, errors read from the error summary.
//
// Under the race detector, which looks for data races in the handlers and
// not for the procedures' rules, it plays one scenario of each kind per
// procedure (one that is refused on a step, one that ends at an exit, one
// that reaches the receipt, one with warnings): every handler and path is
// still run, in a fifth of the time. .ci/run's other pass of this package,
// without -race, plays them all.
func TestScenariosThroughTheWeb(t *testing.T) {
	ta := newTestApp(t)
	played, total := 0, 0
	for _, p := range ta.procs {
		kinds := map[string]bool{}
		for _, sc := range p.Scenarios {
			total++
			kind := fmt.Sprintf("%t %t %t", sc.Expect.StaysOn != "", sc.Expect.Reaches == procedure.StepReceipt, len(sc.Expect.Warnings) > 0)
			if raceDetector && kinds[kind] {
				continue
			}
			kinds[kind] = true
			played++
			t.Run(p.ID+"/"+sc.Name, func(t *testing.T) {
				playWeb(t, ta, p, sc)
			})
		}
	}
	t.Logf("%d of %d scenarios played through the web", played, total)
}

func playWeb(t *testing.T, ta *testApp, p *procedure.Procedure, sc *procedure.Scenario) {
	c := ta.client(t)
	answers := ta.engine.ScenarioAnswers(p, sc)
	var page response
	if len(sc.OwnData.Map) > 0 {
		page = c.beginOwn(p, ta.engine.Answers(p, sc.OwnData))
	} else {
		page = c.begin(p, sc.Profile)
	}
	at := stepURL(p, p.Steps[0])
	want := sc.Expect.Reaches + sc.Expect.StaysOn
	// The page sends what the site pre-filled, unless the scenario changes it.
	for id, v := range ta.attemptOf(t, c, p.ID).Prefilled {
		if _, ok := answers[id]; !ok {
			answers[id] = v
		}
	}
	var warned []string
	defer func() {
		if !t.Failed() && strings.Join(warned, ",") != strings.Join(sc.Expect.Warnings, ",") {
			t.Errorf("warnings confirmed through the web: %v, expected %v", warned, sc.Expect.Warnings)
		}
	}()
	tried := map[string]bool{}
	for range len(p.Steps) + 3 {
		// Every page a learner sees keeps to the budget of a bad connection.
		if n := gzipSize(t, []byte(page.body)); n > 10*1024 {
			t.Errorf("%s weighs %d B gzipped, budget 10 KB", at, n)
		}
		noRawExpr(t, at, page.body)
		switch {
		case strings.Contains(at, "/etapes/"):
			st := p.Step(at[strings.LastIndex(at, "/")+1:])
			if !tried[st.ID] {
				tried[st.ID] = true
				postMistakes(t, ta, c, p, sc, st, answers)
			}
			form, files := stepForm(st, answers), stepFiles(st, answers)
			var res response
			if files != nil {
				res = c.postFiles(at, form, files)
			} else {
				res = c.post(at, form)
			}
			if res.status != 303 {
				t.Fatalf("posting %s: status %d", st.ID, res.status)
			}
			if res.location == at {
				if a := ta.attemptOf(t, c, p.ID); a.Warned(st) {
					// "Confirmer", as the scenario's learner does.
					if !strings.Contains(c.follow(res).body, `name="confirmer" value="1"`) {
						t.Fatalf("warning on %s without Confirmer", st.ID)
					}
					for _, is := range a.Steps[st.ID].Issues {
						warned = append(warned, is.Key)
					}
					res = c.post(at, url.Values{"confirmer": {"1"}})
				}
			}
			if res.location != at {
				at, page = res.location, c.follow(res)
				continue
			}
			page = c.follow(res)
			if st.Exit && (!strings.Contains(page.body, `class="guide guide-end"`) || strings.Contains(page.body, `action="`+at+`"`)) {
				t.Errorf("exit step %s: no end-of-path box, or a form to go on", st.ID)
			}
			if want != st.ID {
				t.Fatalf("stayed on %s, expected %s; page says:\n%s", st.ID, want, summaryText(page.body))
			}
			checkSummary(t, page.body, sc.Expect.Errors)
			return
		case strings.HasSuffix(at, "/connexion/code"):
			// The code after the site's own login, read on the phone.
			if p.Traps.SMSCodeAfter == "" || !strings.Contains(page.body, `href="/demarches/`+p.ID+`/telephone"`) {
				t.Fatalf("unexpected code page, or no link to the simulated phone")
			}
			next := c.typeCode(p)
			at, page = next.location, c.follow(next)
		case strings.HasSuffix(at, "/recapitulatif"):
			if !strings.Contains(page.body, `class="summary"`) {
				t.Fatalf("review page without answers:\n%s", page.body)
			}
			if want == procedure.StepReview {
				playFollowUp(t, ta, c, p, sc)
				return
			}
			res := c.post("/demarches/"+p.ID+"/valider", url.Values{"attestation": {"true"}})
			at, page = res.location, c.follow(res)
		case strings.HasSuffix(at, "/indisponible"):
			if !p.Traps.Unavailable || !strings.Contains(page.body, "Service temporairement indisponible") {
				t.Fatalf("unexpected 'service indisponible' page")
			}
			res := c.post("/demarches/"+p.ID+"/valider", url.Values{"attestation": {"true"}})
			at, page = res.location, c.follow(res)
		case strings.HasSuffix(at, "/recepisse"):
			if want != procedure.StepReceipt {
				t.Fatalf("reached the receipt, expected %s", want)
			}
			if !strings.Contains(page.body, `class="dossier"`) {
				t.Fatalf("receipt without a dossier number:\n%s", page.body)
			}
			if p.Receipt.QR && !strings.Contains(page.body, `<svg class="qr" role="img"`) {
				t.Errorf("receipt without its QR code")
			}
			if p.Receipt.QR {
				// The pré-demande's PDF, printed for the mairie, carries it too.
				if res := c.get("/demarches/" + p.ID + "/recepisse.pdf"); !hasImage(res.body) {
					t.Errorf("the récépissé PDF has no QR code")
				}
			}
			playFollowUp(t, ta, c, p, sc)
			checkProducedDownloads(t, ta, c, p, sc)
			return
		default:
			t.Fatalf("unexpected page %s", at)
		}
	}
	t.Fatalf("scenario did not end")
}

// postMistakes types each of the scenario's mistakes that concerns step
// st, as engine.Play does; each must keep the learner on the step.
func postMistakes(t *testing.T, ta *testApp, c *client, p *procedure.Procedure, sc *procedure.Scenario, st *procedure.Step, answers map[string]string) {
	t.Helper()
	at := stepURL(p, st)
	for i := range sc.Mistakes {
		m := ta.engine.Answers(p, sc.Mistakes[i])
		merged := maps.Clone(answers)
		touches := false
		for _, f := range st.Fields {
			for _, k := range f.Keys() {
				if v, ok := m[k]; ok {
					merged[k], touches = v, true
				}
			}
		}
		if !touches {
			continue
		}
		if res := c.post(at, stepForm(st, merged)); res.location != at {
			t.Fatalf("mistake %d on %s was accepted: went to %s", i+1, st.ID, res.location)
		}
	}
	for _, id := range sc.Expect.ShowMe {
		if p.Field(id) != nil && slices.Contains(st.Fields, p.Field(id)) && !strings.Contains(c.get(at).body, "Montrez-moi") {
			t.Errorf("after the mistakes on %s, no \"Montrez-moi\" for %s", st.ID, id)
		}
	}
}

// stepForm is what a learner types on step st: the scenario's answers for
// its fields, boxes ticked one value at a time.
func stepForm(st *procedure.Step, answers map[string]string) url.Values {
	form := url.Values{}
	for _, f := range st.Fields {
		if f.IsGroup() {
			// A group's answers are its items' id.N.sub keys.
			for key, v := range answers {
				if strings.HasPrefix(key, f.ID+".") {
					form.Set(key, v)
				}
			}
			continue
		}
		for _, key := range f.Keys() {
			v, ok := answers[key]
			if !ok || f.Type == "file" {
				continue
			}
			if f.Type == "checkbox" && len(f.Options) > 0 {
				form[key] = strings.Split(v, ",")
				continue
			}
			form.Set(key, v)
		}
	}
	return form
}

// stepFiles are the files a learner uploads on st, nil when it has no file field.
func stepFiles(st *procedure.Step, answers map[string]string) map[string]string {
	var files map[string]string
	for _, f := range st.Fields {
		if f.Type != "file" {
			continue
		}
		if files == nil {
			files = map[string]string{}
		}
		if v, ok := answers[f.ID]; ok && v != "" {
			files[f.ID] = v
		}
	}
	return files
}

// checkSummary compares the error summary's links with the expected errors.
func checkSummary(t *testing.T, body string, want map[string]string) {
	t.Helper()
	var got []string
	for _, m := range summaryLinkRE.FindAllStringSubmatch(body, -1) {
		got = append(got, m[1])
	}
	if len(got) != len(want) {
		t.Fatalf("error summary has %d links %v, expected %d (%v)", len(got), got, len(want), want)
	}
	for key := range want {
		if key == procedure.StepIssue {
			continue
		}
		if !slices.Contains(got, fieldID(key)) {
			t.Errorf("error summary lacks a link to %s: %v", fieldID(key), got)
		}
		if !strings.Contains(body, `id="`+fieldID(key)+`-erreur"`) {
			t.Errorf("no error message next to field %s", key)
		}
	}
}

func summaryText(body string) string {
	if i := strings.Index(body, `class="error-summary"`); i >= 0 {
		return body[i:min(len(body), i+800)]
	}
	return "(no error summary)"
}

// playFollowUp lives the follow-up through the dossier page as a patient
// learner would: "Avancer le temps" until nothing is to come, each
// document request answered with a file it accepts. It then compares the
// status shown and the events the store's attempt has met.
func playFollowUp(t *testing.T, ta *testApp, c *client, p *procedure.Procedure, sc *procedure.Scenario) {
	t.Helper()
	if p.FollowUp == nil || (sc.Expect.Status == "" && sc.Expect.Events == nil && sc.Expect.Documents == nil) {
		return
	}
	page := c.get(dossierURL(p))
	for range 2*len(p.FollowUp.Events) + 2 {
		if n := gzipSize(t, []byte(page.body)); n > 10*1024 {
			t.Errorf("the dossier page weighs %d B gzipped, budget 10 KB", n)
		}
		noRawExpr(t, dossierURL(p), page.body)
		switch {
		case strings.Contains(page.body, `action="`+dossierURL(p)+`/piece"`):
			d := dossierOf(t, ta, c, p)
			res := c.postFiles(dossierURL(p)+"/piece", url.Values{}, map[string]string{"piece": "piece." + d.Pending.Event.Request.Accept[0] + "|1000"})
			page = c.follow(res)
		case strings.Contains(page.body, `action="`+dossierURL(p)+`/avancer"`):
			page = c.follow(c.post(dossierURL(p)+"/avancer", nil))
		default:
			d := dossierOf(t, ta, c, p)
			if got := strings.Join(d.IDs(), ","); sc.Expect.Events != nil && got != strings.Join(sc.Expect.Events, ",") {
				t.Errorf("follow-up events [%s], expected %v", got, sc.Expect.Events)
			}
			noRawExpr(t, "Mon espace", c.get("/mon-espace").body)
			if sc.Expect.Status != "" {
				label := ta.locales.Translator("fr").T("site.follow.status." + sc.Expect.Status)
				if d.Label != "" {
					label = d.Label
				}
				if d.Status != sc.Expect.Status || !strings.Contains(page.body, `<strong class="status">`+html.EscapeString(label)+`</strong>`) {
					t.Errorf("follow-up ended with status %q, expected %q shown as %q", d.Status, sc.Expect.Status, label)
				}
			}
			return
		}
	}
	t.Fatalf("the follow-up did not end")
}

// dossierOf reads the learner's dossier from the store.
func dossierOf(t *testing.T, ta *testApp, c *client, p *procedure.Procedure) *engine.Dossier {
	t.Helper()
	sess, err := ta.store.Get(context.Background(), c.cookies[sessionCookie])
	if err != nil {
		t.Fatal(err)
	}
	d, err := ta.engine.Dossier(p, sess.Attempts[p.ID])
	if err != nil {
		t.Fatal(err)
	}
	return d
}
