package web

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/repetition-demarches/repetition/server/procedure"
)

var summaryLinkRE = regexp.MustCompile(`<li><a href="#([^"]+)">`)

// TestScenariosThroughTheWeb plays every scenario of every bundled
// procedure as a browser without JavaScript would: forms posted step by
// step, redirects followed, errors read from the error summary.
func TestScenariosThroughTheWeb(t *testing.T) {
	ta := newTestApp(t)
	for _, p := range ta.procs {
		for _, sc := range p.Scenarios {
			t.Run(p.ID+"/"+sc.Name, func(t *testing.T) {
				playWeb(t, ta, p, sc)
			})
		}
	}
}

func playWeb(t *testing.T, ta *testApp, p *procedure.Procedure, sc *procedure.Scenario) {
	c := ta.client(t)
	answers := ta.engine.ScenarioAnswers(p, sc)
	page := c.begin(p, sc.Profile)
	at := stepURL(p, p.Steps[0])
	want := sc.Expect.Reaches + sc.Expect.StaysOn
	for range len(p.Steps) + 2 {
		// Every page a learner sees keeps to the budget of a bad connection.
		if n := gzipSize(t, []byte(page.body)); n > 10*1024 {
			t.Errorf("%s weighs %d B gzipped, budget 10 KB", at, n)
		}
		switch {
		case strings.Contains(at, "/etapes/"):
			st := p.Step(at[strings.LastIndex(at, "/")+1:])
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
		case strings.HasSuffix(at, "/recapitulatif"):
			if !strings.Contains(page.body, `class="summary"`) {
				t.Fatalf("review page without answers:\n%s", page.body)
			}
			if want == procedure.StepReview {
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
			return
		default:
			t.Fatalf("unexpected page %s", at)
		}
	}
	t.Fatalf("scenario did not end")
}

// stepForm is what a learner types on step st: the scenario's answers for
// its fields, boxes ticked one value at a time.
func stepForm(st *procedure.Step, answers map[string]string) url.Values {
	form := url.Values{}
	for _, f := range st.Fields {
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
