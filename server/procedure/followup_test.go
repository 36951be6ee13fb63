package procedure_test

import (
	"strings"
	"testing"

	"github.com/repetition-demarches/repetition/server/procedure"
)

// withFollowUp adds a follow_up (written at line 31, before the profiles)
// to the minimal procedure; its first event is at line 33.
func withFollowUp(t *testing.T, followUp string) string {
	return edit(t, "profiles:\n", "follow_up:\n"+followUp+"profiles:\n")
}

func TestParseFollowUp(t *testing.T) {
	doc := withFollowUp(t, `  day: 30s
  real_days: [7, 30]
  events:
    - {id: recu, status: received, after: 0, message: "Dossier de ${ nom } reçu."}
    - id: piece
      status: document_requested
      after: 2
      when: sum(mois) < profil.age
      request: {label: Un justificatif, accept: [pdf, jpg], max_size: 2}
    - {id: fin, status: accepted, label: Accordé, after: 5}
  missed: {after: 10, title: Non reçue, message: Versement suspendu.}
`)
	p, problems := procedure.Parse("essai.yaml", []byte(doc))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	f := p.FollowUp
	if f.DayLength().Seconds() != 30 || len(f.Events) != 3 || f.Events[1].Request.MaxSize != 2 || f.Missed.After != 10 || f.Events[2].Label != "Accordé" {
		t.Errorf("follow_up = %+v", f)
	}
	if (*procedure.FollowUp)(nil).DayLength().Minutes() != 1 {
		t.Error("a simulated day lasts one minute by default")
	}
}

func TestParseFollowUpProblems(t *testing.T) {
	const f = "essai.yaml:"
	tests := []struct {
		name     string
		followUp string
		scenario string // replaces the scenario's "reaches: receipt"
		want     []want
	}{
		{
			name:     "unknown status, with a suggestion",
			followUp: "  events:\n    - {id: recu, status: recieved, after: 0}\n",
			want:     []want{{f + "33:7", `unknown status "recieved" (did you mean "received"?)`}},
		},
		{
			name:     "after is not a number",
			followUp: "  events:\n    - {id: recu, status: received, after: deux}\n",
			want:     []want{{f + "33:43", `expected a whole number, found "deux"`}},
		},
		{
			name:     "events out of time order",
			followUp: "  events:\n    - {id: a, status: received, after: 3}\n    - {id: b, status: closed, after: 1}\n",
			want:     []want{{f + "34:7", `comes after 1 days, before the event above it (3 days)`}},
		},
		{
			name:     "a when that does not compile",
			followUp: "  events:\n    - {id: a, status: received, after: 0, when: total > 3}\n",
			want:     []want{{f + "33:49", `unknown name "total"`}},
		},
		{
			name:     "a when reading an unknown profile value",
			followUp: "  events:\n    - {id: a, status: received, after: 0, when: sum(mois) < profil.salaire}\n",
			want:     []want{{f + "33:49", `unknown name "salaire" in "profil.salaire"`}},
		},
		{
			name:     "a message needs a title without status",
			followUp: "  events:\n    - {id: a, after: 0, message: Bonjour.}\n",
			want:     []want{{f + "33:7", `needs a status, or a title`}},
		},
		{
			name:     "a request goes with document_requested",
			followUp: "  events:\n    - {id: a, status: processing, after: 0, request: {label: Pièce, accept: [pdf], max_size: 2}}\n",
			want:     []want{{f + "33:7", `a document_requested status goes with a request`}},
		},
		{
			name:     "a request with an unknown format",
			followUp: "  events:\n    - {id: a, status: document_requested, after: 0, request: {label: Pièce, accept: [pfd], max_size: 2}}\n",
			want:     []want{{f + "33:62", `unknown file format "pfd" in accept (did you mean "pdf"?)`}},
		},
		{
			name:     "a bad day length",
			followUp: "  day: une minute\n  events:\n    - {id: a, status: received, after: 0}\n",
			want:     []want{{f + "32:8", `expected a duration between 1s and 24h`}},
		},
		{
			name:     "a reserved event id",
			followUp: "  events:\n    - {id: missed, status: received, after: 0}\n",
			want:     []want{{f + "33:7", `duplicate or reserved event id "missed"`}},
		},
		{
			name:     "a scenario expecting an unknown status and event",
			followUp: "  events:\n    - {id: recu, status: received, after: 0}\n",
			scenario: "reaches: receipt\n      status: acepted\n      events: [recu, reçu]",
			want: []want{
				{f + "46:7", `unknown status "acepted" (did you mean "accepted"?)`},
				{f + "46:7", `unknown event "reçu" (did you mean "recu"?)`},
			},
		},
		{
			name:     "a scenario expecting missed without a missed deadline",
			followUp: "  events:\n    - {id: recu, status: received, after: 0}\n",
			scenario: "reaches: review\n      events: [missed]",
			want:     []want{{f + "46:7", `event missed needs follow_up.missed`}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := withFollowUp(t, tt.followUp)
			if tt.scenario != "" {
				doc = replaceOnce(t, doc, "reaches: receipt", tt.scenario)
			}
			_, problems := procedure.Parse("essai.yaml", []byte(doc))
			checkProblems(t, problems, tt.want)
		})
	}
}

func TestParseExpectFollowUpWithoutFollowUp(t *testing.T) {
	doc := edit(t, "reaches: receipt", "reaches: receipt\n      status: accepted")
	_, problems := procedure.Parse("essai.yaml", []byte(doc))
	checkProblems(t, problems, []want{{"essai.yaml:43:7", "the procedure has no follow_up"}})
}

func replaceOnce(t *testing.T, doc, old, new string) string {
	t.Helper()
	if strings.Count(doc, old) != 1 {
		t.Fatalf("%q does not occur once", old)
	}
	return strings.Replace(doc, old, new, 1)
}
