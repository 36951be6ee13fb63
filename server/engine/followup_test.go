package engine_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/repetition-demarches/repetition/server/engine"
	"github.com/repetition-demarches/repetition/server/procedure"
)

const followProc = `values:
  total: sum(salaires)
steps:
  - id: s
    title: S
    fields:
      - {id: salaires, type: money, label: Salaires, repeat: {count: 2, label: "Mois ${ i + 1 }"}}
follow_up:
  day: 1m
  events:
    - {id: recu, status: received, after: 0, message: "Reçu : ${ euros(total) }."}
    - id: piece
      status: document_requested
      after: 2
      message: Envoyez un bulletin.
      request: {label: Bulletin de salaire, accept: [pdf, jpg], max_size: 2}
    - {id: fin, status: accepted, label: Accordé, after: 5}
    - {id: indu, after: 10, when: total < profil.total, title: Notification d'indu, message: "Trop-perçu : ${ euros(profil.total - total) }."}
  missed: {after: 3, title: Déclaration non reçue, message: Versement suspendu.}
profiles:
  - {id: kevin, name: Kévin, story: Deux salaires., answers: {salaires: [1000, 500]}}
`

// clock is an engine clock that tests move by hand.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func followEngine() (*engine.Engine, *clock) {
	c := &clock{t: time.Date(2026, 11, 22, 10, 30, 0, 0, time.UTC)}
	return &engine.Engine{Now: c.now, Random: strings.NewReader(strings.Repeat("7", 1000))}, c
}

// submitted starts kevin's attempt with these salaries and submits it.
func submitted(t *testing.T, e *engine.Engine, p *procedure.Procedure, salaries ...string) *engine.Attempt {
	t.Helper()
	a := e.Start(p, "kevin")
	if issues, _ := e.Post(p, a, p.Steps[0], map[string]string{"salaires.1": salaries[0], "salaires.2": salaries[1]}); len(issues) > 0 {
		t.Fatal(issues)
	}
	if err := e.Submit(p, a); err != nil {
		t.Fatal(err)
	}
	return a
}

func dossier(t *testing.T, e *engine.Engine, p *procedure.Procedure, a *engine.Attempt) *engine.Dossier {
	t.Helper()
	d, err := e.Dossier(p, a)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestDossierTimeline reads the dossier at moments of the compressed
// clock (one simulated day = one minute): before and after each event,
// the request blocking what follows until it is answered.
func TestDossierTimeline(t *testing.T) {
	p := parseProc(t, followProc)
	e, c := followEngine()
	a := submitted(t, e, p, "1000", "500")
	start := c.t
	tests := []struct {
		at      time.Duration
		answer  string // uploaded before reading, when set
		status  string
		ids     string
		pending bool
		next    time.Duration // from start; -1 for nothing to come
	}{
		{at: 0, status: "received", ids: "recu", next: 2 * time.Minute},
		{at: 119 * time.Second, status: "received", ids: "recu", next: 2 * time.Minute},
		{at: 2 * time.Minute, status: "document_requested", ids: "recu,piece", pending: true, next: -1},
		{at: 30 * time.Minute, status: "document_requested", ids: "recu,piece", pending: true, next: -1},
		// Answered at 30 min: the accord comes 3 days (minutes) later.
		{at: 30 * time.Minute, answer: "bulletin.pdf|1000", status: "document_requested", ids: "recu,piece", next: 33 * time.Minute},
		{at: 33 * time.Minute, status: "accepted", ids: "recu,piece,fin", next: -1},
		{at: 300 * time.Minute, status: "accepted", ids: "recu,piece,fin", next: -1},
	}
	for _, tt := range tests {
		c.t = start.Add(tt.at)
		if tt.answer != "" {
			if key, err := e.Answer(p, a, tt.answer); key != "" || err != nil {
				t.Fatalf("Answer(%s) = %q, %v", tt.answer, key, err)
			}
		}
		d := dossier(t, e, p, a)
		next := time.Duration(-1)
		if !d.Next.IsZero() {
			next = d.Next.Sub(start)
		}
		got := strings.Join(d.IDs(), ",")
		if d.Status != tt.status || got != tt.ids || (d.Pending != nil) != tt.pending || next != tt.next {
			t.Errorf("at %v: status %q, events %s, pending %v, next %v; want %q, %s, %v, %v", tt.at, d.Status, got, d.Pending != nil, next, tt.status, tt.ids, tt.pending, tt.next)
		}
	}
	d := dossier(t, e, p, a)
	if d.Label != "Accordé" || d.Events[0].Message != "Reçu : "+procedure.FormatEuros(1500)+"." || d.Events[1].Reply != "bulletin.pdf|1000" || d.Events[1].Request != "Bulletin de salaire" {
		t.Errorf("dossier = %+v", d)
	}
}

// TestAdvance: "Avancer le temps" jumps to each next event, not past a
// waiting request, and does nothing at the end.
func TestAdvance(t *testing.T) {
	p := parseProc(t, followProc)
	e, _ := followEngine()
	a := submitted(t, e, p, "1000", "500")
	steps := []struct {
		advanced bool
		status   string
	}{
		{true, "document_requested"},
		{false, "document_requested"}, // the request waits
	}
	for i, s := range steps {
		ok, err := e.Advance(p, a)
		if d := dossier(t, e, p, a); ok != s.advanced || err != nil || d.Status != s.status {
			t.Errorf("advance %d = %v, %v, status %q; want %v, %q", i, ok, err, d.Status, s.advanced, s.status)
		}
	}
	if _, err := e.Answer(p, a, "bulletin.jpg|2000"); err != nil {
		t.Fatal(err)
	}
	if ok, _ := e.Advance(p, a); !ok || dossier(t, e, p, a).Status != "accepted" {
		t.Errorf("after the answer, advance should reach the accord")
	}
	if ok, _ := e.Advance(p, a); ok {
		t.Errorf("nothing is to come, advance should do nothing")
	}
	if a.Follow.Ahead != 5*time.Minute {
		t.Errorf("jumped %v ahead, want 5m (the accord, 3 days after an answer sent at day 2)", a.Follow.Ahead)
	}
}

func TestAnswerRefused(t *testing.T) {
	p := parseProc(t, followProc)
	e, _ := followEngine()
	a := submitted(t, e, p, "1000", "500")
	if _, err := e.Answer(p, a, "a.pdf|10"); !errors.Is(err, engine.ErrNothingRequested) {
		t.Errorf("answer before the request = %v, want ErrNothingRequested", err)
	}
	if _, err := e.Advance(p, a); err != nil {
		t.Fatal(err)
	}
	// In this order: the accepted file, last, answers the request.
	for _, tc := range []struct{ file, want string }{
		{"", "required"}, {"photo.gif|10", "file_type"}, {"scan.pdf|3000000", "file_size"}, {"scan.PDF|1000", ""},
	} {
		if key, err := e.Answer(p, a, tc.file); key != tc.want || err != nil {
			t.Errorf("Answer(%q) = %q, %v; want %q", tc.file, key, err, tc.want)
		}
	}
	if n := len(a.Follow.Replies); n != 1 {
		t.Errorf("%d replies kept, want only the accepted one", n)
	}
}

// TestConsequences: a salary of the profile left out leads to an
// overpayment letter; a draft never submitted, after its deadline, to a
// suspension.
func TestConsequences(t *testing.T) {
	p := parseProc(t, followProc)
	e, c := followEngine()
	a := submitted(t, e, p, "1000", "0")
	d, err := e.RunFollowUp(p, a)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(d.IDs(), ","); got != "recu,piece,fin,indu" || d.Events[3].Message != "Trop-perçu : "+procedure.FormatEuros(500)+"." || d.Status != "accepted" {
		t.Errorf("forgotten salary: events %s, status %q, letter %q", got, d.Status, d.Events[3].Message)
	}
	full := submitted(t, e, p, "1000", "500")
	if d, _ := e.RunFollowUp(p, full); strings.Join(d.IDs(), ",") != "recu,piece,fin" {
		t.Errorf("everything declared: events %v, want no letter", d.IDs())
	}

	draft := e.Start(p, "kevin")
	start := c.t
	for _, tt := range []struct {
		at     time.Duration
		missed bool
	}{{0, false}, {179 * time.Second, false}, {3 * time.Minute, true}} {
		c.t = start.Add(tt.at)
		if d := dossier(t, e, p, draft); (d.Missed != nil) != tt.missed || d.Status != "" {
			t.Errorf("draft at %v: missed %v, want %v", tt.at, d.Missed != nil, tt.missed)
		}
	}
	c.t = start
	if ok, _ := e.Advance(p, draft); !ok || dossier(t, e, p, draft).Missed.Title != "Déclaration non reçue" {
		t.Errorf("advancing a draft should reach its deadline")
	}
}

func TestUnread(t *testing.T) {
	p := parseProc(t, followProc)
	e, _ := followEngine()
	a := submitted(t, e, p, "1000", "500")
	d := dossier(t, e, p, a)
	if d.Unread != 1 {
		t.Fatalf("unread = %d, want 1", d.Unread)
	}
	a.MarkRead(d)
	_, _ = e.Advance(p, a)
	if d := dossier(t, e, p, a); d.Unread != 1 {
		t.Errorf("after reading then a new message, unread = %d, want 1", d.Unread)
	}
}

func TestAttemptCloneFollowUp(t *testing.T) {
	a := &engine.Attempt{Follow: &engine.FollowState{Ahead: time.Minute, Replies: []engine.Reply{{Event: "piece", File: "a.pdf|1"}}, Read: 1}}
	c := a.Clone()
	if !reflect.DeepEqual(a, c) {
		t.Fatalf("clone differs")
	}
	c.Follow.Ahead, c.Follow.Read = time.Hour, 3
	c.Follow.Replies[0].File = "b.pdf|2"
	if a.Follow.Ahead != time.Minute || a.Follow.Read != 1 || a.Follow.Replies[0].File != "a.pdf|1" {
		t.Errorf("changing the clone changed the original: %+v", a.Follow)
	}
}
