// Package engine plays a procedure: which steps and fields are visible,
// whether answers are valid, where the learner goes next, the computed
// values and the review. It imports nothing of the web or the store; the
// clock and the randomness are injected.
package engine

import (
	"crypto/rand"
	"io"
	"maps"
	"slices"
	"time"

	"github.com/repetition-demarches/repetition/server/procedure"
)

// Engine evaluates procedures with an injected clock and random source.
// It must not be copied once used.
type Engine struct {
	Now    func() time.Time
	Random io.Reader
	// key is the key of the practice passwords' fingerprints, drawn
	// from Random on first use (see loginKey); it is never stored.
	key fingerprintKey
}

// New returns an engine on the real clock and the system's random source.
func New() *Engine {
	return &Engine{Now: time.Now, Random: rand.Reader}
}

// Attempt is one learner's run through one procedure. Passwords are never
// part of it.
type Attempt struct {
	Procedure string
	Profile   string
	// Mode is how much help the learner gets: ModeGuided, ModeAutonomous or ModeExam.
	Mode string
	// HintsUsed counts the times an autonomous learner asked for help.
	HintsUsed int
	// MetUnavailable is set once the "service indisponible" trap was shown.
	MetUnavailable bool
	// LastActive is the time of the last page sent, for the session-expiry trap.
	LastActive time.Time
	// Current is the step the learner has to do next ("" once every step is
	// done), and Since the time they reached it: a mediator's dashboard shows
	// both, and flags a learner who makes no progress.
	Current string
	Since   time.Time
	// Login is the state of the login trap, nil until the learner meets it.
	Login   *Login
	Answers map[string]string
	// Prefilled holds the answers the site filled in itself when the
	// attempt started (fields with prefill), by field id.
	Prefilled map[string]string `json:",omitzero"`
	// Own holds the answers of vos_donnees, by key, when a learner
	// without a profile gave them: the attempt's stand-in profile (see
	// GiveOwn); OwnIssues are the problems of the last answers given.
	Own       map[string]string `json:",omitzero"`
	OwnIssues []Issue           `json:",omitzero"`
	Steps     map[string]StepState
	Started   time.Time
	Receipt   *Receipt
	// Follow is the follow-up's state (jumps ahead, answers, read
	// messages); nil until the learner acts on the follow-up.
	Follow *FollowState
}

// StepState records what happened on a step: confirmed (Done), how many
// posts were refused (hints escalate with it) and the issues of the last
// refused post, shown again after the redirect. Issues is replaced, never
// changed in place, so copies may share it.
//
// Zero fields are left out of the stored form: a session row stays small.
type StepState struct {
	Done     bool
	Failures int     `json:",omitzero"`
	Issues   []Issue `json:",omitzero"`
	// Help is set when the learner asked for this step's hints.
	Help bool `json:",omitzero"`
	// Errors counts the refusals of each field (by field id) over every
	// post; like Issues it is replaced, never changed in place.
	Errors map[string]int `json:",omitzero"`
	// Spent is the time between reaching the step and getting it accepted.
	Spent time.Duration
	// Warnings records each warn check met on the step, by check id; like
	// Errors it is replaced, never changed in place.
	Warnings map[string]Warning `json:",omitzero"`
	// Refusals keeps the last refusal of each key counted in Errors, so
	// that the result at the end words it as the site did; like Errors it
	// is replaced, never changed in place.
	Refusals map[string]Issue `json:",omitzero"`
}

// Guidance modes, chosen when an attempt starts.
const (
	// ModeGuided shows the hints next to each field.
	ModeGuided = "guide"
	// ModeAutonomous hides the hints behind "Besoin d'aide ?"; each use is counted.
	ModeAutonomous = "autonome"
	// ModeExam gives no hint, and a score at the end.
	ModeExam = "examen"
)

// Modes lists the guidance modes, the default first.
func Modes() []string { return []string{ModeGuided, ModeAutonomous, ModeExam} }

// ShowsHints reports whether the hints of step s are shown to the learner.
func (a *Attempt) ShowsHints(s *procedure.Step) bool {
	switch a.Mode {
	case ModeExam:
		return false
	case ModeAutonomous:
		return a.Steps[s.ID].Help
	}
	return true
}

// AskHelp records a request for the hints of step s, in autonomous mode.
func (a *Attempt) AskHelp(s *procedure.Step) {
	if a.Mode != ModeAutonomous || a.Steps[s.ID].Help {
		return
	}
	st := a.Steps[s.ID]
	st.Help = true
	a.Steps[s.ID] = st
	a.HintsUsed++
}

// Score sums up an attempt for the end of an exercise: refused posts,
// hints asked for, and the time from start to submission.
type Score struct {
	Errors, HintsUsed int
	// Warnings counts the warnings confirmed (the learner went on
	// despite "êtes-vous sûr ?"); in exam mode each costs as an error.
	Warnings int
	Duration time.Duration
}

// Score returns the attempt's score; the duration is zero before submission.
func (a *Attempt) Score() Score {
	sc := Score{HintsUsed: a.HintsUsed}
	for _, st := range a.Steps {
		sc.Errors += st.Failures
		for _, w := range st.Warnings {
			sc.Warnings += w.Confirmed
		}
	}
	if a.Mode == ModeExam {
		// An exam marks going on despite a warning as an error: the
		// real site accepted it, but the answer was worth a second look.
		sc.Errors += sc.Warnings
	}
	if a.Receipt != nil {
		sc.Duration = a.Receipt.Submitted.Sub(a.Started)
	}
	return sc
}

// Receipt is the fake submission's acknowledgement.
type Receipt struct {
	Number    string
	Submitted time.Time
	// Summary is the attempt's Result in short, worked out by Submit:
	// what a mediator's dashboard shows of a learner who finished. Zero
	// for a receipt stored before it was kept.
	Summary ResultSummary `json:",omitzero"`
}

// Clone returns a deep copy, so that a stored attempt is never shared.
func (a *Attempt) Clone() *Attempt {
	c := *a
	c.Answers = maps.Clone(a.Answers)
	c.Steps = maps.Clone(a.Steps)
	for id, st := range c.Steps {
		if st.Errors != nil || st.Warnings != nil || st.Refusals != nil {
			st.Errors = maps.Clone(st.Errors)
			st.Warnings = maps.Clone(st.Warnings)
			st.Refusals = maps.Clone(st.Refusals)
			c.Steps[id] = st
		}
	}
	c.Prefilled = maps.Clone(a.Prefilled)
	c.Own = maps.Clone(a.Own) // OwnIssues is replaced, never changed in place
	if a.Receipt != nil {
		r := *a.Receipt
		r.Summary.Fell = slices.Clone(r.Summary.Fell)
		c.Receipt = &r
	}
	if a.Login != nil {
		l := *a.Login // Issues is replaced, never changed in place
		c.Login = &l
	}
	c.Follow = a.Follow.clone()
	return &c
}

// Start begins an attempt, prefilled with a profile's answers when one is
// chosen. A profile's password is never copied: the learner types it.
func (e *Engine) Start(p *procedure.Procedure, profile string) *Attempt {
	now := e.Now()
	a := &Attempt{Procedure: p.ID, Mode: ModeGuided, Answers: map[string]string{}, Steps: map[string]StepState{}, Started: now, LastActive: now, Since: now}
	if len(p.Steps) > 0 {
		a.Current = p.Steps[0].ID
	}
	if pr := p.Profile(profile); pr != nil {
		a.Profile = pr.ID
		for k, v := range e.Answers(p, pr.Answers) {
			if f := p.Field(fieldID(k)); f != nil && f.Type != "password" {
				a.Answers[k] = v
			}
		}
	}
	e.prefill(p, a)
	return a
}

// StartExam begins an exam: no answer of the profile is filled in, the
// learner looks each one up in the profile's papers, as on the real site.
// Only what the site fills in itself (fields with prefill) is there, as
// it would be for the profile.
func (e *Engine) StartExam(p *procedure.Procedure, profile string) *Attempt {
	a := e.Start(p, profile)
	a.Mode = ModeExam
	for k := range a.Answers {
		if _, ok := a.Prefilled[k]; !ok {
			delete(a.Answers, k)
		}
	}
	return a
}

// Answers gives the form values of a profile's or scenario's answers,
// rendering those written with ${ } on the engine's clock.
func (e *Engine) Answers(p *procedure.Procedure, raw procedure.RawAnswers) map[string]string {
	out := make(map[string]string, len(raw.Map))
	for k, v := range raw.Map {
		out[k] = v
	}
	if len(raw.Computed) > 0 {
		ev := e.Eval(p, &Attempt{Answers: map[string]string{}, Steps: map[string]StepState{}})
		ev.withHousehold(raw.Household())
		for k, t := range raw.Computed {
			out[k] = ev.Text(*t)
		}
	}
	return out
}

// Expired applies the session-expiry trap at time now: when the learner
// stayed idle longer than the procedure allows, the steps asking for a
// password must be done again (the learner logs in again) and it reports
// true, so the page being sent is not kept. It records now as activity.
func (a *Attempt) Expired(p *procedure.Procedure, now time.Time) bool {
	prev := a.LastActive
	a.LastActive = now
	n := p.Traps.SessionExpiry
	if n <= 0 || prev.IsZero() || now.Sub(prev) <= time.Duration(n)*time.Minute {
		return false
	}
	if l := a.Login; l != nil && l.Passed {
		// Logged out of the simulated account too: sign in again.
		l.Passed, l.SignedIn, l.ProviderOK, l.Code = false, false, false, ""
	}
	if l := a.Login; l != nil {
		l.CodeOK = false // the code after the site's own login, too
	}
	for _, s := range p.Steps {
		for _, f := range s.Fields {
			if f.Type == "password" {
				st := a.Steps[s.ID]
				st.Done = false
				a.Steps[s.ID] = st
			}
		}
	}
	return true
}

// digits returns n random decimal digits from the engine's random source.
func (e *Engine) digits(n int) string {
	if n <= 0 || n > 32 {
		return ""
	}
	buf := make([]byte, n)
	if _, err := io.ReadFull(e.Random, buf); err != nil {
		panic("engine: random source failed: " + err.Error())
	}
	for i, b := range buf {
		buf[i] = '0' + b%10
	}
	return string(buf)
}
