package storetest

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/repetition-demarches/repetition/server/engine"
)

var timeType = reflect.TypeFor[time.Time]()

// FullAttempt is an attempt with every field set, down to nested maps,
// slices and pointers, and times in loc: a store that drops or changes a
// field, even one added to engine.Attempt later, fails Diff. A field of a
// kind it does not know how to fill stops the test, so that the filler is
// extended rather than the field skipped.
func FullAttempt(t testing.TB, loc *time.Location) *engine.Attempt {
	t.Helper()
	a := &engine.Attempt{}
	n := 0
	fill(t, reflect.ValueOf(a).Elem(), loc, &n, "Attempt")
	return a
}

func fill(t testing.TB, v reflect.Value, loc *time.Location, n *int, path string) {
	t.Helper()
	*n++
	if v.Type() == timeType {
		// A November time (UTC+1 in Paris) and a July one (UTC+2), with
		// nanoseconds.
		month := time.November - time.Month(4*(*n%2))
		v.Set(reflect.ValueOf(time.Date(2026, month, 1+*n%27, 9, *n%60, 7, 123456789+*n, loc)))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(fmt.Sprintf("%s-%d", path, *n))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int64, reflect.Int32:
		v.SetInt(int64(*n))
	case reflect.Uint8, reflect.Uint, reflect.Uint32, reflect.Uint64:
		v.SetUint(uint64(*n % 256))
	case reflect.Float64:
		v.SetFloat(float64(*n) + 0.5)
	case reflect.Array:
		for i := range v.Len() {
			fill(t, v.Index(i), loc, n, fmt.Sprintf("%s[%d]", path, i))
		}
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if !f.IsExported() {
				t.Fatalf("storetest: %s.%s is unexported: a store cannot save it", path, f.Name)
			}
			fill(t, v.Field(i), loc, n, path+"."+f.Name)
		}
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(t, v.Elem(), loc, n, path)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			fill(t, v.Index(i), loc, n, fmt.Sprintf("%s[%d]", path, i))
		}
	case reflect.Map:
		if v.Type().Key().Kind() != reflect.String {
			t.Fatalf("storetest: cannot fill %s (%s): extend FullAttempt", path, v.Type())
		}
		v.Set(reflect.MakeMap(v.Type()))
		if v.Type().Elem().Kind() == reflect.Interface {
			// Values the engine puts in an issue's arguments.
			for i, x := range []any{42, "Paris", 2.5, true} {
				v.SetMapIndex(reflect.ValueOf(fmt.Sprintf("k%d", i)), reflect.ValueOf(x))
			}
			return
		}
		for i := range 2 {
			e := reflect.New(v.Type().Elem()).Elem()
			fill(t, e, loc, n, fmt.Sprintf("%s[%d]", path, i))
			v.SetMapIndex(reflect.ValueOf(fmt.Sprintf("%s-key%d", path, i)), e)
		}
	default:
		t.Fatalf("storetest: cannot fill %s (%s): extend FullAttempt", path, v.Type())
	}
}

// Diff describes the first difference between want and got, or is "".
// Times must be the same instant in the same named zone.
func Diff(want, got any) string {
	return diff(reflect.ValueOf(want), reflect.ValueOf(got), "")
}

func diff(w, g reflect.Value, path string) string {
	if w.IsValid() != g.IsValid() {
		return fmt.Sprintf("%s: want %v, got %v", path, w, g)
	}
	if !w.IsValid() {
		return ""
	}
	if w.Type() != g.Type() {
		return fmt.Sprintf("%s: want type %s, got %s", path, w.Type(), g.Type())
	}
	if w.Type() == timeType {
		wt, gt := w.Interface().(time.Time), g.Interface().(time.Time)
		if !wt.Equal(gt) || wt.Location().String() != gt.Location().String() || wt.IsZero() != gt.IsZero() {
			return fmt.Sprintf("%s: want %s, got %s", path, wt, gt)
		}
		return ""
	}
	switch w.Kind() {
	case reflect.Struct:
		for i := range w.NumField() {
			if d := diff(w.Field(i), g.Field(i), path+"."+w.Type().Field(i).Name); d != "" {
				return d
			}
		}
		return ""
	case reflect.Pointer, reflect.Interface:
		if w.IsNil() || g.IsNil() {
			if w.IsNil() != g.IsNil() {
				return fmt.Sprintf("%s: want %v, got %v", path, w, g)
			}
			return ""
		}
		return diff(w.Elem(), g.Elem(), path)
	case reflect.Slice:
		if w.Len() != g.Len() || w.IsNil() != g.IsNil() {
			return fmt.Sprintf("%s: want %d elements, got %d", path, w.Len(), g.Len())
		}
		for i := range w.Len() {
			if d := diff(w.Index(i), g.Index(i), fmt.Sprintf("%s[%d]", path, i)); d != "" {
				return d
			}
		}
		return ""
	case reflect.Map:
		if w.Len() != g.Len() || w.IsNil() != g.IsNil() {
			return fmt.Sprintf("%s: want %d entries, got %d", path, w.Len(), g.Len())
		}
		for _, k := range w.MapKeys() {
			if d := diff(w.MapIndex(k), g.MapIndex(k), fmt.Sprintf("%s[%v]", path, k)); d != "" {
				return d
			}
		}
		return ""
	}
	if !reflect.DeepEqual(w.Interface(), g.Interface()) {
		return fmt.Sprintf("%s: want %#v, got %#v", path, w.Interface(), g.Interface())
	}
	return ""
}
