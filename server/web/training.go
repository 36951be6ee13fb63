package web

import (
	"context"
	"crypto/subtle"
	"errors"
	"html/template"
	"io"
	"net"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/limiter"
	"github.com/gofiber/fiber/v2/utils"

	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/procedure"
	"github.com/repetition-demarches/repetition/server/store"
)

// A mediator runs a training: learners join it with a short code, and the
// mediator follows them on a dashboard whose address is the only key.

// Settings a mediator may choose.
var (
	trainingDurations = []int{60, 90, 120, 180, 240} // minutes
	stuckChoices      = []int{3, 5, 10, 15}          // minutes
)

const (
	maxTrainingLearners = 60
	maxMessage          = 500
	maxInbox            = 20
)

type trainingForm struct {
	*Page
	Procs          []*procedure.Procedure
	Modes          []string
	Durations      []int
	Stuck          []int
	NeedsPassword  bool
	Disabled       bool // a public server without an organiser password
	Errors         []string
	Chosen         map[string]bool
	ChosenProfiles map[string]bool
}

// trainingNew shows the form that creates a training.
func (s *server) trainingNew(c *fiber.Ctx) error {
	return s.renderTrainingForm(c, nil, fiber.StatusOK)
}

func (s *server) renderTrainingForm(c *fiber.Ctx, errs []string, status int) error {
	page := s.newPage(c, nil)
	page.Title = page.T("training.new.title")
	page.ErrorPrefix = len(errs) > 0
	f := &trainingForm{
		Page: page, Procs: s.a().list, Modes: engine.Modes(), Durations: trainingDurations, Stuck: stuckChoices,
		NeedsPassword: s.OrganiserPassword != "", Disabled: s.Public && s.OrganiserPassword == "",
		Errors: errs, Chosen: map[string]bool{}, ChosenProfiles: map[string]bool{},
	}
	if errs != nil {
		for _, p := range formList(c, "demarches") {
			f.Chosen[p] = true
		}
		for _, p := range formList(c, "profils") {
			f.ChosenProfiles[p] = true
		}
	}
	c.Status(status)
	return s.render(c, "training-new", f, nil)
}

// formList returns the values of a repeated form field, copied.
func formList(c *fiber.Ctx, name string) []string {
	var out []string
	for _, v := range c.Context().PostArgs().PeekMulti(name) {
		out = append(out, string(v))
	}
	if form, err := c.MultipartForm(); err == nil {
		out = append(out, form.Value[name]...)
	}
	return out
}

// trainingCreate checks the form and opens the training.
func (s *server) trainingCreate(c *fiber.Ctx) error {
	t := s.a().locales.Translator(c.Locals(langKey).(string))
	if s.Public && s.OrganiserPassword == "" {
		return fiber.ErrForbidden
	}
	var errs []string
	if s.OrganiserPassword != "" &&
		subtle.ConstantTimeCompare([]byte(c.FormValue("mot_de_passe")), []byte(s.OrganiserPassword)) != 1 {
		errs = append(errs, t.T("training.new.bad_password"))
	}
	tr := &store.Training{Mode: utils.CopyString(c.FormValue("mode", engine.ModeGuided)), Assign: c.FormValue("attribution") == "attribue"}
	for _, id := range formList(c, "demarches") {
		if s.a().procs[id] != nil && !slices.Contains(tr.Procedures, id) {
			tr.Procedures = append(tr.Procedures, id)
		}
	}
	if len(tr.Procedures) == 0 {
		errs = append(errs, t.T("training.new.no_procedure"))
	}
	if !slices.Contains(engine.Modes(), tr.Mode) {
		return fiber.ErrBadRequest
	}
	for _, key := range formList(c, "profils") {
		proc, prof, _ := strings.Cut(key, "/")
		if p := s.a().procs[proc]; p != nil && p.Profile(prof) != nil && slices.Contains(tr.Procedures, proc) {
			tr.Profiles = append(tr.Profiles, key)
		}
	}
	if tr.Assign && len(tr.Profiles) == 0 {
		errs = append(errs, t.T("training.new.assign_without_profile"))
	}
	minutes, err := strconv.Atoi(c.FormValue("duree"))
	if err != nil || !slices.Contains(trainingDurations, minutes) {
		return fiber.ErrBadRequest
	}
	stuck, err := strconv.Atoi(c.FormValue("bloque"))
	if err != nil || !slices.Contains(stuckChoices, stuck) {
		return fiber.ErrBadRequest
	}
	if len(errs) > 0 {
		return s.renderTrainingForm(c, errs, fiber.StatusUnprocessableEntity)
	}
	now := s.Engine.Now()
	tr.Created, tr.Ends, tr.StuckAfter = now, now.Add(time.Duration(minutes)*time.Minute), time.Duration(stuck)*time.Minute
	if tr.ID, err = s.newSessionID(); err != nil {
		return err
	}
	for range 5 {
		if tr.Code, err = s.newJoinCode(); err != nil {
			return err
		}
		if err = s.Store.CreateTraining(c.UserContext(), tr); !errors.Is(err, store.ErrCodeTaken) {
			break
		}
	}
	if err != nil {
		return err
	}
	s.Logger.Info("training opened", "procedures", len(tr.Procedures), "minutes", minutes)
	return seeOther(c, dashboardURL(tr.ID))
}

// organiserLimits keep the organiser password from being guessed: 10
// refused posts in 10 minutes from one address (a mediator mistyping it, or
// forgetting to tick a procedure, is far from that), and 30 in 10 minutes
// from all addresses together, so that many machines guess no faster. The
// price of the second: while it is reached, nobody opens a training, for
// 10 minutes at most. Refused posts answer 422; a limited post is refused
// even with the right password, so that the limit does not tell it.
func (s *server) organiserLimits() []fiber.Handler {
	skip := func(c *fiber.Ctx) bool { return s.OrganiserPassword == "" } // nothing to guess
	return []fiber.Handler{
		limiter.New(limiter.Config{
			Max: 10, Expiration: 10 * time.Minute, SkipSuccessfulRequests: true, LimitReached: tooMany, Next: skip,
		}),
		// After the one by address, so that an address already limited
		// does not use up what the others may try.
		limiter.New(limiter.Config{
			Max: 30, Expiration: 10 * time.Minute, SkipSuccessfulRequests: true, LimitReached: tooMany, Next: skip,
			KeyGenerator: func(*fiber.Ctx) string { return "every address" },
		}),
	}
}

// newJoinCode is six characters without the ones people confuse.
func (s *server) newJoinCode() (string, error) {
	buf := make([]byte, 6)
	if _, err := io.ReadFull(s.Random, buf); err != nil {
		return "", err
	}
	for i, b := range buf {
		buf[i] = resumeAlphabet[int(b)%len(resumeAlphabet)]
	}
	return string(buf), nil
}

func dashboardURL(id string) string { return "/animer/s/" + id }

// training loads the training named by the dashboard's address.
func (s *server) training(c *fiber.Ctx) (*store.Training, error) {
	id := c.Params("id")
	if len(id) != 43 {
		return nil, fiber.ErrNotFound
	}
	tr, err := s.Store.Training(c.UserContext(), utils.CopyString(id))
	if errors.Is(err, store.ErrNotFound) {
		return nil, fiber.ErrNotFound
	}
	return tr, err
}

// learnerRow is one line of the dashboard.
type learnerRow struct {
	ID, Pseudonym   string
	Procedure, Step string
	StepLang        string
	StepDir         string
	// State names where the learner is, for scripts and the load program:
	// signing-in, sms-code, step, review, submitted ("" before starting).
	State         string
	StepNumber    string
	Errors, Hints int
	// Warnings counts the warnings confirmed ("êtes-vous sûr ?").
	Warnings         int
	OnStep           string
	Stuck, Finished  bool
	NotStarted, Idle bool
	Messages         int
	// Result is set once the learner has finished.
	Result *learnerResult
}

type dashboardPage struct {
	*Page
	Sent              bool
	MessageAction     string
	Training          *store.Training
	Code              string
	JoinURL           string
	Rows              []learnerRow
	Open              bool
	Ends, Stream      string
	Stuck, Finished   int
	ProcTitles        []string
	Mode, StuckAfter  string
	LoopbackAddresses []string
}

// dashboard is the mediator's live view: one row per learner.
func (s *server) dashboard(c *fiber.Ctx) error {
	tr, err := s.training(c)
	if err != nil {
		return err
	}
	page := s.newPage(c, nil)
	page.Title = page.T("training.dashboard.title")
	page.Live = s.a().themes.script("animer.js")
	d := &dashboardPage{Page: page, Training: tr, Code: formatCode(tr.Code), JoinURL: s.joinURL(c, tr.Code),
		Open: tr.Open(s.Engine.Now()), Ends: tr.Ends.In(paris).Format("15:04"), Stream: dashboardURL(tr.ID) + "/flux",
		Mode: page.T("start.mode." + tr.Mode), StuckAfter: strconv.Itoa(int(tr.StuckAfter / time.Minute)),
		Sent: c.Query("envoye") == "1", MessageAction: dashboardURL(tr.ID) + "/message"}
	for _, id := range tr.Procedures {
		if p := s.a().procs[id]; p != nil {
			d.ProcTitles = append(d.ProcTitles, p.Title)
		}
	}
	d.Rows, err = s.learnerRows(c.UserContext(), page, tr, "")
	if err != nil {
		return err
	}
	for _, r := range d.Rows {
		if r.Stuck {
			d.Stuck++
		}
		if r.Finished {
			d.Finished++
		}
	}
	// The dashboard's address is its key: it must not linger anywhere.
	c.Set("Referrer-Policy", "no-referrer")
	return s.render(c, "training-dashboard", d, nil)
}

// paris is the time zone of the times shown to mediators.
var paris = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		return time.UTC
	}
	return loc
}()

// learnerRows builds the dashboard's rows, or the one of learner when set.
func (s *server) learnerRows(ctx context.Context, page *Page, tr *store.Training, learner string) ([]learnerRow, error) {
	var ids []string
	for _, l := range tr.Learners {
		if learner == "" || l.ID == learner {
			ids = append(ids, l.Session)
		}
	}
	sessions, err := s.Store.Peek(ctx, ids)
	if err != nil {
		return nil, err
	}
	now := s.Engine.Now()
	rows := make([]learnerRow, 0, len(ids))
	for _, l := range tr.Learners {
		if learner != "" && l.ID != learner {
			continue
		}
		rows = append(rows, s.learnerRow(page, tr, l, sessions[l.Session], now))
	}
	return rows, nil
}

func (s *server) learnerRow(page *Page, tr *store.Training, l store.Learner, sess *store.Session, now time.Time) learnerRow {
	row := learnerRow{ID: l.ID, Pseudonym: l.Pseudonym, NotStarted: true}
	if sess == nil {
		row.Idle = true
		return row
	}
	for _, m := range sess.Inbox {
		if !m.Read {
			row.Messages++
		}
	}
	p, a := s.latestAttempt(tr, sess)
	if a == nil {
		return row
	}
	row.NotStarted = false
	row.Procedure = p.Title
	sc := a.Score()
	row.Errors, row.Hints, row.Warnings = sc.Errors, sc.HintsUsed, sc.Warnings
	// Step titles are the simulated site's, in French; the states of the
	// sandbox are in the mediator's language.
	row.StepLang, row.StepDir = page.Lang, page.Dir
	switch {
	case a.Receipt != nil:
		row.Finished = true
		row.Step, row.State = page.T("training.row.submitted"), "submitted"
		row.Result = learnerResultOf(p, a)
	case !a.GatePassed(p):
		row.Step, row.State = page.T("training.row.signing_in"), "signing-in"
	case a.CodePending(p):
		row.Step, row.State = page.T("training.row.sms_code"), "sms-code"
	case a.Current == "":
		row.Step, row.State = page.T("training.row.review"), "review"
	default:
		row.State = "step"
		if st := p.Step(a.Current); st != nil {
			row.Step, row.StepLang, row.StepDir = st.Title.Source, "fr", "ltr"
			// Counted as the learner's page counts it ("Étape N sur M").
			n, total := s.Engine.Eval(p, a).StepCount(st)
			row.StepNumber = strconv.Itoa(n) + "/" + strconv.Itoa(total)
		}
	}
	if !row.Finished {
		since := now.Sub(a.Since)
		row.OnStep = page.T("training.row.minutes", "Count", int(since/time.Minute))
		row.Stuck = tr.StuckAfter > 0 && since >= tr.StuckAfter
	}
	return row
}

// latestAttempt is the learner's most recently active attempt at one of
// the training's procedures.
func (s *server) latestAttempt(tr *store.Training, sess *store.Session) (*procedure.Procedure, *engine.Attempt) {
	var best *engine.Attempt
	var bestP *procedure.Procedure
	for _, id := range tr.Procedures {
		a, p := sess.Attempts[id], s.a().procs[id]
		if a == nil || p == nil {
			continue
		}
		if best == nil || a.LastActive.After(best.LastActive) {
			best, bestP = a, p
		}
	}
	return bestP, best
}

// formatCode shows a join code as people read it aloud: ABC-234.
func formatCode(code string) string {
	if len(code) != 6 {
		return code
	}
	return code[:3] + "-" + code[3:]
}

// joinURL is the address learners open, for the QR code: the configured
// public address, else the one the mediator's browser used.
func (s *server) joinURL(c *fiber.Ctx, code string) string {
	base := s.PublicURL
	if base == "" {
		base = c.Protocol() + "://" + string(c.Request().Host())
	}
	return strings.TrimRight(base, "/") + "/rejoindre?code=" + code
}

// isLoopback reports whether the mediator reached the server through an
// address only this computer can use, which phones cannot open.
func isLoopback(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

// networkAddresses lists this computer's addresses on the local network,
// to suggest one the phones can open.
func networkAddresses(port string) []string {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return nil
	}
	var out []string
	for _, a := range addrs {
		ipn, ok := a.(*net.IPNet)
		if !ok || ipn.IP.To4() == nil || !ipn.IP.IsPrivate() {
			continue
		}
		out = append(out, "http://"+net.JoinHostPort(ipn.IP.String(), port))
	}
	return out
}

type projectorPage struct {
	*Page
	Code, JoinURL, Host string
	QR                  template.HTML
	Open, Loopback      bool
	Addresses           []string
}

// projector shows the join code and its QR code large, for a wall screen.
// Its address carries the code, never the dashboard's key.
func (s *server) projector(c *fiber.Ctx) error {
	code := normalizeResumeCode(c.Params("code"))
	tr, err := s.Store.TrainingByCode(c.UserContext(), code)
	if errors.Is(err, store.ErrNotFound) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	page := s.newPage(c, nil)
	page.Title = page.T("training.projector.title")
	pp := &projectorPage{Page: page, Code: formatCode(tr.Code), JoinURL: s.joinURL(c, tr.Code), Open: tr.Open(s.Engine.Now())}
	pp.Host = strings.TrimSuffix(strings.SplitN(pp.JoinURL, "?", 2)[0], "/rejoindre")
	if s.PublicURL == "" && isLoopback(string(c.Request().Host())) {
		pp.Loopback = true
		_, port, _ := net.SplitHostPort(string(c.Request().Host()))
		if port == "" {
			port = "80"
		}
		pp.Addresses = networkAddresses(port)
	}
	if pp.QR, err = qrSVG(pp.JoinURL, page.T("training.projector.qr")); err != nil {
		return err
	}
	return s.render(c, "training-projector", pp, nil)
}

type learnerPage struct {
	*Page
	MessageAction string
	Training      *store.Training
	Row           learnerRow
	Back          string
	Messages      []store.Message
	Steps         []learnerStep
	Sent          bool
}

// learnerStep is one step of a learner's attempt, for the mediator.
type learnerStep struct {
	Title           string
	Done, Current   bool
	Failures        int
	Help            bool
	FieldsInTrouble []string
}

// trainingLearner loads the training and the learner named in the URL.
func (s *server) trainingLearner(c *fiber.Ctx) (*store.Training, *store.Learner, error) {
	tr, err := s.training(c)
	if err != nil {
		return nil, nil, err
	}
	l := tr.Learner(c.Params("learner"))
	if l == nil {
		return nil, nil, fiber.ErrNotFound
	}
	return tr, l, nil
}

// learnerDetail shows one learner to the mediator, with the forms to
// write to them and to reset their attempt.
func (s *server) learnerDetail(c *fiber.Ctx) error {
	tr, l, err := s.trainingLearner(c)
	if err != nil {
		return err
	}
	page := s.newPage(c, nil)
	page.Title = l.Pseudonym + " – " + page.T("training.dashboard.title")
	lp := &learnerPage{Page: page, Training: tr, Back: dashboardURL(tr.ID), Sent: c.Query("envoye") == "1",
		MessageAction: dashboardURL(tr.ID) + "/apprenants/" + l.ID + "/message"}
	sessions, err := s.Store.Peek(c.UserContext(), []string{l.Session})
	if err != nil {
		return err
	}
	sess := sessions[l.Session]
	lp.Row = s.learnerRow(page, tr, *l, sess, s.Engine.Now())
	if sess != nil {
		lp.Messages = sess.Inbox
		if p, a := s.latestAttempt(tr, sess); a != nil {
			for _, st := range p.Steps {
				state, seen := a.Steps[st.ID]
				if !seen && a.Current != st.ID {
					continue
				}
				ls := learnerStep{Title: st.Title.Source, Done: state.Done, Current: a.Current == st.ID,
					Failures: state.Failures, Help: state.Help}
				for _, f := range st.Fields {
					if state.Errors[f.ID] > 0 {
						ls.FieldsInTrouble = append(ls.FieldsInTrouble, f.Label.Source+" ("+strconv.Itoa(state.Errors[f.ID])+")")
					}
				}
				lp.Steps = append(lp.Steps, ls)
			}
		}
	}
	c.Set("Referrer-Policy", "no-referrer")
	return s.render(c, "training-learner", lp, nil)
}

// learnerMessage sends a word or a hint to one learner: they read it on
// their next page.
func (s *server) learnerMessage(c *fiber.Ctx) error {
	tr, l, err := s.trainingLearner(c)
	if err != nil {
		return err
	}
	back := dashboardURL(tr.ID) + "/apprenants/" + l.ID
	msg, ok := s.messageOf(c)
	if !ok {
		return seeOther(c, back)
	}
	if err := s.sendMessage(c, l.Session, msg); err != nil {
		return err
	}
	return seeOther(c, back+"?envoye=1")
}

// trainingMessage sends the same word or hint to every learner of the training.
func (s *server) trainingMessage(c *fiber.Ctx) error {
	tr, err := s.training(c)
	if err != nil {
		return err
	}
	msg, ok := s.messageOf(c)
	if !ok {
		return seeOther(c, dashboardURL(tr.ID))
	}
	for _, l := range tr.Learners {
		if err := s.sendMessage(c, l.Session, msg); err != nil {
			return err
		}
	}
	return seeOther(c, dashboardURL(tr.ID)+"?envoye=1")
}

// messageOf reads the message form; false when it is empty.
func (s *server) messageOf(c *fiber.Ctx) (store.Message, bool) {
	text := strings.TrimSpace(c.FormValue("message"))
	if text == "" {
		return store.Message{}, false
	}
	if utf8.RuneCountInString(text) > maxMessage {
		text = string([]rune(text)[:maxMessage])
	}
	return store.Message{Text: utils.CopyString(text), Hint: c.FormValue("genre") == "indice", Sent: s.Engine.Now()}, true
}

// sendMessage puts msg in a learner's inbox, keeping the latest maxInbox.
// A learner whose session has gone (erased by them) gets nothing.
func (s *server) sendMessage(c *fiber.Ctx, session string, msg store.Message) error {
	err := s.Store.Update(c.UserContext(), session, func(sess *store.Session) error {
		sess.Inbox = append(sess.Inbox, msg)
		if len(sess.Inbox) > maxInbox {
			sess.Inbox = sess.Inbox[len(sess.Inbox)-maxInbox:]
		}
		return nil
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	return err
}

// learnerReset erases the learner's attempts at the training's procedures,
// so that they start again from the first step.
func (s *server) learnerReset(c *fiber.Ctx) error {
	tr, l, err := s.trainingLearner(c)
	if err != nil {
		return err
	}
	err = s.Store.Update(c.UserContext(), l.Session, func(sess *store.Session) error {
		for _, id := range tr.Procedures {
			delete(sess.Attempts, id)
		}
		return nil
	})
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	return seeOther(c, dashboardURL(tr.ID))
}

// trainingClose closes the training: nobody joins any more, the report is final.
func (s *server) trainingClose(c *fiber.Ctx) error {
	tr, err := s.training(c)
	if err != nil {
		return err
	}
	now := s.Engine.Now()
	err = s.Store.UpdateTraining(c.UserContext(), tr.ID, func(t *store.Training) error {
		if t.Closed.IsZero() {
			t.Closed = now
		}
		return nil
	})
	if err != nil {
		return err
	}
	return seeOther(c, dashboardURL(tr.ID))
}
