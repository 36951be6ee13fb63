package engine

import (
	"errors"
	"maps"
	"slices"
	"time"

	"github.com/repetition-demarches/repetition/server/procedure"
)

// The follow-up is computed, never run: statuses come from the submission
// time, the learner's jumps ahead and the answers to document requests,
// read on the engine's clock. No background job moves a dossier on.

// FollowState is what an attempt keeps of its follow-up: little, so that
// an active learner stays small in memory.
type FollowState struct {
	// Ahead is how far the learner jumped ahead with "Avancer le temps".
	Ahead time.Duration
	// Replies answer document requests, one per request event.
	Replies []Reply
	// Read counts the messages the learner has seen (the rest are unread).
	Read int
}

// Reply answers a document request: the upload as its name and size only,
// and the simulated time it was sent.
type Reply struct {
	Event, File string
	At          time.Time
}

func (f *FollowState) clone() *FollowState {
	if f == nil {
		return nil
	}
	c := *f
	c.Replies = slices.Clone(f.Replies)
	return &c
}

// Dossier is where an attempt stands after submission, or, for a draft,
// whether its deadline has passed.
type Dossier struct {
	// Now is the simulated time: the clock plus the learner's jumps.
	Now time.Time
	// Status is the status of the last event that set one; "" for a draft.
	Status string
	// Label is the organisation's wording of Status, when the event gave one.
	Label string
	// Events are the events that happened, oldest first.
	Events []Happened
	// Pending is a document request waiting for its answer: later events wait.
	Pending *Happened
	// Next is when the next event happens; zero when nothing is to come.
	Next time.Time
	// Missed is set on a draft whose deadline has passed.
	Missed *Happened
	// Unread counts the messages the learner has not seen yet.
	Unread int
}

// Happened is an event that happened, with its texts rendered.
type Happened struct {
	Event          *procedure.Event
	At             time.Time
	Title, Message string
	// Request is the rendered label of the document asked for.
	Request string
	// Reply is the file that answered the request, "name|size".
	Reply string
}

// ID is the event's id, or procedure.EventMissed.
func (h *Happened) ID() string {
	if h.Event == nil {
		return procedure.EventMissed
	}
	return h.Event.ID
}

// Messages counts the events that carry a message or a title.
func (d *Dossier) Messages() int {
	n := 0
	for _, h := range d.Events {
		if h.Title != "" || h.Message != "" {
			n++
		}
	}
	if d.Missed != nil {
		n++
	}
	return n
}

// IDs lists the ids of the events that happened, missed included.
func (d *Dossier) IDs() []string {
	var out []string
	for i := range d.Events {
		out = append(out, d.Events[i].ID())
	}
	if d.Missed != nil {
		out = append(out, procedure.EventMissed)
	}
	return out
}

// Dossier computes the follow-up of the attempt at the simulated time. It
// returns nil when the procedure has no follow-up. Expressions may read the
// chosen profile's answers and values as profil.x; without a profile,
// profil holds the learner's own.
func (e *Engine) Dossier(p *procedure.Procedure, a *Attempt) (*Dossier, error) {
	f := p.FollowUp
	if f == nil {
		return nil, nil
	}
	st := a.Follow
	if st == nil {
		st = &FollowState{}
	}
	d := &Dossier{Now: e.Now().Add(st.Ahead)}
	ev := e.Eval(p, a)
	env := maps.Clone(ev.env)
	env[procedure.ProfileName] = e.profileEnv(p, a, ev)
	day := f.DayLength()
	if a.Receipt == nil {
		if m := f.Missed; m != nil {
			at := a.Started.Add(time.Duration(m.After) * day)
			if d.Now.Before(at) {
				d.Next = at
			} else {
				d.Missed = &Happened{At: at, Title: ev.textWith(m.Title, env), Message: ev.textWith(m.Message, env)}
			}
		}
		d.Unread = max(0, d.Messages()-st.Read)
		return d, ev.Err()
	}
	var shift time.Duration
	for _, event := range f.Events {
		if event.When != nil {
			if ok, _ := ev.run(event.When, env).(bool); !ok {
				continue
			}
		}
		at := a.Receipt.Submitted.Add(time.Duration(event.After)*day + shift)
		if d.Now.Before(at) {
			d.Next = at
			break
		}
		h := Happened{Event: event, At: at, Title: ev.textWith(event.Title, env), Message: ev.textWith(event.Message, env)}
		if event.Status != "" {
			d.Status, d.Label = event.Status, event.Label
		}
		if event.Request != nil {
			h.Request = ev.textWith(event.Request.Label, env)
			r := st.reply(event.ID)
			if r == nil {
				d.Events = append(d.Events, h)
				d.Pending = &d.Events[len(d.Events)-1]
				break
			}
			h.Reply = r.File
			// What comes next is counted from the answer.
			shift += max(0, r.At.Sub(at))
		}
		d.Events = append(d.Events, h)
	}
	d.Unread = max(0, d.Messages()-st.Read)
	return d, ev.Err()
}

func (f *FollowState) reply(event string) *Reply {
	for i := range f.Replies {
		if f.Replies[i].Event == event {
			return &f.Replies[i]
		}
	}
	return nil
}

// profileEnv is what profil holds: the chosen profile's answers and
// computed values; without a profile, those of the stand-in profile when
// the learner answered vos_donnees, or the learner's own.
func (e *Engine) profileEnv(p *procedure.Procedure, a *Attempt, own *Eval) map[string]any {
	src := own
	if pr := p.Profile(a.Profile); pr != nil {
		src = e.Eval(p, &Attempt{Answers: e.Answers(p, pr.Answers), Steps: map[string]StepState{}})
	} else if stand := e.ownEval(p, a); stand != nil {
		src = stand
	}
	out := map[string]any{}
	for _, s := range p.Steps {
		for _, f := range s.Fields {
			if f.Type != "password" {
				out[f.ID] = src.env[f.ID]
			}
		}
	}
	for _, v := range p.Values {
		out[v.Name] = src.env[v.Name]
	}
	return out
}

// Advance jumps the simulated time to the next event ("Avancer le temps").
// It reports false when nothing is to come, or when a request waits for
// its answer.
func (e *Engine) Advance(p *procedure.Procedure, a *Attempt) (bool, error) {
	d, err := e.Dossier(p, a)
	if err != nil || d == nil || d.Pending != nil || d.Next.IsZero() {
		return false, err
	}
	if a.Follow == nil {
		a.Follow = &FollowState{}
	}
	a.Follow.Ahead += d.Next.Sub(d.Now)
	return true, nil
}

// Answer answers the pending document request with an upload, kept as its
// name and size (FileAnswer). It returns the failure key (file_type,
// file_size, required) when the file is refused, "" when it is accepted,
// and ErrNothingRequested when no request waits.
func (e *Engine) Answer(p *procedure.Procedure, a *Attempt, file string) (string, error) {
	d, err := e.Dossier(p, a)
	if err != nil {
		return "", err
	}
	if d == nil || d.Pending == nil {
		return "", ErrNothingRequested
	}
	r := d.Pending.Event.Request
	if file == "" {
		return "required", nil
	}
	if _, key := parseFile(&procedure.Field{Accept: r.Accept, MaxSize: r.MaxSize}, file); key != "" {
		return key, nil
	}
	if a.Follow == nil {
		a.Follow = &FollowState{}
	}
	a.Follow.Replies = append(a.Follow.Replies, Reply{Event: d.Pending.Event.ID, File: file, At: d.Now})
	return "", nil
}

// MarkRead records that the learner has seen every message of the dossier.
func (a *Attempt) MarkRead(d *Dossier) {
	if d == nil || d.Unread == 0 {
		return
	}
	if a.Follow == nil {
		a.Follow = &FollowState{}
	}
	a.Follow.Read = d.Messages()
}

// ErrNothingRequested is returned when answering a request that does not wait.
var ErrNothingRequested = errors.New("engine: no document is requested")

// RunFollowUp plays the whole follow-up as a patient learner would: it
// jumps ahead to each event, answers each request with a file it accepts,
// and returns the final dossier (a draft jumps to its deadline).
func (e *Engine) RunFollowUp(p *procedure.Procedure, a *Attempt) (*Dossier, error) {
	if p.FollowUp == nil {
		return nil, nil
	}
	for range 2*len(p.FollowUp.Events) + 2 {
		d, err := e.Dossier(p, a)
		if err != nil {
			return d, err
		}
		if d.Pending != nil {
			r := d.Pending.Event.Request
			if _, err := e.Answer(p, a, FileAnswer("piece."+r.Accept[0], 1000)); err != nil {
				return d, err
			}
			continue
		}
		if ok, err := e.Advance(p, a); err != nil || !ok {
			return d, err
		}
	}
	return e.Dossier(p, a)
}
