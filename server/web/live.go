package web

import (
	"context"
	"log/slog"
	"sync"

	"github.com/repetition-demarches/repetition/server/procedure"
	"github.com/repetition-demarches/repetition/server/store"
)

// hub tells the mediators' dashboards, as they listen, which learner of
// their training has just changed. A slow dashboard never slows a learner:
// a full mailbox only marks the dashboard for a complete refresh.
type hub struct {
	mu   sync.Mutex
	subs map[string]map[*listener]struct{} // by training id
}

// listener is one open dashboard stream.
type listener struct {
	changed chan string // learner ids
	mu      sync.Mutex
	overrun bool // changes were dropped: redraw everything
}

func newHub() *hub { return &hub{subs: map[string]map[*listener]struct{}{}} }

func (h *hub) subscribe(training string) *listener {
	l := &listener{changed: make(chan string, 64)}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.subs[training] == nil {
		h.subs[training] = map[*listener]struct{}{}
	}
	h.subs[training][l] = struct{}{}
	return l
}

func (h *hub) unsubscribe(training string, l *listener) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.subs[training], l)
	if len(h.subs[training]) == 0 {
		delete(h.subs, training)
	}
}

// publish tells the dashboards of training that learner changed ("" for
// the training itself: a learner joined, the session closed).
func (h *hub) publish(training, learner string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for l := range h.subs[training] {
		select {
		case l.changed <- learner:
		default:
			l.mu.Lock()
			l.overrun = true
			l.mu.Unlock()
		}
	}
}

// listeners is how many dashboards are open, for tests and load reports.
func (h *hub) listeners() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for _, ls := range h.subs {
		n += len(ls)
	}
	return n
}

// takeOverrun reports and clears the overrun mark.
func (l *listener) takeOverrun() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	o := l.overrun
	l.overrun = false
	return o
}

// liveStore publishes every change to a session that belongs to a
// training, wherever in the web layer it is made, and adds what the
// change tells to the anonymous friction counters (frictionCounts).
type liveStore struct {
	store.Store
	hub *hub
	// procedure finds a procedure by id (for the hints an escalation shows).
	procedure func(id string) *procedure.Procedure
	logger    *slog.Logger
}

// Update implements store.Store.
func (s liveStore) Update(ctx context.Context, id string, fn func(*store.Session) error) error {
	return s.change(ctx, s.Store.Update, id, fn)
}

// Create implements store.Store.
func (s liveStore) Create(ctx context.Context, id string, fn func(*store.Session) error) error {
	return s.change(ctx, s.Store.Create, id, fn)
}

// change runs save (the store's Update or Create), then publishes and counts.
func (s liveStore) change(ctx context.Context, save func(context.Context, string, func(*store.Session) error) error, id string, fn func(*store.Session) error) error {
	var training, learner string
	var counts []store.Count
	err := save(ctx, id, func(sess *store.Session) error {
		before := marks(sess)
		if err := fn(sess); err != nil {
			return err
		}
		training, learner = sess.Training, sess.Learner
		counts = frictionCounts(before, sess, s.procedure)
		return nil
	})
	if err == nil && training != "" {
		s.hub.publish(training, learner)
	}
	if err == nil && len(counts) > 0 {
		// The learner's change is saved: a counter that fails is logged, not shown.
		if cerr := s.Store.AddCounts(ctx, counts); cerr != nil {
			s.logger.Error("adding friction counts", "err", cerr)
		}
	}
	return err
}

// UpdateTraining implements store.Trainings.
func (s liveStore) UpdateTraining(ctx context.Context, id string, fn func(*store.Training) error) error {
	err := s.Store.UpdateTraining(ctx, id, fn)
	if err == nil {
		s.hub.publish(id, "")
	}
	return err
}

// Rotate implements store.Store: a dashboard that read the learner's old
// id while it changed reads the row again.
func (s liveStore) Rotate(ctx context.Context, old, newID string) error {
	if err := s.Store.Rotate(ctx, old, newID); err != nil {
		return err
	}
	got, err := s.Store.Peek(ctx, []string{newID})
	if sess := got[newID]; err == nil && sess != nil && sess.Training != "" {
		s.hub.publish(sess.Training, sess.Learner)
	}
	return nil
}
