package sqlstore

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
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
		if a != nil {
			restore(reflect.ValueOf(a).Elem(), loc)
		}
	}
	return as, nil
}

// restore walks a decoded value and puts back what JSON lost: every time
// in the clock's zone, and whole numbers held in interfaces as ints. It
// walks by reflection, so that a field added to the engine's types needs
// nothing here.
func restore(v reflect.Value, loc *time.Location) {
	switch v.Kind() {
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			if v.CanSet() {
				t := v.Interface().(time.Time)
				inZone(&t, loc)
				v.Set(reflect.ValueOf(t))
			}
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				restore(v.Field(i), loc)
			}
		}
	case reflect.Pointer:
		if !v.IsNil() {
			restore(v.Elem(), loc)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			restore(v.Index(i), loc)
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			e := v.MapIndex(k)
			if e.Kind() == reflect.Interface && !e.IsNil() {
				v.SetMapIndex(k, reflect.ValueOf(number(e.Elem().Interface())))
				continue
			}
			c := reflect.New(e.Type()).Elem() // map values cannot be set in place
			c.Set(e)
			restore(c, loc)
			v.SetMapIndex(k, c)
		}
	}
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
