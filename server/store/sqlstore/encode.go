package sqlstore

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"time"

	"github.com/repetition-demarches/repetition/server/engine"
)

// The attempts of a session are kept as one JSON document: readable with
// the sqlite3 shell, and the engine's types need no database tags. JSON
// loses two things, put back by decodeAttempts: a time's zone (only the
// offset is kept) and the type of numbers inside an issue's Args.
// TestAttemptRoundTrip fails when a field added to engine.Attempt does
// not come back whole.

func encodeAttempts(as map[string]*engine.Attempt) ([]byte, error) {
	return json.Marshal(as)
}

func decodeAttempts(data []byte, loc *time.Location) (map[string]*engine.Attempt, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	as := map[string]*engine.Attempt{}
	if err := dec.Decode(&as); err != nil {
		return nil, fmt.Errorf("sqlstore: reading attempts: %w", err)
	}
	for _, a := range as {
		if a == nil {
			continue
		}
		inZone(&a.Started, loc)
		inZone(&a.LastActive, loc)
		inZone(&a.Since, loc)
		if a.Receipt != nil {
			inZone(&a.Receipt.Submitted, loc)
		}
		for _, st := range a.Steps {
			for _, is := range st.Issues {
				for k, v := range is.Args {
					is.Args[k] = number(v)
				}
			}
		}
	}
	return as, nil
}

// inZone shows t in the clock's zone (Europe/Paris in the server), as it
// was before it was saved; the zero time stays zero.
func inZone(t *time.Time, loc *time.Location) {
	if !t.IsZero() {
		*t = t.In(loc)
	}
}

// number turns a JSON number back into an int when it is whole, as the
// engine's issue arguments are, and into a float64 otherwise.
func number(v any) any {
	n, ok := v.(json.Number)
	if !ok {
		return v
	}
	if i, err := n.Int64(); err == nil && i >= math.MinInt && i <= math.MaxInt {
		return int(i)
	}
	f, _ := n.Float64()
	return f
}
