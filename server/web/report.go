package web

import (
	"bytes"
	"cmp"
	"context"
	"encoding/csv"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/gofiber/fiber/v2"

	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/procedure"
	"github.com/repetition-demarches/repetition/server/store"
)

// The report of a training: where the group struggled, step by step, and
// a short line per learner. Printable, and as CSV for a spreadsheet.

type reportPage struct {
	*Page
	Training *store.Training
	Back     string
	Procs    []procReport
	Learners []learnerReport
	Open     bool
}

type procReport struct {
	Proc  *procedure.Procedure
	Steps []stepReport
}

type stepReport struct {
	Title   string
	Reached int
	Done    int
	Median  string // median time to get the step accepted, "" when nobody did
	Errors  int
	Fields  []fieldErrors // most refused first
	Hints   int           // learners who asked for help on the step
}

type fieldErrors struct {
	Label string
	Count int
}

type learnerReport struct {
	Pseudonym, Procedure string
	StepsDone, Steps     int
	Errors, Hints        int
	Warnings             int
	Minutes              int
	Finished, NotStarted bool
	// Result is the learner's result once finished (nil before).
	Result *learnerResult
}

// learnerAttempt is one learner's attempt at one of the training's procedures.
type learnerAttempt struct {
	Learner store.Learner
	Proc    *procedure.Procedure
	A       *engine.Attempt
}

func (s *server) trainingAttempts(ctx context.Context, tr *store.Training) ([]learnerAttempt, error) {
	ids := make([]string, len(tr.Learners))
	for i, l := range tr.Learners {
		ids[i] = l.Session
	}
	sessions, err := s.Store.Peek(ctx, ids)
	if err != nil {
		return nil, err
	}
	var out []learnerAttempt
	for _, l := range tr.Learners {
		sess := sessions[l.Session]
		for _, id := range tr.Procedures {
			p := s.a().procs[id]
			if sess == nil || p == nil || sess.Attempts[id] == nil {
				continue
			}
			out = append(out, learnerAttempt{Learner: l, Proc: p, A: sess.Attempts[id]})
		}
	}
	return out, nil
}

// reached reports whether the learner got to step st.
func reached(a *engine.Attempt, st *procedure.Step) bool {
	_, ok := a.Steps[st.ID]
	return ok || a.Current == st.ID
}

func (s *server) report(ctx context.Context, page *Page, tr *store.Training) (*reportPage, error) {
	attempts, err := s.trainingAttempts(ctx, tr)
	if err != nil {
		return nil, err
	}
	rp := &reportPage{Page: page, Training: tr, Back: dashboardURL(tr.ID), Open: tr.Open(s.Engine.Now())}
	for _, id := range tr.Procedures {
		p := s.a().procs[id]
		if p == nil {
			continue
		}
		pr := procReport{Proc: p}
		for _, st := range p.Steps {
			sr := stepReport{Title: st.Title.Source}
			var times []time.Duration
			errs := map[string]int{}
			for _, la := range attempts {
				if la.Proc != p || !reached(la.A, st) {
					continue
				}
				sr.Reached++
				state := la.A.Steps[st.ID]
				if state.Done {
					sr.Done++
					if state.Spent > 0 {
						times = append(times, state.Spent)
					}
				}
				sr.Errors += state.Failures
				if state.Help {
					sr.Hints++
				}
				for f, n := range state.Errors {
					errs[f] += n
				}
			}
			if len(times) > 0 {
				sr.Median = minutesSeconds(median(times))
			}
			for f, n := range errs {
				label := page.T("training.report.whole_step")
				if fl := p.Field(f); fl != nil {
					label = fl.Label.Source
				}
				sr.Fields = append(sr.Fields, fieldErrors{Label: label, Count: n})
			}
			slices.SortFunc(sr.Fields, func(a, b fieldErrors) int {
				return cmp.Or(b.Count-a.Count, cmp.Compare(a.Label, b.Label))
			})
			pr.Steps = append(pr.Steps, sr)
		}
		rp.Procs = append(rp.Procs, pr)
	}
	for _, la := range attempts {
		sc := la.A.Score()
		lr := learnerReport{Pseudonym: la.Learner.Pseudonym, Procedure: la.Proc.Title,
			Errors: sc.Errors, Hints: sc.HintsUsed, Warnings: sc.Warnings, Finished: la.A.Receipt != nil,
			Result: learnerResultOf(la.Proc, la.A)}
		// Out of the steps this learner's answers lead through.
		ev := s.Engine.Eval(la.Proc, la.A)
		for _, st := range la.Proc.Steps {
			if !ev.StepVisible(st) || st.Exit {
				continue
			}
			lr.Steps++
			if la.A.Steps[st.ID].Done {
				lr.StepsDone++
			}
		}
		end := la.A.LastActive
		if la.A.Receipt != nil {
			end = la.A.Receipt.Submitted
		}
		lr.Minutes = int(end.Sub(la.A.Started) / time.Minute)
		rp.Learners = append(rp.Learners, lr)
	}
	// Those who joined and never started count too: they may be the ones
	// who needed help most.
	started := map[string]bool{}
	for _, la := range attempts {
		started[la.Learner.ID] = true
	}
	for _, l := range tr.Learners {
		if !started[l.ID] {
			rp.Learners = append(rp.Learners, learnerReport{Pseudonym: l.Pseudonym, NotStarted: true})
		}
	}
	return rp, nil
}

func median(ds []time.Duration) time.Duration {
	slices.Sort(ds)
	n := len(ds)
	if n%2 == 1 {
		return ds[n/2]
	}
	return (ds[n/2-1] + ds[n/2]) / 2
}

// minutesSeconds writes a duration as 3 min 05 s.
func minutesSeconds(d time.Duration) string {
	d = d.Round(time.Second)
	m, sec := int(d/time.Minute), int(d%time.Minute/time.Second)
	if m == 0 {
		return strconv.Itoa(sec) + " s"
	}
	return fmt.Sprintf("%d min %02d s", m, sec)
}

// trainingReport is the printable report.
func (s *server) trainingReport(c *fiber.Ctx) error {
	tr, err := s.training(c)
	if err != nil {
		return err
	}
	page := s.newPage(c, nil)
	page.Title = page.T("training.report.title")
	rp, err := s.report(c.UserContext(), page, tr)
	if err != nil {
		return err
	}
	c.Set("Referrer-Policy", "no-referrer")
	return s.render(c, "training-report", rp, nil)
}

// trainingReportCSV is the report as one line per learner and step.
func (s *server) trainingReportCSV(c *fiber.Ctx) error {
	tr, err := s.training(c)
	if err != nil {
		return err
	}
	attempts, err := s.trainingAttempts(c.UserContext(), tr)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	buf.WriteString("\ufeff") // so that spreadsheets read the accents
	w := csv.NewWriter(&buf)
	w.Comma = ';' // the separator French spreadsheets expect
	_ = w.Write([]string{"pseudonyme", "demarche", "etape", "numero", "atteinte", "validee", "secondes", "refus", "aide_demandee", "champs_refuses", "depose", "resultat", "points_a_revoir", "pieges"})
	for _, la := range attempts {
		var verdict, mistakes, fell string
		if sum := la.A.Receipt; sum != nil && sum.Summary.Verdict != "" {
			verdict = csvVerdicts[sum.Summary.Verdict]
			mistakes = strconv.Itoa(sum.Summary.Mistakes)
			fell = strings.Join(sum.Summary.Fell, " ")
		}
		for i, st := range la.Proc.Steps {
			state := la.A.Steps[st.ID]
			fields := ""
			keys := make([]string, 0, len(state.Errors))
			for f := range state.Errors {
				keys = append(keys, f)
			}
			slices.Sort(keys)
			for _, f := range keys {
				if fields != "" {
					fields += " "
				}
				name := f
				if name == "" {
					name = "etape"
				}
				fields += name + "=" + strconv.Itoa(state.Errors[f])
			}
			_ = w.Write([]string{
				csvSafe(la.Learner.Pseudonym), la.Proc.ID, st.ID, strconv.Itoa(i + 1),
				yesNo(reached(la.A, st)), yesNo(state.Done), strconv.Itoa(int(state.Spent / time.Second)),
				strconv.Itoa(state.Failures), yesNo(state.Help), fields, yesNo(la.A.Receipt != nil),
				verdict, mistakes, fell,
			})
		}
	}
	w.Flush()
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="rapport-seance.csv"`)
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set("Referrer-Policy", "no-referrer")
	return c.Send(buf.Bytes())
}

// csvVerdicts are the CSV's words for a result's verdict: plain ASCII
// codes a spreadsheet can filter on.
var csvVerdicts = map[string]string{
	engine.VerdictReady:    "pret",
	engine.VerdictNextMode: "sans_aide_ensuite",
	engine.VerdictPractise: "a_entrainer",
}

func yesNo(b bool) string {
	if b {
		return "oui"
	}
	return "non"
}

// formulaStarts are the characters that make a spreadsheet read a cell as
// a formula, with their full-width and small forms, which some spreadsheets
// read as the plain ones.
const formulaStarts = "=+-@\t\r＝＋－＠﹦﹢﹣﹫"

// csvSafe keeps a pseudonym from being read as a formula by a spreadsheet:
// a quote goes before a cell whose first visible character starts a
// formula, even behind spaces and invisible characters, which spreadsheets
// may skip.
func csvSafe(v string) string {
	for _, r := range v {
		switch {
		case strings.ContainsRune(formulaStarts, r):
			return "'" + v
		case unicode.IsSpace(r) || invisible(r):
			continue
		}
		return v
	}
	return v
}
