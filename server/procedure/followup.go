package procedure

import (
	"time"

	"gopkg.in/yaml.v3"
)

// FollowUp is the simulated life of a dossier after the fake submission:
// statuses that move on compressed time, messages from the instructing
// service, a request for a missing document, and what happens to a draft
// never submitted.
type FollowUp struct {
	Pos Pos
	// Day is how long one simulated day lasts for the learner (1m by default).
	Day Duration `yaml:"day"`
	// RealDays is how long the real instruction usually takes, [from, to]
	// in days, for the guide's explanation.
	RealDays []int    `yaml:"real_days"`
	Events   []*Event `yaml:"events,required"`
	Missed   *Missed  `yaml:"missed"`
}

// DayLength is the length of a simulated day, one minute by default.
func (f *FollowUp) DayLength() time.Duration {
	if f == nil || f.Day.Duration <= 0 {
		return time.Minute
	}
	return f.Day.Duration
}

// Event is one moment of the follow-up: a new status, a message, a letter.
type Event struct {
	Pos Pos
	ID  string `yaml:"id,required"`
	// Status is one of Statuses(); without it the event is a message or a
	// letter that leaves the status as it was.
	Status string `yaml:"status"`
	// Label replaces the status's usual wording ("Titre en production").
	Label   string   `yaml:"label"`
	After   int      `yaml:"after,required"`
	When    *Expr    `yaml:"when"`
	Title   Text     `yaml:"title"`
	Message Text     `yaml:"message"`
	Request *Request `yaml:"request"`
}

// Request asks the learner for a document, answered by an upload; the
// events after it wait for the answer.
type Request struct {
	Pos     Pos
	Label   Text     `yaml:"label,required"`
	Accept  []string `yaml:"accept,required"`
	MaxSize float64  `yaml:"max_size,required"`
}

// Missed is what a draft never submitted leads to, after its deadline.
type Missed struct {
	Pos     Pos
	After   int  `yaml:"after,required"`
	Title   Text `yaml:"title,required"`
	Message Text `yaml:"message,required"`
}

// Follow-up statuses, in the order a dossier usually meets them.
const (
	StatusReceived          = "received"
	StatusProcessing        = "processing"
	StatusDocumentRequested = "document_requested"
	StatusAccepted          = "accepted"
	StatusRefused           = "refused"
	StatusClosed            = "closed"
)

// Statuses lists the follow-up statuses.
func Statuses() []string {
	return []string{StatusReceived, StatusProcessing, StatusDocumentRequested, StatusAccepted, StatusRefused, StatusClosed}
}

// EventMissed is the id under which scenarios expect the missed deadline of a draft.
const EventMissed = "missed"

// ProfileName is the name under which follow-up expressions read the
// chosen profile's answers and computed values (profil.total_vous).
const ProfileName = "profil"

// FileFormats lists the formats accept may name.
func FileFormats() []string {
	return []string{"pdf", "jpg", "png", "bmp", "tif", "tiff", "gif", "heic", "doc", "docx", "odt"}
}

// Duration is a length of time written as Go writes it: 1m, 30s, 2h.
type Duration struct {
	time.Duration
}

func (du *Duration) decodeYAML(d *decoder, n *yaml.Node) {
	s, ok := d.scalar(n)
	if !ok || s == "" {
		return
	}
	v, err := time.ParseDuration(s)
	if err != nil || v <= 0 || v > 24*time.Hour {
		d.nodeErrorf(n, "decode.want_duration", "Found", q(s))
		return
	}
	du.Duration = v
}
