package web

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/repetition-demarches/repetition/server/store"
)

// Timings of the dashboard's stream (Server-Sent Events).
const (
	// streamLifetime ends a stream, which the browser opens again at once:
	// no connection stays open for ever.
	streamLifetime = 10 * time.Minute
	// streamWriteTimeout is how long one write may wait on a slow reader.
	streamWriteTimeout = 10 * time.Second
)

// dashboardStream sends the dashboard's changes as they happen: a
// "learner" event with the new row of a learner who moved, a "rows" event
// with every row when learners join, and every StreamRefresh, so that the
// minutes on a step and the "bloqué" flags move on; that redraw doubles as
// the heartbeat that finds a dashboard gone away.
func (s *server) dashboardStream(c *fiber.Ctx) error {
	tr, err := s.training(c)
	if err != nil {
		return err
	}
	page := s.newPage(c, nil)
	conn := c.Context().Conn()
	// Closed when the server shuts down: open streams end, so that
	// shutting down does not wait for the dashboards to go.
	shutdown := c.Context().Done()
	c.Set(fiber.HeaderContentType, "text/event-stream")
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set("X-Accel-Buffering", "no")
	c.Set("Referrer-Policy", "no-referrer")
	id := tr.ID
	l := s.hub.subscribe(id)
	c.Context().SetBodyStreamWriter(func(w *bufio.Writer) {
		defer s.hub.unsubscribe(id, l)
		ctx := context.Background()
		refresh := time.NewTicker(s.StreamRefresh)
		defer refresh.Stop()
		end := time.NewTimer(streamLifetime)
		defer end.Stop()
		send := func(event string, data []byte) bool {
			_ = conn.SetWriteDeadline(time.Now().Add(streamWriteTimeout))
			fmt.Fprintf(w, "event: %s\n", event)
			for line := range bytes.SplitSeq(data, []byte("\n")) {
				fmt.Fprintf(w, "data: %s\n", line)
			}
			w.WriteString("\n")
			return w.Flush() == nil
		}
		all := func() bool {
			body, err := s.renderRows(ctx, page, id, "")
			if err != nil {
				return false
			}
			return send("rows", body)
		}
		w.WriteString("retry: 1000\n")
		if !all() {
			return
		}
		for {
			select {
			case learner := <-l.changed:
				if learner == "" || l.takeOverrun() {
					if !all() {
						return
					}
					continue
				}
				body, err := s.renderRows(ctx, page, id, learner)
				if err != nil || !send("learner", body) {
					return
				}
			case <-refresh.C:
				if !all() {
					return
				}
			case <-end.C:
				return
			case <-shutdown:
				return
			}
		}
	})
	return nil
}

// renderRows draws the rows of the dashboard (or of one learner) as the
// dashboard's page draws them.
func (s *server) renderRows(ctx context.Context, page *Page, training, learner string) ([]byte, error) {
	tr, err := s.Store.Training(ctx, training)
	if err != nil {
		return nil, err
	}
	rows, err := s.learnerRows(ctx, page, tr, learner)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	tmpl := s.a().themes.engines[baseTheme].Templates.Lookup("partials/learner-rows")
	if tmpl == nil {
		return nil, fmt.Errorf("partials/learner-rows.html is missing")
	}
	err = tmpl.Execute(&buf, &dashboardPage{Page: page, Training: tr, Rows: rows})
	return bytes.TrimSpace(buf.Bytes()), err
}

// trainingOf returns the training a learner's session belongs to, if any.
func (s *server) trainingOf(ctx context.Context, sess *store.Session) *store.Training {
	if sess == nil || sess.Training == "" {
		return nil
	}
	tr, err := s.Store.Training(ctx, sess.Training)
	if err != nil {
		return nil
	}
	return tr
}

// streamPath tells the compression middleware to leave streams alone.
func streamPath(c *fiber.Ctx) bool { return strings.HasSuffix(c.Path(), "/flux") }
